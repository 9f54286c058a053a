package se.finsam.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Small-cell suppression of a published table (SPEC 2 and 8), on aggregates only.
 *
 * <p>A table is a list of cells, each with the number of persons behind it, and a list of
 * {@link Line}s: linear relations between cells that a reader knows hold (a row of counts and its
 * total, a column and its total, an overall mean and the group means weighted by their sizes).
 * <ol>
 *   <li>Primary: a cell built from fewer than {@code minPersons} persons is suppressed. A cell of zero
 *       persons is published unless {@code suppressZeros} (a zero reveals no person's value; SCB's
 *       practice), so that structural zeros do not force suppression of whole tables.</li>
 *   <li>Secondary, the classic rule: while some line has exactly one suppressed cell, suppress the
 *       unsuppressed cell of that line with the fewest persons, non-zero cells first (iterated to a
 *       fixed point).</li>
 *   <li>Secondary, exact recovery: a suppressed cell can still be determined by a combination of
 *       lines (a "bridge" between two blocks of suppressed cells in a two-way table). Such a cell gets
 *       one more partner, the smallest cell of one of its lines that makes it undetermined.</li>
 * </ol>
 * A threshold of 0 (or less) disables suppression. What is not protected: interval (range)
 * disclosure, where non-negativity bounds a suppressed count to a narrow range.
 */
public final class Disclosure {
  private static final double EPS = 1e-9;

  /** Σ weights[k] · value(cells[k]) = 0 holds for the table's true values and is known to a reader. */
  public record Line(int[] cells, double[] weights) {
    public Line {
      if (cells.length != weights.length) {
        throw new IllegalArgumentException("a line needs one weight per cell");
      }
      cells = cells.clone();
      weights = weights.clone();
    }

    /** A total: the cells sum to the last one. */
    public static Line sum(int[] parts, int total) {
      int[] cells = Arrays.copyOf(parts, parts.length + 1);
      cells[parts.length] = total;
      double[] weights = new double[cells.length];
      Arrays.fill(weights, 1.0);
      weights[parts.length] = -1.0;
      return new Line(cells, weights);
    }
  }

  private Disclosure() {}

  /** True when a cell of {@code persons} persons must not be published on its own account. */
  public static boolean primary(long persons, int minPersons, boolean suppressZeros) {
    return minPersons > 0 && persons < minPersons && (persons > 0 || suppressZeros);
  }

  /** Which cells to suppress; {@code persons[i]} is the number of persons behind cell i. */
  public static boolean[] suppress(long[] persons, List<Line> lines, int minPersons, boolean suppressZeros) {
    boolean[] suppressed = new boolean[persons.length];
    if (minPersons <= 0) {
      return suppressed;
    }
    for (int i = 0; i < persons.length; i++) {
      suppressed[i] = primary(persons[i], minPersons, suppressZeros);
    }
    boolean changed = true;
    while (changed) {
      changed = lonelyCells(persons, lines, suppressed) || bridgeCell(persons, lines, suppressed);
    }
    return suppressed;
  }

  /** One pass of the classic rule; true when it suppressed something. */
  private static boolean lonelyCells(long[] persons, List<Line> lines, boolean[] suppressed) {
    boolean changed = false;
    for (Line line : lines) {
      long count = Arrays.stream(line.cells()).filter(c -> suppressed[c]).count();
      if (count == 1) {
        int partner = smallestPublished(persons, line.cells(), suppressed);
        if (partner >= 0) {
          suppressed[partner] = true;
          changed = true;
        }
      }
    }
    return changed;
  }

  /** Finds one suppressed cell the lines still determine and gives it a partner; true when it did. */
  private static boolean bridgeCell(long[] persons, List<Line> lines, boolean[] suppressed) {
    boolean[] determined = recoverable(suppressed, lines);
    for (int cell = 0; cell < determined.length; cell++) {
      if (!determined[cell]) {
        continue;
      }
      final int target = cell;
      List<Integer> candidates = new ArrayList<>();
      for (Line line : lines) {
        if (Arrays.stream(line.cells()).anyMatch(c -> c == target)) {
          for (int c : line.cells()) {
            if (!suppressed[c] && !candidates.contains(c)) {
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
  private static int smallestPublished(long[] persons, int[] cells, boolean[] suppressed) {
    int best = -1;
    for (int c : cells) {
      if (!suppressed[c] && (best < 0 || partnerOrder(persons, c, best) < 0)) {
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
   * suppressed cells (then some combination of the lines isolates it).
   */
  public static boolean[] recoverable(boolean[] suppressed, List<Line> lines) {
    int[] unknownIndex = new int[suppressed.length];
    int unknowns = 0;
    for (int i = 0; i < suppressed.length; i++) {
      unknownIndex[i] = suppressed[i] ? unknowns++ : -1;
    }
    double[][] matrix = new double[lines.size()][unknowns];
    for (int r = 0; r < lines.size(); r++) {
      Line line = lines.get(r);
      for (int k = 0; k < line.cells().length; k++) {
        int u = unknownIndex[line.cells()[k]];
        if (u >= 0) {
          matrix[r][u] += line.weights()[k];
        }
      }
    }
    int rank = rank(matrix, unknowns);
    boolean[] determined = new boolean[suppressed.length];
    for (int i = 0; i < suppressed.length; i++) {
      if (suppressed[i]) {
        double[][] withUnit = Arrays.copyOf(matrix, matrix.length + 1);
        withUnit[matrix.length] = new double[unknowns];
        withUnit[matrix.length][unknownIndex[i]] = 1.0;
        determined[i] = rank(withUnit, unknowns) == rank;
      }
    }
    return determined;
  }

  /** Rank by Gaussian elimination with partial pivoting (tables are small: tens of cells). */
  static int rank(double[][] rows, int columns) {
    double[][] m = new double[rows.length][];
    for (int r = 0; r < rows.length; r++) {
      m[r] = rows[r].clone();
    }
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
      for (int r = rank + 1; r < m.length; r++) {
        double factor = m[r][col] / m[rank][col];
        if (factor != 0) {
          for (int c = col; c < columns; c++) {
            m[r][c] -= factor * m[rank][c];
          }
        }
      }
      rank++;
    }
    return rank;
  }

  /**
   * A two-way table of counts with margins, laid out for {@link #suppress}: cell (i, j) of the
   * interior is index {@code i * columns + j}; then the row totals, the column totals and the grand
   * total. Lines: every row with its total, every column with its total, and both margins with the
   * grand total.
   */
  public record CountTable(int rows, int columns) {
    public int cell(int row, int column) {
      return row * columns + column;
    }

    public int rowTotal(int row) {
      return rows * columns + row;
    }

    public int columnTotal(int column) {
      return rows * columns + rows + column;
    }

    public int grandTotal() {
      return rows * columns + rows + columns;
    }

    public int size() {
      return grandTotal() + 1;
    }

    public List<Line> lines() {
      List<Line> lines = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        int[] parts = new int[columns];
        for (int j = 0; j < columns; j++) {
          parts[j] = cell(i, j);
        }
        lines.add(Line.sum(parts, rowTotal(i)));
      }
      for (int j = 0; j < columns; j++) {
        int[] parts = new int[rows];
        for (int i = 0; i < rows; i++) {
          parts[i] = cell(i, j);
        }
        lines.add(Line.sum(parts, columnTotal(j)));
      }
      int[] rowTotals = new int[rows];
      for (int i = 0; i < rows; i++) {
        rowTotals[i] = rowTotal(i);
      }
      lines.add(Line.sum(rowTotals, grandTotal()));
      int[] columnTotals = new int[columns];
      for (int j = 0; j < columns; j++) {
        columnTotals[j] = columnTotal(j);
      }
      lines.add(Line.sum(columnTotals, grandTotal()));
      return lines;
    }

    /** The persons of every cell, margins included, from the interior counts. */
    public long[] persons(long[][] interior) {
      long[] persons = new long[size()];
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < columns; j++) {
          persons[cell(i, j)] = interior[i][j];
          persons[rowTotal(i)] += interior[i][j];
          persons[columnTotal(j)] += interior[i][j];
          persons[grandTotal()] += interior[i][j];
        }
      }
      return persons;
    }
  }
}
