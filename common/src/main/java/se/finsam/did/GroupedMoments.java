package se.finsam.did;

import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The influence moments from per-group outcome moments, for designs where a unit's vector z (see
 * {@link InfluenceMoments}) is an affine function of its outcomes whose coefficients depend only on its
 * group: a balanced panel, the intercept as only regressor, unit weights, and every unit its own cluster
 * (seed 002's Modell 1, Modell 2 and the sex subgroups). Then z_i = a_h + B_h (y_i - ybar_h) for a unit
 * of group h, and
 *
 * <pre>
 *   sum_i z_i     = sum_h n_h a_h
 *   sum_i z_i z_i' = sum_h n_h a_h a_h' + B_h C_h B_h'
 * </pre>
 *
 * with C_h the centred second moments of the group's outcome vectors. That is two passes of T^2/2 per
 * unit in place of one of m^2/2 (T = 79 months against m = 633 at Modell 1).
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
    int g = present.length;
    int t = periods;
    int stride = 1 + t;
    double[] first = units.sum(g * stride + 1, (u, acc) -> {
      if (!eligible(u)) {
        acc[g * stride] += 1;
        return;
      }
      int h = stride * Arrays.binarySearch(present, u.group());
      acc[h] += 1;
      LinearAlgebra.addScaled(acc, h + 1, u.outcomes(), 1.0);
    });
    if (first[g * stride] > 0) {
      return unitPass("units with weights, covariates or missing periods");
    }
    double[][] means = new double[g][t];
    for (int h = 0; h < g; h++) {
      double count = first[h * stride];
      for (int s = 0; s < t; s++) {
        means[h][s] = count == 0 ? 0 : first[h * stride + 1 + s] / count;
      }
    }
    int triangle = t * (t + 1) / 2;
    double[] second = units.sum(g * triangle, (u, acc) -> {
      int h = Arrays.binarySearch(present, u.group());
      double[] d = new double[t];
      for (int s = 0; s < t; s++) {
        d[s] = u.outcomes()[s] - means[h][s];
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
    double[] sums = new double[m];
    double[] cross = new double[m * m];
    for (int h = 0; h < g; h++) {
      double count = first[h * stride];
      if (count == 0) {
        continue;
      }
      influence.affine(present[h], means[h]).addMoments(count, centred(second, h * triangle, t), sums, cross);
    }
    for (int i = 0; i < m; i++) {
      for (int j = i + 1; j < m; j++) {
        cross[j * m + i] = cross[i * m + j];
      }
    }
    LOG.info("ATT(g,t) influence moments: by group from the estimators' declared linear forms ({} groups)", g);
    return Optional.of(new InfluenceMoments(cells, groups, n, n, sums, cross));
  }

  /** Balanced, unit weight, the intercept as the only regressor, the same in every period. */
  private static boolean eligible(UnitRecord u) {
    return u.balanced() && u.weight() == 1.0 && !u.timeVarying() && u.covariateCount() == 1
        && u.covariatesAt(0)[0] == 1.0;
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
