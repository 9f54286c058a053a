package se.finsam.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DriverHeapTest {
  private static final long MIB = 1 << 20;

  /** A burst that is collected before the peak is read still counts, and the peak never exceeds -Xmx. */
  @Test
  void peakIncludesGarbageCollectedBurstAndStaysUnderTheCap() throws InterruptedException {
    System.gc();
    DriverHeap.resetPeak();
    long before = DriverHeap.peakBytes();
    byte[][] burst = new byte[64][];
    for (int i = 0; i < burst.length; i++) {
      burst[i] = new byte[(int) MIB];
      burst[i][i] = 1;
    }
    burst = null;
    System.gc();
    long peak = 0;
    // GC notifications arrive on their own thread; give them a moment.
    for (int i = 0; i < 100 && peak < before + 60 * MIB; i++) {
      Thread.sleep(20);
      peak = DriverHeap.peakBytes();
    }
    assertTrue(peak >= before + 60 * MIB, "peak " + peak / MIB + " MiB after a 64 MiB burst from " + before / MIB);
    assertTrue(peak <= Runtime.getRuntime().maxMemory(), "peak " + peak / MIB + " MiB above the heap cap");
  }
}
