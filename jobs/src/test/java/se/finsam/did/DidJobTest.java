package se.finsam.did;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import com.typesafe.config.Config;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import se.finsam.config.ConfigLoader;
import se.finsam.did.DidJob;
import se.finsam.did.model.AttGt;
import se.finsam.did.model.Observation;
import se.finsam.did.model.Settings;
import se.finsam.ingest.TestDeliveries;
import se.finsam.jobs.JobContext;
import se.finsam.jobs.JobMetrics;
import se.finsam.jobs.JobRunner;
import se.finsam.jobs.SparkJobGroups;
import se.finsam.spark.SharedSpark;
import se.finsam.warehouse.Warehouse;

/** ./finsam did on mpdta against R did 2.5.0, and the Spark sums do not depend on partitioning. */
@ExtendWith(SharedSpark.class)
class DidJobTest {
  private static Path reference() {
    String shared = System.getProperty("finsam.shared.dir");
    return (shared != null ? Path.of(shared) : Path.of("../../shared")).resolve("reference");
  }

  private static List<String[]> rows(Path file) throws IOException {
    List<String[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
      rows.add(line.replace("\"", "").split(",", -1));
    }
    return rows;
  }

  private static void assertSe(String expected, String actual, String what) {
    assertTrue(Math.abs(Double.parseDouble(actual) / Double.parseDouble(expected) - 1) < 0.01, what);
  }

  @Test
  void mpdtaMatchesR(SparkSession spark, @TempDir Path dir) throws IOException {
    for (String scenario : List.of("mpdta_nev_dr", "mpdta_nyt_dr")) {
      Path out = dir.resolve(scenario).resolve(DidJobOutput.UNCHECKED); // without --publish: unchecked, marked
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = new JobRunner(ConfigLoader.fromProcess(), c -> spark, System.out, new PrintStream(err)).execute(
          new DidJob(), new String[] {"--data", reference().resolve("mpdta.csv").toString(), "--yname", "lemp",
              "--tname", "year", "--idname", "countyreal", "--gname", "first.treat", "--control-group",
              scenario.equals("mpdta_nev_dr") ? "nevertreated" : "notyettreated", "--out", out.getParent().toString(),
              "-Dfinsam.warehouse=" + dir.resolve("warehouse")});
      assertEquals(JobRunner.OK, code, err.toString());
      assertTrue(Files.exists(out.resolve(DidJobOutput.MARKER)), "the unchecked folder is marked");
      assertTrue(!Files.exists(out.getParent().resolve("att_gt.csv")), "nothing unchecked outside it");
      List<String[]> expected = rows(reference().resolve("mpdta_r_did_attgt.csv")).stream()
          .filter(r -> r[0].equals(scenario)).toList();
      List<String[]> actual = rows(out.resolve("att_gt.csv"));
      assertEquals(expected.size(), actual.size());
      for (int i = 0; i < expected.size(); i++) {
        assertEquals(expected.get(i)[1], actual.get(i)[0]);
        assertEquals(expected.get(i)[2], actual.get(i)[1]);
        assertEquals(Double.parseDouble(expected.get(i)[3]), Double.parseDouble(actual.get(i)[2]), 1e-8);
        assertSe(expected.get(i)[4], actual.get(i)[3], scenario + " att_gt row " + i);
      }
      List<String[]> aggte = rows(reference().resolve("mpdta_r_did_aggte.csv")).stream()
          .filter(r -> r[0].equals(scenario)).toList();
      for (String type : List.of("simple", "group", "dynamic", "calendar")) {
        List<String[]> want = aggte.stream().filter(r -> r[1].equals(type)).toList();
        List<String[]> got = rows(out.resolve("aggte_" + type + ".csv"));
        assertEquals(want.size(), got.size(), type);
        for (int i = 0; i < want.size(); i++) {
          assertEquals(Double.parseDouble(want.get(i)[5]), Double.parseDouble(got.get(i)[4]), 1e-8, type);
          assertSe(want.get(i)[6], got.get(i)[5], type + " overall");
          if (!type.equals("simple")) {
            assertEquals(want.get(i)[2], got.get(i)[1], type);
            assertEquals(Double.parseDouble(want.get(i)[3]), Double.parseDouble(got.get(i)[2]), 1e-8, type);
            assertSe(want.get(i)[4], got.get(i)[3], type + " " + want.get(i)[2]);
          }
        }
      }
      String[] pretest = rows(out.resolve("pretest.csv")).get(0);
      String[] wantPretest = rows(reference().resolve("mpdta_r_did_pretest.csv")).stream()
          .filter(r -> r[0].equals(scenario)).findFirst().orElseThrow();
      assertEquals(Double.parseDouble(wantPretest[1]), Double.parseDouble(pretest[0]), 1e-6);
      assertEquals("5", pretest[1]);
      assertEquals(Double.parseDouble(wantPretest[2]), Math.round(Double.parseDouble(pretest[2]) * 1e5) / 1e5, 1e-12);
    }
  }

  /**
   * {@code --est-method ipw-abadie} (Abadie's IPW, Stata csdid's ipw) runs end to end: on mpdta with lpop every
   * ATT(g,t) and SE of att_gt.csv is the reference model's (DRDID ipw_did_panel per cell), which differs from
   * the doubly robust one. The help lists the name; a name the engine does not know is a usage error (exit 2)
   * that lists the accepted ones.
   */
  @Test
  void ipwAbadieRunsEndToEndAndUnknownNamesAreUsageErrors(SparkSession spark, @TempDir Path dir) throws IOException {
    TestDeliveries.Run help = TestDeliveries.run(new DidJob(), "--help");
    assertTrue(help.out().contains("ipw-abadie"), help.out());
    List<String> args = List.of("--data", reference().resolve("mpdta.csv").toString(), "--yname", "lemp",
        "--tname", "year", "--idname", "countyreal", "--gname", "first.treat", "--xformla", "~lpop",
        "--out", dir.resolve("out").toString(), "-Dfinsam.warehouse=" + dir.resolve("wh"), "--est-method");
    TestDeliveries.Run wrong = TestDeliveries.run(new DidJob(), with(args, "abadie"));
    assertEquals(JobRunner.USAGE, wrong.exitCode(), wrong.err());
    assertTrue(wrong.err().contains("dr | drimp | ipw | ipw-abadie | reg"), wrong.err());
    assertTrue(!Files.exists(dir.resolve("out")), "nothing written");
    TestDeliveries.Run run = TestDeliveries.run(new DidJob(), with(args, "ipw-abadie"));
    assertEquals(JobRunner.OK, run.exitCode(), run.err());

    List<Observation> data = new ArrayList<>();
    for (String[] r : rows(reference().resolve("mpdta.csv"))) {
      data.add(new Observation(Long.parseLong(r[1]), Integer.parseInt(r[0]), Integer.parseInt(r[4]),
          Long.parseLong(r[1]), 1.0, new double[] {Double.parseDouble(r[2])}, Double.parseDouble(r[3])));
    }
    List<AttGt.Cell> abadie = model(data, Settings.Method.IPW_ABADIE);
    List<AttGt.Cell> dr = model(data, Settings.Method.DR);
    List<String[]> written = rows(dir.resolve("out").resolve(DidJobOutput.UNCHECKED).resolve("att_gt.csv"));
    assertEquals(abadie.size(), written.size());
    double fromDr = 0;
    for (int i = 0; i < written.size(); i++) {
      AttGt.Cell m = abadie.get(i);
      String what = "ATT(" + m.group() + "," + m.time() + ")";
      assertEquals(m.group() + "," + m.time(), written.get(i)[0] + "," + written.get(i)[1], what);
      assertEquals(m.att(), Double.parseDouble(written.get(i)[2]), 1e-9, what);
      assertEquals(m.se(), Double.parseDouble(written.get(i)[3]), 1e-9 * m.se(), what + " se");
      fromDr = Math.max(fromDr, Math.abs(m.att() - dr.get(i).att()));
    }
    assertTrue(fromDr > 1e-4, "ipw-abadie is not dr here: " + fromDr);
  }

  private static String[] with(List<String> args, String last) {
    List<String> all = new ArrayList<>(args);
    all.add(last);
    return all.toArray(String[]::new);
  }

  private static List<AttGt.Cell> model(List<Observation> data, Settings.Method method) {
    return AttGt.estimate(data, new Settings(Settings.Comparison.NEVER_TREATED, Settings.BasePeriod.VARYING, 0,
        method, false, false, 1)).cells();
  }

  /**
   * A small CSV is read, pivoted and estimated in the driver without Spark, a larger panel by Spark and
   * estimated in one task (up to local-max-rows) or by passes over the executors: all three write the same numbers (to the last bits of the sums' order) in every output, with a
   * covariate, a cluster variable and the aggregations' bootstrapped uniform bands; and without the covariate,
   * when Spark reads the CSV as text, without inferring types. The driver path starts no session (the runner's
   * would fail the run) and leaves its audit row for the next run with one.
   */
  @ParameterizedTest
  @ValueSource(strings = {"~lpop", ""})
  void driverAndExecutorsWriteTheSameResults(String xformla, SparkSession spark, @TempDir Path dir) throws Exception {
    Path data = dir.resolve("mpdta_states.csv");
    List<String> lines = Files.readAllLines(reference().resolve("mpdta.csv"));
    // A cluster variable beyond the county: the first two digits of its id (30 clusters of counties).
    List<String> withState = new ArrayList<>(List.of(lines.get(0) + ",\"state\""));
    lines.subList(1, lines.size()).forEach(l -> withState.add(l + "," + l.split(",")[1].substring(0, 2)));
    Files.write(data, withState);
    java.util.Map<String, Path> outs = new java.util.LinkedHashMap<>();
    // Driver pivot (the CSV within 0.25 of the heap), one task (Spark's pivot, rows within local-max-rows), passes.
    for (String path : List.of("0.25", "task", "0")) {
      String share = path.equals("0.25") ? "0.25" : "0";
      Path out = dir.resolve("out" + path);
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      java.util.function.Function<Config, SparkSession> sessions = share.equals("0") ? c -> spark : c -> {
        throw new IllegalStateException("the driver path started a Spark session");
      };
      List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--yname", "lemp", "--tname", "year",
          "--idname", "countyreal", "--gname", "first.treat", "--clustervars", "state",
          "--control-group", "notyettreated", "--cband", "--biters", "199", "--out", out.toString(),
          "-Dfinsam.did.driver-heap-share=" + share, "-Dfinsam.did.local-max-rows=" + (path.equals("task") ? 10000 : 0),
          "-Dfinsam.warehouse=" + dir.resolve("wh" + path)));
      if (!xformla.isEmpty()) {
        args.addAll(List.of("--xformla", xformla));
      }
      int[] code = new int[1];
      List<String> jobs = se.finsam.jobs.SparkJobGroups.during(spark, () -> code[0] = new JobRunner(
          ConfigLoader.fromProcess(), sessions, System.out, new PrintStream(err)).execute(new DidJob(), args.toArray(new String[0])));
      assertEquals(JobRunner.OK, code[0], err.toString());
      assertEquals(path.equals("task"), jobs.stream().anyMatch(j -> j.endsWith(" - estimate in one task")), path + ": " + jobs);
      assertEquals(path.equals("0"), jobs.stream().anyMatch(j -> j.contains(" - pass: ")), path + ": " + jobs);
      outs.put(path, out.resolve(DidJobOutput.UNCHECKED));
    }
    try (var pending = Files.list(dir.resolve("wh0.25").resolve(se.finsam.warehouse.PendingAudit.FOLDER))) {
      assertEquals(1, pending.filter(f -> f.toString().endsWith(".properties")).count(), "the audit row waits");
    }
    assertTrue(Files.exists(dir.resolve("wh0").resolve("audit").resolve("_delta_log")), "the Spark run's audit row");
    List<String> files;
    try (var listing = Files.list(outs.get("0"))) {
      files = listing.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".csv")).sorted().toList();
    }
    assertEquals(7, files.size(), files.toString());
    for (String file : files) {
      List<String[]> executors = rows(outs.get("0").resolve(file));
      for (String path : List.of("0.25", "task")) {
        List<String[]> local = rows(outs.get(path).resolve(file));
        assertEquals(executors.size(), local.size(), path + " " + file);
        assertTrue(!executors.isEmpty(), file);
        for (int r = 0; r < executors.size(); r++) {
          assertEquals(executors.get(r).length, local.get(r).length, path + " " + file);
          for (int f = 0; f < executors.get(r).length; f++) {
            String want = executors.get(r)[f];
            String got = local.get(r)[f];
            if (want.matches("-?[0-9.]+(E-?[0-9]+)?")) {
              double w = Double.parseDouble(want);
              assertEquals(w, Double.parseDouble(got), 1e-10 * (1 + Math.abs(w)), path + " " + file + " row " + r + " field " + f);
            } else {
              assertEquals(want, got, path + " " + file + " row " + r + " field " + f);
            }
          }
        }
      }
    }
  }

  /**
   * A cell that cannot be estimated keeps its row in att_gt.csv with NA and the reason (the estimator's, as the
   * estimate step's att_gt.reason); here a covariate separates cohort 2004 from its comparisons in 2003, the
   * base period of all its cells (R's overlap guard leaves them out). The run's passes are on the executors,
   * and every Spark job of the command, from reading the CSV on, carries the did group and a description.
   */
  @Test
  void unestimableCellsHaveAReasonAndEverySparkJobAGroup(SparkSession spark, @TempDir Path dir) throws Exception {
    Path data = dir.resolve("separated.csv");
    List<String> lines = Files.readAllLines(reference().resolve("mpdta.csv"));
    List<String> withZ = new ArrayList<>(List.of(lines.get(0) + ",\"z\""));
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(",");
      boolean separated = f[0].equals("2003") && f[4].equals("2004");
      withZ.add(l + "," + (Double.parseDouble(f[2]) + (separated ? 50 : 0)));
    }
    Files.write(data, withZ);
    Path out = dir.resolve("out");
    Config config = ConfigLoader.fromProcess().load(Optional.empty(), Optional.empty(), Map.of(
        "finsam.did.data", data.toString(), "finsam.did.yname", "lemp", "finsam.did.tname", "year",
        "finsam.did.idname", "countyreal", "finsam.did.gname", "first.treat", "finsam.did.xformla", "~z",
        "finsam.did.out", out.toString(), "finsam.did.local-max-rows", 0, "finsam.did.driver-heap-share", 0,
        "finsam.warehouse", dir.resolve("wh").toString()));
    List<String> jobs = SparkJobGroups.during(spark, () -> new DidJob().run(
        new JobContext("reasons", config, spark, Warehouse.fromConfig(config), new JobMetrics())));
    SparkContext sc = spark.sparkContext();
    assertTrue(jobs.size() > 3, jobs.toString());
    assertTrue(jobs.stream().allMatch(j -> j.startsWith("did/lemp | did lemp") && !j.endsWith(" | null")), jobs.toString());
    for (String expected : List.of("did/lemp | did lemp - read ", "did/lemp | did lemp - pivot",
        "did/lemp | did lemp - pass: sums of")) {
      assertTrue(jobs.stream().anyMatch(j -> j.startsWith(expected)), expected + " in " + jobs);
    }
    assertEquals(null, sc.getLocalProperty("spark.jobGroup.id"), "the driver thread leaves the did group");

    Path written = out.resolve(DidJobOutput.UNCHECKED);
    assertEquals("group,t,att,se,ci_lower,ci_upper,n_treated,n_control,reason",
        Files.readAllLines(written.resolve("att_gt.csv")).get(0));
    List<String> warnings = Files.readAllLines(written.resolve("warnings.txt"));
    List<String[]> cells = rows(written.resolve("att_gt.csv"));
    assertEquals(12, cells.size());
    for (String[] cell : cells) {
      String what = "ATT(" + cell[0] + "," + cell[1] + ") " + String.join(",", cell);
      if (cell[0].equals("2004")) {
        assertEquals("NA", cell[2], what);
        assertTrue(!cell[8].isEmpty(), what);
        assertTrue(warnings.contains("ATT(" + cell[0] + "," + cell[1] + ") not estimated: " + cell[8]), what + " " + warnings);
      } else {
        assertTrue(Double.isFinite(Double.parseDouble(cell[2])), what);
        assertEquals("", cell[8], what);
      }
    }
    System.out.println("did reasons: " + warnings);
  }

  @Test
  void resultsDoNotDependOnPartitioning(SparkSession spark) throws IOException {
    var data = DidJob.read(spark, reference().resolve("mpdta.csv").toString(), true);
    var columns = new PanelColumns("lemp", "year", "countyreal", "first.treat", "", "", "lpop");
    UnitPivot.Pivoted pivoted = UnitPivot.pivot(data, columns);
    double[] reference = null;
    for (int partitions : new int[] {1, 3, 7}) {
      // Cluster sums by a shuffle on the cluster key, and (one unit per county) where the units are.
      for (boolean oneUnitPerCluster : new boolean[] {false, true}) {
        var units = pivoted.units().repartition(partitions);
        AttGtFit fit = AttGtEstimator.fit(
            oneUnitPerCluster ? SparkUnits.oneUnitPerCluster(units) : new SparkUnits(units),
            pivoted.periods(), DidSettings.defaults());
        AttGtResult result = fit.result();
        BootstrapDraws draws = MultiplierBootstrap.draw(fit, 50, 11);
        double[] crossProducts = result.moments().crossProducts();
        int cells = result.effects().size();
        double[] summary = new double[cells + 50 + crossProducts.length];
        for (int k = 0; k < cells; k++) {
          summary[k] = result.effects().get(k).att();
        }
        System.arraycopy(draws.draws(result.cellInfluence(0)), 0, summary, cells, 50);
        System.arraycopy(crossProducts, 0, summary, cells + 50, crossProducts.length);
        if (reference == null) {
          reference = summary;
        } else {
          for (int i = 0; i < summary.length; i++) {
            assertEquals(reference[i], summary[i], 1e-9 * (1 + Math.abs(reference[i])),
                "partitions " + partitions + ", one unit per cluster " + oneUnitPerCluster + ", element " + i);
          }
        }
      }
    }
  }

  /**
   * A panel whose covariate and weight change every period and with a fifth of its rows missing, through
   * the job (--allow-unbalanced-panel, covariates, weights): the job's ATT(g,t) and standard errors are
   * those of the estimator on units built by hand from the same rows, so the pivot keeps every row's own
   * covariates and weight.
   */
  @Test
  void unbalancedPanelWithTimeVaryingCovariatesAndWeights(SparkSession spark, @TempDir Path dir) throws IOException {
    java.util.Random r = new java.util.Random(17);
    int[] periods = {2001, 2002, 2003, 2004};
    StringBuilder csv = new StringBuilder("id,year,y,first_treat,x,w\n");
    List<UnitRecord> units = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      double a = r.nextGaussian();
      int g = r.nextDouble() < 1 / (1 + Math.exp(-a)) ? (r.nextBoolean() ? 2003 : 2004) : 0;
      double[] y = new double[4];
      double[] w = new double[4];
      double[][] levels = new double[4][];
      for (int p = 0; p < 4; p++) {
        double x = Math.round((a + 0.6 * p * r.nextDouble()) * 1e6) / 1e6;
        w[p] = Math.round((0.5 + r.nextDouble()) * 1e6) / 1e6;
        levels[p] = new double[] {1, x};
        y[p] = Math.round((0.3 * p + x + (g > 0 && periods[p] >= g ? 1 : 0) + 0.5 * r.nextGaussian()) * 1e6) / 1e6;
        if (r.nextDouble() < 0.2) {
          y[p] = Double.NaN;
          continue;
        }
        csv.append(i).append(',').append(periods[p]).append(',').append(y[p]).append(',').append(g).append(',')
            .append(x).append(',').append(w[p]).append('\n');
      }
      int first = 0;
      while (first < 4 && Double.isNaN(y[first])) {
        first++;
      }
      if (first < 4) {
        units.add(new UnitRecord(i, g, w[first], w, levels, new int[] {0, 1, 2, 3}, y));
      }
    }
    Path data = dir.resolve("unbalanced.csv");
    Files.writeString(data, csv);
    Path out = dir.resolve("out");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new JobRunner(ConfigLoader.fromProcess(), c -> spark, System.out, new PrintStream(err)).execute(
        new DidJob(), new String[] {"--data", data.toString(), "--yname", "y", "--tname", "year", "--idname", "id",
            "--gname", "first_treat", "--xformla", "~x", "--weightsname", "w", "--allow-unbalanced-panel",
            "--control-group", "notyettreated", "--out", out.toString(), "-Dfinsam.warehouse=" + dir.resolve("wh")});
    assertEquals(JobRunner.OK, code, err.toString());
    AttGtResult expected = AttGtEstimator.estimate(new LocalUnits(units), periods,
        new DidSettings(ControlGroup.NOT_YET_TREATED, BasePeriod.VARYING, 0, EstimationMethod.DR, true));
    List<String[]> actual = rows(out.resolve(DidJobOutput.UNCHECKED).resolve("att_gt.csv"));
    assertEquals(expected.effects().size(), actual.size());
    for (int k = 0; k < actual.size(); k++) {
      GroupTimeEffect e = expected.effects().get(k);
      assertTrue(e.cell().repeatedCrossSections());
      assertEquals(e.att(), Double.parseDouble(actual.get(k)[2]), 1e-9, "att row " + k);
      double se = expected.moments().standardError(expected.cellInfluence(k));
      assertEquals(se, Double.parseDouble(actual.get(k)[3]), 1e-9 * se, "se row " + k);
    }
  }

  /**
   * --publish on mpdta: group 2004 has 20 treated counties, 2006 has 40 and 2007 has 131, against 309
   * never treated. With a threshold of 25 every ATT(g,t) of 2004 and its group aggregate are withheld by
   * the estimate rule. The aggregates are weighted averages of the ATT(g,t), so two differencing attacks
   * must fail: the group aggregate of 2004 from the overall group effect and the other groups' effects,
   * and ATT(2004,2005) from the event-time-1 effect (2004 and 2006 one year after start) and ATT(2006,2007).
   */
  @Test
  void publishChecksTheOutputs(SparkSession spark, @TempDir Path dir) throws IOException {
    Path out = dir.resolve("published");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new JobRunner(ConfigLoader.fromProcess(), c -> spark, System.out, new PrintStream(err)).execute(
        new DidJob(), new String[] {"--data", reference().resolve("mpdta.csv").toString(), "--yname", "lemp",
            "--tname", "year", "--idname", "countyreal", "--gname", "first.treat", "--publish",
            "--out", out.toString(), "-Dfinsam.disclosure.min-persons=25", "-Dfinsam.warehouse=" + dir.resolve("wh")});
    assertEquals(JobRunner.OK, code, err.toString());
    assertTrue(!Files.exists(out.resolve(DidJobOutput.UNCHECKED)), "no unchecked copy next to published files");
    List<String> checked = Files.readAllLines(out.resolve(DidJobOutput.CHECKED_OUTPUTS));
    List<String[]> attGt = rows(out.resolve("att_gt.csv"));
    assertEquals(12, attGt.size());
    for (String[] r : attGt) {
      assertEquals(r[2].equals(".."), r[6].equals(".."), "the counts are withheld with the estimate: " + String.join(",", r));
      if (r[0].equals("2004")) {
        assertEquals("..", r[2], "row " + String.join(",", r));
        assertTrue(checked.stream().anyMatch(l -> l.startsWith("withheld,att_gt.csv,\"" + r[0] + "," + r[1] + "\",att,ESTIMATE,")));
      }
    }
    assertEquals(4, checked.stream().filter(l -> l.startsWith("withheld,att_gt.csv,\"2004,") && l.contains(",ESTIMATE,")).count());
    assertTrue(checked.stream().filter(l -> l.startsWith("withheld,")).allMatch(l -> l.contains(",ESTIMATE,")
        || l.contains(",SECONDARY,") || l.contains(",AUDIT,") || l.contains(",FOLLOWS,")), String.join("\n", checked));

    List<String[]> group = rows(out.resolve("aggte_group.csv"));
    assertEquals("..", group.stream().filter(r -> r[1].equals("2004")).findFirst().orElseThrow()[2]);
    long groupTermsWithheld = group.stream().filter(r -> r[2].equals("..")).count() + (group.get(0)[4].equals("..") ? 1 : 0);
    assertTrue(groupTermsWithheld >= 2, "overall = weighted group effects: one more term withheld besides 2004's");

    String dynamicOne = rows(out.resolve("aggte_dynamic.csv")).stream().filter(r -> r[1].equals("1")).findFirst().orElseThrow()[2];
    String att20062007 = attGt.stream().filter(r -> r[0].equals("2006") && r[1].equals("2007")).findFirst().orElseThrow()[2];
    assertTrue(dynamicOne.equals("..") || att20062007.equals(".."),
        "event time 1 averages ATT(2004,2005) and ATT(2006,2007): one of the published terms must be withheld too");
    assertTrue(checked.stream().anyMatch(l -> l.startsWith("withheld,") && (l.contains(",SECONDARY,") || l.contains(",AUDIT,"))));
    assertTrue(checked.stream().anyMatch(l -> l.startsWith("table,aggte_dynamic.csv,")));
  }
}
