package se.finsam.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Loads the deliveries of different tables side by side. Most of a small delivery's time is the
 * driver's (planning, code generation, Delta's log and commit), during which the executors idle; with
 * several tables in flight one table's driver work overlaps another's tasks. A table's own deliveries
 * stay in their order, one at a time, since a correction must follow the delivery it replaces and one
 * table's commits would only conflict with each other.
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
    int inFlight = Math.min(threads, byTable.size());
    List<T> results = new ArrayList<>(java.util.Collections.nCopies(manifests.size(), null));
    if (inFlight <= 1) {
      for (int i = 0; i < manifests.size(); i++) {
        results.set(i, load.apply(manifests.get(i)));
      }
      return results;
    }
    AtomicBoolean stopped = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(inFlight, r -> {
      Thread t = new Thread(r, "finsam-ingest-table");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> tables = new ArrayList<>();
      for (List<Integer> indices : byTable.values()) {
        tables.add(pool.submit(() -> {
          for (int i : indices) {
            if (stopped.get()) {
              return;
            }
            try {
              T result = load.apply(manifests.get(i));
              synchronized (results) {
                results.set(i, result);
              }
            } catch (Throwable e) { // also Spark's checked SparkException of a failed write
              stopped.set(true);
              throw e;
            }
          }
        }));
      }
      Throwable first = null;
      for (Future<?> table : tables) {
        try {
          table.get();
        } catch (ExecutionException e) {
          first = first == null ? e.getCause() : first;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while loading deliveries", e);
        }
      }
      if (first instanceof RuntimeException re) {
        throw re;
      }
      if (first instanceof Error err) {
        throw err;
      }
      if (first != null) {
        throw new IllegalStateException(first.toString(), first);
      }
      synchronized (results) {
        return new ArrayList<>(results);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
