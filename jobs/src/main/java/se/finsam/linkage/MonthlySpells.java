package se.finsam.linkage;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.unix_date;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Cuts spells at month boundaries (SPEC 4). Input columns: {@code pid, key, fran_datum, tom_datum,
 * omfattning, belopp} where {@code key} names what the spell counts towards (a benefit group such as
 * {@code sjp} or {@code sa}); a spell may appear under several keys. Output: one row per
 * {@code pid, key, period} a spell touches, with
 * <ul>
 *   <li>{@code dagar_brutto}: calendar days of the month covered by any spell of the key with an
 *       omfattning above 0;</li>
 *   <li>{@code dagar_netto}: the sum over those days of the highest omfattning that day, so overlapping
 *       spells are counted once per day (never more than the month's days);</li>
 *   <li>{@code omfattning}: dagar_netto / the month's days, capped at 1;</li>
 *   <li>{@code kr}: the spells' amounts prorated by their days in the month and summed (overlaps
 *       included: amounts are what was paid);</li>
 *   <li>{@code covered}: 1 when dagar_brutto is above 0, or with the last-day rule when a spell covers
 *       the month's last day.</li>
 * </ul>
 * An open spell (null {@code tom_datum}) runs to the end of the calendar and carries no amount; so does a
 * spell without a start (null {@code fran_datum}, which every contract forbids), from the calendar's start.
 * A spell is clipped to the calendar but prorated over its whole length.
 *
 * <p>One shuffle by {@code pid}, then each person's spells of a key are cut in plain Java: the days
 * between two consecutive spell starts or ends have one highest omfattning, counted month by month. As
 * Spark operators (windows over the key's omfattning levels, a row per spell and month, a hash
 * aggregation by person, key and month) the panel took over a quarter more executor CPU (linkage
 * README, "Spells in Java").
 */
public final class MonthlySpells {
  private static final StructType MONTHS = new StructType()
      .add("pid", DataTypes.LongType, false)
      .add("key", DataTypes.StringType, false)
      .add("period", DataTypes.IntegerType, false)
      .add("dagar_brutto", DataTypes.IntegerType, false)
      .add("dagar_netto", DataTypes.DoubleType, false)
      .add("omfattning", DataTypes.DoubleType, false)
      .add("kr", DataTypes.DoubleType, false)
      .add("covered", DataTypes.IntegerType, false);

  private MonthlySpells() {}

  public static Dataset<Row> toMonths(Dataset<Row> spells, int from, int to, boolean lastDayRule) {
    Periods.check(from);
    Periods.check(to);
    int calendarStart = (int) LocalDate.of(Periods.year(from), from % 100, 1).toEpochDay();
    int calendarEnd = (int) YearMonth.of(Periods.year(to), to % 100).atEndOfMonth().toEpochDay();
    return spells
        .select(col("pid"), col("key"), unix_date(col("fran_datum")).as("fran"), unix_date(col("tom_datum")).as("tom"),
            col("omfattning").cast("double"), col("belopp").cast("double"))
        .filter(col("pid").isNotNull().and(col("key").isNotNull()))
        .repartition(col("pid"))
        .sortWithinPartitions("pid", "key")
        .mapPartitions(new Cutter(calendarStart, calendarEnd, lastDayRule), Encoders.row(MONTHS));
  }

  /** Cuts the spells of each person and key (consecutive rows of a partition sorted by both) into months. */
  private static final class Cutter implements MapPartitionsFunction<Row, Row>, Serializable {
    private final int calendarStart;
    private final int calendarEnd;
    private final boolean lastDayRule;

    Cutter(int calendarStart, int calendarEnd, boolean lastDayRule) {
      this.calendarStart = calendarStart;
      this.calendarEnd = calendarEnd;
      this.lastDayRule = lastDayRule;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      return SortedGroups.flatMap(rows,
          (first, row) -> first.getLong(0) == row.getLong(0) && first.getString(1).equals(row.getString(1)), this::cut);
    }

    private Iterator<Row> cut(List<Row> spells) {
      Months months = new Months();
      List<int[]> days = new ArrayList<>();
      List<Double> levels = new ArrayList<>();
      for (Row spell : spells) {
        add(spell, months, days, levels);
      }
      countDays(days, levels, months);
      return months.rows(spells.get(0).getLong(0), spells.get(0).getString(1), lastDayRule).iterator();
    }

    /** Adds a spell's amounts and last days; keeps its clipped days when it has an omfattning above 0. */
    private void add(Row spell, Months months, List<int[]> days, List<Double> levels) {
      boolean noStart = spell.isNullAt(2);
      boolean open = spell.isNullAt(3);
      int s = noStart ? calendarStart : Math.max(spell.getInt(2), calendarStart);
      int e = open ? calendarEnd : Math.min(spell.getInt(3), calendarEnd);
      if (s > e) {
        return;
      }
      double belopp = open || noStart || spell.isNullAt(5) ? 0.0 : spell.getDouble(5);
      long length = open || noStart ? 1 : (long) spell.getInt(3) - spell.getInt(2) + 1;
      months.forEachMonth(s, e, (slot, partDays, lastDay) -> {
        slot[Months.KR] += belopp * partDays / length;
        if (lastDay) {
          slot[Months.LAST_DAY] = 1;
        }
      });
      if (!spell.isNullAt(4) && spell.getDouble(4) > 0) {
        days.add(new int[] {s, e});
        levels.add(spell.getDouble(4));
      }
    }

    /** Brutto and netto days: between consecutive starts and ends of spells, one highest omfattning. */
    private static void countDays(List<int[]> spells, List<Double> levels, Months months) {
      int[] bounds = new int[spells.size() * 2];
      for (int i = 0; i < spells.size(); i++) {
        bounds[2 * i] = spells.get(i)[0];
        bounds[2 * i + 1] = spells.get(i)[1] + 1;
      }
      Arrays.sort(bounds);
      for (int b = 0; b + 1 < bounds.length; b++) {
        int from = bounds[b];
        int to = bounds[b + 1] - 1;
        if (from > to) {
          continue;
        }
        double highest = 0;
        for (int i = 0; i < spells.size(); i++) {
          if (spells.get(i)[0] <= from && spells.get(i)[1] >= from) {
            highest = Math.max(highest, levels.get(i));
          }
        }
        if (highest > 0) {
          double level = highest;
          months.forEachMonth(from, to, (slot, partDays, lastDay) -> {
            slot[Months.BRUTTO] += partDays;
            slot[Months.NETTO] += partDays * level;
          });
        }
      }
    }
  }

  /** One person's and key's months, by YYYYMM period: kronor, brutto and netto days, whether a spell covers the last day. */
  private static final class Months {
    static final int KR = 0;
    static final int BRUTTO = 1;
    static final int NETTO = 2;
    static final int LAST_DAY = 3;
    private final Map<Integer, double[]> byPeriod = new TreeMap<>();

    interface Part {
      void add(double[] slot, int days, boolean lastDay);
    }

    /** Calls {@code part} for each month of the days {@code from..to} (epoch days) with that month's slot. */
    void forEachMonth(int from, int to, Part part) {
      int day = from;
      while (day <= to) {
        LocalDate date = LocalDate.ofEpochDay(day);
        int monthEnd = day + date.lengthOfMonth() - date.getDayOfMonth();
        int end = Math.min(to, monthEnd);
        part.add(byPeriod.computeIfAbsent(date.getYear() * 100 + date.getMonthValue(), p -> new double[4]),
            end - day + 1, end == monthEnd);
        day = end + 1;
      }
    }

    List<Row> rows(long pid, String key, boolean lastDayRule) {
      List<Row> rows = new ArrayList<>(byPeriod.size());
      byPeriod.forEach((period, slot) -> {
        int monthDays = YearMonth.of(period / 100, period % 100).lengthOfMonth();
        int brutto = (int) slot[BRUTTO];
        int covered = lastDayRule ? (int) slot[LAST_DAY] : brutto > 0 ? 1 : 0;
        rows.add(RowFactory.create(pid, key, period, brutto, slot[NETTO], Math.min(slot[NETTO] / monthDays, 1.0),
            slot[KR], covered));
      });
      return rows;
    }
  }
}
