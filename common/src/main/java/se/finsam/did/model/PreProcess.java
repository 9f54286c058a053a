package se.finsam.did.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * R did's {@code pre_process_did2}: the checks and drops before any ATT(g,t) is estimated, in R's order.
 *
 * <ol>
 *   <li>units first treated after the last period (allowing for anticipation) count as never treated;</li>
 *   <li>without a never-treated group, periods from the last cohort's g - anticipation on are dropped and that
 *       cohort becomes the comparison group (never-treated comparisons: it is relabelled never treated;
 *       not-yet-treated: it is not estimated as a group);</li>
 *   <li>units treated in the first period (g <= first period + anticipation) are dropped;</li>
 *   <li>without {@code allow_unbalanced_panel} units missing a period are dropped ({@code makeBalancedPanel});
 *       with it an unbalanced panel is estimated as repeated cross sections; pair balanced (Stata csdid, not
 *       R) keeps the units and each cell uses those observed in both of its periods.</li>
 * </ol>
 */
public final class PreProcess {
  private PreProcess() {}

  /**
   * @param rows the validated rows, sorted by unit and period
   * @param periods the periods left, ascending
   * @param groups the treated groups to estimate, ascending
   * @param panel false when the rows are to be treated as repeated cross sections (unbalanced panel)
   * @param pairs true when an unbalanced panel is estimated pair balanced (each cell on the units observed in
   *     both of its periods, Stata csdid)
   * @param warnings R's warnings and messages, in words
   */
  public record Prepared(List<Observation> rows, int[] periods, int[] groups, boolean panel, boolean pairs,
                         List<String> warnings) {}

  public static Prepared run(List<Observation> input, Settings settings) {
    List<String> warnings = new ArrayList<>();
    int anticipation = settings.anticipation();
    if (anticipation > 0) {
      warnings.add("Note: anticipation = " + anticipation + ". Never-treated units are assumed to never anticipate "
          + "treatment. Anticipation only applies to eventually-treated units.");
    }
    int lastPeriod = input.stream().mapToInt(Observation::period).max().orElseThrow();
    List<Observation> rows = input.stream()
        .map(o -> o.group() > lastPeriod + anticipation ? o.withGroup(0) : o)
        .sorted(Comparator.comparingLong(Observation::id).thenComparingInt(Observation::period))
        .collect(Collectors.toCollection(ArrayList::new));
    checkUnitsConstant(rows);

    int[] cohorts = rows.stream().mapToInt(Observation::group).distinct().sorted().toArray();
    int latest = cohorts[cohorts.length - 1];
    boolean comparisonOnlyLatest = false;
    if (cohorts[0] != 0) {
      rows.removeIf(o -> o.period() >= latest - anticipation);
      if (settings.comparison() == Settings.Comparison.NEVER_TREATED) {
        warnings.add("No never-treated group is available. The last treated cohort is being coerced as "
            + "'never-treated' units.");
        rows.replaceAll(o -> o.group() == latest ? o.withGroup(0) : o);
      } else {
        comparisonOnlyLatest = true;
      }
    }
    int firstPeriod = rows.stream().mapToInt(Observation::period).min().orElseThrow();
    Set<Long> early = rows.stream().filter(o -> o.group() > 0 && o.group() <= firstPeriod + anticipation)
        .map(Observation::id).collect(Collectors.toSet());
    if (!early.isEmpty()) {
      warnings.add("Dropped " + early.size() + " units that were already treated in the first period.");
      rows.removeIf(o -> early.contains(o.id()));
    }
    int[] periods = rows.stream().mapToInt(Observation::period).distinct().sorted().toArray();
    Map<Long, Long> periodsPerUnit = rows.stream()
        .collect(Collectors.groupingBy(Observation::id, TreeMap::new, Collectors.counting()));
    Set<Long> incomplete = periodsPerUnit.entrySet().stream().filter(e -> e.getValue() < periods.length)
        .map(Map.Entry::getKey).collect(Collectors.toSet());
    boolean panel = true;
    boolean pairs = false;
    if (!incomplete.isEmpty()) {
      if (settings.unbalanced() == Settings.Unbalanced.CROSS_SECTIONS) {
        warnings.add("You have an unbalanced panel. Proceeding as such.");
        panel = false;
      } else if (settings.unbalanced() == Settings.Unbalanced.PAIRS) {
        warnings.add("Will use observations with Pair balanced (observed at t0 and t1)");
        pairs = true;
      } else {
        warnings.add("Dropped " + incomplete.size() + " observations while converting to balanced panel.");
        rows.removeIf(o -> incomplete.contains(o.id()));
      }
    }
    boolean dropLatest = comparisonOnlyLatest;
    int[] groups = rows.stream().mapToInt(Observation::group)
        .filter(g -> g > 0 && !(dropLatest && g == latest)).distinct().sorted().toArray();
    if (groups.length == 0) {
      throw new IllegalArgumentException("No valid groups. The variable in 'gname' should be expressed as the time "
          + "a unit is first treated (0 if never-treated).");
    }
    checkGroupSizes(rows, periods.length, settings, warnings);
    return new Prepared(List.copyOf(rows), periods, groups, panel, pairs, List.copyOf(warnings));
  }

  /** R: every group left (the comparison groups too) needs formula variables + 5 rows per period. */
  private static void checkGroupSizes(List<Observation> rows, int periods, Settings settings, List<String> warnings) {
    Map<Integer, Long> size = rows.stream().collect(Collectors.groupingBy(Observation::group, TreeMap::new,
        Collectors.counting()));
    List<Integer> small = size.entrySet().stream()
        .filter(e -> (double) e.getValue() / periods < settings.formulaVariables() + 5).map(Map.Entry::getKey).toList();
    if (small.isEmpty()) {
      return;
    }
    warnings.add("Be aware that there are some small groups in your dataset. Check groups: "
        + small.stream().map(String::valueOf).collect(Collectors.joining(",")) + ".");
    if (small.get(0) == 0 && settings.comparison() == Settings.Comparison.NEVER_TREATED) {
      throw new IllegalArgumentException("never treated group is too small, try setting control_group=\"notyettreated\"");
    }
  }

  /** R requires the group (and, for clustering, the cluster) to be constant within a unit. */
  private static void checkUnitsConstant(List<Observation> rows) {
    Map<Long, long[]> first = new TreeMap<>();
    for (Observation o : rows) {
      long[] seen = first.computeIfAbsent(o.id(), id -> new long[] {o.group(), o.cluster()});
      if (seen[0] != o.group() || seen[1] != o.cluster()) {
        throw new IllegalArgumentException("unit " + o.id() + ": the group and cluster must not change over time"
            + " (period " + o.period() + ")");
      }
    }
    long distinct = rows.stream().map(o -> o.id() + ":" + o.period()).distinct().count();
    if (distinct != rows.size()) {
      throw new IllegalArgumentException("more than one row per unit and period (" + rows.size() + " rows, "
          + distinct + " distinct unit-periods)");
    }
  }
}
