package se.finsam.matched;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.finsam.spark.DriverHeap;
import se.finsam.linkage.CuratedWarehouse;
import se.finsam.spark.SharedSpark;
import se.finsam.warehouse.Warehouse;

/**
 * Benchmark of the matched design, run by ci/bench-matched.sh (skipped otherwise): curated tables for
 * {@code -Dfinsam.bench.pool} potential referents and {@code -Dfinsam.bench.treated} treated persons
 * ({@link MatchedCurated}, written as the ingest writes them), then the job's own path from them: the study
 * population, the yearly outcomes, exact matching, the pair sums of Tables 2-11, Table 1, the logit of
 * Table 12 and every table through the output checker. Prints rows, wall and CPU seconds per step, the
 * driver's peak heap and the load.
 */
@ExtendWith(SharedSpark.class)
class MatchedBenchmark {

  /** Wall and JVM CPU seconds of each step since the previous one, in order. */
  private static final class Steps {
    private final com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    private final StringBuilder out = new StringBuilder();
    private final long wall0 = System.nanoTime();
    private final long cpu0 = os.getProcessCpuTime();
    private long wall = wall0;
    private long cpu = cpu0;

    void done(String step) {
      long nowWall = System.nanoTime();
      long nowCpu = os.getProcessCpuTime();
      out.append(out.length() == 0 ? "" : " ").append(String.format("%s=%.1f/%.1f", step, (nowWall - wall) / 1e9,
          (nowCpu - cpu) / 1e9));
      wall = nowWall;
      cpu = nowCpu;
    }

    double wallSeconds() {
      return (wall - wall0) / 1e9;
    }

    // The JVM's CPU seconds (driver and local executors): on a shared machine the wall time mostly measures the others.
    double cpuSeconds() {
      return (cpu - cpu0) / 1e9;
    }

    @Override
    public String toString() {
      return out.toString();
    }
  }

  private static String load() throws java.io.IOException {
    return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
  }

  @Test
  void matched(SparkSession spark) throws Exception {
    String pool = System.getProperty("finsam.bench.pool");
    assumeTrue(pool != null, "set -Dfinsam.bench.pool to run the benchmark");
    long poolSize = Long.parseLong(pool);
    long treatedSize = Long.parseLong(System.getProperty("finsam.bench.treated", "10000"));
    MatchedSettings s = MatchedSettings.from(com.typesafe.config.ConfigFactory.defaultReference().resolve());
    // -Dfinsam.bench.warehouse keeps the generated curated tables between runs (profiling iterations).
    String keep = System.getProperty("finsam.bench.warehouse");
    Path dir = keep == null ? Files.createTempDirectory("finsam-bench-matched-")
        : Path.of(keep + "-" + poolSize + "-" + treatedSize);
    Warehouse warehouse = Warehouse.at(dir.toString());
    long t0 = System.nanoTime();
    if (keep == null || !Files.isDirectory(dir.resolve("curated"))) {
      CuratedWarehouse.write(spark, warehouse, MatchedCurated.tables(spark, poolSize, treatedSize));
    }
    double generate = (System.nanoTime() - t0) / 1e9;

    System.gc();
    DriverHeap.resetPeak();
    String loadBefore = load();
    Steps steps = new Steps();
    Map<String, Dataset<Row>> curated = MatchedJob.curated(spark, warehouse);
    MatchedJob.Study study = MatchedJob.study(curated, s);
    Dataset<Row> population = study.population();
    steps.done("population");
    Dataset<Row> outcomes = MatchedJob.outcomes(curated, population, s).cache();
    long outcomeRows = outcomes.count();
    steps.done("outcomes");
    ExactMatching.Matches matches = ExactMatching.match(population, s.variables(), s.seed());
    Dataset<Row> pairs = matches.pairs().cache();
    long pairCount = pairs.count();
    Map<String, Long> unmatched = MatchedJob.unmatchedByReason(matches);
    steps.done("matching");
    PairSummary.Samples samples = PairSummary.compute(pairs, population, outcomes, s);
    steps.done("pair_sums");
    CovariateBalance balance = CovariateBalance.compute(population, pairs);
    steps.done("table1");
    List<LogitAnalysis.Cell> cells = LogitAnalysis.cells(population, outcomes, s.variables(), s.lastFollowupYear());
    steps.done("logit_cells");
    List<LogitAnalysis.Fit> fits = new ArrayList<>();
    for (YearlyOutcomes.Outcome o : YearlyOutcomes.OUTCOMES) {
      fits.add(MatchedJob.fitOrNone(cells, s.variables(), o.column()));
    }
    steps.done("logit_fits");
    MatchedTables tables = new MatchedTables(s);
    List<MatchedJob.Section> sections = MatchedJob.sections(s, tables, balance, samples, fits, study.flow(s), unmatched,
        pairCount);
    int published = MatchedJob.check(se.finsam.disclosure.DisclosureSettings.defaults(5), sections, unmatched,
        se.finsam.disclosure.Prior.NONE).tables().size();
    steps.done("tables_and_disclosure");
    String report = String.format("matched benchmark: pool_persons=%d treated_persons=%d with_ae=%d treated=%d pool=%d "
            + "outcome_rows=%d pairs=%d unmatched=%s tables=%d generate_s=%.1f design_s=%.1f cpu_s=%.1f "
            + "driver_peak_heap_mb=%d max_heap_mb=%d cores=%d load_1min=%s->%s",
        poolSize, treatedSize, study.withAe(), study.treated(), study.pool(), outcomeRows, pairCount, unmatched, published,
        generate, steps.wallSeconds(), steps.cpuSeconds(), DriverHeap.peakBytes() >> 20, Runtime.getRuntime().maxMemory() >> 20,
        Runtime.getRuntime().availableProcessors(), loadBefore, load()) + "\nsteps (wall s/cpu s): " + steps;
    System.out.println(report);
    Files.writeString(Path.of(System.getProperty("finsam.bench.out", dir.resolve("bench.txt").toString())), report + "\n");
  }
}
