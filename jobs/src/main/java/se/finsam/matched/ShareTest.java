package se.finsam.matched;

import se.finsam.did.Distributions;

/**
 * The difference of two shares in one year (seed 000 Tables 2-11): treated share minus referent share in
 * percentage points, tested with the two-proportion z-test (pooled variance), and the seed's stars.
 *
 * @param n persons per group (the matched pairs)
 * @param onesU treated persons with the outcome
 * @param onesR referents with the outcome
 */
public record ShareTest(long n, long onesU, long onesR) {
  public double shareU() {
    return n == 0 ? Double.NaN : (double) onesU / n;
  }

  public double shareR() {
    return n == 0 ? Double.NaN : (double) onesR / n;
  }

  /** Treated minus referent share, in percentage points. */
  public double differencePp() {
    return 100 * (shareU() - shareR());
  }

  public double pValue() {
    double pooled = (double) (onesU + onesR) / (2.0 * n);
    double se = Math.sqrt(pooled * (1 - pooled) * 2.0 / n);
    if (n == 0 || !(se > 0)) {
      return Double.NaN;
    }
    return Distributions.twoSidedNormalP((shareU() - shareR()) / se);
  }

  /** Seed 000: * p &lt; 10 %, ** p &lt; 5 %, *** p &lt; 1 %. */
  public static String stars(double p) {
    if (Double.isNaN(p)) {
      return "";
    }
    return p < 0.01 ? "***" : p < 0.05 ? "**" : p < 0.10 ? "*" : "";
  }
}
