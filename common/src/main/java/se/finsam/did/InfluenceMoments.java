package se.finsam.did;

/**
 * Everything inference needs from the unit-level influence functions, in fixed size. Each unit has the
 * vector z = (IF of every cell (K), w 1{G = g} for every group (nG), 1); every influence function used by
 * att_gt and aggte is linear in z. With Z_c the sum of z over the units of cluster c (the unit itself
 * without clustering), {@code crossProducts} is sum_c Z_c Z_c' and {@code sums} is sum_i z_i.
 *
 * @param cells K
 * @param groups nG, in the order of {@link AttGtResult#groups()}
 * @param units n
 * @param clusters number of clusters
 * @param sums sum of z over units
 * @param crossProducts sum over clusters of Z_c Z_c', row-major (K+nG+1)^2
 */
public record InfluenceMoments(int cells, int groups, long units, long clusters, double[] sums,
                               double[] crossProducts) {
  public int dimension() {
    return cells + groups + 1;
  }

  /** Index in z of the weighted indicator of the {@code g}-th group. */
  public int groupIndex(int g) {
    return cells + g;
  }

  /** Index in z of the constant 1. */
  public int constantIndex() {
    return cells + groups;
  }

  /** sum_c (c'Z_c)^2, the sum of squares of the (cluster summed) influence function c'z. */
  public double sumOfSquares(double[] c) {
    int m = dimension();
    double s = 0;
    for (int i = 0; i < m; i++) {
      if (c[i] == 0) {
        continue;
      }
      for (int j = 0; j < m; j++) {
        s += c[i] * crossProducts[i * m + j] * c[j];
      }
    }
    return s;
  }

  /** R's analytical standard error: sqrt(mean(IF^2) / n), or with clusters sqrt(sum_c S_c^2) / n. */
  public double standardError(double[] c) {
    return Math.sqrt(Math.max(sumOfSquares(c), 0)) / units;
  }
}
