package se.finsam.did;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The part of the pivot both implementations share ({@link UnitPivot} on the executors, {@link DriverPivot}
 * in the driver): the rules a unit's rows must follow and the {@link UnitRecord} made of its complete rows.
 */
final class UnitAssembly {
  static final String GROUP_RULE = "the group (first treated period) must be the same in every period";
  static final String CLUSTER_RULE = "time-varying cluster variables are not supported";
  static final String WEIGHT_RULE = "weights must be non-negative";

  private UnitAssembly() {}

  /**
   * One unit's record from its {@code n} observations: period index, outcome and weight of each, its distinct
   * covariate vectors (intercept first) and which of them each period has. The unit's weight is the one of
   * its first observed period; weights by period are kept only when they change.
   */
  static UnitRecord record(Object id, String cluster, int group, int[] periods, int n, int[] periodIndex,
                           double[] y, double[] w, double[][] levels, int[] levelByPeriod) {
    double[] outcomes = new double[periods.length];
    double[] weights = new double[periods.length];
    Arrays.fill(outcomes, Double.NaN);
    Arrays.fill(weights, Double.NaN);
    int first = Integer.MAX_VALUE;
    double firstWeight = Double.NaN;
    for (int i = 0; i < n; i++) {
      int p = periodIndex[i];
      if (!Double.isNaN(outcomes[p])) {
        throw new IllegalArgumentException("unit " + id + " is observed more than once in period " + periods[p]);
      }
      outcomes[p] = y[i];
      weights[p] = w[i];
      if (p < first) {
        first = p;
        firstWeight = w[i];
      }
    }
    boolean weightsVary = false;
    for (int i = 0; i < n; i++) {
      weightsVary |= w[i] != firstWeight;
    }
    return new UnitRecord(clusterKey(cluster), group, firstWeight, weightsVary ? weights : null, levels,
        levels.length > 1 ? levelByPeriod : null, outcomes);
  }

  /** Integer ids keep their value; other ids are hashed (FNV-1a, 64 bit), stable across runs and machines. */
  static long clusterKey(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      long h = 0xcbf29ce484222325L;
      for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
        h = (h ^ (b & 0xff)) * 0x100000001b3L;
      }
      return h;
    }
  }
}
