package se.finsam.did;

/**
 * Weighted least squares through its sufficient statistics X'WX and X'Wy, so that the sums can be
 * built anywhere (one machine or many) and solved once.
 */
public final class NormalEquations {
  private NormalEquations() {}

  /** Dimension of the flat sum vector for k regressors: X'WX (k*k) then X'Wy (k). */
  public static int dimension(int k) {
    return k * k + k;
  }

  public static void accumulate(double[] acc, int offset, double[] x, double y, double w) {
    LinearAlgebra.addOuter(acc, offset, x, w);
    LinearAlgebra.addScaled(acc, offset + x.length * x.length, x, w * y);
  }

  /** Coefficients from the sums; {@link SingularDesignException} when X'WX is singular. */
  public static double[] solve(double[] sums, int offset, int k) {
    return LinearAlgebra.solve(LinearAlgebra.square(sums, offset, k),
        LinearAlgebra.slice(sums, offset + k * k, k), "The regression design matrix");
  }

  /** Convenience for one machine: weighted least squares of y on x. */
  public static double[] fit(double[][] x, double[] y, double[] w) {
    int k = x[0].length;
    double[] sums = new double[dimension(k)];
    for (int i = 0; i < x.length; i++) {
      accumulate(sums, 0, x[i], y[i], w[i]);
    }
    return solve(sums, 0, k);
  }
}
