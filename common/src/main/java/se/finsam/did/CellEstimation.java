package se.finsam.did;

import java.io.Serializable;
import java.util.Optional;

/**
 * A 2x2 panel DiD estimator written as a short sequence of passes over the cell's units: each pass
 * accumulates fixed-size sums, {@link #next} turns them into the next state. When {@link #finished()},
 * the ATT is known and the influence function of any unit can be evaluated locally from the small
 * state, so influence values never have to be stored or shipped.
 *
 * <p>Implementations are immutable and follow the R package DRDID exactly, including its weight
 * normalisation, propensity score trimming and influence function scaling (DRDID's att.inf.func).
 */
public interface CellEstimation extends Serializable {
  /** Length of the sum vector the next pass needs. */
  int sumDimension();

  void accumulate(CellObservation o, double[] acc, int offset);

  /** The state after a pass; throws {@link SingularDesignException} when the cell is not identified. */
  CellEstimation next(double[] sums, int offset);

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

  /**
   * A key for the coming pass, or null: two unfinished cells over the same units whose keys are equal
   * accumulate identical values in the first {@link #sharedDimension} entries of their sums (what a
   * propensity score or a design matrix sums does not look at outcomes), so the pass computes those once.
   */
  default Object sharedPassKey() {
    return null;
  }

  /** How many leading entries of the coming pass's sums the key stands for (all, by default). */
  default int sharedDimension() {
    return sumDimension();
  }

  /**
   * Accumulates only the entries after the shared ones, at {@code offset} (a cell whose shared entries
   * another cell sums); needed when {@link #sharedDimension} is less than {@link #sumDimension}.
   */
  default void accumulateOwn(CellObservation o, double[] acc, int offset) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " shares all of its sums");
  }

  /** Units whose estimated propensity score is at least 0.999 (R's overlap check), 0 if not applicable. */
  default double overlapViolations() {
    return 0;
  }
}
