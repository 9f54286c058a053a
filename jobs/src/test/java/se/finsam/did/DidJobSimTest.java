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
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import se.finsam.config.ConfigLoader;
import se.finsam.did.model.SimReference;
import se.finsam.did.DidJob;
import se.finsam.jobs.JobRunner;
import se.finsam.spark.SharedSpark;

/**
 * ./finsam did on the simulated reference panel (shared/reference/sim_panel*.csv) against R did 2.5.0:
 * scenarios 1 (not yet treated, dr, x1 + the string factor x2), 2 (universal base), 5 (weights), 6 (clusters),
 * 10 (unbalanced panel) and 11 (windowed dynamic aggregation, on scenario 1's options). Every row of
 * att_gt.csv, aggte_*.csv (scenario 1: dynamic with the window, calendar) and pretest.csv at the reference
 * README's tolerances.
 */
@ExtendWith(SharedSpark.class)
class DidJobSimTest {
  private static final double POINT = 1e-8;

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

  private static Path run(SparkSession spark, Path dir, String name, String data, String... options) {
    Path out = dir.resolve(name);
    List<String> args = new ArrayList<>(List.of("--data", SimReference.dir().resolve(data).toString(), "--yname", "y",
        "--tname", "t", "--idname", "id", "--gname", "g", "--out", out.toString(),
        "-Dfinsam.warehouse=" + dir.resolve("warehouse")));
    args.addAll(List.of(options));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new JobRunner(ConfigLoader.fromProcess(), c -> spark, System.out, new PrintStream(err))
        .execute(new DidJob(), args.toArray(String[]::new));
    assertEquals(JobRunner.OK, code, name + ": " + err);
    // R's values are compared with the unchecked estimates (the published ones may be withheld).
    return out.resolve(DidJobOutput.UNCHECKED);
  }

  /**
   * @param aggregations the aggte types to compare, each with the R scenario holding its rows (scenario 11's
   *     windowed dynamic rows come from a run with its window; simple and group of that run differ from R's
   *     unwindowed ones, as max_e limits them too)
   */
  private static void compare(Path out, String scenario, Map<String, String> aggregations) throws IOException {
    List<String[]> expected = SimReference.rows("sim_r_did_attgt.csv", scenario);
    List<String[]> actual = rows(out.resolve("att_gt.csv"));
    assertEquals(expected.size(), actual.size(), scenario + " att_gt rows");
    for (int i = 0; i < expected.size(); i++) {
      String what = scenario + " ATT(" + expected.get(i)[1] + "," + expected.get(i)[2] + ")";
      assertEquals(expected.get(i)[1], actual.get(i)[0], what);
      assertEquals(expected.get(i)[2], actual.get(i)[1], what);
      assertEquals(Double.parseDouble(expected.get(i)[3]), Double.parseDouble(actual.get(i)[2]), POINT, what);
      assertSe(expected.get(i)[4], actual.get(i)[3], what);
    }
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
    String[] pretest = rows(out.resolve("pretest.csv")).get(0);
    String[] want = SimReference.rows("sim_r_did_pretest.csv", scenario).get(0);
    assertTrue(Math.abs(Double.parseDouble(pretest[0]) / Double.parseDouble(want[1]) - 1) < 0.01, scenario + " W");
    assertEquals("12", pretest[1]);
    assertEquals(Double.parseDouble(want[2]), Math.round(Double.parseDouble(pretest[2]) * 1e5) / 1e5, 1e-12,
        scenario + " p-value");
  }

  private static Map<String, String> all(String scenario) {
    return Map.of("simple", scenario, "group", scenario, "dynamic", scenario, "calendar", scenario);
  }

  /** Five runs of the job (one shared Spark session); scenario 1 runs with scenario 11's event window. */
  @Test
  void simScenariosMatchR(SparkSession spark, @TempDir Path dir) throws IOException {
    compare(run(spark, dir, "s1", "sim_panel.csv", "--xformla", "~x1+x2", "--control-group", "notyettreated",
        "--min-e", "-3", "--max-e", "2", "--balance-e", "1"), "sim_nyt_dr_x1x2",
        Map.of("dynamic", "sim_nyt_dr_x1x2_dynwin", "calendar", "sim_nyt_dr_x1x2"));
    compare(run(spark, dir, "s2", "sim_panel.csv", "--xformla", "~x1+x2", "--base-period", "universal"),
        "sim_nev_dr_x1x2_universal", all("sim_nev_dr_x1x2_universal"));
    compare(run(spark, dir, "s5", "sim_panel.csv", "--xformla", "~x1", "--weightsname", "w"),
        "sim_w_nev_dr_x1", all("sim_w_nev_dr_x1"));
    compare(run(spark, dir, "s6", "sim_panel.csv", "--xformla", "~x1", "--clustervars", "cl"),
        "sim_cl_nev_dr_x1", all("sim_cl_nev_dr_x1"));
    compare(run(spark, dir, "s10", "sim_panel_unbalanced.csv", "--xformla", "~x1", "--allow-unbalanced-panel"),
        "sim_unbal_nev_dr_x1", all("sim_unbal_nev_dr_x1"));
  }
}
