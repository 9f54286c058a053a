package se.finsam.did.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** R's pre_process_did2 drops and relabelling, on small hand-made panels. */
class PreProcessTest {
  private static final Settings NEV = new Settings(Settings.Comparison.NEVER_TREATED, Settings.BasePeriod.VARYING, 0,
      Settings.Method.REG, false, false, 0);
  private static final Settings NYT = new Settings(Settings.Comparison.NOT_YET_TREATED, Settings.BasePeriod.VARYING,
      0, Settings.Method.REG, false, false, 0);
  /** Copies of each listed unit: R calls a group under 5 units (formula ~1) small. */
  private static final int COPIES = 5;

  /**
   * Units (id, group), each as {@link #COPIES} units with ids id * 10 + copy, observed in periods 1..5 except the
   * listed (id, period) pairs.
   */
  private static List<Observation> panel(int copies, int[][] units, int[]... missing) {
    List<Observation> rows = new ArrayList<>();
    for (int[] u : units) {
      for (int copy = 0; copy < copies; copy++) {
        long id = u[0] * 10L + copy;
        for (int t = 1; t <= 5; t++) {
          boolean skip = false;
          for (int[] m : missing) {
            skip |= m[0] == u[0] && m[1] == t;
          }
          if (!skip) {
            rows.add(new Observation(id, t, u[1], id, 1, new double[0], t + u[0]));
          }
        }
      }
    }
    return rows;
  }

  private static List<Observation> panel(int[][] units, int[]... missing) {
    return panel(COPIES, units, missing);
  }

  private static boolean unit(Observation o, int id) {
    return o.id() / 10 == id;
  }

  @Test
  void lateGroupsBecomeNeverTreatedAndFirstPeriodUnitsAreDropped() {
    PreProcess.Prepared p = PreProcess.run(panel(new int[][] {{1, 0}, {2, 3}, {3, 9}, {4, 1}, {5, 4}}), NEV);
    assertArrayEquals(new int[] {3, 4}, p.groups());
    assertArrayEquals(new int[] {1, 2, 3, 4, 5}, p.periods());
    assertEquals(0, p.rows().stream().filter(o -> unit(o, 3)).findFirst().orElseThrow().group());
    assertTrue(p.rows().stream().noneMatch(o -> unit(o, 4)));
    assertEquals(List.of("Dropped 5 units that were already treated in the first period."), p.warnings());
    assertTrue(p.panel());
  }

  @Test
  void withoutNeverTreatedTheLastCohortIsTheComparison() {
    List<Observation> rows = panel(new int[][] {{1, 3}, {2, 4}, {3, 5}});
    PreProcess.Prepared nev = PreProcess.run(rows, NEV);
    // Periods from 5 (the last cohort) on are dropped; cohort 5 becomes never treated.
    assertArrayEquals(new int[] {1, 2, 3, 4}, nev.periods());
    assertArrayEquals(new int[] {3, 4}, nev.groups());
    assertEquals(0, nev.rows().stream().filter(o -> unit(o, 3)).findFirst().orElseThrow().group());
    assertTrue(nev.warnings().get(0).startsWith("No never-treated group is available."));
    PreProcess.Prepared nyt = PreProcess.run(rows, NYT);
    assertArrayEquals(new int[] {1, 2, 3, 4}, nyt.periods());
    assertArrayEquals(new int[] {3, 4}, nyt.groups());
    assertEquals(5, nyt.rows().stream().filter(o -> unit(o, 3)).findFirst().orElseThrow().group());
  }

  @Test
  void unbalancedUnitsAreDroppedOrKeptAsRepeatedCrossSections() {
    List<Observation> rows = panel(new int[][] {{1, 0}, {2, 3}, {3, 0}, {4, 4}}, new int[] {3, 2});
    PreProcess.Prepared balanced = PreProcess.run(rows, NEV);
    assertTrue(balanced.panel());
    assertEquals(75, balanced.rows().size());
    assertEquals(List.of("Dropped 5 observations while converting to balanced panel."), balanced.warnings());
    Settings unbalanced = new Settings(Settings.Comparison.NEVER_TREATED, Settings.BasePeriod.VARYING, 0,
        Settings.Method.REG, true, false, 0);
    PreProcess.Prepared rc = PreProcess.run(rows, unbalanced);
    assertFalse(rc.panel());
    assertEquals(95, rc.rows().size());
    assertEquals(List.of("You have an unbalanced panel. Proceeding as such."), rc.warnings());
  }

  @Test
  void anticipationMovesTheLateAndEarlyThresholds() {
    Settings antic = new Settings(Settings.Comparison.NOT_YET_TREATED, Settings.BasePeriod.VARYING, 1,
        Settings.Method.REG, false, false, 0);
    // g = 6 is within last period + anticipation (5 + 1), so it stays treated; g = 2 <= first period + 1 is dropped.
    PreProcess.Prepared p = PreProcess.run(panel(new int[][] {{1, 0}, {2, 2}, {3, 6}, {4, 4}}), antic);
    assertArrayEquals(new int[] {4, 6}, p.groups());
    assertTrue(p.warnings().get(0).startsWith("Note: anticipation = 1."));
    assertEquals("Dropped 5 units that were already treated in the first period.", p.warnings().get(1));
  }

  @Test
  void aGroupThatChangesWithinAUnitIsRefused() {
    List<Observation> rows = new ArrayList<>(panel(new int[][] {{1, 0}, {2, 3}}));
    rows.set(0, new Observation(10, 1, 4, 10, 1, new double[0], 0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PreProcess.run(rows, NEV));
    assertTrue(e.getMessage().contains("unit 10"), e.getMessage());
  }

  @Test
  void smallGroupsAreReportedAndATooSmallNeverTreatedGroupIsRefused() {
    // Per period: group 0 has 5 rows; group 3 has 4 units; group 4 has 5 units that all miss period 2 (unbalanced,
    // kept as rows): 20 rows / 5 periods = 4. With formula ~1 a group needs 5 rows per period, with ~x 6.
    List<Observation> rows = new ArrayList<>(panel(new int[][] {{1, 0}, {3, 4}}, new int[] {3, 2}));
    rows.addAll(panel(4, new int[][] {{2, 3}}));
    Settings rc = new Settings(Settings.Comparison.NOT_YET_TREATED, Settings.BasePeriod.VARYING, 0,
        Settings.Method.REG, true, false, 0);
    assertEquals(List.of("You have an unbalanced panel. Proceeding as such.",
        "Be aware that there are some small groups in your dataset. Check groups: 3,4."), PreProcess.run(rows, rc).warnings());
    Settings oneVariable = new Settings(Settings.Comparison.NOT_YET_TREATED, Settings.BasePeriod.VARYING, 0,
        Settings.Method.REG, true, false, 1);
    assertEquals("Be aware that there are some small groups in your dataset. Check groups: 0,3,4.",
        PreProcess.run(rows, oneVariable).warnings().get(1));
    Settings never = new Settings(Settings.Comparison.NEVER_TREATED, Settings.BasePeriod.VARYING, 0,
        Settings.Method.REG, true, false, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PreProcess.run(rows, never));
    assertTrue(e.getMessage().startsWith("never treated group is too small"), e.getMessage());
  }
}
