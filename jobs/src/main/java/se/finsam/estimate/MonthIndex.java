package se.finsam.estimate;

import com.typesafe.config.Config;

/** The panel's time variable: month_index = months since the panel's first month, which is 1. */
public record MonthIndex(int firstPeriod) {

  public static MonthIndex from(Config config) {
    return new MonthIndex(config.getInt("finsam.panel.from"));
  }

  /** month_index of a YYYYMM period. */
  public int of(int period) {
    return (period / 100 - firstPeriod / 100) * 12 + (period % 100 - firstPeriod % 100) + 1;
  }
}
