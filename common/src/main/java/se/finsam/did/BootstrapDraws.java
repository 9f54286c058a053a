package se.finsam.did;

import java.util.Arrays;
import java.util.List;

/**
 * The multiplier bootstrap draws T_b = sum_c v_cb Z_c (row-major, B x dimension). A statistic with
 * influence function c'z has draws T_b c; R's bootstrap standard error is the normalised interquartile
 * range of its draws, and the uniform band's critical value the 1 - alp quantile of the largest
 * studentised draw.
 */
public record BootstrapDraws(int iterations, int dimension, double[] draws, long units, long clusters) {
  private static final double IQR_NORMAL = Distributions.normalQuantile(0.75) - Distributions.normalQuantile(0.25);
  private static final double DEGENERATE = Math.sqrt(LinearAlgebra.EPSILON) * 10;

  public double[] draws(double[] c) {
    double[] out = new double[iterations];
    for (int b = 0; b < iterations; b++) {
      double s = 0;
      for (int j = 0; j < dimension; j++) {
        if (c[j] != 0) {
          s += draws[b * dimension + j] * c[j];
        }
      }
      out[b] = s;
    }
    return out;
  }

  /** (q75 - q25) / (z75 - z25) of the draws on R's scale, NaN when the statistic does not vary. */
  public double standardError(double[] c) {
    double[] t = draws(c);
    if (degenerate(t)) {
      return Double.NaN;
    }
    return iqr(t) / IQR_NORMAL / units;
  }

  /** The simultaneous critical value over the statistics {@code cs} (R's cband). */
  public double uniformCriticalValue(List<double[]> cs, double alp) {
    double[] max = new double[iterations];
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
    for (double[] c : cs) {
      double[] t = draws(c);
      if (degenerate(t)) {
        continue;
      }
      double sigma = iqr(t) / IQR_NORMAL;
      for (int b = 0; b < iterations; b++) {
        max[b] = Math.max(max[b], Math.abs(t[b]) / sigma);
      }
    }
    return quantileType1(max, 1 - alp);
  }

  /** R's test on mboot's bres = T / sqrt(clusters): colSums(bres^2) must exceed sqrt(eps) * 10. */
  private boolean degenerate(double[] t) {
    double ss = 0;
    for (double v : t) {
      ss += v * v;
    }
    return !(ss / clusters > DEGENERATE);
  }

  private static double iqr(double[] t) {
    return quantileType1(t, 0.75) - quantileType1(t, 0.25);
  }

  /** R's quantile(type = 1): the inverse of the empirical distribution function. */
  static double quantileType1(double[] values, double p) {
    double[] x = values.clone();
    Arrays.sort(x);
    double np = x.length * p;
    int j = (int) Math.floor(np + 4 * LinearAlgebra.EPSILON);
    return np - j > 4 * LinearAlgebra.EPSILON ? x[Math.min(j, x.length - 1)] : x[Math.max(j - 1, 0)];
  }
}
