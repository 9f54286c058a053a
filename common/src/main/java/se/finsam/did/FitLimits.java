package se.finsam.did;

/**
 * The numerical limits of the 2x2 estimators, in one place for the engine and the reference model
 * alike: how long a propensity score fit may iterate and when it has converged, DRDID's cap and trimming
 * level for the score, and R did's overlap limit.
 */
public final class FitLimits {
  /** Newton iterations a fit (logit or calibrated score) may take; one that needs more has failed. */
  public static final int MAX_ITERATIONS = 100;
  /**
   * The engine's fits stop when no coefficient moves by more than this times 1 + |beta|: each iteration
   * is a pass over the data, and quadratic convergence leaves an error of order the step squared.
   */
  public static final double STEP_TOLERANCE = 1e-10;
  /** The reference model runs its fits to full convergence: a relative step below this. */
  public static final double FULL_CONVERGENCE = 1e-13;
  /**
   * The calibrated score's step halving gives up below this fraction of a Newton step. Newton directions of
   * a convex loss lower it, so a search that gets here has not converged: the fit fails, as at the
   * iteration limit ({@link FitNotConvergedException}).
   */
  public static final double MIN_STEP_FRACTION = 1e-10;
  /**
   * A damped Newton fit's trial point is accepted when its loss is no worse than the last accepted one's,
   * up to this relative rounding: the loss is a sum over units, and near the optimum a full step changes
   * it by less than the sum's rounding, so an exact comparison would halve steps that are right.
   */
  public static final double LOSS_ROUNDING = 1e-12;
  /** DRDID caps scores here before dividing by 1 - p ({@code pmin(ps.fit, 1 - 1e-6)}). */
  public static final double SCORE_CAP = 1 - 1e-6;
  /** DRDID's {@code trim.level}: comparison units with a score at or above it get no weight. */
  public static final double TRIM_LEVEL = 0.995;
  /** R did's overlap guard: dr and ipw cells where a score (or the treated share) reaches it are not estimated. */
  public static final double OVERLAP_LIMIT = 0.999;

  /** Whether a trial loss is no worse than the accepted one, up to {@link #LOSS_ROUNDING}. */
  public static boolean noWorse(double trialLoss, double acceptedLoss) {
    return trialLoss <= acceptedLoss + LOSS_ROUNDING * Math.abs(acceptedLoss);
  }

  private FitLimits() {}
}
