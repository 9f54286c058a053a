package se.finsam.did.model;

import se.finsam.did.FitLimits;
import se.finsam.did.FitNotConvergedException;

/**
 * The two propensity-score fits of DRDID, each run to full convergence (R stops fastglm/trust at their
 * default tolerances, which moves R's numbers by at most a few 1e-9; see shared/reference/README.md).
 *
 * @param coefficients the index coefficients gamma
 * @param fitted p_i = 1 / (1 + exp(-x_i'gamma)), not yet capped
 * @param hessianInverse for the logit, (sum w p (1 - p) x x')^-1 with p capped (R's
 *     {@code chol2inv(chol(t(int.cov) %*% (W * int.cov)))}); null for the
 *     calibrated score (its influence function does not need it)
 */
public record PropensityScore(double[] coefficients, double[] fitted, double[][] hessianInverse) {
  /**
   * Weighted maximum-likelihood logit of d on x (R: {@code glm(D ~ -1 + int.cov, family = binomial,
   * weights = i.weights)}) by Newton-Raphson from zero until the step stops changing the coefficients.
   */
  public static PropensityScore logit(double[] d, double[][] x, double[] w) {
    return logit(d, x, w, FitLimits.MAX_ITERATIONS);
  }

  /** The logit with another iteration limit than {@link FitLimits#MAX_ITERATIONS}. */
  public static PropensityScore logit(double[] d, double[][] x, double[] w, int maxIterations) {
    double[] gamma = newton(d, x, w, false, maxIterations);
    double[] p = fitted(x, gamma);
    // DRDID builds the Hessian from the capped score: W <- ps.fit * (1 - ps.fit) * i.weights after pmin.
    double[] curvature = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double q = Math.min(p[i], FitLimits.SCORE_CAP);
      curvature[i] = w[i] * q * (1 - q);
    }
    return new PropensityScore(gamma, p, Dense.inverse(Dense.weightedCrossProduct(curvature, x)));
  }

  /**
   * The fitted scores of the logit as R's overlap guard sees them: where the data are (quasi) separated the
   * likelihood has no maximum and Newton stops at the last solvable step, whose scores are then near 0 or 1.
   */
  public static double[] logitFittedAllowingSeparation(double[] d, double[][] x, double[] w) {
    return fitted(x, newton(d, x, w, true, FitLimits.MAX_ITERATIONS));
  }

  /**
   * Newton-Raphson on the weighted log likelihood; {@code tolerateSeparation} stops where the likelihood
   * has no maximum instead of failing.
   */
  private static double[] newton(double[] d, double[][] x, double[] w, boolean tolerateSeparation,
                                 int maxIterations) {
    int k = x[0].length;
    double[] gamma = new double[k];
    for (int iteration = 0; iteration < maxIterations; iteration++) {
      double[] p = fitted(x, gamma);
      double[] score = new double[k];
      double[] curvature = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        for (int j = 0; j < k; j++) {
          score[j] += w[i] * (d[i] - p[i]) * x[i][j];
        }
        curvature[i] = w[i] * p[i] * (1 - p[i]);
      }
      double[] step;
      try {
        step = Dense.solve(Dense.weightedCrossProduct(curvature, x), score);
      } catch (ArithmeticException singular) {
        if (tolerateSeparation) {
          return gamma;
        }
        throw singular;
      }
      double largest = 0;
      for (int j = 0; j < k; j++) {
        gamma[j] += step[j];
        largest = Math.max(largest, Math.abs(step[j]) / (1 + Math.abs(gamma[j])));
      }
      if (largest < FitLimits.FULL_CONVERGENCE) {
        return gamma;
      }
    }
    if (tolerateSeparation) {
      return gamma;
    }
    throw new FitNotConvergedException("The propensity score logit", maxIterations);
  }

  /**
   * DRDID's calibrated propensity score ({@code pscore.cal}, Graham, Pinto and Egel 2012 / Tan 2020): gamma
   * minimises the convex loss mean(w ((1 - d) exp(x'gamma) - d x'gamma)), whose first-order condition is
   * the exact balance sum_{d=0} w exp(x'gamma) x = sum_{d=1} w x. Newton with step halving from zero.
   */
  public static PropensityScore calibrated(double[] d, double[][] x, double[] w) {
    int k = x[0].length;
    double[] gamma = new double[k];
    double loss = calibrationLoss(d, x, w, gamma);
    for (int iteration = 0; iteration < FitLimits.MAX_ITERATIONS; iteration++) {
      double[] gradient = new double[k];
      double[] curvature = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        double e = Math.exp(Dense.dot(x[i], gamma));
        for (int j = 0; j < k; j++) {
          gradient[j] += w[i] * ((1 - d[i]) * e - d[i]) * x[i][j];
        }
        curvature[i] = w[i] * (1 - d[i]) * e;
      }
      double[] step = Dense.solve(Dense.weightedCrossProduct(curvature, x), gradient);
      // Converged when the Newton step itself is small, not the step the line search took: near the
      // optimum the loss changes by the step squared, below its rounding, and a halved step would
      // look like convergence while gamma is still some 1e-8 off.
      double largest = 0;
      for (int j = 0; j < k; j++) {
        largest = Math.max(largest, Math.abs(step[j]) / (1 + Math.abs(gamma[j] - step[j])));
      }
      if (largest < FitLimits.FULL_CONVERGENCE) {
        for (int j = 0; j < k; j++) {
          gamma[j] -= step[j];
        }
        return new PropensityScore(gamma, fitted(x, gamma), null);
      }
      double[] trial = new double[k];
      double trialLoss;
      for (double t = 1; ; t /= 2) {
        if (t < FitLimits.MIN_STEP_FRACTION) {
          throw new FitNotConvergedException("The calibrated propensity score (its line search stalled)",
              iteration + 1);
        }
        for (int j = 0; j < k; j++) {
          trial[j] = gamma[j] - t * step[j];
        }
        trialLoss = calibrationLoss(d, x, w, trial);
        if (FitLimits.noWorse(trialLoss, loss)) {
          break;
        }
      }
      gamma = trial;
      loss = trialLoss;
    }
    throw new FitNotConvergedException("The calibrated propensity score", FitLimits.MAX_ITERATIONS);
  }

  private static double calibrationLoss(double[] d, double[][] x, double[] w, double[] gamma) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      double index = Dense.dot(x[i], gamma);
      s += w[i] * ((1 - d[i]) * Math.exp(index) - d[i] * index);
    }
    return s / x.length;
  }

  private static double[] fitted(double[][] x, double[] gamma) {
    double[] p = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      p[i] = 1 / (1 + Math.exp(-Dense.dot(x[i], gamma)));
    }
    return p;
  }

  /** The score's asymptotic linear representation, R's {@code score.ps %*% Hessian.ps} with Hessian.ps the inverse above times n (logit only). */
  public double[][] linearRepresentation(double[] d, double[][] x, double[] w) {
    int n = x.length;
    int k = x[0].length;
    double[][] out = new double[n][k];
    for (int i = 0; i < n; i++) {
      for (int a = 0; a < k; a++) {
        double s = 0;
        for (int b = 0; b < k; b++) {
          s += w[i] * (d[i] - capped(i)) * x[i][b] * hessianInverse[b][a] * n;
        }
        out[i][a] = s;
      }
    }
    return out;
  }

  /** DRDID caps the score at 1 - 1e-6 before using it ({@code pmin(ps.fit, 1 - 1e-6)}). */
  public double capped(int i) {
    return Math.min(fitted[i], FitLimits.SCORE_CAP);
  }
}
