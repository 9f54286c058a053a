package se.finsam.did;

import java.util.Arrays;
import java.util.Optional;

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
 * <p>a_h and the columns of B_h are read off the influence vector itself at probe units around the
 * group mean, so nothing about the 2x2 estimators is assumed beyond affinity, and affinity is checked
 * at one more probe; where it fails, or a unit is not eligible, the caller falls back to the unit pass.
 */
final class GroupedMoments {
  /** Relative deviation from affinity above which the probes are not trusted. */
  private static final double AFFINE_TOLERANCE = 1e-9;

  private GroupedMoments() {}

  /**
   * @param present the distinct groups of {@code units}, sorted
   * @return the moments, or empty when the design is not one where z is affine by group
   */
  static Optional<InfluenceMoments> compute(UnitSource units, InfluenceVector influence, int[] present, int periods,
                                            int cells, int groups, long n) {
    if (!units.unitsAreClusters()) {
      return Optional.empty();
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
      return Optional.empty();
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
      Optional<Affine> z = Affine.probe(influence, present[h], means[h], m);
      if (z.isEmpty()) {
        return Optional.empty();
      }
      z.get().addMoments(count, centred(second, h * triangle, t), sums, cross);
    }
    for (int i = 0; i < m; i++) {
      for (int j = i + 1; j < m; j++) {
        cross[j * m + i] = cross[i * m + j];
      }
    }
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

  /** z = a + B (y - mean) for the units of one group, B kept as its non-zero entries by row. */
  private record Affine(double[] a, int[][] columns, double[][] values) {
    static Optional<Affine> probe(InfluenceVector influence, int group, double[] mean, int m) {
      int t = mean.length;
      double[] a = at(influence, group, mean, m);
      // A step of the outcomes' own size keeps the differences as exact as the values themselves.
      double step = 1;
      for (double y : mean) {
        step = Math.max(step, Math.abs(y));
      }
      double[][] b = new double[t][];
      for (int s = 0; s < t; s++) {
        double[] y = mean.clone();
        y[s] += step;
        b[s] = LinearAlgebra.plus(at(influence, group, y, m), a, -1);
        for (int r = 0; r < m; r++) {
          b[s][r] /= step;
        }
      }
      int[][] columns = new int[m][];
      double[][] values = new double[m][];
      for (int r = 0; r < m; r++) {
        int nonZero = 0;
        for (int s = 0; s < t; s++) {
          nonZero += b[s][r] != 0 ? 1 : 0;
        }
        columns[r] = new int[nonZero];
        values[r] = new double[nonZero];
        for (int s = 0, k = 0; s < t; s++) {
          if (b[s][r] != 0) {
            columns[r][k] = s;
            values[r][k++] = b[s][r];
          }
        }
      }
      Affine affine = new Affine(a, columns, values);
      // Affinity check: every outcome moved at once, by different amounts.
      double[] y = mean.clone();
      for (int s = 0; s < t; s++) {
        y[s] += step * (1 + s % 3) * (s % 2 == 0 ? 1 : -1);
      }
      double[] direct = at(influence, group, y, m);
      double[] predicted = affine.at(y, mean);
      for (int r = 0; r < m; r++) {
        // Measured against the size of the terms, since rounding is relative to those, not to their sum.
        double scale = Math.abs(direct[r]) + Math.abs(a[r]) + Double.MIN_NORMAL;
        for (int k = 0; k < columns[r].length; k++) {
          scale += Math.abs(values[r][k] * (y[columns[r][k]] - mean[columns[r][k]]));
        }
        if (Math.abs(direct[r] - predicted[r]) > AFFINE_TOLERANCE * scale) {
          return Optional.empty();
        }
      }
      return Optional.of(affine);
    }

    private static double[] at(InfluenceVector influence, int group, double[] outcomes, int m) {
      double[] z = new double[m];
      influence.add(new UnitRecord(0, group, 1.0, new double[] {1.0}, outcomes), z);
      return z;
    }

    double[] at(double[] y, double[] mean) {
      double[] z = a.clone();
      for (int r = 0; r < z.length; r++) {
        for (int k = 0; k < columns[r].length; k++) {
          z[r] += values[r][k] * (y[columns[r][k]] - mean[columns[r][k]]);
        }
      }
      return z;
    }

    /** Adds n a and the upper triangle of n a a' + B C B'. */
    void addMoments(double n, double[][] c, double[] sums, double[] cross) {
      int m = a.length;
      int t = c.length;
      double[][] bc = new double[m][];
      for (int r = 0; r < m; r++) {
        if (columns[r].length > 0) {
          bc[r] = new double[t];
          for (int k = 0; k < columns[r].length; k++) {
            LinearAlgebra.addScaled(bc[r], 0, c[columns[r][k]], values[r][k]);
          }
        }
      }
      for (int i = 0; i < m; i++) {
        sums[i] += n * a[i];
        double na = n * a[i];
        for (int j = i; j < m; j++) {
          double v = na * a[j];
          if (bc[i] != null) {
            for (int k = 0; k < columns[j].length; k++) {
              v += bc[i][columns[j][k]] * values[j][k];
            }
          }
          cross[i * m + j] += v;
        }
      }
    }
  }
}
