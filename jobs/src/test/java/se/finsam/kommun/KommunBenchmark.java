package se.finsam.kommun;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.finsam.jobs.Job;
import se.finsam.linkage.CuratedWarehouse;
import se.finsam.schemas.Contracts;
import se.finsam.schemas.TableContract;
import se.finsam.spark.DriverHeap;
import se.finsam.spark.SharedSpark;
import se.finsam.warehouse.Warehouse;
import se.finsam.warehouse.Zone;

/**
 * Benchmark of {@code kommunpanel} and {@code kommun-estimate} at scale, run by ci/bench-kommun.sh
 * (skipped otherwise): {@code -Dfinsam.bench.persons} persons over {@code -Dfinsam.bench.years} years
 * (from 2003) written directly as the curated Delta tables the panel reads, with every value a hash of
 * (pid, year, salt): residence in 290 municipalities with moves, deaths and emigrations, MiDaS spells
 * (sjukpenning, sjukersättning), bistånd months, CSN, wages and AF registrations, and förbund membership
 * with joining years 2005-2010 (a fifth never join). Synth and ingest at this size would take an hour
 * and are not what the target measures. The two jobs then run in-process as the launcher runs them.
 * {@code -Dfinsam.bench.dir} keeps the warehouse there; {@code -Dfinsam.bench.compare} names a kept
 * panel table to compare this run's panel with, row for row. Prints rows, seconds and the JVM's CPU
 * seconds per step, the driver's peak heap and the load.
 */
@ExtendWith(SharedSpark.class)
class KommunBenchmark {
  static final int MUNICIPALITIES = 290;
  static final int FIRST_YEAR = 2003;

  /** A hash of (pid, ar, salt) modulo {@code n}: with {@link #p} the generator's only source of variation. */
  private static Column h(int salt, long n) {
    return pmod(xxhash64(col("pid"), col("ar"), lit(salt)), lit(n));
  }

  /** A person's constant: the hash of (pid, salt). */
  private static Column p(int salt, long n) {
    return pmod(xxhash64(col("pid"), lit(salt)), lit(n));
  }

  private static Column kommunCode(Column index) {
    // The synthetic geography's coding: county (21) + two digits.
    Column county = element(index.mod(21), "01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13",
        "14", "17", "18", "19", "20", "21", "22", "23", "24", "25");
    return concat(county, format_string("%02d", index.divide(21).cast("int").plus(10)));
  }

  private static Column element(Column index, String... values) {
    return org.apache.spark.sql.functions.element_at(
        org.apache.spark.sql.functions.array(java.util.Arrays.stream(values).map(v -> lit(v)).toArray(Column[]::new)),
        index.cast("int").plus(1));
  }

  /** The date {@code day} days after 1 January of {@code year}. */
  private static Column dayOfYear(Column year, Column day) {
    return date_add(make_date(year, lit(1), lit(1)), day.cast("int"));
  }

  /** The curated tables of {@code persons} persons over {@code years} years. */
  static Map<TableContract, Dataset<Row>> tables(SparkSession spark, long persons, int years) {
    int last = FIRST_YEAR + years - 1;
    Dataset<Row> personYears = spark.range(1, persons + 1).select(col("id").as("pid"))
        .crossJoin(spark.range(FIRST_YEAR, last + 1L).select(col("id").cast("int").as("ar")))
        // Ages 5-64 in the first year; 0.3 % die and 1 % emigrate, in a year and on a day drawn per person.
        .withColumn("fodelsear", lit(FIRST_YEAR - 5).minus(p(1, 60)).cast("int"))
        .withColumn("exit_u", p(2, 1000))
        .withColumn("exit_ar", lit(FIRST_YEAR).plus(p(3, years)).cast("int"))
        .withColumn("exit_datum", dayOfYear(col("exit_ar"), p(4, 365)))
        // 5 % move once, from a year after the first, to another municipality.
        .withColumn("hem", p(5, MUNICIPALITIES))
        .withColumn("flytt_ar", when(p(6, 100).lt(5), lit(FIRST_YEAR + 1).plus(p(7, Math.max(1, years - 1)))))
        .withColumn("kommun_index", when(col("flytt_ar").isNotNull().and(col("ar").geq(col("flytt_ar"))),
            pmod(col("hem").plus(1).plus(p(8, MUNICIPALITIES - 1)), lit(MUNICIPALITIES))).otherwise(col("hem")))
        .filter(col("ar").minus(col("fodelsear")).geq(16)
            .and(col("exit_u").geq(13).or(col("ar").leq(col("exit_ar")))));
    personYears = personYears.cache();
    Column exitYear = col("exit_u").lt(13).and(col("ar").equalTo(col("exit_ar")));
    Dataset<Row> bakgrund = personYears.select(col("pid"), col("ar"),
        when(p(9, 2).equalTo(0), lit("K")).otherwise(lit("M")).as("kon"), col("fodelsear"),
        p(10, 4).equalTo(0).as("utrikes_fodd"), p(11, 3).equalTo(0).as("utlandsk_bakgrund"),
        element(p(12, 4), "FORGYMNASIAL", "GYMNASIAL", "EFTERGYMNASIAL", "SAKNAS").as("utbildningsniva"),
        element(p(13, 3), "OGIFT", "GIFT", "SKILD_ANKA").as("civilstand"),
        element(p(14, 4), "SAMBO_GIFT_MED_BARN", "SAMBO_GIFT_UTAN_BARN", "ENSAMSTAENDE_MED_BARN",
            "ENSAMSTAENDE_UTAN_BARN").as("familjestallning"),
        lit(0).as("barn_0_3"), lit(0).as("barn_4_6"), p(15, 3).as("barn_0_17"),
        kommunCode(col("kommun_index")).as("kommun_kod"),
        when(exitYear.and(col("exit_u").lt(3)), col("exit_datum")).as("doddatum"),
        when(exitYear.and(col("exit_u").geq(3)), col("exit_datum")).as("utvandrad_datum"));

    Column age = col("ar").minus(col("fodelsear"));
    Column adult = age.geq(19);
    Column start = dayOfYear(col("ar"), h(20, 365));
    // Sjukpenning: 8 % of adult person-years start a spell of 7-180 days; sjukersättning: 0.4 % start one of 1-4 years.
    Dataset<Row> sjp = personYears.filter(adult.and(h(21, 1000).lt(80))).select(col("pid"), lit("SJP").as("forman"),
        start.as("fran_datum"), date_add(start, h(22, 174).plus(6).cast("int")).as("tom_datum"),
        when(h(23, 3).equalTo(0), lit(0.5)).otherwise(lit(1.0)).as("omfattning"), h(24, 60000).cast("double").as("belopp_brutto"),
        lit(false).as("sarskilda_fall"), lit(null).cast("string").as("ae_skal"));
    Dataset<Row> se = personYears.filter(adult.and(h(25, 1000).lt(4))).select(col("pid"), lit("SE").as("forman"),
        start.as("fran_datum"), date_add(start, h(26, 1095).plus(365).cast("int")).as("tom_datum"),
        lit(1.0).as("omfattning"), h(27, 400000).cast("double").as("belopp_brutto"),
        lit(false).as("sarskilda_fall"), lit(null).cast("string").as("ae_skal"));
    // Bistånd: 4 % of adult person-years, a household of one from a month for 1-12 months.
    Dataset<Row> bistand = personYears.filter(adult.and(h(30, 100).lt(4)))
        .withColumn("fran_manad", h(31, 12).plus(1))
        .withColumn("manad", expr("explode(sequence(fran_manad, least(12, fran_manad + cast(pmod(xxhash64(pid, ar, 32), 12) as int))))"))
        .select(lit(2_000_000_000_000L).plus(col("pid")).as("hushall_id"), col("pid"),
            col("ar").multiply(100).plus(col("manad")).cast("int").as("period"), lit("SOKANDE").as("roll"),
            h(33, 12000).plus(1000).cast("double").as("belopp_hushall"));
    // CSN: 35 % of person-years aged 19-29, 2 % of the older.
    Dataset<Row> csn = personYears.filter(adult.and(h(40, 100).lt(when(age.lt(30), 35).otherwise(2))))
        .select(col("pid"), col("ar"), when(age.lt(21), lit("STUDIEHJALP")).otherwise(lit("STUDIEMEDEL")).as("stodform"),
            h(41, 80000).plus(1).cast("double").as("belopp"));
    // Wages: 72 % of adult person-years have an employer, 15 % of those a second one.
    Dataset<Row> employed = personYears.filter(adult.and(h(50, 100).lt(72)));
    Dataset<Row> jobb = employed.select(col("pid"), col("ar"), format_string("AG%05d", h(51, 20000)).as("arbetsgivare_id"),
            h(52, 400000).plus(1).cast("double").as("bruttolon"), h(53, 6).plus(1).cast("int").as("manad_fran"),
            h(54, 6).plus(7).cast("int").as("manad_till"))
        .unionByName(employed.filter(h(55, 100).lt(15)).select(col("pid"), col("ar"),
            format_string("AG%05d", h(56, 20000).plus(20000)).as("arbetsgivare_id"),
            h(57, 100000).plus(1).cast("double").as("bruttolon"), lit(1).as("manad_fran"), lit(12).as("manad_till")));
    // AF: 6 % of adult person-years start a registration of 1-13 months; 10 % are still open.
    Column tom = date_add(start, h(61, 365).plus(30).cast("int"));
    Dataset<Row> af = personYears.filter(adult.and(h(60, 1000).lt(60))).select(col("pid"), start.as("fran_datum"),
        when(h(62, 10).equalTo(0), lit(null).cast("date")).otherwise(tom).as("tom_datum"),
        element(h(63, 3), "11", "21", "22").as("sokandekategori"),
        when(h(62, 10).equalTo(0), lit(null).cast("string"))
            .otherwise(element(h(64, 5), "ARBETE", "ARBETE", "UTBILDNING", "ANNAN_ORSAK", "SJUK")).as("avaktualiseringsorsak"));
    // Förbund: a fifth of the municipalities never join; the others join in 2005-2010, 40 förbund.
    // The municipality's index in the pid column, so that p() draws per municipality.
    Dataset<Row> forbund = spark.range(MUNICIPALITIES).select(col("id").as("pid"))
        .filter(p(70, 5).notEqual(0))
        .select(kommunCode(col("pid")).as("kommun_kod"), format_string("SF%03d", p(71, 40).plus(1)).as("forbund_id"),
            dayOfYear(lit(2005).plus(p(72, 6)), p(73, 365)).as("fran_datum"), lit(null).cast("date").as("till_datum"));
    Map<TableContract, Dataset<Row>> out = new LinkedHashMap<>();
    out.put(Contracts.SCB_BAKGRUND_AR, bakgrund);
    out.put(Contracts.MIDAS_ERSATTNING, sjp.unionByName(se));
    out.put(Contracts.SOS_EKONOMISKT_BISTAND, bistand);
    out.put(Contracts.CSN_STUDIESTOD_AR, csn);
    out.put(Contracts.SCB_JOBB_AR, jobb);
    out.put(Contracts.AF_SOKANDEKATEGORI, af);
    out.put(Contracts.FORBUND_MEDLEMSKAP, forbund);
    return out;
  }

  /** Wall and CPU seconds of each step, with the load when it ended. */
  private static final class Steps {
    private final StringBuilder out = new StringBuilder();
    private final com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long wall = System.nanoTime();
    private long cpu = os.getProcessCpuTime();

    double[] done(String step) {
      long w = System.nanoTime();
      long c = os.getProcessCpuTime();
      double[] s = {(w - wall) / 1e9, (c - cpu) / 1e9};
      out.append(String.format("%s: wall_s=%.1f cpu_s=%.1f load=%.1f%n", step, s[0], s[1], os.getSystemLoadAverage()));
      wall = w;
      cpu = c;
      return s;
    }

    @Override
    public String toString() {
      return out.toString();
    }
  }

  @Test
  void kommun(SparkSession spark) throws Exception {
    String personsProperty = System.getProperty("finsam.bench.persons");
    assumeTrue(personsProperty != null, "set -Dfinsam.bench.persons to run the benchmark");
    long persons = Long.parseLong(personsProperty);
    int years = Integer.parseInt(System.getProperty("finsam.bench.years", "10"));
    // -Dfinsam.bench.dir keeps the warehouse (to compare panels before and after a change); a temporary one is removed.
    String keep = System.getProperty("finsam.bench.dir");
    Path dir = keep != null ? Files.createDirectories(Path.of(keep)) : Files.createTempDirectory("finsam-bench-kommun-");
    Warehouse warehouse = Warehouse.at(dir.toString());
    Steps steps = new Steps();
    Map<TableContract, Dataset<Row>> tables = tables(spark, persons, years);
    CuratedWarehouse.write(spark, warehouse, tables);
    spark.catalog().clearCache();
    StringBuilder rowsIn = new StringBuilder();
    long totalIn = 0;
    for (TableContract t : tables.keySet()) {
      long n = spark.read().format("delta").load(warehouse.table(Zone.CURATED, t.name())).count();
      totalIn += n;
      rowsIn.append(' ').append(t.name()).append('=').append(n);
    }
    steps.done("generate");
    String[] span = {"--warehouse", warehouse.root(), "--from-year", String.valueOf(FIRST_YEAR),
        "--to-year", String.valueOf(FIRST_YEAR + years - 1)};
    System.gc();
    DriverHeap.resetPeak();
    double[] panel = run(new KommunPanelJob(), steps, "kommunpanel", span);
    long panelRows = spark.read().format("delta").load(warehouse.table(Zone.PANEL, KommunPanel.TABLE)).count();
    double[] estimate = run(new KommunEstimateJob(), steps, "kommun-estimate", span);
    String compare = System.getProperty("finsam.bench.compare");
    String same = compare == null ? "" : "\n" + differences(spark.read().format("delta").load(compare),
        spark.read().format("delta").load(warehouse.table(Zone.PANEL, KommunPanel.TABLE)), compare);
    long results = spark.read().format("delta").load(warehouse.table(Zone.RESULTS, KommunEstimateJob.RESULTS + "att_gt")).count()
        + spark.read().format("delta").load(warehouse.table(Zone.RESULTS, KommunEstimateJob.RESULTS + "aggte")).count();
    String report = String.format("kommun benchmark: persons=%d years=%d curated_rows=%d panel_rows=%d result_rows=%d "
            + "target_wall_s=%.1f target_cpu_s=%.1f driver_peak_heap_mb=%d max_heap_mb=%d cores=%d%ncurated:%s%n%s",
        persons, years, totalIn, panelRows, results, panel[0] + estimate[0], panel[1] + estimate[1],
        DriverHeap.peakBytes() >> 20, Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(),
        rowsIn, steps) + same;
    System.out.println(report);
    Files.writeString(Path.of(System.getProperty("finsam.bench.out", dir.resolve("bench.txt").toString())), report);
    if (keep == null) {
      org.apache.commons.io.FileUtils.deleteDirectory(dir.toFile());
    }
  }

  /** Rows of either panel missing from the other (all columns, doubles exactly): 0 and 0 when identical. */
  private static String differences(Dataset<Row> before, Dataset<Row> after, String name) {
    Dataset<Row> a = after.select(before.columns()[0], java.util.Arrays.copyOfRange(before.columns(), 1, before.columns().length));
    return String.format("panel against %s: rows %d and %d, only before %d, only after %d", name, before.count(), a.count(),
        before.exceptAll(a).count(), a.exceptAll(before).count());
  }

  private static double[] run(Job job, Steps steps, String name, String... args) {
    KommunPanelJobTest.run(job, args);
    return steps.done(name);
  }
}
