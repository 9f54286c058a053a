package se.finsam.did;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import se.finsam.did.model.Settings;
import se.finsam.did.model.SimReference;

/**
 * The engine ({@link AttGtEstimator} over {@link LocalUnits}, {@link Aggregator}, {@link WaldPretest}) against
 * R did 2.5.0 on the simulated reference panel, scenarios 1-11 of shared/reference/README.md, and each 2x2
 * estimator against its DRDID function on the README's 2x2 anchor, at its tolerances: points 1e-8, standard
 * errors and W 1 % relative, influence values 1e-8 (no logit) or 1e-6.
 */
class EngineMatchesRTest {
  private static final double POINT = 1e-8;
  private static final double SE_RELATIVE = 0.01;
  private static final int[] PERIODS = {1, 2, 3, 4, 5, 6, 7, 8};
  private static final Map<String, AttGtResult> FITS = new ConcurrentHashMap<>();

  static List<SimReference.Scenario> scenarios() {
    return SimReference.SCENARIOS;
  }

  /** The engine's settings for a model scenario. */
  static DidSettings settings(Settings s) {
    return new DidSettings(
        s.comparison() == Settings.Comparison.NEVER_TREATED ? ControlGroup.NEVER_TREATED : ControlGroup.NOT_YET_TREATED,
        s.basePeriod() == Settings.BasePeriod.VARYING ? BasePeriod.VARYING : BasePeriod.UNIVERSAL,
        s.anticipation(), EstimationMethod.valueOf(s.method().name()), UnbalancedPanel.valueOf(s.unbalanced().name()),
        s.formulaVariables());
  }

  /** The scenario's data as engine units: intercept first, a covariate level per period when x3 is used. */
  static List<UnitRecord> units(SimReference.Scenario s) {
    Map<Long, List<String[]>> byUnit = new LinkedHashMap<>();
    for (String[] r : SimReference.csv(s.data())) {
      byUnit.computeIfAbsent(Long.parseLong(r[0]), id -> new ArrayList<>()).add(r);
    }
    boolean timeVarying = s.covariates().contains("x3");
    List<UnitRecord> units = new ArrayList<>();
    byUnit.forEach((id, rows) -> {
      double[] y = new double[PERIODS.length];
      Arrays.fill(y, Double.NaN);
      double[][] levels = new double[timeVarying ? PERIODS.length : 1][];
      int[] levelByPeriod = timeVarying ? new int[PERIODS.length] : null;
      for (String[] r : rows) {
        int p = Integer.parseInt(r[1]) - 1;
        y[p] = Double.parseDouble(r[8]);
        double[] c = SimReference.covariates(r, s.covariates());
        double[] x = new double[c.length + 1];
        x[0] = 1;
        System.arraycopy(c, 0, x, 1, c.length);
        levels[timeVarying ? p : 0] = x;
        if (timeVarying) {
          levelByPeriod[p] = p;
        }
      }
      if (timeVarying) {
        // A missing period keeps a copy of an observed level so that every index points at a vector.
        double[] any = Arrays.stream(levels).filter(v -> v != null).findFirst().orElseThrow();
        for (int p = 0; p < levels.length; p++) {
          levels[p] = levels[p] == null ? any : levels[p];
        }
      }
      String[] first = rows.get(0);
      long cluster = s.settings().clustered() ? Long.parseLong(first[3]) : id;
      double weight = s.weighted() ? Double.parseDouble(first[4]) : 1.0;
      units.add(new UnitRecord(cluster, Integer.parseInt(first[2]), weight, null, levels, levelByPeriod, y));
    });
    return units;
  }

  static AttGtResult fit(SimReference.Scenario s) {
    return FITS.computeIfAbsent(s.name(), k -> AttGtEstimator.estimate(new LocalUnits(units(s)), PERIODS,
        settings(s.settings())));
  }

  private static void assertSe(double r, double actual, String what) {
    if (Double.isNaN(r)) {
      assertTrue(Double.isNaN(actual), what + ": R has no se, got " + actual);
      return;
    }
    assertTrue(Math.abs(actual / r - 1) < SE_RELATIVE, what + ": se " + actual + " vs R " + r);
  }

  /** The DRDID panel function each method is (sim_drdid_2x2.csv's estimator column). */
  private static String drdidPanelFunction(EstimationMethod method) {
    return switch (method) {
      case DR -> "drdid_panel";
      case DRIMP -> "drdid_imp_panel";
      case IPW -> "std_ipw_did_panel";
      case IPW_ABADIE -> "ipw_did_panel";
      case REG -> "reg_did_panel";
    };
  }

  /**
   * Every 2x2 estimator of the engine on the anchor of sim_drdid_2x2.csv against the DRDID function it
   * names: ATT, DRDID's SE and all 361 influence values (DRDID's att.inf.func) at the README's tolerances.
   */
  @ParameterizedTest
  @EnumSource(EstimationMethod.class)
  void twoByTwoEstimatorMatchesDrdid(EstimationMethod method) {
    SimReference.Anchor a = SimReference.anchor();
    int n = a.ids().length;
    List<CellObservation> units = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      units.add(new CellObservation(a.y1()[i] - a.y0()[i], a.d()[i], a.x()[i], 1.0));
    }
    TwoByTwoDid.Estimate e = TwoByTwoDid.estimate(method, units);
    String function = drdidPanelFunction(method);
    String[] r = SimReference.Anchor.estimates().stream().filter(row -> row[0].equals(function)).findFirst()
        .orElseThrow();
    assertEquals(Double.parseDouble(r[1]), e.att(), POINT, function + " att");
    assertSe(Double.parseDouble(r[2]), e.se(), function);
    List<String[]> inf = SimReference.Anchor.influence().stream().filter(row -> row[0].equals(function)).toList();
    assertEquals(n, inf.size());
    double worst = 0;
    for (int i = 0; i < n; i++) {
      assertEquals(a.ids()[i], Long.parseLong(inf.get(i)[1]));
      double value = Double.parseDouble(inf.get(i)[2]);
      double diff = Math.abs(value - e.influence()[i]);
      assertTrue(diff < SimReference.Anchor.influenceTolerance(function, value), function + " inf of id "
          + inf.get(i)[1] + ": engine " + e.influence()[i] + ", R " + value);
      worst = Math.max(worst, diff);
    }
    System.out.printf("engine %s (%s) on the 2x2 anchor: |att - R| %.2g, max |inf - R| %.2g%n", method, function,
        Math.abs(e.att() - Double.parseDouble(r[1])), worst);
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void attGtMatchesR(SimReference.Scenario s) {
    AttGtResult result = fit(s);
    Inference inference = Inference.analytical(result.moments(), 0.05);
    List<String[]> rows = SimReference.rows("sim_r_did_attgt.csv", s.name());
    assertEquals(rows.size(), result.effects().size(), s + " cells");
    double worstAtt = 0;
    double worstSe = 0;
    for (int k = 0; k < rows.size(); k++) {
      String[] r = rows.get(k);
      GroupTimeEffect e = result.effects().get(k);
      String what = s + " ATT(" + r[1] + "," + r[2] + ")";
      assertEquals(Integer.parseInt(r[1]), e.cell().group(), what);
      assertEquals(Integer.parseInt(r[2]), e.cell().time(), what);
      assertEquals(Double.parseDouble(r[3]), e.att(), POINT, what);
      double se = inference.standardError(result.cellInfluence(k));
      assertSe(SimReference.number(r[4]), se, what);
      worstAtt = Math.max(worstAtt, Math.abs(Double.parseDouble(r[3]) - e.att()));
      if (!Double.isNaN(se)) {
        worstSe = Math.max(worstSe, Math.abs(se / Double.parseDouble(r[4]) - 1));
      }
    }
    System.out.printf("engine %s att_gt: max |att - R| %.2g, max rel se diff %.2g%n", s, worstAtt, worstSe);
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void aggregationsMatchR(SimReference.Scenario s) {
    AttGtResult result = fit(s);
    Aggregator aggregator = new Aggregator(result, Inference.analytical(result.moments(), 0.05));
    for (AggregationType type : AggregationType.values()) {
      compare(s.name(), type, aggregator.aggregate(type, Aggregator.Window.all()));
    }
  }

  @Test
  void windowedDynamicMatchesR() {
    AttGtResult result = fit(SimReference.scenario("sim_nyt_dr_x1x2"));
    Aggregator aggregator = new Aggregator(result, Inference.analytical(result.moments(), 0.05));
    compare("sim_nyt_dr_x1x2_dynwin", AggregationType.DYNAMIC,
        aggregator.aggregate(AggregationType.DYNAMIC, new Aggregator.Window(-3, 2, 1)));
  }

  private static void compare(String scenario, AggregationType type, AggregatedEffects agg) {
    List<String[]> rows = SimReference.rows("sim_r_did_aggte.csv", scenario).stream()
        .filter(r -> r[1].equals(type.rName())).toList();
    assertFalse(rows.isEmpty());
    String what = scenario + " " + type;
    assertEquals(Double.parseDouble(rows.get(0)[5]), agg.overall().att(), POINT, what + " overall");
    assertSe(Double.parseDouble(rows.get(0)[6]), agg.overall().se(), what + " overall");
    if (type == AggregationType.SIMPLE) {
      return;
    }
    assertEquals(rows.size(), agg.elements().size(), what + " elements");
    for (int k = 0; k < rows.size(); k++) {
      String[] r = rows.get(k);
      AggregatedEffects.Element e = agg.elements().get(k);
      assertEquals(Integer.parseInt(r[2]), e.label(), what);
      assertEquals(Double.parseDouble(r[3]), e.att(), POINT, what + " " + r[2]);
      assertSe(SimReference.number(r[4]), e.se(), what + " " + r[2]);
    }
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void pretestMatchesR(SimReference.Scenario s) {
    String[] r = SimReference.rows("sim_r_did_pretest.csv", s.name()).get(0);
    WaldPretest test = WaldPretest.compute(fit(s)).orElseThrow();
    assertEquals(12, test.degreesOfFreedom());
    assertTrue(Math.abs(test.statistic() / Double.parseDouble(r[1]) - 1) < SE_RELATIVE,
        s + " W " + test.statistic() + " vs R " + r[1]);
    assertEquals(Double.parseDouble(r[2]), Math.round(test.pValue() * 1e5) / 1e5, 1e-12, s + " p-value");
  }
}
