package se.finsam.linkage;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import se.finsam.linkage.PanelSettings.GroupPeriod;

/**
 * Start groups (startgrupper, SPEC 6; seed 002 appendix "Metod"): treatment months cut into K groups
 * of consecutive months. Built from the number of persons per treatment month only (a few dozen
 * numbers on the driver, never person rows). The last group K is comparison-only: its group_period is
 * 0 (never treated) and the panel drops its person-months from its own first month on.
 *
 * @param starts the first treatment month of groups 1..K, ascending
 * @param counts persons per treatment month (for the median period)
 */
public record StartGroups(List<Integer> starts, SortedMap<Integer, Long> counts) {

  public StartGroups {
    starts = List.copyOf(starts);
    counts = new TreeMap<>(counts);
    for (int i = 1; i < starts.size(); i++) {
      if (starts.get(i) <= starts.get(i - 1)) {
        throw new IllegalArgumentException("start group cuts must ascend: " + starts);
      }
    }
  }

  /**
   * Equal-count rule: the cut after group k falls where the cumulative count is closest to k·N/K
   * (ties: the earlier month), every group keeping at least one month.
   */
  public static StartGroups equalCount(SortedMap<Integer, Long> counts, int k) {
    List<Integer> months = new ArrayList<>(counts.keySet());
    if (months.size() < k) {
      throw new IllegalArgumentException("cannot cut " + months.size() + " treatment months into " + k
          + " start groups; lower finsam.panel.startgrupp.count or give explicit cuts");
    }
    long[] cumulative = new long[months.size()];
    long running = 0;
    for (int i = 0; i < months.size(); i++) {
      running += counts.get(months.get(i));
      cumulative[i] = running;
    }
    double total = running;
    List<Integer> starts = new ArrayList<>(List.of(months.get(0)));
    int lastOfPrevious = -1;
    for (int group = 1; group < k; group++) {
      double target = total * group / k;
      int best = lastOfPrevious + 1;
      for (int i = lastOfPrevious + 1; i <= months.size() - 1 - (k - group); i++) {
        if (Math.abs(cumulative[i] - target) < Math.abs(cumulative[best] - target)) {
          best = i;
        }
      }
      lastOfPrevious = best;
      starts.add(months.get(best + 1));
    }
    return new StartGroups(starts, counts);
  }

  /** Explicit cuts: the first months of groups 2..K. */
  public static StartGroups fromCuts(SortedMap<Integer, Long> counts, List<Integer> cuts) {
    int earliest = counts.firstKey();
    if (cuts.get(0) <= earliest) {
      throw new IllegalArgumentException("the first cut " + cuts.get(0) + " is not after the earliest treatment month "
          + earliest + ": group 1 would be empty (finsam.panel.startgrupp.cuts)");
    }
    List<Integer> starts = new ArrayList<>(List.of(earliest));
    starts.addAll(cuts);
    return new StartGroups(starts, counts);
  }

  public static StartGroups of(SortedMap<Integer, Long> counts, PanelSettings settings) {
    if (counts.isEmpty()) {
      throw new IllegalArgumentException("the study population has no treatment months");
    }
    return settings.cuts().isEmpty()
        ? equalCount(counts, settings.groupCount())
        : fromCuts(counts, settings.cuts());
  }

  public int size() {
    return starts.size();
  }

  /** The comparison-only group's first month: its person-months from here on are dropped. */
  public int lastGroupStart() {
    return starts.get(starts.size() - 1);
  }

  public int groupOf(int month) {
    int group = 1;
    for (int g = 1; g <= starts.size(); g++) {
      if (month >= starts.get(g - 1)) {
        group = g;
      }
    }
    return group;
  }

  /** Persons per group, for the log and the README's figures. */
  public Map<Integer, Long> sizes() {
    Map<Integer, Long> sizes = new TreeMap<>();
    counts.forEach((month, n) -> sizes.merge(groupOf(month), n, Long::sum));
    return sizes;
  }

  /** The lower median treatment month of the persons in a group. */
  public int medianMonth(int group) {
    long n = sizes().getOrDefault(group, 0L);
    long seen = 0;
    for (Map.Entry<Integer, Long> e : counts.entrySet()) {
      if (groupOf(e.getKey()) == group) {
        seen += e.getValue();
        if (2 * seen >= n) {
          return e.getKey();
        }
      }
    }
    return starts.get(group - 1);
  }

  /**
   * Adds {@code startgrupp} (1..K; null without a treatment month, as for a comparison pool) and
   * {@code group_period} (YYYYMM; 0 for group K and for persons without a treatment month).
   */
  public Dataset<Row> assign(Dataset<Row> population, GroupPeriod rule) {
    Column month = col("treatment_period");
    Column group = lit(1);
    for (int g = 2; g <= starts.size(); g++) {
      group = when(month.geq(starts.get(g - 1)), lit(g)).otherwise(group);
    }
    Column groupPeriod = lit(0);
    for (int g = 1; g < starts.size(); g++) {
      Column period = switch (rule) {
        case FIRST -> lit(starts.get(g - 1));
        case MEDIAN -> lit(medianMonth(g));
        case OWN -> month;
      };
      groupPeriod = when(col("startgrupp").equalTo(g), period).otherwise(groupPeriod);
    }
    return population
        .withColumn("startgrupp", when(month.isNull(), lit(null).cast("int")).otherwise(group))
        .withColumn("group_period", groupPeriod.cast("int"));
  }
}
