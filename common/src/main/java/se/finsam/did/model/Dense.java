package se.finsam.did.model;

/**
 * The reference model's own dense linear algebra: small k x k systems only, by Gaussian elimination with
 * partial pivoting. Deliberately independent of the engine's {@code LinearAlgebra} so that the two sides of
 * every engine = model comparison share no numerical code.
 */
final class Dense {
  private Dense() {}

  /** Solves a x = b; throws when a is numerically singular. */
  static double[] solve(double[][] a, double[] b) {
    int k = b.length;
    double[][] m = new double[k][k + 1];
    for (int i = 0; i < k; i++) {
      System.arraycopy(a[i], 0, m[i], 0, k);
      m[i][k] = b[i];
    }
    eliminate(m, k, 1);
    double[] x = new double[k];
    for (int i = 0; i < k; i++) {
      x[i] = m[i][k];
    }
    return x;
  }

  /** The inverse of a. */
  static double[][] inverse(double[][] a) {
    int k = a.length;
    double[][] m = new double[k][2 * k];
    for (int i = 0; i < k; i++) {
      System.arraycopy(a[i], 0, m[i], 0, k);
      m[i][k + i] = 1;
    }
    eliminate(m, k, k);
    double[][] inv = new double[k][k];
    for (int i = 0; i < k; i++) {
      System.arraycopy(m[i], k, inv[i], 0, k);
    }
    return inv;
  }

  /** The 1-norm: the largest column sum of absolute values. */
  static double norm1(double[][] a) {
    double largest = 0;
    for (int j = 0; j < a[0].length; j++) {
      double sum = 0;
      for (double[] row : a) {
        sum += Math.abs(row[j]);
      }
      largest = Math.max(largest, sum);
    }
    return largest;
  }

  /** Gauss-Jordan on the augmented matrix [A | B] (k rows, {@code extra} right-hand columns). */
  private static void eliminate(double[][] m, int k, int extra) {
    double scale = 0;
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        scale = Math.max(scale, Math.abs(m[i][j]));
      }
    }
    for (int col = 0; col < k; col++) {
      int pivot = col;
      for (int r = col + 1; r < k; r++) {
        if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
          pivot = r;
        }
      }
      if (!(Math.abs(m[pivot][col]) > 1e-13 * scale)) {
        throw new ArithmeticException("singular matrix (column " + col + ")");
      }
      double[] tmp = m[col];
      m[col] = m[pivot];
      m[pivot] = tmp;
      double p = m[col][col];
      for (int j = 0; j < k + extra; j++) {
        m[col][j] /= p;
      }
      for (int r = 0; r < k; r++) {
        if (r != col && m[r][col] != 0) {
          double f = m[r][col];
          for (int j = 0; j < k + extra; j++) {
            m[r][j] -= f * m[col][j];
          }
        }
      }
    }
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** rows %*% v: each row of an n x k matrix dotted with v. */
  static double[] times(double[][] rows, double[] v) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = dot(rows[i], v);
    }
    return out;
  }

  /** R's colMeans(f * x) for a per-row factor f. */
  static double[] colMeans(double[] f, double[][] x) {
    int n = x.length;
    double[] out = new double[x[0].length];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < out.length; j++) {
        out[j] += f[i] * x[i][j];
      }
    }
    for (int j = 0; j < out.length; j++) {
      out[j] /= n;
    }
    return out;
  }

  /** sum_i f_i x_i x_i' (R's crossprod(f * x, x)). */
  static double[][] weightedCrossProduct(double[] f, double[][] x) {
    int k = x[0].length;
    double[][] out = new double[k][k];
    for (int i = 0; i < x.length; i++) {
      if (f[i] == 0) {
        continue;
      }
      for (int a = 0; a < k; a++) {
        for (int b = 0; b < k; b++) {
          out[a][b] += f[i] * x[i][a] * x[i][b];
        }
      }
    }
    return out;
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  static double[] minus(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] - b[i];
    }
    return out;
  }
}
