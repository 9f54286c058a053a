package se.finsam.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  void rowNumbersAreExactPerFileWhileFilesAreReadInParallel(SparkSession spark) {
    // Row r of file f holds pid 7r + f, so a number attached to the wrong line or file shows.
    Map<String, String> files = new java.util.TreeMap<>();
    for (int f = 0; f < 3; f++) {
      StringBuilder csv = new StringBuilder(f == 1 ? "pid;period;ersattning_arbete;arbetsgivare_id\n"
          : "period;ersattning_arbete;pid;arbetsgivare_id\n");
      for (int r = 1; r <= 400; r++) {
        String pid = Long.toString(7L * r + f);
        csv.append(f == 1 ? pid + ";202001;" + r : "202001;" + r + ";" + pid).append(";\"E;").append(r).append("\"\n");
      }
      files.put("part-0000" + f + ".csv", csv.toString());
    }
    Path folder = TestDeliveries.write(tmp.resolve("d"), "scb_agi_manad", "d", 202001, 202001, null, "pid", files);
    DeliveryManifest manifest = DeliveryManifest.read(folder.toString(), spark.sparkContext().hadoopConfiguration());
    Dataset<Row> rows = DeliveryReader.read(spark, manifest, List.of("pid", "period", "arbetsgivare_id", "ersattning_arbete"));
    assertTrue(rows.rdd().getNumPartitions() >= 2, "the files should be read by several tasks");
    List<Row> all = rows.collectAsList();
    assertEquals(1200, all.size());
    for (Row row : all) {
      long number = row.getLong(5);
      int f = Integer.parseInt(row.getString(4).substring("part-0000".length(), "part-0000".length() + 1));
      assertEquals(Long.toString(7 * number + f), row.getString(0));
      assertEquals(Long.toString(number), row.getString(3), "columns in the header's order of each file");
      assertEquals("E;" + number, row.getString(2), "quoted field with the delimiter inside");
    }
    assertEquals(400, all.stream().filter(r -> r.getString(4).equals("part-00002.csv")).map(r -> r.getLong(5)).distinct().count());
  }

  /** A column added to a contract later (sus_deltagande.arbetsform_fore) may be left out of an older delivery's file. */
  @Test
  void aColumnThatMayBeAbsentIsEmptyInAFileWithoutIt(SparkSession spark) {
    Map<String, String> files = new java.util.TreeMap<>(Map.of(
        "part-00000.csv", "pid;sysselsattning_fore;arbetsform_fore\n1;ARBETE;SUBVENTIONERAT|EGET_FORETAG\n",
        "part-00001.csv", "sysselsattning_fore;pid\nARBETE;2\n"));
    Path folder = TestDeliveries.write(tmp.resolve("old"), "sus_deltagande", "old", 202001, 202001, null, "pid", files);
    DeliveryManifest manifest = DeliveryManifest.read(folder.toString(), spark.sparkContext().hadoopConfiguration());
    List<String> columns = List.of("pid", "sysselsattning_fore", "arbetsform_fore");
    Map<String, String> forms = new java.util.HashMap<>();
    DeliveryReader.read(spark, manifest, columns, Set.of("arbetsform_fore")).collectAsList()
        .forEach(r -> forms.put(r.getString(0), r.getString(2)));
    assertEquals("SUBVENTIONERAT|EGET_FORETAG", forms.get("1"));
    assertTrue(forms.containsKey("2") && forms.get("2") == null, "left out of the older file: empty");
    DeliveryException refused = assertThrows(DeliveryException.class,
        () -> DeliveryReader.read(spark, manifest, columns, Set.of()));
    assertTrue(refused.getMessage().contains("missing [arbetsform_fore]"), refused.getMessage());
  }
}
