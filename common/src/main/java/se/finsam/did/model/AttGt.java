package se.finsam.did.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import se.finsam.did.FitLimits;

/**
 * Callaway and Sant'Anna's (2021) group-time average treatment effects ATT(g,t), eq. (2.6) (never-treated
 * comparisons) and (2.7) (not-yet-treated), as R did 2.5's {@code att_gt} / {@code compute.att_gt2}
 * computes them: one DRDID 2x2 per cell, its influence function rescaled by n / n_cell and placed in an n x K
 * matrix over the units (eq. (3.2) of the paper's appendix), standard errors sqrt(sum_c (sum_{i in c} psi_i)^2) / n.
 *
 * <p>Cells in R's order: for each group g, for each period t (from the second with a varying base period):
 * the base period is the last period before g - anticipation for post-treatment cells (g <= t) and for
 * every cell with a universal base; with a varying base a pre-treatment cell compares t with t - 1. With a
 * universal base the cell whose t is the base period is reported with ATT 0 and no standard error.
 */
public final class AttGt {
  private static final double ZERO_SE = Math.sqrt(Math.ulp(1.0)) * 10;

  private AttGt() {}

  /**
   * One ATT(g,t).
   *
   * @param group g
   * @param time t
   * @param base the base period
   * @param att the estimate, NaN when the cell could not be estimated (then left out of aggregations)
   * @param se the analytical standard error, NaN when zero (the universal base cell) or not estimated
   * @param influence psi_i for every unit (length n), already scaled by n / n_cell
   */
  public record Cell(int group, int time, int base, double att, double se, double[] influence) {
    public boolean estimated() {
      return !Double.isNaN(att);
    }
  }

  /**
   * The fit with what aggregation needs.
   *
   * @param cells in R's order
   * @param unitGroups G_i of every unit (units in increasing id order)
   * @param unitWeights the unit's weight in the aggregations (R's {@code weights.ind}, compute.aggte: the weight in
   *     the first period of a balanced panel, the mean over the unit's rows of an unbalanced one, also pair
   *     balanced, as csdid's collapse by unit)
   * @param unitClusters the cluster of every unit (the unit itself without clustering)
   * @param periods the periods after pre-processing (R's {@code time_periods})
   * @param groups the treated groups
   * @param warnings from pre-processing and estimation
   */
  public record Fit(List<Cell> cells, int[] unitGroups, double[] unitWeights, long[] unitClusters, int[] periods,
                    int[] groups, List<String> warnings) {
    public int units() {
      return unitGroups.length;
    }

    /** The cluster-robust standard error of an influence function, NaN when R would call it zero. */
    public double standardError(double[] influence) {
      Map<Long, Double> sums = new HashMap<>();
      for (int i = 0; i < influence.length; i++) {
        sums.merge(unitClusters[i], influence[i], Double::sum);
      }
      double ss = 0;
      for (double s : sums.values()) {
        ss += s * s;
      }
      double se = Math.sqrt(ss) / influence.length;
      return se > ZERO_SE ? se : Double.NaN;
    }
  }

  /** A 2x2 estimator on the rows of one cell. */
  @FunctionalInterface
  private interface Estimator {
    TwoByTwo estimate(double[] a, double[] b, double[] d, double[][] x, double[] w);
  }

  public static Fit estimate(List<Observation> data, Settings settings) {
    PreProcess.Prepared prepared = PreProcess.run(data, settings);
    // One row per unit and period; units in increasing id order.
    Map<Long, Map<Integer, Observation>> byUnit = new TreeMap<>();
    for (Observation o : prepared.rows()) {
      byUnit.computeIfAbsent(o.id(), id -> new TreeMap<>()).put(o.period(), o);
    }
    int n = byUnit.size();
    List<Map<Integer, Observation>> units = new ArrayList<>(byUnit.values());
    int[] unitGroups = new int[n];
    double[] unitWeights = new double[n];
    long[] unitClusters = new long[n];
    for (int i = 0; i < n; i++) {
      Observation first = units.get(i).values().iterator().next();
      unitGroups[i] = first.group();
      unitWeights[i] = prepared.panel() && !prepared.pairs() ? first.weight()
          : units.get(i).values().stream().mapToDouble(Observation::weight).average().orElseThrow();
      unitClusters[i] = settings.clustered() ? first.cluster() : first.id();
    }
    Fit shell = new Fit(List.of(), unitGroups, unitWeights, unitClusters, prepared.periods(), prepared.groups(),
        List.of());
    List<String> warnings = new ArrayList<>(prepared.warnings());
    List<Cell> cells = new ArrayList<>();
    int[] periods = prepared.periods();
    boolean varying = settings.basePeriod() == Settings.BasePeriod.VARYING;
    int offset = varying ? 1 : 0;
    for (int g : prepared.groups()) {
      int lastPre = -1;
      for (int i = 0; i < periods.length; i++) {
        if (periods[i] + settings.anticipation() < g) {
          lastPre = i;
        }
      }
      if (lastPre < 0) {
        warnings.add("There are no pre-treatment periods for the group first treated at " + g + ". Units from this "
            + "group are dropped");
        continue;
      }
      for (int t = 0; t + offset < periods.length; t++) {
        int current = t + offset;
        int base = (!varying || g <= periods[current]) ? lastPre : t;
        if (base == current) {
          cells.add(new Cell(g, periods[current], periods[base], 0, Double.NaN, new double[n]));
          continue;
        }
        cells.add(cell(units, g, periods[current], periods[base], settings, prepared.panel(), prepared.pairs(), shell,
            warnings));
      }
    }
    return new Fit(List.copyOf(cells), unitGroups, unitWeights, unitClusters, periods, prepared.groups(),
        List.copyOf(warnings));
  }

  /** Treated: G = g. Comparisons: never treated, or (not yet treated) first treated after max(t, base) + anticipation. */
  private static boolean comparison(int unitGroup, int g, int time, int base, Settings settings) {
    return unitGroup == 0 || (settings.comparison() == Settings.Comparison.NOT_YET_TREATED
        && unitGroup > Math.max(time, base) + settings.anticipation() && unitGroup != g);
  }

  private static Cell cell(List<Map<Integer, Observation>> units, int g, int time, int base, Settings settings,
                           boolean panel, boolean pairs, Fit shell, List<String> warnings) {
    int n = units.size();
    // The rows of the cell: for a panel one per unit (outcomes of both periods, covariates and weight of the
    // earlier one; pair balanced: only units observed in both); for repeated cross sections every row of the
    // two periods.
    List<Integer> owner = new ArrayList<>();
    List<double[]> ab = new ArrayList<>();
    List<Observation> covariateRows = new ArrayList<>();
    List<Double> treated = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int unitGroup = shell.unitGroups()[i];
      boolean isTreated = unitGroup == g;
      if (!isTreated && !comparison(unitGroup, g, time, base, settings)) {
        continue;
      }
      Map<Integer, Observation> rows = units.get(i);
      if (pairs && !(rows.containsKey(time) && rows.containsKey(base))) {
        continue;
      }
      if (panel) {
        owner.add(i);
        ab.add(new double[] {rows.get(time).outcome(), rows.get(base).outcome()});
        covariateRows.add(rows.get(Math.min(time, base)));
        treated.add(isTreated ? 1.0 : 0.0);
      } else {
        for (int period : new int[] {base, time}) {
          Observation o = rows.get(period);
          if (o != null) {
            owner.add(i);
            ab.add(new double[] {o.outcome(), period == time ? 1 : 0});
            covariateRows.add(o);
            treated.add(isTreated ? 1.0 : 0.0);
          }
        }
      }
    }
    int rows = owner.size();
    double[] a = new double[rows];
    double[] b = new double[rows];
    double[] d = new double[rows];
    double[] w = new double[rows];
    double[][] x = new double[rows][];
    for (int r = 0; r < rows; r++) {
      a[r] = ab.get(r)[0];
      b[r] = ab.get(r)[1];
      d[r] = treated.get(r);
      Observation o = covariateRows.get(r);
      w[r] = o.weight();
      x[r] = new double[o.covariates().length + 1];
      x[r][0] = 1;
      System.arraycopy(o.covariates(), 0, x[r], 1, o.covariates().length);
    }
    String problem = problem(d, panel ? null : b);
    if (problem == null && overlapFails(settings.method(), d, x)) {
      problem = "overlap condition violated";
    }
    if (problem == null && controlDesignSingular(settings.method(), d, x)) {
      problem = "Covariate matrix for control units is singular";
    }
    if (problem != null) {
      warnings.add("ATT(" + g + "," + time + ") not estimated: " + problem);
      return new Cell(g, time, base, Double.NaN, Double.NaN, new double[n]);
    }
    TwoByTwo fit = estimator(settings.method(), panel).estimate(a, b, d, x, w);
    double[] influence = new double[n];
    for (int r = 0; r < rows; r++) {
      influence[owner.get(r)] += (double) n / rows * fit.influence()[r];
    }
    return new Cell(g, time, base, fit.att(), shell.standardError(influence), influence);
  }

  /** R skips a cell without treated or comparison rows (for repeated cross sections: in either period). */
  private static String problem(double[] d, double[] post) {
    int[] counts = new int[4];
    for (int r = 0; r < d.length; r++) {
      counts[(d[r] == 1 ? 2 : 0) + (post != null && post[r] == 1 ? 1 : 0)]++;
    }
    if (post == null) {
      return counts[2] == 0 ? "no treated units" : counts[0] == 0 ? "no comparison units" : null;
    }
    for (int c = 0; c < 4; c++) {
      if (counts[c] == 0) {
        return "no " + (c >= 2 ? "treated" : "comparison") + " rows in the " + (c % 2 == 1 ? "current" : "base")
            + " period";
      }
    }
    return null;
  }

  /**
   * R's overlap guard for dr and ipw (compute.att_gt2, utility_functions.R overlap_check_fail): an unweighted
   * logit of D on the covariates; the cell is not estimated when some fitted score reaches 0.999 (with the
   * intercept only: when 99.9 % of the rows are treated). R runs no guard for a custom est_method; finsam
   * guards Abadie's IPW as R's ipw, and so does the model.
   */
  private static boolean overlapFails(Settings.Method method, double[] d, double[][] x) {
    if (method != Settings.Method.DR && method != Settings.Method.IPW && method != Settings.Method.IPW_ABADIE) {
      return false;
    }
    if (x[0].length == 1) {
      return Dense.mean(d) >= FitLimits.OVERLAP_LIMIT;
    }
    double[] ones = new double[d.length];
    java.util.Arrays.fill(ones, 1);
    double[] p = PropensityScore.logitFittedAllowingSeparation(d, x, ones);
    return java.util.Arrays.stream(p).max().orElse(0) >= FitLimits.OVERLAP_LIMIT;
  }

  /** R's regression-feasibility guard for dr and reg (rcond_check_fail): the comparison rows' X'X is singular. */
  private static boolean controlDesignSingular(Settings.Method method, double[] d, double[][] x) {
    if (method != Settings.Method.DR && method != Settings.Method.REG) {
      return false;
    }
    try {
      Dense.inverse(Dense.weightedCrossProduct(DrDid.vec(d.length, i -> 1 - d[i]), x));
      return false;
    } catch (ArithmeticException singular) {
      return true;
    }
  }

  /**
   * did 2.5 run_DRDID: dr, ipw and reg map to DRDID's panel or repeated cross-section functions; drimp and
   * ipw-abadie are DRDID functions passed as est_method.
   */
  private static Estimator estimator(Settings.Method method, boolean panel) {
    return switch (method) {
      case DR -> panel ? DrDid::drdidPanel : DrDid::drdidRc;
      case DRIMP -> panel ? DrDid::drdidImpPanel : DrDid::drdidImpRc;
      case IPW -> panel ? DrDid::stdIpwDidPanel : DrDid::stdIpwDidRc;
      case IPW_ABADIE -> panel ? DrDid::ipwDidPanel : DrDid::ipwDidRc;
      case REG -> panel ? DrDid::regDidPanel : DrDid::regDidRc;
    };
  }
}
