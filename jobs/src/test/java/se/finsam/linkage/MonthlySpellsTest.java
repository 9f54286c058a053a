package se.finsam.linkage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.finsam.linkage.CuratedRows.d;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
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

  @Test
  void aSpellWithoutAStartRunsFromTheCalendarsStartWithoutAnAmount(SparkSession spark) {
    // No fran_datum (every contract forbids it): from 2015-01-01 to 2015-02-10 at 0.5, its 4000 kr not prorated.
    Dataset<Row> spells = spark.createDataFrame(List.of(
        RowFactory.create(4L, "sa", null, d("2015-02-10"), 0.5, 4000.0)), SPELLS);
    Map<Integer, Row> m = byPeriod(MonthlySpells.toMonths(spells, 201501, 202404, false));
    assertEquals(2, m.size());
    assertMonth(m.get(201501), 31, 15.5, 0.5, 0.0, 1);
    assertMonth(m.get(201502), 10, 5.0, 5.0 / 28, 0.0, 1);
  }

  /**
   * Random spells of random persons and keys, with overlaps, open and zero-omfattning spells and spells
   * beyond the calendar, against the definition computed day by day: brutto the days covered by a spell of
   * omfattning above 0, netto the sum over them of the day's highest omfattning, kr each spell's amount
   * prorated by its days, covered by either rule.
   */
  @Test
  void randomSpellsMatchTheDefinitionDayByDay(SparkSession spark) {
    Random random = new Random(20261207);
    LocalDate calendarStart = LocalDate.of(2015, 1, 1);
    LocalDate calendarEnd = LocalDate.of(2024, 4, 30);
    double[] levels = {0.0, 0.25, 0.5, 0.75, 1.0};
    List<Row> rows = new ArrayList<>();
    for (long pid = 0; pid < 150; pid++) {
      for (String key : List.of("sjp", "sa")) {
        int spells = random.nextInt(6);
        for (int i = 0; i < spells; i++) {
          LocalDate from = LocalDate.of(2014, 6, 1).plusDays(random.nextInt(3900));
          LocalDate tom = random.nextInt(10) == 0 ? null : from.plusDays(random.nextInt(random.nextBoolean() ? 40 : 900));
          rows.add(RowFactory.create(pid, key, Date.valueOf(from), tom == null ? null : Date.valueOf(tom),
              levels[random.nextInt(levels.length)], (double) random.nextInt(100_000)));
        }
      }
    }
    Dataset<Row> spells = spark.createDataFrame(rows, SPELLS);
    for (boolean lastDayRule : new boolean[] {false, true}) {
      Map<String, double[]> expected = byDay(rows, calendarStart, calendarEnd, lastDayRule);
      Map<String, Row> actual = MonthlySpells.toMonths(spells, 201501, 202404, lastDayRule).collectAsList().stream()
          .collect(Collectors.toMap(r -> r.getLong(0) + "/" + r.getString(1) + "/" + r.getInt(r.fieldIndex("period")), r -> r));
      Set<String> missing = new TreeSet<>(expected.keySet());
      missing.removeAll(actual.keySet());
      Set<String> extra = new TreeSet<>(actual.keySet());
      extra.removeAll(expected.keySet());
      assertTrue(missing.isEmpty() && extra.isEmpty(), "months missing " + first(missing) + ", extra " + first(extra));
      assertTrue(expected.size() > 1000, "too few months to be a test: " + expected.size());
      for (Map.Entry<String, double[]> e : expected.entrySet()) {
        double[] x = e.getValue();
        Row r = actual.get(e.getKey());
        String at = e.getKey() + (lastDayRule ? " (last-day rule)" : "");
        assertEquals((int) x[0], r.getInt(r.fieldIndex("dagar_brutto")), at + " dagar_brutto");
        assertEquals(x[1], r.getDouble(r.fieldIndex("dagar_netto")), 1e-9, at + " dagar_netto");
        assertEquals(Math.min(x[1] / x[4], 1.0), r.getDouble(r.fieldIndex("omfattning")), 1e-9, at + " omfattning");
        assertEquals(x[2], r.getDouble(r.fieldIndex("kr")), 1e-6 * Math.max(1, x[2]), at + " kr");
        assertEquals((int) x[3], r.getInt(r.fieldIndex("covered")), at + " covered");
      }
    }
  }

  private static List<String> first(Set<String> keys) {
    return keys.stream().limit(5).toList();
  }

  /** Per person/key/period: brutto, netto, kr, covered, the month's days; computed day by day. */
  private static Map<String, double[]> byDay(List<Row> spells, LocalDate calendarStart, LocalDate calendarEnd,
      boolean lastDayRule) {
    Map<String, double[]> months = new HashMap<>();
    Map<String, Double> highest = new HashMap<>();
    for (Row spell : spells) {
      LocalDate from = spell.getDate(2).toLocalDate();
      LocalDate tom = spell.isNullAt(3) ? null : spell.getDate(3).toLocalDate();
      LocalDate s = from.isAfter(calendarStart) ? from : calendarStart;
      LocalDate e = tom == null || tom.isAfter(calendarEnd) ? calendarEnd : tom;
      double omfattning = spell.getDouble(4);
      double perDay = tom == null ? 0 : spell.getDouble(5) / (tom.toEpochDay() - from.toEpochDay() + 1);
      for (LocalDate day = s; !day.isAfter(e); day = day.plusDays(1)) {
        String month = spell.getLong(0) + "/" + spell.getString(1) + "/" + (day.getYear() * 100 + day.getMonthValue());
        double[] m = months.computeIfAbsent(month, k -> new double[5]);
        m[2] += perDay;
        m[4] = day.lengthOfMonth();
        if (lastDayRule && day.getDayOfMonth() == day.lengthOfMonth()) {
          m[3] = 1;
        }
        if (omfattning > 0) {
          highest.merge(month + "/" + day.getDayOfMonth(), omfattning, Math::max);
        }
      }
    }
    for (Map.Entry<String, Double> day : highest.entrySet()) {
      double[] m = months.get(day.getKey().substring(0, day.getKey().lastIndexOf('/')));
      m[0] += 1;
      m[1] += day.getValue();
      if (!lastDayRule) {
        m[3] = 1;
      }
    }
    return months;
  }

  private static void assertMonth(Row r, int brutto, double netto, double omfattning, double kr, int covered) {
    assertEquals(brutto, r.getInt(r.fieldIndex("dagar_brutto")), "dagar_brutto");
    assertEquals(netto, r.getDouble(r.fieldIndex("dagar_netto")), 1e-9, "dagar_netto");
    assertEquals(omfattning, r.getDouble(r.fieldIndex("omfattning")), 1e-9, "omfattning");
    assertEquals(kr, r.getDouble(r.fieldIndex("kr")), 1e-6, "kr");
    assertEquals(covered, r.getInt(r.fieldIndex("covered")), "covered");
  }
}
