package se.finsam.matched;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.finsam.spark.DriverHeap;
import se.finsam.spark.SharedSpark;

/**
 * Benchmark of the matched design's Spark part, run by ci/bench-matched.sh (skipped otherwise): a
 * population of {@code -Dfinsam.bench.pool} potential referents and {@code -Dfinsam.bench.treated}
 * treated persons with the five matching variables drawn from a hash of pid, yearly 0/1 outcomes for
 * every person and year, then exact matching, the pair sums of Tables 2-11, Table 1 and the logit cells
 * of Table 12. Prints rows, seconds, rows per second and the driver's peak heap.
 */
@ExtendWith(SharedSpark.class)
class MatchedBenchmark {

  /** A category of a variable from a hash of (pid, salt). */
  private static Column pick(List<String> categories, int salt) {
    Column index = pmod(xxhash64(col("pid"), lit(salt)), lit(categories.size())).plus(1).cast("int");
    return element_at(org.apache.spark.sql.functions.array(categories.stream().map(c -> lit(c)).toArray(Column[]::new)), index);
  }

  /** Seconds of each step since the previous one, in order. */
  private static final class Steps {
    private final StringBuilder out = new StringBuilder();
    private long last = System.nanoTime();

    void done(String step) {
      long now = System.nanoTime();
      out.append(out.length() == 0 ? "" : " ").append(step).append('=').append(String.format("%.1f", (now - last) / 1e9));
      last = now;
    }

    @Override
    public String toString() {
      return out.toString();
    }
  }

  @Test
  void matched(SparkSession spark) throws Exception {
    String pool = System.getProperty("finsam.bench.pool");
    assumeTrue(pool != null, "set -Dfinsam.bench.pool to run the benchmark");
    long poolSize = Long.parseLong(pool);
    long treatedSize = Long.parseLong(System.getProperty("finsam.bench.treated", "10000"));
    MatchedSettings s = MatchedSettings.from(com.typesafe.config.ConfigFactory.defaultReference().resolve());
    Path dir = Files.createTempDirectory("finsam-bench-matched-");
    long t0 = System.nanoTime();
    List<Column> columns = new ArrayList<>(List.of(col("pid"),
        when(col("pid").lt(treatedSize), lit(MatchedPopulation.TREATED)).otherwise(lit(MatchedPopulation.POOL)).as("grupp")));
    int salt = 1;
    for (Map.Entry<String, List<String>> v : MatchedPopulation.VARIABLES.entrySet()) {
      columns.add(pick(v.getValue(), salt++).as(v.getKey()));
    }
    columns.add(lit("PSYKISKA").as("diagnosgrupp"));
    columns.add(pmod(xxhash64(col("pid"), lit(99)), lit(4)).equalTo(0).as("ny_ae"));
    spark.range(poolSize + treatedSize).select(col("id").as("pid")).select(columns.toArray(Column[]::new))
        .write().parquet(dir.resolve("population").toString());
    List<Column> outcome = new ArrayList<>(List.of(col("pid"), col("ar")));
    for (YearlyOutcomes.Outcome o : YearlyOutcomes.OUTCOMES) {
      outcome.add(pmod(xxhash64(col("pid"), col("ar"), lit(o.column())), lit(5)).equalTo(0).cast("int").as(o.column()));
    }
    spark.range(poolSize + treatedSize).select(col("id").as("pid"))
        .crossJoin(spark.range(s.beforeYear(), s.lastFollowupYear() + 1L).select(col("id").cast("int").as("ar")))
        .select(outcome.toArray(Column[]::new)).write().parquet(dir.resolve("outcomes").toString());
    double generate = (System.nanoTime() - t0) / 1e9;

    Dataset<Row> population = spark.read().parquet(dir.resolve("population").toString());
    Dataset<Row> outcomes = spark.read().parquet(dir.resolve("outcomes").toString());
    System.gc();
    DriverHeap.resetPeak();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long t1 = System.nanoTime();
    Steps steps = new Steps();
    ExactMatching.Matches matches = ExactMatching.match(population, s.variables(), s.seed());
    Dataset<Row> pairs = matches.pairs().cache();
    long pairCount = pairs.count();
    long unmatched = matches.unmatched().count();
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
    List<MatchedJob.Section> sections = MatchedJob.sections(s, tables, balance, samples, fits,
        Map.of("Utfallsgrupp", treatedSize, "Potentiell referensgrupp", poolSize), Map.of(), pairCount);
    int published = MatchedJob.check(se.finsam.disclosure.DisclosureSettings.defaults(5), sections, Map.of(),
        se.finsam.disclosure.Prior.NONE)
        .tables().size();
    steps.done("tables_and_disclosure");
    double seconds = (System.nanoTime() - t1) / 1e9;
    // The JVM's CPU seconds (driver and local executors): on a shared machine the wall time mostly measures the others.
    double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
    long rows = poolSize + treatedSize;
    String report = String.format("matched benchmark: pool=%d treated=%d population_rows=%d outcome_rows=%d pairs=%d "
            + "unmatched=%d tables=%d generate_s=%.1f match_and_tables_s=%.1f cpu_s=%.1f rows_per_s=%.0f driver_peak_heap_mb=%d "
            + "max_heap_mb=%d cores=%d",
        poolSize, treatedSize, rows, rows * s.years().size(), pairCount, unmatched, published, generate, seconds, cpuSeconds,
        rows / seconds, DriverHeap.peakBytes() >> 20, Runtime.getRuntime().maxMemory() >> 20,
        Runtime.getRuntime().availableProcessors()) + "\nsteps_s: " + steps;
    System.out.println(report);
    Files.writeString(Path.of(System.getProperty("finsam.bench.out", dir.resolve("bench.txt").toString())), report + "\n");
  }
}
