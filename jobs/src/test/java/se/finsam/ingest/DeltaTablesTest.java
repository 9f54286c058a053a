package se.finsam.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
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
    DeltaTables.createIfMissing(spark, path, BEFORE);
    DeltaTables.append(spark.createDataFrame(List.of(RowFactory.create("1", 10.0)), BEFORE), path, "d1");
    DeltaTables.createIfMissing(spark, path, AFTER);
    DeltaTables.append(spark.createDataFrame(List.of(RowFactory.create("2", "EGET_FORETAG", 20.0)), AFTER), path, "d2");
    List<Row> rows = spark.read().format("delta").load(path).select("pid", "arbetsform", "belopp").orderBy("pid")
        .collectAsList();
    assertEquals(List.of(RowFactory.create("1", null, 10.0), RowFactory.create("2", "EGET_FORETAG", 20.0)), rows);
  }

  @Test
  void aNewRequiredColumnIsAnErrorNamingIt(SparkSession spark) {
    String path = tmp.resolve("t").toString();
    DeltaTables.createIfMissing(spark, path, BEFORE);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> DeltaTables.createIfMissing(spark, path, BEFORE.add("kommun", DataTypes.StringType, false)));
    assertTrue(e.getMessage().contains("lacks the required column kommun"), e.getMessage());
  }
}
