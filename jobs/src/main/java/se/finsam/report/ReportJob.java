package se.finsam.report;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import se.finsam.jobs.Job;
import se.finsam.jobs.JobContext;
import se.finsam.jobs.JobOption;
import se.finsam.jobs.JobRunner;
import se.finsam.results.ResultSchemas;
import se.finsam.schemas.Contracts;
import se.finsam.warehouse.Zone;

/**
 * Writes the published report of one run to {@code reports/<run id>/}: {@code index.html} (tables
 * and event-study figures of seed 002, Swedish number style) and one CSV per table and figure, all
 * after small-cell suppression.
 */
public final class ReportJob implements Job {
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
        JobOption.of("min-persons", "finsam.disclosure.min-persons", "suppress cells of fewer persons (0 = none)"));
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
    List<HtmlReport.Part> parts = new ArrayList<>();
    String modelsText = "Kolumnerna är modellerna: " + String.join("; ", settings.models().stream()
        .map(ReportSettings.Model::label).toList()) + ".";
    parts.add(new HtmlReport.Part("effekter", "Effekter av samordnat stöd",
        "Tabellerna följer ISF 2024:12 (tabell 1–9). " + modelsText, estimates.headlineTables(), List.of()));
    parts.add(new HtmlReport.Part("figurer", "Effekter per månad före och efter första mötet",
        "Händelsestudier som i ISF 2024:12 figur 2–7.", List.of(), figures(settings, estimates)));
    List<ReportTable> beforeAfter = new ArrayList<>(estimates.beforeAfterTables());
    estimates.pretestTable(ResultReader.pretests(pretest)).ifPresent(beforeAfter::add);
    parts.add(new HtmlReport.Part("fore-efter", "Före och efter första mötet",
        "Som ISF 2024:12 tabell B8–B16, och förtest av parallella trender.", beforeAfter, List.of()));

    Optional<Dataset<Row>> deltagare = table(context, Contracts.EXPERIMENT_DELTAGARE.name(), null, Zone.CURATED);
    Optional<EventStudyFigure.Figure> participation = deltagare.flatMap(d -> ParticipationFigure.build(d, settings));
    participation.ifPresent(f -> context.metrics().read("curated/experiment_deltagare (tillfrågade, figur 1)",
        f.data().rows().size() - 1));
    parts.add(new HtmlReport.Part("rekrytering", "Tillfrågade och deltagare", participation.isPresent()
        ? "Som ISF 2024:12 figur 1." : "Experimentets deltagartabell (curated/experiment_deltagare) finns inte i "
        + "lagret eller är tom; figur 1 utgår.", List.of(), participation.stream().toList()));

    Optional<Dataset<Row>> population = table(context, "population", null, Zone.PANEL);
    Optional<Dataset<Row>> personMonth = table(context, "person_month", null, Zone.PANEL);
    List<ReportTable> participants = new ArrayList<>();
    if (population.isPresent() && personMonth.isPresent()) {
      inputRows.put("panel/population", population.get().count());
      context.metrics().read("panel/population", inputRows.get("panel/population"));
      participants.add(HiDistribution.build(population.get(), personMonth.get(), settings));
      for (BalanceTable.Comparison comparison : BalanceTable.comparisons(settings)) {
        BalanceTable.build(comparison, population.get(), personMonth.get(), settings).ifPresent(participants::add);
      }
    }
    parts.add(new HtmlReport.Part("deltagare", "Deltagarna", participants.isEmpty()
        ? "Paneltabellerna (panel/population, panel/person_month) finns inte i lagret; inga beskrivande tabeller."
        : "Som ISF 2024:12 tabell B1 och B3–B7. Tabell B2 (jämförelse med Försäkringskassans årliga "
        + "redovisning av samtliga deltagare i samordningsförbundens insatser) bygger på uppgifter utanför "
        + "registren och ingår inte.", participants, List.of()));

    List<ReportTable> published = new ArrayList<>();
    parts.forEach(p -> published.addAll(p.tables()));
    parts.forEach(p -> p.figures().forEach(f -> published.add(f.data())));
    long suppressedCells = published.stream().flatMap(t -> t.cells().stream()).filter(ReportTable.Cell::suppressed).count();
    parts.add(new HtmlReport.Part("rojandekontroll", "Röjandekontroll",
        "Varje publicerad cell som bygger på färre än " + settings.minPersons() + " personer är ersatt med \"..\", "
        + "och i tabeller med summor är ytterligare celler undertryckta så att ingen undertryckt cell kan räknas "
        + "fram ur summorna. Skattningar undertrycks när färre än " + settings.minPersons() + " behandlade personer "
        + "ligger bakom dem. I rapporten är " + suppressedCells + " celler undertryckta"
        + (settings.minPersons() <= 0 ? " (röjandekontrollen är avstängd i denna konfiguration)." : "."),
        List.of(), List.of()));
    List<ReportTable> provenance = Provenance.build(context.spark(), context.warehouse(), context.config(), runId, inputRows);
    parts.add(new HtmlReport.Part("proveniens", "Proveniens", "Vad rapporten bygger på.", provenance, List.of()));
    published.addAll(provenance);

    String generated = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(ZonedDateTime.now(ZoneOffset.UTC));
    String html = HtmlReport.render("Samordnat stöd – effektutvärdering", "Körning " + runId + ", skapad " + generated
        + ". Röjandegräns: " + settings.minPersons() + " personer.", parts);

    Path dir = new Path(context.warehouse().table(Zone.REPORTS, runId));
    FileSystem fs = dir.getFileSystem(context.spark().sparkContext().hadoopConfiguration());
    fs.setWriteChecksum(false); // no .crc side files next to the published report on a local warehouse
    fs.delete(dir, true);
    write(fs, new Path(dir, "index.html"), html);
    for (ReportTable t : published) {
      write(fs, new Path(dir, t.id() + ".csv"), t.csv());
    }
    context.metrics().wrote("reports/" + runId + "/index.html (suppressed cells: " + suppressedCells + ")", 1);
    context.metrics().wrote("reports/" + runId + " CSV files", published.size());
  }

  private static List<EventStudyFigure.Figure> figures(ReportSettings settings, EstimateTables estimates) {
    String modelLabel = settings.models().stream().filter(m -> m.code().equals(settings.figures().model()))
        .map(ReportSettings.Model::label).findFirst().orElse(settings.figures().model());
    List<EventStudyFigure.Figure> figures = new ArrayList<>();
    int number = 2;
    for (String name : settings.figures().outcomes()) {
      ReportSettings.Outcome outcome = settings.outcome(name);
      int[] window = settings.figures().window(outcome);
      List<Estimate> points = estimates.eventStudy(name, settings.figures().model(), window);
      if (points.isEmpty()) {
        continue;
      }
      figures.add(EventStudyFigure.render("figur_" + name, "Figur " + number++ + " " + outcome.label()
          + ": skillnad mellan de som träffat teamen och kontrollgruppen", outcome.label(), window, points,
          estimates::suppressed, modelLabel));
    }
    return figures;
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

  /** Writes one published file (HTML or CSV) as UTF-8. */
  public static void write(FileSystem fs, Path path, String content) throws IOException {
    try (OutputStream out = fs.create(path, true)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
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
        .addDeltaVersion(context.warehouse().table(Zone.CURATED, Contracts.EXPERIMENT_DELTAGARE.name()));
    for (String path : java.util.List.of("finsam.report", "finsam.disclosure", "finsam.outcomes", "finsam.estimate.models")) {
      f.addConfig(context.config(), path);
    }
    return java.util.Optional.of(f.value());
  }

  public static void main(String[] args) {
    JobRunner.exit(new ReportJob(), args);
  }
}
