package se.finsam.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;
import se.finsam.schemas.Contracts;
import se.finsam.schemas.TableContract;
import se.finsam.spark.SharedSpark;
import se.finsam.synth.SynthJob;
import se.finsam.warehouse.AuditLog;
import se.finsam.warehouse.Warehouse;
import se.finsam.warehouse.Zone;

/**
 * The contract between the synthetic generator and the loader: a generated delivery's manifest says
 * how many rows break each rule ({@code flaws}) and how many are exact duplicates; loading it must
 * quarantine exactly that many rows per rule and collapse exactly that many duplicates. Checked here on
 * hand-made deliveries in that contract (CSV and all-string Parquet), on a small run of the generator
 * always, and with {@code -Dfinsam.synth.raw=<raw folder of ./finsam synth>} on any generator output.
 */
@ExtendWith(SharedSpark.class)
class SyntheticDeliveriesTest {
  @TempDir
  Path tmp;

  @Test
  void handMadeDeliveriesLoadWithTheirManifestsFlawCounts(SparkSession spark) throws IOException {
    Path raw = tmp.resolve("wh/raw");
    TestDeliveries.write(raw.resolve("midas_ersattning/syn-midas"), "midas_ersattning", "syn-midas", 202001, 202012, null, "pid",
        Map.of("part-00000.csv", "pid;forman;fran_datum;tom_datum;omfattning;belopp_brutto;sarskilda_fall;ae_skal\n"
            + "1;SJP;2020-01-05;2020-01-20;1.0;5000;false;\n"
            + "2;XXX;2020-02-01;2020-02-10;1.0;100;;\n"       // R03
            + "3;SJP;2020-03-01;2020-03-10;0.5;100;;\n"
            + "3;SJP;2020-03-01;2020-03-10;0.5;100;;\n"       // exact duplicate
            + "4;SJP;2020-04-01;2020-04-10;0.5;100;;\n"       // R07
            + "4;SJP;2020-04-01;2020-04-10;0.75;100;;\n"      // R07
            + "5;SJP;2020-05-02;2020-05-01;1;100;;\n"));      // R05
    Path manifest = raw.resolve("midas_ersattning/syn-midas/_manifest.json");
    Files.writeString(manifest, Files.readString(manifest)
        .replace("\"flaws\": {}", "\"flaws\": {\"R03\": 1, \"R05\": 1, \"R07\": 2}")
        .replace("\"exact_duplicates\": 0", "\"exact_duplicates\": 1"));

    Path agi = raw.resolve("scb_agi_manad/syn-agi");
    StructType strings = new StructType().add("pid", DataTypes.StringType).add("period", DataTypes.StringType)
        .add("arbetsgivare_id", DataTypes.StringType).add("ersattning_arbete", DataTypes.StringType);
    spark.createDataFrame(List.of(RowFactory.create("1", "202001", "E1", "100"), RowFactory.create("2", "202001", "E1", "-1"),
            RowFactory.create("3", "202001", "E1", "?5")), strings)
        .coalesce(1).write().parquet(agi.toString());
    String file;
    try (Stream<Path> files = Files.list(agi)) {
      file = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("part-") && n.endsWith(".parquet"))
          .findFirst().orElseThrow();
    }
    new DeliveryManifest(agi.toString(), "SCB", "scb_agi_manad", "syn-agi", 202001, 202001, "parquet", ';', "UTF-8", "pid",
        Optional.empty(), List.of(new DeliveryManifest.FileEntry(file, 3,
            TestDeliveries.sha256(Files.readAllBytes(agi.resolve(file))))), Map.of("R02", 1L, "R04", 1L), 0, 0)
        .write(spark.sparkContext().hadoopConfiguration());

    assertQuarantineMatchesManifests(spark, tmp.resolve("wh").toString());
    // Parquet row numbers are positions in the file.
    assertEquals(List.of("2 R04", "3 R02"), spark.read().format("delta").load(Quarantine.path(Warehouse.at(tmp.resolve("wh").toString())))
        .filter("delivery_id = 'syn-agi'").orderBy("row_number").collectAsList().stream()
        .map(r -> r.getAs("row_number") + " " + r.getAs("rule_code")).collect(Collectors.toList()));
  }

  /**
   * A small run of the real generator (a few hundred persons, 18 months ending with the AGI correction
   * period, so the corrected re-delivery is loaded too), with a high flaw rate so every kind occurs.
   */
  @Test
  void smallGeneratedDeliveriesLoadWithTheirManifestsFlawCounts(SparkSession spark) {
    String wh = tmp.resolve("wh").toString();
    TestDeliveries.Run synth = TestDeliveries.run(new SynthJob(), "--persons", "300", "--flaw-rate", "0.01",
        "--from", "202007", "--to", "202112", "--partitions", "2", "--warehouse", wh);
    assertEquals(0, synth.exitCode(), synth.err());
    assertQuarantineMatchesManifests(spark, wh);
    assertFileStatisticsOfTheTimeColumnOnly(spark, wh);
  }

  /**
   * The generator's run loads every table (of a contract with a time column and without): each curated file
   * has its row count and the minimum of its time column only, none without one (DeliveryLoader.curatedProperties).
   */
  private static void assertFileStatisticsOfTheTimeColumnOnly(SparkSession spark, String warehouse) {
    ObjectMapper json = new ObjectMapper();
    Set<String> withoutTime = new TreeSet<>();
    for (TableContract contract : Contracts.ALL) {
      String path = Warehouse.at(warehouse).table(Zone.CURATED, contract.name());
      if (!DeltaTables.exists(spark, path)) {
        continue;
      }
      Snapshot snapshot = DeltaLog.forTable(spark, path).update(false, Option.empty(), Option.empty());
      List<AddFile> files = snapshot.allFiles().collectAsList();
      assertTrue(!files.isEmpty(), contract.name());
      Set<String> expected = contract.timeColumn().map(Set::of).orElse(Set.of());
      long records = 0;
      for (AddFile file : files) {
        JsonNode stats;
        try {
          stats = json.readTree(file.stats());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        records += stats.get("numRecords").asLong();
        Set<String> columns = new TreeSet<>();
        Optional.ofNullable(stats.get("minValues")).ifPresent(min -> min.fieldNames().forEachRemaining(columns::add));
        assertEquals(expected, columns, contract.name() + " " + file.path());
      }
      assertEquals(spark.read().format("delta").load(path).count(), records, contract.name() + ": rows by the statistics");
      if (expected.isEmpty()) {
        withoutTime.add(contract.name());
      }
    }
    assertTrue(!withoutTime.isEmpty(), "no table without a time column was loaded");
  }

  @Test
  @EnabledIfSystemProperty(named = "finsam.synth.raw", matches = ".+")
  void generatedDeliveriesLoadWithTheirManifestsFlawCounts(SparkSession spark) throws IOException {
    Path wh = tmp.resolve("wh");
    Files.createDirectories(wh);
    copy(Path.of(System.getProperty("finsam.synth.raw")), wh.resolve("raw"));
    assertQuarantineMatchesManifests(spark, wh.toString());
  }

  /** Loads every delivery under the warehouse's raw/ and compares quarantine and duplicates with each manifest. */
  static void assertQuarantineMatchesManifests(SparkSession spark, String warehouse) {
    TestDeliveries.Run run = TestDeliveries.run(new IngestJob(), "--all", "--warehouse", warehouse, "--max-quarantine-share", "1.0");
    assertEquals(0, run.exitCode(), run.err());
    Warehouse wh = Warehouse.at(warehouse);
    List<DeliveryManifest> manifests = IngestJob.discover(wh.zone(Zone.RAW), spark.sparkContext().hadoopConfiguration(),
        new se.finsam.jobs.JobMetrics());
    String details = new AuditLog(spark, wh).read().filter("job = 'ingest'").first().getAs("details");
    List<String> mismatches = new java.util.ArrayList<>();
    for (DeliveryManifest m : manifests) {
      if (m.carriesPersonnummer()) {
        continue;
      }
      Map<String, Long> quarantined = new TreeMap<>();
      for (Row r : spark.read().format("delta").load(Quarantine.path(wh)).filter("delivery_id = '" + m.deliveryId() + "'")
          .groupBy("rule_code").count().collectAsList()) {
        quarantined.put(r.getString(0), r.getLong(1));
      }
      Map<String, Long> expected = new TreeMap<>(m.flaws());
      expected.values().removeIf(n -> n == 0);
      if (!expected.equals(quarantined)) {
        mismatches.add(m.deliveryId() + ": manifest flaws " + expected + ", quarantined " + quarantined);
      }
      Matcher collapsed = Pattern.compile("exact duplicates collapsed in " + Pattern.quote(m.deliveryId()) + " (\\d+) rows")
          .matcher(details);
      long found = collapsed.find() ? Long.parseLong(collapsed.group(1)) : -1;
      if (found != m.exactDuplicates()) {
        mismatches.add(m.deliveryId() + ": manifest exact_duplicates " + m.exactDuplicates() + ", collapsed " + found);
      }
    }
    assertEquals(List.of(), mismatches);
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.collect(Collectors.toList())) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
