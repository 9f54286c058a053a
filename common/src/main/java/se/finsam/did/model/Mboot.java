package se.finsam.did.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * R did 2.5's multiplier bootstrap ({@code mboot}): with S_c the cluster sums of the influence functions
 * (the units themselves without clustering), draw b of a statistic is T_b = sum_c v_cb S_c with Rademacher
 * multipliers v_cb = +-1 (BMisc's {@code multiplier_bootstrap}); R's {@code bres} is T_b / sqrt(clusters).
 * The standard error is (q75 - q25) / (z75 - z25) of the draws over n (type-1 quantiles, i.e. the order
 * statistics x_(ceil(B p))), the uniform band's critical value the type-1 1 - alp quantile of the largest
 * studentised draw.
 *
 * <p>The multipliers are not R's random stream but the engine's definition
 * ({@code se.finsam.did.MultiplierBootstrap}): v_cb is the sign of SplitMix64's finaliser applied to
 * (seed, cluster key, b), re-implemented here, so that for a seed the model's draws equal the engine's.
 */
public final class Mboot {
  private static final double IQR_NORMAL = 1.3489795003921634;
  private static final double ZERO = Math.sqrt(Math.ulp(1.0)) * 10;

  /**
   * The draws of some statistics.
   *
   * @param draws draws[j][b] = T_b of statistic j (sum scale)
   * @param units n
   * @param clusters number of clusters
   */
  public record Draws(double[][] draws, int units, int clusters) {
    /** The bootstrap standard error of statistic j, NaN when its draws are degenerate (as R). */
    public double se(int j) {
      return degenerate(j) ? Double.NaN : iqr(draws[j]) / IQR_NORMAL / units;
    }

    /** R's critical value of the uniform band over all statistics with non-degenerate draws. */
    public double criticalValue(double alp) {
      int b = draws[0].length;
      double[] max = new double[b];
      Arrays.fill(max, Double.NEGATIVE_INFINITY);
      for (int j = 0; j < draws.length; j++) {
        if (degenerate(j)) {
          continue;
        }
        double sigma = iqr(draws[j]) / IQR_NORMAL;
        for (int i = 0; i < b; i++) {
          max[i] = Math.max(max[i], Math.abs(draws[j][i]) / sigma);
        }
      }
      return typeOneQuantile(max, 1 - alp);
    }

    /** R: colSums(bres^2) <= sqrt(eps) * 10 with bres = T / sqrt(clusters). */
    private boolean degenerate(int j) {
      double ss = 0;
      for (double t : draws[j]) {
        ss += t * t;
      }
      return !(ss / clusters > ZERO);
    }
  }

  private Mboot() {}

  /** Draws of the statistics whose unit-level influence functions are {@code influences} (each of length n). */
  public static Draws draw(List<double[]> influences, long[] unitClusters, int iterations, long seed) {
    Map<Long, double[]> sums = new HashMap<>();
    int m = influences.size();
    for (int i = 0; i < unitClusters.length; i++) {
      double[] s = sums.computeIfAbsent(unitClusters[i], c -> new double[m]);
      for (int j = 0; j < m; j++) {
        s[j] += influences.get(j)[i];
      }
    }
    double[][] draws = new double[m][iterations];
    for (Map.Entry<Long, double[]> cluster : sums.entrySet()) {
      for (int b = 0; b < iterations; b++) {
        double v = multiplier(seed, cluster.getKey(), b);
        for (int j = 0; j < m; j++) {
          draws[j][b] += v * cluster.getValue()[j];
        }
      }
    }
    return new Draws(draws, unitClusters.length, sums.size());
  }

  /** v_cb: the sign of SplitMix64's finaliser of (finaliser(finaliser(seed) ^ cluster) ^ b). */
  static double multiplier(long seed, long cluster, int b) {
    return splitMix(splitMix(splitMix(seed) ^ cluster) ^ b) < 0 ? -1.0 : 1.0;
  }

  private static long splitMix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static double iqr(double[] t) {
    return typeOneQuantile(t, 0.75) - typeOneQuantile(t, 0.25);
  }

  /** R's quantile(type = 1): the order statistic x_(ceil(B p)) (1-based). */
  static double typeOneQuantile(double[] values, double p) {
    double[] x = values.clone();
    Arrays.sort(x);
    int k = (int) Math.ceil(x.length * p - 1e-9);
    return x[Math.max(k, 1) - 1];
  }
}
