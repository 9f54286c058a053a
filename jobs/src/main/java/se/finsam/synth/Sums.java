package se.finsam.synth;

import java.io.Serializable;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sums by kind and key, with the number of additions: what one partition of the generation adds up (the rows
 * written per delivery and flaw, the truth's potential outcomes), merged on the driver. Aggregates only, never a
 * person's values, so the partitions' sums may be collected.
 */
public final class Sums implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Map<String, Map<List<Object>, double[]>> byKind = new HashMap<>();

  /** Adds one observation: the key's count grows by one and each sum by its value. */
  void add(String kind, List<Object> key, double... values) {
    double[] sums = byKind.computeIfAbsent(kind, k -> new HashMap<>()).computeIfAbsent(key, k -> new double[1 + values.length]);
    sums[0]++;
    for (int i = 0; i < values.length; i++) {
      sums[1 + i] += values[i];
    }
  }

  /** Adds the other partition's sums to these. */
  Sums merge(Sums other) {
    other.byKind.forEach((kind, keys) -> keys.forEach((key, sums) -> {
      double[] mine = byKind.computeIfAbsent(kind, k -> new HashMap<>()).computeIfAbsent(key, k -> new double[sums.length]);
      for (int i = 0; i < sums.length; i++) {
        mine[i] += sums[i];
      }
    }));
    return this;
  }

  /** Per key of the kind: the count at index 0, then the sums in the order they were added. */
  Map<List<Object>, double[]> of(String kind) {
    return Collections.unmodifiableMap(byKind.getOrDefault(kind, Map.of()));
  }
}
