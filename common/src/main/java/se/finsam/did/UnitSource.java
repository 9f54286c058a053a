package se.finsam.did;

import java.io.Serializable;

/**
 * Where the units live. The estimator only ever asks for sums over units (or over clusters of units),
 * so the same estimator code runs on an in-memory list ({@link LocalUnits}) and on a Spark RDD; person
 * level data never need to travel to the driver, only the fixed-size sum vectors do.
 */
public interface UnitSource {
  /** Adds one unit's contribution into a sum vector. */
  @FunctionalInterface
  interface UnitAccumulator extends Serializable {
    void add(UnitRecord unit, double[] acc);
  }

  /** Adds one cluster's contribution (from the sum of its units' vectors) into a sum vector. */
  @FunctionalInterface
  interface ClusterAccumulator extends Serializable {
    void add(long clusterKey, double[] clusterSum, double[] acc);
  }

  /** Rewrites a unit; null drops it. */
  @FunctionalInterface
  interface UnitTransform extends Serializable {
    UnitRecord apply(UnitRecord unit);
  }

  /** Sum over all units of {@code perUnit}'s contributions, a vector of length {@code dimension}. */
  double[] sum(int dimension, UnitAccumulator perUnit);

  /**
   * Sums {@code perUnit} within each cluster ({@code unitDimension} long), then sums {@code perCluster}
   * over clusters into a vector of length {@code dimension}.
   */
  double[] sumOverClusters(int unitDimension, UnitAccumulator perUnit, int dimension, ClusterAccumulator perCluster);

  /** The distinct values of {@link UnitRecord#group()}, sorted. */
  int[] distinctGroups();

  UnitSource transform(UnitTransform transform);
}
