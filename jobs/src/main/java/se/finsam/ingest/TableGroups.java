package se.finsam.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import se.finsam.spark.SideBySide;

/**
 * Loads the deliveries of different tables side by side ({@link SideBySide}): with several tables in flight
 * one table's driver work (planning, code generation, Delta's log and commit) overlaps another's tasks. A
 * table's own deliveries stay in their order, since a correction must follow the delivery it replaces and
 * one table's commits would only conflict with each other; a run of them that may load together is offered
 * to {@link Loads#together} first, and loaded one at a time when it declines.
 */
final class TableGroups {
  private TableGroups() {}

  /** How to load deliveries: one, or a run of one table's consecutive deliveries together. */
  interface Loads<T> {
    T one(DeliveryManifest manifest);

    /**
     * The results of a run of two or more {@link #joinable} deliveries in their order, or empty to load them
     * one at a time.
     */
    default Optional<List<T>> together(List<DeliveryManifest> run) {
      return Optional.empty();
    }

    default boolean joinable(DeliveryManifest manifest) {
      return false;
    }

    /** The longest run offered to {@link #together}. */
    default int mostTogether() {
      return Integer.MAX_VALUE;
    }
  }

  /**
   * Loads every manifest, those of one table in the given order, up to {@code threads} tables at a time.
   * Returns the results in the manifests' order. An exception from {@code loads} stops every table before
   * its next delivery or run and is rethrown once all have stopped.
   */
  static <T> List<T> load(List<DeliveryManifest> manifests, int threads, Loads<T> loads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, not " + threads);
    }
    Map<String, List<Integer>> byTable = new LinkedHashMap<>();
    for (int i = 0; i < manifests.size(); i++) {
      byTable.computeIfAbsent(manifests.get(i).table(), t -> new ArrayList<>()).add(i);
    }
    AtomicBoolean stopped = new AtomicBoolean();
    List<Map<Integer, T>> tables = SideBySide.map(List.copyOf(byTable.values()), threads, "finsam-ingest-table",
        indices -> {
          Map<Integer, T> loaded = new LinkedHashMap<>();
          try {
            for (List<Integer> run : runs(indices, i -> loads.joinable(manifests.get(i)), loads.mostTogether())) {
              Optional<List<T>> together = run.size() < 2 || stopped.get() ? Optional.empty()
                  : loads.together(run.stream().map(manifests::get).toList());
              for (int k = 0; k < run.size(); k++) {
                if (together.isPresent()) {
                  loaded.put(run.get(k), together.get().get(k));
                } else if (!stopped.get()) {
                  loaded.put(run.get(k), loads.one(manifests.get(run.get(k))));
                }
              }
            }
          } catch (Throwable e) { // also Spark's checked SparkException of a failed write
            stopped.set(true);
            throw e;
          }
          return loaded;
        });
    List<T> results = new ArrayList<>(java.util.Collections.nCopies(manifests.size(), null));
    tables.forEach(table -> table.forEach(results::set));
    return results;
  }

  /**
   * {@code indices} cut into runs: each joinable one with the joinable ones right after it, up to {@code most}
   * in a run, any other alone.
   */
  private static List<List<Integer>> runs(List<Integer> indices, Predicate<Integer> joinable, int most) {
    List<List<Integer>> runs = new ArrayList<>();
    boolean open = false;
    for (int i : indices) {
      boolean joins = joinable.test(i);
      if (!(open && joins && runs.get(runs.size() - 1).size() < most)) {
        runs.add(new ArrayList<>());
      }
      runs.get(runs.size() - 1).add(i);
      open = joins;
    }
    return runs;
  }
}
