package se.finsam.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import se.finsam.spark.SharedSpark;

/**
 * A commit of several deliveries' rows proves each one's rows only through its user metadata, and only when
 * that names exactly the commit's deliveries and adds up to the rows its files hold.
 */
@ExtendWith(SharedSpark.class)
class DeliveryRowsTest {
  private static final StructType CURATED = new StructType()
      .add("pid", DataTypes.StringType).add(DeliveryLoader.DELIVERY_ID, DataTypes.StringType);

  @TempDir
  Path tmp;

  /**
   * Commits rows of the deliveries (each id once per row), recording the application ids of {@code recorded}
   * and the metadata.
   */
  private String commit(SparkSession spark, String table, List<String> rows, List<String> recorded,
      Optional<Map<String, Long>> stated) {
    String path = tmp.resolve(table).toString();
    List<Row> values = new ArrayList<>();
    rows.forEach(d -> values.add(RowFactory.create("p" + values.size(), d)));
    PendingWrite write = PendingWrite.write(spark, path, CURATED, List.of(), Map.of(),
        spark.createDataFrame(values, CURATED).repartition(2));
    Map<String, Long> versions = new java.util.TreeMap<>();
    recorded.forEach(d -> versions.put(DeliveryLoader.appId(d), DeltaTables.TXN_VERSION));
    write.commit(versions, stated.map(DeliveryRows::metadata));
    return path;
  }

  @Test
  void severalDeliveriesOfOneCommitAreProvedByItsMetadataOnly(SparkSession spark) {
    List<String> rows = List.of("a", "a", "b", "c", "c", "c");
    List<String> abc = List.of("a", "b", "c");
    assertEquals(Optional.of(Map.of("a", 2L, "b", 1L, "c", 3L)),
        DeliveryRows.fromLog(spark, commit(spark, "stated", rows, abc, Optional.of(Map.of("a", 2L, "b", 1L, "c", 3L)))));
    assertEquals(Optional.of(Map.of("a", 2L, "c", 3L)), DeliveryRows.fromLog(spark, commit(spark, "none of b",
        List.of("a", "a", "c", "c", "c"), abc, Optional.of(Map.of("a", 2L, "b", 0L, "c", 3L)))), "b brought no rows");
    assertEquals(Optional.empty(), DeliveryRows.fromLog(spark, commit(spark, "unstated", rows, abc, Optional.empty())));
    assertEquals(Optional.empty(), DeliveryRows.fromLog(spark,
        commit(spark, "short", rows, abc, Optional.of(Map.of("a", 2L, "b", 1L, "c", 2L)))), "rows not adding up");
    assertEquals(Optional.empty(), DeliveryRows.fromLog(spark,
        commit(spark, "unnamed", rows, abc, Optional.of(Map.of("a", 2L, "b", 4L)))), "a delivery not named");
    assertEquals(Optional.empty(), DeliveryRows.fromLog(spark,
        commit(spark, "unrecorded", rows, List.of("a", "b"), Optional.of(Map.of("a", 2L, "b", 1L, "c", 3L)))),
        "a delivery named without its application id");
  }
}
