package se.finsam.did;

/**
 * Maximum likelihood logit with the usual large-sample inference: coefficients from
 * {@link LogisticRegression#fit}, covariance = the inverse of the information X'WX (W = w p (1 − p)) at the
 * estimate, Wald z and two-sided normal p-values, odds ratios exp(β) with 95 % intervals exp(β ± 1.96 se),
 * as a standard GLM reports them. The weights are frequency weights, so a table of covariate cells with
 * counts of y = 1 and y = 0 (two rows per cell) gives the same fit as the persons behind it.
 */
public final class LogitInference {
  private LogitInference() {}

  /** One coefficient. */
  public record Term(double coefficient, double standardError) {
    public double z() {
      return coefficient / standardError;
    }

    public double pValue() {
      return Distributions.twoSidedNormalP(z());
    }

    public double oddsRatio() {
      return Math.exp(coefficient);
    }

    public double oddsRatioLower() {
      return Math.exp(coefficient - Distributions.normalQuantile(0.975) * standardError);
    }

    public double oddsRatioUpper() {
      return Math.exp(coefficient + Distributions.normalQuantile(0.975) * standardError);
    }
  }

  /** Fits the logit of d on x (each row with its intercept column if wanted) with frequency weights w. */
  public static Term[] fit(double[][] x, double[] d, double[] w) {
    double[] beta = LogisticRegression.fit(x, d, w);
    int k = beta.length;
    double[][] information = new double[k][k];
    for (int i = 0; i < x.length; i++) {
      double p = LogisticRegression.probability(beta, x[i]);
      double weight = w[i] * p * (1 - p);
      for (int a = 0; a < k; a++) {
        for (int b = 0; b < k; b++) {
          information[a][b] += weight * x[i][a] * x[i][b];
        }
      }
    }
    double[][] covariance = LinearAlgebra.inverse(information, "The logit information matrix");
    Term[] terms = new Term[k];
    for (int j = 0; j < k; j++) {
      terms[j] = new Term(beta[j], Math.sqrt(covariance[j][j]));
    }
    return terms;
  }
}
