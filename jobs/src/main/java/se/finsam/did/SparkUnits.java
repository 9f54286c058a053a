package se.finsam.did;

import java.util.Objects;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;
import se.finsam.spark.JobGroups;

/**
 * The units as a Spark RDD. Every pass of the estimator is one treeAggregate of a fixed-size double
 * vector, so only those vectors (k x k per cell, K x K moments, B x K bootstrap draws) reach the driver.
 */
public final class SparkUnits implements UnitSource {
  private final JavaRDD<UnitRecord> units;
  private final boolean oneUnitPerCluster;

  /** Units whose cluster keys may repeat: cluster sums go through a shuffle by key. */
  public SparkUnits(JavaRDD<UnitRecord> units) {
    this(units, false);
  }

  private SparkUnits(JavaRDD<UnitRecord> units, boolean oneUnitPerCluster) {
    this.units = units;
    this.oneUnitPerCluster = oneUnitPerCluster;
  }

  /**
   * Units that are each their own cluster (distinct cluster keys, e.g. one unit per person clustered by
   * person): cluster sums are the units' own vectors, summed where the units are, with no shuffle of
   * one vector per unit (at 100 000 units and ~600 cells that shuffle was ~0.5 GB per estimation).
   */
  public static SparkUnits oneUnitPerCluster(JavaRDD<UnitRecord> units) {
    return new SparkUnits(units, true);
  }

  /** Adds {@code b} into {@code a} and returns it: the merge of every pass's (and the sample counts') sums. */
  public static double[] add(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return a;
  }

  @Override
  public double[] sum(int dimension, UnitAccumulator perUnit) {
    JobGroups.step(units.context(), "pass: sums of " + dimension + " statistics");
    return units.treeAggregate(new double[dimension], (acc, u) -> {
      perUnit.add(u, acc);
      return acc;
    }, SparkUnits::add);
  }

  @Override
  public double[] sumOverClusters(int unitDimension, UnitAccumulator perUnit, int dimension,
                                  ClusterAccumulator perCluster) {
    JobGroups.step(units.context(), "cluster pass: " + dimension + " sums over " + (oneUnitPerCluster ? "units" : "clusters"));
    JavaPairRDD<Long, double[]> clusters = units.mapToPair(u -> {
      double[] z = new double[unitDimension];
      perUnit.add(u, z);
      return new Tuple2<>(u.clusterKey(), z);
    });
    if (!oneUnitPerCluster) {
      clusters = clusters.reduceByKey(SparkUnits::add);
    }
    return clusters
        .mapPartitions(partition -> {
          double[] acc = new double[dimension];
          ClusterBatches batches = new ClusterBatches(perCluster, acc);
          partition.forEachRemaining(cluster -> batches.add(cluster._1(), cluster._2()));
          batches.flush();
          return java.util.List.of(acc).iterator();
        })
        .treeReduce(SparkUnits::add);
  }

  @Override
  public boolean unitsAreClusters() {
    return oneUnitPerCluster;
  }

  @Override
  public int[] distinctGroups() {
    // Gathered per partition rather than by distinct(), which would shuffle for a handful of values.
    JobGroups.step(units.context(), "census: groups present");
    return units.aggregate(new java.util.TreeSet<Integer>(), (set, u) -> {
      set.add(u.group());
      return set;
    }, (a, b) -> {
      a.addAll(b);
      return a;
    }).stream().mapToInt(Integer::intValue).toArray();
  }

  /** The estimator makes several passes over the transformed units, so they are kept. */
  @Override
  public UnitSource transform(UnitTransform transform) {
    JavaRDD<UnitRecord> kept = units.map(transform::apply).filter(Objects::nonNull).persist(StorageLevel.MEMORY_AND_DISK());
    truncateLineage(kept);
    return new SparkUnits(kept, oneUnitPerCluster);
  }

  /**
   * Truncating the lineage keeps every later pass's tasks small: without it each task carries the whole
   * SQL plan the units were pivoted from (generated code included) to every executor. With a checkpoint
   * directory (set by the job runner under the warehouse for {@code finsam.spark.reliable-checkpoints}:
   * the cluster profile) the units are written there, so losing an executor (dynamic allocation,
   * preemption) loses nothing (ci/executor-loss-check.sh kills one mid-estimate); a local checkpoint
   * keeps them only in the executors' block managers, which is enough on one machine. Either way the
   * persisted copy serves the passes.
   */
  public static void truncateLineage(JavaRDD<?> rdd) {
    if (rdd.context().getCheckpointDir().isDefined()) {
      rdd.checkpoint();
    } else {
      rdd.rdd().localCheckpoint();
    }
  }
}
