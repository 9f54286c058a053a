package se.finsam.did;

/**
 * R did's multiplier bootstrap (mboot with BMisc's Rademacher weights), with one change that makes it
 * scale: each cluster's multiplier for draw b comes from a hash of (seed, cluster key, b) instead of a
 * sequential random stream, so a seed gives the same draws however the data are ordered or partitioned.
 *
 * <p>One pass: each cluster adds v_cb Z_c to a B x (K+nG+1) matrix, where Z_c is the cluster's sum of
 * influence vectors; every bootstrapped statistic is then a linear combination of that matrix's columns.
 */
public final class MultiplierBootstrap {
  private MultiplierBootstrap() {}

  public static BootstrapDraws draw(AttGtResult result, int iterations, long seed) {
    if (iterations < 1) {
      throw new IllegalArgumentException("bootstrap iterations must be positive");
    }
    int m = result.moments().dimension();
    // Draw by draw over a batch of clusters: row b of the matrix stays in cache for the whole batch.
    double[] draws = result.units().sumOverClusters(m, result.influence(), iterations * m, (keys, z, count, acc) -> {
      for (int b = 0; b < iterations; b++) {
        for (int c = 0; c < count; c++) {
          LinearAlgebra.addScaled(acc, b * m, z[c], rademacher(seed, keys[c], b));
        }
      }
    });
    return new BootstrapDraws(iterations, m, draws, result.moments().units(), result.moments().clusters());
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
