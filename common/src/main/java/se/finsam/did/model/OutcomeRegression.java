package se.finsam.did.model;

/**
 * A weighted least-squares outcome regression on a subset of the rows (R: {@code lm(y ~ -1 + int.cov,
 * subset = ..., weights = ...)}) with its fitted values for every row and its asymptotic linear
 * representation as DRDID writes it: {@code (w 1{subset} (y - x'beta) x) %*% solve(crossprod(w 1{subset} x, x) / n)}.
 *
 * @param coefficients beta
 * @param fitted x_i'beta for every row
 * @param linearRepresentation n x k
 */
public record OutcomeRegression(double[] coefficients, double[] fitted, double[][] linearRepresentation) {

  /** @param w the regression weight of each row, zero outside the subset */
  public static OutcomeRegression fit(double[] y, double[][] x, double[] w) {
    int n = x.length;
    int k = x[0].length;
    double[][] xtwx = Dense.weightedCrossProduct(w, x);
    double[] xtwy = new double[k];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < k; j++) {
        xtwy[j] += w[i] * x[i][j] * y[i];
      }
    }
    double[] beta = Dense.solve(xtwx, xtwy);
    double[] fitted = Dense.times(x, beta);
    double[][] scaledInverse = Dense.inverse(xtwx);
    double[][] rep = new double[n][k];
    for (int i = 0; i < n; i++) {
      if (w[i] == 0) {
        continue;
      }
      double e = w[i] * (y[i] - fitted[i]);
      for (int a = 0; a < k; a++) {
        double s = 0;
        for (int b = 0; b < k; b++) {
          s += e * x[i][b] * scaledInverse[b][a] * n;
        }
        rep[i][a] = s;
      }
    }
    return new OutcomeRegression(beta, fitted, rep);
  }

  /** The linear representation's contribution rep %*% m, one value per row. */
  public double[] times(double[] m) {
    return Dense.times(linearRepresentation, m);
  }
}
