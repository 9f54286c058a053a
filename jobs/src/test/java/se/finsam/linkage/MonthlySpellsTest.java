package se.finsam.linkage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static se.finsam.linkage.CuratedRows.d;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
class MonthlySpellsTest {
  private static final StructType SPELLS = new StructType()
      .add("pid", DataTypes.LongType).add("key", DataTypes.StringType)
      .add("fran_datum", DataTypes.DateType).add("tom_datum", DataTypes.DateType)
      .add("omfattning", DataTypes.DoubleType).add("belopp", DataTypes.DoubleType);

  private static Map<Integer, Row> byPeriod(Dataset<Row> months) {
    return months.collectAsList().stream().collect(Collectors.toMap(r -> r.getInt(r.fieldIndex("period")), r -> r));
  }

  @Test
  void halfTimeSpellCrossingTwoMonthBoundaries(SparkSession spark) {
    // 2020-01-20..2020-03-10 = 12 + 29 (leap February) + 10 = 51 days; 5100 kr = 100 kr a day.
    Dataset<Row> spells = spark.createDataFrame(List.of(
        RowFactory.create(1L, "sjp", d("2020-01-20"), d("2020-03-10"), 0.5, 5100.0)), SPELLS);
    Map<Integer, Row> m = byPeriod(MonthlySpells.toMonths(spells, 201501, 202404, false));
    assertEquals(3, m.size());
    assertMonth(m.get(202001), 12, 6.0, 6.0 / 31, 1200.0, 1);
    assertMonth(m.get(202002), 29, 14.5, 0.5, 2900.0, 1);
    assertMonth(m.get(202003), 10, 5.0, 5.0 / 31, 1000.0, 1);

    Map<Integer, Row> lastDay = byPeriod(MonthlySpells.toMonths(spells, 201501, 202404, true));
    assertEquals(1, lastDay.get(202001).getInt(lastDay.get(202001).fieldIndex("covered")));
    assertEquals(1, lastDay.get(202002).getInt(lastDay.get(202002).fieldIndex("covered")));
    assertEquals(0, lastDay.get(202003).getInt(lastDay.get(202003).fieldIndex("covered")), "ends on the 10th");
  }

  @Test
  void overlappingSpellsCountDaysOnceAtTheHighestOmfattningAndSumAmounts(SparkSession spark) {
    // A: 1-20 March at 0.5 (2000 kr); B: 11-31 March at 1.0 (2100 kr).
    // Days 1-10: 0.5 each = 5; days 11-20: max(0.5, 1) = 10; days 21-31: 1 = 11. Netto 26, brutto 31.
    Dataset<Row> spells = spark.createDataFrame(List.of(
        RowFactory.create(7L, "sjp", d("2021-03-01"), d("2021-03-20"), 0.5, 2000.0),
        RowFactory.create(7L, "sjp", d("2021-03-11"), d("2021-03-31"), 1.0, 2100.0)), SPELLS);
    Map<Integer, Row> m = byPeriod(MonthlySpells.toMonths(spells, 201501, 202404, false));
    assertEquals(1, m.size());
    assertMonth(m.get(202103), 31, 26.0, 26.0 / 31, 4100.0, 1);
  }

  @Test
  void spellsAreClippedToTheCalendarButProratedOverTheirWholeLength(SparkSession spark) {
    // 2014-12-22..2015-01-10 = 10 + 10 days, 2000 kr: only January 2015 is in the calendar, 1000 kr.
    Dataset<Row> spells = spark.createDataFrame(List.of(
        RowFactory.create(3L, "se", d("2014-12-22"), d("2015-01-10"), 1.0, 2000.0)), SPELLS);
    Map<Integer, Row> m = byPeriod(MonthlySpells.toMonths(spells, 201501, 202404, false));
    assertEquals(1, m.size());
    assertMonth(m.get(201501), 10, 10.0, 10.0 / 31, 1000.0, 1);
  }

  private static void assertMonth(Row r, int brutto, double netto, double omfattning, double kr, int covered) {
    assertEquals(brutto, r.getInt(r.fieldIndex("dagar_brutto")), "dagar_brutto");
    assertEquals(netto, r.getDouble(r.fieldIndex("dagar_netto")), 1e-9, "dagar_netto");
    assertEquals(omfattning, r.getDouble(r.fieldIndex("omfattning")), 1e-9, "omfattning");
    assertEquals(kr, r.getDouble(r.fieldIndex("kr")), 1e-6, "kr");
    assertEquals(covered, r.getInt(r.fieldIndex("covered")), "covered");
  }
}
