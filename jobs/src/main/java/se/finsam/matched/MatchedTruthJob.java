package se.finsam.matched;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.finsam.jobs.Job;
import se.finsam.jobs.JobContext;
import se.finsam.jobs.JobOption;
import se.finsam.jobs.JobRunner;
import se.finsam.warehouse.Zone;

/**
 * {@code ./finsam compare-truth-matched}: on synthetic data, the matched design's difference in differences
 * (all pairs, each follow-up year) against the generator's truth {@code raw/_truth/matched_att} for the
 * base year's participants; writes the comparison next to the report and fails when a 95 % interval misses
 * the truth of a main outcome.
 */
public final class MatchedTruthJob implements Job {
  private static final Logger LOG = LoggerFactory.getLogger(MatchedTruthJob.class);
  private static final String P = "finsam.compare-truth-matched.";
  static final String COMPARISON = "_truth_comparison_matched";

  @Override
  public String name() {
    return "compare-truth-matched";
  }

  @Override
  public String summary() {
    return "synthetic data: check that the matched DiD's 95 % interval covers the generator's truth";
  }

  @Override
  public List<JobOption> options() {
    return List.of(
        JobOption.required("run-id", "finsam.run-id", "run id of the matched results to compare"),
        JobOption.of("warehouse", "finsam.warehouse", "warehouse root"));
  }

  /**
   * The truth rows of the base year's participants joined to the run's DiD of all pairs, in percentage
   * points: utfall, ar, did_pe, ci_lower_pe, ci_upper_pe, effekt_pe, personer, tackt (the interval covers it).
   */
  static Dataset<Row> compare(Dataset<Row> truth, Dataset<Row> shares, MatchedSettings s) {
    Dataset<Row> did = shares.filter(col("urval").equalTo("alla").and(col("did").isNotNull()))
        .select(col("utfall"), col("ar"), col("did").multiply(100).as("did_pe"), col("did_se").multiply(100).as("se_pe"));
    Dataset<Row> t = truth.filter(col("behandlingsar").equalTo(s.baseYear()))
        .select(col("utfall"), col("ar").cast("int").as("ar"), col("effekt_pe").cast("double").as("effekt_pe"),
            col("personer").cast("long").as("personer"));
    Column halfWidth = col("se_pe").multiply(1.96);
    return did.join(t, se.finsam.linkage.Keys.of("utfall", "ar"), "inner")
        .select(col("utfall"), col("ar"), col("did_pe"), col("did_pe").minus(halfWidth).as("ci_lower_pe"),
            col("did_pe").plus(halfWidth).as("ci_upper_pe"), col("effekt_pe"), col("personer"),
            abs(col("did_pe").minus(col("effekt_pe"))).leq(halfWidth).as("tackt"))
        .orderBy("utfall", "ar");
  }

  @Override
  public void run(JobContext context) {
    String runId = context.runId();
    MatchedSettings s = MatchedSettings.from(context.config());
    List<String> main = context.config().getStringList(P + "main-outcomes");
    Dataset<Row> truth = context.spark().read().option("header", "true").option("inferSchema", "true")
        .csv(context.warehouse().table(Zone.RAW, "_truth/matched_att"));
    Dataset<Row> shares = context.spark().read().format("delta")
        .load(context.warehouse().table(Zone.RESULTS, "matchning_andelar")).filter(col("run_id").equalTo(lit(runId)));
    Dataset<Row> comparison = compare(truth, shares, s).cache();
    List<Row> rows = comparison.collectAsList();
    context.metrics().read("raw/_truth/matched_att and results/matchning_andelar of run " + runId, rows.size());
    if (rows.stream().noneMatch(r -> main.contains(r.getString(0)))) {
      throw new IllegalStateException("run " + runId + " has no DiD of " + main + " with a truth for base year "
          + s.baseYear() + " in raw/_truth/matched_att");
    }
    StringBuilder table = new StringBuilder(String.format("%-14s %6s %10s %10s %10s %10s %8s  %s%n",
        "utfall", "ar", "did_pe", "ci_lower", "ci_upper", "truth_pe", "persons", "covered"));
    for (Row r : rows) {
      table.append(String.format("%-14s %6d %10.2f %10.2f %10.2f %10.2f %8d  %s%n", r.getString(0), r.getInt(1),
          r.getDouble(2), r.getDouble(3), r.getDouble(4), r.getDouble(5), r.getLong(6), r.getBoolean(7)));
    }
    LOG.info("matched DiD against the synthetic truth, run {}:\n{}", runId, table);
    System.out.print(table);
    comparison.coalesce(1).write().mode(SaveMode.Overwrite).option("header", "true")
        .csv(context.warehouse().table(Zone.REPORTS, runId) + "/" + COMPARISON);
    context.metrics().wrote("reports/" + runId + "/" + COMPARISON, rows.size());
    comparison.unpersist();
    List<String> missed = rows.stream().filter(r -> main.contains(r.getString(0)) && !r.getBoolean(7))
        .map(r -> r.getString(0) + " " + r.getInt(1)).toList();
    if (!missed.isEmpty()) {
      throw new IllegalStateException("the 95 % interval of the matched DiD misses the truth for " + missed);
    }
  }

  public static void main(String[] args) {
    JobRunner.exit(new MatchedTruthJob(), args);
  }
}
