package se.finsam.report;

/**
 * The two distribution functions the report needs, implemented here so that the report depends on
 * nothing beyond the JDK: the standard normal (stars of estimates: two-sided p of estimate / SE) and
 * Student's t (Welch's test in the balance table; exact for any degrees of freedom, so no normal
 * approximation is needed for small groups).
 */
public final class Distributions {
  private static final int MAX_ITERATIONS = 300;
  private static final double EPS = 1e-15;
  private static final double TINY = 1e-300;

  private Distributions() {}

  /** P(Z ≤ z) for a standard normal Z, via erfc (absolute error below 1e-14 over the real line). */
  public static double normalCdf(double z) {
    return 0.5 * erfc(-z / Math.sqrt(2));
  }

  /** Two-sided p-value of a z statistic. */
  public static double twoSidedNormalP(double z) {
    return erfc(Math.abs(z) / Math.sqrt(2));
  }

  /** Two-sided p-value of a t statistic with {@code df} (possibly fractional) degrees of freedom. */
  public static double twoSidedStudentP(double t, double df) {
    if (Double.isNaN(t) || Double.isNaN(df) || df <= 0) {
      return Double.NaN;
    }
    return regularizedBeta(df / (df + t * t), df / 2, 0.5);
  }

  /** erfc(x) = 1 − erf(x) via the regularized incomplete gamma function Q(1/2, x²). */
  static double erfc(double x) {
    if (x < 0) {
      return 2 - erfc(-x);
    }
    return regularizedGammaQ(0.5, x * x);
  }

  /** Q(a, x) = Γ(a, x) / Γ(a): series below a + 1, continued fraction above (Numerical Recipes 6.2). */
  static double regularizedGammaQ(double a, double x) {
    if (x <= 0) {
      return 1;
    }
    double logPrefix = -x + a * Math.log(x) - logGamma(a);
    if (x < a + 1) {
      double term = 1 / a;
      double sum = term;
      for (int n = 1; n < MAX_ITERATIONS; n++) {
        term *= x / (a + n);
        sum += term;
        if (Math.abs(term) < Math.abs(sum) * EPS) {
          break;
        }
      }
      return 1 - sum * Math.exp(logPrefix);
    }
    double b = x + 1 - a;
    double c = 1 / TINY;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < MAX_ITERATIONS; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      d = Math.abs(d) < TINY ? TINY : d;
      c = b + an / c;
      c = Math.abs(c) < TINY ? TINY : c;
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < EPS) {
        break;
      }
    }
    return Math.exp(logPrefix) * h;
  }

  /** I_x(a, b), the regularized incomplete beta function (continued fraction, Numerical Recipes 6.4). */
  static double regularizedBeta(double x, double a, double b) {
    if (x <= 0) {
      return 0;
    }
    if (x >= 1) {
      return 1;
    }
    double logPrefix = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
    if (x > (a + 1) / (a + b + 2)) {
      return 1 - Math.exp(logPrefix) * betaFraction(1 - x, b, a) / b;
    }
    return Math.exp(logPrefix) * betaFraction(x, a, b) / a;
  }

  private static double betaFraction(double x, double a, double b) {
    double c = 1;
    double d = 1 - (a + b) * x / (a + 1);
    d = Math.abs(d) < TINY ? TINY : d;
    d = 1 / d;
    double h = d;
    for (int m = 1; m < MAX_ITERATIONS; m++) {
      int m2 = 2 * m;
      double even = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
      d = 1 + even * d;
      d = Math.abs(d) < TINY ? TINY : d;
      c = 1 + even / c;
      c = Math.abs(c) < TINY ? TINY : c;
      d = 1 / d;
      h *= d * c;
      double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
      d = 1 + odd * d;
      d = Math.abs(d) < TINY ? TINY : d;
      c = 1 + odd / c;
      c = Math.abs(c) < TINY ? TINY : c;
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < EPS) {
        break;
      }
    }
    return h;
  }

  /** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error about 1e-15). */
  static double logGamma(double x) {
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    double[] g = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};
    double z = x - 1;
    double sum = g[0];
    for (int i = 1; i < g.length; i++) {
      sum += g[i] / (z + i);
    }
    double t = z + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
  }
}
