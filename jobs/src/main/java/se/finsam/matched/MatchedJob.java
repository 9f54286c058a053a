package se.finsam.matched;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.finsam.disclosure.CheckedOutputs;
import se.finsam.disclosure.DisclosureSettings;
import se.finsam.disclosure.Line;
import se.finsam.disclosure.OutputChecker;
import se.finsam.disclosure.Prior;
import se.finsam.disclosure.RunLedger;
import se.finsam.disclosure.TableDraft;
import se.finsam.jobs.Job;
import se.finsam.jobs.JobContext;
import se.finsam.jobs.JobOption;
import se.finsam.jobs.JobRunner;
import se.finsam.report.EventStudyFigure;
import se.finsam.report.HtmlReport;
import se.finsam.report.ReportFolder;
import se.finsam.report.ReportTable;
import se.finsam.schemas.Contracts;
import se.finsam.schemas.TableContract;
import se.finsam.warehouse.Fingerprint;
import se.finsam.warehouse.Warehouse;
import se.finsam.warehouse.Zone;

/**
 * {@code ./finsam matched}: seed 000's matched comparison from the curated tables to
 * {@code reports/<run>/matchning.html} (+ one CSV per table), the pairs to {@code panel/matchning_par} and
 * the aggregated results to {@code results/matchning_andelar} and {@code results/matchning_logit}, all keyed
 * by run id.
 */
public final class MatchedJob implements Job {
  /** The design's name in the run's report folder and disclosure ledger. */
  public static final String DESIGN = "matched";
  private static final Logger LOG = LoggerFactory.getLogger(MatchedJob.class);
  /**
   * The design's checked-outputs file in reports/<run>/: every published table and each withheld cell with its
   * rule and interval (seed 002's report owns {@code checked_outputs.csv} in the same folder).
   */
  static final String CHECKED_OUTPUTS = "matchning_checked_outputs.csv";
  static final StructType SHARES_SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType).add("urval", DataTypes.StringType).add("utfall", DataTypes.StringType)
      .add("ar", DataTypes.IntegerType).add("par", DataTypes.LongType).add("antal_u", DataTypes.LongType)
      .add("antal_r", DataTypes.LongType).add("differens_pe", DataTypes.DoubleType).add("p_varde", DataTypes.DoubleType)
      .add("did", DataTypes.DoubleType).add("did_se", DataTypes.DoubleType);
  static final StructType LOGIT_SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType).add("utfall", DataTypes.StringType).add("term", DataTypes.StringType)
      .add("koefficient", DataTypes.DoubleType).add("se", DataTypes.DoubleType).add("p_varde", DataTypes.DoubleType);

  @Override
  public String name() {
    return "matched";
  }

  @Override
  public String summary() {
    return "seed 000's matched comparison (exact or propensity matching, tables 1-12, logit) to reports/<run>/matchning.html";
  }

  @Override
  public List<JobOption> options() {
    return List.of(
        JobOption.of("run-id", "finsam.run-id", "run id of the report and result rows (default: a new one)"),
        JobOption.of("warehouse", "finsam.warehouse", "warehouse root"),
        JobOption.of("base-year", "finsam.matched.base-year", "year of the insats (seed: 2012)"),
        JobOption.of("before-year", "finsam.matched.before-year", "comparison year before it (unset: base year - 1)"),
        JobOption.of("followup-years", "finsam.matched.followup-years",
            "follow-up years, e.g. 2016,2017; the last is Tabell 12's (unset: base year + 2)"),
        JobOption.of("method", "finsam.matched.method", "exact | nearest"),
        JobOption.of("min-persons", "finsam.disclosure.min-persons", "suppress cells of fewer persons (0 = none)"));
  }

  private static final List<TableContract> INPUTS = List.of(Contracts.MIDAS_ERSATTNING, Contracts.MIDAS_AE_DIAGNOS,
      Contracts.SUS_DELTAGANDE, Contracts.SCB_BAKGRUND_AR, Contracts.FORBUND_MEDLEMSKAP, Contracts.SCB_INKOMST_AR,
      Contracts.CSN_STUDIESTOD_AR, Contracts.AF_SOKANDEKATEGORI, Contracts.FK_AF_SAMARBETE);

  /** The design's settings are checked before anything runs (also as a step of ./finsam run). */
  @Override
  public void validate(com.typesafe.config.Config config) {
    MatchedSettings.from(config);
  }

  @Override
  public void run(JobContext context) throws IOException {
    MatchedSettings s = MatchedSettings.from(context.config());
    Map<String, Dataset<Row>> curated = curated(context.spark(), context.warehouse());
    Study study = study(curated, s);
    Dataset<Row> population = study.population();
    long ae = study.withAe();
    long treated = study.treated();
    long pool = study.pool();
    context.metrics().read("aktivitetsersättning " + s.baseYear() + " (nedsatt arbetsförmåga, levande)", ae);
    context.metrics().read("studiepopulation " + s.baseYear() + ": utfallsgrupp", treated);
    context.metrics().read("studiepopulation " + s.baseYear() + ": potentiell referensgrupp", pool);
    if (treated == 0) {
      throw new IllegalStateException("no person had AE (" + s.aeSkal() + ") and a SUS insats in " + s.baseYear()
          + ": nothing to match (check finsam.matched.base-year against the curated tables' years)");
    }

    ExactMatching.Matches matches = s.method().equals("exact")
        ? ExactMatching.match(population, s.variables(), s.seed())
        : PropensityMatching.match(population, s.variables(), s.seed(), s.caliper());
    Dataset<Row> pairs = matches.pairs().cache();
    long pairCount = pairs.count();
    Map<String, Long> unmatched = unmatchedByReason(matches);
    context.metrics().wrote("matchade par", pairCount);
    unmatched.forEach((reason, n) -> context.metrics().rejected("utfallsgrupp utan referent: " + reason, n));

    Dataset<Row> outcomes = outcomes(curated, population, s).cache();
    PairSummary.Samples samples = PairSummary.compute(pairs, population, outcomes, s);
    CovariateBalance balance = CovariateBalance.compute(population, pairs);
    List<LogitAnalysis.Cell> cells = LogitAnalysis.cells(population, outcomes, s.variables(), s.lastFollowupYear());
    List<LogitAnalysis.Fit> fits = new ArrayList<>();
    for (YearlyOutcomes.Outcome o : YearlyOutcomes.OUTCOMES) {
      fits.add(fitOrNone(cells, s.variables(), o.column()));
    }

    MatchedTables tables = new MatchedTables(s);
    // Every table and diagram is drafted first and published only through the one output checker.
    List<Section> sections = sections(s, tables, balance, samples, fits, study.flow(s), unmatched, pairCount);
    DisclosureSettings disclosure = DisclosureSettings.from(context.config());
    CheckedOutputs checked = RunLedger.of(context, context.runId()).checkAndRecord(DESIGN,
        prior -> check(disclosure, sections, unmatched, prior));
    writeReport(context, s, disclosure, checked, parts(sections, checked));
    writeResults(context, s, samples, fits);
    pairs.withColumn("run_id", lit(context.runId())).write().format("delta").mode(SaveMode.Overwrite)
        .option("replaceWhere", "run_id = '" + context.runId().replace("'", "") + "'")
        .save(context.warehouse().table(Zone.PANEL, "matchning_par"));
    context.metrics().wrote("panel/matchning_par", pairCount);
    outcomes.unpersist();
    pairs.unpersist();
    population.unpersist();
    // The files stay for inspection, but a report whose audit fails is a failed run.
    checked.requirePassed();
  }

  /** The curated tables the design reads, by contract name (also the benchmark's input path). */
  static Map<String, Dataset<Row>> curated(SparkSession spark, Warehouse warehouse) {
    Map<String, Dataset<Row>> curated = new LinkedHashMap<>();
    for (TableContract t : INPUTS) {
      String path = warehouse.table(Zone.CURATED, t.name());
      if (!warehouse.exists(path, spark.sparkContext().hadoopConfiguration())) {
        throw new IllegalStateException("the matched design needs curated/" + t.name() + " (" + path
            + "), which does not exist: ingest its deliveries first");
      }
      curated.put(t.name(), spark.read().format("delta").load(path));
    }
    return curated;
  }

  /**
   * The study population (treated and potential referents after the diagnosis rule, cached), the count of
   * each group of persons with AE before the rule (Figur 1's flow) and the pool after it.
   */
  record Study(Dataset<Row> population, Map<String, Long> groups, long pool) {
    long treated() {
      return groups.getOrDefault(MatchedPopulation.TREATED, 0L);
    }

    /** Everyone with AE for reduced work capacity in the base year, alive (all three groups). */
    long withAe() {
      return groups.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Figur 1's flow from everyone with AE to the potential referents. */
    Map<String, Long> flow(MatchedSettings s) {
      Map<String, Long> flow = new LinkedHashMap<>();
      flow.put("Aktivitetsersättning " + s.baseYear() + " på grund av nedsatt arbetsförmåga", withAe());
      flow.put("Utfallsgrupp (insats " + s.baseYear() + ")", treated());
      flow.put("Bosatta utanför förbunden, aldrig i SUS", groups.getOrDefault(MatchedPopulation.POOL, 0L));
      flow.put("Potentiell referensgrupp", pool);
      return flow;
    }
  }

  static Study study(Map<String, Dataset<Row>> curated, MatchedSettings s) {
    // Cached once built: the group counts, the diagnosis rule's groups and the study population each read it,
    // and without the cache each would redo the joins of every person with AE (the benchmark's largest step).
    Dataset<Row> everyone = MatchedPopulation.build(new MatchedPopulation.Inputs(curated.get("midas_ersattning"),
        curated.get("midas_ae_diagnos"), curated.get("sus_deltagande"), curated.get("scb_bakgrund_ar"),
        curated.get("forbund_medlemskap")), s).cache();
    Map<String, Long> groups = new LinkedHashMap<>();
    everyone.groupBy("grupp").count().collectAsList().forEach(r -> groups.put(r.getString(0), r.getLong(1)));
    Dataset<Row> population = MatchedPopulation.treatedAndPool(everyone);
    if (s.dropUnrepresentedDiagnoses()) {
      population = MatchedPopulation.dropUnrepresentedDiagnoses(population);
    }
    population = population.cache();
    long pool = population.filter(col("grupp").equalTo(MatchedPopulation.POOL)).count();
    everyone.unpersist();
    return new Study(population, groups, pool);
  }

  /** The treated persons without a referent, by reason. */
  static Map<String, Long> unmatchedByReason(ExactMatching.Matches matches) {
    Map<String, Long> unmatched = new LinkedHashMap<>();
    matches.unmatched().groupBy("orsak").count().orderBy("orsak").collectAsList()
        .forEach(r -> unmatched.put(r.getString(0), r.getLong(1)));
    return unmatched;
  }

  /** The yearly outcomes of the population's persons from the curated tables. */
  static Dataset<Row> outcomes(Map<String, Dataset<Row>> curated, Dataset<Row> population, MatchedSettings s) {
    return YearlyOutcomes.build(population, new YearlyOutcomes.Inputs(curated.get("scb_inkomst_ar"),
        curated.get("csn_studiestod_ar"), curated.get("af_sokandekategori"), curated.get("fk_af_samarbete"),
        curated.get("midas_ersattning")), s);
  }

  static LogitAnalysis.Fit fitOrNone(List<LogitAnalysis.Cell> cells, List<String> variables, String outcome) {
    try {
      LogitAnalysis.Fit fit = LogitAnalysis.fit(cells, variables, outcome);
      if (!fit.dropped().isEmpty()) {
        LOG.info("Tabell 12, {}: categories without variation in the outcome set aside: {}", outcome, fit.dropped());
      }
      return fit;
    } catch (RuntimeException e) {
      // An outcome nobody (or everybody) has, treatment itself separating, or separation by a combination
      // of categories: no finite maximum; the table shows a dash.
      LOG.warn("Tabell 12: no logit for {}: {}", outcome, e.getMessage());
      return new LogitAnalysis.Fit(outcome, List.of(), null, List.of(), 0, 0, 0, 0);
    }
  }

  /** A section of the report before the output checker: its table drafts and figure drafts. */
  record Section(String anchor, String heading, String text, List<TableDraft> tables, List<EventStudyFigure.Draft> figures) {
    List<TableDraft> drafts() {
      List<TableDraft> all = new ArrayList<>(tables);
      figures.forEach(f -> all.add(f.data()));
      return all;
    }
  }

  /** The design's report, drafted: every table and diagram of seed 000 (and the DiD and logit tables beyond it). */
  static List<Section> sections(MatchedSettings s, MatchedTables tables, CovariateBalance balance,
      PairSummary.Samples samples, List<LogitAnalysis.Fit> fits, Map<String, Long> flow, Map<String, Long> unmatched,
      long pairs) {
    List<Section> sections = new ArrayList<>();
    sections.add(new Section("population", "Studiepopulation och matchning",
        "Personer med aktivitetsersättning på grund av nedsatt arbetsförmåga " + s.baseYear() + " (som inte avled "
            + s.baseYear() + " eller tidigare). Utfallsgrupp: insats i ett samordningsförbunds regi (SUS, med "
            + "personuppgifter) under " + s.baseYear() + ". Potentiell referensgrupp: aldrig i någon SUS-insats och bosatt "
            + s.baseYear() + " i en kommun utanför samtliga förbund" + (s.dropUnrepresentedDiagnoses()
            ? ", utan diagnosgrupper som saknas i utfallsgruppen." : "."),
        List.of(tables.unmatchedTable(flow, unmatched, pairs, samples.subgroup().pairs()), tables.table1(balance)), List.of()));
    List<TableDraft> main = new ArrayList<>();
    for (int family = 1; family <= 5; family++) {
      main.add(tables.shareTable(1 + family, family, samples.all(), "alla", ""));
    }
    main.add(tables.didTable("tabell_did", "Tabell D Skillnad i skillnad på matchade par (procentenheter)", samples.all(),
        "alla"));
    sections.add(new Section("resultat", "Resultat", "Andelar " + s.beforeYear() + " (året före insatsåret) och "
        + "uppföljningsåret för de matchade grupperna, som seed 000 tabell 2–6, och skillnad i skillnad med medelfel.",
        main, List.of()));
    List<EventStudyFigure.Draft> diagrams = new ArrayList<>();
    String window = s.beforeYear() + "–" + s.lastFollowupYear();
    List<YearlyOutcomes.Outcome> af = family(3);
    char panel = 'a';
    for (YearlyOutcomes.Outcome o : af) {
      diagrams.add(tables.diagram("diagram_1" + panel, "Diagram 1" + panel + ") Inskrivning hos Arbetsförmedlingen "
          + window + ": " + o.label(), List.of(o), samples.all()));
      panel++;
    }
    diagrams.add(tables.diagram("diagram_2", "Diagram 2 Inkomst av tjänst " + window, family(1), samples.all()));
    diagrams.add(tables.diagram("diagram_3", "Diagram 3 Studiemedel från CSN " + window, family(2), samples.all()));
    sections.add(new Section("parallella-trender", "Bilaga: parallella trender", "Andelen per år i utfallsgruppen och "
        + "referensgruppen över hela fönstret, som seed 000 diagram 1–3 (Diagram 2: båda inkomstmåtten i tabell 2). "
        + "Skillnaden i skillnad med medelfel står i tabell D.", List.of(), diagrams));
    List<TableDraft> sub = new ArrayList<>();
    String subgroup = ", utfallsgrupp beviljad AE " + (s.baseYear() - s.subgroupNewAeYears() + 1) + "–" + s.baseYear();
    for (int family = 1; family <= 5; family++) {
      sub.add(tables.subgroupShareTable(6 + family, family, samples, subgroup));
    }
    sub.add(tables.didTable("tabell_did_nya", "Tabell D2 Skillnad i skillnad, de nybeviljade (procentenheter)",
        samples.subgroup(), MatchedTables.NYBEVILJADE));
    sections.add(new Section("tidigare-insatser", "Bilaga: de som beviljats aktivitetsersättning nyligen",
        "Som tabell 2–6 för de par vars person i utfallsgruppen fick sin första aktivitetsersättning " + (s.baseYear()
            - s.subgroupNewAeYears() + 1) + " eller senare (seed 000 tabell 7–11).", sub, List.of()));
    sections.add(new Section("regression", "Bilaga: logistisk regression", "Känslighetsanalys som seed 000 tabell 12.",
        List.of(tables.table12(fits, samples.all()), tables.table12Terms(fits)), List.of()));
    return sections;
  }

  /** The outcomes of a family of tables 2-6, in the tables' order. */
  private static List<YearlyOutcomes.Outcome> family(int family) {
    return YearlyOutcomes.OUTCOMES.stream().filter(o -> o.family() == family).toList();
  }

  /**
   * Relations across the design's tables a reader knows, declared when they hold for the numbers: Figure 1's
   * treated, pool and pairs are Table 1's totals, and the pairs and the treated without a referent add up to
   * the treated. Each flow step is identified by its position (0 AE, 1 treated, 2 before the diagnosis rule, 3 pool).
   */
  static List<Line> acrossTables(List<Section> sections, Map<String, Long> unmatched) {
    Map<String, Double> values = new LinkedHashMap<>();
    sections.forEach(section -> section.drafts().forEach(d -> values.putAll(d.values())));
    List<Line> candidates = new ArrayList<>();
    candidates.add(Line.sum(MatchedTables.POPULATION, List.of(MatchedTables.flowKey(1)), MatchedTables.balanceTotalKey(0)));
    candidates.add(Line.sum(MatchedTables.POPULATION, List.of(MatchedTables.flowKey(3)), MatchedTables.balanceTotalKey(1)));
    candidates.add(Line.sum(MatchedTables.POPULATION, List.of(MatchedTables.PAIRS_KEY), MatchedTables.balanceTotalKey(2)));
    candidates.add(Line.sum(MatchedTables.POPULATION, List.of(MatchedTables.PAIRS_KEY), MatchedTables.balanceTotalKey(3)));
    List<String> parts = new ArrayList<>(List.of(MatchedTables.PAIRS_KEY));
    unmatched.keySet().forEach(reason -> parts.add(MatchedTables.unmatchedKey(reason)));
    candidates.add(Line.sum(MatchedTables.POPULATION, parts, MatchedTables.flowKey(1)));
    return candidates.stream().filter(line -> values.keySet().containsAll(line.keys()))
        .filter(line -> OutputChecker.holds(line, values)).toList();
  }

  /** Every draft of the design through the one output checker, in one call, against what the run published before. */
  static CheckedOutputs check(DisclosureSettings settings, List<Section> sections, Map<String, Long> unmatched,
                              Prior prior) {
    List<TableDraft> drafts = new ArrayList<>();
    sections.forEach(section -> drafts.addAll(section.drafts()));
    return new OutputChecker(settings).check(drafts, acrossTables(sections, unmatched), prior);
  }

  /** The report's parts from the checked tables: what is published. */
  static List<HtmlReport.Part> parts(List<Section> sections, CheckedOutputs checked) {
    Map<String, ReportTable> published = new LinkedHashMap<>();
    checked.tables().forEach(t -> published.put(t.id(), t));
    List<HtmlReport.Part> parts = new ArrayList<>();
    for (Section section : sections) {
      parts.add(new HtmlReport.Part(section.anchor(), section.heading(), section.text(),
          section.tables().stream().map(t -> published.get(t.id())).toList(),
          section.figures().stream().map(f -> f.render().apply(published.get(f.data().id()))).toList()));
    }
    return parts;
  }

  private static void writeReport(JobContext context, MatchedSettings s, DisclosureSettings disclosure,
      CheckedOutputs checked, List<HtmlReport.Part> parts) throws IOException {
    long suppressed = checked.withheld().size();
    List<HtmlReport.Part> all = new ArrayList<>(parts);
    all.add(new HtmlReport.Part("rojandekontroll", "Röjandekontroll", checked.enabled()
        ? "Varje tabell, diagram och CSV-fil har gått genom utdatakontrollen (finsam.disclosure, samma som för "
        + "effektutvärderingens rapport) i ett och samma anrop: antal färre än " + disclosure.minPersons() + " personer, "
        + "andelar där någon sida (med eller utan utfallet) har färre än " + disclosure.minPersons() + " personer eller "
        + "som är 0 % eller 100 %, skattningar (DiD, logit) med för få behandlade eller jämförda, "
        + "och de celler som annars kunde räknas fram ur summor och samband (tabell 1:s kategorier och totaler, figur 1 "
        + "och tabell 1), också genom subtraktion: de par som inte hör till delgruppen (tabell 2–6 minus tabell 7–11) "
        + "och de personer i tabell 1 som finns före men inte efter matchningen redovisas inte, men skyddas som "
        + "undertryckta celler när de är få. Diagrammens andelar har samma nycklar som tabell 2–6:s andelar och undertrycks tillsammans med dem. Differenser, p-värden och stjärnor visas bara när "
        + "andelarna de bygger på visas. I rapporten är " + suppressed + " celler undertryckta (\"..\"); varje "
        + "undertryckt cell med regel och intervall finns i " + CHECKED_OUTPUTS + "."
        : "Röjandekontrollen är avstängd i denna konfiguration (replikering): inga celler är undertryckta. Rapporten "
        + "får inte publiceras.", List.of(), List.of()));
    String generated = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(ZonedDateTime.now(ZoneOffset.UTC));
    String html = HtmlReport.render("Insatser för unga med aktivitetsersättning – matchad jämförelse",
        "Körning " + context.runId() + ", skapad " + generated + ". Insatsår " + s.baseYear() + ", jämförelseår "
            + s.beforeYear() + ", uppföljning " + s.followupYears() + ". " + (checked.enabled() ? "Röjandegräns: "
            + disclosure.minPersons() + " personer." : "Röjandekontrollen är avstängd (replikering)."), all);
    ReportFolder.Files files = new ReportFolder.Files().addTables(checked.tables(), id -> id)
        .add(CHECKED_OUTPUTS, checked.csv()).add("matchning.html", html);
    ReportFolder.at(context.warehouse().table(Zone.REPORTS, context.runId()),
        context.spark().sparkContext().hadoopConfiguration()).publish(DESIGN, files);
    context.metrics().wrote("reports/" + context.runId() + "/matchning.html (withheld cells: " + suppressed + ")", 1);
    context.metrics().wrote("reports/" + context.runId() + " matchning_*.csv", checked.tables().size());
    context.metrics().wrote("reports/" + context.runId() + "/" + CHECKED_OUTPUTS + " (withheld cells)", suppressed);
  }



  private static void writeResults(JobContext context, MatchedSettings s, PairSummary.Samples samples,
      List<LogitAnalysis.Fit> fits) {
    String run = context.runId();
    List<Row> shares = new ArrayList<>();
    Map<String, PairSummary> bySample = Map.of("alla", samples.all(), MatchedTables.NYBEVILJADE, samples.subgroup());
    bySample.forEach((name, summary) -> {
      for (YearlyOutcomes.Outcome o : YearlyOutcomes.OUTCOMES) {
        for (int y : s.years()) {
          ShareTest t = summary.share(o.column(), y);
          Optional<PairedDid> did = s.followupYears().contains(y) ? Optional.of(summary.did(o.column(), y)) : Optional.empty();
          shares.add(RowFactory.create(run, name, o.column(), y, t.n(), t.onesU(), t.onesR(), t.differencePp(), t.pValue(),
              did.map(PairedDid::estimate).orElse(null), did.map(PairedDid::standardError).orElse(null)));
        }
      }
    });
    List<Row> logit = new ArrayList<>();
    for (LogitAnalysis.Fit fit : fits) {
      if (fit.terms() != null) {
        for (int j = 0; j < fit.names().size(); j++) {
          logit.add(RowFactory.create(run, fit.outcome(), fit.names().get(j), fit.terms()[j].coefficient(),
              fit.terms()[j].standardError(), fit.terms()[j].pValue()));
        }
      }
    }
    writeDelta(context, "matchning_andelar", shares, SHARES_SCHEMA);
    writeDelta(context, "matchning_logit", logit, LOGIT_SCHEMA);
  }

  private static void writeDelta(JobContext context, String table, List<Row> rows, StructType schema) {
    SparkSession spark = context.spark();
    spark.createDataFrame(rows, schema).coalesce(1).write().format("delta").mode(SaveMode.Overwrite)
        .option("replaceWhere", "run_id = '" + context.runId().replace("'", "") + "'")
        .save(context.warehouse().table(Zone.RESULTS, table));
    context.metrics().wrote("results/" + table, rows.size());
  }

  /** The curated inputs' Delta versions and the settings used. */
  @Override
  public Optional<String> inputsFingerprint(JobContext context) {
    Fingerprint f = Fingerprint.using(context.spark().sparkContext().hadoopConfiguration()).add(context.runId());
    for (TableContract t : INPUTS) {
      f.addDeltaVersion(context.warehouse().table(Zone.CURATED, t.name()));
    }
    for (String path : List.of("finsam.matched", "finsam.reference", "finsam.disclosure")) {
      f.addConfig(context.config(), path);
    }
    return Optional.of(f.value());
  }

  public static void main(String[] args) {
    JobRunner.exit(new MatchedJob(), args);
  }
}
