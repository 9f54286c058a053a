package se.finsam.matched;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import se.finsam.linkage.Keys;

/**
 * What the matched tables need of a set of pairs, aggregated in Spark in one pass: the number of pairs,
 * per outcome and year the treated and referents with the outcome, and per outcome and follow-up year the
 * sums of the paired difference in differences. Only these sums reach the driver.
 */
public record PairSummary(long pairs, Map<String, Long> onesU, Map<String, Long> onesR, Map<String, PairedDid> did) {

  static String key(String outcome, int year) {
    return outcome + "_" + year;
  }

  public ShareTest share(String outcome, int year) {
    return new ShareTest(pairs, onesU.getOrDefault(key(outcome, year), 0L), onesR.getOrDefault(key(outcome, year), 0L));
  }

  public PairedDid did(String outcome, int followupYear) {
    return did.getOrDefault(key(outcome, followupYear), new PairedDid(0, 0, 0));
  }

  /** The summaries of all pairs and of the pairs whose treated person is in the subgroup (ny_ae). */
  public record Samples(PairSummary all, PairSummary subgroup) {}

  /** Each person's outcomes as one wide row: {@code pid}, {@code <outcome>_<year>}. */
  static Dataset<Row> wide(Dataset<Row> outcomes, MatchedSettings s) {
    List<Column> aggs = new ArrayList<>();
    for (YearlyOutcomes.Outcome o : YearlyOutcomes.OUTCOMES) {
      for (int y : s.years()) {
        aggs.add(max(when(col("ar").equalTo(y), col(o.column()))).as(key(o.column(), y)));
      }
    }
    return outcomes.groupBy(col("pid")).agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
  }

  /** The wide rows with every column prefixed ("u_" or "r_"; pid becomes pid_u or pid_r). */
  private static Dataset<Row> prefixed(Dataset<Row> wide, String prefix) {
    return wide.select(java.util.Arrays.stream(wide.columns()).map(c -> c.equals("pid")
        ? col(c).as("pid_" + prefix.charAt(0)) : col(c).as(prefix + c)).toArray(Column[]::new));
  }

  public static Samples compute(Dataset<Row> pairs, Dataset<Row> population, Dataset<Row> outcomes, MatchedSettings s) {
    // Only the paired persons are read from the outcomes and the population (a pool of millions has few of
    // them), by broadcasting their pids, and they are pivoted once for both sides of the pairs.
    Dataset<Row> persons = broadcast(pairs.select(col("pid_u").as("pid")).union(pairs.select(col("pid_r").as("pid"))));
    Dataset<Row> wide = wide(outcomes.join(persons, Keys.of("pid"), "left_semi"), s).cache();
    Dataset<Row> subgroup = population.join(broadcast(pairs.select(col("pid_u").as("pid"))), Keys.of("pid"), "left_semi")
        .select(col("pid").as("pid_u"), col("ny_ae"));
    Dataset<Row> joined = pairs
        .join(subgroup, Keys.of("pid_u"), "left")
        .join(prefixed(wide, "u_"), Keys.of("pid_u"), "left")
        .join(prefixed(wide, "r_"), Keys.of("pid_r"), "left");
    List<Column> aggs = new ArrayList<>();
    for (YearlyOutcomes.Outcome o : YearlyOutcomes.OUTCOMES) {
      for (int y : s.years()) {
        aggs.add(sum(col("u_" + key(o.column(), y))).as("u_" + key(o.column(), y)));
        aggs.add(sum(col("r_" + key(o.column(), y))).as("r_" + key(o.column(), y)));
      }
      for (int f : s.followupYears()) {
        Column d = col("u_" + key(o.column(), f)).minus(col("u_" + key(o.column(), s.beforeYear())))
            .minus(col("r_" + key(o.column(), f)).minus(col("r_" + key(o.column(), s.beforeYear()))));
        aggs.add(sum(d).cast("double").as("d_" + key(o.column(), f)));
        aggs.add(sum(d.multiply(d)).cast("double").as("dd_" + key(o.column(), f)));
      }
    }
    List<Row> rows = joined.groupBy(col("ny_ae").equalTo(lit(true)).as("ny"))
        .agg(count(lit(1)).as("n"), aggs.toArray(Column[]::new)).collectAsList();
    wide.unpersist();
    List<Row> sub = rows.stream().filter(r -> !r.isNullAt(0) && r.getBoolean(0)).toList();
    return new Samples(of(rows, s), of(sub, s));
  }

  private static PairSummary of(List<Row> rows, MatchedSettings s) {
    long n = 0;
    Map<String, Long> u = new HashMap<>();
    Map<String, Long> r = new HashMap<>();
    Map<String, double[]> d = new HashMap<>();
    for (Row row : rows) {
      n += row.getLong(row.fieldIndex("n"));
      for (YearlyOutcomes.Outcome o : YearlyOutcomes.OUTCOMES) {
        for (int y : s.years()) {
          String k = key(o.column(), y);
          u.merge(k, longOrZero(row, "u_" + k), Long::sum);
          r.merge(k, longOrZero(row, "r_" + k), Long::sum);
        }
        for (int f : s.followupYears()) {
          String k = key(o.column(), f);
          double[] acc = d.computeIfAbsent(k, x -> new double[2]);
          acc[0] += doubleOrZero(row, "d_" + k);
          acc[1] += doubleOrZero(row, "dd_" + k);
        }
      }
    }
    Map<String, PairedDid> did = new HashMap<>();
    long pairs = n;
    d.forEach((k, v) -> did.put(k, new PairedDid(pairs, v[0], v[1])));
    return new PairSummary(n, u, r, did);
  }

  private static long longOrZero(Row row, String name) {
    int i = row.fieldIndex(name);
    return row.isNullAt(i) ? 0 : row.getLong(i);
  }

  private static double doubleOrZero(Row row, String name) {
    int i = row.fieldIndex(name);
    return row.isNullAt(i) ? 0 : row.getDouble(i);
  }
}
