package se.finsam.spark;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Peak heap of the driver JVM over a stretch of work: reset before the work, read after it. Used by
 * benchmarks to show that the driver's memory does not grow with persons.
 *
 * <p>The heap is fullest just before a collection, so the peak is taken from the JVM's garbage
 * collection notifications (heap in use before each collection) and the heap in use when read. Adding
 * up the pools' own peaks instead would overstate it (eden, survivor and old peak at different times),
 * even beyond the -Xmx cap.
 */
public final class DriverHeap {
  private static final Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
  private static final AtomicLong PEAK = new AtomicLong();

  static {
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (collector instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(DriverHeap::collected,
            n -> GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType()), null);
      }
    }
  }

  private DriverHeap() {}

  private static void collected(Notification notification, Object handback) {
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    long before = 0;
    for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
      if (HEAP_POOLS.contains(pool.getKey())) {
        before += pool.getValue().getUsed();
      }
    }
    PEAK.accumulateAndGet(before, Math::max);
  }

  private static long inUse() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  public static void resetPeak() {
    PEAK.set(inUse());
  }

  /** The largest heap in use since the last reset, in bytes. */
  public static long peakBytes() {
    return PEAK.accumulateAndGet(inUse(), Math::max);
  }
}
