package se.finsam.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import se.finsam.config.ConfigLoader;
import se.finsam.schemas.CodeLists;
import se.finsam.spark.SharedSpark;
import se.finsam.storage.ParquetFiles;
import se.finsam.warehouse.AuditLog;
import se.finsam.warehouse.Warehouse;
import scala.collection.JavaConverters;

@ExtendWith(SharedSpark.class)
class IngestJobTest {
  private static final String MIDAS_HEADER = "pid;forman;fran_datum;tom_datum;omfattning;belopp_brutto;sarskilda_fall;ae_skal\n";
  private static final String AGI_HEADER = "pid;period;arbetsgivare_id;ersattning_arbete\n";

  @TempDir
  Path tmp;

  private String warehouse() {
    return tmp.resolve("wh").toString();
  }

  private String curated(String table) {
    return Warehouse.at(warehouse()).table(se.finsam.warehouse.Zone.CURATED, table);
  }

  private TestDeliveries.Run ingest(Path delivery, String... extra) {
    String[] args = Stream.concat(Stream.of("--delivery", delivery.toString(), "--warehouse", warehouse()), Stream.of(extra))
        .toArray(String[]::new);
    return TestDeliveries.run(new IngestJob(), args);
  }

  /** One row of each kind of flaw, in two files, so row numbers restart per file. */
  @Test
  void everyFlawGoesToQuarantineWithItsRuleFileAndRow(SparkSession spark) {
    String file0 = MIDAS_HEADER
        + "1;SJP;2020-01-05;2020-02-10;1.0;5000;false;\n"          // 1 valid
        + ";SJP;2020-03-01;2020-03-31;0.5;100;;\n"                 // 2 R01 pid missing
        + "2;SJP;2020-13-01;2020-03-31;1;100;;\n"                  // 3 R02 month 13
        + "3;XXX;2020-03-01;2020-03-31;1;100;;\n"                  // 4 R03 forman
        + "4;SJP;2020-03-01;2020-03-31;1;-5;;\n"                   // 5 R04 negative amount
        + "5;SJP;2020-05-01;2020-04-01;1;100;;\n"                  // 6 R05 ends before it starts
        + "6;SJP;2021-01-01;2021-01-31;1;100;;\n"                  // 7 R06 after the delivery's period
        + "19811218-9876;SJP;2020-03-01;2020-03-31;1;100;;\n";     // 8 R02 a personnummer where a pid belongs
    String file1 = MIDAS_HEADER
        + "7;SJP;2020-03-01\n"                                     // 1 R09 three fields
        + "8;REHAB;2020-06-01;2020-06-30;0.25;1200.5;true;\n"      // 2 valid
        + "8;REHAB;2020-06-01;2020-06-30;0.25;1200.50;true;\n"     // 3 exact duplicate of 2 (same typed values)
        + "9;SJP;2020-07-01;2020-07-31;1;100;;\n"                  // 4 R07 same key as 5
        + "9;SJP;2020-07-01;2020-07-31;0.5;100;;\n"                // 5 R07 differs in omfattning
        + "10;SJP;2020-08-01;2020-08-31;1;100;ja;\n"               // 6 R02 not a boolean
        + "11;SJP;2020-08-01;2020-08-31;0.3;100;;\n";              // 7 R03 omfattning not a code
    Path delivery = TestDeliveries.write(tmp.resolve("raw/midas_ersattning/m1"), "midas_ersattning", "m1",
        202001, 202012, null, "pid", Map.of("part-00000.csv", file0, "part-00001.csv", file1));

    TestDeliveries.Run run = ingest(delivery, "--max-quarantine-share", "1.0");
    assertEquals(0, run.exitCode(), run.err());

    Set<String> quarantined = spark.read().format("delta").load(Quarantine.path(Warehouse.at(warehouse())))
        .collectAsList().stream()
        .map(r -> r.getAs("delivery_id") + " " + r.getAs("file") + ":" + r.getAs("row_number") + " "
            + r.getAs("rule_code") + " " + r.getAs("rule") + " " + r.getAs("column_name") + "=" + r.getAs("value"))
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(List.of(
        "m1 part-00000.csv:2 R01 REQUIRED_NULL pid=null",
        "m1 part-00000.csv:3 R02 UNPARSEABLE fran_datum=2020-13-01",
        "m1 part-00000.csv:4 R03 CODE_NOT_ALLOWED forman=XXX",
        "m1 part-00000.csv:5 R04 OUT_OF_RANGE belopp_brutto=-5",
        "m1 part-00000.csv:6 R05 END_BEFORE_START fran_datum,tom_datum=2020-05-01,2020-04-01",
        "m1 part-00000.csv:7 R06 OUTSIDE_DELIVERY_PERIOD fran_datum=2021-01-01",
        "m1 part-00000.csv:8 R02 UNPARSEABLE pid=<redacted>",
        "m1 part-00001.csv:1 R09 MALFORMED_ROW null=3 fields, the header has 8",
        "m1 part-00001.csv:4 R07 DUPLICATE_CONFLICT pid,forman,fran_datum=9,SJP,2020-07-01",
        "m1 part-00001.csv:5 R07 DUPLICATE_CONFLICT pid,forman,fran_datum=9,SJP,2020-07-01",
        "m1 part-00001.csv:6 R02 UNPARSEABLE sarskilda_fall=ja",
        "m1 part-00001.csv:7 R03 CODE_NOT_ALLOWED omfattning=0.3")), quarantined);

    List<Row> curated = spark.read().format("delta").load(curated("midas_ersattning")).orderBy("pid").collectAsList();
    assertEquals(2, curated.size());
    Row first = curated.get(0);
    assertEquals(1L, first.getLong(0));
    assertEquals(Date.valueOf("2020-01-05"), first.getDate(2));
    assertEquals(1.0, first.getDouble(4));
    assertEquals(5000.0, first.getDouble(5));
    assertEquals(false, first.getBoolean(6));
    assertTrue(first.isNullAt(7));
    assertEquals(2020, (int) first.getAs("part_ar"));
    assertEquals("m1", first.getAs("_delivery_id"));
    assertEquals(8L, curated.get(1).getLong(0));
    assertEquals(1200.5, curated.get(1).getDouble(5));

    // 15 rows read = 2 curated + 12 quarantined + 1 exact duplicate collapsed.
    Row audit = new AuditLog(spark, Warehouse.at(warehouse())).read().filter("job = 'ingest'").first();
    assertEquals(15L, (long) audit.getAs("rows_in"));
    assertEquals(2L, (long) audit.getAs("rows_out"));
    assertEquals(13L, (long) audit.getAs("rows_rejected"));
  }

  @Test
  void checksumMismatchFailsNamingTheFile() throws IOException {
    Path delivery = TestDeliveries.write(tmp.resolve("raw/scb_agi_manad/a1"), "scb_agi_manad", "a1", 202001, 202001,
        null, "pid", Map.of("part-00000.csv", AGI_HEADER + "1;202001;E1;100\n"));
    Files.writeString(delivery.resolve("part-00000.csv"), AGI_HEADER + "1;202001;E1;900\n");
    TestDeliveries.Run run = ingest(delivery);
    assertEquals(1, run.exitCode());
    assertTrue(run.err().contains("checksum mismatch for file part-00000.csv"), run.err());
    assertFalse(DeltaTables.exists(SharedSpark.session(), curated("scb_agi_manad")));
  }

  @Test
  void rowCountMismatchFailsWithExpectedAndActual() throws IOException {
    Path delivery = TestDeliveries.write(tmp.resolve("raw/scb_agi_manad/a1"), "scb_agi_manad", "a1", 202001, 202001,
        null, "pid", Map.of("part-00000.csv", AGI_HEADER + "1;202001;E1;100\n2;202001;E1;100\n"));
    Path manifest = delivery.resolve(DeliveryManifest.FILE_NAME);
    Files.writeString(manifest, Files.readString(manifest).replace("\"rows\": 2", "\"rows\": 3"));
    TestDeliveries.Run run = ingest(delivery);
    assertEquals(1, run.exitCode());
    assertTrue(run.err().contains("row count mismatch for file part-00000.csv: manifest says 3 rows, the file has 2"), run.err());
  }

  @Test
  void tooManyBadRowsFailAndLeaveCuratedUnchanged(SparkSession spark) {
    Path good = TestDeliveries.write(tmp.resolve("raw/scb_agi_manad/a1"), "scb_agi_manad", "a1", 202001, 202001,
        null, "pid", Map.of("part-00000.csv", AGI_HEADER + "1;202001;E1;100\n2;202001;E1;200\n"));
    assertEquals(0, ingest(good).exitCode());
    long version = DeltaTables.version(spark, curated("scb_agi_manad"));
    // 2 of 4 rows broken (50 % > 5 %): R03... no code list here, so R02 and R01.
    Path bad = TestDeliveries.write(tmp.resolve("raw/scb_agi_manad/a2"), "scb_agi_manad", "a2", 202002, 202002,
        null, "pid", Map.of("part-00000.csv", AGI_HEADER + "1;202002;E1;100\n2;202002;E1;lots\n3;202002;;100\n4;202002;E1;50\n"));
    TestDeliveries.Run run = ingest(bad);
    assertEquals(1, run.exitCode());
    assertTrue(run.err().contains("2 of 4 rows (50.0 %)"), run.err());
    assertTrue(run.err().contains("R01") && run.err().contains("R02"), run.err());
    assertEquals(version, DeltaTables.version(spark, curated("scb_agi_manad")));
    assertEquals(2, spark.read().format("delta").load(curated("scb_agi_manad")).count());
    // The rejected delivery's bad rows are recorded for the supplier.
    assertEquals(2, spark.read().format("delta").load(Quarantine.path(Warehouse.at(warehouse())))
        .filter("delivery_id = 'a2'").count());
  }

  @Test
  void loadingTwiceChangesNothing(SparkSession spark) throws IOException {
    Path delivery = TestDeliveries.write(tmp.resolve("raw/scb_agi_manad/a1"), "scb_agi_manad", "a1", 202001, 202002,
        null, "pid", Map.of("part-00000.csv", AGI_HEADER + "1;202001;E1;100\n2;202002;E1;200\n3;202002;E1;x\n"));
    assertEquals(0, ingest(delivery, "--max-quarantine-share", "0.5").exitCode());
    String table = curated("scb_agi_manad");
    long version = DeltaTables.version(spark, table);
    long quarantineVersion = DeltaTables.version(spark, Quarantine.path(Warehouse.at(warehouse())));
    List<Row> before = spark.read().format("delta").load(table).orderBy("pid").collectAsList();
    long dataFiles = countParquet(Path.of(java.net.URI.create(table)));

    TestDeliveries.Run again = ingest(delivery, "--max-quarantine-share", "0.5");
    assertEquals(0, again.exitCode(), again.err());
    assertEquals(version, DeltaTables.version(spark, table));
    assertEquals(quarantineVersion, DeltaTables.version(spark, Quarantine.path(Warehouse.at(warehouse()))));
    assertEquals(before, spark.read().format("delta").load(table).orderBy("pid").collectAsList());
    assertEquals(dataFiles, countParquet(Path.of(java.net.URI.create(table))));
    assertEquals(1, spark.read().format("delta").load(Quarantine.path(Warehouse.at(warehouse()))).count());
  }

  @Test
  void theIngestWritesPlainPagesAndLeavesTheSessionsSettingsAsItFoundThem(SparkSession spark) throws Exception {
    // Many rows of a few values, where Parquet would choose its dictionary.
    StringBuilder rows = new StringBuilder(AGI_HEADER);
    for (int pid = 1; pid <= 200; pid++) {
      rows.append(pid).append(";20200").append(1 + pid % 2).append(";E1;").append(100 * (pid % 3)).append('\n');
    }
    Path delivery = TestDeliveries.write(tmp.resolve("raw/scb_agi_manad/a1"), "scb_agi_manad", "a1", 202001, 202002,
        null, "pid", Map.of("part-00000.csv", rows + "201;202002;E1;x\n"));
    spark.conf().set(ParquetOutputFormat.ENABLE_DICTIONARY, "true");
    try {
      TestDeliveries.Run run = ingest(delivery, "--max-quarantine-share", "0.5");
      assertEquals(0, run.exitCode(), run.err());
      // Curated and quarantine files without Parquet's dictionary (finsam.ingest.parquet-dictionary = false).
      ParquetFiles.assertPlainEncoded(spark.sparkContext().hadoopConfiguration(), curated("scb_agi_manad"));
      ParquetFiles.assertPlainEncoded(spark.sparkContext().hadoopConfiguration(),
          Quarantine.path(Warehouse.at(warehouse())));
      assertEquals("true", spark.conf().get(ParquetOutputFormat.ENABLE_DICTIONARY), "the ingest's setting is not left behind");
    } finally {
      spark.conf().unset(ParquetOutputFormat.ENABLE_DICTIONARY);
    }
  }

  @Test
  void correctedRedeliveryReplacesOnlyItsPeriod(SparkSession spark) {
    Path original = TestDeliveries.write(tmp.resolve("raw/scb_agi_manad/a1"), "scb_agi_manad", "a1", 202001, 202003,
        null, "pid", Map.of("part-00000.csv", AGI_HEADER
            + "1;202001;E1;100\n1;202002;E1;200\n2;202002;E1;250\n1;202003;E1;300\n"));
    assertEquals(0, ingest(original).exitCode());
    String table = curated("scb_agi_manad");
    long versionBefore = DeltaTables.version(spark, table);
    Path correction = TestDeliveries.write(tmp.resolve("raw/scb_agi_manad/a1-fix"), "scb_agi_manad", "a1-fix", 202002, 202002,
        "a1", "pid", Map.of("part-00000.csv", AGI_HEADER + "1;202002;E1;210\n3;202002;E2;50\n"));
    TestDeliveries.Run run = ingest(correction);
    assertEquals(0, run.exitCode(), run.err());

    assertEquals(Set.of("1 202001 100.0 a1", "1 202002 210.0 a1-fix", "3 202002 50.0 a1-fix", "1 202003 300.0 a1"),
        rows(spark.read().format("delta").load(table)));
    assertEquals(Set.of("1 202001 100.0 a1", "1 202002 200.0 a1", "2 202002 250.0 a1", "1 202003 300.0 a1"),
        rows(spark.read().format("delta").option("versionAsOf", versionBefore).load(table)));
  }

  /**
   * A re-run of one period (./finsam run --period, the DAG's period parameter) validates and loads its
   * deliveries again even though nothing is new, and reloads the corrections of an original after it,
   * so the corrected rows stay corrected; without a period nothing is new.
   */
  @Test
  void rerunningAPeriodReloadsItsDeliveriesAndKeepsCorrections(SparkSession spark) {
    TestDeliveries.write(tmp.resolve("wh/raw/scb_agi_manad/a1"), "scb_agi_manad", "a1", 202001, 202003,
        null, "pid", Map.of("part-00000.csv", AGI_HEADER + "1;202001;E1;100\n1;202002;E1;200\n1;202003;E1;300\n"));
    TestDeliveries.write(tmp.resolve("wh/raw/scb_agi_manad/a1-fix"), "scb_agi_manad", "a1-fix", 202002, 202002,
        "a1", "pid", Map.of("part-00000.csv", AGI_HEADER + "1;202002;E1;210\n"));
    String[] all = {"--all", "--require-new", "--warehouse", warehouse()};
    assertEquals(0, TestDeliveries.run(new IngestJob(), all).exitCode());
    String table = curated("scb_agi_manad");
    Set<String> corrected = Set.of("1 202001 100.0 a1", "1 202002 210.0 a1-fix", "1 202003 300.0 a1");
    assertEquals(corrected, rows(spark.read().format("delta").load(table)));
    long version = DeltaTables.version(spark, table);
    assertEquals(99, TestDeliveries.run(new IngestJob(), all).exitCode(), "nothing new without a period");

    // January is only a1's period, yet a1-fix is reloaded after it.
    TestDeliveries.Run rerun = TestDeliveries.run(new IngestJob(), "--all", "--require-new", "--period", "2020-01",
        "--warehouse", warehouse());
    assertEquals(0, rerun.exitCode(), rerun.err());
    assertEquals(version + 2, DeltaTables.version(spark, table), "one commit per reloaded delivery");
    assertEquals(corrected, rows(spark.read().format("delta").load(table)));
    Row audit = new AuditLog(spark, Warehouse.at(warehouse())).read().filter("job = 'ingest'")
        .orderBy(functions.col("started_at").desc()).first();
    assertTrue(audit.<String>getAs("details").contains("raw/scb_agi_manad/a1 3"), audit.toString());
    assertEquals(4L, (long) audit.getAs("rows_in"), "3 rows of a1 and 1 of a1-fix read again");
  }

  /**
   * Tables loaded side by side (finsam.ingest.parallel-tables) in one task per delivery (the default
   * finsam.ingest.rows-per-task for these few rows), interpreted (finsam.ingest.codegen-min-rows), end
   * where one table at a time in one task per row with generated code ends: the same curated rows, the same quarantine rows from both tables (in one commit at the end of
   * the run), a duplicate in another file collapsed either way, a
   * correction still applied after its original, and an audit row counting every delivery. The
   * sequential, most split run is the oracle.
   */
  @Test
  void tablesLoadedSideBySideInFewTasksEndAsOneAtATimeInMany(SparkSession spark) {
    List<String> tables = List.of("scb_agi_manad", "midas_ersattning");
    Map<String, Dataset<Row>> curatedBy = new java.util.HashMap<>();
    Map<String, Dataset<Row>> quarantineBy = new java.util.HashMap<>();
    for (String threads : List.of("1", "3")) {
      String rowsPerTask = threads.equals("1") ? "1" : "250000";
      Path wh = tmp.resolve("wh" + threads);
      TestDeliveries.write(wh.resolve("raw/scb_agi_manad/a1"), "scb_agi_manad", "a1", 202001, 202003, null, "pid",
          Map.of("part-00000.csv", AGI_HEADER + "1;202001;E1;100\n1;202002;E1;200\n;202003;E1;300\n2;202003;E1;50\n"));
      TestDeliveries.write(wh.resolve("raw/scb_agi_manad/a1-fix"), "scb_agi_manad", "a1-fix", 202002, 202002, "a1", "pid",
          Map.of("part-00000.csv", AGI_HEADER + "1;202002;E1;210\n"));
      TestDeliveries.write(wh.resolve("raw/midas_ersattning/m1"), "midas_ersattning", "m1", 202001, 202012, null, "pid",
          Map.of("part-00000.csv", MIDAS_HEADER + "1;SJP;2020-01-05;2020-02-10;1.0;5000;false;\n"
              + "2;SJP;2020-03-01;2020-03-31;1;-5;;\n3;SJP;2020-04-01;2020-04-30;0.5;900;;\n",
              "part-00001.csv", MIDAS_HEADER + "3;SJP;2020-04-01;2020-04-30;0.5;900;;\n"));
      // The sequential run with generated code, the other interpreted (the default for so few rows).
      String codegenMinRows = threads.equals("1") ? "0" : "40000";
      TestDeliveries.Run run = TestDeliveries.run(new IngestJob(), "--all", "--max-quarantine-share", "0.5",
          "--warehouse", wh.toString(), "-Dfinsam.ingest.parallel-tables=" + threads,
          "-Dfinsam.ingest.rows-per-task=" + rowsPerTask, "-Dfinsam.ingest.codegen-min-rows=" + codegenMinRows);
      assertEquals(0, run.exitCode(), run.err());
      Warehouse w = Warehouse.at(wh.toString());
      for (String table : tables) {
        curatedBy.put(threads + table, spark.read().format("delta").load(w.table(se.finsam.warehouse.Zone.CURATED, table)));
      }
      quarantineBy.put(threads, spark.read().format("delta").load(Quarantine.path(w)).drop("loaded_at"));
      assertEquals(1, DeltaTable.forPath(spark, Quarantine.path(w)).history().filter("operation <> 'CREATE TABLE'").count(),
          "the rejected rows of both tables' deliveries in one commit");
      Row audit = new AuditLog(spark, w).read().filter("job = 'ingest'").first();
      assertEquals(9L, (long) audit.getAs("rows_in"), "every row of the three deliveries is counted");
      assertEquals(1L, (long) audit.getAs("rows_rejected") - quarantineBy.get(threads).count(), "one duplicate collapsed");
    }
    assertEquals(Set.of("1 202001 100.0 a1", "1 202002 210.0 a1-fix", "2 202003 50.0 a1"),
        rows(curatedBy.get("3scb_agi_manad")), "the correction is applied after its original");
    assertEquals(2, curatedBy.get("3midas_ersattning").count());
    for (String table : tables) {
      assertEquals(List.of(), curatedBy.get("1" + table).exceptAll(curatedBy.get("3" + table)).collectAsList(), table);
      assertEquals(List.of(), curatedBy.get("3" + table).exceptAll(curatedBy.get("1" + table)).collectAsList(), table);
    }
    assertEquals(Set.of("a1", "m1"), new TreeSet<>(quarantineBy.get("3").select("delivery_id")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList()));
    assertEquals(List.of(), quarantineBy.get("1").exceptAll(quarantineBy.get("3")).collectAsList());
    assertEquals(List.of(), quarantineBy.get("3").exceptAll(quarantineBy.get("1")).collectAsList());
  }

  /**
   * New deliveries of one table load in one pass and one Delta commit that records each one's application id
   * and its curated rows (the report's per-delivery rows come from the log), with the same curated rows,
   * quarantine rows and audit counts as loading them one at a time: each row is checked against its own
   * delivery's period, and a business key in two deliveries is a row of each, not a duplicate. A re-run
   * skips every one of them, and a later delivery loads on its own.
   */
  @Test
  void newDeliveriesOfATableLoadInOneCommitAsTheyWouldOneAtATime(SparkSession spark) {
    Map<String, Dataset<Row>> curatedBy = new java.util.HashMap<>();
    Map<String, Dataset<Row>> quarantineBy = new java.util.HashMap<>();
    Map<String, List<Long>> auditBy = new java.util.HashMap<>();
    for (String perCommit : List.of("1", "50")) {
      Path wh = tmp.resolve("wh" + perCommit);
      TestDeliveries.write(wh.resolve("raw/scb_agi_manad/a1"), "scb_agi_manad", "a1", 202001, 202002, null, "pid",
          Map.of("part-00000.csv", AGI_HEADER + "1;202001;E1;100\n1;202002;E1;200\n2;202001;E1;50\n2;202001;E1;50\n"));
      TestDeliveries.write(wh.resolve("raw/scb_agi_manad/a2"), "scb_agi_manad", "a2", 202002, 202002, null, "pid",
          Map.of("part-00000.csv", AGI_HEADER + "1;202002;E1;200\n3;202002;E1;x\n4;202001;E1;10\n"));
      TestDeliveries.write(wh.resolve("raw/scb_agi_manad/a3"), "scb_agi_manad", "a3", 202003, 202003, null, "pid",
          Map.of("part-00000.csv", AGI_HEADER + "5;202003;E2;70\n5;202003;E2;80\n", "part-00001.csv", AGI_HEADER + "6;202003;E1;1\n"));
      TestDeliveries.Run run = TestDeliveries.run(new IngestJob(), "--all", "--max-quarantine-share", "0.7",
          "--warehouse", wh.toString(), "-Dfinsam.ingest.deliveries-per-commit=" + perCommit);
      assertEquals(0, run.exitCode(), run.err());
      Warehouse w = Warehouse.at(wh.toString());
      String table = w.table(se.finsam.warehouse.Zone.CURATED, "scb_agi_manad");
      assertEquals(perCommit.equals("1") ? 3 : 1, DeltaTable.forPath(spark, table).history().count(), perCommit);
      for (String id : List.of("a1", "a2", "a3")) {
        assertTrue(DeltaTables.committed(spark, table, DeliveryLoader.appId(id)), id);
      }
      Dataset<Row> curated = spark.read().format("delta").load(table);
      assertEquals(Set.of("1 202001 100.0 a1", "1 202002 200.0 a1", "2 202001 50.0 a1", "1 202002 200.0 a2", "6 202003 1.0 a3"),
          rows(curated));
      assertEquals(Optional.of(Map.of("a1", 3L, "a2", 1L, "a3", 1L)), DeliveryRows.fromLog(spark, table));
      Dataset<Row> quarantine = spark.read().format("delta").load(Quarantine.path(w)).drop("loaded_at");
      assertEquals(List.of("a2 part-00000.csv 2 R02", "a2 part-00000.csv 3 R06", "a3 part-00000.csv 1 R07",
          "a3 part-00000.csv 2 R07"), quarantine.collectAsList().stream().map(r -> r.getAs("delivery_id") + " "
          + r.getAs("file") + " " + r.getAs("row_number") + " " + r.getAs("rule_code")).sorted().toList());
      Row audit = new AuditLog(spark, w).read().filter("job = 'ingest'").first();
      auditBy.put(perCommit, List.of(audit.getAs("rows_in"), audit.getAs("rows_out"), audit.getAs("rows_rejected")));
      curatedBy.put(perCommit, curated);
      quarantineBy.put(perCommit, quarantine);
    }
    assertEquals(List.of(10L, 5L, 5L), auditBy.get("50"), "rows in, curated, quarantined and collapsed");
    assertEquals(auditBy.get("1"), auditBy.get("50"));
    assertEquals(List.of(), curatedBy.get("1").exceptAll(curatedBy.get("50")).collectAsList());
    assertEquals(List.of(), curatedBy.get("50").exceptAll(curatedBy.get("1")).collectAsList());
    assertEquals(List.of(), quarantineBy.get("1").exceptAll(quarantineBy.get("50")).collectAsList());
    assertEquals(List.of(), quarantineBy.get("50").exceptAll(quarantineBy.get("1")).collectAsList());

    Path wh = tmp.resolve("wh50");
    String table = Warehouse.at(wh.toString()).table(se.finsam.warehouse.Zone.CURATED, "scb_agi_manad");
    long version = DeltaTables.version(spark, table);
    assertEquals(0, TestDeliveries.run(new IngestJob(), "--all", "--warehouse", wh.toString()).exitCode());
    assertEquals(version, DeltaTables.version(spark, table), "every delivery of the run is skipped");
    TestDeliveries.write(wh.resolve("raw/scb_agi_manad/a4"), "scb_agi_manad", "a4", 202004, 202004, null, "pid",
        Map.of("part-00000.csv", AGI_HEADER + "7;202004;E1;5\n"));
    TestDeliveries.Run later = TestDeliveries.run(new IngestJob(), "--all", "--warehouse", wh.toString());
    assertEquals(0, later.exitCode(), later.err());
    assertEquals(version + 1, DeltaTables.version(spark, table));
    assertEquals(Optional.of(Map.of("a1", 3L, "a2", 1L, "a3", 1L, "a4", 1L)), DeliveryRows.fromLog(spark, table));
  }

  /**
   * A delivery of a run that fails a check (here its manifest's row count) sends the run one delivery at a
   * time: the others load, each in its own commit, and it fails with its own error. A run whose write fails
   * commits none of its deliveries and leaves none of their quarantine rows.
   */
  @Test
  void aFailingDeliveryOfARunLetsTheOthersLoadOneAtATime(SparkSession spark) throws IOException {
    TestDeliveries.write(tmp.resolve("wh/raw/scb_agi_manad/a1"), "scb_agi_manad", "a1", 202001, 202001, null, "pid",
        Map.of("part-00000.csv", AGI_HEADER + "1;202001;E1;100\n"));
    Path broken = TestDeliveries.write(tmp.resolve("wh/raw/scb_agi_manad/a2"), "scb_agi_manad", "a2", 202002, 202002,
        null, "pid", Map.of("part-00000.csv", AGI_HEADER + "1;202002;E1;200\n2;202002;E1;x\n"));
    TestDeliveries.write(tmp.resolve("wh/raw/scb_agi_manad/a3"), "scb_agi_manad", "a3", 202003, 202003, null, "pid",
        Map.of("part-00000.csv", AGI_HEADER + "1;202003;E1;300\n3;202003;E1;x\n"));
    Path manifest = broken.resolve(DeliveryManifest.FILE_NAME);
    String declared = Files.readString(manifest);
    Files.writeString(manifest, declared.replace("\"rows\": 2", "\"rows\": 3"));
    TestDeliveries.Run run = TestDeliveries.run(new IngestJob(), "--all", "--max-quarantine-share", "0.5",
        "--warehouse", warehouse());
    assertEquals(1, run.exitCode());
    assertTrue(run.err().contains("1 of 3 deliveries not loaded"), run.err());
    assertTrue(run.err().contains("row count mismatch for file part-00000.csv: manifest says 3 rows, the file has 2"), run.err());
    String table = curated("scb_agi_manad");
    assertEquals(Set.of("1 202001 100.0 a1", "1 202003 300.0 a3"), rows(spark.read().format("delta").load(table)));
    assertEquals(2, DeltaTable.forPath(spark, table).history().count(), "a1 and a3 one at a time");
    assertEquals(List.of("a3 2 R02"), quarantined(spark));
    assertFalse(Files.exists(tmp.resolve("wh/" + QuarantineBatch.STAGING)));

    // Mended, a2 loads with a4 in one commit, which the injected failure of its write stops: nothing of either.
    Files.writeString(manifest, declared);
    TestDeliveries.write(tmp.resolve("wh/raw/scb_agi_manad/a4"), "scb_agi_manad", "a4", 202004, 202004, null, "pid",
        Map.of("part-00000.csv", AGI_HEADER + "1;202004;E1;400\n4;202004;E1;x\n"));
    long version = DeltaTables.version(spark, table);
    TestDeliveries.Run failed;
    try {
      failed = TestDeliveries.run(new IngestJob(), "--all", "--max-quarantine-share", "0.5", "--warehouse", warehouse(),
          "-Dfinsam.ingest.test-hooks.fail-write-partitions=2");
    } finally {
      System.clearProperty("finsam.ingest.test-hooks.fail-write-partitions");
    }
    assertEquals(1, failed.exitCode());
    assertTrue(failed.err().contains("injected failure"), failed.err());
    assertEquals(version, DeltaTables.version(spark, table));
    assertEquals(List.of("a3 2 R02"), quarantined(spark));
    assertFalse(Files.exists(tmp.resolve("wh/" + QuarantineBatch.STAGING + "/scb_agi_manad/a2")));

    TestDeliveries.Run mended = TestDeliveries.run(new IngestJob(), "--all", "--max-quarantine-share", "0.5",
        "--warehouse", warehouse());
    assertEquals(0, mended.exitCode(), mended.err());
    assertEquals(version + 1, DeltaTables.version(spark, table), "a2 and a4 in one commit");
    assertEquals(Optional.of(Map.of("a1", 1L, "a2", 1L, "a3", 1L, "a4", 1L)), DeliveryRows.fromLog(spark, table));
    assertEquals(List.of("a2 2 R02", "a3 2 R02", "a4 2 R02"), quarantined(spark));
  }

  /**
   * A pool of no threads, a task of no rows or a negative row threshold is a configuration error, found
   * before the lock is taken or a delivery read.
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"parallel-tables, 0, 1", "deliveries-per-commit, 0, 1", "rows-per-task, 0, 1", "codegen-min-rows, -1, 0"})
  void settingBelowItsLeastIsAConfigurationError(String setting, int value, int least) {
    TestDeliveries.Run run = TestDeliveries.run(new IngestJob(), "--all", "--warehouse", warehouse(),
        "-Dfinsam.ingest." + setting + "=" + value);
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("finsam.ingest." + setting + " must be at least " + least + ", not " + value), run.err());
    assertFalse(Files.exists(tmp.resolve("wh")), "nothing is written to the warehouse");
  }

  @Test
  void anOriginalIsRefusedOnceItsCorrectionIsLoaded(SparkSession spark) {
    Path original = TestDeliveries.write(tmp.resolve("wh/raw/scb_agi_manad/a1"), "scb_agi_manad", "a1", 202001, 202002,
        null, "pid", Map.of("part-00000.csv", AGI_HEADER + "1;202001;E1;100\n1;202002;E1;200\n"));
    Path correction = TestDeliveries.write(tmp.resolve("wh/raw/scb_agi_manad/a1-fix"), "scb_agi_manad", "a1-fix", 202002, 202002,
        "a1", "pid", Map.of("part-00000.csv", AGI_HEADER + "1;202002;E1;210\n"));
    assertEquals(0, ingest(correction).exitCode());
    TestDeliveries.Run run = ingest(original);
    assertEquals(1, run.exitCode());
    assertTrue(run.err().contains("a1 is corrected by a1-fix, which is already loaded"), run.err());
    assertEquals(Set.of("1 202002 210.0 a1-fix"), rows(spark.read().format("delta").load(curated("scb_agi_manad"))));
  }

  @Test
  void failureMidwayLeavesTheTableAtItsPreviousVersion(SparkSession spark) throws IOException {
    Path first = TestDeliveries.write(tmp.resolve("raw/scb_agi_manad/a1"), "scb_agi_manad", "a1", 202001, 202001,
        null, "pid", Map.of("part-00000.csv", AGI_HEADER + "1;202001;E1;100\n"));
    assertEquals(0, ingest(first).exitCode());
    String table = curated("scb_agi_manad");
    long version = DeltaTables.version(spark, table);
    List<Row> before = spark.read().format("delta").load(table).collectAsList();
    long filesBefore = countParquet(Path.of(java.net.URI.create(table)));

    StringBuilder rows = new StringBuilder(AGI_HEADER);
    for (int pid = 1; pid <= 30; pid++) {
      rows.append(pid).append(";202002;E1;").append(pid * 10).append('\n');
    }
    rows.append("31;202002;E1;x\n");
    Path second = TestDeliveries.write(tmp.resolve("raw/scb_agi_manad/a2"), "scb_agi_manad", "a2", 202002, 202002,
        null, "pid", Map.of("part-00000.csv", rows.toString()));
    TestDeliveries.Run run = ingest(second, "-Dfinsam.ingest.test-hooks.fail-write-partitions=3");
    System.clearProperty("finsam.ingest.test-hooks.fail-write-partitions");
    assertEquals(1, run.exitCode());
    assertTrue(run.err().contains("injected failure"), run.err());

    assertEquals(version, DeltaTables.version(spark, table));
    assertEquals(before, spark.read().format("delta").load(table).collectAsList());
    assertEquals(1L, DeltaTable.forPath(spark, table).detail().first().<Long>getAs("numFiles"));
    // Tasks that finished did write files, but no commit references them: they are invisible.
    assertTrue(countParquet(Path.of(java.net.URI.create(table))) > filesBefore, "expected orphaned files of the failed write");
    // Its rejected row, staged before the curated write, is withdrawn: a failed delivery leaves nothing.
    String quarantine = Quarantine.path(Warehouse.at(warehouse()));
    assertFalse(DeltaTables.exists(spark, quarantine), "no quarantine row of the failed delivery");
    assertFalse(Files.exists(tmp.resolve("wh/" + QuarantineBatch.STAGING + "/scb_agi_manad/a2")));

    // The delivery loads once the cause is gone.
    assertEquals(0, ingest(second).exitCode());
    assertEquals(31, spark.read().format("delta").load(table).count());
    assertEquals(List.of("a2 31 R02"), quarantined(spark));
  }

  /**
   * A run that stops after a delivery's curated commit and before the run's one quarantine commit (here
   * the quarantine table cannot be created: a file is in its place) leaves the delivery's rejected rows
   * staged; the next run skips the loaded delivery and commits them, once: a third run commits nothing.
   */
  @Test
  void rowsStagedByARunStoppedBeforeItsQuarantineCommitArriveOnceWithTheNextRun(SparkSession spark) throws IOException {
    Path delivery = TestDeliveries.write(tmp.resolve("raw/scb_agi_manad/a1"), "scb_agi_manad", "a1", 202001, 202002,
        null, "pid", Map.of("part-00000.csv", AGI_HEADER + "1;202001;E1;100\n2;202002;E1;200\n3;202002;E1;x\n"));
    Path blocker = tmp.resolve("wh/quarantine/rows");
    Files.createDirectories(blocker.getParent());
    Files.writeString(blocker, "not a Delta table");
    TestDeliveries.Run stopped = ingest(delivery, "--max-quarantine-share", "0.5");
    assertEquals(1, stopped.exitCode(), stopped.err());
    String table = curated("scb_agi_manad");
    assertEquals(2, spark.read().format("delta").load(table).count(), "curated was committed before the quarantine");
    long curatedVersion = DeltaTables.version(spark, table);
    Files.delete(blocker);

    TestDeliveries.Run next = ingest(delivery, "--max-quarantine-share", "0.5");
    assertEquals(0, next.exitCode(), next.err());
    assertEquals(curatedVersion, DeltaTables.version(spark, table), "the loaded delivery is skipped");
    assertEquals(List.of("a1 3 R02"), quarantined(spark));
    String quarantine = Quarantine.path(Warehouse.at(warehouse()));
    long quarantineVersion = DeltaTables.version(spark, quarantine);

    assertEquals(0, ingest(delivery, "--max-quarantine-share", "0.5").exitCode());
    assertEquals(quarantineVersion, DeltaTables.version(spark, quarantine), "nothing staged, nothing committed");
    assertEquals(List.of("a1 3 R02"), quarantined(spark));
  }

  /**
   * Deliveries loaded in one commit stage their rejected rows in one folder that lists them; a run stopped
   * after their curated commit and before the quarantine commit leaves it, and the next run commits every
   * one's rows, once.
   */
  @Test
  void rowsOfDeliveriesLoadedTogetherStagedByAStoppedRunArriveOnceWithTheNextRun(SparkSession spark) throws IOException {
    TestDeliveries.write(tmp.resolve("wh/raw/scb_agi_manad/a1"), "scb_agi_manad", "a1", 202001, 202001, null, "pid",
        Map.of("part-00000.csv", AGI_HEADER + "1;202001;E1;100\n2;202001;E1;x\n"));
    TestDeliveries.write(tmp.resolve("wh/raw/scb_agi_manad/a2"), "scb_agi_manad", "a2", 202002, 202002, null, "pid",
        Map.of("part-00000.csv", AGI_HEADER + "1;202002;E1;200\n"));
    TestDeliveries.write(tmp.resolve("wh/raw/scb_agi_manad/a3"), "scb_agi_manad", "a3", 202003, 202003, null, "pid",
        Map.of("part-00000.csv", AGI_HEADER + "1;202003;E1;300\n3;202003;E1;x\n"));
    Path blocker = tmp.resolve("wh/quarantine/rows");
    Files.createDirectories(blocker.getParent());
    Files.writeString(blocker, "not a Delta table");
    String[] args = {"--all", "--max-quarantine-share", "0.5", "--warehouse", warehouse()};
    TestDeliveries.Run stopped = TestDeliveries.run(new IngestJob(), args);
    assertEquals(1, stopped.exitCode(), stopped.err());
    String table = curated("scb_agi_manad");
    assertEquals(Set.of("1 202001 100.0 a1", "1 202002 200.0 a2", "1 202003 300.0 a3"),
        rows(spark.read().format("delta").load(table)), "curated was committed before the quarantine");
    assertEquals(1, DeltaTable.forPath(spark, table).history().count());
    assertEquals("a1\na3", Files.readString(tmp.resolve("wh/" + QuarantineBatch.STAGING + "/scb_agi_manad/a1/0/"
        + QuarantineBatch.DELIVERIES)));
    Files.delete(blocker);

    TestDeliveries.Run next = TestDeliveries.run(new IngestJob(), args);
    assertEquals(0, next.exitCode(), next.err());
    assertEquals(0, DeltaTables.version(spark, table), "the loaded deliveries are skipped");
    assertEquals(List.of("a1 2 R02", "a3 2 R02"), quarantined(spark));
    String quarantine = Quarantine.path(Warehouse.at(warehouse()));
    long quarantineVersion = DeltaTables.version(spark, quarantine);
    assertEquals(0, TestDeliveries.run(new IngestJob(), args).exitCode());
    assertEquals(quarantineVersion, DeltaTables.version(spark, quarantine), "nothing staged, nothing committed");
    assertEquals(List.of("a1 2 R02", "a3 2 R02"), quarantined(spark));
  }

  /**
   * A new delivery's files are read once, by the pass that writes its curated rows and keeps the counts and
   * rejected rows on the way: no counting pass over the files before the write and no reconstruction of the
   * table's state for Delta's application-id check (each was three Spark jobs per delivery). The write
   * does not sort its rows by partition year (its tasks take no execution memory, which a sort would): the
   * duplicate check hands them over in that order. Its table is created by that one commit, with the
   * contract's schema, NOT NULL columns included.
   */
  @Test
  void aNewDeliveryIsReadOnceAndCreatesItsTableInOneCommit(SparkSession spark) throws Exception {
    List<String> jobs = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    List<String> fileReads = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    Set<Integer> writeStages = java.util.concurrent.ConcurrentHashMap.newKeySet();
    List<Long> writeMemory = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    SparkListener listener = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart start) {
        jobs.add(String.valueOf(start.properties().getProperty("spark.job.description")));
      }

      @Override
      public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
        List<org.apache.spark.storage.RDDInfo> rdds = JavaConverters.seqAsJavaList(submitted.stageInfo().rddInfos());
        if (rdds.stream().anyMatch(rdd -> rdd.name().startsWith(DeliveryReader.FILES_OF))) {
          fileReads.add(submitted.stageInfo().name());
        }
        if (rdds.stream().anyMatch(rdd -> rdd.name().startsWith(ClassifiedRows.ROWS_OF))) {
          writeStages.add(submitted.stageInfo().stageId());
        }
      }

      @Override
      public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
        if (writeStages.contains(end.stageId())) {
          writeMemory.add(end.taskMetrics().peakExecutionMemory());
        }
      }
    };
    DeliveryLoader.Report report = loadA1Listening(spark, 0, listener);

    assertEquals(List.of(3L, 2L, 0L, 1L), List.of(report.read(), report.curated(), report.quarantined(), report.collapsed()));
    // The shuffle's map side reads, validates and hashes by business key; the write runs on its output, and
    // the counts come from the write's tasks.
    assertEquals(List.of(), jobs.stream().filter(j -> j.contains("snapshot")).toList(), "no state reconstruction: " + jobs);
    assertEquals(1, fileReads.size(), "the files are read once: " + fileReads);
    assertEquals(1, writeStages.size(), "one stage writes the curated rows");
    assertTrue(!writeMemory.isEmpty() && writeMemory.stream().allMatch(m -> m == 0), "no sort in the write: " + writeMemory);
    String table = curated("scb_agi_manad");
    assertEquals(List.of("WRITE"), DeltaTable.forPath(spark, table).history().select("operation").as(Encoders.STRING())
        .collectAsList());
    assertEquals(DeliveryLoader.curatedSchema(se.finsam.schemas.Contracts.byName("scb_agi_manad")),
        org.apache.spark.sql.delta.DeltaLog.forTable(spark, table).update(false, scala.Option.empty(), scala.Option.empty())
            .schema());
    assertEquals(Set.of("1 202001 100.0 a1", "2 202002 200.0 a1"), rows(spark.read().format("delta").load(table)));
    assertTrue(DeltaTables.committed(spark, table, DeliveryLoader.appId("a1")));
  }

  /**
   * A delivery of fewer rows than finsam.ingest.codegen-min-rows runs interpreted: its queries' plans have no
   * whole-stage code generation and its jobs carry the interpreted expression mode to the tasks; one of as
   * many rows runs generated code. Both load the same rows (the interpreted load is also the one of
   * {@link #tablesLoadedSideBySideInFewTasksEndAsOneAtATimeInMany}, checked there against generated code).
   */
  @ParameterizedTest
  @ValueSource(longs = {4, 3})
  void aDeliveryBelowCodegenMinRowsRunsInterpreted(long codegenMinRows, SparkSession spark) throws Exception {
    List<String> plans = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    List<String> modes = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    SparkListener listener = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart start) {
        modes.add(String.valueOf(start.properties().getProperty("spark.sql.codegen.factoryMode")));
      }

      @Override
      public void onOtherEvent(org.apache.spark.scheduler.SparkListenerEvent event) {
        // Adaptive execution posts the plans it runs as updates; the first plan shows no code generation.
        String plan = event instanceof org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart start
            ? start.physicalPlanDescription()
            : event instanceof org.apache.spark.sql.execution.ui.SparkListenerSQLAdaptiveExecutionUpdate update
                ? update.physicalPlanDescription() : "";
        if (plan.contains("a1 AS " + DeliveryLoader.DELIVERY_ID)) {
          plans.add(plan);
        }
      }
    };
    DeliveryLoader.Report report = loadA1Listening(spark, codegenMinRows, listener);

    assertEquals(List.of(3L, 2L, 0L, 1L), List.of(report.read(), report.curated(), report.quarantined(), report.collapsed()));
    assertFalse(plans.isEmpty(), "the delivery's write is a SQL execution");
    boolean interpreted = codegenMinRows > 3;
    // An operator inside a whole-stage-generated stage is marked "*(n) " in the tree and "- * " in the formatted list.
    java.util.regex.Pattern generated = java.util.regex.Pattern.compile("\\*\\(\\d+\\) |- \\* ");
    assertEquals(interpreted, plans.stream().noneMatch(p -> generated.matcher(p).find()), String.join("\n\n", plans));
    assertEquals(interpreted, modes.contains("NO_CODEGEN"), modes.toString());
    assertEquals(Set.of("1 202001 100.0 a1", "2 202002 200.0 a1"),
        rows(spark.read().format("delta").load(curated("scb_agi_manad"))));
    assertFalse(spark.conf().get("spark.sql.codegen.wholeStage").equals("false"), "the job's session keeps its code generation");
  }

  /**
   * Loads a new delivery a1 of scb_agi_manad (three rows, one an exact duplicate) with {@code listener} on
   * the Spark listener bus, drained before it is removed.
   */
  private DeliveryLoader.Report loadA1Listening(SparkSession spark, long codegenMinRows, SparkListener listener)
      throws java.util.concurrent.TimeoutException {
    Path folder = TestDeliveries.write(tmp.resolve("raw/scb_agi_manad/a1"), "scb_agi_manad", "a1", 202001, 202002,
        null, "pid", Map.of("part-00000.csv", AGI_HEADER + "1;202001;E1;100\n2;202002;E1;200\n2;202002;E1;200\n"));
    Warehouse wh = Warehouse.at(warehouse());
    Config config = ConfigLoader.fromProcess().load(Optional.empty(), Optional.empty(), Map.of());
    DeliveryLoader loader = new DeliveryLoader(spark, wh, CodeLists.from(config),
        new DeliveryLoader.Settings(0.05, 0, 250_000, codegenMinRows), new QuarantineBatch(spark, wh));
    DeliveryManifest manifest = DeliveryManifest.read(folder.toString(), spark.sparkContext().hadoopConfiguration());
    spark.sparkContext().addSparkListener(listener);
    try {
      DeliveryLoader.Report report = loader.load(manifest);
      spark.sparkContext().listenerBus().waitUntilEmpty();
      return report;
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
  }

  /** The quarantine table's rows as "delivery row rule", sorted. */
  private List<String> quarantined(SparkSession spark) {
    return spark.read().format("delta").load(Quarantine.path(Warehouse.at(warehouse()))).collectAsList().stream()
        .map(r -> r.getAs("delivery_id") + " " + r.getAs("row_number") + " " + r.getAs("rule_code")).sorted().toList();
  }

  @Test
  void exactDuplicatesCollapseAndConflictingOnesAreQuarantined(SparkSession spark) {
    Path delivery = TestDeliveries.write(tmp.resolve("raw/scb_agi_manad/a1"), "scb_agi_manad", "a1", 202001, 202001,
        null, "pid", Map.of("part-00000.csv", AGI_HEADER
            + "1;202001;E1;1000\n"       // 1 kept
            + "1;202001;E1;1000.0\n"     // 2 exact duplicate of 1 (same number)
            + "1;202001;E1;1000\n"       // 3 exact duplicate of 1
            + "2;202001;E1;500\n"        // 4 R07
            + "2;202001;E1;600\n"        // 5 R07
            + "2;202001;E1;500\n"        // 6 R07: a copy of 4, but the key is in conflict
            + "2;202001;E2;600\n"));     // 7 other employer: kept
    assertEquals(0, ingest(delivery, "--max-quarantine-share", "0.9").exitCode());
    assertEquals(Set.of("1 202001 1000.0 a1", "2 202001 600.0 a1"),
        rows(spark.read().format("delta").load(curated("scb_agi_manad"))));
    assertEquals(Set.of("3 R07", "4 R07", "5 R07").size(), 3);
    Set<String> quarantined = spark.read().format("delta").load(Quarantine.path(Warehouse.at(warehouse())))
        .collectAsList().stream().map(r -> r.getAs("row_number") + " " + r.getAs("rule_code")).collect(Collectors.toSet());
    assertEquals(Set.of("4 R07", "5 R07", "6 R07"), quarantined);
    Row audit = new AuditLog(spark, Warehouse.at(warehouse())).read().filter("job = 'ingest'").first();
    assertEquals(7L, (long) audit.getAs("rows_in"));
    assertEquals(2L, (long) audit.getAs("rows_out"));
    assertEquals(5L, (long) audit.getAs("rows_rejected"));
  }

  @Test
  void replacePredicateCoversTheWholeMonthsOfADateColumn() {
    DeliveryManifest m = new DeliveryManifest("f", "s", "midas_ersattning", "d2", 202402, 202403, "csv", ';', "UTF-8", "pid",
        java.util.Optional.of("d1"), List.of(), Map.of(), 0, 0);
    assertEquals("part_ar >= 2024 AND part_ar <= 2024 AND fran_datum >= DATE'2024-02-01' AND fran_datum <= DATE'2024-03-31'",
        DeliveryLoader.replacePredicate(se.finsam.schemas.Contracts.MIDAS_ERSATTNING, m));
  }

  private static Set<String> rows(Dataset<Row> agi) {
    return agi.select(functions.concat_ws(" ", functions.col("pid"), functions.col("period"),
            functions.col("ersattning_arbete"), functions.col("_delivery_id")))
        .collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toSet());
  }

  private static long countParquet(Path table) throws IOException {
    try (Stream<Path> files = Files.walk(table)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".parquet") && !p.toString().contains("_delta_log")).count();
    }
  }
}
