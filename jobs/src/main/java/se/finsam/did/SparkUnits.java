package se.finsam.did;

import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The units as a Spark RDD. Every pass of the estimator is one treeAggregate of a fixed-size double
 * vector, so only those vectors (k x k per cell, K x K moments, B x K bootstrap draws) reach the driver.
 */
public final class SparkUnits implements UnitSource {
  private final JavaRDD<UnitRecord> units;

  public SparkUnits(JavaRDD<UnitRecord> units) {
    this.units = units;
  }

  private static double[] add(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return a;
  }

  @Override
  public double[] sum(int dimension, UnitAccumulator perUnit) {
    return units.treeAggregate(new double[dimension], (acc, u) -> {
      perUnit.add(u, acc);
      return acc;
    }, SparkUnits::add);
  }

  @Override
  public double[] sumOverClusters(int unitDimension, UnitAccumulator perUnit, int dimension,
                                  ClusterAccumulator perCluster) {
    return units
        .mapToPair(u -> {
          double[] z = new double[unitDimension];
          perUnit.add(u, z);
          return new Tuple2<>(u.clusterKey(), z);
        })
        .reduceByKey(SparkUnits::add)
        .mapPartitions(clusters -> {
          double[] acc = new double[dimension];
          ClusterBatches batches = new ClusterBatches(perCluster, acc);
          clusters.forEachRemaining(cluster -> batches.add(cluster._1(), cluster._2()));
          batches.flush();
          return java.util.List.of(acc).iterator();
        })
        .treeReduce(SparkUnits::add);
  }

  @Override
  public int[] distinctGroups() {
    return units.map(UnitRecord::group).distinct().collect().stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  /** The estimator makes several passes over the transformed units, so they are kept. */
  @Override
  public UnitSource transform(UnitTransform transform) {
    JavaRDD<UnitRecord> kept = units.map(transform::apply).filter(Objects::nonNull).persist(StorageLevel.MEMORY_AND_DISK());
    // Truncating the lineage keeps every later pass's tasks small: without it each task carries the
    // whole SQL plan the units were pivoted from (generated code included) to every executor.
    kept.rdd().localCheckpoint();
    return new SparkUnits(kept);
  }
}
