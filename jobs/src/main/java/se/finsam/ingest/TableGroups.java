package se.finsam.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import se.finsam.spark.SideBySide;

/**
 * Loads the deliveries of different tables side by side ({@link SideBySide}): with several tables in flight
 * one table's driver work (planning, code generation, Delta's log and commit) overlaps another's tasks. A
 * table's own deliveries stay in their order, one at a time, since a correction must follow the delivery it
 * replaces and one table's commits would only conflict with each other.
 */
final class TableGroups {
  private TableGroups() {}

  /**
   * Applies {@code load} to every manifest, those of one table in the given order, up to {@code threads}
   * tables at a time. Returns the results in the manifests' order. An exception from
   * {@code load} stops every table before its next delivery and is rethrown once all have stopped.
   */
  static <T> List<T> load(List<DeliveryManifest> manifests, int threads, Function<DeliveryManifest, T> load) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, not " + threads);
    }
    Map<String, List<Integer>> byTable = new LinkedHashMap<>();
    for (int i = 0; i < manifests.size(); i++) {
      byTable.computeIfAbsent(manifests.get(i).table(), t -> new ArrayList<>()).add(i);
    }
    if (Math.min(threads, byTable.size()) <= 1) {
      return manifests.stream().map(load).toList();
    }
    AtomicBoolean stopped = new AtomicBoolean();
    List<Map<Integer, T>> tables = SideBySide.map(List.copyOf(byTable.values()), threads, "finsam-ingest-table",
        indices -> {
          Map<Integer, T> loaded = new LinkedHashMap<>();
          for (int i : indices) {
            if (stopped.get()) {
              break;
            }
            try {
              loaded.put(i, load.apply(manifests.get(i)));
            } catch (Throwable e) { // also Spark's checked SparkException of a failed write
              stopped.set(true);
              throw e;
            }
          }
          return loaded;
        });
    List<T> results = new ArrayList<>(java.util.Collections.nCopies(manifests.size(), null));
    tables.forEach(table -> table.forEach(results::set));
    return results;
  }
}
