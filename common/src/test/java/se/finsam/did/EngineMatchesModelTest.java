package se.finsam.did;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import se.finsam.did.model.AttGt;
import se.finsam.did.model.Aggte;
import se.finsam.did.model.Observation;
import se.finsam.did.model.Pretest;
import se.finsam.did.model.Settings;

/**
 * Property test: on seeded random designs the engine and the independent reference model
 * ({@code se.finsam.did.model}, itself checked against R in ModelMatchesRTest) agree on every ATT(g,t), its
 * standard error, every aggregation (with random event-time windows) and the pre-test. Designs vary the
 * number of periods and their values, cohorts (with and without a never-treated group, cohorts treated in
 * the first period or after the panel), a continuous and a categorical covariate and sometimes a
 * time-varying one, unit weights (sometimes changing over time), clusters, missing rows (unbalanced panel:
 * repeated cross sections as R or pair balanced as Stata csdid), base period, anticipation,
 * comparison group and the four methods of R. Variants on the same data: each ipw and each repeated
 * cross-section design with Abadie's ipw; each design with missing rows in R's default mode (the units
 * missing a period dropped to balance the panel: panel = TRUE, allow_unbalanced_panel = FALSE); every fourth
 * design with only the intercept (xformla = ~1, where the engine sums grouped moments with the estimators'
 * declared linear influence instead of a pass per unit). A few designs select so strongly on x1 that R's
 * overlap guard leaves dr, ipw and ipw-abadie cells out.
 */
class EngineMatchesModelTest {
  private static final int CASES = 60;
  private static final double TOLERANCE = 1e-10;

  /** One random design. */
  record Design(long seed, Settings settings, int[] periods, List<Observation> rows, boolean timeVarying,
                double minE, double maxE, Integer balanceE) {
    Design with(Settings.Method method) {
      Settings s = settings;
      return new Design(seed, new Settings(s.comparison(), s.basePeriod(), s.anticipation(), method, s.unbalanced(),
          s.clustered(), s.formulaVariables()), periods, rows, timeVarying, minE, maxE, balanceE);
    }

    Design with(Settings.Unbalanced mode) {
      Settings s = settings;
      return new Design(seed, new Settings(s.comparison(), s.basePeriod(), s.anticipation(), s.method(), mode,
          s.clustered(), s.formulaVariables()), periods, rows, timeVarying, minE, maxE, balanceE);
    }

    /** The same rows without covariates. */
    Design interceptOnly() {
      List<Observation> bare = rows.stream().map(o -> new Observation(o.id(), o.period(), o.group(), o.cluster(),
          o.weight(), new double[0], o.outcome())).toList();
      return new Design(seed, settings, periods, bare, false, minE, maxE, balanceE);
    }

    boolean hasCovariates() {
      return rows.get(0).covariates().length > 0;
    }

    @Override
    public String toString() {
      return "seed " + seed + " " + settings + (timeVarying ? " x3" : "") + (hasCovariates() ? "" : " ~1") + " periods " + Arrays.toString(periods)
          + " window [" + minE + "," + maxE + "] balance " + balanceE;
    }
  }

  /**
   * Every design and its variants on the same data: each ipw design and each repeated cross-section design
   * with Abadie's ipw (its estimator has a repeated cross-section form of its own), each design with missing
   * rows in R's drop-to-balance mode, every fourth design with only the intercept.
   */
  static Stream<Design> designs() {
    return IntStream.range(0, CASES).mapToObj(c -> design(1000 + c)).flatMap(d -> {
      List<Design> variants = new ArrayList<>(List.of(d));
      if (d.settings().method() == Settings.Method.IPW || d.settings().unbalanced() == Settings.Unbalanced.CROSS_SECTIONS) {
        variants.add(d.with(Settings.Method.IPW_ABADIE));
      }
      if (d.settings().unbalanced() != Settings.Unbalanced.DROP_UNITS) {
        variants.add(d.with(Settings.Unbalanced.DROP_UNITS));
      }
      if (d.seed() % 4 == 0) {
        variants.add(d.interceptOnly());
      }
      return variants.stream();
    });
  }

  static Design design(long seed) {
    Random r = new Random(seed);
    int periodCount = 4 + r.nextInt(4);
    int first = r.nextBoolean() ? 1 : 2001;
    int[] periods = IntStream.range(0, periodCount).map(p -> first + p).toArray();
    Settings.Method method = List.of(Settings.Method.DR, Settings.Method.DRIMP, Settings.Method.IPW,
        Settings.Method.REG).get(r.nextInt(4));
    boolean unbalanced = r.nextInt(4) == 0;
    Settings settings = new Settings(r.nextBoolean() ? Settings.Comparison.NEVER_TREATED : Settings.Comparison.NOT_YET_TREATED,
        r.nextBoolean() ? Settings.BasePeriod.VARYING : Settings.BasePeriod.UNIVERSAL, r.nextInt(4) == 0 ? 1 : 0,
        method, !unbalanced ? Settings.Unbalanced.DROP_UNITS
            : r.nextBoolean() ? Settings.Unbalanced.CROSS_SECTIONS : Settings.Unbalanced.PAIRS, r.nextBoolean(), 0);
    boolean timeVarying = r.nextInt(4) == 0;
    // Strong selection on x1 drives some propensity scores to 0.999, where R's overlap guard leaves dr and ipw
    // (and ipw-abadie) cells out. Only for those methods (the improved DR's calibration has no solution there,
    // and R then falls back through other optimisers), and unweighted: R's guard fits an unweighted logit,
    // the engine checks its weighted score.
    boolean strongSelection = (method == Settings.Method.DR || method == Settings.Method.IPW) && r.nextInt(4) == 0;
    boolean weighted = !strongSelection && r.nextBoolean();
    boolean weightsVary = weighted && r.nextInt(3) == 0;
    boolean neverTreated = r.nextInt(6) != 0;
    // Cohorts: never treated (maybe), three or so treated cohorts inside the panel, sometimes one treated in the
    // first period (dropped) or after it (never treated within it).
    List<Integer> cohorts = new ArrayList<>();
    if (neverTreated) {
      cohorts.add(0);
    }
    for (int g = first + 2; g < first + periodCount; g += 1 + r.nextInt(2)) {
      cohorts.add(g);
    }
    if (r.nextInt(5) == 0) {
      cohorts.add(first);
    }
    if (r.nextInt(5) == 0) {
      cohorts.add(first + periodCount + 2);
    }
    int units = 120 + r.nextInt(120);
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
        if (unbalanced && r.nextInt(12) == 0) {
          continue;
        }
        double wt = weightsVary ? w * (0.8 + 0.4 * r.nextDouble()) : w;
        double[] x = timeVarying ? new double[] {x1, level == 1 ? 1 : 0, level == 2 ? 1 : 0, x3}
            : new double[] {x1, level == 1 ? 1 : 0, level == 2 ? 1 : 0};
        rows.add(new Observation(i + 1, t, g, cluster, wt, x, y));
      }
    }
    double minE = r.nextBoolean() ? Double.NEGATIVE_INFINITY : -1 - r.nextInt(3);
    double maxE = r.nextBoolean() ? Double.POSITIVE_INFINITY : r.nextInt(3);
    Integer balanceE = r.nextInt(3) == 0 ? r.nextInt(2) : null;
    return new Design(seed, settings, periods, rows, timeVarying, minE, maxE, balanceE);
  }

  /** The design's rows as engine units (outcome NaN where a row is missing). */
  static List<UnitRecord> units(Design design) {
    Map<Long, List<Observation>> byUnit = new TreeMap<>();
    design.rows().forEach(o -> byUnit.computeIfAbsent(o.id(), id -> new ArrayList<>()).add(o));
    int[] periods = design.periods();
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
      long cluster = design.settings().clustered() ? first.cluster() : id;
      // Weights by period only where they change: constant ones leave the unit time-invariant, as UnitPivot
      // builds it, so that cells share their unit sets and intercept-only designs reach the grouped moments.
      boolean weightsChange = Arrays.stream(weights).anyMatch(w -> w != weights[0]);
      units.add(new UnitRecord(cluster, first.group(), first.weight(), weightsChange ? weights : null,
          design.timeVarying() ? levels
          : new double[][] {levels[rows.get(0).period() - periods[0]]},
          design.timeVarying() ? IntStream.range(0, periods.length).toArray() : null, y));
    });
    return units;
  }

  private static void close(double model, double engine, String what) {
    if (Double.isNaN(model)) {
      assertTrue(Double.isNaN(engine), what + ": model NaN, engine " + engine);
      return;
    }
    assertTrue(Math.abs(model - engine) <= TOLERANCE * Math.max(1, Math.abs(model)),
        what + ": model " + model + ", engine " + engine + ", diff " + (model - engine));
  }

  @ParameterizedTest
  @MethodSource("designs")
  void engineEqualsModel(Design design) {
    AttGt.Fit model = AttGt.estimate(design.rows(), design.settings());
    AttGtResult engine = AttGtEstimator.estimate(new LocalUnits(units(design)), design.periods(),
        EngineMatchesRTest.settings(design.settings()));
    Inference inference = Inference.analytical(engine.moments(), 0.05);
    long skipped = model.cells().stream().filter(c -> !c.estimated()).count();
    if (skipped > 0) {
      System.out.println(design + ": " + skipped + " cells not estimated " + model.warnings());
    }
    assertTrue(model.cells().stream().filter(AttGt.Cell::estimated).count() > model.cells().size() / 3,
        "most cells are estimated");
    assertEquals(model.cells().size(), engine.effects().size(), "cells");
    for (int k = 0; k < model.cells().size(); k++) {
      AttGt.Cell m = model.cells().get(k);
      GroupTimeEffect e = engine.effects().get(k);
      String what = "ATT(" + m.group() + "," + m.time() + ")";
      assertEquals(m.group(), e.cell().group(), what);
      assertEquals(m.time(), e.cell().time(), what);
      close(m.att(), e.att(), what);
      close(m.se(), inference.standardError(engine.cellInfluence(k)), what + " se");
    }
    Aggregator aggregator = new Aggregator(engine, inference);
    for (Aggte.Type type : Aggte.Type.values()) {
      Aggte.Result m = Aggte.aggregate(model, type, design.minE(), design.maxE(),
          type == Aggte.Type.DYNAMIC ? design.balanceE() : null);
      AggregatedEffects e = aggregator.aggregate(AggregationType.valueOf(type.name()),
          new Aggregator.Window(design.minE(), design.maxE(), type == Aggte.Type.DYNAMIC ? design.balanceE() : null));
      close(m.overall().att(), e.overall().att(), type + " overall");
      close(m.overall().se(), e.overall().se(), type + " overall se");
      assertEquals(m.elements().size(), e.elements().size(), type + " elements");
      for (int k = 0; k < m.elements().size(); k++) {
        assertEquals(m.elements().get(k).label(), e.elements().get(k).label(), type + " labels");
        close(m.elements().get(k).att(), e.elements().get(k).att(), type + " " + m.elements().get(k).label());
        close(m.elements().get(k).se(), e.elements().get(k).se(), type + " " + m.elements().get(k).label() + " se");
      }
    }
    var modelTest = Pretest.compute(model);
    var engineTest = WaldPretest.compute(engine);
    assertEquals(modelTest.isPresent(), engineTest.isPresent(), "pre-test computed");
    if (modelTest.isPresent()) {
      assertEquals(modelTest.get().degreesOfFreedom(), engineTest.get().degreesOfFreedom());
      close(modelTest.get().w(), engineTest.get().statistic(), "W");
      close(modelTest.get().pValue(), engineTest.get().pValue(), "p-value");
    }
  }

  /** The first designs, with an intercept-only one and one dropped to balance among them. */
  static Stream<Design> bootstrapDesigns() {
    return designs().limit(12);
  }

  /**
   * The engine's multiplier bootstrap and the model's {@link se.finsam.did.model.Mboot} share the definition
   * of the multipliers (a hash of seed, cluster and draw), so their draws of every cell and of every element
   * and overall effect of every aggregation (with the design's event window) are equal up to summation order,
   * and so are the bootstrap standard errors and R's uniform critical values (over the cells, and over each
   * aggregation's elements).
   */
  @ParameterizedTest
  @MethodSource("bootstrapDesigns")
  void bootstrapDrawsEqualModel(Design design) {
    int iterations = 99;
    long seed = design.seed() * 31;
    AttGt.Fit model = AttGt.estimate(design.rows(), design.settings());
    AttGtFit fit = AttGtEstimator.fit(new LocalUnits(units(design)), design.periods(),
        EngineMatchesRTest.settings(design.settings()));
    AttGtResult engine = fit.result();
    BootstrapDraws engineDraws = MultiplierBootstrap.draw(fit, iterations, seed);
    List<double[]> influences = new ArrayList<>();
    List<double[]> coefficients = new ArrayList<>();
    for (int k = 0; k < model.cells().size(); k++) {
      influences.add(model.cells().get(k).influence());
      coefficients.add(engine.cellInfluence(k));
    }
    assertDrawsEqual(model, engineDraws, influences, coefficients, iterations, seed, "cells");
    Aggregator aggregator = new Aggregator(engine, Inference.analytical(engine.moments(), 0.05));
    for (Aggte.Type type : Aggte.Type.values()) {
      Integer balanceE = type == Aggte.Type.DYNAMIC ? design.balanceE() : null;
      Aggte.Result m = Aggte.aggregate(model, type, design.minE(), design.maxE(), balanceE);
      AggregatedEffects e = aggregator.aggregate(AggregationType.valueOf(type.name()),
          new Aggregator.Window(design.minE(), design.maxE(), balanceE));
      assertEquals(m.elements().size(), e.elements().size(), type + " elements");
      List<double[]> elementInfluences = new ArrayList<>();
      List<double[]> elementCoefficients = new ArrayList<>();
      for (int k = 0; k < m.elements().size(); k++) {
        elementInfluences.add(m.elements().get(k).influence());
        elementCoefficients.add(e.elements().get(k).influence());
      }
      if (!elementInfluences.isEmpty()) {
        assertDrawsEqual(model, engineDraws, elementInfluences, elementCoefficients, iterations, seed, type + " elements");
      }
      assertDrawsEqual(model, engineDraws, List.of(m.overall().influence()), List.of(e.overall().influence()),
          iterations, seed, type + " overall");
    }
  }

  /**
   * The model's draws of {@code influences} (per unit) equal the engine's of {@code coefficients} (over the
   * cells' influence functions), draw by draw, with their standard errors and uniform critical value.
   */
  private static void assertDrawsEqual(AttGt.Fit model, BootstrapDraws engineDraws, List<double[]> influences,
                                       List<double[]> coefficients, int iterations, long seed, String what) {
    se.finsam.did.model.Mboot.Draws modelDraws =
        se.finsam.did.model.Mboot.draw(influences, model.unitClusters(), iterations, seed);
    for (int j = 0; j < influences.size(); j++) {
      double[] e = engineDraws.draws(coefficients.get(j));
      double scale = Arrays.stream(e).map(Math::abs).max().orElse(0);
      for (int b = 0; b < iterations; b++) {
        assertTrue(Math.abs(modelDraws.draws()[j][b] - e[b]) <= TOLERANCE * Math.max(1, scale),
            what + " statistic " + j + " draw " + b + ": model " + modelDraws.draws()[j][b] + ", engine " + e[b]);
      }
      close(modelDraws.se(j), engineDraws.standardError(coefficients.get(j)), what + " bootstrap se " + j);
    }
    close(modelDraws.criticalValue(0.05), engineDraws.uniformCriticalValue(coefficients, 0.05),
        what + " critical value");
  }
}
