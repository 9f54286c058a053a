package se.finsam.matched;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import se.finsam.did.LogisticRegression;
import se.finsam.did.LogitInference;
import se.finsam.linkage.Keys;

/**
 * Nearest-neighbour matching on the propensity score within a caliper, without replacement (the option
 * for when exact cells get thin). The score is a logit of treatment on the matching variables (a category
 * without treated persons, or without referents, gets the limit of its score, see {@link Separation}). They are
 * categorical, so every person of a stratum has the same score: the greedy nearest-neighbour allocation is
 * made on the driver over strata and their counts (treated strata in descending score, each taking
 * referents from the nearest stratum with some left, within the caliper), and Spark then pairs persons by
 * rank inside the allocated ranges, ordered by the same keyed hash as {@link ExactMatching}. Same seed,
 * same pairs, whatever the partitioning.
 */
public final class PropensityMatching {
  private PropensityMatching() {}

  /** A stratum with its score and persons per group. */
  record Stratum(String key, double score, long treated, long pool) {}

  /** A block of the allocation: treated ranks [fromU, fromU + n) of stratum u get referent ranks [fromR, ...) of r. */
  record Block(String u, long fromU, String r, long fromR, long n) {}

  static final StructType BLOCKS = new StructType().add("stratum", DataTypes.StringType).add("from_u", DataTypes.LongType)
      .add("stratum_r", DataTypes.StringType).add("from_r", DataTypes.LongType).add("n", DataTypes.LongType)
      .add("distance", DataTypes.DoubleType);

  /** The greedy allocation (plain Java, testable): treated strata by descending score, nearest referent stratum first. */
  static List<Block> allocate(List<Stratum> strata, double caliper) {
    Map<String, long[]> used = new LinkedHashMap<>();
    strata.forEach(s -> used.put(s.key(), new long[] {0}));
    List<Block> blocks = new ArrayList<>();
    List<Stratum> treated = strata.stream().filter(s -> s.treated() > 0)
        .sorted(Comparator.comparingDouble(Stratum::score).reversed().thenComparing(Stratum::key)).toList();
    for (Stratum u : treated) {
      long next = 0;
      List<Stratum> candidates = strata.stream().filter(r -> r.pool() > 0 && Math.abs(r.score() - u.score()) <= caliper)
          .sorted(Comparator.comparingDouble((Stratum r) -> Math.abs(r.score() - u.score())).thenComparing(Stratum::key)).toList();
      for (Stratum r : candidates) {
        long left = r.pool() - used.get(r.key())[0];
        long n = Math.min(left, u.treated() - next);
        if (n > 0) {
          blocks.add(new Block(u.key(), next, r.key(), used.get(r.key())[0], n));
          used.get(r.key())[0] += n;
          next += n;
        }
        if (next == u.treated()) {
          break;
        }
      }
    }
    return blocks;
  }

  public static ExactMatching.Matches match(Dataset<Row> population, List<String> variables, long seed, double caliper) {
    Dataset<Row> withStratum = population.select(col("pid"), col("grupp"), ExactMatching.stratum(variables).as("stratum"));
    List<Row> counts = population.filter(ExactMatching.stratum(variables).isNotNull())
        .groupBy(variables.stream().map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new))
        .agg(count(lit(1)).as("n"), sum(when(col("grupp").equalTo(MatchedPopulation.TREATED), 1).otherwise(0)).as("nu"))
        .collectAsList();
    List<LogitAnalysis.Cell> cells = new ArrayList<>();
    for (Row r : counts) {
      List<String> categories = new ArrayList<>();
      for (int i = 0; i < variables.size(); i++) {
        categories.add(r.getString(i));
      }
      cells.add(new LogitAnalysis.Cell(false, categories, r.getLong(variables.size()), Map.of("behandlad", r.getLong(variables.size() + 1))));
    }
    // A category with no treated person (or no referent) has no finite coefficient: its strata get the
    // limit of their score, 0 (or 1), and the logit is fitted on the others.
    Separation separation = Separation.of(cells, variables, c -> c.ones().get("behandlad"));
    LogitAnalysis.Design design = LogitAnalysis.Design.of(separation.kept(), variables, false);
    double[] beta = separation.kept().isEmpty() ? new double[0]
        : Arrays.stream(design.fit(separation.kept(), c -> c.ones().get("behandlad"))).mapToDouble(LogitInference.Term::coefficient).toArray();
    List<Stratum> strata = new ArrayList<>();
    for (LogitAnalysis.Cell c : cells) {
      long u = c.ones().get("behandlad");
      Double limit = separation.limit(c, variables);
      strata.add(new Stratum(String.join("|", c.categories()),
          limit != null ? limit : LogisticRegression.probability(beta, design.row(c)), u, c.persons() - u));
    }
    Map<String, Double> score = new LinkedHashMap<>();
    strata.forEach(s -> score.put(s.key(), s.score()));
    List<Row> blockRows = allocate(strata, caliper).stream().map(b -> RowFactory.create(b.u(), b.fromU(), b.r(), b.fromR(), b.n(),
        Math.abs(score.get(b.u()) - score.get(b.r())))).toList();
    Dataset<Row> blocks = population.sparkSession().createDataFrame(blockRows, BLOCKS);

    Dataset<Row> ranked = withStratum.filter(col("stratum").isNotNull()).withColumn("rang",
        row_number().over(Window.partitionBy("stratum", "grupp").orderBy(ExactMatching.rankOrder(ExactMatching.order(seed)))).minus(1).cast("long"));
    Dataset<Row> treated = ranked.filter(col("grupp").equalTo(MatchedPopulation.TREATED));
    Dataset<Row> pool = ranked.filter(col("grupp").equalTo(MatchedPopulation.POOL))
        .select(col("stratum").as("stratum_r"), col("rang").as("rang_r"), col("pid").as("pid_r"));
    Dataset<Row> assigned = treated.join(broadcast(blocks), Keys.of("stratum"), "inner")
        .filter(col("rang").geq(col("from_u")).and(col("rang").lt(col("from_u").plus(col("n")))))
        .withColumn("rang_r", col("from_r").plus(col("rang")).minus(col("from_u")));
    Dataset<Row> pairs = assigned.join(pool, Keys.of("stratum_r", "rang_r"), "inner")
        .select(col("pid").as("pair_id"), col("stratum"), col("pid").as("pid_u"), col("pid_r"));
    Dataset<Row> noReferent = treated.join(pairs.select(col("pid_u").as("pid")), Keys.of("pid"), "left_anti")
        .select(col("pid"), col("stratum"), lit("ingen referent inom kalipern").as("orsak"));
    Dataset<Row> unknown = withStratum.filter(col("grupp").equalTo(MatchedPopulation.TREATED).and(col("stratum").isNull()))
        .select(col("pid"), col("stratum"), lit("matchningsvariabel saknas").as("orsak"));
    return new ExactMatching.Matches(pairs, noReferent.unionByName(unknown));
  }
}
