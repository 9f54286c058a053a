package se.finsam.linkage;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.finsam.spark.SharedSpark;
import se.finsam.warehouse.Warehouse;
import se.finsam.warehouse.Zone;

/**
 * Benchmark of the panel job, run by ci/bench-panel.sh (skipped in ordinary test runs): generates
 * curated tables for {@code -Dfinsam.bench.persons} persons, runs {@code panel} over the default
 * calendar (2015-01..2024-04, 112 months) and prints person-months per second and the peak heap of the
 * JVM (driver and, in local mode, executors).
 */
@ExtendWith(SharedSpark.class)
class PanelBenchmark {

  @Test
  void panel(SparkSession spark) throws Exception {
    String persons = System.getProperty("finsam.bench.persons");
    assumeTrue(persons != null, "set -Dfinsam.bench.persons to run the benchmark");
    // -Dfinsam.bench.warehouse keeps the generated curated tables between runs (profiling iterations).
    String keep = System.getProperty("finsam.bench.warehouse");
    Path dir = keep == null ? Files.createTempDirectory("finsam-bench-") : Path.of(keep + "-" + persons);
    Warehouse warehouse = Warehouse.at(dir.toString());
    long t0 = System.nanoTime();
    if (keep == null || !Files.isDirectory(dir.resolve("curated"))) {
      CuratedWarehouse.write(spark, warehouse, SyntheticCurated.tables(spark, Long.parseLong(persons)));
    }
    double generate = (System.nanoTime() - t0) / 1e9;

    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    AtomicLong peak = new AtomicLong(memory.getHeapMemoryUsage().getUsed());
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.setDaemon(true);
    sampler.start();
    long t1 = System.nanoTime();
    PanelJobTest.runPanel(warehouse);
    double seconds = (System.nanoTime() - t1) / 1e9;
    sampler.interrupt();
    long rows = spark.read().format("delta").load(warehouse.table(Zone.PANEL, "person_month")).count();
    String report = String.format("panel benchmark: persons=%s person_months=%d generate_s=%.1f panel_s=%.1f "
            + "person_months_per_s=%.0f peak_heap_mb=%d max_heap_mb=%d cores=%d",
        persons, rows, generate, seconds, rows / seconds, peak.get() >> 20, memory.getHeapMemoryUsage().getMax() >> 20,
        Runtime.getRuntime().availableProcessors());
    System.out.println(report);
    Files.writeString(Path.of(System.getProperty("finsam.bench.out", dir.resolve("bench.txt").toString())), report + "\n");
  }
}
