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
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import se.finsam.schemas.CodeLists;
import se.finsam.schemas.Contracts;
import se.finsam.schemas.TableContract;
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

  /**
   * R09 names the field count of the file's own header, which is what the supplier sees: 18 in a
   * sus_deltagande file made before the two arbetsform columns, 20 in a current one (the contract's count).
   */
  @Test
  void aMalformedLineIsComparedWithItsOwnFilesHeader(SparkSession spark) {
    TableContract sus = Contracts.SUS_DELTAGANDE;
    List<String> current = sus.columnNames();
    List<String> older = current.stream().filter(c -> !sus.columnsMayBeAbsent().contains(c)).toList();
    assertEquals(List.of(20, 18), List.of(current.size(), older.size()), "two columns were added later");
    String row = "1;PERSONUPPGIFTER;F1;I1;FORBEREDANDE;2020-01-10;;;K;1980;GYMNASIAL;SE;;2.5;INGEN;;;";
    Map<String, String> files = new java.util.TreeMap<>(Map.of(
        "part-00000.csv", String.join(";", older) + "\n" + row + "\n" + row.substring(0, row.length() - 1) + "\n",
        "part-00001.csv", String.join(";", current) + "\n" + row + ";;\n" + row + ";\n" + row + ";;;\n"));
    Path folder = TestDeliveries.write(tmp.resolve("r09"), sus.name(), "r09", 202001, 202001, null, "pid", files);
    DeliveryManifest manifest = DeliveryManifest.read(folder.toString(), spark.sparkContext().hadoopConfiguration());
    RowValidator validator = new RowValidator(sus, CodeLists.defaults(), 202001, 202001);
    Map<String, String> found = new java.util.TreeMap<>();
    for (Row r : validator.withTyped(DeliveryReader.read(spark, manifest, current, sus.columnsMayBeAbsent()))
        .select(functions.concat_ws(":", functions.col(DeliveryReader.FILE), functions.col(DeliveryReader.ROW_NUMBER)),
            validator.violation()).collectAsList()) {
      found.put(r.getString(0), r.isNullAt(1) ? "valid" : r.getStruct(1).getString(0) + " " + r.getStruct(1).getString(3));
    }
    assertEquals(Map.of(
        "part-00000.csv:1", "valid",
        "part-00000.csv:2", "R09 17 fields, the header has 18",
        "part-00001.csv:1", "valid",
        "part-00001.csv:2", "R09 19 fields, the header has 20",
        "part-00001.csv:3", "R09 21 fields, the header has 20"), found);
  }
}
