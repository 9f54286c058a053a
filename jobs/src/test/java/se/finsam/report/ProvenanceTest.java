package se.finsam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
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
import se.finsam.ingest.DeliveryLoader;
import se.finsam.ingest.DeliveryRows;
import se.finsam.schemas.Contracts;
import se.finsam.spark.SharedSpark;
import se.finsam.warehouse.Warehouse;
import se.finsam.warehouse.Zone;

/** The deliveries' current rows in the provenance section, counted by hand. */
@ExtendWith(SharedSpark.class)
class ProvenanceTest {
  private static final StructType CURATED = new StructType()
      .add("pid", DataTypes.StringType).add(DeliveryLoader.DELIVERY_ID, DataTypes.StringType);

  @Test
  void everyDeliveryOfEveryCuratedTableInTheContractsOrder(SparkSession spark, @TempDir Path dir) {
    Warehouse warehouse = Warehouse.at(dir.toString());
    // Written out of the contracts' order, deliveries out of their own: the listing puts both in order.
    write(spark, warehouse, Contracts.MIDAS_ERSATTNING.name(), "m2", "m2", "m1");
    write(spark, warehouse, Contracts.SUS_DELTAGANDE.name(), "s2", "s1", "s1", "s1");
    write(spark, warehouse, Contracts.SCB_JOBB_AR.name(), "j1", "j3", "j2", "j3");
    List<String> expected = List.of("sus_deltagande s1 3", "sus_deltagande s2 1", "midas_ersattning m1 1",
        "midas_ersattning m2 2", "scb_jobb_ar j1 1", "scb_jobb_ar j2 1", "scb_jobb_ar j3 2");
    // One table at a time, and side by side: the same rows in the same order.
    for (int threads : new int[] {1, 2}) {
      assertEquals(expected, listed(spark, warehouse, threads), threads + " threads");
    }
  }

  /**
   * Tables loaded delivery by delivery, as the ingest commits them, are counted from their Delta logs; once a
   * commit replaced rows (a correction) the log proves nothing and the table's rows are counted instead. The
   * rows are the hand counts either way.
   */
  @Test
  void deliveriesCommittedOneByOneAreCountedFromTheLogUntilRowsAreReplaced(SparkSession spark, @TempDir Path dir) {
    Warehouse warehouse = Warehouse.at(dir.toString());
    String midas = warehouse.table(Zone.CURATED, Contracts.MIDAS_ERSATTNING.name());
    String jobb = warehouse.table(Zone.CURATED, Contracts.SCB_JOBB_AR.name());
    load(spark, midas, "m2", 3);
    load(spark, midas, "m1", 2);
    load(spark, jobb, "j1", 4);
    load(spark, jobb, "j2", 0);
    assertEquals(Optional.of(Map.of("m1", 2L, "m2", 3L)), DeliveryRows.fromLog(spark, midas));
    assertEquals(Optional.of(Map.of("j1", 4L)), DeliveryRows.fromLog(spark, jobb));
    List<String> expected = List.of("midas_ersattning m1 2", "midas_ersattning m2 3", "scb_jobb_ar j1 4");
    assertEquals(expected, listed(spark, warehouse, 2));

    // j3 corrects j1: its two rows replace j1's four in one commit that removes files.
    rows(spark, List.of("j3", "j3")).write().format("delta").mode("overwrite")
        .option("replaceWhere", DeliveryLoader.DELIVERY_ID + " IN ('j1', 'j3')")
        .option("txnAppId", DeliveryLoader.appId("j3")).option("txnVersion", 0).save(jobb);
    assertEquals(Optional.empty(), DeliveryRows.fromLog(spark, jobb));
    assertEquals(List.of("midas_ersattning m1 2", "midas_ersattning m2 3", "scb_jobb_ar j3 2"), listed(spark, warehouse, 2));
    // Written without a delivery's application id (the other test's tables): counted too.
    write(spark, warehouse, Contracts.SUS_DELTAGANDE.name(), "s1");
    assertEquals(Optional.empty(), DeliveryRows.fromLog(spark, warehouse.table(Zone.CURATED, Contracts.SUS_DELTAGANDE.name())));
  }

  /** The listing as "table delivery rows". */
  private static List<String> listed(SparkSession spark, Warehouse warehouse, int threads) {
    return Provenance.deliveryRows(spark, warehouse, threads).stream()
        .map(r -> r.getString(0) + " " + r.getString(1) + " " + r.getLong(2)).toList();
  }

  /** {@code n} rows of one delivery appended in a commit of its own, as the ingest loads a delivery. */
  private static void load(SparkSession spark, String path, String delivery, int n) {
    rows(spark, Collections.nCopies(n, delivery)).write().format("delta").mode("append")
        .option("txnAppId", DeliveryLoader.appId(delivery)).option("txnVersion", 0).save(path);
  }


  @Test
  void noCuratedTableNoDeliveries(SparkSession spark, @TempDir Path dir) {
    assertEquals(List.of(), Provenance.deliveryRows(spark, Warehouse.at(dir.toString()), 2));
  }

  private static void write(SparkSession spark, Warehouse warehouse, String table, String... deliveries) {
    rows(spark, List.of(deliveries)).write().format("delta").save(warehouse.table(Zone.CURATED, table));
  }

  /** A curated frame with a row for each of {@code deliveries}, each of its own person. */
  private static org.apache.spark.sql.Dataset<Row> rows(SparkSession spark, List<String> deliveries) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < deliveries.size(); i++) {
      rows.add(RowFactory.create("p" + i, deliveries.get(i)));
    }
    return spark.createDataFrame(rows, CURATED);
  }
}
