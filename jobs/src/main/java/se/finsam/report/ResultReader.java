package se.finsam.report;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import se.finsam.results.ResultSchemas;

/**
 * Reads one run's result tables into the report's small in-memory form. The rows are aggregates
 * (a few thousand per run), never persons, so collecting them is safe.
 */
public final class ResultReader {
  private ResultReader() {}

  /**
   * The treated persons behind every aggte row, from att_gt: a group element counts its group's
   * persons (largest n_treated over its months), an event-time or calendar element the sum over the
   * groups observed at that event time or month, an overall the sum over the groups. The comparison
   * persons: the largest n_control of the ATT(g,t) cells behind it (comparison units overlap across
   * groups, so the largest cell is what is known to be distinct persons).
   */
  static Dataset<Row> treatedPersons(Dataset<Row> attGt) {
    Dataset<Row> perGroup = attGt.groupBy("outcome", "model", "group")
        .agg(max("n_treated").as("treated"), max("n_control").as("comparison"));
    Dataset<Row> groups = perGroup.select(col("outcome"), col("model"), lit(ResultSchemas.GROUP).as("type"),
        col("group").as("egt"), col("treated"), col("comparison"));
    Dataset<Row> dynamic = attGt.groupBy("outcome", "model", "event_time")
        .agg(sum("n_treated").as("treated"), max("n_control").as("comparison"))
        .select(col("outcome"), col("model"), lit(ResultSchemas.DYNAMIC).as("type"), col("event_time").as("egt"),
            col("treated"), col("comparison"));
    Dataset<Row> calendar = attGt.filter(col("event_time").geq(0))
        .groupBy("outcome", "model", "t").agg(sum("n_treated").as("treated"), max("n_control").as("comparison"))
        .select(col("outcome"), col("model"), lit(ResultSchemas.CALENDAR).as("type"), col("t").as("egt"),
            col("treated"), col("comparison"));
    return groups.unionByName(dynamic).unionByName(calendar);
  }

  /** The aggte rows of a run with the treated persons behind each; att_gt may be empty. */
  public static List<Estimate> estimates(Dataset<Row> aggte, Dataset<Row> attGt) {
    Dataset<Row> elements = treatedPersons(attGt).withColumnRenamed("treated", "element_treated")
        .withColumnRenamed("comparison", "element_comparison");
    Dataset<Row> overall = attGt.groupBy("outcome", "model", "group")
        .agg(max("n_treated").as("g_treated"), max("n_control").as("g_comparison"))
        .groupBy("outcome", "model").agg(sum("g_treated").as("overall_treated"),
            max("g_comparison").as("overall_comparison"))
        .withColumnRenamed("outcome", "o_outcome").withColumnRenamed("model", "o_model");
    Column onElement = aggte.col("outcome").equalTo(elements.col("outcome"))
        .and(aggte.col("model").equalTo(elements.col("model")))
        .and(aggte.col("type").equalTo(elements.col("type")))
        .and(aggte.col("egt").equalTo(elements.col("egt")));
    Dataset<Row> joined = aggte.join(elements, onElement, "left")
        .select(aggte.col("*"), elements.col("element_treated"), elements.col("element_comparison"))
        .join(overall, col("outcome").equalTo(col("o_outcome")).and(col("model").equalTo(col("o_model"))), "left")
        .withColumn("treated_persons", coalesce(col("element_treated"),
            when(col("egt").isNull(), col("overall_treated"))))
        .withColumn("comparison_persons", coalesce(col("element_comparison"),
            when(col("egt").isNull(), col("overall_comparison"))));
    return joined.select("outcome", "model", "type", "egt", "att", "se", "ci_lower", "ci_upper", "n_obs",
            "n_persons", "treated_persons", "pre_mean", "relative_effect", "comparison_persons")
        .collectAsList().stream()
        .map(r -> new Estimate(r.getString(0), r.getString(1), r.getString(2),
            r.isNullAt(3) ? null : r.getInt(3), doubleOrNaN(r, 4), doubleOrNaN(r, 5), doubleOrNaN(r, 6),
            doubleOrNaN(r, 7), r.getLong(8), r.getLong(9), r.isNullAt(10) ? null : r.getLong(10),
            r.isNullAt(11) ? null : r.getDouble(11), r.isNullAt(12) ? null : r.getDouble(12),
            r.isNullAt(13) ? null : r.getLong(13)))
        .toList();
  }

  public static List<EstimateTables.Pretest> pretests(Dataset<Row> pretest) {
    return pretest.select("outcome", "model", "W", "df", "pvalue").collectAsList().stream()
        .map(r -> new EstimateTables.Pretest(r.getString(0), r.getString(1), doubleOrNaN(r, 2),
            r.isNullAt(3) ? null : r.getInt(3), doubleOrNaN(r, 4)))
        .toList();
  }

  static double doubleOrNaN(Row r, int i) {
    return r.isNullAt(i) ? Double.NaN : ((Number) r.get(i)).doubleValue();
  }
}
