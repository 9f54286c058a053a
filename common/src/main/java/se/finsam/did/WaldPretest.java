package se.finsam.did;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * att_gt's Wald pre-test of parallel trends: W = n att_pre' V_pre^-1 att_pre over the pre-treatment cells
 * with a non-zero variance, chi-square with as many degrees of freedom as those cells.
 *
 * @param statistic W
 * @param degreesOfFreedom number of pre-treatment cells used
 * @param pValue 1 - F_chi2(W) (R rounds it to 5 digits for display; this is unrounded)
 */
public record WaldPretest(double statistic, int degreesOfFreedom, double pValue) {

  /** Empty when there are no usable pre-treatment cells or their covariance is singular (R warns then too). */
  public static Optional<WaldPretest> compute(AttGtResult result) {
    InfluenceMoments moments = result.moments();
    List<Integer> pre = new ArrayList<>();
    for (int k = 0; k < result.effects().size(); k++) {
      GroupTimeEffect e = result.effects().get(k);
      if (e.estimated() && e.cell().group() > e.cell().time()
          && !Double.isNaN(Inference.analytical(moments, 0.05).standardError(result.cellInfluence(k)))) {
        pre.add(k);
      }
    }
    if (pre.isEmpty()) {
      return Optional.empty();
    }
    int q = pre.size();
    int m = moments.dimension();
    double[][] v = new double[q][q];
    double[] att = new double[q];
    for (int i = 0; i < q; i++) {
      att[i] = result.effects().get(pre.get(i)).att();
      for (int j = 0; j < q; j++) {
        v[i][j] = moments.crossProducts()[pre.get(i) * m + pre.get(j)];
      }
    }
    try {
      // V = sum IF IF' / n, so W = n att' V^-1 att = n^2 att' (sum IF IF')^-1 att.
      double n = moments.units();
      double w = n * n * LinearAlgebra.dot(att, LinearAlgebra.solve(v, att, "The pre-treatment covariance"));
      return Optional.of(new WaldPretest(w, q, Distributions.chiSquareUpperTail(w, q)));
    } catch (SingularDesignException e) {
      return Optional.empty();
    }
  }
}
