package se.finsam.matched;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import se.finsam.linkage.Keys;

/**
 * Seed 000 Tabell 1: persons per category of every covariate, for the treated and the potential referents
 * before matching and for the matched treated and referents after, counted in one Spark aggregation.
 * {@link #smd} is the balance diagnostic beyond the seed.
 *
 * @param counts variable → category → {treated before, pool before, treated after, referents after};
 *     an unknown value is the category {@code UPPGIFT_SAKNAS}
 */
public record CovariateBalance(Map<String, Map<String, long[]>> counts) {
  public static final String UNKNOWN = "UPPGIFT_SAKNAS";

  public static CovariateBalance compute(Dataset<Row> population, Dataset<Row> pairs) {
    Dataset<Row> flagged = population
        .join(pairs.select(col("pid_u").as("pid"), lit(1).as("mu")), Keys.of("pid"), "left")
        .join(pairs.select(col("pid_r").as("pid"), lit(1).as("mr")), Keys.of("pid"), "left");
    Column[] entries = MatchedPopulation.VARIABLES.keySet().stream()
        .map(v -> struct(lit(v).as("variabel"), coalesce(col(v), lit(UNKNOWN)).as("kategori"))).toArray(Column[]::new);
    List<Row> rows = flagged.select(col("grupp"), col("mu"), col("mr"), explode(array(entries)).as("e"))
        .groupBy(col("e.variabel"), col("e.kategori"))
        .agg(sum(when(col("grupp").equalTo(MatchedPopulation.TREATED), 1).otherwise(0)).as("u"),
            sum(when(col("grupp").equalTo(MatchedPopulation.POOL), 1).otherwise(0)).as("r"),
            sum(coalesce(col("mu"), lit(0))).as("mu"), sum(coalesce(col("mr"), lit(0))).as("mr"))
        .collectAsList();
    Map<String, Map<String, long[]>> counts = new LinkedHashMap<>();
    MatchedPopulation.VARIABLES.forEach((v, categories) -> {
      Map<String, long[]> byCategory = new LinkedHashMap<>();
      categories.forEach(c -> byCategory.put(c, new long[4]));
      counts.put(v, byCategory);
    });
    for (Row r : rows) {
      Map<String, long[]> byCategory = counts.get(r.getString(0));
      long[] c = byCategory.computeIfAbsent(r.getString(1), k -> new long[4]);
      for (int i = 0; i < 4; i++) {
        c[i] += r.getLong(2 + i);
      }
    }
    return new CovariateBalance(counts);
  }

  /** Total persons of a column (0..3) over the categories of a variable. */
  public long total(String variable, int column) {
    return counts.get(variable).values().stream().mapToLong(c -> c[column]).sum();
  }

  /**
   * Standardised mean difference of the category indicator between column a (treated) and b:
   * (p_a − p_b) / √((p_a(1 − p_a) + p_b(1 − p_b)) / 2); 0 when both shares are 0 or 1.
   */
  public double smd(String variable, String category, int a, int b) {
    double pa = share(variable, category, a);
    double pb = share(variable, category, b);
    double pooled = Math.sqrt((pa * (1 - pa) + pb * (1 - pb)) / 2);
    return pooled == 0 ? 0 : (pa - pb) / pooled;
  }

  public double share(String variable, String category, int column) {
    long total = total(variable, column);
    return total == 0 ? Double.NaN : (double) counts.get(variable).get(category)[column] / total;
  }
}
