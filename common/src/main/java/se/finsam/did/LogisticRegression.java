package se.finsam.did;

/**
 * Weighted logit by Newton-Raphson (= IRLS for the canonical link). Each iteration needs only the sums
 * X'WX (W = w p (1-p)) and the score X'w(d - p), so it runs as one pass over the data wherever they are.
 */
public final class LogisticRegression {
  static final int MAX_ITERATIONS = 100;
  private static final double TOLERANCE = 1e-10;

  private LogisticRegression() {}

  public static int dimension(int k) {
    return k * k + k;
  }

  public static double probability(double[] beta, double[] x) {
    return 1.0 / (1.0 + Math.exp(-LinearAlgebra.dot(beta, x)));
  }

  public static void accumulate(double[] acc, int offset, double[] beta, double[] x, double d, double w) {
    double p = probability(beta, x);
    LinearAlgebra.addOuter(acc, offset, x, w * p * (1 - p));
    LinearAlgebra.addScaled(acc, offset + x.length * x.length, x, w * (d - p));
  }

  /** The Newton step from the sums at the current coefficients. */
  public static double[] step(double[] sums, int offset, int k) {
    return LinearAlgebra.solve(LinearAlgebra.square(sums, offset, k),
        LinearAlgebra.slice(sums, offset + k * k, k), "The propensity score Hessian");
  }

  /** Quadratic convergence makes the remaining error after a step this small of order step^2. */
  public static boolean converged(double[] step, double[] beta) {
    double maxStep = 0;
    double maxBeta = 0;
    for (int i = 0; i < step.length; i++) {
      maxStep = Math.max(maxStep, Math.abs(step[i]));
      maxBeta = Math.max(maxBeta, Math.abs(beta[i]));
    }
    return maxStep <= TOLERANCE * (1 + maxBeta);
  }

  public static double[] plus(double[] a, double[] b, double scale) {
    double[] out = a.clone();
    for (int i = 0; i < a.length; i++) {
      out[i] += scale * b[i];
    }
    return out;
  }

  /** Convenience for one machine: the weighted maximum likelihood logit coefficients. */
  public static double[] fit(double[][] x, double[] d, double[] w) {
    int k = x[0].length;
    double[] beta = new double[k];
    for (int it = 0; it < MAX_ITERATIONS; it++) {
      double[] sums = new double[dimension(k)];
      for (int i = 0; i < x.length; i++) {
        accumulate(sums, 0, beta, x[i], d[i], w[i]);
      }
      double[] step = step(sums, 0, k);
      beta = plus(beta, step, 1.0);
      if (converged(step, beta)) {
        return beta;
      }
    }
    throw new IllegalStateException("logit did not converge in " + MAX_ITERATIONS + " iterations");
  }
}
