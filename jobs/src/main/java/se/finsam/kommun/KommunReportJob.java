package se.finsam.kommun;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import se.finsam.disclosure.CheckedOutputs;
import se.finsam.disclosure.DisclosureSettings;
import se.finsam.disclosure.OutputChecker;
import se.finsam.disclosure.RunLedger;
import se.finsam.disclosure.TableDraft;
import se.finsam.jobs.Job;
import se.finsam.jobs.JobContext;
import se.finsam.jobs.JobOption;
import se.finsam.jobs.JobRunner;
import se.finsam.report.Estimate;
import se.finsam.report.EventStudyFigure;
import se.finsam.report.HtmlReport;
import se.finsam.report.ReportFolder;
import se.finsam.report.Provenance;
import se.finsam.report.ReportJob;
import se.finsam.report.ReportTable;
import se.finsam.results.ResultSchemas;
import se.finsam.warehouse.AuditLog;
import se.finsam.warehouse.Fingerprint;
import se.finsam.warehouse.Zone;

/**
 * {@code ./finsam kommun-report}: {@code reports/<run>/kommun.html} and one CSV per table
 * ({@code kommun_*.csv}) from {@code results/kommun/*} and {@code panel/kommun_ar}, in seed 002's report
 * style, with the disclosure rules of {@code finsam.disclosure}.
 */
public final class KommunReportJob implements Job {
  /** The design's name in the run's report folder and disclosure ledger. */
  public static final String DESIGN = "kommun";
  private static final String P = "finsam.kommun.report.";

  @Override
  public String name() {
    return "kommun-report";
  }

  @Override
  public String summary() {
    return "the municipality panel's report: reports/<run>/kommun.html + CSV (seed 001)";
  }

  @Override
  public List<JobOption> options() {
    return List.of(
        JobOption.of("warehouse", "finsam.warehouse", "warehouse root"),
        JobOption.of("run-id", "finsam.run-id", "run whose results/kommun rows are reported (default: the last kommun-estimate)"),
        JobOption.of("from-year", "finsam.kommun.years.from", "first year of the panel"),
        JobOption.of("to-year", "finsam.kommun.years.to", "last year of the panel"));
  }

  @Override
  public void run(JobContext context) throws IOException {
    KommunSettings s = KommunSettings.from(context.config());
    int minPersons = context.config().getInt("finsam.disclosure.min-persons");
    int maxEventTime = KommunEstimateSettings.from(context.config()).maxEventTime();
    List<Integer> window = context.config().getIntList(P + "figure-window");
    Dataset<Row> aggteAll = results(context, ResultSchemas.AGGTE);
    // The chain's run id when kommun-estimate ran in it; else the results of the last estimate that did.
    String runId = context.runId();
    if (aggteAll.filter(col("run_id").equalTo(runId)).isEmpty()) {
      runId = new AuditLog(context.spark(), context.warehouse()).lastSuccessfulRunId("kommun-estimate")
          .orElseThrow(() -> new IllegalStateException("results/kommun/aggte has no rows for run '" + context.runId()
              + "' and no kommun-estimate has succeeded; run ./finsam kommun-estimate first"));
    }
    String run = runId;
    List<Row> aggte = aggteAll.filter(col("run_id").equalTo(run)).collectAsList();
    List<Row> pretest = results(context, ResultSchemas.PRETEST).filter(col("run_id").equalTo(run)).collectAsList();
    Dataset<Row> panelTable = context.spark().read().format("delta").load(context.warehouse().table(Zone.PANEL, KommunPanel.TABLE));
    List<KommunSample.PanelRow> panel = KommunEstimateJob.read(panelTable);
    Map<String, Long> inputRows = new LinkedHashMap<>();
    inputRows.put("results/kommun/aggte (körningen)", (long) aggte.size());
    inputRows.put("results/kommun/pretest (körningen)", (long) pretest.size());
    inputRows.put("panel/kommun_ar", (long) panel.size());
    inputRows.forEach(context.metrics()::read);
    String studySource = panelTable.select("studier_kalla").first().getString(0);

    KommunTables tables = new KommunTables(s);
    // Every table and figure is drafted first and published only through the one output checker.
    List<TableDraft> drafts = new ArrayList<>();
    List<EventStudyFigure.Draft> figureDrafts = new ArrayList<>();
    TableDraft table1 = tables.municipalitiesByJoiningYear("kommun_tabell_1", "Tabell 1 Kommuner efter anslutningsår", panel);
    TableDraft table2 = tables.coverage("kommun_tabell_2", "Tabell 2 Kommuner i förbund och andel av befolkningen per år", panel);
    drafts.add(table1);
    drafts.add(table2);
    record GroupDrafts(KommunSettings.Grupp grupp, TableDraft effects, List<EventStudyFigure.Draft> figures) {}
    List<GroupDrafts> groups = new ArrayList<>();
    int tableNumber = 3;
    int figureNumber = 1;
    for (KommunSettings.Grupp grupp : s.groups()) {
      Map<String, List<Estimate>> byOutcome = new LinkedHashMap<>();
      Map<String, Map<Integer, Double>> simpleWeights = new HashMap<>();
      for (Row r : aggte) {
        if (r.getString(r.fieldIndex("model")).equals(grupp.name())) {
          Estimate e = estimate(r);
          byOutcome.computeIfAbsent(e.outcome(), k -> new ArrayList<>()).add(e);
          int w = java.util.Arrays.asList(r.schema().fieldNames()).indexOf("simple_weight");
          if (w >= 0 && !r.isNullAt(w)) {
            simpleWeights.computeIfAbsent(e.outcome(), k -> new HashMap<>()).put(e.egt(), r.getDouble(w));
          }
        }
      }
      Map<String, Double> pretestP = new HashMap<>();
      for (Row r : pretest) {
        int p = r.fieldIndex("pvalue");
        if (r.getString(r.fieldIndex("model")).equals(grupp.name()) && !r.isNullAt(p)) {
          pretestP.put(r.getString(r.fieldIndex("outcome")), r.getDouble(p));
        }
      }
      List<EventStudyFigure.Draft> figures = new ArrayList<>();
      for (Utfall u : Utfall.values()) {
        if (byOutcome.containsKey(u.column())) {
          figures.add(tables.figure("kommun_figur_" + grupp.name() + "_" + u.column(), "Figur " + figureNumber++ + " "
              + u.label() + ", " + grupp.label().toLowerCase(java.util.Locale.ROOT)
              + ": skillnad mellan kommuner i förbund och övriga, per år före och efter anslutningen",
              grupp, u, byOutcome.get(u.column()), new int[] {window.get(0), window.get(1)}));
        }
      }
      TableDraft effects = tables.effects("kommun_tabell_" + tableNumber, "Tabell " + tableNumber++ + " Effekter efter år "
          + "sedan anslutningen, " + grupp.label().toLowerCase(java.util.Locale.ROOT), grupp, byOutcome, simpleWeights, pretestP, maxEventTime);
      drafts.add(effects);
      figures.forEach(f -> drafts.add(f.data()));
      figureDrafts.addAll(figures);
      groups.add(new GroupDrafts(grupp, effects, figures));
    }
    List<TableDraft> provenance = Provenance.build(context.spark(), context.warehouse(), context.config(), run, inputRows)
        .stream().map(TableDraft::plain).toList();
    drafts.addAll(provenance);
    CheckedOutputs checked = RunLedger.of(context, run).checkAndRecord(DESIGN,
        prior -> new OutputChecker(DisclosureSettings.from(context.config())).check(drafts, List.of(), prior));
    Map<String, ReportTable> published = new LinkedHashMap<>();
    checked.tables().forEach(t -> published.put(t.id(), t));

    List<HtmlReport.Part> parts = new ArrayList<>();
    parts.add(new HtmlReport.Part("kommuner", "Kommunerna och förbunden",
        "Utvärderingen bygger på att kommuner går med i samordningsförbund vid olika tidpunkter (ISF 2019). "
            + "Åren " + s.fromYear() + "–" + s.toYear() + ".",
        List.of(published.get(table1.id()), published.get(table2.id())), List.of()));
    for (GroupDrafts g : groups) {
      parts.add(new HtmlReport.Part("grupp_" + g.grupp().name(), g.grupp().label(), "Andelar av befolkningen i gruppen "
          + "som under året haft utfallet." + (g.grupp().name().equals("unga") ? " UVAS: varken löneinkomst eller studier under året." : ""),
          List.of(published.get(g.effects().id())),
          g.figures().stream().map(f -> f.render().apply(published.get(f.data().id()))).toList()));
    }
    long suppressedCells = checked.tables().stream().flatMap(t -> t.cells().stream()).filter(ReportTable.Cell::suppressed).count();
    boolean csn = studySource.equals(KommunPanelJob.CSN_TABLE);
    parts.add(new HtmlReport.Part("metod", "Data och röjandekontroll",
        "Studier: " + (csn ? "studiemedel eller studiehjälp från CSN (curated/csn_studiestod_ar)."
            : "tabellen curated/csn_studiestod_ar finns inte i lagret; studier mäts i stället som inkomstkomponenterna "
            + studySource + " över noll under året (ANTAGANDE).")
            + " Varje tabell och figur har gått genom utdatakontrollen (finsam.disclosure); undertryckta celler visas "
            + "som \"..\". Skattningarna är sammanvägningar över kommuner. I rapporten är " + suppressedCells
            + " celler undertryckta.",
        List.of(), List.of()));
    parts.add(new HtmlReport.Part("proveniens", "Proveniens", "Vad rapporten bygger på.",
        provenance.stream().map(d -> published.get(d.id())).toList(), List.of()));
    List<ReportTable> publishedTables = new ArrayList<>(published.values());

    String generated = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(ZonedDateTime.now(ZoneOffset.UTC));
    String html = HtmlReport.render("Samordningsförbundens totala effekt – kommuner som enheter",
        "Körning " + run + ", skapad " + generated + ". Röjandegräns: " + minPersons + " personer.", parts);
    ReportFolder.Files files = new ReportFolder.Files()
        .addTables(publishedTables, id -> id.startsWith("kommun") ? id : "kommun_" + id)
        .add("kommun_checked_outputs.csv", checked.csv()).add("kommun.html", html);
    ReportFolder.at(context.warehouse().table(Zone.REPORTS, run), context.spark().sparkContext().hadoopConfiguration())
        .publish(DESIGN, files);
    context.metrics().wrote("reports/" + run + "/kommun.html (suppressed cells: " + suppressedCells + ")", 1);
    context.metrics().wrote("reports/" + run + " kommun CSV files", publishedTables.size());
    // The files stay for inspection, but a report whose audit fails is a failed run.
    checked.requirePassed();
  }

  private static Estimate estimate(Row r) {
    int egt = r.fieldIndex("egt");
    return new Estimate(r.getString(r.fieldIndex("outcome")), r.getString(r.fieldIndex("model")),
        r.getString(r.fieldIndex("type")), r.isNullAt(egt) ? null : r.getInt(egt), number(r, "att"), number(r, "se"),
        number(r, "ci_lower"), number(r, "ci_upper"), r.getLong(r.fieldIndex("n_obs")), r.getLong(r.fieldIndex("n_persons")),
        null, null, null, null);
  }

  private static double number(Row r, String column) {
    int i = r.fieldIndex(column);
    return r.isNullAt(i) ? Double.NaN : r.getDouble(i);
  }

  private static Dataset<Row> results(JobContext context, String table) {
    String path = context.warehouse().table(Zone.RESULTS, KommunEstimateJob.RESULTS + table);
    if (!context.warehouse().exists(path, context.spark().sparkContext().hadoopConfiguration())) {
      throw new IllegalStateException("results/" + KommunEstimateJob.RESULTS + table + " is missing at " + path
          + "; run ./finsam kommun-estimate first");
    }
    return context.spark().read().format("delta").load(path);
  }

  /** The results' and panel's Delta versions, the run and the report's settings. */
  @Override
  public Optional<String> inputsFingerprint(JobContext context) {
    Fingerprint f = Fingerprint.using(context.spark().sparkContext().hadoopConfiguration()).add(context.runId());
    for (String table : List.of(ResultSchemas.AGGTE, ResultSchemas.PRETEST)) {
      f.addDeltaVersion(context.warehouse().table(Zone.RESULTS, KommunEstimateJob.RESULTS + table));
    }
    f.addDeltaVersion(context.warehouse().table(Zone.PANEL, KommunPanel.TABLE));
    for (String path : List.of("finsam.kommun", "finsam.disclosure")) {
      f.addConfig(context.config(), path);
    }
    return Optional.of(f.value());
  }

  public static void main(String[] args) {
    JobRunner.exit(new KommunReportJob(), args);
  }
}
