package se.finsam.disclosure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 *
 * <p>A cell's programme holds only its block: the withheld cells linked to it through lines (a line whose
 * other cells are published does not link). The blocks' constraints share no unknown and the true values
 * satisfy every block, so the bounds are those of the whole programme; one large table set becomes many
 * small programmes (the simplex costs grow faster than the unknowns).
 */
final class IntervalAudit {
  private static final double TOLERANCE = 1e-9;

  /** The interval [lower, upper] of a withheld cell; infinite where nothing bounds it. */
  record Interval(double lower, double upper) {
    double width() {
      return upper - lower;
    }
  }

  /** One line over the unknowns: coefficients (scaled, normalised) by unknown, the right side and its slack. */
  private record Row(int[] unknowns, double[] coefficients, double rhs, double slack) {}

  private final double[] values;
  private final double[] lower;
  private final int[] unknown;
  private final int[] cellOf;
  private final double[] scale;
  private final boolean[] constrained;
  /** Without bounds the rank test answers (points or whole lines); null when some unknown has a bound. */
  private final boolean[] determined;
  private final List<Row> rows = new ArrayList<>();
  private final int[] block;
  private final Map<Integer, List<Row>> blockRows = new HashMap<>();
  private final Map<Integer, int[]> blockUnknowns = new HashMap<>();

  /**
   * @param values the true value of every cell (the published ones are what the reader sees)
   * @param lower the known lower bound of every cell
   * @param withheld which cells are withheld
   */
  IntervalAudit(double[] values, double[] lower, boolean[] withheld, List<Suppression.Relation> lines) {
    this.values = values;
    this.lower = lower;
    unknown = new int[values.length];
    Arrays.fill(unknown, -1);
    List<Integer> unknowns = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      if (withheld[i]) {
        unknown[i] = unknowns.size();
        unknowns.add(i);
      }
    }
    int n = unknowns.size();
    cellOf = unknowns.stream().mapToInt(Integer::intValue).toArray();
    scale = new double[n];
    for (int u = 0; u < n; u++) {
      scale[u] = Math.max(1.0, Math.abs(values[cellOf[u]]));
    }
    constrained = new boolean[n];
    UnionFind sets = new UnionFind(n);
    for (Suppression.Relation line : lines) {
      Map<Integer, Double> coefficients = new java.util.TreeMap<>();
      double rhs = 0;
      double magnitude = 0;
      for (int k = 0; k < line.cells().length; k++) {
        int cell = line.cells()[k];
        double w = line.weights()[k];
        magnitude += Math.abs(w * values[cell]);
        if (unknown[cell] >= 0) {
          coefficients.merge(unknown[cell], w * scale[unknown[cell]], Double::sum);
        } else {
          rhs -= w * values[cell];
        }
      }
      coefficients.values().removeIf(c -> c == 0);
      if (coefficients.isEmpty()) {
        continue;
      }
      int[] us = coefficients.keySet().stream().mapToInt(Integer::intValue).toArray();
      double[] cs = coefficients.values().stream().mapToDouble(Double::doubleValue).toArray();
      // Rows normalised to a largest coefficient of 1, so one solver tolerance fits counts and kronor.
      double largest = Arrays.stream(cs).map(Math::abs).max().orElse(1.0);
      for (int k = 0; k < cs.length; k++) {
        cs[k] /= largest;
        constrained[us[k]] = true;
        sets.union(us[0], us[k]);
      }
      rows.add(new Row(us, cs, rhs / largest, TOLERANCE * Math.max(1.0, magnitude) / largest));
    }
    boolean bounded = false;
    for (int u = 0; u < n; u++) {
      bounded |= constrained[u] && Double.isFinite(lower[cellOf[u]]);
    }
    block = new int[n];
    for (int u = 0; u < n; u++) {
      block[u] = sets.find(u);
    }
    // Without bounds (estimates, means that may be negative) what the lines leave of a cell is a point or
    // the whole line: the rank test answers that exactly, without two linear programmes per cell.
    determined = bounded ? null : Suppression.recoverable(withheld, lines);
  }

  /** The interval of each of {@code targets} (withheld cells), in order. */
  static Interval[] intervals(double[] values, double[] lower, boolean[] withheld, List<Suppression.Relation> lines,
                              int[] targets) {
    IntervalAudit audit = new IntervalAudit(values, lower, withheld, lines);
    return Arrays.stream(targets).mapToObj(audit::interval).toArray(Interval[]::new);
  }

  /** The interval of a withheld cell. */
  Interval interval(int cell) {
    int u = unknown[cell];
    if (u < 0) {
      throw new IllegalArgumentException("cell " + cell + " is not withheld");
    }
    if (!constrained[u]) {
      return new Interval(lower[cell], Double.POSITIVE_INFINITY);
    }
    if (determined != null) {
      double v = values[cell];
      return determined[cell] ? new Interval(v, v) : new Interval(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }
    int[] members = blockUnknowns.computeIfAbsent(block[u], b -> java.util.stream.IntStream.range(0, block.length)
        .filter(v -> block[v] == b).toArray());
    List<LinearConstraint> constraints = blockConstraints(block[u], members);
    int local = Arrays.binarySearch(members, u);
    return new Interval(solve(constraints, members.length, local, GoalType.MINIMIZE) * scale[u],
        solve(constraints, members.length, local, GoalType.MAXIMIZE) * scale[u]);
  }

  /** The block's lines and bounds over its own unknowns ({@code members}, ascending). */
  private List<LinearConstraint> blockConstraints(int b, int[] members) {
    List<Row> mine = blockRows.computeIfAbsent(b, k -> rows.stream().filter(r -> block[r.unknowns()[0]] == k).toList());
    List<LinearConstraint> constraints = new ArrayList<>();
    for (Row r : mine) {
      double[] coefficients = new double[members.length];
      for (int k = 0; k < r.unknowns().length; k++) {
        coefficients[Arrays.binarySearch(members, r.unknowns()[k])] = r.coefficients()[k];
      }
      constraints.add(new LinearConstraint(coefficients, Relationship.GEQ, r.rhs() - r.slack()));
      constraints.add(new LinearConstraint(coefficients, Relationship.LEQ, r.rhs() + r.slack()));
    }
    for (int k = 0; k < members.length; k++) {
      double bound = lower[cellOf[members[k]]];
      if (Double.isFinite(bound)) {
        double[] unit = new double[members.length];
        unit[k] = scale[members[k]];
        constraints.add(new LinearConstraint(unit, Relationship.GEQ, bound));
      }
    }
    return constraints;
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
