package se.finsam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import se.finsam.ingest.DeliveryLoader;
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
      List<String> rows = Provenance.deliveryRows(spark, warehouse, threads).stream()
          .map(r -> r.getString(0) + " " + r.getString(1) + " " + r.getLong(2)).toList();
      assertEquals(expected, rows, threads + " threads");
    }
  }

  @Test
  void noCuratedTableNoDeliveries(SparkSession spark, @TempDir Path dir) {
    assertEquals(List.of(), Provenance.deliveryRows(spark, Warehouse.at(dir.toString()), 2));
  }

  private static void write(SparkSession spark, Warehouse warehouse, String table, String... deliveries) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < deliveries.length; i++) {
      rows.add(RowFactory.create("p" + i, deliveries[i]));
    }
    spark.createDataFrame(rows, CURATED).write().format("delta").save(warehouse.table(Zone.CURATED, table));
  }
}
