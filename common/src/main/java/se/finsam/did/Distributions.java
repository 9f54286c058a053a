package se.finsam.did;

/**
 * Normal, chi-square and Student t distribution functions (no statistics library on purpose). The regularized
 * incomplete gamma function gives both the chi-square CDF and erfc, hence the normal CDF; the normal
 * quantile is Acklam's rational approximation polished by one Halley step to full double precision.
 */
public final class Distributions {
  private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851, -1259.1392167224028,
      771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
      9.9843695780195716e-6, 1.5056327351493116e-7};
  private static final double[] A = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
      1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
  private static final double[] B = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
      6.680131188771972e+01, -1.328068155288572e+01};
  private static final double[] C = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
      -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
  private static final double[] D = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
      3.754408661907416e+00};

  private static final int BETA_ITERATIONS = 300;
  private static final double BETA_EPS = 1e-15;
  private static final double BETA_TINY = 1e-300;

  private Distributions() {}

  /** log Gamma(x) for x > 0 (Lanczos, g = 7). */
  public static double logGamma(double x) {
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    x -= 1;
    double a = LANCZOS[0];
    double t = x + 7.5;
    for (int i = 1; i < LANCZOS.length; i++) {
      a += LANCZOS[i] / (x + i);
    }
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
  }

  /** Regularized lower incomplete gamma P(a, x). */
  public static double regularizedGammaP(double a, double x) {
    if (x <= 0) {
      return 0;
    }
    return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
  }

  /** Regularized upper incomplete gamma Q(a, x) = 1 - P(a, x), accurate in the upper tail. */
  public static double regularizedGammaQ(double a, double x) {
    if (x <= 0) {
      return 1;
    }
    return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
  }

  private static double gammaSeries(double a, double x) {
    double sum = 1 / a;
    double term = sum;
    for (int n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-17) {
        break;
      }
    }
    return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
  }

  /** Modified Lentz evaluation of the continued fraction for Q(a, x). */
  private static double gammaContinuedFraction(double a, double x) {
    double tiny = 1e-300;
    double b = x + 1 - a;
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
      if (Math.abs(delta - 1) < 1e-17) {
        break;
      }
    }
    return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
  }

  public static double chiSquareCdf(double x, double df) {
    return regularizedGammaP(df / 2, x / 2);
  }

  /** Upper tail 1 - F(x), what R's {@code 1 - pchisq(W, q)} computes. */
  public static double chiSquareUpperTail(double x, double df) {
    return regularizedGammaQ(df / 2, x / 2);
  }

  public static double normalCdf(double z) {
    // Phi(z) = erfc(-z / sqrt 2) / 2 and erfc(u) = Q(1/2, u^2) for u >= 0.
    double u = z / Math.sqrt(2);
    double tail = 0.5 * regularizedGammaQ(0.5, u * u);
    return z < 0 ? tail : 1 - tail;
  }

  /** Two-sided p-value of a z statistic: erfc(|z| / sqrt 2) = Q(1/2, z^2 / 2), accurate far in the tail. */
  public static double twoSidedNormalP(double z) {
    return Double.isNaN(z) ? Double.NaN : regularizedGammaQ(0.5, z * z / 2);
  }

  /** Two-sided p-value of a t statistic with {@code df} (possibly fractional) degrees of freedom. */
  public static double twoSidedStudentP(double t, double df) {
    if (Double.isNaN(t) || Double.isNaN(df) || df <= 0) {
      return Double.NaN;
    }
    return regularizedBeta(df / (df + t * t), df / 2, 0.5);
  }

  /** I_x(a, b), the regularized incomplete beta function (continued fraction, Numerical Recipes 6.4). */
  public static double regularizedBeta(double x, double a, double b) {
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
    d = Math.abs(d) < BETA_TINY ? BETA_TINY : d;
    d = 1 / d;
    double h = d;
    for (int m = 1; m < BETA_ITERATIONS; m++) {
      int m2 = 2 * m;
      double even = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
      d = 1 + even * d;
      d = Math.abs(d) < BETA_TINY ? BETA_TINY : d;
      c = 1 + even / c;
      c = Math.abs(c) < BETA_TINY ? BETA_TINY : c;
      d = 1 / d;
      h *= d * c;
      double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
      d = 1 + odd * d;
      d = Math.abs(d) < BETA_TINY ? BETA_TINY : d;
      c = 1 + odd / c;
      c = Math.abs(c) < BETA_TINY ? BETA_TINY : c;
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < BETA_EPS) {
        break;
      }
    }
    return h;
  }

  public static double normalDensity(double z) {
    return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  }

  public static double normalQuantile(double p) {
    if (!(p > 0 && p < 1)) {
      if (p == 0) {
        return Double.NEGATIVE_INFINITY;
      }
      if (p == 1) {
        return Double.POSITIVE_INFINITY;
      }
      throw new IllegalArgumentException("probability must be in [0, 1]: " + p);
    }
    double pLow = 0.02425;
    double x;
    if (p < pLow) {
      double q = Math.sqrt(-2 * Math.log(p));
      x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
          / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    } else if (p <= 1 - pLow) {
      double q = p - 0.5;
      double r = q * q;
      x = (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
          / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
    } else {
      double q = Math.sqrt(-2 * Math.log(1 - p));
      x = -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
          / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    }
    // One Halley step takes Acklam's 1e-9 relative error to machine precision.
    double e = normalCdf(x) - p;
    double u = e / normalDensity(x);
    return x - u / (1 + x * u / 2);
  }
}
