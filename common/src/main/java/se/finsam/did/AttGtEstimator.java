package se.finsam.did;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Callaway and Sant'Anna's ATT(g,t), following R did 2.5's att_gt / compute.att_gt2: a balanced panel
 * with the panel 2x2 estimators, or an unbalanced one (see {@link UnbalancedPanel}) with the repeated
 * cross section estimators, the influence function of each row summed per unit, or pair balanced with
 * the panel estimators on each cell's units.
 *
 * <p>All cells are estimated together: every pass over the units feeds every cell that still needs a
 * pass, so the number of passes is the largest number any one cell needs (about ten with a propensity
 * score), not that times the number of cells.
 */
public final class AttGtEstimator {
  private static final Logger LOG = LoggerFactory.getLogger(AttGtEstimator.class);

  private AttGtEstimator() {}

  /**
   * @param raw the units; their outcome arrays are indexed like {@code periods}
   * @param periods all periods, sorted ascending
   */
  public static AttGtResult estimate(UnitSource raw, int[] periods, DidSettings settings) {
    return fit(raw, periods, settings).result();
  }

  /** The estimate with what the bootstrap's pass over the units needs. */
  public static AttGtFit fit(UnitSource raw, int[] periods, DidSettings settings) {
    return fit(raw, periods, settings, true, null);
  }

  /**
   * The estimate, answering what it can from {@code shared}, sums kept by earlier estimates over the same
   * units (see {@link SharedSums} for what its caller vouches), and keeping its own there.
   */
  public static AttGtFit fit(UnitSource raw, int[] periods, DidSettings settings, SharedSums shared) {
    return fit(raw, periods, settings, true, shared);
  }

  /** With {@code sharePasses} false every cell accumulates its own sums (the plain path, for tests). */
  static AttGtFit fit(UnitSource raw, int[] periods, DidSettings settings, boolean sharePasses, SharedSums shared) {
    List<String> warnings = new ArrayList<>();
    int anticipation = settings.anticipation();
    if (anticipation > 0) {
      // R's note, word for word up to its parenthesis, so that a reader of both sees the same assumption.
      warnings.add("Note: anticipation = " + anticipation + ". Never-treated units are assumed to never anticipate "
          + "treatment. Anticipation only applies to eventually-treated units.");
    }
    int lastPeriod = periods[periods.length - 1];
    // Groups first treated after the panel (allowing for anticipation) are never treated within it.
    UnitSource units = raw.transform(u -> u.group() > lastPeriod + anticipation ? u.withGroup(0) : u);
    int[] present = units.distinctGroups();
    boolean hasNeverTreated = present[0] == 0;
    int latest = present[present.length - 1];
    int[] used = periods;
    if (!hasNeverTreated) {
      int kept = (int) Arrays.stream(periods).filter(t -> t < latest - anticipation).count();
      used = Arrays.copyOf(periods, kept);
      if (settings.controlGroup() == ControlGroup.NEVER_TREATED) {
        warnings.add("No never-treated group is available. The last treated cohort (" + latest
            + ") is used as never treated and periods from " + (latest - anticipation) + " on are dropped.");
        units = units.transform(u -> (u.group() == latest ? u.withGroup(0) : u).withFirstPeriods(kept));
      } else {
        warnings.add("No never-treated group: periods from " + (latest - anticipation)
            + " on are dropped and the last treated cohort (" + latest + ") serves only as comparison.");
        units = units.transform(u -> u.withFirstPeriods(kept));
      }
    }
    int firstPeriod = used[0];
    units = dropUnits(units, u -> u.group() != 0 && u.group() <= firstPeriod + anticipation, warnings,
        " units that were already treated in the first period were dropped.");
    // R (pre_process_did2): with allow_unbalanced_panel the panel is checked for balance after these
    // drops; only if it is unbalanced is it estimated as repeated cross sections. Stata csdid checks the
    // same way and, unbalanced, estimates each cell pair balanced.
    UnbalancedPanel mode = settings.unbalancedPanel();
    boolean unbalanced = mode != UnbalancedPanel.DROP_UNITS
        && Math.round(units.sum(1, (u, acc) -> acc[0] += u.balanced() ? 0 : 1)[0]) > 0;
    boolean repeated = unbalanced && mode == UnbalancedPanel.CROSS_SECTIONS;
    boolean pairs = unbalanced && mode == UnbalancedPanel.PAIRS;
    if (unbalanced) {
      warnings.add(repeated
          ? "You have an unbalanced panel. Proceeding as such: each ATT(g,t) is estimated from the observed "
              + "unit-period rows as repeated cross sections."
          : "The panel is unbalanced: each ATT(g,t) is estimated from the units observed in both of its "
              + "periods (pair balanced, as Stata csdid).");
      // Units left without any observation (e.g. only seen in dropped periods) have no rows in R's data;
      // a unit's aggregation weight is the mean over its rows (R's data; csdid's collapse by unit).
      units = units.transform(u -> u.firstObserved() < 0 ? null : u.withWeight(u.meanObservedWeight()));
    } else {
      units = dropUnits(units, u -> !u.balanced(), warnings,
          " units are missing in some periods; they were dropped to make the panel balanced.");
    }
    boolean latestIsComparisonOnly = !hasNeverTreated && settings.controlGroup() == ControlGroup.NOT_YET_TREATED;
    int[] remaining = units.distinctGroups();
    int[] groups = Arrays.stream(remaining)
        .filter(g -> g > 0 && g > firstPeriod + anticipation && !(latestIsComparisonOnly && g == latest))
        .toArray();
    if (groups.length == 0) {
      throw new IllegalArgumentException("No valid groups: the group variable must be the first treated period (0 if never treated)");
    }
    int periodCount = used.length;
    // Per group: observed unit-periods; last: units.
    double[] census = units.sum(remaining.length + 1, (u, acc) -> {
      int observed = 0;
      for (int p = 0; p < periodCount; p++) {
        observed += u.observed(p) ? 1 : 0;
      }
      acc[Arrays.binarySearch(remaining, u.group())] += observed;
      acc[remaining.length] += 1;
    });
    checkGroupSizes(remaining, census, periodCount, settings, warnings);
    long n = Math.round(census[remaining.length]);
    List<CellSpec> cells = cells(used, groups, settings, repeated, pairs, warnings);
    return estimateCells(units, remaining, used, groups, cells, n, settings, warnings, sharePasses, shared);
  }

  /**
   * R (pre_process_did2): a group with fewer than (formula variables + 5) observations per period is
   * reported; a never-treated group that small is refused when it is the comparison group.
   */
  private static void checkGroupSizes(int[] present, double[] rows, int periods, DidSettings settings,
                                      List<String> warnings) {
    List<Integer> small = new ArrayList<>();
    for (int i = 0; i < present.length; i++) {
      if (rows[i] / periods < settings.formulaVariables() + 5) {
        small.add(present[i]);
      }
    }
    if (small.isEmpty()) {
      return;
    }
    warnings.add("Some groups in your dataset have very few observations, which may cause estimation problems. "
        + "Check groups: " + small.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")) + ".");
    if (small.get(0) == 0 && settings.controlGroup() == ControlGroup.NEVER_TREATED) {
      throw new IllegalArgumentException("The never-treated group is too small to serve as a reliable control. "
          + "Try setting control_group = 'notyettreated' to include not-yet-treated units as controls.");
    }
  }

  /** A serialisable test on a unit. */
  private interface UnitFilter extends java.io.Serializable {
    boolean test(UnitRecord unit);
  }

  private static UnitSource dropUnits(UnitSource units, UnitFilter drop, List<String> warnings, String message) {
    long dropped = Math.round(units.sum(1, (u, acc) -> acc[0] += drop.test(u) ? 1 : 0)[0]);
    if (dropped == 0) {
      return units;
    }
    warnings.add(dropped + message);
    return units.transform(u -> drop.test(u) ? null : u);
  }

  /** The cells in R's order with R's choice of base period and not-yet-treated threshold. */
  static List<CellSpec> cells(int[] periods, int[] groups, DidSettings settings, boolean repeated, boolean pairs,
                              List<String> warnings) {
    boolean varying = settings.basePeriod() == BasePeriod.VARYING;
    int offset = varying ? 1 : 0;
    List<CellSpec> cells = new ArrayList<>();
    for (int g : groups) {
      int lastPre = -1;
      for (int i = 0; i < periods.length; i++) {
        if (periods[i] + settings.anticipation() < g) {
          lastPre = i;
        }
      }
      if (lastPre < 0) {
        warnings.add("There are no pre-treatment periods for the group first treated at " + g + "; it is dropped.");
        continue;
      }
      for (int t = 0; t + offset < periods.length; t++) {
        int current = t + offset;
        int base = (!varying || g <= periods[current]) ? lastPre : t;
        int threshold = periods[Math.max(current, base)] + settings.anticipation();
        cells.add(new CellSpec(g, periods[current], current, base, threshold, settings.controlGroup(), repeated, pairs));
      }
    }
    return cells;
  }

  private static AttGtFit estimateCells(UnitSource units, int[] present, int[] periods, int[] groups, List<CellSpec> cells,
                                           long n, DidSettings settings, List<String> warnings,
                                           boolean sharePasses, SharedSums shared) {
    int cellCount = cells.size();
    CellSpec[] specs = cells.toArray(CellSpec[]::new);
    // Per cell: treated current/base, comparison current/base observations, weight sum (a panel
    // observation counts as current); then units, their covariate counts and squares, and units whose
    // covariates or weights change over time.
    int tail = 5 * cellCount;
    double[] countSums = units.sum(tail + 4, (u, acc) -> {
      CellObservation[] obs = new CellObservation[2];
      for (int k = 0; k < specs.length; k++) {
        int m = specs[k].observe(u, obs);
        for (int i = 0; i < m; i++) {
          acc[5 * k + (obs[i].treated() == 1 ? 0 : 2) + (obs[i].post() == 1 ? 0 : 1)] += 1;
          acc[5 * k + 4] += obs[i].weight();
        }
      }
      int covariates = u.covariateCount();
      acc[tail] += 1;
      acc[tail + 1] += covariates;
      acc[tail + 2] += (double) covariates * covariates;
      acc[tail + 3] += u.timeVarying() ? 1 : 0;
    });
    int k = covariateCount(countSums, tail);
    CellEstimation[] states = new CellEstimation[cellCount];
    CellCounts[] counts = new CellCounts[cellCount];
    String[] problems = new String[cellCount];
    Arrays.fill(problems, "");
    for (int c = 0; c < cellCount; c++) {
      long treatedPre = Math.round(countSums[5 * c + 1]);
      long controlsPre = Math.round(countSums[5 * c + 3]);
      counts[c] = new CellCounts(Math.round(countSums[5 * c]) + treatedPre, Math.round(countSums[5 * c + 2]) + controlsPre,
          countSums[5 * c + 4], treatedPre, controlsPre);
      problems[c] = precheck(specs[c], counts[c], k, settings);
      if (problems[c].isEmpty() && !specs[c].reference()) {
        states[c] = settings.method().start(counts[c], k, specs[c].repeatedCrossSections());
      }
    }
    boolean timeVarying = countSums[tail + 3] > 0;
    runPasses(units, specs, unitSets(specs, present, timeVarying), states, problems, sharePasses, shared);
    List<GroupTimeEffect> effects = new ArrayList<>();
    double[] scales = new double[cellCount];
    List<CellEstimation> finished = new ArrayList<>();
    for (int c = 0; c < cellCount; c++) {
      double att = 0;
      if (states[c] != null) {
        att = states[c].att();
        if (settings.method().overlapChecked() && k > 1 && states[c].overlapViolations() > 0) {
          problems[c] = "overlap condition violated (propensity score >= " + FitLimits.OVERLAP_LIMIT + ")";
        } else if (Double.isNaN(att)) {
          problems[c] = "the 2x2 estimate is not defined";
        }
      }
      if (!problems[c].isEmpty()) {
        warnings.add("ATT(" + specs[c].group() + "," + specs[c].time() + ") not estimated: " + problems[c]);
        att = Double.NaN;
        states[c] = null;
      }
      scales[c] = (double) n / counts[c].units();
      finished.add(states[c]);
      effects.add(new GroupTimeEffect(specs[c], att, counts[c].treated(), counts[c].controls(), problems[c]));
    }
    InfluenceVector influence = new InfluenceVector(cells, finished, scales, groups);
    // Covariates make a unit's influence depend on more than its group and outcomes.
    InfluenceMoments moments = (k != 1 || timeVarying ? GroupedMoments.unitPass(k != 1 ? "covariates" : "weights that change over time")
        : GroupedMoments.compute(units, influence, present, periods.length, cellCount, groups.length, n))
        .orElseGet(() -> moments(units, influence, cellCount, groups.length, n));
    return new AttGtFit(new AttGtResult(settings, periods, groups, List.copyOf(effects), moments,
        List.copyOf(warnings)), units, influence);
  }

  /**
   * The number of regressors from the units' count, sum and sum of squares of theirs at {@code offset}:
   * every unit must have the same (then the mean of squares is the square of the mean).
   */
  private static int covariateCount(double[] s, int offset) {
    double k = s[offset + 1] / s[offset];
    if (k != Math.rint(k) || s[offset + 2] / s[offset] != k * k) {
      throw new IllegalArgumentException("units have different numbers of covariates");
    }
    return (int) k;
  }

  /** R's checks before a cell's 2x2: someone to compare, and room for a propensity score. */
  private static String precheck(CellSpec cell, CellCounts counts, int k, DidSettings settings) {
    if (cell.reference()) {
      return "";
    }
    if (cell.repeatedCrossSections()) {
      // R (compute.att_gt2 run_DRDID): each of the four period x group parts must be non-empty.
      if (counts.treated() - counts.treatedPre() == 0) {
        return "no units of the group in period " + cell.time();
      }
      if (counts.treatedPre() == 0) {
        return "no units of the group in the base period";
      }
      if (counts.controls() - counts.controlsPre() == 0) {
        return "no comparison units in period " + cell.time();
      }
      if (counts.controlsPre() == 0) {
        return "no comparison units in the base period";
      }
    }
    if (counts.treated() == 0) {
      return "no treated units";
    }
    if (counts.controls() == 0) {
      return "no comparison units";
    }
    if (settings.method().overlapChecked() && k == 1 && (double) counts.treated() / counts.units() >= FitLimits.OVERLAP_LIMIT) {
      return "overlap condition violated (99.9% of the cell is treated)";
    }
    return "";
  }

  /**
   * Which observations a cell looks at, as (treated group, comparison groups present) plus the periods
   * they are read in when those matter (repeated cross sections: the rows of both periods; pair
   * balanced: the units observed in both; a balanced
   * panel with covariates or weights that change over time: the earlier period): equal for cells over
   * the same observations.
   */
  private static List<Object> unitSets(CellSpec[] specs, int[] presentGroups, boolean timeVarying) {
    List<Object> sets = new ArrayList<>();
    for (CellSpec spec : specs) {
      List<Integer> comparisons = new ArrayList<>();
      for (int g : presentGroups) {
        UnitRecord probe = new UnitRecord(0, g, 1, new double[0], new double[0]);
        if (!spec.treated(probe) && spec.control(probe)) {
          comparisons.add(g);
        }
      }
      List<Integer> periods = spec.repeatedCrossSections() || spec.pairsOnly()
          ? List.of(spec.currentIndex(), spec.baseIndex())
          : timeVarying ? List.of(spec.covariatePeriod()) : List.of();
      sets.add(List.of(spec.group(), comparisons, periods));
    }
    return sets;
  }

  /**
   * Runs passes until every cell's estimator is finished: before each pass the cells state the
   * statistics they need and {@link PassPlan} computes each distinct one once (all of them, per cell,
   * without {@code sharePasses}).
   */
  private static void runPasses(UnitSource units, CellSpec[] specs, List<Object> unitSets, CellEstimation[] states,
                                String[] problems, boolean sharePasses, SharedSums shared) {
    int passes = 0;
    long requested = 0;
    long computed = 0;
    while (true) {
      PassPlan plan = PassPlan.of(specs, unitSets, states, sharePasses, shared);
      if (plan.isEmpty()) {
        LOG.info("ATT(g,t) of {} cells: {} passes, {} statistics requested, {} computed", states.length, passes,
            requested, computed);
        return;
      }
      passes++;
      requested += plan.requested();
      computed += plan.computed();
      LOG.debug("pass {}: {} statistics requested, {} computed", passes, plan.requested(), plan.computed());
      List<List<double[]>> answers = plan.run(units);
      for (int c = 0; c < states.length; c++) {
        if (states[c] != null && !states[c].finished()) {
          try {
            states[c] = states[c].next(answers.get(c));
          } catch (SingularDesignException e) {
            problems[c] = e.getMessage();
            states[c] = null;
          }
        }
      }
    }
  }

  static InfluenceMoments moments(UnitSource units, InfluenceVector influence, int cells, int groups, long n) {
    int m = influence.dimension();
    double[] acc = unitSums(units, influence);
    long clusters = Math.round(units.sumOverClusters(1, (u, a) -> a[0] = 1, 1,
        (keys, z, count, out) -> out[0] += count)[0]);
    return new InfluenceMoments(cells, groups, n, clusters, LinearAlgebra.slice(acc, 0, m),
        LinearAlgebra.mirrorUpper(LinearAlgebra.slice(acc, m, m * m), m));
  }

  /**
   * sum_c z_c and the upper triangle of sum_c z_c z_c' over the units' clusters, one vector of m + m^2:
   * the unit pass, n x m^2 / 2 multiply-adds.
   */
  static double[] unitSums(UnitSource units, InfluenceVector influence) {
    int m = influence.dimension();
    // Upper triangle only, a batch of clusters at a time (LinearAlgebra.addGramUpper).
    return units.sumOverClusters(m, influence, m + m * m, (keys, z, count, out) -> {
      for (int c = 0; c < count; c++) {
        LinearAlgebra.addScaled(out, 0, z[c], 1.0);
      }
      LinearAlgebra.addGramUpper(out, m, m, z, count);
    });
  }
}
