package se.finsam.linkage;

import static org.apache.spark.sql.functions.floor;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/** Month arithmetic on YYYYMM periods (ints), in Java for the driver and as Spark columns. */
public final class Periods {
  private Periods() {}

  public static int year(int period) {
    return period / 100;
  }

  public static int next(int period) {
    return period % 100 == 12 ? (period / 100 + 1) * 100 + 1 : period + 1;
  }

  /** Every month from..to inclusive. */
  public static List<Integer> range(int from, int to) {
    check(from);
    check(to);
    if (from > to) {
      throw new IllegalArgumentException("empty calendar: " + from + " is after " + to);
    }
    List<Integer> months = new ArrayList<>();
    for (int p = from; p <= to; p = next(p)) {
      months.add(p);
    }
    return months;
  }

  /** Months since {@code origin}, plus one: the origin itself is 1 (the panel's month_index). */
  public static int index(int period, int origin) {
    return (year(period) - year(origin)) * 12 + period % 100 - origin % 100 + 1;
  }

  /** {@link #index(int, int)} of a period column. */
  public static Column index(Column period, int origin) {
    return floor(period.divide(100)).minus(year(origin)).multiply(12)
        .plus(period.mod(100)).minus(origin % 100).plus(1).cast("int");
  }

  /** The YYYYMM period of a date column. */
  public static Column of(Column date) {
    return functions.year(date).multiply(100).plus(functions.month(date));
  }

  /** SQL expression of the first day of a period held in the named int column. */
  static String firstDaySql(String periodColumn) {
    return "make_date(cast(" + periodColumn + " / 100 as int), " + periodColumn + " % 100, 1)";
  }

  static void check(int period) {
    int m = period % 100;
    if (m < 1 || m > 12 || period < 100001) {
      throw new IllegalArgumentException("not a YYYYMM period: " + period);
    }
  }
}
