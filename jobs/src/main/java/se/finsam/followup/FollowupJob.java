package se.finsam.followup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import se.finsam.disclosure.CheckedOutputs;
import se.finsam.disclosure.DisclosureSettings;
import se.finsam.disclosure.OutputChecker;
import se.finsam.disclosure.RunLedger;
import se.finsam.disclosure.TableDraft;
import se.finsam.followup.FollowupTables.Compared;
import se.finsam.followup.FollowupTables.Comparison;
import se.finsam.followup.FollowupTables.Group;
import se.finsam.followup.FollowupTables.Measure;
import se.finsam.jobs.Job;
import se.finsam.jobs.JobContext;
import se.finsam.jobs.JobOption;
import se.finsam.jobs.JobRunner;
import se.finsam.report.HtmlReport;
import se.finsam.report.ReportFolder;
import se.finsam.report.ReportTable;
import se.finsam.schemas.Contracts;
import se.finsam.schemas.TableContract;
import se.finsam.warehouse.Fingerprint;
import se.finsam.warehouse.Zone;

/**
 * {@code ./finsam followup --year YYYY}: Försäkringskassan's annual follow-up of the samordningsförbund (seeds
 * 003 and 004) from the curated zone: {@code reports/<run>/followup.html} with one CSV per table, every table
 * through the output checker, and the tables' numbers before suppression in {@code results/followup/tabeller}
 * keyed by run id and year.
 */
public final class FollowupJob implements Job {
  /** The design's name in the run's report folder and disclosure ledger. */
  public static final String DESIGN = "sus-followup";
  /** The design's checked-outputs file in reports/<run>/ (seed 002's report owns checked_outputs.csv). */
  static final String CHECKED_OUTPUTS = "followup_checked_outputs.csv";
  static final String RESULTS = "followup/tabeller";
  static final StructType RESULTS_SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType).add("ar", DataTypes.IntegerType).add("tabell", DataTypes.StringType)
      .add("rad", DataTypes.StringType).add("kolumn", DataTypes.StringType).add("typ", DataTypes.StringType)
      .add("varde", DataTypes.DoubleType).add("personer", DataTypes.LongType).add("visas", DataTypes.StringType)
      .add("skapad", DataTypes.TimestampType);
  private static final List<TableContract> INPUTS = List.of(Contracts.SUS_DELTAGANDE, Contracts.MIDAS_ERSATTNING,
      Contracts.SCB_BAKGRUND_AR, Contracts.SCB_INKOMST_AR);

  /** Seed 003 Bilaga 3's eight levels; a participation without the field is "Saknas/okänd" as the code SAKNAS. */
  static final Map<String, String> UTBILDNING = labels("FORGYMNASIAL", "Grundskola", "GYMNASIAL", "Gymnasium",
      "HOGSKOLA_UPP_TILL_1_AR", "Högskola/universitet upp till 1 år", "HOGSKOLA_UPP_TILL_3_AR",
      "Högskola/universitet upp till 3 år", "HOGSKOLA_MER_AN_3_AR", "Högskola/universitet mer än 3 år",
      "FORSKARUTBILDNING", "Forskarutbildning", "ANNAN_EFTERGYMNASIAL", "Annan eftergymnasial utbildning",
      Tally.SAKNAS, "Saknas/okänd");
  static final Map<String, String> FORSORJNING = labels(Tally.SAKNAS, "Uppgift saknas", "SJP_REHAB",
      "Sjukpenning/Rehabpenning", "AE", "Aktivitetsersättning", "SE", "Sjukersättning", "AKASSA", "A-kassa",
      "AKTIVITETSSTOD", "Aktivitetsstöd", "FORSORJNINGSSTOD", "Försörjningsstöd", "STUDIESTOD", "Studiestöd/Studiemedel",
      "ANNAN_OFFENTLIG", "Annan offentlig försörjning", "INGEN", "Ingen offentlig försörjning");
  static final Map<String, String> INRIKTNING = labels("ANNAN", "Annan inriktning", "FORBEREDANDE", "Förberedande insats",
      "FOREBYGGANDE", "Förebyggande insats", "KARTLAGGNING", "Kartläggning av individer", "REHAB_ARBETE_UTBILDNING",
      "Rehabilitering mot arbete/utbildning");
  static final String WORKS_OR_STUDIES = "ARBETAR_ELLER_STUDERAR";
  static final Map<String, String> SYSSELSATTNING = labels(WORKS_OR_STUDIES, "Arbetar eller studerar", "ARBETE", "Arbete",
      "STUDIER", "Studier", "ARBETE_OCH_STUDIER", "Arbete och studier", "INGEN", "Varken arbete eller studier",
      Tally.SAKNAS, "Uppgift saknas");
  static final Map<String, String> AVSLUTSORSAK = labels("ARBETE", "Arbete", "STUDIER", "Studier", "ARBETSSOKANDE",
      "Aktivt arbetssökande", "FORTSATT_REHABILITERING", "Fortsatt rehabilitering", "OHALSA", "Sjukdom", "FLYTT",
      "Flytt", "AVBROTT", "Avbrott", "PLANERAT_AVSLUT", "Planerat avslut", "ANNAN", "Annan anledning", Tally.SAKNAS, "Uppgift saknas");
  /** Seed 003 Diagram 3a/3b and note 21: work by its kind, and studies. */
  static final Map<String, String> ARBETSFORM = labels(Participations.WORKS, "Arbetar", "EJ_SUBVENTIONERAT",
      "varav ej subventionerat arbete", "SUBVENTIONERAT", "varav subventionerat arbete", "EGET_FORETAG", "varav eget företag",
      Participations.WORK_FORM_MISSING, "varav uppgift om arbetsform saknas", Participations.STUDIES, "Studerar");
  static final String OCCUPATION_TABLE = "followup_diagram_3";
  static final String WORK_FORM_TABLE = "followup_diagram_3_arbetsform";
  static final List<Measure> WORK_FORM_MEASURES = List.of(new Measure("arbetsform_fore", "Före"),
      new Measure("arbetsform_efter", "Efter"));
  static final List<Measure> OCCUPATION_MEASURES = List.of(new Measure("sysselsattning_fore", "Före"),
      new Measure("sysselsattning_efter", "Efter"));
  static final List<Group> AFTER_GROUPS = List.of(new Group("alla", "Samtliga"), new Group("kvinnor", "Kvinnor"),
      new Group("man", "Män"), new Group("unga", "Under 30 år"), new Group("aldre", "30 år och äldre"),
      new Group("unga_ae", "Unga med aktivitetsersättning"));

  @Override
  public String name() {
    return "followup";
  }

  @Override
  public String summary() {
    return "seeds 003/004: FK's annual follow-up of the förbund (SUS participants, results after the insats, FK days)";
  }

  @Override
  public List<JobOption> options() {
    return List.of(
        JobOption.of("year", "finsam.followup.year", "the report year"),
        JobOption.of("run-id", "finsam.run-id", "run id of the report and result rows (default: a new one)"),
        JobOption.of("warehouse", "finsam.warehouse", "warehouse root"),
        JobOption.of("min-persons", "finsam.disclosure.min-persons", "suppress cells of fewer persons (0 = none)"));
  }

  @Override
  public void validate(com.typesafe.config.Config config) {
    FollowupSettings.from(config);
  }

  @Override
  public void run(JobContext context) throws IOException {
    FollowupSettings s = FollowupSettings.from(context.config());
    Map<String, Dataset<Row>> curated = new LinkedHashMap<>();
    for (TableContract t : INPUTS) {
      String path = context.warehouse().table(Zone.CURATED, t.name());
      if (!context.warehouse().exists(path, context.spark().sparkContext().hadoopConfiguration())) {
        throw new IllegalStateException("the follow-up needs curated/" + t.name() + " (" + path
            + "), which does not exist: ingest its deliveries first");
      }
      Dataset<Row> table = context.spark().read().format("delta").load(path);
      // A curated table created before a column was added to the contract: the column is empty, as in its deliveries.
      for (String c : t.columnsMayBeAbsent()) {
        if (!java.util.Arrays.asList(table.columns()).contains(c)) {
          table = table.withColumn(c, lit(null).cast(t.column(c).type()));
        }
      }
      curated.put(t.name(), table);
    }
    Dataset<Row> sus = curated.get("sus_deltagande");
    // Read several times (counts, tallies): cached once.
    Dataset<Row> ofYear = Participations.ofYear(sus, s).cache();
    Dataset<Row> personal = Participations.withPersonalData(ofYear);
    Dataset<Row> ended = Participations.ended(personal, s).cache();
    context.metrics().read("sus_deltagande: deltaganden " + s.year(), ofYear.count());
    context.metrics().read("sus_deltagande: avslutade med personuppgifter " + s.year(), ended.count());
    Dataset<Row> fkPersons = FkDays.perPerson(sus, curated.get("midas_ersattning"), s).cache();
    context.metrics().read("personer som avslutade en insats " + (s.year() - 1), fkPersons.count());
    Dataset<Row> cohorts = IncomeDevelopment.cohorts(sus, curated.get("scb_bakgrund_ar"), s).cache();
    Map<Integer, Map<String, Long>> exclusions = IncomeDevelopment.exclusions(cohorts);
    exclusions.forEach((t, c) -> context.metrics().read("avslutade " + t + " (inkomstuppföljning)",
        c.values().stream().mapToLong(Long::longValue).sum()));
    Map<String, IncomeDevelopment.Cell> income = IncomeDevelopment.summarise(
        IncomeDevelopment.personYears(cohorts, curated.get("scb_inkomst_ar"), s));

    Map<String, FkDays.Cell> fk = FkDays.summarise(fkPersons);
    String resultsPath = context.warehouse().table(Zone.RESULTS, RESULTS);
    Optional<PreviousFollowup.FkDifferences> previous = PreviousFollowup.fkDifferences(
        context.warehouse().exists(resultsPath, context.spark().sparkContext().hadoopConfiguration())
            ? context.spark().read().format("delta").load(resultsPath) : null,
        context.runId(), s.year() - 1, FollowupTables.BENEFIT_COLUMNS);
    previous.ifPresent(p -> context.metrics().read("results/" + RESULTS + " " + p.year() + " (körning " + p.runId() + ")", 1));
    List<Section> sections = sections(s, registrations(ofYear), tallyParticipants(personal, s), tallyEnded(ended),
        fk, previous, exclusions, income);
    DisclosureSettings disclosure = DisclosureSettings.from(context.config());
    List<TableDraft> drafts = new ArrayList<>();
    sections.forEach(x -> drafts.addAll(x.tables()));
    Map<String, Double> values = new LinkedHashMap<>();
    drafts.forEach(d -> values.putAll(d.values()));
    List<se.finsam.disclosure.Line> candidates = new ArrayList<>(FollowupTables.acrossSexes(fk, income, s.incomeCohorts(),
        s.incomeAgeLabels()));
    candidates.addAll(FollowupTables.excludedFollowed(s.incomeCohorts()));
    candidates.addAll(workFormLines());
    // Lines across tables; one that fails because sex is unknown for some is completed with their rest, hidden
    // in the table of its total.
    Map<String, se.finsam.disclosure.Statistic> statistics = new LinkedHashMap<>();
    drafts.forEach(d -> statistics.putAll(d.statistics()));
    List<se.finsam.disclosure.Line> across = new ArrayList<>();
    for (se.finsam.disclosure.Line l : candidates) {
      if (!values.keySet().containsAll(l.keys())) {
        continue;
      }
      if (OutputChecker.holds(l, values)) {
        across.add(l);
      } else {
        String total = l.keys().get(l.keys().size() - 1);
        se.finsam.disclosure.LineRest.of(l, statistics).ifPresent(rest -> FollowupTables.hide(
            drafts.stream().filter(d -> d.values().containsKey(total)).findFirst().orElseThrow(), rest));
      }
    }
    CheckedOutputs checked = RunLedger.of(context, context.runId()).checkAndRecord(DESIGN,
        prior -> new OutputChecker(disclosure).check(drafts, across, prior));
    writeReport(context, s, disclosure, sections, checked);
    writeResults(context, s, drafts, checked);
    cohorts.unpersist();
    fkPersons.unpersist();
    ended.unpersist();
    ofYear.unpersist();
    // The files stay for inspection, but a report whose audit fails is a failed run.
    checked.requirePassed();
  }

  /** Participations by förbund and registration (the aggregates only). */
  static TreeMap<String, long[]> registrations(Dataset<Row> ofYear) {
    List<String> order = registrationOrder();
    TreeMap<String, long[]> counts = new TreeMap<>();
    for (Row r : ofYear.groupBy("forbund_id", "registrering").count().collectAsList()) {
      int j = order.indexOf(r.getString(1));
      if (j >= 0) {
        counts.computeIfAbsent(r.getString(0), k -> new long[order.size()])[j] += r.getLong(2);
      }
    }
    return counts;
  }

  private static List<String> registrationOrder() {
    return List.of(Participations.PERSONUPPGIFTER, "ANONYM", "VOLYM");
  }

  private static Map<String, Column> sexes() {
    Map<String, Column> groups = new LinkedHashMap<>();
    groups.put("kvinnor", col("kon").equalTo("K"));
    groups.put("man", col("kon").equalTo("M"));
    groups.put("alla", lit(true));
    return groups;
  }

  /** Bilaga 3 (seed 004 Bilaga 2): participations with personal data by sex and each background variable. */
  static Tally tallyParticipants(Dataset<Row> personal, FollowupSettings s) {
    Map<String, Column> measures = new LinkedHashMap<>();
    measures.put("alder", Tally.single("alder_grupp"));
    measures.put("utbildning", Tally.single("utbildning"));
    measures.put("tid_forsorjning", Tally.single("tid_forsorjning_grupp"));
    measures.put("forsorjning", Tally.multi("forsorjning_fore"));
    measures.put("inriktning", Tally.single("inriktning"));
    return Tally.of(personal, sexes(), measures, Map.of());
  }

  /** §4.2 and Bilaga 3's time in insats: participations ended in the year, by sex, age and AE before. */
  static Tally tallyEnded(Dataset<Row> ended) {
    Map<String, Column> groups = new LinkedHashMap<>(sexes());
    groups.put("unga", col("ung"));
    groups.put("aldre", not(col("ung")));
    groups.put("unga_ae", col("ung").and(Participations.aeBefore()));
    Map<String, Column> measures = new LinkedHashMap<>();
    measures.put("tid_i_insats", Tally.single("tid_i_insats"));
    for (String when : List.of("fore", "efter")) {
      Column code = col("sysselsattning_" + when);
      // Works or studies in any omfattning is also counted as its own (sub-total) category.
      measures.put("sysselsattning_" + when, org.apache.spark.sql.functions.when(
          code.isin("ARBETE", "STUDIER", "ARBETE_OCH_STUDIER"),
          org.apache.spark.sql.functions.array(code, lit(WORKS_OR_STUDIES))).otherwise(Tally.single("sysselsattning_" + when)));
      measures.put("forsorjning_" + when, Tally.multi("forsorjning_" + when));
      measures.put("arbetsform_" + when, Participations.workAndStudies(when));
    }
    measures.put("avslutsorsak", Tally.single("avslutsorsak"));
    Map<String, Column> means = new LinkedHashMap<>();
    for (String when : List.of("fore", "efter")) {
      means.put("omfattning_" + when, org.apache.spark.sql.functions.when(
          col("sysselsattning_" + when).isin("ARBETE", "STUDIER", "ARBETE_OCH_STUDIER"), col("sysselsattning_" + when + "_omfattning")));
    }
    return Tally.of(ended, groups, measures, means);
  }

  /**
   * The work-form table's Arbetar and Studerar against Diagram 3's categories: works = work only + work and studies,
   * studies = studies only + work and studies (per group, before and after).
   */
  static List<se.finsam.disclosure.Line> workFormLines() {
    List<se.finsam.disclosure.Line> lines = new ArrayList<>();
    for (int m = 0; m < WORK_FORM_MEASURES.size(); m++) {
      for (Group g : AFTER_GROUPS) {
        String occupation = FollowupTables.PREFIX + "/" + OCCUPATION_TABLE + "/" + OCCUPATION_MEASURES.get(m).name() + "/";
        String form = FollowupTables.PREFIX + "/" + WORK_FORM_TABLE + "/" + WORK_FORM_MEASURES.get(m).name() + "/";
        for (String part : List.of(Participations.WORKS, Participations.STUDIES)) {
          lines.add(se.finsam.disclosure.Line.sum(FollowupTables.PREFIX + "/" + WORK_FORM_TABLE,
              List.of(occupation + part + "/" + g.name(), occupation + "ARBETE_OCH_STUDIER/" + g.name()),
              form + part + "/" + g.name()));
        }
      }
    }
    return lines;
  }

  /** A section of the report before the output checker. */
  record Section(String anchor, String heading, String text, List<TableDraft> tables) {}

  /** Every table of the report, drafted, in the seeds' order. */
  static List<Section> sections(FollowupSettings s, TreeMap<String, long[]> registrations, Tally participants,
                                Tally ended, Map<String, FkDays.Cell> fk,
                                Optional<PreviousFollowup.FkDifferences> previous, Map<Integer, Map<String, Long>> exclusions,
                                Map<String, IncomeDevelopment.Cell> income) {
    int y = s.year();
    List<Section> sections = new ArrayList<>();
    sections.add(new Section("deltagare", "Deltagare i individinriktade insatser " + y,
        "Antal deltaganden (inte unika personer: en person i flera insatser räknas en gång per insats, seed 003 not 18). "
            + "Deltaganden med personuppgifter räknas när de pågått någon dag under året; anonyma och volymregistrerade "
            + "deltaganden räknas bara det år de startade, och kopplas aldrig till andra register (de saknar person-id).",
        List.of(FollowupTables.registrations("followup_bilaga_1", "Bilaga 1 Deltaganden per samordningsförbund och "
                + "registreringssätt " + y, "Källa: SUS (sus_deltagande.registrering). Förbunden anges med sitt id; namn, "
                + "län och medlemskommuner finns inte i registren. Samordningsförbundens ekonomi (tilldelade och förbrukade "
                + "medel, seed 003 tabell 9, seed 004 diagram 3) redovisas inte: den finns inte i registren.",
            registrations, registrationOrder(), List.of("Med personuppgifter", "Anonyma", "Volyminsats")))));
    String p = "deltagare_" + y;
    String bilaga3 = "Deltaganden med personuppgifter som pågått någon dag " + y + ". ";
    sections.add(new Section("bilaga3", "Deltagare registrerade med personuppgifter", bilaga3 + "Som seed 003 bilaga 3 "
        + "(seed 004 bilaga 2).", List.of(
        FollowupTables.bySex("followup_alder", "Kön och ålder " + y, "Ålder: insatsens startår minus födelseår.",
            participants, "alder", bands(s.ageLabels(), "Uppgift saknas"), false, p),
        FollowupTables.bySex("followup_utbildning", "Utbildningsnivå (högsta slutförda utbildning) " + y,
            "Självrapporterad i SUS, seedens åtta nivåer.", participants, "utbildning", UTBILDNING, false, p),
        FollowupTables.bySex("followup_tid_forsorjning", "Tid i offentlig försörjning före insats " + y,
            "År i offentlig försörjning före insatsen (sus_deltagande.tid_offentlig_forsorjning_fore) i grupperna "
                + "finsam.followup.tid-forsorjning-bands (seed 003: 1, 3, 6, 9 år; seed 004: 1, 3, 6, 10 år). Ej "
                + "tillämpligt/okänd: ingen offentlig försörjning före insatsen eller uppgift saknas.",
            participants, "tid_forsorjning", bands(s.supportYearLabels(), "Ej tillämpligt/okänd"), false, p),
        FollowupTables.bySex("followup_forsorjning", "Försörjning före insats " + y, "Antal försörjning summerar sig till "
                + "fler än antalet deltagare eftersom flera försörjningskällor kan förekomma för en och samma deltagare; "
                + "andelarna är, som i seeden, av antalet angivna försörjningskällor (Totalt). Studiestöd/studiemedel räknas "
                + "inte som offentlig försörjning.",
            participants, "forsorjning", FORSORJNING, true, p),
        FollowupTables.bySex("followup_inriktning", "Deltagare per inriktning " + y, "Insatsens inriktning (SUS).",
            participants, "inriktning", INRIKTNING, false, p),
        FollowupTables.bySex("followup_tid_i_insats", "Tid i insats – deltagare som har avslutat insats " + y,
            "Påbörjade månader från startdatum till slutdatum (1 januari–31 januari är 1 månad, 1 januari–1 juli 7).",
            ended, "tid_i_insats", bands(s.monthLabels(), null), false, "avslutade_" + y))));
    String a = "avslutade_" + y;
    String after = "Deltaganden med personuppgifter som avslutades " + y + ", före insatsen och direkt efter. "
        + "Unga med aktivitetsersättning: under " + s.youngUnder() + " år med aktivitetsersättning före insatsen.";
    sections.add(new Section("efter", "Resultat direkt efter avslutad insats", after + " Som seed 003 avsnitt 4.2 "
        + "(diagram 3a, 3b, 4–6 och bilaga 4) och seed 004 diagram 5–6.", List.of(
        FollowupTables.byGroup(OCCUPATION_TABLE, "Diagram 3a och 3b Arbete eller studier före och direkt efter "
                + "avslutad insats " + y, "Arbetar eller studerar: arbete, studier eller båda, i någon omfattning. "
                + "Arbete omfattar ej subventionerat arbete, subventionerat arbete och eget företag (seed 003 not 21; "
                + "uppdelningen i tabellen Arbetsform). Omfattning: medel av omfattningen (andel "
                + "av heltid) bland dem som arbetar eller studerar.", ended, AFTER_GROUPS, OCCUPATION_MEASURES,
            SYSSELSATTNING, Map.of(WORKS_OR_STUDIES, List.of("ARBETE", "STUDIER", "ARBETE_OCH_STUDIER")), false, a,
            Map.of("sysselsattning_fore", "omfattning_fore", "sysselsattning_efter", "omfattning_efter"),
            "Omfattning, medel (andel av heltid)"),
        FollowupTables.byGroup(WORK_FORM_TABLE, "Diagram 3a och 3b Arbetsform och studier före och direkt efter avslutad "
                + "insats " + y, "Arbetar: sysselsättningen är arbete eller arbete och studier; varav per arbetsform "
                + "(sus_deltagande.arbetsform_fore/_efter, seed 003 not 21). Studerar: studier eller arbete och studier. "
                + "En deltagare kan ingå i flera rader (flera arbetsformer, arbete och studier): raderna summerar inte till "
                + "antalet. Uppgift om arbetsform saknas: arbete utan arbetsform (leveranser från före fältet).",
            ended, AFTER_GROUPS, WORK_FORM_MEASURES, ARBETSFORM, Map.of(Participations.WORKS, List.of("EJ_SUBVENTIONERAT",
                "SUBVENTIONERAT", "EGET_FORETAG", Participations.WORK_FORM_MISSING)), true, a, Map.of(), ""),
        FollowupTables.byGroup("followup_avslutsorsak", "Avslutsorsak " + y, "Avslutningsanledning i SUS. Fortsatt "
                + "rehabilitering: deltagaren går vidare till en annan rehabiliteringsinsats (seed 003 not 22).",
            ended, AFTER_GROUPS, List.of(new Measure("avslutsorsak", "Avslutsorsak")), AVSLUTSORSAK, Map.of(), false, a,
            Map.of(), ""),
        FollowupTables.byGroup("followup_forsorjningsforandring", "Diagram 6 och bilaga 4 Försörjningsförändring " + y,
            "En deltagare kan ha sin försörjning från flera håll och ingå i flera försörjningskällor: andelarna (av "
                + "deltagarna) kan summera till mer än 100 %.", ended, AFTER_GROUPS,
            List.of(new Measure("forsorjning_fore", "Före"), new Measure("forsorjning_efter", "Efter")), FORSORJNING,
            Map.of(), true, a, Map.of(), ""))));
    int e = y - 1;
    String fkNote = "Personer med personuppgifter som avslutade en insats " + e + ". Nettodagar (en dag på deltid räknas "
        + "med sin omfattning) i 365 dagar före insatsens start och 365 dagar efter dess slut, ur MiDaS. SJP: sjukpenning "
        + "och rehabiliteringspenning samlat; AE: aktivitetsersättning; SE: sjukersättning. Grupp: dagarna före (0; "
        + "över 0 till 90; över 90 till 180; över 180 och under 365; 365). Den som avslutade flera insatser " + e
        + " följs från den sista.";
    List<TableDraft> fkTables = new ArrayList<>();
    previous.ifPresent(before -> fkTables.add(FollowupTables.table3("followup_tabell_3", "Tabell 3 Skillnad i dagar "
        + "före insats och efter insats " + (e - 1) + " jämfört med " + e, "Medel efter minus medel före (dagar), "
        + "samtliga. Diff " + (e - 1) + ": ur uppföljningen " + before.year() + " (körning " + before.runId()
        + ", results/" + RESULTS + ") som den publicerades där (\"..\" där den undertrycktes), prövad igen mot denna "
        + "körnings röjandegräns. " + fkNote, before, fk, e)));
    fkTables.add(FollowupTables.table4("followup_tabell_4", "Tabell 4 Skillnad i dagar före en insats och efter en "
        + "insats mellan kvinnor och män, avslutade " + e, "Medel efter minus medel före (dagar). " + fkNote, fk));
    for (List<String> sex : List.of(List.of(FkDays.SAMTLIGA, "samtliga"), List.of("K", "kvinnor"), List.of("M", "män"))) {
      fkTables.add(FollowupTables.bilaga5("followup_bilaga_5_" + sex.get(1).replace("ä", "a"), "Bilaga 5 Antal dagar med "
          + "ersättning från Försäkringskassan före och efter en insats som avslutades under " + e + ", " + sex.get(1),
          fkNote, sex.get(0), fk));
    }
    sections.add(new Section("fk-dagar", "Dagar med ersättning från Försäkringskassan före och efter insatsen",
        previous.isPresent() ? "Som seed 003 tabell 3, tabell 4 och bilaga 5." : "Som seed 003 tabell 4 och bilaga 5. "
            + "Tabell 3 (skillnaden mot föregående år) ingår inte: resultattabellen (results/" + RESULTS + ") har ingen "
            + "uppföljning för " + (y - 1) + " i denna eller en tidigare körning. Kör ./finsam followup --year " + (y - 1)
            + " först, så kommer tabell 3 med.", fkTables));
    sections.add(incomeSection(s, exclusions, income));
    sections.add(new Section("ej-register", "Det som inte kommer från registren", "Seedernas tabeller över "
        + "samordningsförbundens ekonomi (seed 003 tabell 9, seed 004 diagram 3), förteckningen över förbund, län och "
        + "kommuner (bilaga 1:s namn), beskrivningarna av insatserna (seed 003 bilaga 2), antal insatser per inriktning "
        + "och strukturövergripande insatser (seed 003 tabell 1–2) och utvecklingen av antalet förbund (diagram 1) "
        + "bygger på förbundens egna redovisningar och finns inte i registren: de ingår inte.", List.of()));
    return sections;
  }

  /** Seed 003 §4.3.2, Tables 5–8 and Bilaga 6. */
  static Section incomeSection(FollowupSettings s, Map<Integer, Map<String, Long>> exclusions,
                               Map<String, IncomeDevelopment.Cell> cells) {
    List<Integer> c = s.incomeCohorts();
    String span = c.size() == 1 ? String.valueOf(c.get(0)) : c.get(0) + "–" + c.get(c.size() - 1);
    String note = "Inkomst: PGIOAI + PGIOFI (scb_inkomst_ar; anställningsinkomst och inkomst av annat förvärvsarbete), "
        + "utan ersättningar. Kronor i " + s.lastIncomeYear() + " års priser (prisbasbeloppet, finsam.reference.prisbasbelopp). "
        + "Personer som avslutade en insats med personuppgifter år t, följda t−1 till t+3; den som saknar inkomstuppgift "
        + "ett år har ingen inkomst det året. Senaste inkomstår: " + s.lastIncomeYear() + " (senare år visas som –). "
        + "Exkluderade enligt tabellen över exkluderade.";
    List<Group> all = List.of(new Group("samtliga", "Samtliga"));
    List<Group> women = List.of(new Group("K", "Kvinnor"));
    List<Group> men = List.of(new Group("M", "Män"));
    List<Group> ages = new ArrayList<>(all);
    s.incomeAgeLabels().forEach(l -> ages.add(new Group(l, l)));
    int last = s.lastIncomeYear();
    FollowupTables.IncomeMetric mean = FollowupTables.IncomeMetric.MEAN;
    FollowupTables.IncomeMetric normalised = FollowupTables.IncomeMetric.NORMALISED;
    FollowupTables.IncomeMetric shareWith = FollowupTables.IncomeMetric.SHARE_WITH;
    FollowupTables.IncomeMetric meanWith = FollowupTables.IncomeMetric.MEAN_WITH;
    List<Group> bySex = List.of(all.get(0), women.get(0), men.get(0));
    List<Group> excluded = List.of(new Group(IncomeDevelopment.EXCLUDED, "Exkluderade"));
    String excludedNote = "Exkluderade: de som avslutade en insats år t och exkluderades för att de utvandrat, avlidit, "
        + "påbörjat en ny insats eller fyllt " + s.exclusionAge() + " år (antalet per regel i tabellen över exkluderade). De "
        + "med okänt personnummer ingår inte: utan känt person-id kan deras inkomst inte hämtas ur registren. Efter "
        + "utvandring eller död finns ingen inkomstuppgift: 0 kr de åren. " + note;
    List<TableDraft> tables = new ArrayList<>(List.of(
        FollowupTables.exclusions("followup_inkomst_exkluderade", "Exkluderade ur inkomstuppföljningen per avslutningsår "
            + span, "Varje person räknas under den första regel som gäller, i ordningen okänt personnummer (saknar "
            + "person-id eller rad i scb_bakgrund_ar), utvandrat eller avlidit före uppföljningens slut, ny insats "
            + "startad efter avslutet och före uppföljningens slut, fyllt " + s.exclusionAge() + " år senast uppföljningens "
            + "sista år. Uppföljningen slutar 31 december t+3 eller senaste inkomståret.", exclusions, c),
        FollowupTables.income("followup_tabell_5", "Tabell 5 Genomsnittlig inkomst per individ " + span + ", samtliga",
            note, cells, c, all, mean, last),
        FollowupTables.income("followup_bilaga_6_kvinnor", "Bilaga 6 Genomsnittlig inkomst per individ " + span
            + ", kvinnor", note, cells, c, women, mean, last),
        FollowupTables.income("followup_bilaga_6_man", "Bilaga 6 Genomsnittlig inkomst per individ " + span + ", män",
            note, cells, c, men, mean, last),
        FollowupTables.income("followup_tabell_6", "Tabell 6 Genomsnittlig normaliserad inkomst per individ " + span
            + ", samtliga", "Medelinkomsten år t+k delad med medelinkomsten avslutningsåret t. " + note, cells, c, all,
            normalised, last),
        FollowupTables.income("followup_bilaga_6_normaliserad_kvinnor", "Bilaga 6 Genomsnittlig normaliserad inkomst per "
            + "individ " + span + ", kvinnor", "Medelinkomsten år t+k delad med den år t. " + note, cells, c, women,
            normalised, last),
        FollowupTables.income("followup_bilaga_6_normaliserad_man", "Bilaga 6 Genomsnittlig normaliserad inkomst per "
            + "individ " + span + ", män", "Medelinkomsten år t+k delad med den år t. " + note, cells, c, men, normalised,
            last),
        FollowupTables.income("followup_bilaga_6_alder", "Bilaga 6 Genomsnittlig inkomst per åldersgrupp " + span
            + ", samtliga", "Ålder år t. Seedens grupper 45-55 och 55-65 överlappar; här 45–54 och 55 år och äldre. "
            + note, cells, c, ages, mean, last),
        FollowupTables.income("followup_bilaga_6_alder_kvinnor", "Bilaga 6 Genomsnittlig inkomst per åldersgrupp "
            + span + ", kvinnor", "Ålder år t. " + note, cells, c, sexAndAges(s, "K", "Kvinnor"), mean, last),
        FollowupTables.income("followup_bilaga_6_alder_man", "Bilaga 6 Genomsnittlig inkomst per åldersgrupp " + span
            + ", män", "Ålder år t. " + note, cells, c, sexAndAges(s, "M", "Män"), mean, last),
        FollowupTables.comparison("followup_bilaga_6_skillnad", "Bilaga 6 Skillnad i den genomsnittliga inkomsten "
            + "mellan män och kvinnor " + span, "Männens medelinkomst minus kvinnornas (kronor), ur tabellerna för "
            + "kvinnor och män; visas bara när båda medlen visas. " + note, cells, c,
            List.of(new Compared("", "M", mean, "K", mean)), Comparison.DIFFERENCE, last),
        FollowupTables.comparison("followup_bilaga_6_kvot", "Bilaga 6 Skillnad i inkomst mellan män och kvinnor "
            + span, "Männens medelinkomst i relation till kvinnornas (kvot), som seedens tabell med samma rubrik; visas "
            + "bara när båda medlen visas. " + note, cells, c, List.of(new Compared("", "M", mean, "K", mean)),
            Comparison.RATIO, last),
        FollowupTables.comparison("followup_bilaga_6_alder_relativ", "Bilaga 6 Inkomst per åldersgrupp relaterad till "
            + "åldersgruppen " + s.incomeAgeLabels().get(0) + ", samtliga " + span, "Åldersgruppens medelinkomst i "
            + "relation till den yngsta gruppens (kvot); visas bara när båda medlen visas. " + note, cells, c,
            s.incomeAgeLabels().stream().map(l -> new Compared(l, l, mean, s.incomeAgeLabels().get(0), mean))
                .toList(), Comparison.RATIO, last),
        FollowupTables.comparison("followup_bilaga_6_alder_kvot", "Bilaga 6 Mäns inkomst i relation till kvinnors per "
            + "ålderskategori " + span, "Männens medelinkomst i åldersgruppen i relation till kvinnornas (kvot), ur "
            + "tabellerna per åldersgrupp för kvinnor och män; visas bara när båda medlen visas. " + note, cells, c,
            s.incomeAgeLabels().stream().map(l -> new Compared(l, IncomeDevelopment.sexAge("M", l), mean,
                IncomeDevelopment.sexAge("K", l), mean)).toList(), Comparison.RATIO, last),
        FollowupTables.income("followup_tabell_7", "Tabell 7 Genomsnittlig PGI " + span + ", samtliga",
            "PGI: pensionsgrundande inkomst (scb_inkomst_ar.pgi), även ersättningar. " + note, cells, c, all,
            FollowupTables.IncomeMetric.PGI, last),
        FollowupTables.comparison("followup_bilaga_6_andel_pgi", "Bilaga 6 Inkomstens andel av PGI " + span,
            "Medelinkomsten (tabell 5) delad med medel-PGI (tabell 7); antalet individer står i tabell 5. " + note,
            cells, c, List.of(new Compared("", "samtliga", mean, "samtliga", FollowupTables.IncomeMetric.PGI)), Comparison.RATIO, last),
        FollowupTables.income("followup_inkomst_andel_med", "Individer med inkomst: andel " + span + ", samtliga, "
            + "kvinnor och män", "Andel med inkomst över 0 kr (seed 003 avsnittet Individer med inkomst; kvinnor och män "
            + "för kvoten nedan). " + note, cells, c, bySex, shareWith, last),
        FollowupTables.income("followup_inkomst_medel_med", "Individer med inkomst: genomsnittlig inkomst bland dem med "
            + "inkomst " + span + ", samtliga, kvinnor och män", note, cells, c, bySex, meanWith, last),
        FollowupTables.comparison("followup_bilaga_6_andel_med_kvot", "Bilaga 6 Mäns andel med inkomst i relation till "
            + "kvinnor " + span, "Männens andel med inkomst i relation till kvinnornas (kvot); visas bara när båda andelarna "
            + "visas. " + note, cells, c, List.of(new Compared("", "M", shareWith, "K", shareWith)), Comparison.RATIO, last),
        FollowupTables.comparison("followup_bilaga_6_medel_med_kvot", "Bilaga 6 Mäns inkomst i relation till kvinnor "
            + span, "Männens genomsnittliga inkomst bland dem med inkomst i relation till kvinnornas (kvot; ASSUMPTION: "
            + "seedens tabell skiljer sig från kvoten av alla medel, så den avser dem med inkomst); visas bara när båda "
            + "medlen visas. " + note, cells, c, List.of(new Compared("", "M", meanWith, "K", meanWith)), Comparison.RATIO,
            last),
        FollowupTables.income("followup_inkomst_exkluderade_andel_med", "Exkluderade: andel med inkomst " + span,
            excludedNote, cells, c, excluded, shareWith, last),
        FollowupTables.income("followup_inkomst_exkluderade_medel", "Exkluderade: genomsnittlig inkomst per individ "
            + span, excludedNote, cells, c, excluded, mean, last),
        FollowupTables.comparison("followup_bilaga_6_exkluderade_andel_kvot", "Bilaga 6 Andelen med inkomst för de som "
            + "exkluderas i relation till de som inkluderas " + span, "De exkluderades andel med inkomst i relation till "
            + "de inkluderades (kvot; de inkluderades andel i tabellen Individer med inkomst, samtliga); visas bara när "
            + "båda andelarna visas. " + excludedNote, cells, c,
            List.of(new Compared("", IncomeDevelopment.EXCLUDED, shareWith, "samtliga", shareWith)), Comparison.RATIO, last),
        FollowupTables.comparison("followup_bilaga_6_exkluderade_medel_kvot", "Bilaga 6 Genomsnittlig inkomst för de som "
            + "exkluderas i relation till de som inkluderas " + span, "De exkluderades medelinkomst i relation till de "
            + "inkluderades (kvot; de inkluderades medel i tabell 5); visas bara när båda medlen visas. " + excludedNote,
            cells, c, List.of(new Compared("", IncomeDevelopment.EXCLUDED, mean, "samtliga", mean)), Comparison.RATIO,
            last)));
    return new Section("inkomst", "Inkomstutvecklingen över tid för deltagare som avslutat en insats", "Som seed 003 "
        + "avsnitt 4.3.2, tabell 5–7 och bilaga 6, för dem som avslutade en insats " + span + ". Seedens tabell 8 finns "
        + "inte i seedens text; andelen med inkomst och inkomsten bland dem med inkomst (avsnittet Individer med "
        + "inkomst) redovisas i tabellerna \"Individer med inkomst\". Bilaga 6:s jämförelser av exkluderade och "
        + "inkluderade bygger på tabellerna över de exkluderades inkomst.", tables);
  }

  /** A sex and its age groups (Bilaga 6 by sex and age group; the sex's row is the total). */
  private static List<Group> sexAndAges(FollowupSettings s, String sex, String label) {
    List<Group> groups = new ArrayList<>(List.of(new Group(sex, label)));
    s.incomeAgeLabels().forEach(l -> groups.add(new Group(IncomeDevelopment.sexAge(sex, l), l)));
    return groups;
  }

  /** Band labels as categories (code = label), with {@code missing} the label of a missing value (null: none). */
  private static Map<String, String> bands(List<String> labels, String missing) {
    Map<String, String> m = new LinkedHashMap<>();
    labels.forEach(l -> m.put(l, l));
    if (missing != null) {
      m.put(Tally.SAKNAS, missing);
    }
    return m;
  }

  private static Map<String, String> labels(String... codeLabel) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < codeLabel.length; i += 2) {
      m.put(codeLabel[i], codeLabel[i + 1]);
    }
    return m;
  }

  private static void writeReport(JobContext context, FollowupSettings s, DisclosureSettings disclosure,
                                  List<Section> sections, CheckedOutputs checked) throws IOException {
    Map<String, ReportTable> published = new LinkedHashMap<>();
    checked.tables().forEach(t -> published.put(t.id(), t));
    List<HtmlReport.Part> parts = new ArrayList<>();
    for (Section section : sections) {
      parts.add(new HtmlReport.Part(section.anchor(), section.heading(), section.text(),
          section.tables().stream().map(t -> published.get(t.id())).toList(), List.of()));
    }
    long withheld = checked.withheld().size();
    parts.add(new HtmlReport.Part("rojandekontroll", "Röjandekontroll", checked.enabled()
        ? "Varje tabell och CSV-fil har gått genom utdatakontrollen (finsam.disclosure, samma som för de andra "
        + "rapporterna) i ett anrop: antal färre än " + disclosure.minPersons() + ", andelar med färre än "
        + disclosure.minPersons() + " på någon sida eller som är 0 % eller 100 %, medelvärden över färre än "
        + disclosure.minPersons() + " personer, och de celler som annars kunde räknas fram ur summor (kategorier och "
        + "totaler, kvinnor och män, grupperna av dagar och deras medel). Andelar och differenser visas bara med de antal "
        + "och medel de bygger på. I rapporten är " + withheld + " celler undertryckta (\"..\"); varje undertryckt cell "
        + "med regel och intervall finns i " + CHECKED_OUTPUTS + "."
        : "Röjandekontrollen är avstängd i denna konfiguration (replikering): rapporten får inte publiceras.",
        List.of(), List.of()));
    String generated = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(ZonedDateTime.now(ZoneOffset.UTC));
    String html = HtmlReport.render("Uppföljning av samordningsförbundens verksamhet " + s.year(),
        "Körning " + context.runId() + ", skapad " + generated + ". Källor: SUS, MiDaS och SCB. " + (checked.enabled()
            ? "Röjandegräns: " + disclosure.minPersons() + " personer." : "Röjandekontrollen är avstängd (replikering)."),
        parts);
    ReportFolder.Files files = new ReportFolder.Files().addTables(checked.tables(), id -> id)
        .add(CHECKED_OUTPUTS, checked.csv()).add("followup.html", html);
    ReportFolder.at(context.warehouse().table(Zone.REPORTS, context.runId()),
        context.spark().sparkContext().hadoopConfiguration()).publish(DESIGN, files);
    context.metrics().wrote("reports/" + context.runId() + "/followup.html (withheld cells: " + withheld + ")", 1);
    context.metrics().wrote("reports/" + context.runId() + " followup_*.csv", checked.tables().size());
  }

  /**
   * Every cell's number before suppression (results are internal, like results/ of the other designs) and
   * what the report shows, one row per cell, replacing the run's rows for the year.
   */
  private static void writeResults(JobContext context, FollowupSettings s, List<TableDraft> drafts, CheckedOutputs checked) {
    Map<String, ReportTable> published = new LinkedHashMap<>();
    checked.tables().forEach(t -> published.put(t.id(), t));
    List<Row> rows = new ArrayList<>();
    java.sql.Timestamp written = java.sql.Timestamp.from(java.time.Instant.now());
    for (TableDraft d : drafts) {
      ReportTable shown = published.get(d.id());
      List<TableDraft.DraftRow> draftRows = d.rows();
      for (int r = 0; r < draftRows.size(); r++) {
        TableDraft.DraftRow row = draftRows.get(r);
        for (int c = 0; c < row.cells().size(); c++) {
          var cell = row.cells().get(c);
          ReportTable.Cell out = shown.rows().get(r).cells().get(c);
          double value = cell.shown().values().values().stream().filter(v -> v instanceof Number)
              .mapToDouble(v -> ((Number) v).doubleValue()).findFirst().orElse(Double.NaN);
          rows.add(RowFactory.create(context.runId(), s.year(), d.id(), row.label(), d.columns().get(c),
              cell.statistic().kind().name(), Double.isNaN(value) ? null : value, cell.statistic().persons(),
              String.join(" ", out.lines()), written));
        }
      }
    }
    String where = "run_id = '" + context.runId().replace("'", "") + "' and ar = " + s.year();
    // mergeSchema: a results table written before skapad existed gains the column.
    context.spark().createDataFrame(rows, RESULTS_SCHEMA).coalesce(1).write().format("delta").mode(SaveMode.Overwrite)
        .option("replaceWhere", where).option("mergeSchema", "true").save(context.warehouse().table(Zone.RESULTS, RESULTS));
    context.metrics().wrote("results/" + RESULTS, rows.size());
  }

  /** The curated inputs' Delta versions and the settings used. */
  @Override
  public Optional<String> inputsFingerprint(JobContext context) {
    Fingerprint f = Fingerprint.using(context.spark().sparkContext().hadoopConfiguration()).add(context.runId());
    for (TableContract t : INPUTS) {
      f.addDeltaVersion(context.warehouse().table(Zone.CURATED, t.name()));
    }
    for (String path : List.of("finsam.followup", "finsam.disclosure")) {
      f.addConfig(context.config(), path);
    }
    return Optional.of(f.value());
  }

  public static void main(String[] args) {
    JobRunner.exit(new FollowupJob(), args);
  }
}
