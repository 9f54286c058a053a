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

  /** Clusters handed to a {@link ClusterAccumulator} at once (the last batch of a partition may be smaller). */
  int CLUSTER_BATCH = 64;

  /**
   * Adds the contributions of a batch of clusters (keys and sums of their units' vectors, the first
   * {@code count} entries) into a sum vector. Batches let the dense K x K and B x K accumulations reuse
   * each row of {@code acc} for many clusters while it is in cache; implementations must add the
   * clusters in the order given so that every element is summed in the same order as one by one.
   */
  @FunctionalInterface
  interface ClusterAccumulator extends Serializable {
    void add(long[] clusterKeys, double[][] clusterSums, int count, double[] acc);
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
   * over batches of at most {@link #CLUSTER_BATCH} clusters into a vector of length {@code dimension}.
   */
  double[] sumOverClusters(int unitDimension, UnitAccumulator perUnit, int dimension, ClusterAccumulator perCluster);

  /** True when no two units share a cluster key: each cluster's sum is then one unit's own vector. */
  boolean unitsAreClusters();

  /** The distinct values of {@link UnitRecord#group()}, sorted. */
  int[] distinctGroups();

  UnitSource transform(UnitTransform transform);
}
