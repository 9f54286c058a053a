package se.finsam.estimate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import se.finsam.config.ConfigLoader;
import se.finsam.did.AttGtEstimator;
import se.finsam.did.AttGtResult;
import se.finsam.did.BasePeriod;
import se.finsam.did.ControlGroup;
import se.finsam.did.DidSettings;
import se.finsam.did.EstimationMethod;
import se.finsam.did.GroupTimeEffect;
import se.finsam.did.LocalUnits;
import se.finsam.did.UnbalancedPanel;
import se.finsam.did.UnitRecord;
import se.finsam.jobs.JobContext;
import se.finsam.jobs.JobMetrics;
import se.finsam.jobs.JobRunner;
import se.finsam.jobs.SparkJobGroups;
import se.finsam.spark.SharedSpark;
import se.finsam.warehouse.Warehouse;

/**
 * The estimate step on a panel laid out like panel/population and panel/person_month, built from R
 * did's mpdta (each year one "month"), must give R's not-yet-treated doubly robust results; a second
 * outcome (twice lemp), estimated side by side with it, gets exactly twice its effects.
 */
@ExtendWith(SharedSpark.class)
class EstimateJobTest {
  @TempDir Path dir;

  static Path reference() {
    String shared = System.getProperty("finsam.shared.dir");
    return (shared != null ? Path.of(shared) : Path.of("../../shared")).resolve("reference");
  }

  private static List<String[]> csv(String name, String scenario) throws IOException {
    return Files.readAllLines(reference().resolve(name)).stream().skip(1)
        .map(l -> l.replace("\"", "").split(",")).filter(r -> r[0].equals(scenario)).toList();
  }

  /**
   * mpdta as panel/person_month and panel/population under {@code warehouse}; {@code keep} filters the
   * county-years (a gap is a person-month without a row).
   */
  private static void writePanel(SparkSession spark, String warehouse, org.apache.spark.sql.Column keep) {
    Dataset<Row> mpdta = spark.read().option("header", "true").option("inferSchema", "true")
        .csv(reference().resolve("mpdta.csv").toString());
    // Year 2003 is month_index 1; group_index is the first treated year's index, 0 for never treated.
    Dataset<Row> months = mpdta.select(col("countyreal").cast("long").as("pid"),
        col("year").minus(2002).as("month_index"),
        when(col("`first.treat`").equalTo(0), lit(0)).otherwise(col("`first.treat`").minus(2002)).as("group_index"),
        col("lemp"), col("lemp").multiply(2).as("lemp2"),
        // Observed in fewer years than lemp: its units are others', so it shares no sums with lemp's.
        when(col("countyreal").mod(5).equalTo(1).and(col("year").equalTo(2004)), lit(null).cast("double"))
            .otherwise(col("lemp")).as("lemp3"),
        // Never observed after treatment: no cell after treatment can be estimated.
        when(col("`first.treat`").gt(0).and(col("year").geq(col("`first.treat`"))), lit(null).cast("double"))
            .otherwise(col("lemp")).as("lemp4"));
    months.filter(keep).write().format("delta").save(warehouse + "/panel/person_month");
    mpdta.filter(col("year").equalTo(2003)).select(col("countyreal").cast("long").as("pid"),
        when(col("`first.treat`").equalTo(0), lit(0)).otherwise(lit(1)).as("group_period"),
        when(col("`first.treat`").equalTo(0), lit(null).cast("int")).otherwise(lit(201502)).as("treatment_period"),
        lit("K").as("kon"), col("lpop"), col("countyreal").cast("string").substr(1, 2).as("state"))
        .write().format("delta").save(warehouse + "/panel/population");
  }

  @Test
  void mpdtaAsAPanelGivesRsNotYetTreatedEstimates(SparkSession spark) throws Exception {
    String warehouse = dir.resolve("wh").toString();
    writePanel(spark, warehouse, lit(true));
    Path conf = EstimateConf.months(5).outcomes("lemp", "lemp2").model("M1")
        .set("finsam.estimate.parallel-outcomes = 2").set("finsam.estimate.only-models = M1").write(dir.resolve("mpdta.conf"));

    int code = EstimateConf.runner(spark, warehouse).execute(new EstimateJob(),
        new String[] {"--conf", conf.toString(), "--run-id", "mpdta"});
    assertEquals(0, code);

    Dataset<Row> both = spark.read().format("delta").load(warehouse + "/results/att_gt");
    Dataset<Row> attGt = both.filter(col("outcome").equalTo("lemp"));
    Dataset<Row> doubled = both.filter(col("outcome").equalTo("lemp2"));
    List<String[]> expected = csv("mpdta_r_did_attgt.csv", "mpdta_nyt_dr");
    assertEquals(expected.size(), attGt.count());
    for (String[] r : expected) {
      Row got = attGt.filter(col("group").equalTo(Integer.parseInt(r[1]) - 2002)
          .and(col("t").equalTo(Integer.parseInt(r[2]) - 2002))).first();
      assertEquals(Double.parseDouble(r[3]), got.<Double>getAs("att"), 1e-8, "att " + r[1] + "," + r[2]);
      assertEquals(Double.parseDouble(r[4]), got.<Double>getAs("se"), Double.parseDouble(r[4]) * 0.01);
      assertEquals(got.<Integer>getAs("t") - got.<Integer>getAs("group"), got.<Integer>getAs("event_time"));
      Row twice = doubled.filter(col("group").equalTo(got.<Integer>getAs("group"))
          .and(col("t").equalTo(got.<Integer>getAs("t")))).first();
      assertEquals(2 * got.<Double>getAs("att"), twice.<Double>getAs("att"), 1e-12);
      assertEquals(2 * got.<Double>getAs("se"), twice.<Double>getAs("se"), 1e-12);
    }
    assertEquals(expected.size(), doubled.count());

    Dataset<Row> aggte = spark.read().format("delta").load(warehouse + "/results/aggte").filter(col("outcome").equalTo("lemp"));
    for (String[] r : csv("mpdta_r_did_aggte.csv", "mpdta_nyt_dr")) {
      Row overall = aggte.filter(col("type").equalTo(r[1]).and(col("egt").isNull())).first();
      assertEquals(Double.parseDouble(r[5]), overall.<Double>getAs("att"), 1e-8, r[1]);
      assertEquals(Double.parseDouble(r[6]), overall.<Double>getAs("se"), Double.parseDouble(r[6]) * 0.01, r[1]);
      assertEquals(2500L, (long) overall.<Long>getAs("n_obs"), "500 counties x 5 years");
      assertEquals(500L, (long) overall.<Long>getAs("n_persons"));
    }
    assertTrue(aggte.filter(col("type").equalTo("post_average")).count() == 1);
    Row pretest = spark.read().format("delta").load(warehouse + "/results/pretest").filter(col("outcome").equalTo("lemp")).first();
    assertEquals(Double.parseDouble(csv("mpdta_r_did_pretest.csv", "mpdta_nyt_dr").get(0)[1]),
        pretest.<Double>getAs("W"), 1e-6);
    Row sample = spark.read().format("delta").load(warehouse + "/results/sample").filter(col("outcome").equalTo("lemp")).first();
    assertEquals(List.of(500L, 500L, 0L), List.of(sample.<Long>getAs("persons"), sample.<Long>getAs("persons_used"),
        sample.<Long>getAs("persons_dropped")));
    assertEquals("pairs", sample.<String>getAs("unbalanced_panel"), "seed 002's default is Stata csdid's");
  }

  /**
   * Persons that fit an executor's heap are estimated in one task (no Spark job per pass), larger panels by
   * passes over the executors. Either way lemp and lemp2, observed in the same months, share their
   * outcome-free sums and lemp3 (with other gaps) does not. Both paths write, in every table, the same
   * results (to the last bits of the sums' order) as passes where every outcome computes its own sums: two
   * outcomes under a model without covariates (its moments from group moments) and one with a covariate,
   * persons missing months kept pair balanced, states as clusters and bootstrapped uniform bands. Either
   * way the Spark UI reads as the work: every job of the run, those of the driver thread (the
   * panel's samples, the result writes) as well as the outcomes' passes in the pool, is in an estimate
   * group and described; afterwards the thread is in no group, so the runner's audit write is not
   * counted as the estimate's. (One test, as each run of the step costs tens of seconds.)
   */
  @Test
  void oneTaskAndPassesWriteTheSameResults(SparkSession spark) throws Exception {
    String warehouse = dir.resolve("paths").toString();
    writePanel(spark, warehouse, not(col("pid").mod(7).equalTo(0).and(col("month_index").equalTo(3))));
    Map<String, List<String>> jobs = new java.util.HashMap<>();
    Map<String, String> runs = Map.of("task", "{ one-task-heap-share = 0.25 }", "passes", "{ one-task-heap-share = 0 }",
        "unshared", "{ one-task-heap-share = 0, share-sums = false }");
    for (Map.Entry<String, String> run : runs.entrySet()) {
      Path conf = EstimateConf.months(5).outcomes("lemp", "lemp2", "lemp3").model("M1").model("X", "covariates = [lpop]")
          .set("finsam.estimate.cluster = state").set("finsam.estimate.bootstrap.uniform-bands = true")
          .set("finsam.estimate.bootstrap.iterations = 99")
          .set("finsam.estimate " + run.getValue())
          .write(dir.resolve("paths-" + run.getKey() + ".conf"));
      Config config = new ConfigLoader(Map.of("FINSAM_WAREHOUSE", warehouse), getClass().getClassLoader())
          .load(Optional.empty(), Optional.of(conf.toFile()), Map.of());
      jobs.put(run.getKey(), SparkJobGroups.during(spark, () -> new EstimateJob().run(
          new JobContext(run.getKey(), config, spark, Warehouse.fromConfig(config), new JobMetrics()))));
    }
    List<String> executors = jobs.get("passes");
    List<String> oneTask = jobs.get("task");
    for (List<String> run : List.of(executors, oneTask)) {
      assertTrue(run.stream().allMatch(j -> j.startsWith("estimate/") && !j.endsWith(" | null")), run.toString());
    }
    for (String expected : List.of("estimate/M1 | estimate M1: its sample",
        "estimate/M1 | estimate M1: its sample - sample: outcomes observed in the same months",
        "estimate/X/lemp2 | estimate lemp2 under X - pass: sums of", "estimate/results | estimate: results of run passes - write results/att_gt")) {
      assertTrue(executors.stream().anyMatch(j -> j.startsWith(expected)), expected + " in " + executors);
    }
    assertEquals(null, spark.sparkContext().getLocalProperty("spark.jobGroup.id"), "the driver thread leaves the estimate's group");
    assertTrue(oneTask.stream().noneMatch(j -> j.contains(" - pass: ") || j.contains(" - sample: ")),
        "in one task, no Spark job per pass: " + oneTask);
    assertTrue(oneTask.stream().anyMatch(j -> j.endsWith(" - every model and outcome in one task")), oneTask.toString());
    java.util.function.BiFunction<String, String, Long> passes = (run, outcome) -> jobs.get(run).stream()
        .filter(j -> j.startsWith("estimate/X/" + outcome + " | ") && j.contains(" - pass: ")).count();
    assertTrue(passes.apply("passes", "lemp2") < passes.apply("unshared", "lemp2"),
        "lemp2's propensity-score steps are lemp's: " + passes.apply("passes", "lemp2") + " passes");
    assertEquals(passes.apply("unshared", "lemp3"), passes.apply("passes", "lemp3"), "lemp3 has its own months");
    for (String table : List.of("att_gt", "aggte", "pretest", "sample", "warnings")) {
      Dataset<Row> rows = spark.read().format("delta").load(warehouse + "/results/" + table);
      List<Row> unshared = sorted(rows.filter(col("run_id").equalTo("unshared")).drop("run_id"));
      assertTrue(!unshared.isEmpty(), table);
      for (String run : List.of("task", "passes")) {
        List<Row> got = sorted(rows.filter(col("run_id").equalTo(run)).drop("run_id"));
        assertEquals(unshared.size(), got.size(), table);
        for (int r = 0; r < unshared.size(); r++) {
          for (int f = 0; f < unshared.get(r).length(); f++) {
            Object want = unshared.get(r).get(f);
            Object value = got.get(r).get(f);
            String where = run + ": " + table + " " + unshared.get(r) + " field " + f;
            if (want instanceof Double w && value instanceof Double g) {
              assertEquals(w, g, 1e-10 * (1 + Math.abs(w)), where);
            } else {
              assertEquals(want, value, where);
            }
          }
        }
      }
    }
  }

  /** A table's rows ordered by their keys: every field that is not a double. */
  private static List<Row> sorted(Dataset<Row> rows) {
    java.util.function.Function<Row, String> key = r -> {
      StringBuilder k = new StringBuilder();
      for (int f = 0; f < r.length(); f++) {
        k.append(r.get(f) instanceof Double ? "" : String.valueOf(r.get(f))).append('|');
      }
      return k.toString();
    };
    return rows.collectAsList().stream().sorted(java.util.Comparator.comparing(key)).toList();
  }

  /**
   * Persons missing months are kept pair balanced by default (Stata csdid) and dropped under a model
   * that asks for R's default; a third model runs its own estimator (ipw-abadie) on the rows as repeated
   * cross sections; the sample table says how many each used and dropped, and why. The
   * estimates are the estimator's on the same units (its pair-balanced cells are checked against a hand
   * computation in PairBalancedTest).
   */
  @Test
  void personsMissingMonthsAreKeptPairBalancedOrDroppedAndCounted(SparkSession spark) throws Exception {
    String warehouse = dir.resolve("gaps").toString();
    // County-years removed: 2005 of every 7th county, 2007 of counties = 3 mod 11.
    writePanel(spark, warehouse, not(col("pid").mod(7).equalTo(0).and(col("month_index").equalTo(3)))
        .and(not(col("pid").mod(11).equalTo(3).and(col("month_index").equalTo(5)))));
    Path conf = EstimateConf.months(5).outcomes("lemp").model("PAIRS").model("DROP", "unbalanced-panel = drop")
        .model("ABADIE", "unbalanced-panel = cross-sections", "est-method = ipw-abadie").write(dir.resolve("gaps.conf"));
    JobRunner runner = EstimateConf.runner(spark, warehouse);
    assertEquals(2, runner.execute(new EstimateJob(), new String[] {"--conf", conf.toString(), "--models", "PAIRS,M9"}),
        "an unknown model is a usage error");
    Path wholeHeap = EstimateConf.months(5).outcomes("lemp").model("PAIRS").set("finsam.estimate.one-task-heap-share = 1")
        .write(dir.resolve("whole-heap.conf"));
    assertEquals(2, runner.execute(new EstimateJob(), new String[] {"--conf", wholeHeap.toString()}),
        "a task may not take the whole heap: a usage error");
    assertTrue(!Files.exists(Path.of(warehouse, "results")), "and nothing is written");
    assertEquals(0, runner.execute(new EstimateJob(), new String[] {"--conf", conf.toString(), "--run-id", "gaps"}));

    Dataset<Row> pm = spark.read().format("delta").load(warehouse + "/panel/person_month");
    Map<Long, double[]> outcomes = new java.util.TreeMap<>();
    Map<Long, Integer> groups = new java.util.TreeMap<>();
    for (Row r : pm.collectAsList()) {
      long pid = r.getAs("pid");
      double[] y = outcomes.computeIfAbsent(pid, p -> new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN});
      y[r.<Integer>getAs("month_index") - 1] = r.getAs("lemp");
      groups.put(pid, r.getAs("group_index"));
    }
    List<UnitRecord> units = new ArrayList<>();
    outcomes.forEach((pid, y) -> units.add(new UnitRecord(pid, groups.get(pid), 1.0, new double[] {1.0}, y)));
    long incomplete = units.stream().filter(u -> !u.balanced()).count();
    AttGtResult expected = estimate(units, EstimationMethod.DR, UnbalancedPanel.PAIRS);
    Dataset<Row> attGt = spark.read().format("delta").load(warehouse + "/results/att_gt");
    for (GroupTimeEffect e : expected.effects()) {
      Row got = attGt.filter(col("model").equalTo("PAIRS").and(col("group").equalTo(e.cell().group()))
          .and(col("t").equalTo(e.cell().time()))).first();
      assertEquals(e.att(), got.<Double>getAs("att"), 1e-12);
    }
    // A model's own est-method: Abadie's IPW on the rows as repeated cross sections, which (unlike the panel
    // estimators without covariates) is not the doubly robust estimate on these gaps.
    double fromDr = 0;
    List<GroupTimeEffect> dr = estimate(units, EstimationMethod.DR, UnbalancedPanel.CROSS_SECTIONS).effects();
    List<GroupTimeEffect> abadie = estimate(units, EstimationMethod.IPW_ABADIE, UnbalancedPanel.CROSS_SECTIONS).effects();
    for (int i = 0; i < abadie.size(); i++) {
      GroupTimeEffect e = abadie.get(i);
      Row got = attGt.filter(col("model").equalTo("ABADIE").and(col("group").equalTo(e.cell().group()))
          .and(col("t").equalTo(e.cell().time()))).first();
      assertEquals(e.att(), got.<Double>getAs("att"), 1e-12);
      fromDr = Math.max(fromDr, Math.abs(e.att() - dr.get(i).att()));
    }
    assertTrue(fromDr > 1e-6, "the model ran ipw-abadie, not dr: " + fromDr);
    Dataset<Row> samples = spark.read().format("delta").load(warehouse + "/results/sample");
    Row pairs = samples.filter(col("model").equalTo("PAIRS")).first();
    assertEquals(List.of(500L, 500L, 0L), List.of(pairs.<Long>getAs("persons"), pairs.<Long>getAs("persons_used"),
        pairs.<Long>getAs("persons_dropped")));
    Row drop = samples.filter(col("model").equalTo("DROP")).first();
    assertTrue(incomplete > 100);
    assertEquals(List.of(500L, 500L - incomplete, incomplete), List.of(drop.<Long>getAs("persons"),
        drop.<Long>getAs("persons_used"), drop.<Long>getAs("persons_dropped")));
    assertEquals(List.of(DropRules.treatedFirst() + ": 0", DropRules.outcome(UnbalancedPanel.DROP_UNITS) + ": " + incomplete),
        drops(drop), "each rule with the persons it dropped");
    // The estimator each model ran: the configured default, or the model's own.
    assertEquals("dr", pairs.<String>getAs("est_method"));
    assertEquals("ipw-abadie", samples.filter(col("model").equalTo("ABADIE")).first().<String>getAs("est_method"));
    Dataset<Row> warnings = spark.read().format("delta").load(warehouse + "/results/warnings");
    assertTrue(warnings.filter(col("model").equalTo("DROP").and(col("message").contains(incomplete + " units are missing")))
        .count() == 1, "the estimator's warnings reach the result tables");
    assertTrue(warnings.filter(col("model").equalTo("PAIRS").and(col("message").contains("pair balanced"))).count() == 1);
  }

  /**
   * A cell the estimator cannot estimate keeps its reason in results/att_gt: every county treated in 2006
   * (group 4) misses 2007 (month 5), so pair balanced ATT(4,5) has no treated unit observed in both of its
   * months; its att is empty and its reason says why, every other cell has none, and the warning reaches
   * results/warnings.
   */
  @Test
  void aCellThatCannotBeEstimatedKeepsItsReason(SparkSession spark) throws Exception {
    String warehouse = dir.resolve("reason").toString();
    writePanel(spark, warehouse, not(col("group_index").equalTo(4).and(col("month_index").equalTo(5))));
    Path conf = EstimateConf.months(5).outcomes("lemp").model("M1").write(dir.resolve("reason.conf"));
    assertEquals(0, EstimateConf.runner(spark, warehouse).execute(new EstimateJob(),
        new String[] {"--conf", conf.toString(), "--run-id", "reason"}));
    Dataset<Row> attGt = spark.read().format("delta").load(warehouse + "/results/att_gt");
    Row skipped = attGt.filter(col("group").equalTo(4).and(col("t").equalTo(5))).first();
    assertEquals("no treated units", skipped.<String>getAs("reason"), skipped.toString());
    assertTrue(skipped.isNullAt(skipped.fieldIndex("att")), skipped.toString());
    assertEquals(0, attGt.filter(col("reason").isNotNull()).count() - 1, "only ATT(4,5) has a reason");
    assertTrue(attGt.filter(col("reason").isNull()).count() > 0);
    assertEquals(1, spark.read().format("delta").load(warehouse + "/results/warnings")
        .filter(col("message").contains("ATT(4,5) not estimated: no treated units")).count());
  }

  /**
   * An outcome never observed after treatment keeps its cells, their reasons and its pre-test, and gets no
   * aggregation (R's aggte would stop), while the other outcome is estimated and aggregated as usual.
   */
  @Test
  void anOutcomeWithoutAnEstimatedCellAfterTreatmentIsNotAggregatedAndTheOthersAre(SparkSession spark) throws Exception {
    String warehouse = dir.resolve("unaggregated").toString();
    writePanel(spark, warehouse, lit(true));
    Path conf = EstimateConf.months(5).outcomes("lemp", "lemp4").model("M1").write(dir.resolve("unaggregated.conf"));
    assertEquals(0, EstimateConf.runner(spark, warehouse).execute(new EstimateJob(),
        new String[] {"--conf", conf.toString(), "--run-id", "unaggregated"}));
    Dataset<Row> attGt = spark.read().format("delta").load(warehouse + "/results/att_gt")
        .filter(col("outcome").equalTo("lemp4"));
    assertEquals(12, attGt.count());
    assertEquals(0, attGt.filter(col("t").geq(col("group")).and(col("reason").notEqual("no treated units"))).count());
    assertEquals(5, attGt.filter(col("t").lt(col("group")).and(col("att").isNotNull())).count(), "the pre-treatment cells");
    Dataset<Row> aggte = spark.read().format("delta").load(warehouse + "/results/aggte");
    assertEquals(0, aggte.filter(col("outcome").equalTo("lemp4")).count());
    assertEquals(1, aggte.filter(col("outcome").equalTo("lemp").and(col("type").equalTo("simple"))).count());
    assertEquals(1, spark.read().format("delta").load(warehouse + "/results/pretest")
        .filter(col("outcome").equalTo("lemp4")).count());
    assertEquals(1, spark.read().format("delta").load(warehouse + "/results/warnings")
        .filter(col("outcome").equalTo("lemp4").and(col("message").contains("nothing is aggregated"))).count());
    assertEquals(2, spark.read().format("delta").load(warehouse + "/results/sample").count());
  }

  /** The rules of a results/sample row with the persons each dropped, as "rule: persons". */
  static List<String> drops(Row sample) {
    return sample.<Row>getList(sample.fieldIndex("drops")).stream()
        .map(d -> d.getString(0) + ": " + d.getLong(1)).toList();
  }

  private static AttGtResult estimate(List<UnitRecord> units, EstimationMethod method, UnbalancedPanel gaps) {
    return AttGtEstimator.estimate(new LocalUnits(units), new int[] {1, 2, 3, 4, 5},
        new DidSettings(ControlGroup.NOT_YET_TREATED, BasePeriod.VARYING, 0, method, gaps, 0));
  }
}
