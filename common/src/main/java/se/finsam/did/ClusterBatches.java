package se.finsam.did;

/** Collects clusters into batches of {@link UnitSource#CLUSTER_BATCH} for a {@link UnitSource.ClusterAccumulator}. */
public final class ClusterBatches {
  private final UnitSource.ClusterAccumulator perCluster;
  private final double[] acc;
  private final long[] keys = new long[UnitSource.CLUSTER_BATCH];
  private final double[][] sums;
  private int count;

  public ClusterBatches(UnitSource.ClusterAccumulator perCluster, double[] acc) {
    this.perCluster = perCluster;
    this.acc = acc;
    this.sums = new double[UnitSource.CLUSTER_BATCH][];
  }

  public void add(long key, double[] sum) {
    keys[count] = key;
    sums[count++] = sum;
    if (count == keys.length) {
      flush();
    }
  }

  /** Hands over the clusters collected so far; call once after the last {@link #add}. */
  public void flush() {
    if (count > 0) {
      perCluster.add(keys, sums, count, acc);
      count = 0;
    }
  }
}
