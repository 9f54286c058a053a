package se.finsam.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.finsam.spark.SharedSpark;

/**
 * The counts and quarantined rows that the write's tasks keep on the way, against Spark's own grouping and
 * filter of the same rows; and that they are kept: after a pass that read every row, asking for them reads
 * nothing of the shuffle below, while after a pass cut short, or none, the missing partitions are computed.
 */
@ExtendWith(SharedSpark.class)
class ClassifiedRowsTest {
  private static final StructType SCHEMA = new StructType()
      .add("pid", DataTypes.LongType, false)
      .add(DeliveryReader.FILE, DataTypes.StringType, false)
      .add(DeliveryReader.ROW_NUMBER, DataTypes.LongType, false)
      .add(DeliveryValidation.OUTCOME, DataTypes.StringType, false)
      .add(DeliveryValidation.RULE_CODE, DataTypes.StringType, true)
      .add(DeliveryValidation.RULE, DataTypes.StringType, true)
      .add(DeliveryValidation.COLUMN_NAME, DataTypes.StringType, true)
      .add(DeliveryValidation.VALUE, DataTypes.StringType, true);
  private static final List<String> QUARANTINE_COLUMNS = List.of(DeliveryReader.FILE, DeliveryReader.ROW_NUMBER,
      DeliveryValidation.RULE_CODE, DeliveryValidation.RULE, DeliveryValidation.COLUMN_NAME, DeliveryValidation.VALUE);

  @Test
  void countsAndQuarantinedRowsAgreeWithSparkAndAreKeptByTheFullPass() throws Exception {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> classified = classified(spark, 5000);
    Set<String> expectedCounts = new TreeSet<>();
    for (Row r : classified.groupBy(DeliveryReader.FILE, DeliveryValidation.OUTCOME, DeliveryValidation.RULE_CODE)
        .count().collectAsList()) {
      expectedCounts.add(r.getString(0) + "/" + r.getString(1) + "/" + r.getString(2) + "=" + r.getLong(3));
    }
    List<Row> expectedQuarantined = sorted(classified.filter(col(DeliveryValidation.OUTCOME)
        .equalTo(DeliveryValidation.QUARANTINED)).selectExpr(QUARANTINE_COLUMNS.toArray(new String[0])));
    assertTrue(expectedQuarantined.size() > 100, "the rows have quarantined ones");

    // Kept: a pass over every row, as the curated write, then neither asks for the shuffle's rows again.
    ClassifiedRows written = ClassifiedRows.of(classified, "test");
    try {
      Dataset<Row> curated = written.rows().filter(col(DeliveryValidation.OUTCOME).equalTo(DeliveryValidation.CURATED));
      curated.write().format("noop").mode("overwrite").save();
      assertEquals(0, shuffleRecordsRead(spark, () -> counts(written)), "the counts come from the pass");
      assertEquals(expectedCounts, counts(written));
      assertEquals(0, shuffleRecordsRead(spark, () -> sorted(written.quarantined())), "the rows come from the pass");
      assertEquals(expectedQuarantined, sorted(written.quarantined()));
    } finally {
      written.release();
    }

    // Computed: no pass (a correction is counted before its write), or one that stopped early.
    ClassifiedRows unread = ClassifiedRows.of(classified, "test");
    ClassifiedRows cut = ClassifiedRows.of(classified, "test");
    try {
      assertTrue(shuffleRecordsRead(spark, () -> counts(unread)) > 0, "without a pass the counts read the rows");
      assertEquals(expectedCounts, counts(unread));
      assertEquals(expectedQuarantined, sorted(unread.quarantined()));
      assertEquals(3, cut.rows().limit(3).collectAsList().size());
      assertEquals(expectedCounts, counts(cut));
      assertEquals(expectedQuarantined, sorted(cut.quarantined()));
    } finally {
      unread.release();
      cut.release();
    }
  }

  /** Random classified rows behind a shuffle, in four partitions, as the duplicate check leaves them. */
  private static Dataset<Row> classified(SparkSession spark, int n) {
    Random random = new Random(20261206L);
    String[] rules = {"R01", "R03", "R07"};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int kind = random.nextInt(10);
      String outcome = kind < 7 ? DeliveryValidation.CURATED : kind < 8 ? DeliveryValidation.COLLAPSED : DeliveryValidation.QUARANTINED;
      boolean quarantined = outcome.equals(DeliveryValidation.QUARANTINED);
      String rule = quarantined ? rules[random.nextInt(rules.length)] : null;
      rows.add(RowFactory.create((long) random.nextInt(800), "part-0000" + random.nextInt(3) + ".csv", (long) i, outcome,
          rule, quarantined ? "rule " + rule : null, quarantined ? "belopp" : null,
          quarantined && random.nextBoolean() ? "x" + i : null));
    }
    Dataset<Row> byKey = spark.createDataFrame(rows, SCHEMA).repartition(4, col("pid"));
    return DuplicateFlags.flag(byKey, List.of("pid", DeliveryReader.ROW_NUMBER), List.of(DeliveryValidation.OUTCOME),
            java.util.Optional.empty(), "test")
        .select(SCHEMA.fieldNames()[0], java.util.Arrays.copyOfRange(SCHEMA.fieldNames(), 1, SCHEMA.size()));
  }

  /** The counts summed over the partitions. */
  private static Set<String> counts(ClassifiedRows rows) {
    java.util.Map<String, Long> sums = new java.util.TreeMap<>();
    for (ClassifiedRows.Count c : rows.counts()) {
      sums.merge(c.file() + "/" + c.outcome() + "/" + c.ruleCode(), c.rows(), Long::sum);
    }
    Set<String> out = new TreeSet<>();
    sums.forEach((group, n) -> out.add(group + "=" + n));
    return out;
  }

  /** The rows by file and row number, sorted here: a sort in Spark would read a shuffle of its own. */
  private static List<Row> sorted(Dataset<Row> rows) {
    List<Row> out = new ArrayList<>(rows.collectAsList());
    out.sort(java.util.Comparator.<Row, String>comparing(r -> r.getString(0)).thenComparingLong(r -> r.getLong(1)));
    return out;
  }

  /** The shuffle records the tasks of {@code action}'s jobs read. */
  private static long shuffleRecordsRead(SparkSession spark, Supplier<?> action) throws Exception {
    AtomicLong records = new AtomicLong();
    SparkListener listener = new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskMetrics() != null) {
          records.addAndGet(end.taskMetrics().shuffleReadMetrics().recordsRead());
        }
      }
    };
    spark.sparkContext().listenerBus().waitUntilEmpty();
    spark.sparkContext().addSparkListener(listener);
    try {
      action.get();
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    return records.get();
  }
}
