package se.finsam.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import se.finsam.spark.SharedSpark;

@ExtendWith(SharedSpark.class)
class DeliveryReaderTest {
  @TempDir
  Path tmp;

  @Test
  void rowNumbersStayExactWhenAFileIsReadInSeveralSplits(SparkSession spark) {
    // Row r holds pid 7r, so a number attached to the wrong line shows.
    StringBuilder csv = new StringBuilder("period;ersattning_arbete;pid;arbetsgivare_id\n");
    for (int r = 1; r <= 400; r++) {
      csv.append("202001;").append(r).append(";").append(7 * r).append(";\"E;").append(r).append("\"\n");
    }
    Path folder = TestDeliveries.write(tmp.resolve("d"), "scb_agi_manad", "d", 202001, 202001, null, "pid",
        Map.of("part-00000.csv", csv.toString()));
    DeliveryManifest manifest = DeliveryManifest.read(folder.toString(), spark.sparkContext().hadoopConfiguration());
    Dataset<Row> rows = DeliveryReader.read(spark, manifest, List.of("pid", "period", "arbetsgivare_id", "ersattning_arbete"));
    assertTrue(rows.rdd().getNumPartitions() >= 2, "the file should be read in several splits");
    List<Row> all = rows.collectAsList();
    assertEquals(400, all.size());
    for (Row row : all) {
      long number = row.getLong(5);
      assertEquals(Long.toString(7 * number), row.getString(0));
      assertEquals("E;" + number, row.getString(2), "quoted field with the delimiter inside");
      assertEquals("part-00000.csv", row.getString(4));
    }
  }
}
