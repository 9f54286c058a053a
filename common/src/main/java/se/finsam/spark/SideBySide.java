package se.finsam.spark;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Independent pieces of driver work, each of which submits its own Spark queries, run a few at a time.
 * Most of a small query's time is the driver's (planning, Delta's log, scheduling), during which the
 * executors idle; with two in flight one query's driver work overlaps another's tasks.
 */
public final class SideBySide {
  /** How many a job runs at once (common reference.conf). */
  public static final String QUERIES_IN_FLIGHT = "finsam.spark.queries-in-flight";

  private SideBySide() {}

  /** {@value #QUERIES_IN_FLIGHT}, at least 1. */
  public static int queriesInFlight(Config config) {
    int threads = config.getInt(QUERIES_IN_FLIGHT);
    if (threads < 1) {
      throw new IllegalArgumentException(QUERIES_IN_FLIGHT + " must be at least 1, not " + threads);
    }
    return threads;
  }

  /**
   * Applies {@code work} to every item, up to {@code threads} at once, and returns the results in the items'
   * order. One thread runs them one after another in the caller's thread. When one fails, the items not yet
   * started are never started, and once those in flight have ended the exception of the first failed item
   * is rethrown (a checked one, e.g. Spark's SparkException, inside an {@link IllegalStateException}).
   */
  public static <T, R> List<R> map(List<T> items, int threads, String threadName, Function<T, R> work) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, not " + threads);
    }
    int inFlight = Math.min(threads, items.size());
    if (inFlight <= 1) {
      List<R> results = new ArrayList<>(items.size());
      items.forEach(item -> results.add(work.apply(item)));
      return results;
    }
    AtomicBoolean stopped = new AtomicBoolean();
    List<R> results = Collections.synchronizedList(new ArrayList<>(Collections.nCopies(items.size(), null)));
    ExecutorService pool = Executors.newFixedThreadPool(inFlight, r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        int index = i;
        futures.add(pool.submit(() -> {
          if (stopped.get()) {
            return;
          }
          try {
            results.set(index, work.apply(items.get(index)));
          } catch (Throwable e) {
            stopped.set(true);
            throw e;
          }
        }));
      }
      Throwable first = null;
      for (Future<?> future : futures) {
        try {
          future.get();
        } catch (ExecutionException e) {
          first = first == null ? e.getCause() : first;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for " + threadName, e);
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
      return new ArrayList<>(results);
    } finally {
      pool.shutdownNow();
    }
  }
}
