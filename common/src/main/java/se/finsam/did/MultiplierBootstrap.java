package se.finsam.did;

/**
 * R did's multiplier bootstrap (mboot with BMisc's Rademacher weights), with one change that makes it
 * scale: each cluster's multiplier for draw b comes from a hash of (seed, cluster key, b) instead of a
 * sequential random stream, so a seed gives the same draws however the data are ordered or partitioned.
 *
 * <p>One pass: each cluster adds v_cb Z_c to a B x (K+nG+1) matrix, where Z_c is the cluster's sum of
 * influence vectors; every bootstrapped statistic is then a linear combination of that matrix's columns.
 * The clusters' signed sums are tabulated in small chunks (see {@link #CHUNK}); the draws are the same
 * sums up to rounding (test: BatchedMomentsTest).
 */
public final class MultiplierBootstrap {
  private MultiplierBootstrap() {}

  /**
   * Clusters tabulated together. With multipliers of +-1, the sum over a chunk of c clusters takes one
   * of 2^c values; tabulating them (2^c vector additions) makes each draw one addition per chunk instead
   * of c, about c times less work when the draws outnumber the patterns (999 vs 64).
   */
  private static final int CHUNK = 6;

  public static BootstrapDraws draw(AttGtFit fit, int iterations, long seed) {
    if (iterations < 1) {
      throw new IllegalArgumentException("bootstrap iterations must be positive");
    }
    InfluenceMoments moments = fit.result().moments();
    int m = moments.dimension();
    double[] draws = fit.units().sumOverClusters(m, fit.influence(), iterations * m, (keys, z, count, acc) -> {
      double[] table = new double[(1 << CHUNK) * m];
      for (int start = 0; start < count; start += CHUNK) {
        int size = Math.min(CHUNK, count - start);
        signedSums(z, start, size, m, table);
        for (int b = 0; b < iterations; b++) {
          int pattern = 0;
          for (int c = 0; c < size; c++) {
            if (rademacher(seed, keys[start + c], b) > 0) {
              pattern |= 1 << c;
            }
          }
          for (int j = 0, row = b * m, from = pattern * m; j < m; j++) {
            acc[row + j] += table[from + j];
          }
        }
      }
    });
    return new BootstrapDraws(iterations, m, draws, moments.units(), moments.clusters());
  }

  /** table[p] = sum over the chunk's clusters c of (bit c of p set ? +1 : -1) Z_c, for every pattern p. */
  static void signedSums(double[][] z, int start, int size, int m, double[] table) {
    java.util.Arrays.fill(table, 0, m, 0.0);
    for (int c = 0; c < size; c++) {
      double[] zc = z[start + c];
      for (int j = 0; j < m; j++) {
        table[j] -= zc[j];
      }
    }
    for (int p = 1; p < 1 << size; p++) {
      int high = Integer.highestOneBit(p);
      double[] zc = z[start + Integer.numberOfTrailingZeros(high)];
      for (int j = 0, to = p * m, from = (p ^ high) * m; j < m; j++) {
        table[to + j] = table[from + j] + 2 * zc[j];
      }
    }
  }

  /** +1 or -1 with equal probability, a pure function of its arguments. */
  public static double rademacher(long seed, long clusterKey, int draw) {
    long h = mix(mix(mix(seed) ^ clusterKey) ^ draw);
    return h < 0 ? -1.0 : 1.0;
  }

  /** SplitMix64's finaliser: a bijective 64-bit mix with full avalanche. */
  static long mix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
