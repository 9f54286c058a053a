package se.finsam.disclosure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.linear.UnboundedSolutionException;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.junit.jupiter.api.Test;

/**
 * Cells without bounds (estimates) are audited by the rank test instead of two linear programmes each:
 * checked against the linear programmes themselves, forced by a far-away finite bound. Bounded cells are
 * audited on their block: checked against one programme over everything withheld.
 */
class IntervalAuditTest {
  @Test
  void unboundedCellsArePointsOrWholeLinesAsTheLinearProgrammesSay() {
    Random r = new Random(18);
    int points = 0;
    int lines = 0;
    for (int trial = 0; trial < 200; trial++) {
      int n = 6 + r.nextInt(5);
      double[] values = IntStream.range(0, n).mapToDouble(i -> r.nextGaussian() * 10).toArray();
      List<Suppression.Relation> relations = new ArrayList<>();
      for (int k = 0; k < 1 + r.nextInt(4); k++) {
        // A weighted average of some cells equals another cell (as an aggregate of ATT(g,t)).
        int target = r.nextInt(n);
        int[] parts = IntStream.range(0, n).filter(i -> i != target && r.nextDouble() < 0.4).toArray();
        if (parts.length == 0) {
          continue;
        }
        int[] cells = Arrays.copyOf(parts, parts.length + 1);
        cells[parts.length] = target;
        double[] weights = new double[cells.length];
        double average = 0;
        for (int p = 0; p < parts.length; p++) {
          weights[p] = 1.0 + r.nextInt(3);
          average += weights[p] * values[parts[p]];
        }
        values[target] = average; // the relation holds for the values
        weights[parts.length] = -1;
        relations.add(new Suppression.Relation(cells, weights));
      }
      boolean[] withheld = new boolean[n];
      for (int i = 0; i < n; i++) {
        withheld[i] = r.nextDouble() < 0.35;
      }
      int[] targets = IntStream.range(0, n).filter(i -> withheld[i]).toArray();
      // A later relation may have moved a cell an earlier one averaged: keep designs whose relations all hold.
      boolean hold = relations.stream().allMatch(rel -> Math.abs(IntStream.range(0, rel.cells().length)
          .mapToDouble(k -> rel.weights()[k] * values[rel.cells()[k]]).sum()) < 1e-9);
      if (relations.isEmpty() || targets.length == 0 || !hold) {
        continue;
      }
      double[] unbounded = new double[n];
      Arrays.fill(unbounded, Double.NEGATIVE_INFINITY);
      double[] farBound = new double[n];
      Arrays.fill(farBound, -1e9);
      IntervalAudit.Interval[] rank = IntervalAudit.intervals(values, unbounded, withheld, relations, targets);
      IntervalAudit.Interval[] lp = IntervalAudit.intervals(values, farBound, withheld, relations, targets);
      for (int t = 0; t < targets.length; t++) {
        boolean inALine = Double.isFinite(rank[t].upper()) || Double.isInfinite(rank[t].lower());
        assertTrue(inALine);
        if (rank[t].width() == 0) {
          points++;
          assertEquals(values[targets[t]], rank[t].lower(), 0);
          assertTrue(lp[t].width() < 1e-6 * Math.max(1, Math.abs(values[targets[t]])), "trial " + trial + ": " + lp[t]);
        } else {
          lines++;
          assertTrue(lp[t].width() > 1e6 || Double.isInfinite(lp[t].width()), "trial " + trial + ": " + lp[t]);
        }
      }
    }
    assertTrue(points > 20 && lines > 20, points + " determined, " + lines + " free");
  }

  /**
   * Bounded cells (counts) in several independent tables: each cell's interval equals that of one linear
   * programme over every withheld cell of every table, written here without scaling, blocks or slack.
   */
  @Test
  void aCellsBlockGivesTheIntervalOfTheWholeProgramme() {
    Random r = new Random(20261203);
    int compared = 0;
    int finite = 0;
    for (int trial = 0; trial < 60; trial++) {
      List<Suppression.Relation> relations = new ArrayList<>();
      List<Double> cellValues = new ArrayList<>();
      for (int table = 0; table < 1 + r.nextInt(3); table++) {
        // A rows x columns table of counts with its row, column and grand totals.
        int rows = 2 + r.nextInt(3);
        int columns = 2 + r.nextInt(3);
        int first = cellValues.size();
        for (int i = 0; i < rows * columns; i++) {
          cellValues.add((double) r.nextInt(40));
        }
        int rowTotals = cellValues.size();
        for (int i = 0; i < rows; i++) {
          int row = i;
          cellValues.add(IntStream.range(0, columns).mapToDouble(j -> cellValues.get(first + row * columns + j)).sum());
          relations.add(total(IntStream.range(0, columns).map(j -> first + row * columns + j).toArray(), rowTotals + i));
        }
        int columnTotals = cellValues.size();
        for (int j = 0; j < columns; j++) {
          int column = j;
          cellValues.add(IntStream.range(0, rows).mapToDouble(i -> cellValues.get(first + i * columns + column)).sum());
          relations.add(total(IntStream.range(0, rows).map(i -> first + i * columns + column).toArray(), columnTotals + j));
        }
        cellValues.add(IntStream.range(0, rows).mapToDouble(i -> cellValues.get(rowTotals + i)).sum());
        relations.add(total(IntStream.range(0, rows).map(i -> rowTotals + i).toArray(), cellValues.size() - 1));
      }
      int n = cellValues.size();
      double[] values = cellValues.stream().mapToDouble(Double::doubleValue).toArray();
      double[] lower = new double[n];
      boolean[] withheld = new boolean[n];
      for (int i = 0; i < n; i++) {
        withheld[i] = r.nextDouble() < 0.3;
      }
      int[] targets = IntStream.range(0, n).filter(i -> withheld[i]).toArray();
      if (targets.length == 0) {
        continue;
      }
      IntervalAudit.Interval[] found = IntervalAudit.intervals(values, lower, withheld, relations, targets);
      for (int t = 0; t < targets.length; t++) {
        double[] whole = {wholeProgramme(values, withheld, relations, targets[t], GoalType.MINIMIZE),
            wholeProgramme(values, withheld, relations, targets[t], GoalType.MAXIMIZE)};
        assertEquals(whole[0], found[t].lower(), 1e-6 * Math.max(1, Math.abs(whole[0])), "trial " + trial);
        if (Double.isInfinite(whole[1])) {
          assertEquals(whole[1], found[t].upper(), "trial " + trial);
        } else {
          assertEquals(whole[1], found[t].upper(), 1e-6 * Math.max(1, Math.abs(whole[1])), "trial " + trial);
          finite++;
        }
        compared++;
      }
    }
    assertTrue(compared > 200 && finite > 100, compared + " cells, " + finite + " with a finite upper bound");
  }

  private static Suppression.Relation total(int[] parts, int total) {
    int[] cells = Arrays.copyOf(parts, parts.length + 1);
    cells[parts.length] = total;
    double[] weights = new double[cells.length];
    Arrays.fill(weights, 1.0);
    weights[parts.length] = -1;
    return new Suppression.Relation(cells, weights);
  }

  /** min or max of one cell over all withheld cells >= 0 satisfying every relation exactly. */
  private static double wholeProgramme(double[] values, boolean[] withheld, List<Suppression.Relation> relations,
                                       int cell, GoalType goal) {
    int[] unknowns = IntStream.range(0, values.length).filter(i -> withheld[i]).toArray();
    List<LinearConstraint> constraints = new ArrayList<>();
    for (Suppression.Relation rel : relations) {
      double[] a = new double[unknowns.length];
      double rhs = 0;
      for (int k = 0; k < rel.cells().length; k++) {
        int u = Arrays.binarySearch(unknowns, rel.cells()[k]);
        if (u >= 0) {
          a[u] += rel.weights()[k];
        } else {
          rhs -= rel.weights()[k] * values[rel.cells()[k]];
        }
      }
      constraints.add(new LinearConstraint(a, Relationship.EQ, rhs));
    }
    double[] objective = new double[unknowns.length];
    objective[Arrays.binarySearch(unknowns, cell)] = 1;
    try {
      return new SimplexSolver().optimize(new LinearObjectiveFunction(objective, 0), new LinearConstraintSet(constraints),
          goal, new NonNegativeConstraint(true)).getValue();
    } catch (UnboundedSolutionException e) {
      return Double.POSITIVE_INFINITY;
    }
  }
}
