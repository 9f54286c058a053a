package se.finsam.did;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * A 2x2 DiD estimator written as a short sequence of passes over the cell's observations: before each
 * pass it states the sums it needs as {@link Statistic} values, {@link #next} turns their answers into
 * the next state. When {@link #finished()}, the ATT is known and the influence function of any unit can
 * be evaluated locally from the small state, so influence values never have to be stored or shipped.
 *
 * <p>Implementations are immutable and follow the R package DRDID exactly, including its weight
 * normalisation, propensity score trimming and influence function scaling (DRDID's att.inf.func).
 */
public interface CellEstimation extends Serializable {
  /**
   * The statistics the next pass must compute over the cell's observations, empty once finished. Equal
   * requests of cells over the same observations are computed once (see {@link PassPlan}).
   */
  List<Statistic> requests();

  /**
   * The state after a pass, given one sum vector per {@link #requests()} entry, in that order; throws
   * {@link SingularDesignException} when the cell is not identified.
   */
  CellEstimation next(List<double[]> answers);

  boolean finished();

  double att();

  /** DRDID's influence function value of one unit of the cell. */
  double influence(CellObservation o);

  /**
   * The finished estimator's influence function for panel observations with only the intercept as
   * covariate and raw weight 1, declared in closed form (it then equals {@link #influence} on them), or
   * empty where the estimator has no such form: covariates, or rows of repeated cross sections.
   */
  default Optional<LinearInfluence> linearInfluence() {
    return Optional.empty();
  }

  /** Units whose estimated propensity score is at least 0.999 (R's overlap check), 0 if not applicable. */
  default double overlapViolations() {
    return 0;
  }
}
