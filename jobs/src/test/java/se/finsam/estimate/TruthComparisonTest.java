package se.finsam.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.finsam.spark.SharedSpark;

@ExtendWith(SharedSpark.class)
class TruthComparisonTest {

  @Test
  void theTruthOfTheSimpleAttWeightsEventMonthsLikeTheEstimator(SparkSession spark) {
    StructType cells = new StructType().add("outcome", DataTypes.StringType).add("event_time", DataTypes.IntegerType)
        .add("n_treated", DataTypes.LongType);
    // Group A (30 persons) has post cells at event times 0 and 1, group B (10 persons) at 0 only;
    // the pre cell (-1) does not enter.
    var attGt = spark.createDataFrame(List.of(
        RowFactory.create("y", -1, 30L), RowFactory.create("y", 0, 30L), RowFactory.create("y", 1, 30L),
        RowFactory.create("y", 0, 10L)), cells);
    StructType truthSchema = new StructType().add("outcome", DataTypes.StringType)
        .add("event_month", DataTypes.IntegerType).add("att", DataTypes.DoubleType);
    var truth = spark.createDataFrame(List.of(
        RowFactory.create("y", -1, 99.0), RowFactory.create("y", 0, 1.0), RowFactory.create("y", 1, 3.0)), truthSchema);

    Row r = TruthComparison.trueSimpleAtt(attGt, truth).first();

    // (30*1 + 30*3 + 10*1) / (30 + 30 + 10) = 130 / 70
    assertEquals("y", r.getString(0));
    assertEquals(130.0 / 70.0, r.getDouble(1), 1e-12);
    assertEquals(3L, r.getLong(2));
  }
}
