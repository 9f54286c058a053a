package se.finsam.did;

/**
 * The small dense linear algebra the estimators need (k x k systems with k = number of covariates, and
 * the K x K pre-test matrix). Plain Java on purpose: the matrices are tiny and the code has to run the
 * same on the driver and on executors.
 */
public final class LinearAlgebra {
  /** R's singularity threshold: {@code rcond(A) < .Machine$double.eps}. */
  public static final double EPSILON = Math.ulp(1.0);

  private LinearAlgebra() {}

  /** Inverse by Gauss-Jordan elimination with partial pivoting; throws when the 1-norm rcond is below eps. */
  public static double[][] inverse(double[][] a, String what) {
    int n = a.length;
    double[][] m = new double[n][2 * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], 0, m[i], 0, n);
      m[i][n + i] = 1.0;
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
          pivot = r;
        }
      }
      if (m[pivot][col] == 0.0 || !Double.isFinite(m[pivot][col])) {
        throw new SingularDesignException(what + " is singular");
      }
      double[] swap = m[col];
      m[col] = m[pivot];
      m[pivot] = swap;
      double p = m[col][col];
      for (int j = 0; j < 2 * n; j++) {
        m[col][j] /= p;
      }
      for (int r = 0; r < n; r++) {
        if (r != col && m[r][col] != 0.0) {
          double f = m[r][col];
          for (int j = 0; j < 2 * n; j++) {
            m[r][j] -= f * m[col][j];
          }
        }
      }
    }
    double[][] inv = new double[n][n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(m[i], n, inv[i], 0, n);
    }
    // Same test as R's rcond() (1-norm) so that cells R refuses are refused here too.
    if (1.0 / (norm1(a) * norm1(inv)) < EPSILON) {
      throw new SingularDesignException(what + " is numerically singular (rcond < machine epsilon)");
    }
    return inv;
  }

  public static double norm1(double[][] a) {
    double max = 0;
    for (int j = 0; j < a.length; j++) {
      double s = 0;
      for (double[] row : a) {
        s += Math.abs(row[j]);
      }
      max = Math.max(max, s);
    }
    return max;
  }

  public static double[] multiply(double[][] a, double[] x) {
    double[] y = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      y[i] = dot(a[i], x);
    }
    return y;
  }

  public static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** Solves {@code a x = b} for a small system. */
  public static double[] solve(double[][] a, double[] b, String what) {
    return multiply(inverse(a, what), b);
  }

  /** Reads a k x k matrix stored row-major at {@code offset} of a flat sum vector. */
  public static double[][] square(double[] flat, int offset, int k) {
    double[][] m = new double[k][k];
    for (int i = 0; i < k; i++) {
      System.arraycopy(flat, offset + i * k, m[i], 0, k);
    }
    return m;
  }

  /** Adds {@code weight * x x'} row-major into {@code acc} at {@code offset}. */
  public static void addOuter(double[] acc, int offset, double[] x, double weight) {
    int k = x.length;
    for (int i = 0; i < k; i++) {
      double wi = weight * x[i];
      for (int j = 0; j < k; j++) {
        acc[offset + i * k + j] += wi * x[j];
      }
    }
  }

  /** Adds {@code weight * x} into {@code acc} at {@code offset}. */
  public static void addScaled(double[] acc, int offset, double[] x, double weight) {
    for (int i = 0; i < x.length; i++) {
      acc[offset + i] += weight * x[i];
    }
  }

  /** a + factor * b, as a new vector. */
  public static double[] plus(double[] a, double[] b, double factor) {
    double[] out = a.clone();
    for (int i = 0; i < a.length; i++) {
      out[i] += factor * b[i];
    }
    return out;
  }

  public static double[] slice(double[] flat, int offset, int length) {
    double[] out = new double[length];
    System.arraycopy(flat, offset, out, 0, length);
    return out;
  }
}
