package se.finsam.disclosure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NoFeasibleSolutionException;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.linear.UnboundedSolutionException;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;

/**
 * What an attacker can derive about each withheld cell from everything published: the smallest and
 * largest value of the cell that agrees with the published cells, every {@link Suppression.Relation}
 * and the known bounds (counts and kronor are non-negative). Two linear programmes per cell (Apache
 * Commons Math's {@link SimplexSolver}), as in the "attacker problem" of the SDC handbook.
 *
 * <p>Each unknown is scaled by its true magnitude so that counts and kronor sums in one programme stay
 * well conditioned (rows normalised too), and each relation holds within a relative tolerance of 1e-9 (published values are
 * rounded doubles; an exact equality could make the true values infeasible).
 */
final class IntervalAudit {
  private static final double TOLERANCE = 1e-9;

  /** The interval [lower, upper] of a withheld cell; infinite where nothing bounds it. */
  record Interval(double lower, double upper) {
    double width() {
      return upper - lower;
    }
  }

  private IntervalAudit() {}

  /**
   * @param values the true value of every cell (the published ones are what the reader sees)
   * @param lower the known lower bound of every cell
   * @param withheld which cells are withheld
   * @param targets the withheld cells to bound
   * @return the interval of each target, in order
   */
  static Interval[] intervals(double[] values, double[] lower, boolean[] withheld, List<Suppression.Relation> lines,
                              int[] targets) {
    int[] unknown = new int[values.length];
    Arrays.fill(unknown, -1);
    List<Integer> unknowns = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      if (withheld[i]) {
        unknown[i] = unknowns.size();
        unknowns.add(i);
      }
    }
    int n = unknowns.size();
    double[] scale = new double[n];
    for (int u = 0; u < n; u++) {
      scale[u] = Math.max(1.0, Math.abs(values[unknowns.get(u)]));
    }
    List<LinearConstraint> constraints = new ArrayList<>();
    boolean[] constrained = new boolean[n];
    for (Suppression.Relation line : lines) {
      double[] coefficients = new double[n];
      double rhs = 0;
      double magnitude = 0;
      boolean any = false;
      for (int k = 0; k < line.cells().length; k++) {
        int cell = line.cells()[k];
        double w = line.weights()[k];
        magnitude += Math.abs(w * values[cell]);
        if (unknown[cell] >= 0) {
          coefficients[unknown[cell]] += w * scale[unknown[cell]];
          any = true;
        } else {
          rhs -= w * values[cell];
        }
      }
      if (!any) {
        continue;
      }
      for (int u = 0; u < n; u++) {
        constrained[u] |= coefficients[u] != 0;
      }
      // Rows normalised to a largest coefficient of 1, so one solver tolerance fits counts and kronor.
      double largest = Arrays.stream(coefficients).map(Math::abs).max().orElse(1.0);
      for (int u = 0; u < n; u++) {
        coefficients[u] /= largest;
      }
      rhs /= largest;
      double slack = TOLERANCE * Math.max(1.0, magnitude) / largest;
      constraints.add(new LinearConstraint(coefficients, Relationship.GEQ, rhs - slack));
      constraints.add(new LinearConstraint(coefficients, Relationship.LEQ, rhs + slack));
    }
    boolean bounded = false;
    for (int u = 0; u < n; u++) {
      double bound = lower[unknowns.get(u)];
      if (constrained[u] && Double.isFinite(bound)) {
        double[] unit = new double[n];
        unit[u] = scale[u];
        constraints.add(new LinearConstraint(unit, Relationship.GEQ, bound));
        bounded = true;
      }
    }
    // Without bounds (estimates, means that may be negative) what the lines leave of a cell is a point or
    // the whole line: the rank test answers that exactly, without two linear programmes per cell.
    boolean[] determined = bounded ? null : Suppression.recoverable(withheld, lines);
    Interval[] out = new Interval[targets.length];
    for (int t = 0; t < targets.length; t++) {
      int u = unknown[targets[t]];
      if (u < 0) {
        throw new IllegalArgumentException("cell " + targets[t] + " is not withheld");
      }
      double bound = lower[targets[t]];
      if (!constrained[u]) {
        out[t] = new Interval(bound, Double.POSITIVE_INFINITY);
        continue;
      }
      if (determined != null) {
        double v = values[targets[t]];
        out[t] = determined[targets[t]] ? new Interval(v, v)
            : new Interval(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        continue;
      }
      out[t] = new Interval(solve(constraints, n, u, GoalType.MINIMIZE) * scale[u],
          solve(constraints, n, u, GoalType.MAXIMIZE) * scale[u]);
    }
    return out;
  }

  private static double solve(Collection<LinearConstraint> constraints, int n, int u, GoalType goal) {
    double[] objective = new double[n];
    objective[u] = 1.0;
    try {
      PointValuePair p = new SimplexSolver().optimize(new MaxIter(100_000),
          new LinearObjectiveFunction(objective, 0), new LinearConstraintSet(constraints), goal,
          new NonNegativeConstraint(false));
      return p.getPoint()[u];
    } catch (UnboundedSolutionException e) {
      return goal == GoalType.MINIMIZE ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    } catch (NoFeasibleSolutionException e) {
      throw new IllegalStateException("the published cells contradict their own relations (a line that does "
          + "not hold for the true values)", e);
    }
  }
}
