package se.finsam.disclosure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    StructType schema = new StructType().add("pid", DataTypes.LongType).add("g", DataTypes.StringType)
        .add("kr", DataTypes.DoubleType).add("days", DataTypes.DoubleType);
    Map<String, Map<String, double[]>> top = TopContributions.largest(spark.createDataFrame(rows, schema), "g",
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
}
