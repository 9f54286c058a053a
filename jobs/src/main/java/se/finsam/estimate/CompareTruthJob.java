package se.finsam.estimate;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.finsam.jobs.Job;
import se.finsam.jobs.JobContext;
import se.finsam.jobs.JobOption;
import se.finsam.jobs.JobRunner;
import se.finsam.results.ResultSchemas;
import se.finsam.warehouse.Zone;

/**
 * On synthetic data: compares a run's simple ATT (its estimate and 95 % interval) with the truth the
 * generator wrote to {@code raw/_truth/}, writes the comparison next to the report and fails when an
 * interval misses the truth for one of the main outcomes.
 */
public final class CompareTruthJob implements Job {
  private static final Logger LOG = LoggerFactory.getLogger(CompareTruthJob.class);
  private static final String P = "finsam.compare-truth.";

  @Override
  public String name() {
    return "compare-truth";
  }

  @Override
  public String summary() {
    return "synthetic data: check that the simple ATT's 95 % interval covers the generator's truth";
  }

  @Override
  public List<JobOption> options() {
    return List.of(
        JobOption.required("run-id", "finsam.run-id", "run id whose results to compare"),
        JobOption.of("model", P + "model", "model code of the results to compare"),
        JobOption.of("design", P + "design", "design of the truth rows (EXPERIMENT or SUS)"),
        JobOption.of("warehouse", "finsam.warehouse", "warehouse root"));
  }

  @Override
  public void run(JobContext context) {
    String runId = context.runId();
    String model = context.config().getString(P + "model");
    List<String> main = context.config().getStringList(P + "main-outcomes");
    Dataset<Row> truth = context.spark().read().option("header", "true").option("inferSchema", "true")
        .csv(context.warehouse().table(Zone.RAW, "_truth/att"))
        .filter(col("design").equalTo(context.config().getString(P + "design")));
    Dataset<Row> attGt = context.spark().read().format("delta").load(context.warehouse().table(Zone.RESULTS, ResultSchemas.ATT_GT))
        .filter(col("run_id").equalTo(runId).and(col("model").equalTo(model)));
    Dataset<Row> simple = context.spark().read().format("delta").load(context.warehouse().table(Zone.RESULTS, ResultSchemas.AGGTE))
        .filter(col("run_id").equalTo(runId).and(col("model").equalTo(model))
            .and(col("type").equalTo(ResultSchemas.SIMPLE)).and(col("egt").isNull()))
        .select("outcome", "att", "se", "ci_lower", "ci_upper");
    Dataset<Row> comparison = simple.join(TruthComparison.trueSimpleAtt(attGt, truth), "outcome")
        .withColumn("covered", col("true_simple_att").between(col("ci_lower"), col("ci_upper")))
        .orderBy("outcome");
    List<Row> rows = comparison.collectAsList();
    if (rows.isEmpty()) {
      throw new IllegalStateException("no outcome of run " + runId + " (model " + model + ") has a truth in raw/_truth/att");
    }
    StringBuilder table = new StringBuilder(String.format("%-24s %14s %14s %14s %14s  %s%n",
        "outcome", "estimate", "ci_lower", "ci_upper", "truth", "covered"));
    for (Row r : rows) {
      table.append(String.format("%-24s %14.5f %14.5f %14.5f %14.5f  %s%n", r.getString(0), r.getDouble(1),
          r.getDouble(3), r.getDouble(4), r.getDouble(5), r.getBoolean(7)));
    }
    LOG.info("simple ATT against the synthetic truth, run {} model {}:\n{}", runId, model, table);
    System.out.print(table);
    comparison.coalesce(1).write().mode(SaveMode.Overwrite).option("header", "true")
        .csv(context.warehouse().table(Zone.REPORTS, runId) + "/_truth_comparison");
    context.metrics().wrote("reports/" + runId + "/_truth_comparison", rows.size());
    List<String> missed = rows.stream().filter(r -> main.contains(r.getString(0)) && !r.getBoolean(7))
        .map(r -> r.getString(0)).toList();
    if (!missed.isEmpty()) {
      throw new IllegalStateException("the 95 % interval of the simple ATT misses the truth for " + missed);
    }
  }

  public static void main(String[] args) {
    JobRunner.exit(new CompareTruthJob(), args);
  }
}
