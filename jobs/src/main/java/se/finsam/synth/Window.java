package se.finsam.synth;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * The generated calendar {@code from..to} (YYYYMM). Months are addressed by a 0-based index
 * {@code m}; {@link #absolute(int)} gives {@code year * 12 + month - 1} for arithmetic across years.
 */
public record Window(int from, int to) implements Serializable {
  public Window {
    if (to < from) {
      throw new IllegalArgumentException("synthetic window ends (" + to + ") before it starts (" + from + ")");
    }
  }

  public int months() {
    return toAbsolute(to) - toAbsolute(from) + 1;
  }

  public static int toAbsolute(int yyyymm) {
    return (yyyymm / 100) * 12 + (yyyymm % 100) - 1;
  }

  public static int toPeriod(int absolute) {
    return (absolute / 12) * 100 + absolute % 12 + 1;
  }

  public int absolute(int m) {
    return toAbsolute(from) + m;
  }

  /** Month index of an absolute month (may be outside 0..months-1). */
  public int index(int absolute) {
    return absolute - toAbsolute(from);
  }

  public int period(int m) {
    return toPeriod(absolute(m));
  }

  public int year(int m) {
    return absolute(m) / 12;
  }

  public YearMonth yearMonth(int m) {
    int abs = absolute(m);
    return YearMonth.of(abs / 12, abs % 12 + 1);
  }

  public LocalDate firstDay() {
    return yearMonth(0).atDay(1);
  }

  public LocalDate lastDay() {
    return yearMonth(months() - 1).atEndOfMonth();
  }

  public int fromYear() {
    return from / 100;
  }

  public int toYear() {
    return to / 100;
  }
}
