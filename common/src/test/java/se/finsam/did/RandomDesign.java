package se.finsam.did;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import se.finsam.did.model.Observation;
import se.finsam.did.model.Settings;

/**
 * One seeded random design of the engine = model property tests (EngineMatchesModelTest on units in memory,
 * jobs' SparkEngineMatchesModelTest on units pivoted by Spark): its rows, R's att_gt settings and an aggte
 * event window. Covariates are x1 (continuous), the dummies of a three-level categorical variable for levels
 * 1 and 2, and, when {@code timeVarying}, x3, which changes every period.
 */
record RandomDesign(long seed, Settings settings, int[] periods, List<Observation> rows, boolean timeVarying,
                    double minE, double maxE, Integer balanceE) {
  private static final int CASES = 60;

  RandomDesign with(Settings.Method method) {
    Settings s = settings;
    return new RandomDesign(seed, new Settings(s.comparison(), s.basePeriod(), s.anticipation(), method, s.unbalanced(),
        s.clustered(), s.formulaVariables()), periods, rows, timeVarying, minE, maxE, balanceE);
  }

  RandomDesign with(Settings.Unbalanced mode) {
    Settings s = settings;
    return new RandomDesign(seed, new Settings(s.comparison(), s.basePeriod(), s.anticipation(), s.method(), mode,
        s.clustered(), s.formulaVariables()), periods, rows, timeVarying, minE, maxE, balanceE);
  }

  /** The same rows without covariates. */
  RandomDesign interceptOnly() {
    List<Observation> bare = rows.stream().map(o -> new Observation(o.id(), o.period(), o.group(), o.cluster(),
        o.weight(), new double[0], o.outcome())).toList();
    return new RandomDesign(seed, settings, periods, bare, false, minE, maxE, balanceE);
  }

  boolean hasCovariates() {
    return rows.get(0).covariates().length > 0;
  }

  boolean weighted() {
    return rows.stream().anyMatch(o -> o.weight() != 1.0);
  }

  /** R's att_gt settings as the engine's. */
  DidSettings engineSettings() {
    return EngineMatchesRTest.settings(settings);
  }

  @Override
  public String toString() {
    return "seed " + seed + " " + settings + (timeVarying ? " x3" : "") + (hasCovariates() ? "" : " ~1") + " periods " + Arrays.toString(periods)
        + " window [" + minE + "," + maxE + "] balance " + balanceE;
  }

  /**
   * Every design and its variants on the same data: each ipw design and each repeated cross-section design
   * with Abadie's ipw (its estimator has a repeated cross-section form of its own), each design with missing
   * rows in R's drop-to-balance mode, every fourth design with only the intercept.
   */
  static Stream<RandomDesign> all() {
    return IntStream.range(0, CASES).mapToObj(c -> generate(1000 + c))
        .flatMap(d -> variants(d, d.seed() % 4 == 0));
  }

  /** The designs of seeds [from, to) with the variants of {@link #all}, each also with only the intercept. */
  static Stream<RandomDesign> sweep(long from, long to) {
    return LongStream.range(from, to).mapToObj(RandomDesign::generate).flatMap(d -> variants(d, true));
  }

  private static Stream<RandomDesign> variants(RandomDesign d, boolean interceptOnly) {
    List<RandomDesign> variants = new ArrayList<>(List.of(d));
    if (d.settings().method() == Settings.Method.IPW || d.settings().unbalanced() == Settings.Unbalanced.CROSS_SECTIONS) {
      variants.add(d.with(Settings.Method.IPW_ABADIE));
    }
    if (d.settings().unbalanced() != Settings.Unbalanced.DROP_UNITS) {
      variants.add(d.with(Settings.Unbalanced.DROP_UNITS));
    }
    if (interceptOnly) {
      variants.add(d.interceptOnly());
    }
    return variants.stream();
  }

  static RandomDesign generate(long seed) {
    // SplittableRandom mixes the seed; java.util.Random's first draws barely differ for consecutive seeds (its
    // first nextInt(4), from the high bits, was 2 for every seed 1000-1059: six periods in every design).
    RandomGenerator r = new SplittableRandom(seed);
    int periodCount = 4 + r.nextInt(5);
    int first = r.nextBoolean() ? 1 : 2001;
    int last = first + periodCount - 1;
    int[] periods = IntStream.range(0, periodCount).map(p -> first + p).toArray();
    Settings.Method method = List.of(Settings.Method.DR, Settings.Method.DRIMP, Settings.Method.IPW,
        Settings.Method.REG).get(r.nextInt(4));
    boolean unbalanced = r.nextInt(4) == 0;
    int anticipation = r.nextInt(4) == 0 ? 1 : 0;
    Settings settings = new Settings(r.nextBoolean() ? Settings.Comparison.NEVER_TREATED : Settings.Comparison.NOT_YET_TREATED,
        r.nextBoolean() ? Settings.BasePeriod.VARYING : Settings.BasePeriod.UNIVERSAL, anticipation,
        method, !unbalanced ? Settings.Unbalanced.DROP_UNITS
            : r.nextBoolean() ? Settings.Unbalanced.CROSS_SECTIONS : Settings.Unbalanced.PAIRS, r.nextBoolean(), 0);
    boolean timeVarying = r.nextInt(4) == 0;
    // Without a never-treated group R drops the periods from the last cohort's g - anticipation on and compares
    // with that cohort, so every estimated cohort needs a period before that cut: a panel of at least
    // 4 + anticipation periods.
    boolean neverTreated = periodCount < 4 + anticipation || r.nextInt(6) != 0;
    int comparisonOnly = neverTreated ? 0 : first + 3 + anticipation + r.nextInt(last - first - 2 - anticipation);
    // The last period with estimated cells; each estimated cohort is treated by it, so has an event time 0.
    int lastEstimated = neverTreated ? last : comparisonOnly - anticipation - 1;
    // Cohorts: never treated (or, without, the comparison-only one), estimated cohorts from the third period on
    // (leaving the first period before g - anticipation as base for anticipation 0 or 1), sometimes one
    // treated in the first period (dropped) or after the panel (never treated within it).
    List<Integer> cohorts = new ArrayList<>();
    cohorts.add(comparisonOnly);
    for (int g = first + 2; g <= lastEstimated; g += 1 + r.nextInt(2)) {
      cohorts.add(g);
    }
    int latestEstimated = cohorts.get(cohorts.size() - 1);
    if (r.nextInt(5) == 0) {
      cohorts.add(first);
    }
    if (r.nextInt(5) == 0) {
      cohorts.add(last + 2);
    }
    // Strong selection on x1 drives some propensity scores to 0.999, where R's overlap guard leaves dr and ipw
    // (and ipw-abadie) cells out. Only for those methods (the improved DR's calibration has no solution there,
    // and R then falls back through other optimisers), and unweighted: R's guard fits an unweighted logit,
    // the engine checks its weighted score. Not with a single estimated cohort, whose units it would
    // separate from the comparison group in every cell.
    boolean strongSelection = (method == Settings.Method.DR || method == Settings.Method.IPW)
        && latestEstimated > first + 2 && r.nextInt(4) == 0;
    boolean weighted = !strongSelection && r.nextBoolean();
    boolean weightsVary = weighted && r.nextInt(3) == 0;
    // 120 units and 30 to 60 more a cohort (strong selection leaves middle cohorts thin), and each unit misses a
    // given period with probability 1 / (2 * periods), so that about 60 % of the units are complete whatever
    // the panel's length: R's drop to balance keeps every group.
    int units = 120 + (30 + r.nextInt(30)) * cohorts.size();
    int clusters = 12 + r.nextInt(10);
    List<Observation> rows = new ArrayList<>();
    for (int i = 0; i < units; i++) {
      double x1 = r.nextGaussian();
      int level = r.nextInt(3);
      // Mild selection on x1 keeps every propensity score well inside (0, 0.999).
      int pick = strongSelection
          ? Math.min(Math.max((int) Math.floor(r.nextInt(cohorts.size()) + 2.5 * x1), 0), cohorts.size() - 1)
          : Math.floorMod((int) Math.floor(r.nextInt(cohorts.size()) + 0.3 * x1), cohorts.size());
      int g = cohorts.get(pick);
      long cluster = 1 + (long) i * clusters / units;
      double w = weighted ? 0.5 + 1.5 * r.nextDouble() : 1.0;
      double alpha = 0.5 * x1 + r.nextGaussian();
      for (int p = 0; p < periodCount; p++) {
        int t = periods[p];
        double x3 = 0.4 * x1 + 0.1 * p + 0.5 * r.nextGaussian();
        double effect = g > 0 && t >= g ? 1 + 0.3 * (t - g) + 0.2 * x1 : 0;
        double y = alpha + 0.2 * p + (0.25 * x1 + 0.1 * level) * p + 0.3 * x3 + effect + 0.5 * r.nextGaussian();
        if (unbalanced && r.nextInt(2 * periodCount) == 0) {
          continue;
        }
        double wt = weightsVary ? w * (0.8 + 0.4 * r.nextDouble()) : w;
        double[] x = timeVarying ? new double[] {x1, level == 1 ? 1 : 0, level == 2 ? 1 : 0, x3}
            : new double[] {x1, level == 1 ? 1 : 0, level == 2 ? 1 : 0};
        rows.add(new Observation(i + 1, t, g, cluster, wt, x, y));
      }
    }
    // Event windows within the design's event times: from first - latestEstimated (at most -2) to
    // lastEstimated - (first + 2) (at least 0); each holds event time 0, which balance_e keeps for cohorts
    // treated at least balance_e periods before lastEstimated.
    int earliestEvent = first - latestEstimated;
    int latestEvent = lastEstimated - (first + 2);
    double minE = r.nextBoolean() ? Double.NEGATIVE_INFINITY : -1 - r.nextInt(Math.min(3, -earliestEvent));
    double maxE = r.nextBoolean() ? Double.POSITIVE_INFINITY : r.nextInt(Math.min(3, latestEvent + 1));
    Integer balanceE = r.nextInt(3) == 0 ? r.nextInt(Math.min(2, latestEvent + 1)) : null;
    return new RandomDesign(seed, settings, periods, rows, timeVarying, minE, maxE, balanceE);
  }

  /** The rows as engine units built in memory (outcome NaN where a row is missing). */
  List<UnitRecord> units() {
    Map<Long, List<Observation>> byUnit = new TreeMap<>();
    rows.forEach(o -> byUnit.computeIfAbsent(o.id(), id -> new ArrayList<>()).add(o));
    List<UnitRecord> units = new ArrayList<>();
    byUnit.forEach((id, rows) -> {
      double[] y = new double[periods.length];
      Arrays.fill(y, Double.NaN);
      double[][] levels = new double[periods.length][];
      double[] weights = new double[periods.length];
      Arrays.fill(weights, rows.get(0).weight());
      for (Observation o : rows) {
        int p = Arrays.binarySearch(periods, o.period());
        y[p] = o.outcome();
        weights[p] = o.weight();
        double[] x = new double[o.covariates().length + 1];
        x[0] = 1;
        System.arraycopy(o.covariates(), 0, x, 1, o.covariates().length);
        levels[p] = x;
      }
      for (int p = 0; p < levels.length; p++) {
        levels[p] = levels[p] == null ? levels[rows.get(0).period() - periods[0]] : levels[p];
      }
      Observation first = rows.get(0);
      long cluster = settings.clustered() ? first.cluster() : id;
      // Weights by period only where they change: constant ones leave the unit time-invariant, as UnitPivot
      // builds it, so that cells share their unit sets and intercept-only designs reach the grouped moments.
      boolean weightsChange = Arrays.stream(weights).anyMatch(w -> w != weights[0]);
      units.add(new UnitRecord(cluster, first.group(), first.weight(), weightsChange ? weights : null,
          timeVarying ? levels
          : new double[][] {levels[rows.get(0).period() - periods[0]]},
          timeVarying ? IntStream.range(0, periods.length).toArray() : null, y));
    });
    return units;
  }
}
