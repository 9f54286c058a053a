package se.finsam.did;

/**
 * Weighted logit by Newton-Raphson (= IRLS for the canonical link). Each iteration needs only the sums
 * X'WX (W = w p (1-p)) and the score X'w(d - p), so it runs as one pass over the data wherever they are.
 * With the intercept as the only regressor the maximum is known after the first pass: the logit of the
 * weighted share of d = 1 (the designs without covariates need one pass, not five or six).
 */
public final class LogisticRegression {
  private LogisticRegression() {}

  /** The coefficients after a pass, and whether they are the maximum likelihood estimate. */
  public record Update(double[] beta, boolean converged) {}

  public static int dimension(int k) {
    // One regressor: also sum w d, sum w and the observations whose regressor is not the constant 1.
    return k * k + k + (k == 1 ? 3 : 0);
  }

  public static double probability(double[] beta, double[] x) {
    return logistic(LinearAlgebra.dot(beta, x));
  }

  /** The logistic function at the linear predictor {@code eta}. */
  static double logistic(double eta) {
    return 1.0 / (1.0 + Math.exp(-eta));
  }

  /** The fitted score at {@code beta}, capped below one as DRDID caps it before dividing by 1 - p. */
  static double cappedProbability(double[] beta, double[] x) {
    return cappedProbability(LinearAlgebra.dot(beta, x));
  }

  /** The fitted score at the linear predictor {@code eta}, capped as {@link #cappedProbability(double[], double[])}. */
  static double cappedProbability(double eta) {
    return Math.min(logistic(eta), FitLimits.SCORE_CAP);
  }

  public static void accumulate(double[] acc, int offset, double[] beta, double[] x, double d, double w) {
    double p = probability(beta, x);
    LinearAlgebra.addOuter(acc, offset, x, w * p * (1 - p));
    LinearAlgebra.addScaled(acc, offset + x.length * x.length, x, w * (d - p));
    if (x.length == 1) {
      acc[offset + 2] += w * d;
      acc[offset + 3] += w;
      acc[offset + 4] += x[0] == 1.0 ? 0 : 1;
    }
  }

  /** The coefficients after the pass whose sums are at {@code offset}, made at {@code beta}. */
  public static Update update(double[] beta, double[] sums, int offset, int k) {
    if (k == 1 && sums[offset + 4] == 0) {
      double share = sums[offset + 2] / sums[offset + 3];
      if (share > 0 && share < 1) {
        return new Update(new double[] {Math.log(share / (1 - share))}, true);
      }
    }
    double[] step = LinearAlgebra.solve(LinearAlgebra.square(sums, offset, k),
        LinearAlgebra.slice(sums, offset + k * k, k), "The propensity score Hessian");
    double[] next = LinearAlgebra.plus(beta, step, 1.0);
    return new Update(next, converged(step, next));
  }

  /** Quadratic convergence makes the remaining error after a step this small of order step^2. */
  static boolean converged(double[] step, double[] beta) {
    double maxStep = 0;
    double maxBeta = 0;
    for (int i = 0; i < step.length; i++) {
      maxStep = Math.max(maxStep, Math.abs(step[i]));
      maxBeta = Math.max(maxBeta, Math.abs(beta[i]));
    }
    return maxStep <= FitLimits.STEP_TOLERANCE * (1 + maxBeta);
  }

  /** Convenience for one machine: the weighted maximum likelihood logit coefficients. */
  public static double[] fit(double[][] x, double[] d, double[] w) {
    return fit(x, d, w, FitLimits.MAX_ITERATIONS);
  }

  static double[] fit(double[][] x, double[] d, double[] w, int maxIterations) {
    int k = x[0].length;
    double[] beta = new double[k];
    for (int it = 0; it < maxIterations; it++) {
      double[] sums = new double[dimension(k)];
      for (int i = 0; i < x.length; i++) {
        accumulate(sums, 0, beta, x[i], d[i], w[i]);
      }
      Update update = update(beta, sums, 0, k);
      beta = update.beta();
      if (update.converged()) {
        return beta;
      }
    }
    throw new FitNotConvergedException("The logit", maxIterations);
  }
}
