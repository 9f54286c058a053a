package se.finsam.disclosure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Cells without bounds (estimates) are audited by the rank test instead of two linear programmes each:
 * checked against the linear programmes themselves, forced by a far-away finite bound.
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
}
