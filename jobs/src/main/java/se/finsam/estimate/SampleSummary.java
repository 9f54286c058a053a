package se.finsam.estimate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a result row reports about its estimation sample: the person-months and persons the balanced
 * estimator uses (persons observed with the outcome in every month of the window), and their mean of
 * the outcome in the pre-period, the reference for relative effects. One aggregation, no person rows
 * on the driver.
 */
public record SampleSummary(long personMonths, long persons, double preMean) {

  public static SampleSummary of(Dataset<Row> sample, int months, int preFrom, int preTo) {
    Row r = sample.groupBy("pid")
        .agg(count(lit(1)).as("n"), count(col("y")).as("ny"),
            sum(when(col("month_index").between(preFrom, preTo), col("y"))).as("pre_sum"),
            count(when(col("month_index").between(preFrom, preTo), col("y"))).as("pre_n"))
        .filter(col("n").equalTo(months).and(col("ny").equalTo(months)))
        .agg(sum("n").as("obs"), count(lit(1)).as("persons"), sum("pre_sum").as("pre_sum"), sum("pre_n").as("pre_n"))
        .first();
    long obs = r.isNullAt(0) ? 0 : r.getLong(0);
    long preN = r.isNullAt(3) ? 0 : r.getLong(3);
    double preMean = preN == 0 ? Double.NaN : r.getDouble(2) / preN;
    return new SampleSummary(obs, r.getLong(1), preMean);
  }
}
