package se.finsam.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.finsam.schemas.Contracts;
import se.finsam.schemas.TableContract;
import se.finsam.spark.SharedSpark;

@ExtendWith(SharedSpark.class)
class SynthDeterminismTest {
  private static Path generate(int partitions, long seed) throws Exception {
    return generate(partitions, seed, List.of());
  }

  private static Path generate(int partitions, long seed, List<String> tables) throws Exception {
    Path raw = Files.createTempDirectory("synth-p" + partitions);
    SynthSettings s = SynthTestSupport.settings(Map.of("finsam.synth.persons", 120, "finsam.synth.partitions", partitions,
        "finsam.synth.flaw-rate", 0.01, "finsam.synth.seed", seed, "finsam.synth.tables", tables));
    SynthJob.generate(SharedSpark.session(), s, raw.toString(), (what, rows) -> { });
    return raw;
  }

  private static Dataset<Row> table(SparkSession spark, Path raw, TableContract contract, int version) {
    return RawDeliveries.read(spark, RawDeliveries.deliveryDir(raw, contract, version), contract, contract.personColumn());
  }

  @Test
  void sameSeedSameRowsWhateverThePartitioning(SparkSession spark) throws Exception {
    Path one = generate(1, 7);
    Path eight = generate(8, 7);
    Path otherSeed = generate(8, 8);
    assertEquals(8, RawDeliveries.dataFiles(RawDeliveries.deliveryDir(eight, Contracts.SCB_BAKGRUND_AR, 1)).size());
    for (TableContract contract : Contracts.ALL) {
      Dataset<Row> a = table(spark, one, contract, 1);
      Dataset<Row> b = table(spark, eight, contract, 1);
      assertEquals(a.count(), b.count(), contract.name());
      assertEquals(0, a.exceptAll(b).count(), contract.name());
      assertEquals(0, b.exceptAll(a).count(), contract.name());
      assertEquals(RawDeliveries.manifest(RawDeliveries.deliveryDir(one, contract, 1)).get("flaws"),
          RawDeliveries.manifest(RawDeliveries.deliveryDir(eight, contract, 1)).get("flaws"), contract.name());
    }
    // Listed tables alone: the same rows and flaws as in the full set, and no other table's folder.
    Path listed = generate(8, 7, List.of(Contracts.SCB_BAKGRUND_AR.name(), Contracts.SOS_EKONOMISKT_BISTAND.name()));
    try (var folders = Files.list(listed)) {
      assertEquals(Set.of("scb_bakgrund_ar", "sos_ekonomiskt_bistand", "_truth"),
          folders.map(f -> f.getFileName().toString()).collect(Collectors.toSet()));
    }
    for (TableContract contract : List.of(Contracts.SCB_BAKGRUND_AR, Contracts.SOS_EKONOMISKT_BISTAND)) {
      Dataset<Row> alone = table(spark, listed, contract, 1);
      assertEquals(0, alone.exceptAll(table(spark, one, contract, 1)).count(), contract.name());
      assertEquals(0, table(spark, one, contract, 1).exceptAll(alone).count(), contract.name());
      assertEquals(RawDeliveries.manifest(RawDeliveries.deliveryDir(one, contract, 1)).get("flaws"),
          RawDeliveries.manifest(RawDeliveries.deliveryDir(listed, contract, 1)).get("flaws"), contract.name());
    }
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> SynthTestSupport.settings(Map.of("finsam.synth.tables", List.of("scb_bakgrund", "sos_ekonomiskt_bistand"))));
    assertTrue(unknown.getMessage().contains("finsam.synth.tables") && unknown.getMessage().contains("scb_bakgrund"),
        unknown.getMessage());

    Dataset<Row> corrected = table(spark, one, Contracts.SCB_AGI_MANAD, 2);
    assertEquals(0, corrected.exceptAll(table(spark, eight, Contracts.SCB_AGI_MANAD, 2)).count());
    // And the seed matters.
    Dataset<Row> other = table(spark, otherSeed, Contracts.SCB_BAKGRUND_AR, 1);
    assertNotEquals(0, other.exceptAll(table(spark, one, Contracts.SCB_BAKGRUND_AR, 1)).count());
    // The truth does not depend on the partitioning either (up to the order of floating-point sums).
    Dataset<Row> truthOne = spark.read().option("header", "true").option("inferSchema", "true")
        .csv(one.resolve("_truth/att").toString()).as("a");
    Dataset<Row> truthEight = spark.read().option("header", "true").option("inferSchema", "true")
        .csv(eight.resolve("_truth/att").toString()).as("b");
    Dataset<Row> joined = truthOne.join(truthEight, new String[] {"design", "outcome", "event_month"});
    assertEquals(truthOne.count(), joined.count());
    assertEquals(truthEight.count(), joined.count());
    assertEquals(0, joined.filter("abs(a.att - b.att) > 1e-9 OR a.persons != b.persons").count());
    Dataset<Row> fkOne = spark.read().option("header", "true").option("inferSchema", "true")
        .csv(one.resolve("_truth/followup_fk").toString()).as("a");
    Dataset<Row> fkEight = spark.read().option("header", "true").option("inferSchema", "true")
        .csv(eight.resolve("_truth/followup_fk").toString()).as("b");
    Dataset<Row> fk = fkOne.join(fkEight, "ar");
    assertTrue(fkOne.count() > 0, "years with FK days");
    assertEquals(fkOne.count(), fk.count());
    assertEquals(fkEight.count(), fk.count());
    String differs = "a.personer != b.personer" + FollowupFkTruth.GROUPS.stream()
        .flatMap(g -> java.util.stream.Stream.of(g + "_fore", g + "_efter"))
        .map(c -> " OR abs(a." + c + " - b." + c + ") > 1e-9").collect(Collectors.joining());
    assertEquals(0, fk.filter(differs).count());
  }
}
