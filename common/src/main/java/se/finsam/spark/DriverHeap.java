package se.finsam.spark;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Peak heap of the driver JVM over a stretch of work, from the JVM's own pool peaks: reset before the
 * work, read after it. Used by benchmarks to show that the driver's memory does not grow with persons.
 */
public final class DriverHeap {
  private DriverHeap() {}

  public static void resetPeak() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** Sum over heap pools of their peak usage since the last reset, in bytes (an upper bound of the true peak). */
  public static long peakBytes() {
    long total = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        total += pool.getPeakUsage().getUsed();
      }
    }
    return total;
  }
}
