package se.finsam.did.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reference model against R did 2.5.0 / DRDID 1.2.3 on shared/reference at the README's tolerances:
 * points 1e-8, standard errors and W 1 % relative, influence values 1e-8 (reg, improved DR) or 1e-6 (logit
 * based: the logit's convergence tolerance in R moves them by up to 1.7e-7).
 */
class ModelMatchesRTest {
  static final double POINT = 1e-8;
  static final double SE_RELATIVE = 0.01;

  static List<SimReference.Scenario> scenarios() {
    return SimReference.SCENARIOS;
  }

  static void assertSe(double r, double actual, String what) {
    if (Double.isNaN(r)) {
      assertTrue(Double.isNaN(actual), what + ": R has no se, got " + actual);
      return;
    }
    assertTrue(Math.abs(actual / r - 1) < SE_RELATIVE, what + ": se " + actual + " vs R " + r);
  }

  // ---- the 2x2 anchor ----------------------------------------------------------------------------

  @Test
  void twoByTwoEstimatorsMatchDrdid() {
    SimReference.Anchor a = SimReference.anchor();
    int n = a.ids().length;
    assertEquals(361, n);
    double[] y1 = a.y1();
    double[] y0 = a.y0();
    double[] d = a.d();
    double[][] x = a.x();
    Map<String, TwoByTwo> fits = Map.of(
        "drdid_panel", DrDid.drdidPanel(y1, y0, d, x, null),
        "drdid_imp_panel", DrDid.drdidImpPanel(y1, y0, d, x, null),
        "reg_did_panel", DrDid.regDidPanel(y1, y0, d, x, null),
        "std_ipw_did_panel", DrDid.stdIpwDidPanel(y1, y0, d, x, null),
        "ipw_did_panel", DrDid.ipwDidPanel(y1, y0, d, x, null));
    for (String[] r : SimReference.Anchor.estimates()) {
      TwoByTwo fit = fits.get(r[0]);
      assertEquals(Double.parseDouble(r[1]), fit.att(), POINT, r[0] + " att");
      assertSe(Double.parseDouble(r[2]), fit.se(), r[0]);
    }
    Map<String, Double> worst = new TreeMap<>();
    List<String[]> inf = SimReference.Anchor.influence();
    assertEquals(5 * n, inf.size());
    for (int k = 0; k < inf.size(); k++) {
      String[] r = inf.get(k);
      int row = k % n;
      assertEquals(a.ids()[row], Long.parseLong(r[1]));
      // "About" 1e-8: the largest improved-DR values (about 19) carry R's trust tolerance at 1e-9 relative.
      double value = Double.parseDouble(r[2]);
      double diff = Math.abs(value - fits.get(r[0]).influence()[row]);
      assertTrue(diff < SimReference.Anchor.influenceTolerance(r[0], value),
          r[0] + " inf of id " + r[1] + " differs by " + diff);
      worst.merge(r[0], diff, Math::max);
    }
    System.out.println("2x2 anchor, max |inf - R| by estimator: " + worst);
    // R's own check (a): the 2x2 DR equals att_gt's cell (4,4) of scenario 2, with se sqrt(sum(inf^2)) / n.
    AttGt.Cell cell = fit(SimReference.scenario("sim_nev_dr_x1x2_universal")).cells().stream()
        .filter(c -> c.group() == 4 && c.time() == 4).findFirst().orElseThrow();
    assertEquals(fits.get("drdid_panel").att(), cell.att(), 1e-12);
    double ss = java.util.Arrays.stream(fits.get("drdid_panel").influence()).map(v -> v * v).sum();
    assertEquals(Math.sqrt(ss) / n, cell.se(), 1e-12);
  }

  // ---- att_gt, aggte, pre-test on the simulated panel ------------------------------------------

  static final Map<String, AttGt.Fit> FITS = new java.util.concurrent.ConcurrentHashMap<>();

  static AttGt.Fit fit(SimReference.Scenario s) {
    return FITS.computeIfAbsent(s.name(), k -> AttGt.estimate(SimReference.observations(s), s.settings()));
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void attGtMatchesR(SimReference.Scenario s) {
    List<String[]> rows = SimReference.rows("sim_r_did_attgt.csv", s.name());
    List<AttGt.Cell> cells = fit(s).cells();
    assertEquals(rows.size(), cells.size(), s + " cells");
    double worstAtt = 0;
    double worstSe = 0;
    for (int k = 0; k < rows.size(); k++) {
      String[] r = rows.get(k);
      AttGt.Cell c = cells.get(k);
      String what = s + " ATT(" + r[1] + "," + r[2] + ")";
      assertEquals(Integer.parseInt(r[1]), c.group(), what);
      assertEquals(Integer.parseInt(r[2]), c.time(), what);
      assertEquals(Double.parseDouble(r[3]), c.att(), POINT, what);
      assertSe(SimReference.number(r[4]), c.se(), what);
      worstAtt = Math.max(worstAtt, Math.abs(Double.parseDouble(r[3]) - c.att()));
      if (!Double.isNaN(c.se())) {
        worstSe = Math.max(worstSe, Math.abs(c.se() / Double.parseDouble(r[4]) - 1));
      }
    }
    System.out.printf("model %s att_gt: max |att - R| %.2g, max rel se diff %.2g%n", s, worstAtt, worstSe);
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void aggregationsMatchR(SimReference.Scenario s) {
    for (Aggte.Type type : Aggte.Type.values()) {
      compareAggregation(s.name(), type, Aggte.aggregate(fit(s), type));
    }
  }

  @Test
  void windowedDynamicMatchesR() {
    AttGt.Fit fit = fit(SimReference.scenario("sim_nyt_dr_x1x2"));
    compareAggregation("sim_nyt_dr_x1x2_dynwin", Aggte.Type.DYNAMIC, Aggte.aggregate(fit, Aggte.Type.DYNAMIC, -3, 2, 1));
  }

  static void compareAggregation(String scenario, Aggte.Type type, Aggte.Result result) {
    List<String[]> rows = SimReference.rows("sim_r_did_aggte.csv", scenario).stream()
        .filter(r -> r[1].equals(type.name().toLowerCase())).toList();
    assertFalse(rows.isEmpty());
    String what = scenario + " " + type;
    assertEquals(Double.parseDouble(rows.get(0)[5]), result.overall().att(), POINT, what + " overall");
    assertSe(Double.parseDouble(rows.get(0)[6]), result.overall().se(), what + " overall");
    if (type == Aggte.Type.SIMPLE) {
      return;
    }
    assertEquals(rows.size(), result.elements().size(), what + " elements");
    for (int k = 0; k < rows.size(); k++) {
      String[] r = rows.get(k);
      Aggte.Estimate e = result.elements().get(k);
      assertEquals(Integer.parseInt(r[2]), e.label(), what);
      assertEquals(Double.parseDouble(r[3]), e.att(), POINT, what + " " + r[2]);
      assertSe(SimReference.number(r[4]), e.se(), what + " " + r[2]);
    }
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void pretestMatchesR(SimReference.Scenario s) {
    String[] r = SimReference.rows("sim_r_did_pretest.csv", s.name()).get(0);
    Pretest test = Pretest.compute(fit(s)).orElseThrow();
    assertEquals(12, test.degreesOfFreedom());
    assertTrue(Math.abs(test.w() / Double.parseDouble(r[1]) - 1) < SE_RELATIVE, s + " W " + test.w() + " vs R " + r[1]);
    assertEquals(Double.parseDouble(r[2]), Math.round(test.pValue() * 1e5) / 1e5, 1e-12, s + " p-value");
  }

  /** R's notes: only the anticipation (8) and unbalanced-panel (10) scenarios emit one. */
  @ParameterizedTest
  @MethodSource("scenarios")
  void warningsMatchR(SimReference.Scenario s) {
    List<String> expected = new ArrayList<>();
    for (String line : SimReference.csvLines("sim_r_warnings.txt")) {
      if (line.startsWith(s.name() + " ")) {
        expected.add(line.substring(line.indexOf(": ") + 2));
      }
    }
    List<String> actual = fit(s).warnings();
    assertEquals(expected.size(), actual.size(), s + ": " + actual);
    for (int k = 0; k < expected.size(); k++) {
      String first = expected.get(k).split("[.]")[0];
      assertTrue(actual.get(k).startsWith(first), actual.get(k) + " vs R " + expected.get(k));
    }
  }

  // ---- mpdta ----------------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"mpdta_nev_dr", "mpdta_nyt_dr"})
  void mpdtaMatchesR(String scenario) {
    Settings settings = new Settings(scenario.equals("mpdta_nev_dr") ? Settings.Comparison.NEVER_TREATED
        : Settings.Comparison.NOT_YET_TREATED, Settings.BasePeriod.VARYING, 0, Settings.Method.DR, false, false, 0);
    AttGt.Fit fit = AttGt.estimate(SimReference.mpdta(), settings);
    List<String[]> rows = SimReference.rows("mpdta_r_did_attgt.csv", scenario);
    assertEquals(rows.size(), fit.cells().size());
    for (int k = 0; k < rows.size(); k++) {
      assertEquals(Double.parseDouble(rows.get(k)[3]), fit.cells().get(k).att(), POINT);
      assertSe(Double.parseDouble(rows.get(k)[4]), fit.cells().get(k).se(), scenario + " cell " + k);
    }
    for (Aggte.Type type : Aggte.Type.values()) {
      Aggte.Result result = Aggte.aggregate(fit, type);
      List<String[]> agg = SimReference.rows("mpdta_r_did_aggte.csv", scenario).stream()
          .filter(r -> r[1].equals(type.name().toLowerCase())).toList();
      assertEquals(Double.parseDouble(agg.get(0)[5]), result.overall().att(), POINT, type.name());
      assertSe(Double.parseDouble(agg.get(0)[6]), result.overall().se(), type.name());
    }
    String[] p = SimReference.rows("mpdta_r_did_pretest.csv", scenario).get(0);
    Pretest test = Pretest.compute(fit).orElseThrow();
    assertEquals(Double.parseDouble(p[1]), test.w(), 1e-6);
    assertEquals(Double.parseDouble(p[2]), Math.round(test.pValue() * 1e5) / 1e5, 1e-12);
  }
}
