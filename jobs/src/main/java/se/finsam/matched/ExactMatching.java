package se.finsam.matched;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import se.finsam.linkage.Keys;

/**
 * Exact matching without replacement, one referent per treated person (seed 000, Metod): inside each
 * stratum (the combination of the matching variables) treated persons and potential referents are each
 * put in a random order, a keyed hash of (seed, pid) with pid breaking ties, and the k-th treated person
 * is paired with the k-th referent. That is a uniformly random draw without replacement that depends
 * only on the seed and the pids, never on partitioning or executors. It runs as one window per stratum
 * and one join, so the pool can have millions of rows.
 */
public final class ExactMatching {
  private ExactMatching() {}

  /**
   * @param pairs {@code pair_id} (the treated pid), {@code stratum}, {@code pid_u}, {@code pid_r}
   * @param unmatched treated persons without a referent: {@code pid}, {@code stratum} (null when a
   *     matching variable is unknown), {@code orsak}
   */
  public record Matches(Dataset<Row> pairs, Dataset<Row> unmatched) {}

  /** The stratum of a row: its matching variables joined by '|', null when any is null. */
  static Column stratum(List<String> variables) {
    Column anyNull = lit(false);
    for (String v : variables) {
      anyNull = anyNull.or(col(v).isNull());
    }
    return when(anyNull, lit(null).cast("string"))
        .otherwise(concat_ws("|", variables.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new)));
  }

  /** The random key of a person inside a stratum: a 64-bit hash of (seed, pid). */
  static Column order(long seed) {
    return xxhash64(lit(seed), col("pid"));
  }

  /** The rank order inside a stratum: by {@code key}, and by pid when two keys are equal (a hash collision). */
  static Column[] rankOrder(Column key) {
    return new Column[] {key, col("pid")};
  }

  public static Matches match(Dataset<Row> population, List<String> variables, long seed) {
    Dataset<Row> withStratum = population.select(col("pid"), col("grupp"), stratum(variables).as("stratum"));
    Dataset<Row> known = withStratum.filter(col("stratum").isNotNull());
    // No referent ranked after the largest stratum's number of treated persons is ever drawn. Bounding the
    // rank by that number lets Spark keep only the head of each stratum in each partition before the shuffle
    // (a window group limit, up to spark.sql.optimizer.windowGroupLimitThreshold) instead of moving the pool.
    Row largest = known.filter(col("grupp").equalTo(MatchedPopulation.TREATED)).groupBy("stratum").count()
        .agg(max("count")).first();
    int bound = largest.isNullAt(0) ? 0 : Math.toIntExact(largest.getLong(0));
    Dataset<Row> ranked = known
        .withColumn("rang", row_number().over(Window.partitionBy("stratum", "grupp").orderBy(rankOrder(order(seed)))))
        .filter(col("rang").leq(lit(bound)));
    Dataset<Row> treated = ranked.filter(col("grupp").equalTo(MatchedPopulation.TREATED));
    Dataset<Row> pool = ranked.filter(col("grupp").equalTo(MatchedPopulation.POOL))
        .select(col("stratum"), col("rang"), col("pid").as("pid_r"));
    Dataset<Row> pairs = treated.join(pool, Keys.of("stratum", "rang"), "inner")
        .select(col("pid").as("pair_id"), col("stratum"), col("pid").as("pid_u"), col("pid_r"));
    // From the pairs, not the ranking again: the ranking sorts the whole pool.
    Dataset<Row> noReferent = withStratum.filter(col("grupp").equalTo(MatchedPopulation.TREATED).and(col("stratum").isNotNull()))
        .join(pairs.select(col("pid_u").as("pid")), Keys.of("pid"), "left_anti")
        .select(col("pid"), col("stratum"), lit("ingen referent kvar i cellen").as("orsak"));
    Dataset<Row> unknown = withStratum.filter(col("grupp").equalTo(MatchedPopulation.TREATED).and(col("stratum").isNull()))
        .select(col("pid"), col("stratum"), lit("matchningsvariabel saknas").as("orsak"));
    return new Matches(pairs, noReferent.unionByName(unknown));
  }
}
