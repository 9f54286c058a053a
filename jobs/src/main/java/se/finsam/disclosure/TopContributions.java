package se.finsam.disclosure;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The largest contributions to kronor magnitudes, for the dominance rule: per group and column the
 * {@code n} largest values of a per-person frame, ranked in Spark; only those few values per cell reach
 * the driver (they are never published, only compared with the cell's total). The whole population's
 * largest are the largest of its groups'.
 */
public final class TopContributions {
  /** The key of the whole population's entry. */
  public static final String ALL = "";

  private TopContributions() {}

  /**
   * @param persons one row per person
   * @param group the column of the person's group
   * @param columns the magnitude columns
   * @return per group (and {@link #ALL}) and column, the largest values, largest first
   */
  public static Map<String, Map<String, double[]>> largest(Dataset<Row> persons, String group, List<String> columns,
                                                            int n) {
    Map<String, Map<String, double[]>> out = new HashMap<>();
    if (columns.isEmpty()) {
      return out;
    }
    Column[] cells = columns.stream().map(c -> struct(lit(c).as("column"), col(c).cast("double").as("value")))
        .toArray(Column[]::new);
    List<Row> top = persons.select(col(group).cast("string").as("g"), explode(array(cells)).as("x"))
        .select(col("g"), col("x.column").as("column"), col("x.value").as("value"))
        .filter(col("value").isNotNull().and(col("g").isNotNull()))
        .withColumn("rank", row_number().over(Window.partitionBy("g", "column").orderBy(col("value").desc())))
        .filter(col("rank").leq(n))
        .select("g", "column", "value")
        .collectAsList();
    for (Row r : top) {
      for (String g : List.of(r.getString(0), ALL)) {
        double[] values = out.computeIfAbsent(g, k -> new HashMap<>()).getOrDefault(r.getString(1), new double[0]);
        double[] merged = Arrays.copyOf(values, values.length + 1);
        merged[values.length] = r.getDouble(2);
        Arrays.sort(merged);
        double[] largestFirst = new double[Math.min(n, merged.length)];
        for (int k = 0; k < largestFirst.length; k++) {
          largestFirst[k] = merged[merged.length - 1 - k];
        }
        out.get(g).put(r.getString(1), largestFirst);
      }
    }
    return out;
  }
}
