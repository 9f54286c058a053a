package se.finsam.followup;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Counts of rows (participations or persons) by group and category, the only thing the follow-up's
 * descriptive tables need: Spark aggregates, and only the aggregates (a few hundred numbers) reach the
 * driver. A row belongs to every group whose condition it meets (all, women, men, young, ...), and a
 * measure's category column is an array so that a multi-valued code list (forsorjning_fore) counts a row
 * once under each of its codes.
 *
 * @param totals rows per group
 * @param counts rows per group, measure and category ({@link #key})
 * @param means mean and rows behind it per group and mean column ({@link #key} with an empty category)
 */
public record Tally(Map<String, Long> totals, Map<String, Long> counts, Map<String, double[]> means) {
  /** A missing value's category. */
  public static final String SAKNAS = "SAKNAS";

  public static String key(String group, String measure, String category) {
    return group + "|" + measure + "|" + category;
  }

  public long total(String group) {
    return totals.getOrDefault(group, 0L);
  }

  public long count(String group, String measure, String category) {
    return counts.getOrDefault(key(group, measure, category), 0L);
  }

  /** {mean, rows}; {NaN, 0} when no row has a value. */
  public double[] mean(String group, String name) {
    return means.getOrDefault(key(group, name, ""), new double[] {Double.NaN, 0});
  }

  /** A single-valued column as a measure: its value, or {@link #SAKNAS} when null. */
  public static Column single(String column) {
    return array(coalesce(col(column).cast("string"), lit(SAKNAS)));
  }

  /** A set-valued column (codes separated by |) as a measure: each code, or {@link #SAKNAS} when null. */
  public static Column multi(String column) {
    return coalesce(split(col(column), "\\|"), array(lit(SAKNAS)));
  }

  /**
   * @param groups group name to the condition of its rows
   * @param measures measure name to its categories (an array column, {@link #single} or {@link #multi})
   * @param meanColumns name to a numeric column whose non-null values are averaged per group
   */
  public static Tally of(Dataset<Row> rows, Map<String, Column> groups, Map<String, Column> measures,
                         Map<String, Column> meanColumns) {
    List<Column> memberships = new ArrayList<>();
    groups.forEach((name, condition) -> memberships.add(when(condition, lit(name))));
    Dataset<Row> grouped = rows.withColumn("grupp", explode(array(memberships.toArray(Column[]::new))))
        .filter(col("grupp").isNotNull());
    Map<String, Long> totals = new LinkedHashMap<>();
    grouped.groupBy("grupp").count().collectAsList().forEach(r -> totals.put(r.getString(0), r.getLong(1)));

    Map<String, Long> counts = new LinkedHashMap<>();
    Dataset<Row> categories = null;
    for (Map.Entry<String, Column> m : measures.entrySet()) {
      Dataset<Row> one = grouped.select(col("grupp"), lit(m.getKey()).as("matt"), explode(m.getValue()).as("kategori"));
      categories = categories == null ? one : categories.unionByName(one);
    }
    if (categories != null) {
      categories.groupBy("grupp", "matt", "kategori").count().collectAsList()
          .forEach(r -> counts.put(key(r.getString(0), r.getString(1), r.getString(2)), r.getLong(3)));
    }

    Map<String, double[]> means = new LinkedHashMap<>();
    Dataset<Row> values = null;
    for (Map.Entry<String, Column> m : meanColumns.entrySet()) {
      Dataset<Row> one = grouped.select(col("grupp"), lit(m.getKey()).as("matt"), m.getValue().cast("double").as("v"));
      values = values == null ? one : values.unionByName(one);
    }
    if (values != null) {
      values.groupBy("grupp", "matt").agg(avg("v"), org.apache.spark.sql.functions.count("v")).collectAsList().forEach(r -> means.put(
          key(r.getString(0), r.getString(1), ""), new double[] {r.isNullAt(2) ? Double.NaN : r.getDouble(2), r.getLong(3)}));
    }
    return new Tally(totals, counts, means);
  }
}
