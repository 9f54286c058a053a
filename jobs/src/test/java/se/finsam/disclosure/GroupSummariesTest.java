package se.finsam.disclosure;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.var_samp;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.finsam.spark.SharedSpark;

/** Per-group summaries merged from the tasks, against a hand computation and against Spark's own aggregates. */
@ExtendWith(SharedSpark.class)
class GroupSummariesTest {
  private static final StructType SCHEMA = new StructType().add("pid", DataTypes.LongType).add("g", DataTypes.StringType)
      .add("kr", DataTypes.DoubleType).add("days", DataTypes.IntegerType);

  @Test
  void aSmallFrameByHand(SparkSession spark) {
    List<Row> rows = List.of(
        RowFactory.create(1L, "a", 10.0, 0), RowFactory.create(2L, "a", 0.0, 3), RowFactory.create(3L, "a", 20.0, null),
        RowFactory.create(4L, "b", null, 5), RowFactory.create(5L, null, 99.0, 9));
    GroupSummaries s = GroupSummaries.of(spark.createDataFrame(rows, SCHEMA).repartition(3), "g",
        List.of(new GroupSummaries.Spec("kr", true, true), new GroupSummaries.Spec("days", false, false)), 2);

    assertEquals(List.of(GroupSummaries.ALL, "a", "b"), s.groups(), "the person without a group is in none");
    assertEquals(3, s.persons("a"));
    assertEquals(4, s.persons(GroupSummaries.ALL));
    assertEquals(0, s.persons("c"));
    // kr in a, over the non-zero values 10 and 20: mean 15, variance ((-5)^2 + 5^2) / 1 = 50; the zero still
    // ranks among the largest.
    GroupSummaries.Summary kr = s.summary("a", "kr");
    assertEquals(2, kr.n());
    assertEquals(15.0, kr.mean(), 1e-12);
    assertEquals(50.0, kr.variance(), 1e-12);
    assertEquals(2, kr.nonZero());
    assertEquals(10.0, kr.min());
    assertArrayEquals(new double[] {20, 10}, kr.largest());
    GroupSummaries.Summary krB = s.summary("b", "kr");
    assertEquals(0, krB.n());
    assertTrue(Double.isNaN(krB.mean()) && Double.isNaN(krB.variance()) && Double.isNaN(krB.min()));
    assertEquals(0, krB.largest().length);
    // days over every value: a has 0 and 3, b has 5; all: 0, 3, 5, mean 8/3.
    GroupSummaries.Summary days = s.summary(GroupSummaries.ALL, "days");
    assertEquals(3, days.n());
    assertEquals(8.0 / 3, days.mean(), 1e-12);
    assertEquals((Math.pow(8.0 / 3, 2) + Math.pow(3 - 8.0 / 3, 2) + Math.pow(5 - 8.0 / 3, 2)) / 2, days.variance(), 1e-12);
    assertEquals(2, days.nonZero());
    assertEquals(0.0, days.min());
    assertEquals(0, days.largest().length, "not ranked");
    assertTrue(Double.isNaN(s.summary("b", "days").variance()), "one value, no variance");
    assertEquals(GroupSummaries.Summary.EMPTY, s.summary("c", "kr"));
    assertThrows(IllegalArgumentException.class, () -> s.summary("a", "pid"));
  }

  /**
   * Random persons in several partitions (nulls, zeros, negative values, a group of one): every summary
   * equals Spark's avg, var_samp, min and counts per group and over the groups, to rounding.
   */
  @Test
  void theSummariesAreSparksAggregates(SparkSession spark) {
    Random random = new Random(11);
    List<Row> rows = new ArrayList<>();
    String[] groups = {"a", "b", "c", null};
    for (int i = 0; i < 5000; i++) {
      String g = i == 0 ? "d" : groups[random.nextInt(groups.length)];
      Double kr = random.nextInt(6) == 0 ? null : random.nextInt(3) == 0 ? 0.0 : random.nextGaussian() * 1e4 + 2e3;
      Integer days = random.nextInt(9) == 0 ? null : random.nextInt(40) - 5;
      rows.add(RowFactory.create((long) i, g, kr, days));
    }
    Dataset<Row> persons = spark.createDataFrame(rows, SCHEMA).repartition(5);
    GroupSummaries s = GroupSummaries.of(persons, "g",
        List.of(new GroupSummaries.Spec("kr", true, false), new GroupSummaries.Spec("days", false, false)), 0);

    Dataset<Row> grouped = persons.filter(col("g").isNotNull());
    List<Column> aggregates = new ArrayList<>();
    for (String c : List.of("kr", "days")) {
      Column v = c.equals("kr") ? when(col(c).notEqual(0), col(c)) : col(c).cast("double");
      aggregates.addAll(List.of(count(v), avg(v), var_samp(v), sum(when(v.notEqual(0), 1L).otherwise(0L)), min(v)));
    }
    List<Row> expected = grouped.rollup("g").agg(count(lit(1)), aggregates.toArray(Column[]::new)).collectAsList();
    assertEquals(5, expected.size());
    for (Row e : expected) {
      String g = e.isNullAt(0) ? GroupSummaries.ALL : e.getString(0);
      assertEquals(e.getLong(1), s.persons(g), g);
      for (int c = 0; c < 2; c++) {
        GroupSummaries.Summary got = s.summary(g, c == 0 ? "kr" : "days");
        int base = 2 + 5 * c;
        String what = "group '" + g + "' column " + c;
        assertEquals(e.getLong(base), got.n(), what);
        assertClose(e, base + 1, got.mean(), what + " mean");
        assertClose(e, base + 2, got.variance(), what + " variance");
        assertEquals(e.getLong(base + 3), got.nonZero(), what + " non-zero");
        assertClose(e, base + 4, got.min(), what + " min");
      }
    }
    assertEquals(1, s.persons("d"));
    assertTrue(Double.isNaN(s.summary("d", "days").variance()) || s.summary("d", "days").n() == 0);
  }

  private static void assertClose(Row r, int i, double got, String what) {
    if (r.isNullAt(i)) {
      assertTrue(Double.isNaN(got), what + ": Spark gives null, got " + got);
    } else {
      double want = r.getDouble(i);
      assertEquals(want, got, 1e-9 * Math.max(1, Math.abs(want)), what);
    }
  }
}
