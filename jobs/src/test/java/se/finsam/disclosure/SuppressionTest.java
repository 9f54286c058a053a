package se.finsam.disclosure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-reduction recoverability test against its definition: e_k in the row space, by ranks. */
class SuppressionTest {
  @Test
  void recoverableCellsAreThoseWhoseUnitVectorAddsNoRank() {
    Random r = new Random(11);
    int determined = 0;
    int free = 0;
    for (int trial = 0; trial < 300; trial++) {
      int n = 3 + r.nextInt(10);
      List<Suppression.Relation> lines = new ArrayList<>();
      int count = 1 + r.nextInt(n);
      for (int l = 0; l < count; l++) {
        int[] cells = r.ints(2 + r.nextInt(4), 0, n).distinct().toArray();
        if (cells.length < 2) {
          continue;
        }
        double[] weights = Arrays.stream(cells).mapToDouble(c -> r.nextBoolean() ? 1 + r.nextInt(3) : -(1 + r.nextInt(3))).toArray();
        lines.add(new Suppression.Relation(cells, weights));
        if (r.nextDouble() < 0.3 && lines.size() > 1) {
          lines.add(sum(lines.get(lines.size() - 1), lines.get(lines.size() - 2))); // a dependent line
        }
      }
      boolean[] suppressed = new boolean[n];
      for (int i = 0; i < n; i++) {
        suppressed[i] = r.nextDouble() < 0.5;
      }
      if (lines.isEmpty()) {
        continue;
      }
      boolean[] got = Suppression.recoverable(suppressed, lines);
      double[][] a = restricted(suppressed, lines);
      int rank = rank(a);
      for (int i = 0, u = 0; i < n; i++) {
        if (!suppressed[i]) {
          assertEquals(false, got[i]);
          continue;
        }
        double[][] withUnit = Arrays.copyOf(a, a.length + 1);
        withUnit[a.length] = new double[a[0].length];
        withUnit[a.length][u++] = 1;
        boolean expected = rank(withUnit) == rank;
        assertEquals(expected, got[i], "trial " + trial + " cell " + i);
        if (expected) {
          determined++;
        } else {
          free++;
        }
      }
    }
    assertTrue(determined > 50 && free > 50, determined + " determined, " + free + " free");
  }

  private static Suppression.Relation sum(Suppression.Relation a, Suppression.Relation b) {
    int[] cells = new int[a.cells().length + b.cells().length];
    double[] weights = new double[cells.length];
    System.arraycopy(a.cells(), 0, cells, 0, a.cells().length);
    System.arraycopy(b.cells(), 0, cells, a.cells().length, b.cells().length);
    System.arraycopy(a.weights(), 0, weights, 0, a.weights().length);
    System.arraycopy(b.weights(), 0, weights, a.weights().length, b.weights().length);
    return new Suppression.Relation(cells, weights);
  }

  private static double[][] restricted(boolean[] suppressed, List<Suppression.Relation> lines) {
    int[] index = new int[suppressed.length];
    int unknowns = 0;
    for (int i = 0; i < suppressed.length; i++) {
      index[i] = suppressed[i] ? unknowns++ : -1;
    }
    double[][] a = new double[lines.size()][unknowns];
    for (int l = 0; l < lines.size(); l++) {
      for (int k = 0; k < lines.get(l).cells().length; k++) {
        int u = index[lines.get(l).cells()[k]];
        if (u >= 0) {
          a[l][u] += lines.get(l).weights()[k];
        }
      }
    }
    return a;
  }

  /** Rank by Gaussian elimination with partial pivoting. */
  private static int rank(double[][] rows) {
    double[][] m = Arrays.stream(rows).map(double[]::clone).toArray(double[][]::new);
    int columns = m.length == 0 ? 0 : m[0].length;
    int rank = 0;
    for (int col = 0; col < columns && rank < m.length; col++) {
      int pivot = rank;
      for (int r = rank + 1; r < m.length; r++) {
        if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
          pivot = r;
        }
      }
      if (Math.abs(m[pivot][col]) < 1e-9) {
        continue;
      }
      double[] tmp = m[pivot];
      m[pivot] = m[rank];
      m[rank] = tmp;
      for (int r = rank + 1; r < m.length; r++) {
        double f = m[r][col] / m[rank][col];
        for (int c = col; c < columns; c++) {
          m[r][c] -= f * m[rank][c];
        }
      }
      rank++;
    }
    return rank;
  }
}
