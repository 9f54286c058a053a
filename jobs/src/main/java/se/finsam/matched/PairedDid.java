package se.finsam.matched;

import se.finsam.did.Distributions;

/**
 * Difference in differences on matched pairs (beyond the seed): per pair
 * d = (Y_U,follow-up − Y_U,before) − (Y_R,follow-up − Y_R,before); the estimate is the mean of d and its
 * standard error the sample standard deviation of d over √pairs, so the pairing (shared stratum) is in
 * the variance. Built from the sums Spark aggregates, nothing person-level.
 *
 * @param pairs number of pairs
 * @param sum Σ d
 * @param sumSquares Σ d²
 */
public record PairedDid(long pairs, double sum, double sumSquares) {
  public double estimate() {
    return pairs == 0 ? Double.NaN : sum / pairs;
  }

  public double standardError() {
    if (pairs < 2) {
      return Double.NaN;
    }
    double mean = estimate();
    double variance = Math.max(0, (sumSquares - pairs * mean * mean) / (pairs - 1));
    return Math.sqrt(variance / pairs);
  }

  public double pValue() {
    double se = standardError();
    return se > 0 ? Distributions.twoSidedNormalP(estimate() / se) : Double.NaN;
  }
}
