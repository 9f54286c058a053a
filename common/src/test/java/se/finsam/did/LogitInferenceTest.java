package se.finsam.did;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.apache.commons.math3.optim.SimpleBounds;
import org.junit.jupiter.api.Test;

/** The logit's coefficients, standard errors, odds ratios and p-values against independent computations. */
class LogitInferenceTest {

  /**
   * One binary regressor: the MLE reproduces the 2x2 table, so beta0 = log(a/b), beta1 = the log odds ratio
   * log((c/d)/(a/b)), se(beta1) = sqrt(1/a + 1/b + 1/c + 1/d) (Woolf) and se(beta0) = sqrt(1/a + 1/b).
   */
  @Test
  void aTwoByTwoTableHasTheClosedFormEstimate() {
    double a = 30;  // x = 0, y = 1
    double b = 70;  // x = 0, y = 0
    double c = 45;  // x = 1, y = 1
    double d = 55;  // x = 1, y = 0
    double[][] x = {{1, 0}, {1, 0}, {1, 1}, {1, 1}};
    LogitInference.Term[] t = LogitInference.fit(x, new double[] {1, 0, 1, 0}, new double[] {a, b, c, d});
    assertEquals(Math.log(a / b), t[0].coefficient(), 1e-9);
    assertEquals(Math.log((c / d) / (a / b)), t[1].coefficient(), 1e-9);
    assertEquals(Math.sqrt(1 / a + 1 / b), t[0].standardError(), 1e-9);
    assertEquals(Math.sqrt(1 / a + 1 / b + 1 / c + 1 / d), t[1].standardError(), 1e-9);
    assertEquals((c / d) / (a / b), t[1].oddsRatio(), 1e-9);
    double se = Math.sqrt(1 / a + 1 / b + 1 / c + 1 / d);
    assertEquals(Math.exp(Math.log((c / d) / (a / b)) - 1.959963984540054 * se), t[1].oddsRatioLower(), 1e-9);
    assertEquals(Math.exp(Math.log((c / d) / (a / b)) + 1.959963984540054 * se), t[1].oddsRatioUpper(), 1e-9);
    // z = log(1.90909) / 0.296687 = 2.17949; two-sided normal p = erfc(z / sqrt 2) = 0.029295 (by hand, Python math.erfc)
    assertEquals(2.179493836787869, t[1].z(), 1e-9);
    assertEquals(0.029295002021720053, t[1].pValue(), 1e-9);
  }

  /**
   * Four regressors on 400 generated persons: the coefficients equal a derivative-free maximisation of
   * the log-likelihood (commons-math BOBYQA) and the standard errors the square roots of the inverse of a
   * finite-difference Hessian of that log-likelihood (commons-math LU), both independent of the Newton
   * code and of X'WX.
   */
  @Test
  void agreesWithANumericalMaximisationAndHessian() {
    SplittableRandom rng = new SplittableRandom(7);
    int n = 400;
    double[][] x = new double[n][];
    double[] y = new double[n];
    double[] w = new double[n];
    double[] truth = {-0.5, 0.8, -0.4, 0.3};
    for (int i = 0; i < n; i++) {
      x[i] = new double[] {1, rng.nextDouble() < 0.4 ? 1 : 0, rng.nextGaussian(), rng.nextInt(3)};
      double p = 1 / (1 + Math.exp(-LinearAlgebra.dot(truth, x[i])));
      y[i] = rng.nextDouble() < p ? 1 : 0;
      w[i] = 1 + rng.nextInt(2);  // frequency weights: a person counted once or twice
    }
    MultivariateFunction logLik = beta -> {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        double eta = LinearAlgebra.dot(beta, x[i]);
        sum += w[i] * (y[i] * eta - Math.log1p(Math.exp(eta)));
      }
      return sum;
    };
    PointValuePair best = new BOBYQAOptimizer(9, 0.5, 1e-10).optimize(new MaxEval(20000), new ObjectiveFunction(logLik),
        GoalType.MAXIMIZE, new InitialGuess(new double[4]), new SimpleBounds(new double[] {-5, -5, -5, -5}, new double[] {5, 5, 5, 5}));
    double[] mle = best.getPoint();
    LogitInference.Term[] t = LogitInference.fit(x, y, w);
    double h = 1e-4;
    RealMatrix hessian = new Array2DRowRealMatrix(4, 4);
    for (int a = 0; a < 4; a++) {
      for (int b = 0; b < 4; b++) {
        hessian.setEntry(a, b, -(logLik.value(shift(mle, a, h, b, h)) - logLik.value(shift(mle, a, h, b, -h))
            - logLik.value(shift(mle, a, -h, b, h)) + logLik.value(shift(mle, a, -h, b, -h))) / (4 * h * h));
      }
    }
    RealMatrix covariance = new LUDecomposition(hessian).getSolver().getInverse();
    for (int j = 0; j < 4; j++) {
      assertEquals(mle[j], t[j].coefficient(), 1e-5, "coefficient " + j);
      assertEquals(Math.sqrt(covariance.getEntry(j, j)), t[j].standardError(), 1e-4 * t[j].standardError(), "se " + j);
    }
  }

  private static double[] shift(double[] beta, int a, double da, int b, double db) {
    double[] out = beta.clone();
    out[a] += da;
    out[b] += db;
    return out;
  }

  /** Frequency weights: a cell with count k is the same as k identical rows. */
  @Test
  void cellCountsGiveTheFitOfThePersons() {
    double[][] cells = {{1, 0, 0}, {1, 0, 0}, {1, 1, 0}, {1, 1, 0}, {1, 0, 1}, {1, 0, 1}, {1, 1, 1}, {1, 1, 1}};
    double[] y = {1, 0, 1, 0, 1, 0, 1, 0};
    double[] counts = {12, 30, 25, 20, 8, 22, 19, 9};
    int total = 0;
    for (double c : counts) {
      total += (int) c;
    }
    double[][] persons = new double[total][];
    double[] py = new double[total];
    int k = 0;
    for (int i = 0; i < cells.length; i++) {
      for (int j = 0; j < counts[i]; j++) {
        persons[k] = cells[i];
        py[k++] = y[i];
      }
    }
    double[] ones = new double[total];
    java.util.Arrays.fill(ones, 1);
    LogitInference.Term[] byCell = LogitInference.fit(cells, y, counts);
    LogitInference.Term[] byPerson = LogitInference.fit(persons, py, ones);
    for (int j = 0; j < 3; j++) {
      assertEquals(byPerson[j].coefficient(), byCell[j].coefficient(), 1e-10);
      assertEquals(byPerson[j].standardError(), byCell[j].standardError(), 1e-10);
    }
  }
}
