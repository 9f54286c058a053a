package se.finsam.did;

import java.util.Arrays;

/**
 * A unit's vector z (see {@link InfluenceMoments}) for the units of one group as an affine function of
 * their outcomes, z = a + B (y - mean), with B kept as the non-zero entries of each row.
 */
record AffineInfluence(double[] a, int[][] columns, double[][] values) {

  /** Collects a and the entries of B (added up where a row meets a column twice), then {@link #build}s. */
  static final class Builder {
    private final double[] a;
    private final double[][] rows;

    Builder(int dimension, int periods) {
      a = new double[dimension];
      rows = new double[dimension][periods];
    }

    Builder intercept(int row, double value) {
      a[row] = value;
      return this;
    }

    Builder add(int row, int column, double value) {
      rows[row][column] += value;
      return this;
    }

    AffineInfluence build() {
      int m = a.length;
      int[][] columns = new int[m][];
      double[][] values = new double[m][];
      for (int r = 0; r < m; r++) {
        double[] row = rows[r];
        columns[r] = java.util.stream.IntStream.range(0, row.length).filter(s -> row[s] != 0).toArray();
        values[r] = Arrays.stream(columns[r]).mapToDouble(s -> row[s]).toArray();
      }
      return new AffineInfluence(a, columns, values);
    }
  }

  /** Adds n a and the upper triangle of n a a' + B C B', C the group's centred outcome moments. */
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
