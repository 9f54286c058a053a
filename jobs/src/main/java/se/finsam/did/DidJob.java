package se.finsam.did;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.finsam.disclosure.CheckedOutputs;
import se.finsam.disclosure.DisclosureSettings;
import se.finsam.jobs.Job;
import se.finsam.jobs.JobContext;
import se.finsam.jobs.JobOption;
import se.finsam.jobs.JobRunner;
import se.finsam.jobs.UsageException;
import se.finsam.spark.JobGroups;
import se.finsam.spark.OneTask;

/**
 * Generic staggered DiD (Callaway and Sant'Anna, as R did's att_gt and aggte) on any long panel:
 * CSV, Parquet or Delta. Writes att_gt.csv, aggte_{simple,group,dynamic,calendar}.csv, pretest.csv,
 * event_study_averages.csv and warnings.txt unchecked into {@code --out}/not_for_publication (marked so);
 * with {@code --publish} the CSV files go through the output checker ({@code finsam.disclosure.*}) into
 * {@code --out} with checked_outputs.csv, and the command fails when the audit does.
 */
public final class DidJob implements Job {
  private static final Logger LOG = LoggerFactory.getLogger(DidJob.class);
  private static final String P = "finsam.did.";

  @Override
  public String name() {
    return "did";
  }

  @Override
  public String summary() {
    return "staggered doubly robust DiD (att_gt + aggte) on a long panel";
  }

  @Override
  public List<JobOption> options() {
    return List.of(
        JobOption.required("data", P + "data", "long panel: CSV file, Parquet or Delta table"),
        JobOption.required("yname", P + "yname", "outcome column"),
        JobOption.required("tname", P + "tname", "period column (integer)"),
        JobOption.required("idname", P + "idname", "unit id column"),
        JobOption.required("gname", P + "gname", "first treated period column, 0 = never treated"),
        JobOption.of("xformla", P + "xformla", "covariates, e.g. \"x1+x2\" (string columns become dummies)"),
        JobOption.of("control-group", P + "control-group", "nevertreated or notyettreated"),
        JobOption.of("est-method", P + "est-method", EstimationMethod.names()
            + " (R did's ipw = Stata csdid's stdipw; Stata csdid's ipw = ipw-abadie)"),
        JobOption.of("base-period", P + "base-period", "varying or universal"),
        JobOption.of("anticipation", P + "anticipation", "periods of anticipation"),
        JobOption.of("weightsname", P + "weightsname", "sampling weight column"),
        JobOption.flag("allow-unbalanced-panel", P + "allow-unbalanced-panel", "keep units missing some periods (estimated as repeated cross sections, as R)"),
        JobOption.flag("pair-balanced", P + "pair-balanced", "keep units missing some periods; each ATT(g,t) from the units observed in both of its periods (Stata csdid's default)"),
        JobOption.flag("bstrap", P + "bstrap", "multiplier bootstrap standard errors"),
        JobOption.of("biters", P + "biters", "bootstrap draws"),
        JobOption.of("seed", P + "seed", "bootstrap seed"),
        JobOption.of("clustervars", P + "clustervars", "cluster column (default: the unit)"),
        JobOption.flag("cband", P + "cband", "uniform (simultaneous) confidence bands from the multiplier bootstrap (att_gt: only with --bstrap, as R)"),
        JobOption.of("alp", P + "alp", "significance level"),
        JobOption.of("min-e", P + "min-e", "shortest event time of the dynamic aggregation"),
        JobOption.of("max-e", P + "max-e", "longest event time (also limits simple and group)"),
        JobOption.of("balance-e", P + "balance-e", "balance the event study up to this event time"),
        JobOption.flag("publish", P + "publish", "check the outputs for disclosure and write them for publication "
            + "(otherwise they go, unchecked, into <out>/not_for_publication)"),
        JobOption.required("out", P + "out", "output folder"));
  }

  @Override
  public void run(JobContext context) throws Exception {
    Config c = context.config().getConfig("finsam.did");
    String cluster = clusterVariable(c.getString("clustervars"), c.getString("idname"));
    EstimateSettings settings = settings(c, !cluster.isEmpty());
    PanelColumns columns = new PanelColumns(c.getString("yname"), c.getString("tname"), c.getString("idname"),
        c.getString("gname"), c.getString("weightsname"), cluster, c.getString("xformla"));
    long driverMaxBytes = (long) (c.getDouble("driver-heap-share") * Runtime.getRuntime().maxMemory());
    Optional<List<java.nio.file.Path>> csv = DriverPivot.csvFiles(c.getString("data"), driverMaxBytes);
    if (csv.isPresent()) {
      // No Spark session at all: for a small CSV its start, planning and JIT cost far more than the work.
      DriverPivot.Panel panel = DriverPivot.pivot(csv.get(), columns);
      LOG.info("did: {} units from {} rows read, pivoted and estimated in the driver (CSV of at most {} MiB: "
          + "finsam.did.driver-heap-share = {} of the heap)", panel.units().size(), panel.completeRows(),
          driverMaxBytes >> 20, c.getDouble("driver-heap-share"));
      write(context, c, output(StaggeredDid.estimate(new LocalUnits(panel.units()), panel.periods(), settings)),
          panel.rows(), panel.incompleteRows());
      return;
    }
    SparkSession spark = context.spark();
    // Every Spark job of the command, from the first look at the input on, reads as the did run in the UI.
    JobGroups.enter(spark.sparkContext(), "did/" + c.getString("yname"), "did " + c.getString("yname"));
    try {
      JobGroups.step(spark.sparkContext(), "read " + c.getString("data"));
      // Only the covariates' types need inferring (text becomes dummies); the pivot reads the other columns
      // of a CSV as text as DriverPivot does, so without covariates the inference's full read is left out.
      Dataset<Row> data = read(spark, c.getString("data"), !columns.covariates().isEmpty());
      JobGroups.step(spark.sparkContext(), "pivot: one record per unit");
      UnitPivot.Pivoted pivoted = UnitPivot.pivot(data, columns);
      long localMaxRows = c.getLong("local-max-rows");
      DidJobOutput out;
      if (pivoted.completeRows() <= localMaxRows) {
        LOG.info("did: {} rows estimated in one task (finsam.did.local-max-rows = {})", pivoted.completeRows(),
            localMaxRows);
        JobGroups.step(spark.sparkContext(), "estimate in one task");
        out = inOneTask(pivoted, settings);
      } else {
        LOG.info("did: {} rows estimated by passes over the executors (more than finsam.did.local-max-rows = {})",
            pivoted.completeRows(), localMaxRows);
        out = output(StaggeredDid.estimate(units(pivoted, cluster.isEmpty()), pivoted.periods(), settings));
      }
      write(context, c, out, pivoted.rows(), pivoted.incompleteRows());
    } finally {
      JobGroups.leave(spark.sparkContext());
    }
  }

  /** The outputs of one estimate: every file's rows and the warnings, aggregates only. */
  private static DidJobOutput output(StaggeredDid.Result result) {
    DidJobOutput out = new DidJobOutput();
    out.attGt(result.attGt(), result.inference());
    for (AggregationType type : AggregationType.values()) {
      out.aggregation(result.aggregation(type), result.attGt());
    }
    out.eventStudyAverages(result.eventStudyAverages(), result.attGt());
    out.pretest(result.pretest(), result.attGt());
    out.warnings(result.warnings());
    return out;
  }

  /**
   * A small panel estimated in one task, on {@link LocalUnits} (the same estimator): each pass on the
   * executors would be a Spark job costing a few hundred milliseconds of scheduling, more than the sums
   * of a few thousand rows. The units are coalesced into the task without a shuffle, and only the
   * outputs' rows come back to the driver, never the units.
   */
  static DidJobOutput inOneTask(UnitPivot.Pivoted pivoted, EstimateSettings settings) {
    int[] periods = pivoted.periods();
    List<DidJobOutput> outputs = OneTask.run(pivoted.units(),
        units -> List.of(output(StaggeredDid.estimate(new LocalUnits(units), periods, settings))));
    // An input without rows may have no partition at all; the estimator then says what is missing.
    return outputs.isEmpty() ? output(StaggeredDid.estimate(new LocalUnits(List.of()), periods, settings))
        : outputs.get(0);
  }

  private static void write(JobContext context, Config c, DidJobOutput out, long rows, long incompleteRows)
      throws java.io.IOException {
    context.metrics().read(c.getString("data"), rows);
    if (incompleteRows > 0) {
      context.metrics().rejected("rows with missing values", incompleteRows);
    }
    out.warnings().forEach(w -> LOG.warn("did: {}", w));
    if (c.getBoolean("publish")) {
      CheckedOutputs checked = out.publish(c.getString("out"), context.hadoop(),
          DisclosureSettings.from(context.config()));
      context.metrics().wrote(c.getString("out") + "/att_gt.csv (checked)", out.cells());
      context.metrics().wrote(c.getString("out") + "/" + DidJobOutput.CHECKED_OUTPUTS + " (withheld cells)",
          checked.withheld().size());
    } else {
      out.writeUnchecked(c.getString("out"), context.hadoop());
      context.metrics().wrote(c.getString("out") + "/" + DidJobOutput.UNCHECKED + "/att_gt.csv (not for publication)",
          out.cells());
    }
  }

  /** The units for the estimator's passes over the executors. */
  static UnitSource units(UnitPivot.Pivoted pivoted, boolean unitsAreClusters) {
    // The pivot gives one unit per id, so without a cluster variable every unit is its own cluster.
    return unitsAreClusters ? SparkUnits.oneUnitPerCluster(pivoted.materialised()) : new SparkUnits(pivoted.materialised());
  }

  /** Settings that cannot be estimated (a bad method, alp, window, ...) are a usage error before any data is read. */
  @Override
  public void validate(Config config) {
    Config c = config.getConfig("finsam.did");
    settings(c, !clusterVariable(c.getString("clustervars"), c.getString("idname")).isEmpty());
  }

  /** R's att_gt and aggte arguments, each checked as it is read. */
  static EstimateSettings settings(Config c, boolean clustered) {
    return EstimateSettings.builder()
        .controlGroup(ControlGroup.parse(c.getString("control-group")))
        .basePeriod(BasePeriod.parse(c.getString("base-period")))
        .anticipation(c.getInt("anticipation"))
        .method(EstimationMethod.parse(c.getString("est-method")))
        .unbalancedPanel(unbalancedPanel(c.getBoolean("allow-unbalanced-panel"), c.getBoolean("pair-balanced")))
        .formulaVariables(PanelColumns.formulaTerms(c.getString("xformla")).size())
        .alp(c.getDouble("alp"))
        .bootstrap(c.getBoolean("bstrap"))
        .uniformBands(c.getBoolean("cband"))
        .iterations(c.getInt("biters"))
        .seed(c.getLong("seed"))
        .window(c.getString("min-e"), c.getString("max-e"), c.getString("balance-e"))
        .clustered(clustered)
        .build();
  }

  private static UnbalancedPanel unbalancedPanel(boolean crossSections, boolean pairs) {
    if (crossSections && pairs) {
      throw new UsageException("--allow-unbalanced-panel and --pair-balanced exclude each other");
    }
    return crossSections ? UnbalancedPanel.CROSS_SECTIONS : pairs ? UnbalancedPanel.PAIRS : UnbalancedPanel.DROP_UNITS;
  }

  /**
   * The one cluster variable beyond the unit id, or "" (R validate_args: the id is dropped from
   * clustervars, at most one variable may remain).
   */
  static String clusterVariable(String clustervars, String idname) {
    List<String> names = java.util.Arrays.stream(clustervars.split("[,+\\s]+"))
        .filter(v -> !v.isBlank() && !v.equals(idname)).toList();
    if (names.size() > 1) {
      throw new IllegalArgumentException("At most one cluster variable (beyond 'idname') is supported: " + clustervars);
    }
    return names.isEmpty() ? "" : names.get(0);
  }

  /**
   * Delta when the folder has a _delta_log, Parquet when the name or contents say so, CSV otherwise: with
   * {@code inferTypes} typed as Spark infers them (a pass over the whole file), else every column as text.
   */
  public static Dataset<Row> read(SparkSession spark, String path, boolean inferTypes) throws java.io.IOException {
    Path p = new Path(path);
    org.apache.hadoop.fs.FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (fs.exists(new Path(p, "_delta_log"))) {
      return spark.read().format("delta").load(path);
    }
    boolean parquet = path.endsWith(".parquet") || (fs.getFileStatus(p).isDirectory()
        && java.util.Arrays.stream(fs.listStatus(p)).anyMatch(s -> s.getPath().getName().endsWith(".parquet")));
    if (parquet) {
      return spark.read().parquet(path);
    }
    return spark.read().option("header", "true").option("inferSchema", inferTypes).csv(path);
  }

  public static void main(String[] args) {
    JobRunner.exit(new DidJob(), args);
  }
}
