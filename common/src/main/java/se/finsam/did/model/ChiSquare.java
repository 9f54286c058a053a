package se.finsam.did.model;

/**
 * 1 - pchisq(x, df) by the regularised incomplete gamma function Q(df / 2, x / 2): its series below a + 1,
 * its continued fraction (modified Lentz) above (Numerical Recipes, section 6.2), with a Lanczos log-gamma.
 */
final class ChiSquare {
  private ChiSquare() {}

  static double upperTail(double x, int df) {
    if (x <= 0) {
      return 1;
    }
    double a = df / 2.0;
    double z = x / 2;
    return z < a + 1 ? 1 - lowerSeries(a, z) : upperFraction(a, z);
  }

  private static double lowerSeries(double a, double z) {
    double term = 1 / a;
    double sum = term;
    for (int k = 1; k < 10_000 && Math.abs(term) > Math.abs(sum) * 1e-17; k++) {
      term *= z / (a + k);
      sum += term;
    }
    return sum * Math.exp(-z + a * Math.log(z) - logGamma(a));
  }

  private static double upperFraction(double a, double z) {
    double tiny = 1e-300;
    double b = z + 1 - a;
    double c = 1 / tiny;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < 10_000; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      d = Math.abs(d) < tiny ? tiny : d;
      c = b + an / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return Math.exp(-z + a * Math.log(z) - logGamma(a)) * h;
  }

  /** Lanczos (g = 7, 9 coefficients), about 1e-15 relative for a > 0. */
  static double logGamma(double a) {
    double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};
    if (a < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * a))) - logGamma(1 - a);
    }
    double x = a - 1;
    double s = c[0];
    for (int i = 1; i < 9; i++) {
      s += c[i] / (x + i);
    }
    double t = x + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
  }
}
