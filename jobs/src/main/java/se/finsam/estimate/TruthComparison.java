package se.finsam.estimate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The true value of the simple ATT for synthetic data. The simple ATT averages the post-treatment
 * ATT(g,t) with weights proportional to group size, so its truth is the same average of the
 * generator's true ATT by event month: sum over post cells of n_treated(g) * truth(t - g) divided by
 * sum of n_treated(g). Inputs and output are aggregates (cells, event months, outcomes).
 */
public final class TruthComparison {
  private TruthComparison() {}

  /**
   * @param attGt results/att_gt rows of one run and model
   * @param truth raw/_truth/att rows of one design: outcome, event_month, att
   * @return outcome, true_simple_att, cells (post cells with a truth)
   */
  public static Dataset<Row> trueSimpleAtt(Dataset<Row> attGt, Dataset<Row> truth) {
    return attGt.filter(col("event_time").geq(0)).as("c")
        .join(truth.as("t"), col("c.outcome").equalTo(col("t.outcome"))
            .and(col("c.event_time").equalTo(col("t.event_month"))))
        .groupBy(col("c.outcome").as("outcome"))
        .agg(sum(col("c.n_treated").multiply(col("t.att").cast("double"))).divide(sum(col("c.n_treated")))
                .as("true_simple_att"),
            org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)).as("cells"));
  }
}
