package se.finsam.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SideBySideTest {
  private static final List<Integer> ITEMS = List.of(5, 1, 4, 2, 3);

  @Test
  void resultsComeInTheItemsOrder() {
    assertEquals(List.of(50, 10, 40, 20, 30), SideBySide.map(ITEMS, 3, "test", i -> {
      sleep(10L * i); // the later items finish first
      return 10 * i;
    }));
  }

  /** Two items must be in flight at once: each waits for the other. */
  @Test
  void itemsRunSideBySide() {
    CountDownLatch both = new CountDownLatch(2);
    assertEquals(List.of(true, true), SideBySide.map(List.of("a", "b"), 2, "test", item -> {
      both.countDown();
      try {
        return both.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }));
  }

  @Test
  void oneThreadRunsInTheCallersThreadInOrder() {
    Thread caller = Thread.currentThread();
    List<Integer> order = new ArrayList<>();
    SideBySide.map(ITEMS, 1, "test", i -> {
      assertEquals(caller, Thread.currentThread());
      return order.add(i);
    });
    assertEquals(ITEMS, order);
    assertThrows(IllegalArgumentException.class, () -> SideBySide.map(ITEMS, 0, "test", i -> i));
  }

  @Test
  void aFailureStartsNoFurtherItemAndIsRethrownAfterThoseInFlight() {
    CountDownLatch oneStarted = new CountDownLatch(1);
    CountDownLatch failed = new CountDownLatch(1);
    List<Integer> done = Collections.synchronizedList(new ArrayList<>());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> SideBySide.map(ITEMS, 2, "test", i -> {
      try {
        if (i == 5) {
          assertTrue(oneStarted.await(20, TimeUnit.SECONDS));
          failed.countDown();
          throw new IllegalStateException("broken 5");
        }
        oneStarted.countDown();
        assertTrue(failed.await(20, TimeUnit.SECONDS));
      } catch (InterruptedException ie) {
        throw new IllegalStateException(ie);
      }
      sleep(100);
      done.add(i);
      return i;
    }));
    assertEquals("broken 5", e.getMessage());
    assertEquals(List.of(1), done, "1 was in flight and finished; 4, 2 and 3 never started");
  }

  /** A checked exception thrown by Scala code (Spark's SparkException) is not lost. */
  @Test
  void aCheckedExceptionIsRethrownInsideAnIllegalStateException() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> SideBySide.map(List.of(1, 2), 2, "test",
        i -> i == 2 ? sneakyThrow(new java.io.IOException("write of 2 failed")) : i));
    assertTrue(e.getCause() instanceof java.io.IOException, e.toString());
    assertTrue(e.getMessage().contains("write of 2 failed"), e.getMessage());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> Integer sneakyThrow(Throwable t) throws E {
    throw (E) t;
  }
}
