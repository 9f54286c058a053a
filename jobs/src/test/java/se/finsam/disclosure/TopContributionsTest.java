package se.finsam.disclosure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.finsam.spark.SharedSpark;

/** The largest contributions per group in Spark, and the dominance rule on them. */
@ExtendWith(SharedSpark.class)
class TopContributionsTest {
  private static final StructType SCHEMA = new StructType().add("pid", DataTypes.LongType).add("g", DataTypes.StringType)
      .add("kr", DataTypes.DoubleType).add("days", DataTypes.DoubleType);

  @Test
  void largestPerGroupAndOverall(SparkSession spark) {
    // Group a: one person holds 90 000 of 100 000 kr; group b: ten persons of 1 000 kr each.
    List<Row> rows = new ArrayList<>();
    double[] a = {90_000, 4_000, 3_000, 2_000, 1_000};
    for (int i = 0; i < a.length; i++) {
      rows.add(RowFactory.create((long) i, "a", a[i], null));
    }
    for (int i = 0; i < 10; i++) {
      rows.add(RowFactory.create(100L + i, "b", 1_000.0, (double) i));
    }
    Map<String, Map<String, double[]>> top = TopContributions.largest(spark.createDataFrame(rows, SCHEMA), "g",
        List.of("kr", "days"), 2);
    assertArrayEquals(new double[] {90_000, 4_000}, top.get("a").get("kr"));
    assertArrayEquals(new double[] {1_000, 1_000}, top.get("b").get("kr"));
    assertArrayEquals(new double[] {90_000, 4_000}, top.get(TopContributions.ALL).get("kr"));
    assertArrayEquals(new double[] {9, 8}, top.get("b").get("days"));
    assertFalse(top.get("a").containsKey("days"), "no values, no contributions");

    DisclosureSettings.Dominance nk = DisclosureSettings.defaults(5).dominance();
    assertTrue(nk.dominates(100_000, top.get("a").get("kr")), "94 % held by two persons");
    assertFalse(nk.dominates(10_000, top.get("b").get("kr")), "20 %");
    assertEquals(2, top.get(TopContributions.ALL).get("kr").length);
  }

  /**
   * Against the values sorted by hand, on random persons in several partitions: ties, nulls, negative
   * values, a group with fewer values than asked for, a person without a group (in no group and not in
   * the whole population's entry).
   */
  @Test
  void theLargestAreTheSortedValuesHead(SparkSession spark) {
    Random random = new Random(5);
    List<Row> rows = new ArrayList<>();
    String[] groups = {"a", "b", "c", null};
    for (int i = 0; i < 3000; i++) {
      String g = i == 0 ? "d" : groups[random.nextInt(groups.length)];
      Double kr = i > 0 && random.nextInt(7) == 0 ? null : (double) (random.nextInt(400) - 50);
      rows.add(RowFactory.create((long) i, g, kr, null));
    }
    Map<String, Map<String, double[]>> top = TopContributions.largest(
        spark.createDataFrame(rows, SCHEMA).repartition(4), "g", List.of("kr"), 3);
    for (String g : List.of("a", "b", "c", "d", TopContributions.ALL)) {
      double[] expected = rows.stream().filter(r -> r.get(1) != null && r.get(2) != null
              && (g.equals(TopContributions.ALL) || g.equals(r.getString(1))))
          .map(r -> r.getDouble(2)).sorted(Comparator.reverseOrder()).limit(3).mapToDouble(Double::doubleValue).toArray();
      assertArrayEquals(expected, top.getOrDefault(g, Map.of()).get("kr"), "group '" + g + "'");
    }
    assertEquals(1, top.get("d").get("kr").length, "one person, one value");
    assertEquals(5, top.size(), "four groups and the whole population");
  }
}
