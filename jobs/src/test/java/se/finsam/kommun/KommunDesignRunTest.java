package se.finsam.kommun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import se.finsam.cli.RunJob;
import se.finsam.spark.SharedSpark;
import se.finsam.warehouse.Warehouse;
import se.finsam.warehouse.Zone;

/**
 * ./finsam run --design kommun on synthetic registers: the chain writes the report, and the planted
 * municipal effect on sjukpenning is recovered within its confidence interval.
 */
@ExtendWith(SharedSpark.class)
class KommunDesignRunTest {

  @Test
  void plantedMunicipalEffectIsRecovered(SparkSession spark, @TempDir Path dir) throws IOException {
    Warehouse warehouse = Warehouse.at(dir.resolve("wh").toString());
    KommunPanelJobTest.run(new RunJob(), "--design", "kommun", "--warehouse", warehouse.root(), "--persons", "4000",
        "-Dfinsam.run-id=kommun-test");

    Path root = Path.of(new org.apache.hadoop.fs.Path(warehouse.root()).toUri().getPath());
    assertTrue(Files.exists(root.resolve("reports/kommun-test/kommun.html")), "the report is written");
    se.finsam.report.DesignReports.keep(root.resolve("reports/kommun-test"), "kommun");

    // The truth by years since joining (raw/_truth/kommun_att), averaged over years 0-6 as the
    // estimate's post-treatment average of the event-time effects is.
    List<Row> truth = spark.read().option("header", "true").option("inferSchema", "true")
        .csv(root.resolve("raw/_truth/kommun_att").toString())
        .filter("event_year between 0 and 6").collectAsList();
    assertEquals(7, truth.size());
    double trueEffect = truth.stream().mapToDouble(r -> ((Number) r.getAs("att")).doubleValue()).average().orElseThrow();
    assertTrue(trueEffect < -0.01, "a planted reduction of the sjukpenning share: " + trueEffect);

    Row estimate = spark.read().format("delta").load(warehouse.table(Zone.RESULTS, "kommun/aggte"))
        .filter("run_id = 'kommun-test' and outcome = 'sjukpenning' and model = 'alla' and type = 'post_average'")
        .first();
    double lower = estimate.getDouble(estimate.fieldIndex("ci_lower"));
    double upper = estimate.getDouble(estimate.fieldIndex("ci_upper"));
    assertTrue(lower <= trueEffect && trueEffect <= upper,
        "truth " + trueEffect + " in [" + lower + ", " + upper + "], estimate " + estimate.get(estimate.fieldIndex("att")));

    // "Samtliga år" is declared to the checker as the years weighted by their joining groups (the run's ledger).
    List<se.finsam.disclosure.Line> lines = se.finsam.disclosure.RunLedger.at(warehouse.table(Zone.RESULTS,
        "disclosure/kommun-test"), spark.sparkContext().hadoopConfiguration()).prior("another-design").lines();
    se.finsam.disclosure.Line simple = lines.stream().filter(l -> l.population().equals("kommun/alla/sjukpenning"))
        .findFirst().orElseThrow(() -> new AssertionError("no simple-aggregate line among " + lines.size()));
    assertEquals("estimate/sjukpenning/alla/simple/overall", simple.keys().get(simple.keys().size() - 1));
    assertEquals(1.0, java.util.Arrays.stream(simple.weights()).sum() + 1.0, 1e-9, "the years' weights sum to one");
  }
}
