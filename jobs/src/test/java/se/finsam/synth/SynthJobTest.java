package se.finsam.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.finsam.config.ConfigLoader;
import se.finsam.cli.Finsam;
import se.finsam.jobs.JobRunner;
import se.finsam.schemas.Contracts;
import se.finsam.schemas.TableContract;
import se.finsam.spark.SharedSpark;

/** The job from its command line, writing Parquet deliveries into the warehouse's raw zone. */
@ExtendWith(SharedSpark.class)
class SynthJobTest {
  @Test
  void writesParquetDeliveriesIntoTheRawZone(SparkSession spark) throws Exception {
    assertTrue(Finsam.job("synth").isPresent());
    Path warehouse = Files.createTempDirectory("synth-job");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new JobRunner(new ConfigLoader(Map.of(), getClass().getClassLoader()), config -> spark,
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err))
        .execute(new SynthJob(), new String[] {"--warehouse", warehouse.toString(), "--persons", "60",
            "--format", "parquet", "--partitions", "3", "--seed", "11", "--from", "201801", "--to", "202212"});
    assertEquals(0, code, err.toString());
    for (TableContract contract : Contracts.ALL) {
      Path dir = RawDeliveries.deliveryDir(warehouse.resolve("raw"), contract, 1);
      assertEquals("parquet", RawDeliveries.manifest(dir).get("format").asText());
      Dataset<Row> rows = spark.read().parquet(dir.toString() + "/part-*");
      assertEquals(contract.columnNames(), java.util.Arrays.asList(rows.columns()), contract.name());
      for (StructField f : rows.schema().fields()) {
        assertEquals(DataTypes.StringType, f.dataType(), contract.name() + "." + f.name());
      }
      long declared = 0;
      for (var file : RawDeliveries.manifest(dir).get("files")) {
        declared += file.get("rows").asLong();
      }
      assertEquals(rows.count(), declared, contract.name());
    }
    // The window was narrowed: no AGI before 2019, no job register rows after 2018, nothing after 2022.
    Path agi = RawDeliveries.deliveryDir(warehouse.resolve("raw"), Contracts.SCB_AGI_MANAD, 1);
    assertEquals(201901, RawDeliveries.manifest(agi).get("period_from").asInt());
    assertEquals(202212, RawDeliveries.manifest(agi).get("period_to").asInt());
    assertTrue(Files.exists(warehouse.resolve("raw/_truth/att_overall")));
  }
}
