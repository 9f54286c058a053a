package se.finsam.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import se.finsam.report.Disclosure.CountTable;
import se.finsam.report.Disclosure.Line;

class DisclosureTest {

  @Test
  void primaryRuleSuppressesSmallNonZeroCellsOnly() {
    assertTrue(Disclosure.primary(1, 5, false));
    assertTrue(Disclosure.primary(4, 5, false));
    assertFalse(Disclosure.primary(5, 5, false));
    assertFalse(Disclosure.primary(0, 5, false));
    assertTrue(Disclosure.primary(0, 5, true));
    assertFalse(Disclosure.primary(1, 0, true));
  }

  @Test
  void oneDimensionalTotalGetsASecondCell() {
    // 3 + 7 + 12 = 22: the 3 alone could be read off the total, so the 7 goes too.
    boolean[] s = Disclosure.suppress(new long[] {3, 7, 12, 22}, List.of(Line.sum(new int[] {0, 1, 2}, 3)), 5, false);
    assertArrayEquals(new boolean[] {true, true, false, false}, s);
  }

  @Test
  void thresholdZeroDisablesSuppression() {
    CountTable t = new CountTable(2, 2);
    long[] persons = t.persons(new long[][] {{1, 2}, {3, 4}});
    boolean[] s = Disclosure.suppress(persons, t.lines(), 0, true);
    for (boolean b : s) {
      assertFalse(b);
    }
  }

  @Test
  void twoWayTableByHand() {
    // rows a, b, c; columns x, y. Primary: (a,x)=2 and row total a=2. Column x then needs a partner:
    // its smallest non-zero cell (c,x)=10. The row totals (2, 50, 16) with the grand total 68 are a
    // line too: row total a needs a partner, the smallest, row total c=16. Row c then has two.
    CountTable t = new CountTable(3, 2);
    long[][] counts = {{2, 0}, {20, 30}, {10, 6}};
    boolean[] s = Disclosure.suppress(t.persons(counts), t.lines(), 5, false);
    assertTrue(s[t.cell(0, 0)]);
    assertTrue(s[t.rowTotal(0)]);
    assertTrue(s[t.cell(2, 0)]);
    assertTrue(s[t.rowTotal(2)]);
    assertFalse(s[t.cell(2, 1)]);
    assertFalse(s[t.cell(1, 0)]);
    assertFalse(s[t.cell(0, 1)]);
    assertFalse(s[t.columnTotal(0)]);
    assertEquals(4, count(s), "only the primary cells and their partners");
    assertNoCellRecoverable(t, counts, s);
  }

  @Test
  void bridgeBetweenTwoBlocksIsBroken() {
    // Two 2x2 blocks of suppressed cells joined by one suppressed cell: every row and column has two
    // suppressed cells, yet the joining cell is determined by the margins unless one more goes.
    CountTable t = new CountTable(4, 4);
    boolean[] s = new boolean[t.size()];
    int[][] cells = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 2}, {2, 3}, {3, 2}, {3, 3}};
    for (int[] c : cells) {
      s[t.cell(c[0], c[1])] = true;
    }
    s[t.cell(1, 2)] = true; // the bridge (row 1 now has three, column 2 three)
    boolean[] determined = Disclosure.recoverable(s, t.lines());
    assertTrue(determined[t.cell(1, 2)], "the bridge is determined by the margins");
    long[] persons = new long[t.size()];
    java.util.Arrays.fill(persons, 100);
    for (int i = 0; i < s.length; i++) {
      if (s[i]) {
        persons[i] = 2;
      }
    }
    boolean[] out = Disclosure.suppress(persons, t.lines(), 5, false);
    boolean[] after = Disclosure.recoverable(out, t.lines());
    for (int i = 0; i < out.length; i++) {
      assertFalse(after[i], "cell " + i + " still recoverable");
    }
  }

  @Test
  void randomTablesPublishNoSmallCellAndNoRecoverableCell() {
    Random random = new Random(20240512);
    for (int trial = 0; trial < 200; trial++) {
      int rows = 2 + random.nextInt(5);
      int columns = 1 + random.nextInt(4);
      long[][] counts = new long[rows][columns];
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < columns; j++) {
          counts[i][j] = random.nextInt(4) == 0 ? random.nextInt(5) : random.nextInt(60);
        }
      }
      CountTable t = new CountTable(rows, columns);
      long[] persons = t.persons(counts);
      boolean[] s = Disclosure.suppress(persons, t.lines(), 5, false);
      for (int i = 0; i < persons.length; i++) {
        assertFalse(!s[i] && persons[i] > 0 && persons[i] < 5, "published small cell in trial " + trial);
      }
      assertNoCellRecoverable(t, counts, s);
    }
  }

  /**
   * The attack: take the published cells, write every row and column equation with the suppressed
   * cells as unknowns and solve by Gauss-Jordan elimination. A suppressed cell is recovered when its
   * unknown ends up alone in a row of the reduced system (no free variable beside it).
   */
  private static void assertNoCellRecoverable(CountTable t, long[][] counts, boolean[] s) {
    long[] value = t.persons(counts);
    int[] unknown = new int[t.size()];
    int n = 0;
    for (int i = 0; i < t.size(); i++) {
      unknown[i] = s[i] ? n++ : -1;
    }
    List<Line> lines = t.lines();
    double[][] system = new double[lines.size()][n + 1];
    for (int r = 0; r < lines.size(); r++) {
      Line line = lines.get(r);
      for (int k = 0; k < line.cells().length; k++) {
        int c = line.cells()[k];
        if (s[c]) {
          system[r][unknown[c]] += line.weights()[k];
        } else {
          system[r][n] -= line.weights()[k] * value[c];
        }
      }
    }
    int pivotRow = 0;
    int[] pivotOf = new int[system.length];
    java.util.Arrays.fill(pivotOf, -1);
    for (int col = 0; col < n && pivotRow < system.length; col++) {
      int best = -1;
      for (int r = pivotRow; r < system.length; r++) {
        if (Math.abs(system[r][col]) > 1e-9 && (best < 0 || Math.abs(system[r][col]) > Math.abs(system[best][col]))) {
          best = r;
        }
      }
      if (best < 0) {
        continue;
      }
      double[] tmp = system[best];
      system[best] = system[pivotRow];
      system[pivotRow] = tmp;
      double p = system[pivotRow][col];
      for (int c = 0; c <= n; c++) {
        system[pivotRow][c] /= p;
      }
      for (int r = 0; r < system.length; r++) {
        if (r != pivotRow && Math.abs(system[r][col]) > 1e-12) {
          double f = system[r][col];
          for (int c = 0; c <= n; c++) {
            system[r][c] -= f * system[pivotRow][c];
          }
        }
      }
      pivotOf[pivotRow] = col;
      pivotRow++;
    }
    for (int r = 0; r < pivotRow; r++) {
      int others = 0;
      for (int c = 0; c < n; c++) {
        if (c != pivotOf[r] && Math.abs(system[r][c]) > 1e-9) {
          others++;
        }
      }
      int col = pivotOf[r];
      assertTrue(others > 0, () -> "suppressed unknown " + col + " recovered from the margins");
    }
  }

  private static int count(boolean[] s) {
    int n = 0;
    for (boolean b : s) {
      n += b ? 1 : 0;
    }
    return n;
  }
}
