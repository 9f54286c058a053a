package se.finsam.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import se.finsam.ingest.IngestJob;
import se.finsam.ingest.TestDeliveries;
import se.finsam.jobs.JobRunner;
import se.finsam.spark.SharedSpark;
import se.finsam.warehouse.Warehouse;
import se.finsam.warehouse.Zone;

/**
 * A small warehouse (one delivery through the real ingest, so curated, quarantine and audit tables as
 * the chain writes them, plus a hand-written panel table and a nested results table) queried through
 * the job; every CSV is read back with Spark's CSV reader and compared with the same query run
 * directly on the Delta tables.
 */
@ExtendWith(SharedSpark.class)
class SqlJobTest {
  private static final String AGI_HEADER = "pid;period;arbetsgivare_id;ersattning_arbete\n";
  private static final StructType PANEL = new StructType()
      .add("pid", DataTypes.LongType).add("period", DataTypes.IntegerType).add("startgrupp", DataTypes.IntegerType)
      .add("lon_kr", DataTypes.DoubleType).add("note", DataTypes.StringType).add("first_day", DataTypes.DateType);

  /** One warehouse for every test: the job only reads it (aWrongQueryFailsBeforeAnythingIsWritten checks). */
  private static Warehouse warehouse;
  @TempDir Path tmp;
  private Path out;

  @BeforeAll
  static void smallWarehouse(@TempDir Path dir) {
    SparkSession spark = SharedSpark.session();
    warehouse = Warehouse.at(dir.resolve("wh").toString());
    Path delivery = TestDeliveries.write(dir.resolve("wh/raw/scb_agi_manad/a1"), "scb_agi_manad", "a1", 202001, 202002,
        null, "pid", Map.of("part-00000.csv", AGI_HEADER + "1;202001;E1;100.25\n2;202002;E1;200\n3;202002;E1;x\n"
            + "4;202002;;100\n5;202001;E2;1e7\n6;202002;E2;0.1\n7;202001;E1;33\n"));
    TestDeliveries.Run ingest = TestDeliveries.run(new IngestJob(), "--delivery", delivery.toString(),
        "--warehouse", warehouse.root(), "--max-quarantine-share", "0.5");
    assertEquals(JobRunner.OK, ingest.exitCode(), ingest.err());
    spark.createDataFrame(List.of(
            RowFactory.create(1L, 202001, 1, 100.25, "plain", Date.valueOf("2020-01-01")),
            RowFactory.create(1L, 202002, 1, 0.0, "with, comma and \"quotes\"", Date.valueOf("2020-02-01")),
            RowFactory.create(2L, 202001, 2, 1.0e7, "", null),
            RowFactory.create(2L, 202002, 2, null, null, Date.valueOf("2020-02-01")),
            RowFactory.create(5L, 202001, 2, 0.1, "åäö", Date.valueOf("2020-01-01"))), PANEL)
        .write().format("delta").save(warehouse.table(Zone.PANEL, "person_month"));
    spark.range(3).toDF("cell").write().format("delta").save(warehouse.table(Zone.RESULTS, "disclosure/R-1"));
  }

  @BeforeEach
  void outputFolder() {
    out = tmp.resolve("out");
  }

  /** The same views, made by hand in a session of the test's own. */
  private SparkSession direct(SparkSession spark) {
    SparkSession direct = spark.newSession();
    Map.of("curated_scb_agi_manad", warehouse.table(Zone.CURATED, "scb_agi_manad"),
        "quarantine_rows", warehouse.table(Zone.QUARANTINE, "rows"),
        "panel_person_month", warehouse.table(Zone.PANEL, "person_month"))
        .forEach((view, path) -> direct.read().format("delta").load(path).createOrReplaceTempView(view));
    return direct;
  }

  private record Run(int exitCode, String out, String err) {}

  /** Runs the job, capturing what it prints to the process's standard output as well. */
  private Run sql(String... options) {
    String[] args = Stream.concat(Stream.of("--warehouse", warehouse.root(), "--output", out.toString()), Stream.of(options))
        .toArray(String[]::new);
    PrintStream stdout = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      TestDeliveries.Run run = TestDeliveries.run(new SqlJob(), args);
      return new Run(run.exitCode(), printed.toString(StandardCharsets.UTF_8) + run.out(), run.err());
    } finally {
      System.setOut(stdout);
    }
  }

  /**
   * Spark's reader of the file, told the types. Its parser hands an empty field over as its null marker,
   * so a marker no value has keeps a quoted empty string apart from an unquoted empty field (null).
   */
  private static Dataset<Row> csv(SparkSession spark, Path file, StructType schema) {
    return spark.read().option("header", "true").option("encoding", "UTF-8").option("multiLine", "true")
        .option("escape", "\"").option("nullValue", "<null>").schema(schema).csv(file.toString());
  }

  private List<String> files() throws IOException {
    try (Stream<Path> list = Files.list(out)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void everyQueryIsOneCsvEqualToTheQueryRunDirectly(SparkSession spark) throws IOException {
    String byRule = "select rule_code, count(*) as n, min(row_number) as first_row from quarantine_rows "
        + "group by rule_code order by rule_code";
    String joined = "select m.pid, m.period, m.lon_kr, m.note, m.first_day, a.ersattning_arbete "
        + "from panel_person_month m left join curated_scb_agi_manad a on a.pid = m.pid and a.period = m.period "
        + "order by m.pid, m.period";
    Run run = sql("--query", "by_rule=" + byRule, "--query=joined=" + joined);
    assertEquals(JobRunner.OK, run.exitCode(), run.err());
    assertEquals(List.of("by_rule.csv", "joined.csv"), files(), "one file per query, nothing else");

    SparkSession direct = direct(spark);
    for (Map.Entry<String, String> q : Map.of("by_rule", byRule, "joined", joined).entrySet()) {
      Dataset<Row> expected = direct.sql(q.getValue());
      List<Row> written = csv(spark, out.resolve(q.getKey() + ".csv"), expected.schema()).collectAsList();
      assertEquals(expected.collectAsList(), written, q.getKey());
      assertTrue(run.out().contains("wrote " + written.size() + " rows to " + out.resolve(q.getKey() + ".csv")), run.out());
    }
    assertEquals(2, direct.sql(byRule).count(), "two rules broken: the test must compare something");
    List<String> lines = Files.readAllLines(out.resolve("joined.csv"), StandardCharsets.UTF_8);
    assertEquals("pid,period,lon_kr,note,first_day,ersattning_arbete", lines.get(0));
    assertEquals("1,202001,100.25,plain,2020-01-01,100.25", lines.get(1), "point decimals, ISO dates");
    assertEquals("1,202002,0.0,\"with, comma and \"\"quotes\"\"\",2020-02-01,", lines.get(2), "null is an empty field");
    assertEquals("2,202001,1.0E7,\"\",,", lines.get(3), "the empty string is quoted");
    assertEquals("2,202002,,,2020-02-01,200.0", lines.get(4));
    assertEquals("5,202001,0.1,åäö,2020-01-01,1.0E7", lines.get(5), "UTF-8");
  }

  @Test
  void theLimitCutsTheResultAndSaysSo(SparkSession spark) throws IOException {
    String all = "select pid, period, ersattning_arbete from curated_scb_agi_manad order by pid";
    String three = "select pid from curated_scb_agi_manad order by pid limit 3";
    Run run = sql("--limit", "3", "--query", "all=" + all, "--query", "three=" + three);
    assertEquals(JobRunner.OK, run.exitCode(), run.err());
    Dataset<Row> expected = direct(spark).sql(all);
    assertEquals(5, expected.count(), "more rows than the limit");
    assertEquals(expected.collectAsList().subList(0, 3), csv(spark, out.resolve("all.csv"), expected.schema()).collectAsList());
    assertTrue(run.out().contains("wrote 3 rows to " + out.resolve("all.csv") + "  (truncated at --limit 3)"), run.out());
    assertTrue(run.out().contains("wrote 3 rows to " + out.resolve("three.csv") + "\n"), "exactly the limit is whole: " + run.out());
  }

  @Test
  void listingNamesEveryTableWithItsRowsAndColumns(SparkSession spark) throws IOException {
    Run run = sql("--list");
    assertEquals(JobRunner.OK, run.exitCode(), run.err());
    StructType schema = new StructType().add("view", DataTypes.StringType).add("location", DataTypes.StringType)
        .add("rows", DataTypes.LongType).add("columns", DataTypes.StringType);
    Map<String, Row> listed = new java.util.HashMap<>();
    // Spark skips files whose names start with _ or .: the listing is named so that it reads it.
    csv(spark, out.resolve(SqlJob.VIEWS + ".csv"), schema).collectAsList().forEach(r -> listed.put(r.getString(0), r));
    SparkSession direct = direct(spark);
    for (String view : List.of("curated_scb_agi_manad", "quarantine_rows", "panel_person_month")) {
      assertEquals(direct.table(view).count(), listed.get(view).getLong(2), view);
      assertTrue(run.out().contains(view), run.out());
    }
    assertEquals(3L, listed.get("results_disclosure_r_1").getLong(2), "nested table, name made SQL-safe");
    assertEquals("cell bigint", listed.get("results_disclosure_r_1").getString(3));
    assertTrue(listed.containsKey(WarehouseViews.AUDIT_VIEW), listed.keySet().toString());
    for (Row r : listed.values()) {
      assertTrue(Files.isDirectory(Path.of(java.net.URI.create(r.getString(1))).resolve("_delta_log")), r.toString());
    }
  }

  @Test
  void aWrongQueryFailsBeforeAnythingIsWritten(SparkSession spark) throws IOException {
    assertEquals(JobRunner.OK, sql("--query", "good=select count(*) as n from quarantine_rows").exitCode());
    byte[] before = Files.readAllBytes(out.resolve("good.csv"));

    Run unknown = sql("--query", "good=select 1 as n", "--query", "bad=select * from curated_no_such_table");
    assertEquals(JobRunner.FAILED, unknown.exitCode());
    assertTrue(unknown.err().contains("query 'bad'") && unknown.err().contains("curated_no_such_table"), unknown.err());
    assertTrue(unknown.err().contains("--list shows the views"), unknown.err());

    Run failing = sql("--query", "good=select 1 as n",
        "--query", "boom=select if(pid > 3, raise_error('boom'), pid) as p from curated_scb_agi_manad");
    assertEquals(JobRunner.FAILED, failing.exitCode(), failing.err());
    assertTrue(failing.err().contains("boom"), failing.err());

    long curated = direct(spark).table("curated_scb_agi_manad").count();
    for (String write : List.of("delete from curated_scb_agi_manad",
        "with p as (select 1 as pid) insert into curated_scb_agi_manad select * from curated_scb_agi_manad")) {
      Run refused = sql("--query", "good=select 1 as n", "--query", "write=" + write);
      assertEquals(JobRunner.FAILED, refused.exitCode(), write);
      assertTrue(refused.err().contains("query 'write' is a command"), refused.err());
    }
    assertEquals(curated, direct(spark).table("curated_scb_agi_manad").count(), "the warehouse is only read");

    assertEquals(List.of("good.csv"), files(), "no other file, no partial file");
    assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(out.resolve("good.csv")),
        "the earlier result stands");
  }

  @Test
  void refusesAClusterProfileAndANonLocalMaster() {
    String master0 = System.getProperty("spark.master");
    Run cluster = sql("--profile", "cluster", "--list");
    assertEquals(JobRunner.USAGE, cluster.exitCode());
    assertTrue(cluster.err().contains("local-mode exploration tool"), cluster.err());
    Run master = sql("-Dspark.master=spark://localhost:7077", "--list");
    assertEquals(JobRunner.USAGE, master.exitCode());
    assertTrue(master.err().contains("master 'spark://localhost:7077'"), master.err());
    assertEquals(master0, System.getProperty("spark.master"), "the runner puts the property back");
    assertFalse(Files.exists(out), "nothing written");
    assertEquals(JobRunner.USAGE, sql("--query", "no name").exitCode(), "name=SQL");
    Run clash = sql("--list", "--query", "views=select 1 as n");
    assertEquals(JobRunner.USAGE, clash.exitCode());
    assertTrue(clash.err().contains("views.csv"), clash.err());
  }
}
