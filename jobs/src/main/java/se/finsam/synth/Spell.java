package se.finsam.synth;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * A spell cut from a run of consecutive months in a state: it starts on some day of its first month and
 * ends on some day of its last month (days drawn from the run's first month, so both potential worlds
 * agree where their runs agree). {@code open} spells reach the end of the window and have no end yet.
 */
record Spell(int startM, int endM, LocalDate from, LocalDate to, boolean open, long key) {

  static List<Spell> runs(boolean[] state, Window w, long seed, long pid, long purpose) {
    return runs(state, null, w, seed, pid, purpose);
  }

  /**
   * Runs of {@code state}; where the other potential world is on in the month before a run starts (after it
   * ends), the run starts on the first day (ends on the last day) of its month, so that the two worlds
   * cover the same days in every month in which their states agree, e.g. every month before treatment.
   */
  static List<Spell> runs(boolean[] state, boolean[] other, Window w, long seed, long pid, long purpose) {
    List<Spell> out = new ArrayList<>();
    int n = state.length;
    int m = 0;
    while (m < n) {
      if (!state[m]) {
        m++;
        continue;
      }
      int start = m;
      while (m + 1 < n && state[m + 1]) {
        m++;
      }
      int end = m;
      long key = Rng.hash(seed, pid, purpose, w.absolute(start));
      YearMonth first = w.yearMonth(start);
      YearMonth last = w.yearMonth(end);
      boolean otherBefore = other != null && start > 0 && other[start - 1];
      boolean otherAfter = other != null && end < n - 1 && other[end + 1];
      int startDay = start == 0 || otherBefore ? 1 : 1 + (int) Math.floorMod(key, (long) first.lengthOfMonth());
      boolean open = end == n - 1;
      LocalDate from = first.atDay(startDay);
      LocalDate to;
      long endKey = Rng.hash(seed, pid, purpose + 1, w.absolute(end));
      if (open || otherAfter) {
        to = last.atEndOfMonth();
      } else if (start == end) {
        to = first.atDay(startDay + (int) Math.floorMod(endKey, (long) (first.lengthOfMonth() - startDay + 1)));
      } else {
        to = last.atDay(1 + (int) Math.floorMod(endKey, (long) last.lengthOfMonth()));
      }
      out.add(new Spell(start, end, from, to, open, key));
      m++;
    }
    return out;
  }

  /** Calendar days of this spell inside month m. */
  int days(int m, Window w) {
    if (m < startM || m > endM) {
      return 0;
    }
    YearMonth month = w.yearMonth(m);
    LocalDate a = from.isAfter(month.atDay(1)) ? from : month.atDay(1);
    LocalDate b = to.isBefore(month.atEndOfMonth()) ? to : month.atEndOfMonth();
    return (int) (b.toEpochDay() - a.toEpochDay() + 1);
  }

  int totalDays() {
    return (int) (to.toEpochDay() - from.toEpochDay() + 1);
  }

  /** A deterministic choice among n options for this spell. */
  int pick(int n, int salt) {
    return (int) Math.floorMod(Rng.mix64(key + salt), (long) n);
  }

  double uniform(int salt) {
    return (Rng.mix64(key + salt) >>> 11) * 0x1.0p-53;
  }
}
