package se.finsam.linkage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.finsam.spark.SharedSpark;

@ExtendWith(SharedSpark.class)
class PersonMonthsTest {
  private static final StructType POPULATION = new StructType()
      .add("pid", DataTypes.LongType).add("startgrupp", DataTypes.IntegerType)
      .add("group_period", DataTypes.IntegerType).add("fodelsear", DataTypes.IntegerType)
      .add("exit_period", DataTypes.IntegerType).add("kon", DataTypes.StringType);

  @Test
  void everyPersonGetsEveryMonthWithTheFactsOfItsSourcesAndZeroElsewhere(SparkSession spark) {
    Dataset<Row> population = spark.createDataFrame(List.of(
        RowFactory.create(1L, 1, 201912, 1980, null, "K"),
        RowFactory.create(2L, 2, 0, null, 202001, "M")), POPULATION);
    // Two rows of one source in one month, each setting its own column (like MiDaS's benefit groups);
    // a month outside the calendar and a person outside the population fall away.
    Dataset<Row> spells = spark.createDataFrame(List.of(
        RowFactory.create(1L, 201912, 10, null),
        RowFactory.create(1L, 201912, null, 250.5),
        RowFactory.create(1L, 202002, 3, 20.0),
        RowFactory.create(1L, 202003, 7, 1.0),
        RowFactory.create(9L, 201912, 4, 4.0)),
        new StructType().add("pid", DataTypes.LongType).add("period", DataTypes.IntegerType)
            .add("sjp_dagar", DataTypes.IntegerType).add("sjp_kr", DataTypes.DoubleType));
    Dataset<Row> wages = spark.createDataFrame(List.of(
        RowFactory.create(2L, 202001, 30000.0)),
        new StructType().add("pid", DataTypes.LongType).add("period", DataTypes.IntegerType)
            .add("lon_kr", DataTypes.DoubleType));

    Dataset<Row> combined = PersonMonths.combine(population, List.of(spells, wages), 201912, 202002);

    assertEquals(List.of("pid", "period", "startgrupp", "group_period", "fodelsear", "exit_period",
        "sjp_dagar", "sjp_kr", "lon_kr"), List.of(combined.columns()));
    assertEquals(DataTypes.IntegerType, combined.schema().apply("sjp_dagar").dataType());
    StructType schema = combined.schema();
    Dataset<Row> expected = spark.createDataFrame(List.of(
        RowFactory.create(1L, 201912, 1, 201912, 1980, null, 10, 250.5, 0.0),
        RowFactory.create(1L, 202001, 1, 201912, 1980, null, 0, 0.0, 0.0),
        RowFactory.create(1L, 202002, 1, 201912, 1980, null, 3, 20.0, 0.0),
        RowFactory.create(2L, 201912, 2, 0, null, 202001, 0, 0.0, 0.0),
        RowFactory.create(2L, 202001, 2, 0, null, 202001, 0, 0.0, 30000.0),
        RowFactory.create(2L, 202002, 2, 0, null, 202001, 0, 0.0, 0.0)), schema);
    SharedSpark.assertDataFrameEquals(expected, combined.orderBy("pid", "period"), 1e-12);
  }

  @Test
  void twoSourcesMayNotSetTheSameColumn(SparkSession spark) {
    Dataset<Row> population = spark.createDataFrame(List.of(RowFactory.create(1L, 1, 201912, 1980, null, "K")), POPULATION);
    StructType facts = new StructType().add("pid", DataTypes.LongType).add("period", DataTypes.IntegerType)
        .add("lon_kr", DataTypes.DoubleType);
    Dataset<Row> one = spark.createDataFrame(List.of(RowFactory.create(1L, 201912, 1.0)), facts);
    assertThrows(IllegalArgumentException.class, () -> PersonMonths.combine(population, List.of(one, one), 201912, 201912));
  }
}
