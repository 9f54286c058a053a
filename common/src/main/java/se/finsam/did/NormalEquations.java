package se.finsam.did;

/**
 * Weighted least squares through its sufficient statistics X'WX and X'Wy ({@link Statistic.Gram} and
 * {@link Statistic.CrossMoments} of a pass), so that the sums can be built anywhere (one machine or many)
 * and solved once.
 */
public final class NormalEquations {
  private NormalEquations() {}

  /** Coefficients from X'WX (k x k, row major) and X'Wy; {@link SingularDesignException} when X'WX is singular. */
  public static double[] solve(double[] gram, double[] crossMoments, int k) {
    return LinearAlgebra.solve(LinearAlgebra.square(gram, 0, k), crossMoments, "The regression design matrix");
  }

  /** Convenience for one machine: weighted least squares of y on x. */
  public static double[] fit(double[][] x, double[] y, double[] w) {
    int k = x[0].length;
    double[] gram = new double[k * k];
    double[] crossMoments = new double[k];
    for (int i = 0; i < x.length; i++) {
      LinearAlgebra.addOuter(gram, 0, x[i], w[i]);
      LinearAlgebra.addScaled(crossMoments, 0, x[i], w[i] * y[i]);
    }
    return solve(gram, crossMoments, k);
  }
}
