package se.finsam.report;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import se.finsam.disclosure.CheckedOutputs;
import se.finsam.disclosure.Line;
import se.finsam.disclosure.OutputChecker;
import se.finsam.disclosure.RunLedger;
import se.finsam.disclosure.TableDraft;
import se.finsam.jobs.Job;
import se.finsam.jobs.JobContext;
import se.finsam.jobs.JobOption;
import se.finsam.jobs.JobRunner;
import se.finsam.results.ResultSchemas;
import se.finsam.schemas.Contracts;
import se.finsam.warehouse.Zone;

/**
 * Writes the published report of one run to {@code reports/<run id>/}: {@code index.html} (tables
 * and event-study figures of seed 002, Swedish number style), one CSV per table and figure and
 * {@code checked_outputs.csv}; every table goes through the output checker ({@code se.finsam.disclosure}),
 * and a run whose audit fails writes its files and then fails.
 */
public final class ReportJob implements Job {
  /** The design's name in the run's report folder and disclosure ledger. */
  public static final String DESIGN = "seed002";
  /** The run's checked-outputs file next to the report: every published table and each withheld cell. */
  public static final String CHECKED_OUTPUTS = "checked_outputs.csv";

  @Override
  public String name() {
    return "report";
  }

  @Override
  public String summary() {
    return "write the run's report (HTML with SVG figures, CSV per table) with small-cell suppression";
  }

  @Override
  public List<JobOption> options() {
    return List.of(
        JobOption.required("run-id", "finsam.run-id", "run id whose result tables to report"),
        JobOption.of("warehouse", "finsam.warehouse", "warehouse root"),
        JobOption.of("min-persons", "finsam.disclosure.min-persons", "withhold cells of fewer persons (0 = none)"));
  }

  @Override
  public void run(JobContext context) throws IOException {
    ReportSettings settings = ReportSettings.from(context.config());
    String runId = context.runId();
    Dataset<Row> aggte = table(context, ResultSchemas.AGGTE, null).orElseThrow(() -> new IllegalStateException(
        "no result table " + context.warehouse().table(Zone.RESULTS, ResultSchemas.AGGTE) + ": run the estimation first"));
    Dataset<Row> runAggte = aggte.filter(col("run_id").equalTo(runId)).cache();
    long aggteRows = runAggte.count();
    if (aggteRows == 0) {
      List<String> runs = aggte.select("run_id").distinct().orderBy("run_id").limit(20).collectAsList()
          .stream().map(r -> r.getString(0)).toList();
      throw new IllegalStateException("results/aggte has no rows for run id '" + runId + "'; run ids there: " + runs);
    }
    Dataset<Row> attGt = table(context, ResultSchemas.ATT_GT, ResultSchemas.ATT_GT_SCHEMA).orElseThrow()
        .filter(col("run_id").equalTo(runId));
    Dataset<Row> pretest = table(context, ResultSchemas.PRETEST, ResultSchemas.PRETEST_SCHEMA).orElseThrow()
        .filter(col("run_id").equalTo(runId));
    Map<String, Long> inputRows = new LinkedHashMap<>();
    inputRows.put("results/aggte (körningen)", aggteRows);
    inputRows.put("results/att_gt (körningen)", attGt.count());
    inputRows.put("results/pretest (körningen)", pretest.count());
    inputRows.forEach(context.metrics()::read);

    EstimateTables estimates = new EstimateTables(settings, ResultReader.estimates(runAggte, attGt));
    runAggte.unpersist();
    // Every table and figure is drafted first and published only through the one output checker.
    List<TableDraft> drafts = new ArrayList<>();
    List<TableDraft> headline = estimates.headlineTables();
    Optional<Dataset<Row>> population = table(context, "population", null, Zone.PANEL);
    // The estimation stops before the comparison-only start group's first month (EstimateJob.lastUsableMonth).
    Optional<Integer> comparisonOnlyStart = population
        .filter(p -> List.of(p.columns()).containsAll(List.of("group_period", "treatment_period")))
        .map(p -> p.filter(col("group_period").equalTo(0)).agg(org.apache.spark.sql.functions.min("treatment_period"))
            .first())
        .filter(r -> !r.isNullAt(0)).map(r -> r.getInt(0));
    List<EventStudyFigure.Panelled> eventStudies = figures(settings, estimates, comparisonOnlyStart);
    List<TableDraft> beforeAfter = new ArrayList<>(estimates.beforeAfterTables());
    estimates.pretestTable(ResultReader.pretests(pretest)).ifPresent(beforeAfter::add);
    Optional<Dataset<Row>> deltagare = table(context, Contracts.EXPERIMENT_DELTAGARE.name(), null, Zone.CURATED);
    Optional<EventStudyFigure.Draft> participation = deltagare.flatMap(d -> ParticipationFigure.build(d, settings));
    participation.ifPresent(f -> context.metrics().read("curated/experiment_deltagare (tillfrågade, figur 1)",
        f.data().rows().size() - 1));
    // B1's characteristics need the registers' background rows of the whole population, not only the panel;
    // Tabell S those of the persons asked, who declined too.
    Optional<Dataset<Row>> bakgrund = table(context, Contracts.SCB_BAKGRUND_AR.name(), null, Zone.CURATED);
    List<TableDraft> recruitment = new ArrayList<>();
    deltagare.flatMap(d -> bakgrund.flatMap(b -> ConsentComparison.build(d, b, settings))).ifPresent(recruitment::add);
    Optional<Dataset<Row>> personMonth = table(context, "person_month", null, Zone.PANEL);
    List<TableDraft> participants = new ArrayList<>();
    if (population.isPresent() && personMonth.isPresent()) {
      inputRows.put("panel/population", population.get().count());
      context.metrics().read("panel/population", inputRows.get("panel/population"));
      // B1's income-source rows, for the population too, where SCB's yearly HI is delivered.
      Optional<Dataset<Row>> hiYearly = table(context, Contracts.SCB_HI_AR.name(), null, Zone.CURATED);
      boolean largest = se.finsam.linkage.PanelSettings.from(context.config()).hiLargestReading();
      bakgrund.ifPresent(t -> participants.add(PopulationTable.build(t, population.get(), hiYearly, largest, settings)));
      participants.add(HiDistribution.build(population.get(), personMonth.get(), settings));
      table(context, Contracts.SUS_DELTAGANDE.name(), null, Zone.CURATED).flatMap(sus ->
          FinsamComparison.build(sus, population.get(), personMonth.get(), settings)).ifPresent(participants::add);
      for (BalanceTable.Comparison comparison : BalanceTable.comparisons(settings)) {
        BalanceTable.build(comparison, population.get(), personMonth.get(), settings).ifPresent(participants::add);
      }
    }
    List<TableDraft> sampleTables = new ArrayList<>();
    table(context, ResultSchemas.SAMPLE, ResultSchemas.SAMPLE_SCHEMA).flatMap(t ->
        SampleTables.sample(t.filter(col("run_id").equalTo(runId)), settings)).ifPresent(sampleTables::add);
    table(context, ResultSchemas.WARNINGS, ResultSchemas.WARNINGS_SCHEMA).flatMap(t ->
        SampleTables.warnings(t.filter(col("run_id").equalTo(runId)), settings)).ifPresent(sampleTables::add);
    TableDraft methods = MethodsSection.table(context.config(), comparisonOnlyStart);
    List<TableDraft> provenance = new ArrayList<>(Provenance.build(context.spark(), context.warehouse(), context.config(),
        runId, inputRows).stream().map(TableDraft::plain).toList());
    personMonth.ifPresent(pm -> provenance.add(TableDraft.plain(Provenance.hiSources(pm, context.config()))));
    drafts.addAll(headline);
    eventStudies.forEach(f -> f.panels().forEach(p -> drafts.add(p.data())));
    drafts.addAll(beforeAfter);
    participation.ifPresent(f -> drafts.add(f.data()));
    drafts.addAll(recruitment);
    drafts.addAll(participants);
    drafts.addAll(sampleTables);
    drafts.add(methods);
    drafts.addAll(provenance);

    List<Line> acrossTables = new ArrayList<>(BalanceTable.acrossTables(participants, settings));
    for (ReportSettings.FigureSpec figure : settings.figures().list()) {
      for (ReportSettings.PanelSpec panel : figure.panels()) {
        acrossTables.addAll(estimates.averageLines(panel.outcome(), figure.model(),
            settings.figures().window(panel, settings.outcome(panel.outcome()))));
      }
    }
    // A relation over a cell the run does not publish (e.g. an outcome without a table) is not known to a reader.
    java.util.Set<String> drafted = new java.util.HashSet<>();
    drafts.forEach(d -> drafted.addAll(d.values().keySet()));
    acrossTables.removeIf(line -> !drafted.containsAll(line.keys()));
    CheckedOutputs checked = RunLedger.of(context, runId).checkAndRecord(DESIGN,
        prior -> new OutputChecker(settings.disclosure()).check(drafts, acrossTables, prior));
    Map<String, ReportTable> published = new LinkedHashMap<>();
    checked.tables().forEach(t -> published.put(t.id(), t));
    Function<List<TableDraft>, List<ReportTable>> tables = list -> list.stream().map(d -> published.get(d.id())).toList();
    Function<List<EventStudyFigure.Draft>, List<EventStudyFigure.Figure>> figures =
        list -> list.stream().map(f -> f.render().apply(published.get(f.data().id()))).toList();

    List<HtmlReport.Part> parts = new ArrayList<>();
    String modelsText = "Kolumnerna är modellerna: " + String.join("; ", settings.models().stream()
        .map(ReportSettings.Model::label).toList()) + ".";
    parts.add(new HtmlReport.Part("effekter", "Effekter av samordnat stöd",
        "Tabellerna följer ISF 2024:12 (tabell 1–9). " + modelsText, tables.apply(headline), List.of()));
    parts.add(new HtmlReport.Part("figurer", "Effekter per månad före och efter första mötet",
        "Händelsestudier som i ISF 2024:12 figur 2–7." + missingFigures(settings, eventStudies), List.of(),
        eventStudies.stream().map(f -> f.render(published)).toList()));
    parts.add(new HtmlReport.Part("fore-efter", "Före och efter första mötet",
        "Som ISF 2024:12 tabell B8–B16, och förtest av parallella trender.", tables.apply(beforeAfter), List.of()));
    parts.add(new HtmlReport.Part("rekrytering", "Tillfrågade och deltagare", participation.isPresent()
        ? "Som ISF 2024:12 figur 1" + (recruitment.isEmpty() ? "; tabell S (kön och ålder hos dem som tackade ja och "
        + "nej) utgår: SCB:s bakgrundsuppgifter (scb_bakgrund_ar) saknas för de tillfrågade det år de tillfrågades."
        : ", och (tabell S) kön och ålder hos dem som tackade ja och nej, som ISF 2024:12 avsnitt 2.5 jämför i texten.")
        : "Experimentets deltagartabell (curated/experiment_deltagare) finns inte i "
        + "lagret eller är tom; figur 1 och tabell S utgår.", tables.apply(recruitment),
        figures.apply(participation.stream().toList())));
    parts.add(new HtmlReport.Part("deltagare", "Deltagarna", participants.isEmpty()
        ? "Paneltabellerna (panel/population, panel/person_month) finns inte i lagret; inga beskrivande tabeller."
        : "Som ISF 2024:12 tabell B1–B7. Tabell B2:s FINSAM-kolumner är i ISF 2024:12 Försäkringskassans "
        + "publicerade årliga återrapportering (även anonymt registrerade deltagare), som inte finns i registren; "
        + "här räknas de ur SUS (sus_deltagande) som ett närmevärde.", tables.apply(participants), List.of()));
    parts.add(new HtmlReport.Part("urval", "Urval och metod", "Vilka personer varje skattning använde och tappade, "
        + "skattningens meddelanden och metodvalen.", tables.apply(
            java.util.stream.Stream.concat(sampleTables.stream(), java.util.stream.Stream.of(methods)).toList()),
        List.of()));
    ReportTable control = ControlSummary.table(checked);
    parts.add(new HtmlReport.Part("rojandekontroll", "Röjandekontroll", ControlSummary.text(checked),
        List.of(control), List.of()));
    parts.add(new HtmlReport.Part("proveniens", "Proveniens", "Vad rapporten bygger på.", tables.apply(provenance),
        List.of()));
    long suppressedCells = checked.withheld().size();

    String generated = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(ZonedDateTime.now(ZoneOffset.UTC));
    String html = HtmlReport.render("Samordnat stöd – effektutvärdering", "Körning " + runId + ", skapad " + generated
        + ". " + (checked.enabled() ? "Röjandegräns: " + settings.minPersons() + " personer."
        : "Röjandekontrollen är avstängd (replikering)."), parts);

    ReportFolder.Files files = new ReportFolder.Files().addTables(published.values(), id -> id)
        .add(control.id() + ".csv", control.csv()).add(CHECKED_OUTPUTS, checked.csv()).add("index.html", html);
    ReportFolder.at(context.warehouse().table(Zone.REPORTS, runId), context.spark().sparkContext().hadoopConfiguration())
        .publish(DESIGN, files);
    context.metrics().wrote("reports/" + runId + "/index.html (withheld cells: " + suppressedCells + ")", 1);
    context.metrics().wrote("reports/" + runId + " CSV files", published.size() + 1);
    context.metrics().wrote("reports/" + runId + "/" + CHECKED_OUTPUTS + " (withheld cells)", suppressedCells);
    // The files stay for inspection, but a report whose audit fails is a failed run.
    checked.requirePassed();
  }

  /**
   * Seed 002 Figures 2-7 as configured, numbered and captioned as in the seed: each panel drafted from the
   * dynamic estimates of its outcome under the figure's model; a panel without estimates is left out, and
   * so is a figure without panels. Each panel's note sets the months its estimates rest on beside the
   * seed's.
   *
   * @param comparisonOnlyStart the comparison-only start group's first month (YYYYMM), where the estimation
   *     stops (the month before); empty when unknown
   */
  static List<EventStudyFigure.Panelled> figures(ReportSettings settings, EstimateTables estimates,
                                                 Optional<Integer> comparisonOnlyStart) {
    List<EventStudyFigure.Panelled> figures = new ArrayList<>();
    for (ReportSettings.FigureSpec figure : settings.figures().list()) {
      Optional<ReportSettings.Model> configured = settings.model(figure.model());
      if (configured.isEmpty()) {
        continue; // no estimates: named by missingFigures
      }
      ReportSettings.Model model = configured.get();
      String title = figure.caption();
      List<EventStudyFigure.Draft> panels = new ArrayList<>();
      List<String> shown = new ArrayList<>();
      for (int i = 0; i < figure.panels().size(); i++) {
        ReportSettings.PanelSpec panel = figure.panels().get(i);
        ReportSettings.Outcome outcome = settings.outcome(panel.outcome());
        int[] window = settings.figures().window(panel, outcome);
        List<Estimate> points = estimates.eventStudy(outcome.name(), model.code(), window);
        if (points.isEmpty()) {
          continue;
        }
        String numeral = "(" + ReportSettings.PANEL_NUMERALS.get(i) + ")";
        String panelTitle = figure.panels().size() == 1 ? title
            : "Figur " + figure.number() + " " + numeral + " " + (panel.caption().isEmpty() ? outcome.label() : panel.caption());
        panels.add(EventStudyFigure.draft("figur_" + figure.number() + "_" + outcome.name(), panelTitle,
            outcome.label(), window, points, model.label(),
            measured(settings, model, outcome, figure.seedMonths(), comparisonOnlyStart), EventStudyFigure.TimeAxis.MEETING_MONTHS));
        shown.add(numeral + " " + outcome.label() + ", " + window[0] + " till " + window[1] + " månader");
      }
      if (!panels.isEmpty()) {
        figures.add(new EventStudyFigure.Panelled("figur_" + figure.number(), title, panels.size() + " paneler, var "
            + "och en med egen skala: " + String.join("; ", shown) + ".", panels));
      }
    }
    return figures;
  }

  /** The seed figures of the catalogue the run has no estimates for (their model or outcomes not estimated). */
  static String missingFigures(ReportSettings settings, List<EventStudyFigure.Panelled> drawn) {
    List<String> missing = settings.figures().list().stream().filter(f -> drawn.stream()
        .noneMatch(d -> d.id().equals("figur_" + f.number()))).map(f -> f.number() + " (" + f.model() + ")").toList();
    return missing.isEmpty() ? "" : " Utan skattningar i körningen (figurens modell och utfall) och därför inte "
        + "redovisade: figur " + String.join(", ", missing) + ".";
  }

  /**
   * The calendar months a figure's estimates rest on, as the estimate step cuts them: from the model's
   * first month or the outcome's first measured month, whichever is later, to the model's last, the
   * panel's or the month before the comparison-only start group's first, whichever is first; beside the
   * seed's ("mätt under perioden ...").
   */
  static String measured(ReportSettings settings, ReportSettings.Model model, ReportSettings.Outcome outcome,
                         int[] seedMonths, Optional<Integer> comparisonOnlyStart) {
    int from = Math.max(model.from(), outcome.firstPeriod());
    int to = Math.min(model.to(), settings.figures().panelTo());
    String end = "";
    if (comparisonOnlyStart.isPresent()) {
      int start = comparisonOnlyStart.get();
      int before = start % 100 == 1 ? (start / 100 - 1) * 100 + 12 : start - 1;
      if (before < to) {
        to = before;
        end = " (skattningen slutar månaden före den sista startgruppens första möte)";
      }
    }
    return "mätt under perioden " + ReportSettings.monthText(from) + "–" + ReportSettings.monthText(to) + end
        + "; ISF 2024:12: mätt under perioden " + ReportSettings.monthText(seedMonths[0]) + "–"
        + ReportSettings.monthText(seedMonths[1]) + (from == seedMonths[0] ? "" : ", en annan första månad");
  }

  private static Optional<Dataset<Row>> table(JobContext context, String name, StructType emptySchema) {
    return table(context, name, emptySchema, Zone.RESULTS);
  }

  /** The Delta table, or an empty frame of {@code emptySchema} (empty Optional when null) if it is absent. */
  private static Optional<Dataset<Row>> table(JobContext context, String name, StructType emptySchema, Zone zone) {
    String path = context.warehouse().table(zone, name);
    if (context.warehouse().exists(path, context.spark().sparkContext().hadoopConfiguration())) {
      return Optional.of(context.spark().read().format("delta").load(path));
    }
    return emptySchema == null ? Optional.empty()
        : Optional.of(context.spark().createDataFrame(List.of(), emptySchema));
  }

  /** The result and panel tables' Delta versions, the run reported and the report's settings. */
  @Override
  public java.util.Optional<String> inputsFingerprint(JobContext context) {
    se.finsam.warehouse.Fingerprint f =
        se.finsam.warehouse.Fingerprint.using(context.spark().sparkContext().hadoopConfiguration())
            .add(context.runId());
    for (String table : java.util.List.of(ResultSchemas.ATT_GT, ResultSchemas.AGGTE, ResultSchemas.PRETEST)) {
      f.addDeltaVersion(context.warehouse().table(Zone.RESULTS, table));
    }
    f.addDeltaVersion(context.warehouse().table(Zone.PANEL, "population"))
        .addDeltaVersion(context.warehouse().table(Zone.PANEL, "person_month"))
        .addDeltaVersion(context.warehouse().table(Zone.CURATED, Contracts.EXPERIMENT_DELTAGARE.name()))
        .addDeltaVersion(context.warehouse().table(Zone.CURATED, Contracts.SCB_BAKGRUND_AR.name()));
    for (String path : java.util.List.of("finsam.report", "finsam.disclosure", "finsam.outcomes", "finsam.estimate.models")) {
      f.addConfig(context.config(), path);
    }
    return java.util.Optional.of(f.value());
  }

  public static void main(String[] args) {
    JobRunner.exit(new ReportJob(), args);
  }
}
