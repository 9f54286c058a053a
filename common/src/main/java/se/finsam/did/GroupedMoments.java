package se.finsam.did;

import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The influence moments from per-group outcome moments, for designs where a unit's vector z (see
 * {@link InfluenceMoments}) is an affine function of its outcomes whose coefficients depend only on its
 * group: the intercept as only regressor, unit weights, every unit its own cluster, and the units observed
 * in the same periods (seed 002's Modell 1, Modell 2 and the sex subgroups). Then z_i = a_h + B_h (y_i -
 * ybar_h) for a unit of group h, and
 *
 * <pre>
 *   sum_i z_i     = sum_h n_h a_h
 *   sum_i z_i z_i' = sum_h n_h a_h a_h' + B_h C_h B_h'
 * </pre>
 *
 * with C_h the centred second moments of the group's outcome vectors. That is two passes of T^2/2 per
 * unit in place of one of m^2/2 (T = 79 months against m = 633 at Modell 1).
 *
 * <p>In an unbalanced panel estimated pair balanced, a unit's entry of a cell is zero unless it is observed
 * in both of the cell's periods, so z is affine by group only among units observed in the same periods.
 * The grouped units are those observed in every period of an estimated cell (an outcome measured from a
 * later month is missing for everyone before it, and its cells start there); the others, such as persons
 * who left the registers, are added by the unit pass over them alone.
 *
 * <p>a_h and B_h come from the estimators' declared linear forms ({@link InfluenceVector#affine}); where
 * a unit is not eligible or an estimator declares no form, the caller falls back to the unit pass. Which
 * path an estimate took is logged once.
 */
final class GroupedMoments {
  private static final Logger LOG = LoggerFactory.getLogger(GroupedMoments.class);

  private GroupedMoments() {}

  /** Logs that the unit pass computes the moments, and why. */
  static Optional<InfluenceMoments> unitPass(String why) {
    LOG.info("ATT(g,t) influence moments: unit pass ({})", why);
    return Optional.empty();
  }

  /**
   * @param present the distinct groups of {@code units}, sorted
   * @return the moments, or empty when the design is not one where z is affine by group
   */
  static Optional<InfluenceMoments> compute(UnitSource units, InfluenceVector influence, int[] present, int periods,
                                            int cells, int groups, long n) {
    if (!units.unitsAreClusters()) {
      return unitPass("units share clusters");
    }
    if (!influence.declaresLinearForms()) {
      return unitPass("an estimator declares no linear form");
    }
    int t = periods;
    boolean[] used = influence.periodsUsed(t);
    int g = present.length;
    int stride = 1 + t;
    // Per group its grouped units and their outcome sums; then the ineligible units, then the others.
    double[] first = units.sum(g * stride + 2, (u, acc) -> {
      if (!eligible(u)) {
        acc[g * stride] += 1;
      } else if (!observedIn(u, used)) {
        acc[g * stride + 1] += 1;
      } else {
        int h = stride * Arrays.binarySearch(present, u.group());
        acc[h] += 1;
        for (int s = 0; s < t; s++) {
          if (used[s]) {
            acc[h + 1 + s] += u.outcomes()[s];
          }
        }
      }
    });
    if (first[g * stride] > 0) {
      return unitPass("units with weights or covariates");
    }
    double[][] means = new double[g][t];
    for (int h = 0; h < g; h++) {
      double count = first[h * stride];
      for (int s = 0; s < t; s++) {
        means[h][s] = !used[s] ? Double.NaN : count == 0 ? 0 : first[h * stride + 1 + s] / count;
      }
    }
    int triangle = t * (t + 1) / 2;
    double[] second = units.sum(g * triangle, (u, acc) -> {
      if (!observedIn(u, used)) {
        return;
      }
      int h = Arrays.binarySearch(present, u.group());
      double[] d = new double[t];
      for (int s = 0; s < t; s++) {
        d[s] = used[s] ? u.outcomes()[s] - means[h][s] : 0;
      }
      int offset = h * triangle;
      for (int r = 0; r < t; r++) {
        double dr = d[r];
        for (int s = r; s < t; s++) {
          acc[offset++] += dr * d[s];
        }
      }
    });
    int m = influence.dimension();
    long others = Math.round(first[g * stride + 1]);
    double[] sums = new double[m];
    double[] cross = new double[m * m];
    if (others > 0) {
      double[] acc = AttGtEstimator.unitSums(units.transform(u -> observedIn(u, used) ? null : u), influence);
      System.arraycopy(acc, 0, sums, 0, m);
      System.arraycopy(acc, m, cross, 0, m * m);
    }
    for (int h = 0; h < g; h++) {
      double count = first[h * stride];
      if (count == 0) {
        continue;
      }
      influence.affine(present[h], means[h]).addMoments(count, centred(second, h * triangle, t), sums, cross);
    }
    LOG.info("ATT(g,t) influence moments: by group from the estimators' declared linear forms ({} groups){}", g,
        others == 0 ? "" : "; " + others + " units observed in other periods by the unit pass");
    return Optional.of(new InfluenceMoments(cells, groups, n, n, sums, LinearAlgebra.mirrorUpper(cross, m)));
  }

  /** Unit weight, the intercept as the only regressor, the same in every period. */
  private static boolean eligible(UnitRecord u) {
    return u.weight() == 1.0 && !u.timeVarying() && u.covariateCount() == 1 && u.covariatesAt(0)[0] == 1.0;
  }

  /** Observed in every period of {@code used}. */
  private static boolean observedIn(UnitRecord u, boolean[] used) {
    for (int s = 0; s < used.length; s++) {
      if (used[s] && !u.observed(s)) {
        return false;
      }
    }
    return true;
  }

  private static double[][] centred(double[] triangles, int offset, int t) {
    double[][] c = new double[t][t];
    for (int r = 0; r < t; r++) {
      for (int s = r; s < t; s++) {
        c[r][s] = triangles[offset++];
        c[s][r] = c[r][s];
      }
    }
    return c;
  }
}
