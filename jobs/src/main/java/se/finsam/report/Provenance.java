package se.finsam.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import se.finsam.config.ConfigReport;
import se.finsam.indicators.HiSource;
import se.finsam.ingest.DeliveryLoader;
import se.finsam.ingest.DeliveryRows;
import se.finsam.report.ReportTable.Cell;
import se.finsam.schemas.Contracts;
import se.finsam.schemas.TableContract;
import se.finsam.spark.SideBySide;
import se.finsam.warehouse.AuditLog;
import se.finsam.warehouse.Warehouse;
import se.finsam.warehouse.Zone;

/**
 * Where the numbers come from: the deliveries in the curated tables, the rows in quarantine by table
 * and rule, the last run of every job, the configuration hash and the software versions. These are
 * row counts of deliveries and runs, not counts of persons, and are not subject to suppression.
 */
public final class Provenance {
  private Provenance() {}

  public static List<ReportTable> build(SparkSession spark, Warehouse warehouse, Config config, String runId,
                                        Map<String, Long> inputRows) {
    org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    List<ReportTable> tables = new ArrayList<>();

    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("Körnings-id", runId);
    facts.put("Konfigurationens hash", ConfigReport.hash(config));
    facts.put("Röjandegräns (minsta antal personer)", String.valueOf(config.getInt("finsam.disclosure.min-persons")));
    facts.put("finsam", finsamVersion());
    facts.put("Apache Spark", spark.version());
    facts.put("Delta Lake", io.delta.package$.MODULE$.VERSION());
    facts.put("Java", System.getProperty("java.version"));
    inputRows.forEach((table, rows) -> facts.put("Rader i " + table, String.valueOf(rows)));
    List<ReportTable.Row> factRows = new ArrayList<>();
    facts.forEach((k, v) -> factRows.add(new ReportTable.Row(k, List.of(Cell.of(List.of(v), Map.of("value", v))))));
    tables.add(new ReportTable("proveniens_korning", "Körning och versioner", "", List.of("Värde"), factRows));

    List<ReportTable.Row> deliveries = new ArrayList<>();
    for (Row r : deliveryRows(spark, warehouse, SideBySide.queriesInFlight(config))) {
      deliveries.add(new ReportTable.Row(r.getString(1), List.of(text(r.getString(0)), number(r.getLong(2)))));
    }
    tables.add(new ReportTable("proveniens_leveranser", "Inlästa leveranser (aktuella rader per leverans)",
        deliveries.isEmpty() ? "Inga kurerade tabeller i lagret." : "", List.of("Tabell", "Rader"), deliveries));

    List<ReportTable.Row> quarantine = new ArrayList<>();
    String quarantinePath = warehouse.table(Zone.QUARANTINE, "rows");
    if (warehouse.exists(quarantinePath, hadoop)) {
      for (Row r : spark.read().format("delta").load(quarantinePath).groupBy("table", "rule_code")
          .agg(count(lit(1)).as("rows")).orderBy("table", "rule_code").collectAsList()) {
        quarantine.add(new ReportTable.Row(r.getString(0), List.of(text(r.getString(1)), number(r.getLong(2)))));
      }
    }
    tables.add(new ReportTable("proveniens_karantan", "Rader i karantän per tabell och regel",
        quarantine.isEmpty() ? "Inga rader i karantän." : "", List.of("Regel", "Rader"), quarantine));

    Dataset<Row> audit = new AuditLog(spark, warehouse).read();
    List<ReportTable.Row> runs = new ArrayList<>();
    for (Row r : audit.withColumn("latest", row_number().over(Window.partitionBy("job").orderBy(col("ended_at").desc())))
        .filter(col("latest").equalTo(1)).orderBy("ended_at")
        .select("job", "run_id", "status", "ended_at", "rows_in", "rows_out", "rows_rejected", "config_hash")
        .collectAsList()) {
      runs.add(new ReportTable.Row(r.getString(0), List.of(text(r.getString(1)), text(r.getString(2)),
          text(String.valueOf(r.get(3))), number(r.getLong(4)), number(r.getLong(5)), number(r.getLong(6)),
          text(r.getString(7)))));
    }
    tables.add(new ReportTable("proveniens_korningar", "Senaste körning per jobb (granskningstabellen)",
        runs.isEmpty() ? "Granskningstabellen är tom." : "",
        List.of("Körnings-id", "Status", "Klar", "Rader in", "Rader ut", "Avvisade", "Konfig.-hash"), runs));
    return tables;
  }

  /**
   * The current rows of every delivery in the curated tables: (table, delivery id, rows), in the contracts'
   * order and then by delivery. From a table's Delta log where it proves them ({@link DeliveryRows}); otherwise
   * by a query per table, {@code threads} at a time ({@link SideBySide}): one query over all the tables' union
   * (planned once, its aggregations side by side) was slower on two cores (report README, "Time"). A table's
   * few rows are put in order here, not by a sort job of its own.
   */
  static List<Row> deliveryRows(SparkSession spark, Warehouse warehouse, int threads) {
    org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    List<String> present = Contracts.ALL.stream().map(TableContract::name)
        .filter(name -> warehouse.exists(warehouse.table(Zone.CURATED, name), hadoop)).toList();
    Map<String, Optional<Map<String, Long>>> logged = new LinkedHashMap<>();
    present.forEach(name -> logged.put(name, DeliveryRows.fromLog(spark, warehouse.table(Zone.CURATED, name))));
    List<String> counted = present.stream().filter(name -> logged.get(name).isEmpty()).toList();
    java.util.Iterator<List<Row>> scanned = SideBySide.map(counted, threads, "finsam-report-deliveries", name -> {
      List<Row> table = new ArrayList<>(spark.read().format("delta").load(warehouse.table(Zone.CURATED, name))
          .groupBy(DeliveryLoader.DELIVERY_ID).agg(count(lit(1)).as("rows"))
          .select(lit(name), col(DeliveryLoader.DELIVERY_ID), col("rows")).collectAsList());
      table.sort(Comparator.comparing(r -> r.getString(1), Comparator.nullsFirst(Comparator.<String>naturalOrder())));
      return table;
    }).iterator();
    List<Row> rows = new ArrayList<>();
    for (String name : present) {
      if (logged.get(name).isPresent()) {
        logged.get(name).get().forEach((delivery, n) -> rows.add(RowFactory.create(name, delivery, n)));
      } else {
        rows.addAll(scanned.next());
      }
    }
    return rows;
  }

  /**
   * Where HI came from (SPEC 5.1): per source of the panel's {@code hi_kalla}, the person-months of the
   * whole panel (every person, every month HI is measured) that used it.
   */
  public static ReportTable hiSources(Dataset<Row> personMonth, Config config) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (HiSource source : HiSource.values()) {
      counts.put(source.name(), 0L);
    }
    if (java.util.Arrays.asList(personMonth.columns()).contains(HiSource.COLUMN)) {
      for (Row r : personMonth.filter(col(HiSource.COLUMN).isNotNull()).groupBy(HiSource.COLUMN).count().collectAsList()) {
        counts.put(r.getString(0), r.getLong(1));
      }
    }
    int yearlyBefore = config.getInt("finsam.hi.scb.yearly-before");
    Map<String, String> labels = Map.of(
        HiSource.SCB_MANAD.name(), "SCB:s månadsuppgift (scb_hi_manad)",
        HiSource.SCB_AR.name(), "SCB:s årsuppgift (scb_hi_ar), månader före " + yearlyBefore / 100 + "-"
            + String.format("%02d", yearlyBefore % 100),
        HiSource.KOMPONENTER.name(), "Byggd ur komponenterna (lön, MiDaS, ekonomiskt bistånd, scb_inkomst_manad)");
    List<ReportTable.Row> rows = new ArrayList<>();
    counts.forEach((source, n) -> rows.add(new ReportTable.Row(labels.getOrDefault(source, source),
        List.of(text(source), number(n)))));
    return new ReportTable("proveniens_hi", "Huvudsaklig inkomstkälla: källa per personmånad",
        "Personmånader i panelen (alla personer, de månader HI mäts) per källa till HI-beloppen: SCB:s månadsuppgift där "
            + "den är levererad för månaden, annars SCB:s årsuppgift för året (jämnt fördelad på årets månader) före "
            + yearlyBefore + ", annars byggd ur komponenterna (finsam.hi.scb).",
        List.of("hi_kalla", "Personmånader"), rows);
  }

  private static Cell text(String s) {
    return Cell.of(List.of(s == null ? "" : s), Map.of("value", s == null ? "" : s));
  }

  private static Cell number(long n) {
    return Cell.of(List.of(SwedishFormat.integer(n)), Map.of("value", n));
  }

  /** The jar's Maven version (pom.properties is packaged by the jar plugin); "utveckling" from classes. */
  static String finsamVersion() {
    try (var in = Provenance.class.getResourceAsStream("/META-INF/maven/se.finsam/finsam-jobs/pom.properties")) {
      if (in == null) {
        return "utveckling (ej paketerad)";
      }
      java.util.Properties p = new java.util.Properties();
      p.load(in);
      return p.getProperty("version", "okänd");
    } catch (java.io.IOException e) {
      return "okänd";
    }
  }
}
