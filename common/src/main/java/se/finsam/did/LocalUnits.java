package se.finsam.did;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Units held in memory: the reference {@link UnitSource} and the one the tests use. */
public final class LocalUnits implements UnitSource {
  private final List<UnitRecord> units;

  public LocalUnits(List<UnitRecord> units) {
    this.units = List.copyOf(units);
  }

  @Override
  public double[] sum(int dimension, UnitAccumulator perUnit) {
    double[] acc = new double[dimension];
    for (UnitRecord u : units) {
      perUnit.add(u, acc);
    }
    return acc;
  }

  @Override
  public double[] sumOverClusters(int unitDimension, UnitAccumulator perUnit, int dimension,
                                  ClusterAccumulator perCluster) {
    Map<Long, double[]> clusters = new LinkedHashMap<>();
    for (UnitRecord u : units) {
      perUnit.add(u, clusters.computeIfAbsent(u.clusterKey(), c -> new double[unitDimension]));
    }
    double[] acc = new double[dimension];
    ClusterBatches batches = new ClusterBatches(perCluster, acc);
    clusters.forEach(batches::add);
    batches.flush();
    return acc;
  }

  @Override
  public boolean unitsAreClusters() {
    return units.stream().mapToLong(UnitRecord::clusterKey).distinct().count() == units.size();
  }

  @Override
  public int[] distinctGroups() {
    return units.stream().mapToInt(UnitRecord::group).distinct().sorted().toArray();
  }

  @Override
  public UnitSource transform(UnitTransform transform) {
    return new LocalUnits(units.stream().map(transform::apply).filter(Objects::nonNull).toList());
  }
}
