package se.finsam.kommun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import se.finsam.did.DidJob;
import se.finsam.spark.SharedSpark;
import se.finsam.warehouse.Warehouse;
import se.finsam.warehouse.Zone;

/** The municipality estimate against the generic did command on the same rows. */
@ExtendWith(SharedSpark.class)
class KommunEstimateJobTest {
  private static final String[] GROUPS = {"alla", "kvinnor", "man", "unga", "aldre"};

  /**
   * Twelve municipalities 2003-2008: four join in 2005, four in 2006, four never. Every share is noise
   * around a municipality level plus 0.02 from the joining year on.
   */
  private static Dataset<Row> panel(SparkSession spark, Map<String, String[]> csvRows) {
    StructType schema = new StructType().add("kommun_kod", DataTypes.StringType).add("ar", DataTypes.IntegerType)
        .add("grupp", DataTypes.StringType).add("befolkning", DataTypes.LongType);
    for (Utfall u : Utfall.values()) {
      schema = schema.add(u.countColumn(), DataTypes.LongType).add(u.shareColumn(), DataTypes.DoubleType);
    }
    schema = schema.add("anslutningsar", DataTypes.IntegerType).add("lamnat_ar", DataTypes.IntegerType)
        .add("studier_kalla", DataTypes.StringType);
    Random random = new Random(16);
    List<Row> rows = new ArrayList<>();
    for (int k = 0; k < 12; k++) {
      int g = k < 4 ? 2005 : k < 8 ? 2006 : 0;
      String kommun = String.format("01%02d", k);
      for (int ar = 2003; ar <= 2008; ar++) {
        for (String grupp : GROUPS) {
          long befolkning = 1000 + 100L * k;
          List<Object> values = new ArrayList<>(List.of(kommun, ar, grupp, befolkning));
          for (Utfall u : Utfall.values()) {
            boolean measured = !(u == Utfall.UVAS && !grupp.equals("unga")) && !(u == Utfall.STUDIER && grupp.equals("aldre"));
            double share = 0.05 + 0.004 * k + 0.002 * (ar - 2003) + 0.01 * random.nextGaussian()
                + (g > 0 && ar >= g ? 0.02 : 0);
            long count = Math.round(share * befolkning);
            values.add(measured ? count : null);
            values.add(measured ? (double) count / befolkning : null);
            if (grupp.equals("alla") && u == Utfall.SJUKPENNING) {
              csvRows.put(kommun + "-" + ar, new String[] {String.valueOf(k + 1), String.valueOf(ar),
                  Double.toString((double) count / befolkning), String.valueOf(g)});
            }
          }
          values.add(g);
          values.add(null);
          values.add(KommunPanelJob.CSN_TABLE);
          rows.add(RowFactory.create(values.toArray()));
        }
      }
    }
    return spark.createDataFrame(rows, schema);
  }

  private static Map<String, double[]> csv(Path file, int keyColumns, int... valueColumns) throws IOException {
    Map<String, double[]> out = new HashMap<>();
    List<String> lines = Files.readAllLines(file);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      StringBuilder key = new StringBuilder();
      for (int i = 0; i < keyColumns; i++) {
        key.append(i == 0 ? "" : " ").append(f[i + (f[0].matches("[a-z]+") ? 1 : 0)]);
      }
      double[] v = new double[valueColumns.length];
      for (int i = 0; i < valueColumns.length; i++) {
        v[i] = Double.parseDouble(f[valueColumns[i]]);
      }
      out.put(key.toString(), v);
    }
    return out;
  }

  @Test
  void sameAsTheDidCommandOnTheSameRows(SparkSession spark, @TempDir Path dir) throws IOException {
    Warehouse warehouse = Warehouse.at(dir.resolve("wh").toString());
    Map<String, String[]> csvRows = new java.util.TreeMap<>();
    panel(spark, csvRows).write().format("delta").save(warehouse.table(Zone.PANEL, KommunPanel.TABLE));
    KommunPanelJobTest.run(new KommunEstimateJob(), "--warehouse", warehouse.root(), "--from-year", "2003", "--to-year", "2008",
        "--run-id", "t1");

    Path data = dir.resolve("alla_sjukpenning.csv");
    StringBuilder text = new StringBuilder("id,ar,y,g\n");
    csvRows.values().forEach(r -> text.append(String.join(",", r)).append('\n'));
    Files.writeString(data, text);
    Path didDir = dir.resolve("did");
    KommunPanelJobTest.run(new DidJob(), "--data", data.toString(), "--yname", "y", "--tname", "ar",
        "--idname", "id", "--gname", "g", "--control-group", "notyettreated", "--max-e", "6", "--out", didDir.toString(),
        "-Dfinsam.warehouse=" + dir.resolve("did-warehouse"));
    Path out = didDir.resolve(se.finsam.did.DidJobOutput.UNCHECKED); // the did command's unchecked outputs

    Dataset<Row> attGt = spark.read().format("delta").load(warehouse.table(Zone.RESULTS, "kommun/att_gt"))
        .filter("run_id = 't1' and outcome = 'sjukpenning' and model = 'alla'");
    Map<String, double[]> did = csv(out.resolve("att_gt.csv"), 2, 2, 3);
    assertEquals(did.size(), attGt.count());
    assertEquals(2 * 5, did.size(), "two joining years x five years after the first");
    for (Row r : attGt.collectAsList()) {
      double[] expected = did.get(r.getInt(r.fieldIndex("group")) + " " + r.getInt(r.fieldIndex("t")));
      assertEquals(expected[0], r.getDouble(r.fieldIndex("att")), 1e-12);
      assertEquals(expected[1], r.getDouble(r.fieldIndex("se")), 1e-12);
    }
    Dataset<Row> aggte = spark.read().format("delta").load(warehouse.table(Zone.RESULTS, "kommun/aggte"))
        .filter("run_id = 't1' and outcome = 'sjukpenning' and model = 'alla'");
    Map<String, double[]> dynamic = csv(out.resolve("aggte_dynamic.csv"), 1, 2, 3, 4, 5);
    List<Row> elements = aggte.filter("type = 'dynamic' and egt is not null").collectAsList();
    assertEquals(dynamic.size(), elements.size());
    for (Row r : elements) {
      double[] expected = dynamic.get(String.valueOf(r.getInt(r.fieldIndex("egt"))));
      assertEquals(expected[0], r.getDouble(r.fieldIndex("att")), 1e-12);
      assertEquals(expected[1], r.getDouble(r.fieldIndex("se")), 1e-12);
    }
    Row simple = aggte.filter("type = 'simple' and egt is null").first();
    double[] didSimple = csv(out.resolve("aggte_simple.csv"), 0, 4, 5).get("");
    assertEquals(didSimple[0], simple.getDouble(simple.fieldIndex("att")), 1e-12);
    assertEquals(didSimple[1], simple.getDouble(simple.fieldIndex("se")), 1e-12);
    // The planted 0.02 lies inside the simple ATT's 95 % interval.
    assertTrue(simple.getDouble(simple.fieldIndex("ci_lower")) < 0.02 && 0.02 < simple.getDouble(simple.fieldIndex("ci_upper")),
        "0.02 in [" + simple.get(simple.fieldIndex("ci_lower")) + ", " + simple.get(simple.fieldIndex("ci_upper")) + "]");
    // Every measured outcome x group was estimated: alla, kvinnor, man 5 each (no uvas), unga 6, aldre 4 (no studier).
    assertEquals(5 + 5 + 5 + 6 + 4, spark.read().format("delta").load(warehouse.table(Zone.RESULTS, "kommun/aggte"))
        .filter("run_id = 't1' and type = 'simple'").count());

    KommunPanelJobTest.run(new KommunReportJob(), "--warehouse", warehouse.root(), "--run-id", "t1",
        "--from-year", "2003", "--to-year", "2008");
    Path report = Path.of(new org.apache.hadoop.fs.Path(warehouse.table(Zone.REPORTS, "t1")).toUri().getPath());
    String html = Files.readString(report.resolve("kommun.html"));
    assertTrue(html.contains("Tabell 3 Effekter efter år sedan anslutningen, hela befolkningen 19–64 år"), html);
    assertTrue(html.contains("Ansluten 2005") && html.contains("Aldrig medlem"), "table 1 rows");
    // The simple ATT of sjukpenning for alla, in percentage points with its standard error, as published.
    String shown = se.finsam.report.SwedishFormat.number(100 * simple.getDouble(simple.fieldIndex("att")));
    assertTrue(html.contains(shown), shown);
    // Every table went through the output checker, which records what it checked.
    assertTrue(Files.exists(report.resolve("kommun_checked_outputs.csv")));
  }
}
