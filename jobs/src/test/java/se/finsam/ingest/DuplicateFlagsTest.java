package se.finsam.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.finsam.spark.SharedSpark;

/**
 * The duplicate flags against an independent formulation: Spark windows over the business key (the count
 * of a key's valid rows, the smallest and largest struct of their other columns, the smallest place), on
 * random rows with many repeated keys, nulls, -0.0 beside 0.0 and NaN in the compared columns, rows that
 * broke a rule, and a key's rows spread over files and partitions.
 */
@ExtendWith(SharedSpark.class)
class DuplicateFlagsTest {
  private static final StructType SCHEMA = new StructType()
      .add("pid", DataTypes.LongType, true)
      .add("period", DataTypes.IntegerType, true)
      .add("kod", DataTypes.StringType, true)
      .add("belopp", DataTypes.DoubleType, true)
      .add("_file", DataTypes.StringType, false)
      .add("_row_number", DataTypes.LongType, false)
      .add("rule_code", DataTypes.StringType, true);
  private static final List<String> KEY = List.of("pid", "period");
  private static final List<String> OTHERS = List.of("kod", "belopp");

  @Test
  void flagsAgreeWithWindowsOverTheKey() {
    Random random = new Random(20261205L);
    List<Row> rows = new ArrayList<>();
    double[] amounts = {0.0, -0.0, 1.5, Double.NaN, 2.0};
    String[] codes = {"A", "B", null};
    for (int i = 0; i < 4000; i++) {
      Long pid = random.nextInt(50) == 0 ? null : (long) random.nextInt(400);
      Integer period = 202001 + random.nextInt(3);
      String kod = codes[random.nextInt(random.nextInt(4) == 0 ? 3 : 1)];
      Double belopp = random.nextInt(10) == 0 ? null : amounts[random.nextInt(random.nextInt(3) == 0 ? 5 : 2)];
      String rule = random.nextInt(12) == 0 ? "R03" : null;
      rows.add(RowFactory.create(pid, period, kod, belopp, "part-0000" + random.nextInt(3) + ".csv",
          (long) i, rule));
    }
    SparkSession spark = SharedSpark.session();
    Dataset<Row> delivered = spark.createDataFrame(rows, SCHEMA);

    Set<String> expected = new TreeSet<>();
    for (Row r : byWindows(delivered).collectAsList()) {
      expected.add(r.getString(0) + ":" + r.getLong(1) + " conflict=" + r.getBoolean(2) + " first=" + r.getBoolean(3));
    }
    // One partition: more keys than the hash table's first size, more rows than its first row arrays.
    // Also with each partition's rows handed over by period, which the frame's plan then knows.
    for (Optional<String> orderedBy : List.of(Optional.<String>empty(), Optional.of("period"))) {
      for (int partitions : new int[] {1, 4}) {
        Dataset<Row> frame = flagged(delivered, partitions, orderedBy);
        Set<String> flagged = new TreeSet<>();
        for (Row r : frame.select("_file", "_row_number", "_conflict", "_first").collectAsList()) {
          flagged.add(r.getString(0) + ":" + r.getLong(1) + " conflict=" + r.getBoolean(2) + " first=" + r.getBoolean(3));
        }
        assertEquals(rows.size(), flagged.size(), "one flagged row per row");
        Set<String> differ = new TreeSet<>(expected);
        differ.removeAll(flagged);
        assertEquals(Set.of(), differ, "the windows' flags that DuplicateFlags does not give in " + partitions + " partitions");
        assertEquals(orderedBy.map(List::of).orElse(List.of()), RowFrames.orderedBy(frame));
        if (orderedBy.isPresent()) {
          for (List<Row> partition : frame.select("period").javaRDD().glom().collect()) {
            List<Integer> periods = partition.stream().map(r -> r.getInt(0)).toList();
            assertEquals(periods.stream().sorted().toList(), periods, "a partition's rows by period");
          }
        }
      }
    }
    assertTrue(expected.stream().anyMatch(s -> s.contains("conflict=true")), "the rows hold conflicts");
    assertTrue(expected.stream().anyMatch(s -> s.contains("conflict=false first=false")), "and exact duplicates");
  }

  /** Rows that are not unsafe (converted first), by hand: an exact duplicate, a conflict, a broken row. */
  @Test
  void flagsByHand() {
    List<InternalRow> rows = List.of(
        row(1L, 202001, "A", 1.0, "part-00001.csv", 1L, null),  // 0 collapsed: row 1 comes first
        row(1L, 202001, "A", 1.0, "part-00000.csv", 9L, null),  // 1 kept
        row(2L, 202001, "A", 1.0, "part-00000.csv", 2L, null),  // 2 conflict
        row(2L, 202001, "B", 1.0, "part-00000.csv", 3L, null),  // 3 conflict
        row(2L, 202001, "A", 1.0, "part-00000.csv", 4L, "R03"), // 4 broken: not compared
        row(3L, 202001, null, -0.0, "part-00000.csv", 5L, null), // 5 kept
        row(3L, 202001, null, 0.0, "part-00000.csv", 6L, null)); // 6 collapsed: -0.0 is 0.0 in Spark's order
    List<String> flags = new ArrayList<>();
    new DuplicateFlags(SCHEMA, KEY, OTHERS, Optional.empty()).call(rows.iterator())
        .forEachRemaining(r -> flags.add(r.getLong(5) + (r.getBoolean(7) ? " conflict" : "") + (r.getBoolean(8) ? " first" : "")));
    assertEquals(List.of("1", "9 first", "2 conflict first", "3 conflict", "4 first", "5 first", "6"), flags);
  }

  /** By an int column: nulls first, then by value, each value's rows in the order they came; the flags unchanged. */
  @Test
  void ordersAPartitionsRowsByAnIntColumn() {
    List<InternalRow> rows = List.of(
        row(1L, 202003, "A", 1.0, "part-00000.csv", 1L, null),
        row(2L, null, "A", 1.0, "part-00000.csv", 2L, "R01"),
        row(3L, 202001, "A", 1.0, "part-00000.csv", 3L, null),
        row(1L, 202003, "A", 1.0, "part-00000.csv", 4L, null),
        row(4L, null, "A", 1.0, "part-00000.csv", 5L, "R01"),
        row(5L, 202001, "B", 1.0, "part-00000.csv", 6L, null),
        row(6L, 202002, "A", 1.0, "part-00000.csv", 7L, null));
    List<String> flags = new ArrayList<>();
    new DuplicateFlags(SCHEMA, KEY, OTHERS, Optional.of("period")).call(rows.iterator())
        .forEachRemaining(r -> flags.add(r.getLong(5) + (r.getBoolean(8) ? " first" : "")));
    assertEquals(List.of("2 first", "5 first", "3 first", "6 first", "7 first", "1 first", "4"), flags);
    assertThrows(IllegalArgumentException.class, () -> new DuplicateFlags(SCHEMA, KEY, OTHERS, Optional.of("kod")));
  }

  private static InternalRow row(Long pid, Integer period, String kod, Double belopp, String file, long rowNumber, String rule) {
    return new GenericInternalRow(new Object[] {pid, period, kod == null ? null : UTF8String.fromString(kod), belopp,
        UTF8String.fromString(file), rowNumber, rule == null ? null : UTF8String.fromString(rule)});
  }

  @Test
  void pagesGiveBackEveryRowAfterTheReleasedOnes() {
    UnsafeProjection unsafe = UnsafeProjection.create(new StructType().add("s", DataTypes.StringType).add("n", DataTypes.LongType));
    DuplicateFlags.Pages pages = new DuplicateFlags.Pages(64);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String s = "x".repeat(i % 7 == 0 ? 100 : i % 5); // some rows larger than a page
      values.add(s);
      assertEquals(i, pages.add(unsafe.apply(new GenericInternalRow(new Object[] {UTF8String.fromString(s), (long) i}))));
    }
    UnsafeRow row = new UnsafeRow(2);
    for (int i = 0; i < 50; i++) {
      pages.release(i);
      pages.point(row, i);
      assertEquals(values.get(i), row.getUTF8String(0).toString());
      assertEquals(i, row.getLong(1));
    }
  }

  @Test
  void aFloatingPointKeyIsRefused() {
    StructType schema = new StructType().add("x", DataTypes.DoubleType).add("y", DataTypes.StringType)
        .add("_file", DataTypes.StringType).add("_row_number", DataTypes.LongType).add("rule_code", DataTypes.StringType);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DuplicateFlags(schema, List.of("x"), List.of("y"), Optional.empty()));
    assertTrue(e.getMessage().contains("x is DOUBLE"), e.getMessage());
  }

  private static Dataset<Row> flagged(Dataset<Row> delivered, int partitions, Optional<String> orderedBy) {
    Dataset<Row> byKey = delivered.repartition(partitions, col("pid"), col("period"));
    return DuplicateFlags.flag(byKey, KEY, OTHERS, orderedBy, "test");
  }

  /** _file, _row_number, conflict, first by windows over (key, valid). */
  private static Dataset<Row> byWindows(Dataset<Row> delivered) {
    Column valid = col("rule_code").isNull();
    WindowSpec byKey = Window.partitionBy(col("pid"), col("period"), valid);
    Column variant = struct(col("kod"), col("belopp"));
    Column place = struct(col("_file"), col("_row_number"));
    Column repeated = count(lit(1)).over(byKey).gt(1);
    Column conflict = valid.and(repeated).and(min(variant).over(byKey).notEqual(max(variant).over(byKey)));
    Column first = not(valid).or(min(place).over(byKey).equalTo(place));
    return delivered.select(col("_file"), col("_row_number"), conflict.as("conflict"), first.as("first"));
  }
}
