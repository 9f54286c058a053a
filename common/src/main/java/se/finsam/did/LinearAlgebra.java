package se.finsam.did;

import java.util.Arrays;

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

  /**
   * Copies the upper triangle (j > i) of the m x m row-major {@code flat} below its diagonal, in place, as
   * {@link #addGramUpper} leaves it; returns {@code flat}.
   */
  public static double[] mirrorUpper(double[] flat, int m) {
    for (int i = 0; i < m; i++) {
      for (int j = i + 1; j < m; j++) {
        flat[j * m + i] = flat[i * m + j];
      }
    }
    return flat;
  }

  /**
   * Reads a symmetric k x k matrix of which the upper triangle (j >= i) is stored row-major at
   * {@code offset} of a flat sum vector, as {@link #addOuter} accumulates it.
   */
  public static double[][] square(double[] flat, int offset, int k) {
    double[][] m = new double[k][k];
    for (int i = 0; i < k; i++) {
      for (int j = i; j < k; j++) {
        m[i][j] = flat[offset + i * k + j];
        m[j][i] = m[i][j];
      }
    }
    return m;
  }

  /**
   * Adds the upper triangle (j >= i) of {@code weight * x x'} row-major into {@code acc} at {@code offset}
   * (read back with {@link #square}). These outer products are the bulk of a pass with covariates, so
   * half of each (a copy of the other half) is left out, and so are the terms of zero entries: covariate
   * vectors are mostly dummies, of which few are 1 (seed 002's Modell 3: about 8 non-zero of 40).
   */
  public static void addOuter(double[] acc, int offset, double[] x, double weight) {
    int k = x.length;
    for (int i = 0; i < k; i++) {
      if (x[i] == 0) {
        continue;
      }
      double wi = weight * x[i];
      int row = offset + i * k;
      for (int j = i; j < k; j++) {
        if (x[j] != 0) {
          acc[row + j] += wi * x[j];
        }
      }
    }
  }

  /**
   * Adds the upper triangle (j >= i) of {@code sum_c rows[c] rows[c]'} over the first {@code count}
   * rows, each of length {@code m}, row-major into {@code acc} at {@code offset}. Entries below the
   * diagonal may receive partial sums too; callers read the upper triangle only.
   *
   * <p>This is the estimator's hot loop (n x m^2 / 2 multiply-adds for the influence moments). Four
   * result rows i..i+3 are summed over the batch in scratch rows s, then added to {@code acc}; each step
   * takes two batch rows y and z: s[j] = s[j] + y[i] y[j] + z[i] z[j], evaluated left to right. The inner
   * loop runs over j with one index into every array and no reduction, which the JIT can compile to
   * vector instructions: four to five times as fast as the 4 x 4 register block summed over the batch
   * that it replaced (m = 641, a batch of 64, in a microbenchmark), with each element summed the same
   * way, in batch order from zero before the batch total is added. So the rounding differs from adding
   * term by term only in the last bits, and not at all from that block.
   */
  public static void addGramUpper(double[] acc, int offset, int m, double[][] rows, int count) {
    double[] s0 = new double[m];
    double[] s1 = new double[m];
    double[] s2 = new double[m];
    double[] s3 = new double[m];
    int i = 0;
    for (; i + 3 < m; i += 4) {
      Arrays.fill(s0, i, m, 0);
      Arrays.fill(s1, i, m, 0);
      Arrays.fill(s2, i, m, 0);
      Arrays.fill(s3, i, m, 0);
      int c = 0;
      for (; c + 1 < count; c += 2) {
        double[] y = rows[c];
        double[] z = rows[c + 1];
        double y0 = y[i];
        double y1 = y[i + 1];
        double y2 = y[i + 2];
        double y3 = y[i + 3];
        double z0 = z[i];
        double z1 = z[i + 1];
        double z2 = z[i + 2];
        double z3 = z[i + 3];
        for (int j = i; j < m; j++) {
          double yj = y[j];
          double zj = z[j];
          s0[j] = s0[j] + y0 * yj + z0 * zj;
          s1[j] = s1[j] + y1 * yj + z1 * zj;
          s2[j] = s2[j] + y2 * yj + z2 * zj;
          s3[j] = s3[j] + y3 * yj + z3 * zj;
        }
      }
      if (c < count) {
        double[] y = rows[c];
        double y0 = y[i];
        double y1 = y[i + 1];
        double y2 = y[i + 2];
        double y3 = y[i + 3];
        for (int j = i; j < m; j++) {
          double yj = y[j];
          s0[j] += y0 * yj;
          s1[j] += y1 * yj;
          s2[j] += y2 * yj;
          s3[j] += y3 * yj;
        }
      }
      int out = offset + i * m;
      for (int j = i; j < m; j++) {
        acc[out + j] += s0[j];
        acc[out + m + j] += s1[j];
        acc[out + 2 * m + j] += s2[j];
        acc[out + 3 * m + j] += s3[j];
      }
    }
    for (; i < m; i++) {
      Arrays.fill(s0, i, m, 0);
      for (int c = 0; c < count; c++) {
        double[] y = rows[c];
        double yi = y[i];
        for (int j = i; j < m; j++) {
          s0[j] += yi * y[j];
        }
      }
      int out = offset + i * m;
      for (int j = i; j < m; j++) {
        acc[out + j] += s0[j];
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
