package se.finsam.did;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import se.finsam.jobs.Job;
import se.finsam.jobs.JobContext;
import se.finsam.jobs.JobOption;
import se.finsam.jobs.JobRunner;
import se.finsam.spark.DriverHeap;

/**
 * Benchmark of the staggered DiD at the size of seed 002's monthly panel (issue 7): a generated panel of
 * persons x months with start groups of nearly equal size in consecutive months, the last one
 * comparison-only (not-yet-treated controls, dr), estimated without covariates and with Modell 3's.
 * Prints seconds for att_gt, the four aggregations, the bootstrap, and the driver's peak heap.
 *
 * <p>The panel is generated on the executors from hashes of (pid, month), so it is the same on every run
 * and never passes through the driver. The outcome has a person level, a common trend, a covariate
 * effect and a planted treatment effect of {@code EFFECT} from the group's start month.
 * {@code --write-csv} writes it as CSV instead (with {@code --csv-covariates} also some covariates), the
 * input of {@code ci/bench-did.sh whole}.
 */
public final class DidBenchmarkJob implements Job {
  private static final String P = "finsam.bench-did.";
  static final double EFFECT = 0.05;
  static final String MODELL_3 = "kon+alder+utlandsk_bakgrund+smabarn+civilstand+utbildningsniva+forbund_id";

  @Override
  public String name() {
    return "bench-did";
  }

  @Override
  public String summary() {
    return "benchmark of att_gt, aggte and the bootstrap on a generated monthly panel";
  }

  @Override
  public List<JobOption> options() {
    return List.of(
        JobOption.of("persons", P + "persons", "persons in the generated panel"),
        JobOption.of("months", P + "months", "months per person"),
        JobOption.of("groups", P + "groups", "start groups (the last is comparison-only)"),
        JobOption.of("first-start", P + "first-start", "month index of the first group's start"),
        JobOption.of("forbund", P + "forbund", "levels of forbund_id"),
        JobOption.of("variants", P + "variants", "none, m3 or none,m3"),
        JobOption.of("biters", P + "biters", "bootstrap draws"),
        JobOption.of("write-csv", P + "write-csv", "write the panel's pid, month_index, group_index and y as CSV "
            + "(one part file) into this new folder, the input of a whole-process run of ./finsam did or R, instead of estimating"),
        JobOption.of("csv-covariates", P + "csv-covariates", "with write-csv, also these time-invariant covariate columns, "
            + "e.g. x or x,civilstand (x: age in years to 0.01, continuous; civilstand: text, 3 levels)"));
  }

  @Override
  public void run(JobContext context) {
    Config c = context.config().getConfig("finsam.bench-did");
    Dataset<Row> panel = panel(context.spark(), c.getLong("persons"), c.getInt("months"), c.getInt("groups"),
        c.getInt("first-start"), c.getInt("forbund"));
    context.metrics().read("generated panel", c.getLong("persons") * c.getInt("months"));
    if (!c.getString("write-csv").isEmpty()) {
      // One part file, so that R's read.csv can take the same bytes as ./finsam did.
      List<String> columns = new java.util.ArrayList<>(List.of("pid", "month_index", "group_index", "y"));
      java.util.Arrays.stream(c.getString("csv-covariates").split(",")).map(String::trim).filter(s -> !s.isEmpty())
          .forEach(columns::add);
      panel.select(columns.stream().map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new))
          .coalesce(1).write().mode(SaveMode.ErrorIfExists)
          .option("header", "true").csv(c.getString("write-csv"));
      context.metrics().wrote(c.getString("write-csv"), c.getLong("persons") * c.getInt("months"));
      return;
    }
    EstimateSettings settings = EstimateSettings.builder().controlGroup(ControlGroup.NOT_YET_TREATED)
        .basePeriod(BasePeriod.VARYING).method(EstimationMethod.DR).iterations(c.getInt("biters")).seed(20241212L).build();
    for (String variant : c.getString("variants").split(",")) {
      String xformla = switch (variant.trim()) {
        case "none" -> "";
        case "m3" -> MODELL_3;
        default -> throw new IllegalArgumentException("unknown variant " + variant + " (none or m3)");
      };
      run(panel, xformla, settings, variant.trim(), c.getLong("persons"));
    }
  }

  /** Times the facade's steps one by one: att_gt, analytical aggte + pre-test, the draws, bootstrap aggte. */
  private static void run(Dataset<Row> panel, String xformla, EstimateSettings settings, String variant, long persons) {
    long p0 = System.nanoTime();
    UnitPivot.Pivoted pivoted = UnitPivot.pivot(panel, new PanelColumns("y", "month_index", "pid",
        "group_index", "", "", xformla));
    // The pivot (generation + groupBy) is not part of the estimator: materialise it before timing.
    var units = pivoted.materialised();
    double pivotSeconds = (System.nanoTime() - p0) / 1e9;
    System.gc();
    DriverHeap.resetPeak();
    long t0 = System.nanoTime();
    AttGtFit fit = StaggeredDid.attGt(SparkUnits.oneUnitPerCluster(units), pivoted.periods(), settings);
    AttGtResult result = fit.result();
    long t1 = System.nanoTime();
    Aggregator analytical = new Aggregator(result, StaggeredDid.inference(fit, settings));
    AggregatedEffects simple = null;
    for (AggregationType type : AggregationType.values()) {
      AggregatedEffects agg = analytical.aggregate(type, settings.window());
      simple = type == AggregationType.SIMPLE ? agg : simple;
    }
    StaggeredDid.pretest(result, settings);
    long t2 = System.nanoTime();
    EstimateSettings withBands = EstimateSettings.builder().controlGroup(settings.did().controlGroup())
        .basePeriod(settings.did().basePeriod()).method(settings.did().method()).bootstrap(true).uniformBands(true)
        .iterations(settings.iterations()).seed(settings.seed()).build();
    Inference drawn = StaggeredDid.inference(fit, withBands);
    long t3 = System.nanoTime();
    Aggregator bootstrapped = new Aggregator(result, drawn);
    for (AggregationType type : AggregationType.values()) {
      bootstrapped.aggregate(type, settings.window());
    }
    long t4 = System.nanoTime();
    int biters = settings.iterations();
    long peak = DriverHeap.peakBytes();
    System.out.printf(Locale.ROOT, "bench-did %s: persons=%d periods=%d groups=%d cells=%d covariates=%d "
            + "pivot_s=%.1f att_gt_s=%.1f aggte_s=%.2f bootstrap_%d_s=%.1f aggte_bootstrap_s=%.2f "
            + "driver_peak_heap_mib=%d driver_max_heap_mib=%d simple_att=%.4f (planted %.2f) se=%.4f%n",
        variant, persons, result.periods().length, result.groups().length, result.effects().size(),
        pivoted.covariates().size() - 1, pivotSeconds, (t1 - t0) / 1e9, (t2 - t1) / 1e9, biters, (t3 - t2) / 1e9,
        (t4 - t3) / 1e9, peak >> 20, Runtime.getRuntime().maxMemory() >> 20, simple.overall().att(), EFFECT,
        simple.overall().se());
    units.unpersist();
  }

  /**
   * The long panel: pid, month_index 1..months, group_index (the start month of the person's group;
   * groups are consecutive pid ranges of nearly equal size), y and Modell 3's covariates.
   */
  static Dataset<Row> panel(org.apache.spark.sql.SparkSession spark, long persons, int months, int groups,
                            int firstStart, int forbund) {
    Dataset<Row> people = spark.range(1, persons + 1).withColumnRenamed("id", "pid")
        .withColumn("group_index", expr("cast(" + firstStart + " + floor((pid - 1) * " + groups + " / " + persons
            + ") as int)"))
        .withColumn("kon", expr("if(" + uniform("pid", 1) + " < 0.5, 'K', 'M')"))
        .withColumn("alder", expr("cast(20 + floor(" + uniform("pid", 2) + " * 45) as int)"))
        // The age before flooring, to 0.01 years: a continuous covariate that the outcome depends on (through
        // alder), for the whole-process run with --xformla ~x; rounded to keep the CSV short.
        .withColumn("x", expr("round(20 + " + uniform("pid", 2) + " * 45, 2)"))
        .withColumn("utlandsk_bakgrund", expr("cast(" + uniform("pid", 3) + " < 0.25 as int)"))
        .withColumn("smabarn", expr("cast(" + uniform("pid", 4) + " < 0.15 as int)"))
        .withColumn("civilstand", expr("element_at(array('OGIFT','GIFT','SKILD_ANKA'), 1 + cast(floor("
            + uniform("pid", 5) + " * 3) as int))"))
        .withColumn("utbildningsniva", expr("element_at(array('FORGYMNASIAL','GYMNASIAL','EFTERGYMNASIAL','SAKNAS'), "
            + "1 + cast(floor(" + uniform("pid", 6) + " * 4) as int))"))
        .withColumn("forbund_id", expr("lpad(cast(1 + floor(" + uniform("pid", 7) + " * " + forbund
            + ") as string), 3, '0')"))
        .withColumn("level", expr(uniform("pid", 8)));
    return people
        .withColumn("month_index", explode(sequence(lit(1), lit(months))))
        .withColumn("y", expr("level + 0.002 * month_index + 0.01 * alder / 40 - 0.05 * utlandsk_bakgrund + "
            + "0.3 * (" + uniform("pid * 1000 + month_index", 9) + " - 0.5) + if(month_index >= group_index, "
            + EFFECT + ", 0)"))
        .drop("level")
        .select(col("pid"), col("month_index"), col("group_index"), col("y"), col("x"), col("kon"), col("alder"),
            col("utlandsk_bakgrund"), col("smabarn"), col("civilstand"), col("utbildningsniva"), col("forbund_id"));
  }

  /** A uniform [0, 1) draw that is a pure function of the key and a salt (xxhash64, 53 bits). */
  private static String uniform(String key, int salt) {
    return "(shiftrightunsigned(xxhash64(" + key + ", " + salt + "), 11) / 9007199254740992D)";
  }

  public static void main(String[] args) {
    JobRunner.exit(new DidBenchmarkJob(), args);
  }
}
