package se.finsam.disclosure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Secondary suppression over cells by index (the checker numbers a run's cells), on aggregates only.
 * Given the primary withheld cells, the protection of every cell (persons; fewest are chosen as
 * partners first) and the {@link Relation}s between cells:
 * <ol>
 *   <li>The classic rule: while some line has exactly one suppressed cell, suppress the
 *       unsuppressed cell of that line with the fewest persons, non-zero cells first (iterated to a
 *       fixed point).</li>
 *   <li>Exact recovery: a suppressed cell can still be determined by a combination of
 *       lines (a "bridge" between two blocks of suppressed cells in a two-way table). Such a cell gets
 *       one more partner, the smallest cell of one of its lines that makes it undetermined.</li>
 * </ol>
 * Interval (range) disclosure is the {@link IntervalAudit}'s job.
 */
final class Suppression {
  private static final double EPS = 1e-9;

  /** {@code sum(weights[k] * value(cells[k])) = 0} over cell indices: a {@link Line} numbered. */
  record Relation(int[] cells, double[] weights) {
    Relation {
      cells = cells.clone();
      weights = weights.clone();
    }

    /** A total: the cells sum to the last one. */
    static Relation sum(int[] parts, int total) {
      int[] cells = Arrays.copyOf(parts, parts.length + 1);
      cells[parts.length] = total;
      double[] weights = new double[cells.length];
      Arrays.fill(weights, 1.0);
      weights[parts.length] = -1.0;
      return new Relation(cells, weights);
    }
  }

  private Suppression() {}

  /**
   * Adds secondary suppression to {@code suppressed} (the primary cells) in place.
   *
   * @param persons the protection of every cell; partners are chosen fewest first, zeros last
   * @param fixed cells whose status is settled (published earlier in the run): never chosen as partners
   * @param open suppressed cells a reader may determine: hidden cells (never published) no primary rule makes
   *     sensitive, such as a large rest of a total beyond a subgroup; they need no partner
   */
  static void secondary(long[] persons, List<Relation> lines, boolean[] suppressed, boolean[] fixed, boolean[] open) {
    boolean changed = true;
    while (changed) {
      changed = lonelyCells(persons, lines, suppressed, fixed, open) || bridgeCell(persons, lines, suppressed, fixed, open);
    }
  }

  /** One pass of the classic rule; true when it suppressed something. */
  private static boolean lonelyCells(long[] persons, List<Relation> lines, boolean[] suppressed, boolean[] fixed,
                                     boolean[] open) {
    boolean changed = false;
    for (Relation line : lines) {
      int[] alone = Arrays.stream(line.cells()).filter(c -> suppressed[c]).toArray();
      if (alone.length == 1 && !open[alone[0]]) {
        int partner = smallestPublished(persons, line.cells(), suppressed, fixed);
        if (partner >= 0) {
          suppressed[partner] = true;
          changed = true;
        }
      }
    }
    return changed;
  }

  /** Finds one suppressed cell the lines still determine and gives it a partner; true when it did. */
  private static boolean bridgeCell(long[] persons, List<Relation> lines, boolean[] suppressed, boolean[] fixed,
                                    boolean[] open) {
    boolean[] determined = recoverable(suppressed, lines);
    for (int cell = 0; cell < determined.length; cell++) {
      if (!determined[cell] || open[cell]) {
        continue;
      }
      final int target = cell;
      List<Integer> candidates = new ArrayList<>();
      for (Relation line : lines) {
        if (Arrays.stream(line.cells()).anyMatch(c -> c == target)) {
          for (int c : line.cells()) {
            if (!suppressed[c] && !fixed[c] && !candidates.contains(c)) {
              candidates.add(c);
            }
          }
        }
      }
      candidates.sort((a, b) -> partnerOrder(persons, a, b));
      for (int candidate : candidates) {
        suppressed[candidate] = true;
        if (!recoverable(suppressed, lines)[cell]) {
          return true;
        }
        suppressed[candidate] = false;
      }
      if (!candidates.isEmpty()) {
        suppressed[candidates.get(0)] = true;
        return true;
      }
    }
    return false;
  }

  /** The partner: the published cell with fewest persons, zeros last (a reader can bound a zero anyway). */
  private static int smallestPublished(long[] persons, int[] cells, boolean[] suppressed, boolean[] fixed) {
    int best = -1;
    for (int c : cells) {
      if (!suppressed[c] && !fixed[c] && (best < 0 || partnerOrder(persons, c, best) < 0)) {
        best = c;
      }
    }
    return best;
  }

  private static int partnerOrder(long[] persons, int a, int b) {
    if ((persons[a] == 0) != (persons[b] == 0)) {
      return persons[a] == 0 ? 1 : -1;
    }
    return persons[a] != persons[b] ? Long.compare(persons[a], persons[b]) : Integer.compare(a, b);
  }

  /**
   * Which suppressed cells a reader can compute exactly from the published cells and the lines:
   * cell k is determined when the unit vector e_k lies in the row space of the lines restricted to the
   * suppressed cells (then some combination of the lines isolates it). One reduction to row echelon
   * form answers it for every cell: e_k is in the row space exactly when column k has a pivot whose row
   * is zero in every column without one.
   */
  static boolean[] recoverable(boolean[] suppressed, List<Relation> lines) {
    int[] unknownIndex = new int[suppressed.length];
    int unknowns = 0;
    for (int i = 0; i < suppressed.length; i++) {
      unknownIndex[i] = suppressed[i] ? unknowns++ : -1;
    }
    double[][] m = new double[lines.size()][unknowns];
    for (int r = 0; r < lines.size(); r++) {
      Relation line = lines.get(r);
      for (int k = 0; k < line.cells().length; k++) {
        int u = unknownIndex[line.cells()[k]];
        if (u >= 0) {
          m[r][u] += line.weights()[k];
        }
      }
    }
    int[] pivotRow = reduce(m, unknowns);
    boolean[] determinedUnknown = new boolean[unknowns];
    for (int col = 0; col < unknowns; col++) {
      int r = pivotRow[col];
      if (r < 0) {
        continue;
      }
      double tolerance = EPS * Math.max(1.0, Arrays.stream(m[r]).map(Math::abs).max().orElse(0));
      boolean alone = true;
      for (int free = 0; free < unknowns && alone; free++) {
        alone = pivotRow[free] >= 0 || Math.abs(m[r][free]) <= tolerance;
      }
      determinedUnknown[col] = alone;
    }
    boolean[] determined = new boolean[suppressed.length];
    for (int i = 0; i < suppressed.length; i++) {
      determined[i] = suppressed[i] && determinedUnknown[unknownIndex[i]];
    }
    return determined;
  }

  /**
   * Reduces {@code m} in place to reduced row echelon form (partial pivoting, pivots scaled to 1, each pivot
   * column zero outside its row) and returns the pivot row of each column, -1 for columns without one.
   */
  private static int[] reduce(double[][] m, int columns) {
    int[] pivotRow = new int[columns];
    Arrays.fill(pivotRow, -1);
    int rank = 0;
    for (int col = 0; col < columns && rank < m.length; col++) {
      int pivot = rank;
      for (int r = rank + 1; r < m.length; r++) {
        if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
          pivot = r;
        }
      }
      double scale = Arrays.stream(m[pivot]).map(Math::abs).max().orElse(0);
      if (Math.abs(m[pivot][col]) <= EPS * Math.max(1.0, scale)) {
        continue;
      }
      double[] tmp = m[pivot];
      m[pivot] = m[rank];
      m[rank] = tmp;
      double p = m[rank][col];
      for (int c = 0; c < columns; c++) {
        m[rank][c] /= p;
      }
      for (int r = 0; r < m.length; r++) {
        double factor = m[r][col];
        if (r != rank && factor != 0) {
          for (int c = 0; c < columns; c++) {
            m[r][c] -= factor * m[rank][c];
          }
          m[r][col] = 0;
        }
      }
      pivotRow[col] = rank++;
    }
    return pivotRow;
  }
}
