package se.finsam.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;
import scala.collection.JavaConverters;
import se.finsam.jobs.SparkJobGroups;
import se.finsam.spark.SharedSpark;

/** A table written under an earlier contract takes the deliveries of a contract with more columns. */
@ExtendWith(SharedSpark.class)
class DeltaTablesTest {
  private static final StructType BEFORE = new StructType()
      .add("pid", DataTypes.StringType, false).add("belopp", DataTypes.DoubleType, true);
  /** The contract later: an optional column in the middle. */
  private static final StructType AFTER = new StructType()
      .add("pid", DataTypes.StringType, false).add("arbetsform", DataTypes.StringType, true)
      .add("belopp", DataTypes.DoubleType, true);

  @TempDir
  Path tmp;

  @Test
  void anExistingTableGainsANewOptionalColumnAndKeepsItsRows(SparkSession spark) {
    String path = tmp.resolve("t").toString();
    DeltaTables.createIfMissing(spark, path, BEFORE, Map.of());
    DeltaTables.append(spark.createDataFrame(List.of(RowFactory.create("1", 10.0)), BEFORE), path, "d1");
    DeltaTables.createIfMissing(spark, path, AFTER, Map.of());
    DeltaTables.append(spark.createDataFrame(List.of(RowFactory.create("2", "EGET_FORETAG", 20.0)), AFTER), path, "d2");
    List<Row> rows = spark.read().format("delta").load(path).select("pid", "arbetsform", "belopp").orderBy("pid")
        .collectAsList();
    assertEquals(List.of(RowFactory.create("1", null, 10.0), RowFactory.create("2", "EGET_FORETAG", 20.0)), rows);
  }

  @Test
  void aNewRequiredColumnIsAnErrorNamingIt(SparkSession spark) {
    String path = tmp.resolve("t").toString();
    DeltaTables.createIfMissing(spark, path, BEFORE, Map.of());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> DeltaTables.createIfMissing(spark, path, BEFORE.add("kommun", DataTypes.StringType, false), Map.of()));
    assertTrue(e.getMessage().contains("lacks the required column kommun"), e.getMessage());
  }

  /**
   * Whether a delivery is loaded is read from the latest checksum file without a Spark job (a run over
   * loaded deliveries asks once per delivery), and agrees with Delta's own answer from the reconstructed state.
   */
  @Test
  void theLastVersionOfAnApplicationIdIsReadWithoutASparkJob(SparkSession spark) throws Exception {
    String path = tmp.resolve("t").toString();
    DeltaTables.createIfMissing(spark, path, BEFORE, Map.of());
    DeltaTables.append(spark.createDataFrame(List.of(RowFactory.create("1", 10.0)), BEFORE), path, "d1");
    DeltaTables.replaceWhere(spark.createDataFrame(List.of(RowFactory.create("1", 11.0)), BEFORE), path, "pid = '1'", "d1", 1);
    DeltaTables.append(spark.createDataFrame(List.of(RowFactory.create("2", 20.0)), BEFORE), path, "d2");
    DeltaLog.clearCache(); // as a new run finds the table: no snapshot in memory
    List<Optional<Long>> found = new ArrayList<>();
    List<String> jobs = SparkJobGroups.during(spark, () -> {
      for (String appId : List.of("d1", "d2", "d3")) {
        found.add(DeltaTables.lastVersion(spark, path, appId));
      }
    });
    assertEquals(List.of(Optional.of(1L), Optional.of(0L), Optional.empty()), found);
    assertEquals(List.of(), jobs);
    assertEquals(Map.of("d1", 1L, "d2", 0L), JavaConverters.mapAsJavaMap(
        DeltaLog.forTable(spark, path).update(false, Option.empty(), Option.empty()).transactions()));
  }
}
