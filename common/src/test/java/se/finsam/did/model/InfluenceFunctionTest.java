package se.finsam.did.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An oracle for the 2x2 influence functions that needs no R: each DRDID estimator is a smooth function of
 * the sampling weights, and its influence function (with every estimation effect included) is that
 * function's derivative, inf_i = n d ATT / d w_i at w = 1. Central differences on random data check all
 * the estimators R's reference files do not cover (the repeated cross-section ones, Abadie's ipw_did_rc).
 * For drdid_imp_panel the first-stage effects vanish in the sample (the calibration and weighted
 * least-squares first-order conditions), so the identity holds too.
 *
 * <p>Two exceptions, both R's and kept by the model (which must equal R): drdid_imp_rc's influence function
 * leaves out first-stage effects that vanish only asymptotically, so it is not checked here; and
 * DRDID 1.2.3's drdid_rc adds the pre-period comparison regression's effects on the treated and comparison
 * means ({@code inf.treat.or.pre}, {@code inf.cont.or.pre}) where the derivative subtracts them. The two
 * errors differ by rep_pre (M1.pre - M3.pre), which vanishes asymptotically when the propensity score is
 * right, so R's standard errors are asymptotically unaffected then; in a sample only the comparison rows of
 * the pre period are off, which {@link #drdidRcDiffersFromTheDerivativeOnlyOnPrePeriodComparisons} pins.
 */
class InfluenceFunctionTest {
  private static final double STEP = 1e-5;

  @FunctionalInterface
  interface Estimator {
    TwoByTwo estimate(double[] a, double[] b, double[] d, double[][] x, double[] w);
  }

  private static Estimator estimator(String name) {
    return switch (name) {
      case "drdidPanel" -> DrDid::drdidPanel;
      case "drdidImpPanel" -> DrDid::drdidImpPanel;
      case "regDidPanel" -> DrDid::regDidPanel;
      case "stdIpwDidPanel" -> DrDid::stdIpwDidPanel;
      case "ipwDidPanel" -> DrDid::ipwDidPanel;
      case "drdidRc" -> DrDid::drdidRc;
      case "drdidImpRc" -> DrDid::drdidImpRc;
      case "regDidRc" -> DrDid::regDidRc;
      case "stdIpwDidRc" -> DrDid::stdIpwDidRc;
      case "ipwDidRc" -> DrDid::ipwDidRc;
      default -> throw new IllegalArgumentException(name);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"drdidPanel", "drdidImpPanel", "regDidPanel", "stdIpwDidPanel", "ipwDidPanel", "regDidRc",
      "stdIpwDidRc", "ipwDidRc"})
  void influenceIsTheDerivativeInTheWeights(String name) {
    double worst = 0;
    for (Row row : rows(name)) {
      assertTrue(row.diff() < 1e-5 * Math.max(1, Math.abs(row.derivative())),
          name + " row " + row.index() + ": n dATT/dw " + row.derivative() + ", influence " + row.influence());
      worst = Math.max(worst, row.diff());
    }
    System.out.printf("%s: max |n dATT/dw - inf| = %.2g%n", name, worst);
  }

  @org.junit.jupiter.api.Test
  void drdidRcDiffersFromTheDerivativeOnlyOnPrePeriodComparisons() {
    int offPrePeriodComparisons = 0;
    for (Row row : rows("drdidRc")) {
      boolean prePeriodComparison = row.d() == 0 && row.post() == 0;
      boolean equal = row.diff() < 1e-5 * Math.max(1, Math.abs(row.derivative()));
      if (prePeriodComparison) {
        offPrePeriodComparisons += equal ? 0 : 1;
      } else {
        assertTrue(equal, "drdidRc row " + row.index() + ": n dATT/dw " + row.derivative() + ", influence "
            + row.influence());
      }
    }
    assertTrue(offPrePeriodComparisons > 0, "R's sign of inf.treat.or.pre / inf.cont.or.pre is kept");
  }

  /** One checked row: its (d, post), n dATT/dw_i by central differences, and the influence value. */
  record Row(int index, double d, double post, double derivative, double influence) {
    double diff() {
      return Math.abs(derivative - influence);
    }
  }

  private static java.util.List<Row> rows(String name) {
    boolean rc = name.endsWith("Rc");
    Random r = new Random(name.hashCode());
    int n = 300;
    double[] a = new double[n];
    double[] b = new double[n];
    double[] d = new double[n];
    double[][] x = new double[n][];
    for (int i = 0; i < n; i++) {
      double x1 = r.nextGaussian();
      double x2 = r.nextInt(3) == 0 ? 1 : 0;
      x[i] = new double[] {1, x1, x2};
      d[i] = r.nextDouble() < 1 / (1 + Math.exp(0.7 - 0.6 * x1 - 0.4 * x2)) ? 1 : 0;
      double post = r.nextBoolean() ? 1 : 0;
      double level = 0.5 * x1 + 0.3 * x2 + 0.4 * d[i] + r.nextGaussian();
      double trend = 0.3 + 0.4 * x1 + d[i] * (1 + 0.2 * x1);
      if (rc) {
        // Repeated cross sections: a = outcome, b = post indicator.
        a[i] = level + post * trend + 0.5 * r.nextGaussian();
        b[i] = post;
      } else {
        a[i] = level + trend + 0.5 * r.nextGaussian();
        b[i] = level + 0.5 * r.nextGaussian();
      }
    }
    Estimator estimator = estimator(name);
    double[] w = new double[n];
    java.util.Arrays.fill(w, 1);
    TwoByTwo fit = estimator.estimate(a, b, d, x, w);
    java.util.List<Row> out = new java.util.ArrayList<>();
    for (int i = 0; i < n; i += 7) {
      double[] up = w.clone();
      double[] down = w.clone();
      up[i] += STEP;
      down[i] -= STEP;
      double derivative = n * (estimator.estimate(a, b, d, x, up).att() - estimator.estimate(a, b, d, x, down).att())
          / (2 * STEP);
      out.add(new Row(i, d[i], rc ? b[i] : 1, derivative, fit.influence()[i]));
    }
    return out;
  }
}
