package se.finsam.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TableGroupsTest {
  private static DeliveryManifest delivery(String table, String id) {
    return new DeliveryManifest("raw/" + table + "/" + id, "test", table, id, 202001, 202001, "csv", ';', "UTF-8",
        "pid", Optional.empty(), List.of(), Map.of(), 0, 0);
  }

  private static final List<DeliveryManifest> DELIVERIES = List.of(delivery("a", "a1"), delivery("a", "a2"),
      delivery("b", "b1"), delivery("c", "c1"), delivery("a", "a3"), delivery("b", "b2"));

  @Test
  void resultsComeInTheManifestsOrderAndATablesDeliveriesInTheirs() {
    List<String> started = Collections.synchronizedList(new ArrayList<>());
    List<String> ids = TableGroups.load(DELIVERIES, 3, m -> {
      started.add(m.deliveryId());
      return m.deliveryId();
    });
    assertEquals(List.of("a1", "a2", "b1", "c1", "a3", "b2"), ids);
    assertEquals(List.of("a1", "a2", "a3"), started.stream().filter(s -> s.startsWith("a")).toList());
    assertEquals(List.of("b1", "b2"), started.stream().filter(s -> s.startsWith("b")).toList());
  }

  /**
   * A table's consecutive joinable deliveries are offered together, up to the most in a run; a delivery
   * that is not joinable, or a run of one, loads alone, and a run declined loads one delivery at a time.
   */
  @Test
  void joinableRunsAreOfferedTogetherAndLoadOneAtATimeWhenDeclined() {
    List<DeliveryManifest> manifests = List.of(delivery("a", "a1"), delivery("a", "a2"), delivery("a", "a3"),
        delivery("a", "fix"), delivery("a", "a4"), delivery("a", "a5"), delivery("b", "b1"), delivery("b", "b2"),
        delivery("a", "a6"));
    List<List<String>> offered = new ArrayList<>();
    List<String> alone = new ArrayList<>();
    List<String> results = TableGroups.load(manifests, 1, new TableGroups.Loads<>() {
      @Override
      public String one(DeliveryManifest m) {
        alone.add(m.deliveryId());
        return "alone " + m.deliveryId();
      }

      @Override
      public Optional<List<String>> together(List<DeliveryManifest> run) {
        List<String> ids = run.stream().map(DeliveryManifest::deliveryId).toList();
        offered.add(ids);
        return ids.contains("b1") ? Optional.empty() : Optional.of(ids.stream().map(id -> "together " + id).toList());
      }

      @Override
      public boolean joinable(DeliveryManifest m) {
        return !m.deliveryId().equals("fix");
      }

      @Override
      public int mostTogether() {
        return 2;
      }
    });
    assertEquals(List.of(List.of("a1", "a2"), List.of("a4", "a5"), List.of("b1", "b2")), offered);
    assertEquals(List.of("a3", "fix", "a6", "b1", "b2"), alone);
    assertEquals(List.of("together a1", "together a2", "alone a3", "alone fix", "together a4", "together a5", "alone b1",
        "alone b2", "alone a6"), results);
  }

  /** Two tables' first deliveries must be in flight at once: each waits for the other. */
  @Test
  void tablesRunSideBySide() {
    CountDownLatch both = new CountDownLatch(2);
    List<Boolean> met = TableGroups.load(List.of(delivery("a", "a1"), delivery("b", "b1")), 2, m -> {
      both.countDown();
      try {
        return both.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    assertEquals(List.of(true, true), met);
  }

  @Test
  void oneThreadIsSequential() {
    List<String> order = new ArrayList<>();
    TableGroups.load(DELIVERIES, 1, m -> order.add(m.deliveryId()));
    assertEquals(List.of("a1", "a2", "a3", "b1", "b2", "c1"), order, "table by table");
    assertThrows(IllegalArgumentException.class, () -> TableGroups.load(DELIVERIES, 0, m -> m));
  }

  @Test
  void aFailureStopsEveryTableBeforeItsNextDeliveryAndIsRethrown() {
    List<String> loaded = Collections.synchronizedList(new ArrayList<>());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> TableGroups.load(
        List.of(delivery("a", "a1"), delivery("a", "a2"), delivery("a", "a3")), 2, m -> {
          if (m.deliveryId().equals("a2")) {
            throw new IllegalStateException("broken a2");
          }
          loaded.add(m.deliveryId());
          return m;
        }));
    assertEquals("broken a2", e.getMessage());
    assertEquals(List.of("a1"), loaded);
    // Across tables: the failing table stops the other before its next delivery.
    CountDownLatch failed = new CountDownLatch(1);
    CountDownLatch b1Started = new CountDownLatch(1);
    List<String> other = Collections.synchronizedList(new ArrayList<>());
    assertThrows(IllegalStateException.class, () -> TableGroups.load(
        List.of(delivery("a", "a1"), delivery("b", "b1"), delivery("b", "b2")), 2, m -> {
          try {
            if (m.table().equals("a")) {
              assertTrue(b1Started.await(20, TimeUnit.SECONDS));
              failed.countDown();
              throw new IllegalStateException("broken a1");
            }
            b1Started.countDown();
            assertTrue(failed.await(20, TimeUnit.SECONDS));
            Thread.sleep(100);
          } catch (InterruptedException ie) {
            throw new IllegalStateException(ie);
          }
          other.add(m.deliveryId());
          return m;
        }));
    assertEquals(List.of("b1"), other, "b1 was in flight and finished; b2 never started");
  }

  /** A checked exception thrown by Scala code (Spark's SparkException of a failed write) is not lost either. */
  @Test
  void aCheckedExceptionOfOneTableIsRethrown() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> TableGroups.load(
        List.of(delivery("a", "a1"), delivery("b", "b1")), 2,
        m -> m.table().equals("a") ? sneakyThrow(new java.io.IOException("write of a1 failed")) : m));
    assertTrue(e.getCause() instanceof java.io.IOException, e.toString());
    assertTrue(e.getMessage().contains("write of a1 failed"), e.getMessage());
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> DeliveryManifest sneakyThrow(Throwable t) throws E {
    throw (E) t;
  }
}
