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
   * <p>This is the estimator's hot loop (n x m^2 / 2 multiply-adds for the influence moments), so it is
   * blocked: the batch is transposed so that each element's terms are contiguous, and a 4 x 4 block of
   * the result is summed over the whole batch in registers before it is added to {@code acc}, eight loads
   * for sixteen multiply-adds instead of three memory operations for each. Within a batch the terms are
   * summed in batch order; the batch total is then added, so the rounding differs from adding term by
   * term only in the last bits.
   */
  public static void addGramUpper(double[] acc, int offset, int m, double[][] rows, int count) {
    double[] t = new double[m * count];
    for (int c = 0; c < count; c++) {
      double[] row = rows[c];
      for (int i = 0; i < m; i++) {
        t[i * count + c] = row[i];
      }
    }
    int i = 0;
    for (; i + 3 < m; i += 4) {
      int a0 = i * count;
      int a1 = a0 + count;
      int a2 = a1 + count;
      int a3 = a2 + count;
      int out0 = offset + i * m;
      int out1 = out0 + m;
      int out2 = out1 + m;
      int out3 = out2 + m;
      int j = i;
      for (; j + 3 < m; j += 4) {
        int b0 = j * count;
        int b1 = b0 + count;
        int b2 = b1 + count;
        int b3 = b2 + count;
        double s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        double s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
        for (int c = 0; c < count; c++) {
          double x0 = t[a0 + c];
          double x1 = t[a1 + c];
          double x2 = t[a2 + c];
          double x3 = t[a3 + c];
          double y0 = t[b0 + c];
          double y1 = t[b1 + c];
          double y2 = t[b2 + c];
          double y3 = t[b3 + c];
          s00 += x0 * y0;
          s01 += x0 * y1;
          s02 += x0 * y2;
          s03 += x0 * y3;
          s10 += x1 * y0;
          s11 += x1 * y1;
          s12 += x1 * y2;
          s13 += x1 * y3;
          s20 += x2 * y0;
          s21 += x2 * y1;
          s22 += x2 * y2;
          s23 += x2 * y3;
          s30 += x3 * y0;
          s31 += x3 * y1;
          s32 += x3 * y2;
          s33 += x3 * y3;
        }
        acc[out0 + j] += s00;
        acc[out0 + j + 1] += s01;
        acc[out0 + j + 2] += s02;
        acc[out0 + j + 3] += s03;
        acc[out1 + j] += s10;
        acc[out1 + j + 1] += s11;
        acc[out1 + j + 2] += s12;
        acc[out1 + j + 3] += s13;
        acc[out2 + j] += s20;
        acc[out2 + j + 1] += s21;
        acc[out2 + j + 2] += s22;
        acc[out2 + j + 3] += s23;
        acc[out3 + j] += s30;
        acc[out3 + j + 1] += s31;
        acc[out3 + j + 2] += s32;
        acc[out3 + j + 3] += s33;
      }
      for (; j < m; j++) {
        int b = j * count;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int c = 0; c < count; c++) {
          double y = t[b + c];
          s0 += t[a0 + c] * y;
          s1 += t[a1 + c] * y;
          s2 += t[a2 + c] * y;
          s3 += t[a3 + c] * y;
        }
        acc[out0 + j] += s0;
        acc[out1 + j] += s1;
        acc[out2 + j] += s2;
        acc[out3 + j] += s3;
      }
    }
    for (; i < m; i++) {
      int a = i * count;
      int out = offset + i * m;
      for (int j = i; j < m; j++) {
        int b = j * count;
        double s = 0;
        for (int c = 0; c < count; c++) {
          s += t[a + c] * t[b + c];
        }
        acc[out + j] += s;
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
