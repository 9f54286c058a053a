package se.finsam.did.model;

/**
 * A 2x2 DiD estimate as DRDID returns it.
 *
 * @param att the ATT
 * @param influence {@code att.inf.func}, one value per row, on the scale where se = sqrt(sum(inf^2)) / n
 *     (for a mean-zero influence function)
 */
public record TwoByTwo(double att, double[] influence) {
  /** DRDID's analytical standard error, {@code sd(inf) * sqrt(n - 1) / n}. */
  public double se() {
    int n = influence.length;
    double mean = Dense.mean(influence);
    double ss = 0;
    for (double v : influence) {
      ss += (v - mean) * (v - mean);
    }
    return Math.sqrt(ss) / n;
  }
}
