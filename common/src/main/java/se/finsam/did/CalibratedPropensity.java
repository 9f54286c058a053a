package se.finsam.did;

/**
 * DRDID's calibrated propensity score ({@code pscore.cal}: inverse probability tilting), fitted as passes:
 * damped Newton on the convex calibration loss sum w (d x'g - (1 - d) exp(x'g)), one pass per trial point.
 * Immutable; {@link #next} returns the state after a pass, {@link #fitted()} says when gamma is final.
 */
final class CalibratedPropensity implements java.io.Serializable {

  /** Newton state: the last accepted point, its loss, the search direction and the step tried now. */
  private record Search(double[] accepted, double loss, double[] direction, double step, int iteration)
      implements java.io.Serializable {}

  private final int k;
  /** Newton iterations the fit may take ({@link FitLimits#MAX_ITERATIONS}; tests give fewer). */
  private final int maxIterations;
  private final double[] gamma;
  private final Search search;
  private final boolean fitted;

  private CalibratedPropensity(int k, int maxIterations, double[] gamma, Search search, boolean fitted) {
    this.k = k;
    this.maxIterations = maxIterations;
    this.gamma = gamma;
    this.search = search;
    this.fitted = fitted;
  }

  /** The intercept-only calibration solution is a good start; the loss is convex, so the optimum is the same. */
  static CalibratedPropensity start(CellCounts counts, int k, int maxIterations) {
    double[] gamma = new double[k];
    gamma[0] = Math.log((double) counts.treated() / counts.controls());
    return new CalibratedPropensity(k, maxIterations, gamma, null, false);
  }

  boolean fitted() {
    return fitted;
  }

  static int sumDimension(int k) {
    return 1 + k + k * k;
  }

  /** The sums the next pass must compute: loss, gradient and Hessian at the current trial point. */
  Statistic request(double scale) {
    return new Statistic.CalibrationScore(scale, new Coefficients(gamma));
  }

  /** Adds one observation's loss, gradient and Hessian at the trial point {@code gamma}. */
  static void accumulate(double[] gamma, double d, double[] x, double w, double[] acc, int offset) {
    int k = gamma.length;
    double index = LinearAlgebra.dot(gamma, x);
    double e = Math.exp(index);
    acc[offset] -= w * (d * index - (1 - d) * e);
    LinearAlgebra.addScaled(acc, offset + 1, x, w * (d - (1 - d) * e));
    LinearAlgebra.addOuter(acc, offset + 1 + k, x, (1 - d) * w * e);
  }

  /** The state after a pass, given the sums of {@link #request}. */
  CalibratedPropensity next(double[] sums) {
    double loss = sums[0];
    if (search != null && !FitLimits.noWorse(loss, search.loss())) {
      // The full step overshot: halve it from the last accepted point.
      double half = search.step() / 2;
      if (half < FitLimits.MIN_STEP_FRACTION) {
        // No step along a Newton direction of a convex loss lowers it: the sums are not those of a
        // convex loss (overflow, cancellation), and the point reached is no minimum.
        throw new FitNotConvergedException("The calibrated propensity score (its line search stalled)",
            search.iteration() + 1);
      }
      Search shorter = new Search(search.accepted(), search.loss(), search.direction(), half, search.iteration());
      return new CalibratedPropensity(k, maxIterations, LinearAlgebra.plus(search.accepted(), search.direction(), half), shorter,
          false);
    }
    double[] direction = LinearAlgebra.solve(LinearAlgebra.square(sums, 1 + k, k),
        LinearAlgebra.slice(sums, 1, k), "The calibration Hessian");
    int iteration = search == null ? 0 : search.iteration() + 1;
    double[] stepped = LinearAlgebra.plus(gamma, direction, 1.0);
    if (LogisticRegression.converged(direction, gamma)) {
      return new CalibratedPropensity(k, maxIterations, stepped, null, true);
    }
    if (iteration + 1 >= maxIterations) {
      throw new FitNotConvergedException("The calibrated propensity score", maxIterations);
    }
    return new CalibratedPropensity(k, maxIterations, stepped, new Search(gamma, loss, direction, 1.0, iteration), false);
  }

  double[] gamma() {
    return gamma;
  }

  /** The fitted score, capped below one as DRDID does before dividing by 1 - p. */
  double propensity(double[] x) {
    return LogisticRegression.cappedProbability(gamma, x);
  }
}
