package se.finsam.matched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.finsam.spark.SharedSpark;

/** Exact matching on hand-made strata: several candidates, a treated person without referent, a referent usable once. */
@ExtendWith(SharedSpark.class)
class ExactMatchingTest {
  static final List<String> VARS = List.of("kon", "utbildning");

  static Dataset<Row> population(SparkSession spark) {
    StructType schema = new StructType().add("pid", DataTypes.LongType).add("grupp", DataTypes.StringType)
        .add("kon", DataTypes.StringType).add("utbildning", DataTypes.StringType);
    return spark.createDataFrame(List.of(
        RowFactory.create(1L, "U", "K", "GYMNASIAL"), RowFactory.create(2L, "U", "K", "GYMNASIAL"),
        RowFactory.create(10L, "R", "K", "GYMNASIAL"), RowFactory.create(11L, "R", "K", "GYMNASIAL"),
        RowFactory.create(12L, "R", "K", "GYMNASIAL"),                       // three candidates for two treated
        RowFactory.create(3L, "U", "M", "GYMNASIAL"),                        // nobody in the pool: no referent
        RowFactory.create(4L, "U", "K", "EFTERGYMNASIAL"), RowFactory.create(5L, "U", "K", "EFTERGYMNASIAL"),
        RowFactory.create(13L, "R", "K", "EFTERGYMNASIAL"),                  // one referent for two treated
        RowFactory.create(6L, "U", null, "GYMNASIAL"),                       // sex unknown
        RowFactory.create(14L, "R", "M", "FORGYMNASIAL")), schema);          // no treated person in its stratum
  }

  static Map<Long, Long> pairs(ExactMatching.Matches m) {
    Map<Long, Long> out = new TreeMap<>();
    m.pairs().collectAsList().forEach(r -> out.put(r.getLong(r.fieldIndex("pid_u")), r.getLong(r.fieldIndex("pid_r"))));
    return out;
  }

  @Test
  void oneReferentPerTreatedWithoutReplacementInsideTheStratum(SparkSession spark) {
    ExactMatching.Matches m = ExactMatching.match(population(spark), VARS, 42);
    Map<Long, Long> pairs = pairs(m);
    assertTrue(pairs.keySet().containsAll(Set.of(1L, 2L)));
    assertTrue(pairs.containsKey(4L) ^ pairs.containsKey(5L), "one of 4 and 5 gets the only referent 13");
    assertTrue(Set.of(10L, 11L, 12L).containsAll(List.of(pairs.get(1L), pairs.get(2L))));
    assertNotEquals(pairs.get(1L), pairs.get(2L));
    assertEquals(13L, pairs.containsKey(4L) ? pairs.get(4L) : pairs.get(5L));
    assertEquals(3, pairs.size());
    Map<Long, String> unmatched = new HashMap<>();
    m.unmatched().collectAsList().forEach(r -> unmatched.put(r.getLong(0), r.getString(2)));
    assertEquals("ingen referent kvar i cellen", unmatched.get(3L));
    assertEquals("matchningsvariabel saknas", unmatched.get(6L));
    assertEquals(3, unmatched.size());
    assertTrue(unmatched.containsKey(4L) ^ unmatched.containsKey(5L));
  }

  /** The bound on the rank (2: the largest stratum's treated) lets Spark cut each stratum before the shuffle. */
  @Test
  void theRankIsCutBeforeTheShuffle(SparkSession spark) {
    String plan = ExactMatching.match(population(spark), VARS, 42).pairs().queryExecution().executedPlan().toString();
    assertTrue(plan.contains("WindowGroupLimit"), plan);
  }

  @Test
  void theSameForAnyPartitioningAndRandomOverSeeds(SparkSession spark) {
    String before = spark.conf().get("spark.sql.shuffle.partitions");
    try {
      spark.conf().set("spark.sql.shuffle.partitions", "1");
      Map<Long, Long> one = pairs(ExactMatching.match(population(spark).coalesce(1), VARS, 42));
      spark.conf().set("spark.sql.shuffle.partitions", "8");
      Map<Long, Long> eight = pairs(ExactMatching.match(population(spark).repartition(8), VARS, 42));
      assertEquals(one, eight);
    } finally {
      spark.conf().set("spark.sql.shuffle.partitions", before);
    }
    // The referent of person 1 is a random draw: over seeds every candidate is drawn.
    Set<Long> drawn = new HashSet<>();
    for (long seed = 1; seed <= 12 && drawn.size() < 3; seed++) {
      drawn.add(pairs(ExactMatching.match(population(spark), VARS, seed)).get(1L));
    }
    assertEquals(Set.of(10L, 11L, 12L), drawn);
  }

  @Test
  void nearestNeighbourOnThePropensityScoreWithinTheCaliper(SparkSession spark) {
    // So that no category separates (the next test has one that does): add a referent to M|GYMNASIAL and a
    // treated person and a referent to M|FORGYMNASIAL.
    StructType schema = population(spark).schema();
    Dataset<Row> more = population(spark).unionByName(spark.createDataFrame(List.of(
        RowFactory.create(15L, "R", "M", "GYMNASIAL"), RowFactory.create(7L, "U", "M", "FORGYMNASIAL"),
        RowFactory.create(16L, "R", "M", "FORGYMNASIAL")), schema));
    ExactMatching.Matches m = PropensityMatching.match(more, VARS, 42, 1.0);
    Map<Long, Long> pairs = pairs(m);
    // Six treated with known variables, seven referents: every treated person is paired, no referent twice.
    assertEquals(Set.of(1L, 2L, 3L, 4L, 5L, 7L), pairs.keySet());
    assertEquals(6, new HashSet<>(pairs.values()).size());
    assertEquals(1, m.unmatched().count());
    // A caliper of zero allows only referents of the same score: 4 and 5 share the one referent of their stratum.
    Map<Long, Long> strict = pairs(PropensityMatching.match(more, VARS, 42, 1e-9));
    assertEquals(5, strict.size());
    assertTrue(strict.containsKey(4L) ^ strict.containsKey(5L));
  }

  /**
   * The hand strata as they are: no treated person has FORGYMNASIAL, and then the only treated man has no
   * male referent left, so both categories separate. Their strata get the limit of the score (0 and 1)
   * and the logit is fitted on the rest (before, the fit failed and so did the matching).
   */
  @Test
  void nearestNeighbourWhenACategoryHasNoTreatedPerson(SparkSession spark) {
    ExactMatching.Matches m = PropensityMatching.match(population(spark), VARS, 42, 1.0);
    Map<Long, Long> pairs = pairs(m);
    assertEquals(Set.of(1L, 2L, 3L, 4L, 5L), pairs.keySet());
    assertEquals(5, new HashSet<>(pairs.values()).size());
    // Scores K|GYMNASIAL 2/5, K|EFTERGYMNASIAL 2/3, M|GYMNASIAL 1 (limit), M|FORGYMNASIAL 0 (limit): the man
    // (score 1) goes first and takes the nearest referent, 13 of K|EFTERGYMNASIAL.
    assertEquals(13L, pairs.get(3L));
    assertEquals(14L, pairs.get(1L).equals(14L) || pairs.get(2L).equals(14L) ? 14L : -1L, "K|GYMNASIAL's last treated gets 14 (score 0)");
    assertEquals(1, m.unmatched().count());
  }

  /**
   * Inside a stratum the k-th treated person gets the k-th referent, both in the order of (xxhash64(seed, pid),
   * pid). The order is computed here apart from the matching (Spark's hash per pid, sorted in Java), on a stratum
   * of three treated and five candidates.
   */
  @Test
  void theKthTreatedGetsTheKthReferentInHashOrder(SparkSession spark) {
    StructType schema = population(spark).schema();
    List<Row> rows = new java.util.ArrayList<>();
    for (long pid : new long[] {101, 102, 103}) {
      rows.add(RowFactory.create(pid, "U", "K", "GYMNASIAL"));
    }
    for (long pid : new long[] {201, 202, 203, 204, 205}) {
      rows.add(RowFactory.create(pid, "R", "K", "GYMNASIAL"));
    }
    Dataset<Row> stratum = spark.createDataFrame(rows, schema);
    Map<Long, Long> hash = new HashMap<>();
    stratum.select(org.apache.spark.sql.functions.col("pid"),
            org.apache.spark.sql.functions.xxhash64(org.apache.spark.sql.functions.lit(42L), org.apache.spark.sql.functions.col("pid")))
        .collectAsList().forEach(r -> hash.put(r.getLong(0), r.getLong(1)));
    java.util.Comparator<Long> byHash = java.util.Comparator.comparing((Long pid) -> hash.get(pid)).thenComparing(pid -> pid);
    List<Long> treated = java.util.stream.Stream.of(101L, 102L, 103L).sorted(byHash).toList();
    List<Long> referents = java.util.stream.Stream.of(201L, 202L, 203L, 204L, 205L).sorted(byHash).toList();
    Map<Long, Long> expected = new TreeMap<>();
    for (int k = 0; k < 3; k++) {
      expected.put(treated.get(k), referents.get(k));
    }
    assertEquals(expected, pairs(ExactMatching.match(stratum, VARS, 42)));
  }

  /**
   * Two equal hashes cannot be made from real pids, so the tie-break is tested on the rank order itself: with
   * every key equal, pid decides (ascending), for treated and referents alike.
   */
  @Test
  void equalKeysAreOrderedByPid(SparkSession spark) {
    StructType schema = new StructType().add("pid", DataTypes.LongType).add("grupp", DataTypes.StringType);
    Dataset<Row> persons = spark.createDataFrame(List.of(RowFactory.create(30L, "R"), RowFactory.create(7L, "R"),
        RowFactory.create(19L, "R"), RowFactory.create(12L, "U"), RowFactory.create(3L, "U")), schema).repartition(3);
    List<Row> ranked = persons.withColumn("rang", org.apache.spark.sql.functions.row_number().over(
            org.apache.spark.sql.expressions.Window.partitionBy("grupp")
                .orderBy(ExactMatching.rankOrder(org.apache.spark.sql.functions.lit(0L)))))
        .orderBy("grupp", "rang").collectAsList();
    assertEquals(List.of("R1:7", "R2:19", "R3:30", "U1:3", "U2:12"),
        ranked.stream().map(r -> r.getString(1) + r.getInt(2) + ":" + r.getLong(0)).toList());
  }

  /**
   * Nearest neighbour, documented rule: a treated stratum takes referents from the nearest stratum first and,
   * at equal distance, from the stratum whose key comes first; treated strata go by descending score and, at
   * equal score, by key. Scores are exact binary fractions so the distances are equal.
   */
  @Test
  void nearestNeighbourBreaksEqualDistancesByStratumKey() {
    List<PropensityMatching.Stratum> strata = List.of(
        new PropensityMatching.Stratum("C", 0.75, 0, 1),
        new PropensityMatching.Stratum("B", 0.5, 1, 0),
        new PropensityMatching.Stratum("A", 0.25, 0, 1));
    assertEquals(List.of(new PropensityMatching.Block("B", 0, "A", 0, 1)), PropensityMatching.allocate(strata, 0.5));
    // Two treated strata of equal score and one referent left within the caliper: the first key gets it.
    List<PropensityMatching.Stratum> rivals = List.of(
        new PropensityMatching.Stratum("Y", 0.5, 1, 0),
        new PropensityMatching.Stratum("X", 0.5, 1, 0),
        new PropensityMatching.Stratum("Z", 0.625, 0, 1));
    assertEquals(List.of(new PropensityMatching.Block("X", 0, "Z", 0, 1)), PropensityMatching.allocate(rivals, 0.25));
  }
}
