package se.finsam.did;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * R did 2.5's conventions for time-varying covariates and weights and for unbalanced panels, checked
 * against 2x2 samples built by hand and against first principles (difference of means, numerical
 * derivatives of the estimate for the influence function).
 */
class DidConventionsTest {
  private static final int[] PERIODS = {1, 2, 3, 4};

  /**
   * Units of groups 0, 3, 4 whose covariate and weight change every period; the outcome depends on the
   * covariate and treatment adds 1. {@code missingShare} of the unit-periods are not observed.
   */
  private static List<UnitRecord> panel(long seed, int n, double missingShare) {
    Random r = new Random(seed);
    List<UnitRecord> units = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double a = r.nextGaussian();
      int g = r.nextDouble() < 1 / (1 + Math.exp(-a)) ? (r.nextBoolean() ? 3 : 4) : 0;
      double[] y = new double[PERIODS.length];
      double[] w = new double[PERIODS.length];
      double[][] levels = new double[PERIODS.length][];
      for (int p = 0; p < PERIODS.length; p++) {
        double x = a + 0.6 * p * r.nextDouble();
        levels[p] = new double[] {1, x};
        w[p] = 0.5 + r.nextDouble();
        y[p] = 0.3 * p + x * (1 + 0.2 * p) + (g > 0 && PERIODS[p] >= g ? 1 : 0) + 0.5 * r.nextGaussian();
        if (r.nextDouble() < missingShare) {
          y[p] = Double.NaN;
        }
      }
      units.add(new UnitRecord(i, g, w[0], w, levels, new int[] {0, 1, 2, 3}, y));
    }
    return units;
  }

  /** The panel 2x2 of a cell built by hand, covariates and weights read in period index {@code xPeriod}. */
  private static List<CellObservation> panelCell(List<UnitRecord> units, CellSpec cell, int xPeriod) {
    List<CellObservation> out = new ArrayList<>();
    for (UnitRecord u : units) {
      boolean treated = u.group() == cell.group();
      if (treated || u.group() == 0) {
        double dy = u.outcomes()[cell.currentIndex()] - u.outcomes()[cell.baseIndex()];
        out.add(new CellObservation(dy, treated ? 1 : 0, u.covariateLevels()[xPeriod],
            u.periodWeights()[xPeriod]));
      }
    }
    return out;
  }

  @Test
  void panelCellsReadCovariatesAndWeightsInTheEarlierOfTheirTwoPeriods() {
    List<UnitRecord> units = panel(3, 600, 0);
    boolean differsFromBase = false;
    boolean differsFromFirst = false;
    for (BasePeriod base : BasePeriod.values()) {
      for (EstimationMethod method : EstimationMethod.values()) {
        DidSettings settings = new DidSettings(ControlGroup.NEVER_TREATED, base, 0, method);
        AttGtResult result = AttGtEstimator.estimate(new LocalUnits(units), PERIODS, settings);
        for (int k = 0; k < result.effects().size(); k++) {
          GroupTimeEffect e = result.effects().get(k);
          CellSpec cell = e.cell();
          if (cell.reference()) {
            continue;
          }
          int earlier = Math.min(cell.currentIndex(), cell.baseIndex());
          TwoByTwoDid.Estimate expected = TwoByTwoDid.estimate(method, panelCell(units, cell, earlier));
          String what = base + " " + method + " " + cell.group() + "," + cell.time();
          assertEquals(expected.att(), e.att(), 1e-9, what);
          assertEquals(expected.se(), result.moments().standardError(result.cellInfluence(k)), 1e-9 * expected.se(), what);
          double atBase = TwoByTwoDid.estimate(method, panelCell(units, cell, cell.baseIndex())).att();
          double atFirst = TwoByTwoDid.estimate(method, panelCell(units, cell, 0)).att();
          differsFromBase |= Math.abs(atBase - e.att()) > 1e-6;
          differsFromFirst |= Math.abs(atFirst - e.att()) > 1e-6;
        }
      }
    }
    // The data are such that the other conventions would give other numbers.
    assertTrue(differsFromBase);
    assertTrue(differsFromFirst);
  }

  @Test
  void aggregationsWeighUnitsByTheirFirstPeriodWeightInABalancedPanel() {
    List<UnitRecord> units = panel(4, 300, 0);
    AttGtResult result = AttGtEstimator.estimate(new LocalUnits(units), PERIODS, DidSettings.defaults());
    for (int gi = 0; gi < result.groups().length; gi++) {
      int g = result.groups()[gi];
      double expected = units.stream().filter(u -> u.group() == g).mapToDouble(u -> u.periodWeights()[0]).sum()
          / units.size();
      assertEquals(expected, result.groupShare(gi), 1e-12);
    }
  }

  /** Rows of a repeated cross section with one covariate; treatment adds 1 in the current period. */
  private static List<CellObservation> rows(long seed, int n, boolean covariates) {
    Random r = new Random(seed);
    List<CellObservation> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double x = r.nextGaussian();
      double d = r.nextDouble() < 1 / (1 + Math.exp(-0.5 * x)) ? 1 : 0;
      double post = r.nextBoolean() ? 1 : 0;
      double y = 0.5 + 0.8 * x + 0.4 * post + 0.3 * d + d * post + r.nextGaussian();
      out.add(new CellObservation(y, d, covariates ? new double[] {1, x} : new double[] {1}, 0.5 + r.nextDouble(),
          post));
    }
    return out;
  }

  @Test
  void repeatedCrossSectionsWithoutCovariatesAreTheDifferenceOfFourWeightedMeans() {
    List<CellObservation> data = rows(5, 300, false);
    int n = data.size();
    double meanW = data.stream().mapToDouble(CellObservation::weight).average().orElseThrow();
    // Cells: (treated, post) -> sum of normalised weights and of weight * y.
    double[] sumW = new double[4];
    double[] sumWy = new double[4];
    for (CellObservation o : data) {
      int c = (int) (2 * o.treated() + o.post());
      sumW[c] += o.weight() / meanW;
      sumWy[c] += o.weight() / meanW * o.deltaY();
    }
    double[] mean = new double[4];
    for (int c = 0; c < 4; c++) {
      mean[c] = sumWy[c] / sumW[c];
    }
    double att = (mean[3] - mean[2]) - (mean[1] - mean[0]);
    double[] influence = new double[n];
    for (int i = 0; i < n; i++) {
      CellObservation o = data.get(i);
      int c = (int) (2 * o.treated() + o.post());
      double sign = (o.treated() == 1 ? 1 : -1) * (o.post() == 1 ? 1 : -1);
      influence[i] = sign * (o.weight() / meanW) * (o.deltaY() - mean[c]) / (sumW[c] / n);
    }
    for (EstimationMethod method : EstimationMethod.values()) {
      if (method != EstimationMethod.IPW_ABADIE) {
        TwoByTwoDid.Estimate e = TwoByTwoDid.estimate(method, data, true);
        assertEquals(att, e.att(), 1e-12, method.name());
        assertArrayEquals(influence, e.influence(), 1e-9, method.name());
      }
    }
    // Abadie's IPW divides each part's sum by n times the shares of its group and of its period's rows, not
    // by the part's own weight (with the intercept only, the odds weight of a comparison is the treated share
    // over the comparison share): four means only if treatment and period were independent in the sample.
    double treatedShare = (sumW[2] + sumW[3]) / n;
    double postShare = (sumW[1] + sumW[3]) / n;
    double abadie = 0;
    for (int c = 0; c < 4; c++) {
      double group = c >= 2 ? treatedShare : 1 - treatedShare;
      double period = c % 2 == 1 ? postShare : 1 - postShare;
      double sign = (c >= 2 ? 1 : -1) * (c % 2 == 1 ? 1 : -1);
      abadie += sign * sumWy[c] / (n * group * period);
    }
    assertTrue(Math.abs(abadie - att) > 1e-3, "the design tells the two apart");
    assertEquals(abadie, TwoByTwoDid.estimate(EstimationMethod.IPW_ABADIE, data, true).att(), 1e-12);
  }

  /**
   * An influence function is the derivative of the estimate in the direction of one observation:
   * IF_i = n d ATT / d log w_i. Checked by central differences for every repeated cross-section estimator
   * with a covariate (propensity score, outcome regressions, locally efficient terms). DRDID's drdid_rc
   * (1.2.3, the newest in reach) adds the estimation effect of the base-period comparison regression on
   * the base-period means with the sign of the current period's, so for the comparison rows of the base
   * period R's value is the derivative plus 2 a_i'(M1.pre - M3.pre); we follow R and check that offset.
   * DRDID's ipw_did_rc divides by n Pi lambda with n the sum of the weights normalised to mean one, so it
   * takes that sum as fixed where the derivative in w_i also moves it: R's value is the derivative plus
   * ATT (1 - w_i / mean(w)) (zero at equal weights, where the model's InfluenceFunctionTest checks it).
   */
  @Test
  void repeatedCrossSectionInfluenceFunctionsAreDerivativesOfTheEstimate() {
    List<CellObservation> data = rows(6, 400, true);
    int n = data.size();
    double eps = 1e-5;
    double[] drOffsetDirection = drdidRcBasePeriodOffset(data);
    double meanWeight = data.stream().mapToDouble(CellObservation::weight).average().orElseThrow();
    for (EstimationMethod method : List.of(EstimationMethod.DR, EstimationMethod.IPW, EstimationMethod.IPW_ABADIE,
        EstimationMethod.REG)) {
      TwoByTwoDid.Estimate e = TwoByTwoDid.estimate(method, data, true);
      assertEquals(1.0, e.att(), 4 * e.se(), method.name());
      for (int i = 0; i < n; i += 7) {
        double up = TwoByTwoDid.estimate(method, reweighted(data, i, 1 + eps), true).att();
        double down = TwoByTwoDid.estimate(method, reweighted(data, i, 1 - eps), true).att();
        double expected = n * (up - down) / (2 * eps);
        CellObservation o = data.get(i);
        if (method == EstimationMethod.DR && o.treated() == 0 && o.post() == 0) {
          expected += 2 * drOffsetDirection[i];
        }
        if (method == EstimationMethod.IPW_ABADIE) {
          expected += e.att() * (1 - o.weight() / meanWeight);
        }
        assertEquals(expected, e.influence()[i], 1e-5 * (1 + Math.abs(expected)), method + " row " + i);
      }
    }
  }

  /**
   * a_i'(M1.pre - M3.pre) for each comparison row of the base period, from DRDID's definitions: a_i = w_i
   * (y_i - x_i'b) x_i' (X'WX/n)^-1 of the weighted OLS on those rows, M1.pre = -mean_w(x | treated, base),
   * M3.pre = -mean of x over comparison rows of the base period weighted by w p / (1 - p).
   */
  private static double[] drdidRcBasePeriodOffset(List<CellObservation> data) {
    int n = data.size();
    double meanW = data.stream().mapToDouble(CellObservation::weight).average().orElseThrow();
    double[][] x = data.stream().map(CellObservation::covariates).toArray(double[][]::new);
    double[] d = data.stream().mapToDouble(CellObservation::treated).toArray();
    double[] w = data.stream().mapToDouble(o -> o.weight() / meanW).toArray();
    double[] psBeta = LogisticRegression.fit(x, d, w);
    List<CellObservation> controlPre = data.stream().filter(o -> o.treated() == 0 && o.post() == 0).toList();
    double[][] xc = controlPre.stream().map(CellObservation::covariates).toArray(double[][]::new);
    double[] yc = controlPre.stream().mapToDouble(CellObservation::deltaY).toArray();
    double[] wc = controlPre.stream().mapToDouble(o -> o.weight() / meanW).toArray();
    double[] beta = NormalEquations.fit(xc, yc, wc);
    double[][] xtx = new double[2][2];
    double[] treatX = new double[2];
    double treatW = 0;
    double[] oddsX = new double[2];
    double oddsW = 0;
    for (int i = 0; i < n; i++) {
      CellObservation o = data.get(i);
      if (o.post() == 1) {
        continue;
      }
      if (o.treated() == 1) {
        treatW += w[i];
      } else {
        double p = Math.min(LogisticRegression.probability(psBeta, x[i]), 1 - 1e-6);
        oddsW += w[i] * p / (1 - p);
      }
      for (int a = 0; a < 2; a++) {
        if (o.treated() == 1) {
          treatX[a] += w[i] * x[i][a];
        } else {
          double p = Math.min(LogisticRegression.probability(psBeta, x[i]), 1 - 1e-6);
          oddsX[a] += w[i] * p / (1 - p) * x[i][a];
          for (int b = 0; b < 2; b++) {
            xtx[a][b] += w[i] * x[i][a] * x[i][b] / n;
          }
        }
      }
    }
    double[] m1MinusM3 = {-treatX[0] / treatW + oddsX[0] / oddsW, -treatX[1] / treatW + oddsX[1] / oddsW};
    double[] v = LinearAlgebra.solve(xtx, m1MinusM3, "test");
    double[] offset = new double[n];
    for (int i = 0; i < n; i++) {
      CellObservation o = data.get(i);
      if (o.treated() == 0 && o.post() == 0) {
        offset[i] = w[i] * (o.deltaY() - LinearAlgebra.dot(beta, x[i])) * LinearAlgebra.dot(x[i], v);
      }
    }
    return offset;
  }

  /**
   * drdid_imp_rc leaves the estimation effects out of its influence function, so it is no derivative;
   * with both models correct it must agree closely with drdid_rc and recover the effect.
   */
  @Test
  void improvedRepeatedCrossSectionEstimatorAgreesWithTheTraditionalOne() {
    List<CellObservation> data = rows(11, 4000, true);
    TwoByTwoDid.Estimate dr = TwoByTwoDid.estimate(EstimationMethod.DR, data, true);
    TwoByTwoDid.Estimate drimp = TwoByTwoDid.estimate(EstimationMethod.DRIMP, data, true);
    assertEquals(1.0, drimp.att(), 4 * drimp.se());
    assertEquals(dr.att(), drimp.att(), 0.2 * dr.se());
    assertEquals(dr.se(), drimp.se(), 0.05 * dr.se());
  }

  private static List<CellObservation> reweighted(List<CellObservation> data, int i, double factor) {
    List<CellObservation> out = new ArrayList<>(data);
    CellObservation o = data.get(i);
    out.set(i, new CellObservation(o.deltaY(), o.treated(), o.covariates(), o.weight() * factor, o.post()));
    return out;
  }

  @Test
  void unbalancedPanelCellsUseTheObservedRowsAndSumTheInfluencePerUnit() {
    List<UnitRecord> units = panel(7, 500, 0.2);
    for (EstimationMethod method : EstimationMethod.values()) {
      DidSettings settings = new DidSettings(ControlGroup.NOT_YET_TREATED, BasePeriod.VARYING, 0, method, true);
      AttGtResult result = AttGtEstimator.estimate(new LocalUnits(units), PERIODS, settings);
      long n = units.stream().filter(u -> u.firstObserved() >= 0).count();
      assertEquals(n, result.moments().units());
      for (int k = 0; k < result.effects().size(); k++) {
        CellSpec cell = result.effects().get(k).cell();
        // By hand: every observed row of the two periods of a treated or comparison unit, with that row's
        // own covariates and weight; comparisons are never treated or first treated after max(t, base).
        List<CellObservation> rows = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        int threshold = PERIODS[Math.max(cell.currentIndex(), cell.baseIndex())];
        for (int i = 0; i < units.size(); i++) {
          UnitRecord u = units.get(i);
          boolean treated = u.group() == cell.group();
          if (!treated && u.group() != 0 && !(u.group() > threshold)) {
            continue;
          }
          for (int p : new int[] {cell.baseIndex(), cell.currentIndex()}) {
            if (!Double.isNaN(u.outcomes()[p])) {
              rows.add(new CellObservation(u.outcomes()[p], treated ? 1 : 0, u.covariateLevels()[p],
                  u.periodWeights()[p], p == cell.currentIndex() ? 1 : 0));
              owners.add(i);
            }
          }
        }
        TwoByTwoDid.Estimate expected = TwoByTwoDid.estimate(method, rows, true);
        String what = method + " " + cell.group() + "," + cell.time();
        assertEquals(expected.att(), result.effects().get(k).att(), 1e-9, what);
        // R: psi_unit = sum over its rows of (n / n1) IF_row; se = sqrt(sum psi^2) / n.
        Map<Integer, Double> perUnit = new LinkedHashMap<>();
        for (int r = 0; r < rows.size(); r++) {
          perUnit.merge(owners.get(r), (double) n / rows.size() * expected.influence()[r], Double::sum);
        }
        double ss = perUnit.values().stream().mapToDouble(v -> v * v).sum();
        double se = Math.sqrt(ss) / n;
        assertEquals(se, result.moments().standardError(result.cellInfluence(k)), 1e-9 * se, what);
      }
      // aggte's group shares: R averages each unit's rows (weights included) before weighting groups.
      for (int gi = 0; gi < result.groups().length; gi++) {
        int g = result.groups()[gi];
        double expected = units.stream().filter(u -> u.group() == g && u.firstObserved() >= 0)
            .mapToDouble(DidConventionsTest::meanObservedWeight).sum() / n;
        assertEquals(expected, result.groupShare(gi), 1e-12);
      }
    }
  }

  private static double meanObservedWeight(UnitRecord u) {
    double sum = 0;
    int count = 0;
    for (int p = 0; p < PERIODS.length; p++) {
      if (!Double.isNaN(u.outcomes()[p])) {
        sum += u.periodWeights()[p];
        count++;
      }
    }
    return sum / count;
  }

  @Test
  void aBalancedPanelIsEstimatedAsAPanelEvenWhenUnbalancedOnesAreAllowed() {
    List<UnitRecord> units = panel(8, 300, 0);
    AttGtResult panel = AttGtEstimator.estimate(new LocalUnits(units), PERIODS, DidSettings.defaults());
    AttGtResult allowed = AttGtEstimator.estimate(new LocalUnits(units), PERIODS,
        new DidSettings(ControlGroup.NEVER_TREATED, BasePeriod.VARYING, 0, EstimationMethod.DR, true));
    for (int k = 0; k < panel.effects().size(); k++) {
      assertEquals(panel.effects().get(k).att(), allowed.effects().get(k).att(), 0);
      assertFalse(allowed.effects().get(k).cell().repeatedCrossSections());
    }
  }

  @Test
  void aggteFallsBackToPointwiseBandsWhenTheUniformOneIsNarrower() {
    // One statistic whose draws are +-1: IQR-based sigma = 2 / (z75 - z25), so max |t| / sigma = z75 < z975.
    int b = 100;
    double[] draws = new double[b];
    for (int i = 0; i < b; i++) {
      draws[i] = i % 2 == 0 ? 1 : -1;
    }
    BootstrapDraws bootstrap = new BootstrapDraws(b, 1, draws, 10, 10);
    InfluenceMoments moments = new InfluenceMoments(0, 0, 10, 10, new double[1], new double[] {1});
    Inference inference = new Inference(moments, bootstrap, 0.05, true, true);
    List<double[]> family = List.of(new double[] {1});
    assertEquals(Distributions.normalQuantile(0.75), inference.criticalValue(family), 1e-12);
    assertEquals(Distributions.normalQuantile(0.975), inference.aggregationCriticalValue(family), 1e-12);
    // cband without bstrap: analytical standard errors and pointwise att_gt intervals.
    Inference bandsOnly = new Inference(moments, bootstrap, 0.05, true, false);
    assertEquals(moments.standardError(new double[] {1}), bandsOnly.standardError(new double[] {1}), 0);
    assertEquals(Distributions.normalQuantile(0.975), bandsOnly.criticalValue(family), 1e-12);
  }

  @Test
  void aTooSmallNeverTreatedGroupIsRefusedAsComparisonAndReportedOtherwise() {
    List<UnitRecord> units = new ArrayList<>(panel(9, 200, 0).stream().filter(u -> u.group() != 0).toList());
    units.addAll(panel(10, 40, 0).stream().filter(u -> u.group() == 0).limit(5).toList());
    // Five never-treated units: enough without covariates (needs 5), too few with one formula variable (6).
    AttGtEstimator.estimate(new LocalUnits(units), PERIODS, new DidSettings(ControlGroup.NEVER_TREATED,
        BasePeriod.VARYING, 0, EstimationMethod.REG, false, 0));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> AttGtEstimator.estimate(
        new LocalUnits(units), PERIODS, new DidSettings(ControlGroup.NEVER_TREATED, BasePeriod.VARYING, 0,
            EstimationMethod.REG, false, 1)));
    AttGtResult result = AttGtEstimator.estimate(new LocalUnits(units), PERIODS, new DidSettings(
        ControlGroup.NOT_YET_TREATED, BasePeriod.VARYING, 0, EstimationMethod.REG, false, 1));
    assertTrue(result.warnings().stream().anyMatch(w -> w.contains("very few observations") && w.endsWith(": 0.")),
        result.warnings().toString());
  }
}
