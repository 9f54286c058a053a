package se.finsam.did.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code att_gt}'s Wald pre-test of parallel trends (Callaway and Sant'Anna 2021, section 4): over the
 * pre-treatment cells (g > t) with a standard error, W = n att' V^-1 att with V = S'S / n, S the cluster sums
 * of the cells' influence functions (the units themselves without clustering); chi-square with as many
 * degrees of freedom as cells.
 *
 * @param w the statistic
 * @param degreesOfFreedom number of cells
 * @param pValue 1 - F(W), unrounded (R prints it rounded to 5 digits)
 * @param condition V's condition number in the 1-norm: W carries a relative rounding error of up to about
 *     condition times the machine epsilon, however it is computed (with few clusters V is near singular)
 */
public record Pretest(double w, int degreesOfFreedom, double pValue, double condition) {

  /** Empty when there is no pre-treatment cell with a standard error or V is singular (R warns then). */
  public static Optional<Pretest> compute(AttGt.Fit fit) {
    List<AttGt.Cell> pre = new ArrayList<>();
    for (AttGt.Cell c : fit.cells()) {
      if (c.group() > c.time() && c.estimated() && !Double.isNaN(c.se())) {
        pre.add(c);
      }
    }
    if (pre.isEmpty()) {
      return Optional.empty();
    }
    int q = pre.size();
    Map<Long, double[]> clusterSums = new HashMap<>();
    for (int i = 0; i < fit.units(); i++) {
      double[] s = clusterSums.computeIfAbsent(fit.unitClusters()[i], c -> new double[q]);
      for (int k = 0; k < q; k++) {
        s[k] += pre.get(k).influence()[i];
      }
    }
    int n = fit.units();
    double[][] v = new double[q][q];
    for (double[] s : clusterSums.values()) {
      for (int a = 0; a < q; a++) {
        for (int b = 0; b < q; b++) {
          v[a][b] += s[a] * s[b] / n;
        }
      }
    }
    double[] att = pre.stream().mapToDouble(AttGt.Cell::att).toArray();
    try {
      double w = n * Dense.dot(att, Dense.solve(v, att));
      return Optional.of(new Pretest(w, q, ChiSquare.upperTail(w, q), Dense.norm1(v) * Dense.norm1(Dense.inverse(v))));
    } catch (ArithmeticException singular) {
      return Optional.empty();
    }
  }
}
