package se.finsam.linkage;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.finsam.indicators.HiSource;
import se.finsam.indicators.Outcomes;
import se.finsam.jobs.Job;
import se.finsam.jobs.JobContext;
import se.finsam.jobs.JobOption;
import se.finsam.jobs.JobRunner;
import se.finsam.schemas.Contracts;
import se.finsam.schemas.TableContract;
import se.finsam.spark.SessionSettings;
import se.finsam.warehouse.Zone;

/**
 * Builds {@code panel/population} and {@code panel/person_month} from the curated tables (SPEC 4-6).
 * A thin composition of the transformations of this package and {@code se.finsam.indicators}.
 */
public final class PanelJob implements Job {
  public static final String POPULATION = "population";
  public static final String PERSON_MONTH = "person_month";
  private static final Logger LOG = LoggerFactory.getLogger(PanelJob.class);

  @Override
  public String name() {
    return "panel";
  }

  @Override
  public String summary() {
    return "link the curated tables into the study population and the person-month panel";
  }

  @Override
  public List<JobOption> options() {
    return List.of(
        JobOption.of("warehouse", "finsam.warehouse", "warehouse root"),
        JobOption.of("design", "finsam.panel.design", "study population: experiment or sus"),
        JobOption.of("from", "finsam.panel.from", "first month of the panel (YYYYMM)"),
        JobOption.of("to", "finsam.panel.to", "last month of the panel (YYYYMM)"),
        JobOption.of("startgrupper", "finsam.panel.startgrupp.count", "number of start groups K (last = comparison-only)"),
        JobOption.of("group-period", "finsam.panel.startgrupp.period", "a group's treatment period: first, median or own"),
        JobOption.of("bistand-members", "finsam.panel.bistand-members", "who shares a household's bistånd: all or adults"));
  }

  @Override
  public void run(JobContext context) {
    PanelSettings s = PanelSettings.from(context.config());
    SparkSession spark = context.spark();
    Dataset<Row> bakgrund = curated(context, Contracts.SCB_BAKGRUND_AR);
    Dataset<Row> midas = curated(context, Contracts.MIDAS_ERSATTNING);

    Dataset<Row> treated = switch (s.design()) {
      case EXPERIMENT -> StudyPopulation.experiment(curated(context, Contracts.EXPERIMENT_DELTAGARE));
      case SUS -> StudyPopulation.susParticipants(curated(context, Contracts.SUS_DELTAGANDE));
    };
    // Persons per treatment month: a few dozen numbers, the only thing the driver collects.
    SortedMap<Integer, Long> counts = new TreeMap<>();
    for (Row r : treated.groupBy("treatment_period").count().collectAsList()) {
      counts.put(r.getInt(0), r.getLong(1));
    }
    StartGroups groups = StartGroups.of(counts, s);
    LOG.info("start groups (first months {}): persons per group {}; group {} is comparison-only from {}",
        groups.starts(), groups.sizes(), groups.size(), groups.lastGroupStart());
    Dataset<Row> base = treated;
    if (s.design() == PanelSettings.Design.SUS && s.susComparisonPool()) {
      base = base.unionByName(StudyPopulation.susComparisonPool(treated, midas, bakgrund,
          curated(context, Contracts.FORBUND_MEDLEMSKAP), s.poolFormaner(), s.from(), s.to()));
    }
    Dataset<Row> population = StudyPopulation.withBaseline(
        groups.assign(base, s.groupPeriod()), bakgrund, groups.starts().get(0));
    String populationPath = context.warehouse().table(Zone.PANEL, POPULATION);
    population.write().format("delta").mode("overwrite").option("overwriteSchema", "true").save(populationPath);
    population = spark.read().format("delta").load(populationPath);
    context.metrics().wrote("panel/" + POPULATION, population.count());

    Dataset<Row> pids = population.select("pid");
    // Households are kept whole: the division needs every member, not only population persons.
    Dataset<Row> bistand = curated(context, Contracts.SOS_EKONOMISKT_BISTAND);
    List<Dataset<Row>> facts = List.of(
        MonthlyFacts.midas(inPopulation(midas, pids), s),
        MonthlyFacts.af(inPopulation(curated(context, Contracts.AF_SOKANDEKATEGORI), pids),
            inPopulation(curated(context, Contracts.AF_ANSTALLNINGSSTOD), pids), s),
        Wages.monthly(inPopulation(curated(context, Contracts.SCB_AGI_MANAD), pids),
            inPopulation(curated(context, Contracts.SCB_JOBB_AR), pids), s.agiFrom()),
        Bistand.perPerson(bistand.join(inPopulation(bistand, pids).select("hushall_id").distinct(),
            Keys.of("hushall_id"), "left_semi"), s.bistandAdultsOnly()),
        MonthlyFacts.incomeComponents(inPopulation(curated(context, Contracts.SCB_INKOMST_MANAD), pids), s),
        MonthlyFacts.kommunInsats(inPopulation(curated(context, Contracts.SOS_ARBETSMARKNADSINSATS), pids)),
        MonthlyFacts.scbHi(inPopulation(optional(context, Contracts.SCB_HI_MANAD), pids),
            inPopulation(optional(context, Contracts.SCB_HI_AR), pids)));
    Dataset<Row> combined = PersonMonths.combine(population, facts, s.from(), s.to());
    // Every month of every person, the comparison-only group's months from its first month on too: the
    // descriptive tables read them (seed 002 B3, B4); the estimate step leaves them out (EstimateJob.lastUsableMonth).
    Dataset<Row> panel = PersonMonths.withTimeIndex(Outcomes.derive(combined, s), s.monthIndexOrigin());
    String panelPath = context.warehouse().table(Zone.PANEL, PERSON_MONTH);
    Map<String, String> writeSettings = Map.of(
        // Each task writes rows person by person, so all years at once: one open writer per year instead
        // of Spark's sort of every row by part_ar before the write (it spilled at 100 000 persons). Spark
        // falls back to that sort when the writers reach the limit, so the limit is one above the years.
        "spark.sql.maxConcurrentOutputFileWriters", String.valueOf(Periods.year(s.to()) - Periods.year(s.from()) + 2),
        // Parquet's dictionary encoding looks up every value of every column in a hash map: a tenth of the
        // step's CPU (README "Benchmark"). Plain pages are twice the size on disk and no slower to read.
        ParquetOutputFormat.ENABLE_DICTIONARY, "false");
    SessionSettings.during(spark, writeSettings, () -> panel.write().format("delta").mode("overwrite")
        .option("overwriteSchema", "true").option("partitionOverwriteMode", "static")
        .partitionBy("part_ar").save(panelPath));
    // One scan for the row count and the provenance (SPEC 5.1): how many person-months took HI from SCB's
    // monthly or yearly HI or built it (null: no HI that month).
    long rows = 0;
    for (Row r : spark.read().format("delta").load(panelPath).groupBy(HiSource.COLUMN).count()
        .orderBy(HiSource.COLUMN).collectAsList()) {
      rows += r.getLong(1);
      if (!r.isNullAt(0)) {
        LOG.info("HI provenance: {} person-months from {}", r.getLong(1), r.getString(0));
      }
    }
    context.metrics().wrote("panel/" + PERSON_MONTH, rows);
  }

  /**
   * An optional input (Contracts.OPTIONAL): its curated table, or no rows with its contract's columns
   * when the warehouse has none, so that the panel falls back to what it builds itself.
   */
  private static Dataset<Row> optional(JobContext context, TableContract contract) {
    String path = context.warehouse().table(Zone.CURATED, contract.name());
    if (context.warehouse().exists(path, context.spark().sparkContext().hadoopConfiguration())) {
      return read(context, contract, path);
    }
    LOG.info("optional input {} is not in the warehouse: none of its rows are used", contract.name());
    return context.spark().createDataFrame(new java.util.ArrayList<Row>(), contract.schema());
  }

  private static Dataset<Row> curated(JobContext context, TableContract contract) {
    String path = context.warehouse().table(Zone.CURATED, contract.name());
    if (!context.warehouse().exists(path, context.spark().sparkContext().hadoopConfiguration())) {
      throw new IllegalStateException("curated table " + contract.name() + " is missing at " + path
          + "; run the ingest job first");
    }
    return read(context, contract, path);
  }

  private static Dataset<Row> read(JobContext context, TableContract contract, String path) {
    Dataset<Row> table = context.spark().read().format("delta").load(path);
    context.metrics().read("curated/" + contract.name(), table.count());
    return table;
  }

  private static Dataset<Row> inPopulation(Dataset<Row> source, Dataset<Row> pids) {
    return source.join(pids, Keys.of("pid"), "left_semi");
  }

  /** The curated tables' Delta versions and the settings the panel is built with. */
  @Override
  public java.util.Optional<String> inputsFingerprint(JobContext context) {
    se.finsam.warehouse.Fingerprint f =
        se.finsam.warehouse.Fingerprint.using(context.spark().sparkContext().hadoopConfiguration());
    for (TableContract contract : Contracts.ALL) {
      f.addDeltaVersion(context.warehouse().table(Zone.CURATED, contract.name()));
    }
    for (String path : java.util.List.of("finsam.panel", "finsam.hi", "finsam.af", "finsam.outcomes")) {
      f.addConfig(context.config(), path);
    }
    return java.util.Optional.of(f.value());
  }

  public static void main(String[] args) {
    JobRunner.exit(new PanelJob(), args);
  }
}
