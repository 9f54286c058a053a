package se.finsam.did;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import se.finsam.config.ConfigLoader;
import se.finsam.did.model.Settings;
import se.finsam.did.model.SimReference;
import se.finsam.jobs.JobRunner;
import se.finsam.jobs.SparkJobGroups;
import se.finsam.spark.SharedSpark;

/**
 * ./finsam did on the simulated reference panel (shared/reference/sim_panel*.csv) against R did 2.5.0, for
 * every scenario of the reference README: 1-10 (their options derived from the same {@link SimReference}
 * scenarios the model and engine tests use) and 11 (scenario 1 with the windowed dynamic aggregation).
 * Every row of att_gt.csv, aggte_*.csv and pretest.csv at the README's tolerances, and R's notes
 * (sim_r_warnings.txt) in warnings.txt. The CSV panels fit the driver ({@code finsam.did.driver-heap-share}),
 * so these are read, pivoted and estimated without Spark (DriverPivot, LocalUnits); scenarios 6 (a cluster
 * variable: cluster sums by a shuffle on the key) and 10 (unbalanced, each unit its own cluster) run again with
 * it and {@code finsam.did.local-max-rows} at 0: read by Spark, the passes on the executors (SparkUnits).
 */
@ExtendWith(SharedSpark.class)
class DidJobSimTest {
  private static final double POINT = 1e-8;
  private static final String WINDOWED = "sim_nyt_dr_x1x2_dynwin";

  private static List<String[]> rows(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    List<String[]> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      rows.add(line.replace("\"", "").split(",", -1));
    }
    return rows;
  }

  private static void assertSe(String expected, String actual, String what) {
    if (expected.equals("NA")) {
      assertEquals("NA", actual, what);
      return;
    }
    double rel = Double.parseDouble(actual) / Double.parseDouble(expected) - 1;
    assertTrue(Math.abs(rel) < 0.01, what + ": se " + actual + " vs R " + expected);
  }

  /** The command-line options of one R call (make_sim_reference.R's att_gt arguments). */
  private static List<String> options(SimReference.Scenario s) {
    Settings r = s.settings();
    List<String> options = new ArrayList<>(List.of("--xformla", "~" + String.join("+", s.covariates()),
        "--control-group", r.comparison() == Settings.Comparison.NEVER_TREATED ? "nevertreated" : "notyettreated",
        "--base-period", r.basePeriod().name().toLowerCase(Locale.ROOT),
        "--anticipation", String.valueOf(r.anticipation()),
        "--est-method", r.method().name().toLowerCase(Locale.ROOT).replace('_', '-')));
    if (s.weighted()) {
      options.addAll(List.of("--weightsname", "w"));
    }
    if (r.clustered()) {
      options.addAll(List.of("--clustervars", "cl"));
    }
    if (r.unbalanced() == Settings.Unbalanced.CROSS_SECTIONS) {
      options.add("--allow-unbalanced-panel");
    }
    return options;
  }

  /**
   * Scenarios 1-10 with every aggregation from their own rows; 11 is scenario 1's call with the event window,
   * whose dynamic rows are R's windowed ones (its simple and group differ from R's unwindowed ones, as max_e
   * limits them too, so only the dynamic rows are compared).
   */
  static Stream<Arguments> scenarios() {
    Stream<Arguments> plain = SimReference.SCENARIOS.stream().map(s -> Arguments.of(s.name(), s, List.of(),
        everyAggregation(s), false));
    SimReference.Scenario first = SimReference.scenario("sim_nyt_dr_x1x2");
    Stream<Arguments> windowed = Stream.of(Arguments.of(WINDOWED, first,
        List.of("--min-e", "-3", "--max-e", "2", "--balance-e", "1"), Map.of("dynamic", WINDOWED), false));
    Stream<Arguments> onExecutors = Stream.of("sim_cl_nev_dr_x1", "sim_unbal_nev_dr_x1").map(SimReference::scenario)
        .map(s -> Arguments.of(s.name() + " on the executors", s, List.of("-Dfinsam.did.driver-heap-share=0",
            "-Dfinsam.did.local-max-rows=0"),
            everyAggregation(s), true));
    return Stream.of(plain, windowed, onExecutors).flatMap(a -> a);
  }

  private static Map<String, String> everyAggregation(SimReference.Scenario s) {
    return Map.of("simple", s.name(), "group", s.name(), "dynamic", s.name(), "calendar", s.name());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void commandMatchesR(String name, SimReference.Scenario s, List<String> extraArgs, Map<String, String> aggregations,
                       boolean onExecutors, SparkSession spark, @TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    List<String> args = new ArrayList<>(List.of("--data", SimReference.dir().resolve(s.data()).toString(),
        "--yname", "y", "--tname", "t", "--idname", "id", "--gname", "g", "--out", out.toString(),
        "-Dfinsam.warehouse=" + dir.resolve("warehouse")));
    args.addAll(options(s));
    args.addAll(extraArgs);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int[] code = new int[1];
    List<String> jobs = SparkJobGroups.during(spark, () -> code[0] = new JobRunner(ConfigLoader.fromProcess(),
        c -> spark, System.out, new PrintStream(err)).execute(new DidJob(), args.toArray(String[]::new)));
    assertEquals(JobRunner.OK, code[0], name + ": " + err);
    assertEquals(onExecutors, jobs.stream().anyMatch(j -> j.contains(" - pass: sums of")),
        name + ": the estimator's passes on the executors only when asked: " + jobs);
    // R's values are compared with the unchecked estimates (the published ones may be withheld).
    Path written = out.resolve(DidJobOutput.UNCHECKED);
    compareAttGt(written, s.name());
    compareAggregations(written, aggregations);
    comparePretest(written, s.name());
    compareNotes(written, s.name());
  }

  private static void compareAttGt(Path out, String scenario) throws IOException {
    List<String[]> expected = SimReference.rows("sim_r_did_attgt.csv", scenario);
    List<String[]> actual = rows(out.resolve("att_gt.csv"));
    assertEquals(expected.size(), actual.size(), scenario + " att_gt rows");
    for (int i = 0; i < expected.size(); i++) {
      String what = scenario + " ATT(" + expected.get(i)[1] + "," + expected.get(i)[2] + ")";
      assertEquals(expected.get(i)[1], actual.get(i)[0], what);
      assertEquals(expected.get(i)[2], actual.get(i)[1], what);
      assertEquals(Double.parseDouble(expected.get(i)[3]), Double.parseDouble(actual.get(i)[2]), POINT, what);
      assertSe(expected.get(i)[4], actual.get(i)[3], what);
      assertEquals("", actual.get(i)[8], what + ": R estimated it, so no reason");
    }
  }

  /** @param aggregations the aggte types to compare, each with the R scenario holding its rows */
  private static void compareAggregations(Path out, Map<String, String> aggregations) throws IOException {
    for (var entry : aggregations.entrySet()) {
      String type = entry.getKey();
      String aggteScenario = entry.getValue();
      List<String[]> want = SimReference.rows("sim_r_did_aggte.csv", aggteScenario).stream()
          .filter(r -> r[1].equals(type)).toList();
      List<String[]> got = rows(out.resolve("aggte_" + type + ".csv"));
      assertEquals(want.size(), got.size(), aggteScenario + " " + type);
      for (int i = 0; i < want.size(); i++) {
        String what = aggteScenario + " " + type + " " + want.get(i)[2];
        assertEquals(Double.parseDouble(want.get(i)[5]), Double.parseDouble(got.get(i)[4]), POINT, what + " overall");
        assertSe(want.get(i)[6], got.get(i)[5], what + " overall");
        if (!type.equals("simple")) {
          assertEquals(want.get(i)[2], got.get(i)[1], what);
          assertEquals(Double.parseDouble(want.get(i)[3]), Double.parseDouble(got.get(i)[2]), POINT, what);
          assertSe(want.get(i)[4], got.get(i)[3], what);
        }
      }
    }
  }

  private static void comparePretest(Path out, String scenario) throws IOException {
    String[] pretest = rows(out.resolve("pretest.csv")).get(0);
    String[] want = SimReference.rows("sim_r_did_pretest.csv", scenario).get(0);
    assertTrue(Math.abs(Double.parseDouble(pretest[0]) / Double.parseDouble(want[1]) - 1) < 0.01, scenario + " W");
    assertEquals("12", pretest[1]);
    assertEquals(Double.parseDouble(want[2]), Math.round(Double.parseDouble(pretest[2]) * 1e5) / 1e5, 1e-12,
        scenario + " p-value");
  }

  /**
   * R's notes (only the anticipation note of scenario 8 and the unbalanced-panel note of 10) are the command's
   * warnings, and it has no others: each starts with R's words (up to R's parenthesis or final full stop; the
   * engine may say more after them).
   */
  private static void compareNotes(Path out, String scenario) throws IOException {
    List<String> expected = SimReference.csvLines("sim_r_warnings.txt").stream()
        .filter(l -> l.startsWith(scenario + " ")).map(l -> l.substring(l.indexOf(": ") + 2)).toList();
    List<String> actual = Files.readAllLines(out.resolve("warnings.txt"));
    assertEquals(expected.size(), actual.size(), scenario + ": " + actual);
    for (int k = 0; k < expected.size(); k++) {
      String note = expected.get(k);
      String words = note.contains(" (") ? note.substring(0, note.indexOf(" (")) : note.substring(0, note.length() - 1);
      assertTrue(actual.get(k).startsWith(words), actual.get(k) + " vs R " + note);
    }
  }
}
