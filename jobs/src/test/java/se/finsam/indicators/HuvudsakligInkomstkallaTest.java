package se.finsam.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
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
class HuvudsakligInkomstkallaTest {

  /** One person-month with amounts for ARBETE, STUDIER, SJUKDOM, EKONOMISKT_STOD, the rest 0. */
  private static Row hi(SparkSession spark, boolean largest, double arbete, double studier, double sjukdom, double stod) {
    StructType schema = new StructType();
    List<Object> values = new ArrayList<>();
    for (HiCategory c : HiCategory.values()) {
      if (c == HiCategory.SAKNAR_INKOMST) {
        continue;
      }
      schema = schema.add(c.amountColumn(), DataTypes.DoubleType);
      values.add(switch (c) {
        case ARBETE -> arbete;
        case STUDIER -> studier;
        case SJUKDOM -> sjukdom;
        case EKONOMISKT_STOD -> stod;
        default -> 0.0;
      });
    }
    Dataset<Row> in = spark.createDataFrame(List.of(RowFactory.create(values.toArray())), schema);
    return HuvudsakligInkomstkalla.apply(in, largest).collectAsList().get(0);
  }

  private static double d(Row r, String c) {
    return r.getDouble(r.fieldIndex(c));
  }

  private static int i(Row r, String c) {
    return r.getInt(r.fieldIndex(c));
  }

  @Test
  void tieGoesToTheEarlierCategoryAndHalfIsNotOverHalf(SparkSession spark) {
    // 5 000 arbete and 5 000 sjukdom: both shares 0.5, neither above half; ARBETE comes first in the order.
    Row r = hi(spark, true, 5000, 0, 5000, 0);
    assertEquals("ARBETE", r.getString(r.fieldIndex("hi")));
    assertEquals(0.5, d(r, "andel_arbete"), 1e-12);
    assertEquals(0.5, d(r, "andel_sjukdom"), 1e-12);
    assertEquals(0, i(r, "hi_arbete"));
    assertEquals(0, i(r, "hi_sjukdom"));
    assertEquals(0, i(r, "hi_over_halften"));
    assertEquals(10000.0, d(r, "inkomst_total"), 1e-9);
  }

  @Test
  void noIncomeIsSaknarInkomst(SparkSession spark) {
    Row r = hi(spark, true, 0, 0, 0, 0);
    assertEquals("SAKNAR_INKOMST", r.getString(r.fieldIndex("hi")));
    for (HiCategory c : HiCategory.values()) {
      assertEquals(0.0, d(r, c.shareColumn()), 0.0, c.shareColumn());
    }
    assertEquals(1, i(r, "hi_saknar_inkomst"));
    assertEquals(0, i(r, "hi_arbete"));
    assertEquals(1, i(r, "hi_over_halften"));
  }

  @Test
  void noCategoryAboveHalf(SparkSession spark) {
    // 4 000 / 3 000 / 3 000 of 10 000: shares 0.4, 0.3, 0.3. Largest reading: ARBETE; strict: none.
    Row r = hi(spark, true, 4000, 3000, 0, 3000);
    assertEquals("ARBETE", r.getString(r.fieldIndex("hi")));
    assertEquals(0.4, d(r, "andel_arbete"), 1e-12);
    assertEquals(0.3, d(r, "andel_studier"), 1e-12);
    assertEquals(0.3, d(r, "andel_ekonomiskt_stod"), 1e-12);
    assertEquals(0, i(r, "hi_arbete") + i(r, "hi_studier") + i(r, "hi_ekonomiskt_stod"));
    assertEquals(0, i(r, "hi_over_halften"));
    Row strict = hi(spark, false, 4000, 3000, 0, 3000);
    assertNull(strict.get(strict.fieldIndex("hi")));
  }

  @Test
  void aCategoryAboveHalfIsBothReadings(SparkSession spark) {
    // 6 000 of 8 000 = 0.75 from ekonomiskt stöd.
    for (boolean largest : new boolean[] {true, false}) {
      Row r = hi(spark, largest, 2000, 0, 0, 6000);
      assertEquals("EKONOMISKT_STOD", r.getString(r.fieldIndex("hi")));
      assertEquals(0.75, d(r, "andel_ekonomiskt_stod"), 1e-12);
      assertEquals(1, i(r, "hi_ekonomiskt_stod"));
      assertEquals(1, i(r, "hi_over_halften"));
    }
  }
}
