package se.finsam.did;

import java.io.Serializable;

/**
 * A 2x2 estimator's influence function where only the intercept is a regressor, declared from its
 * formula: for a unit with covariates (1) and raw weight 1 the propensity score and the outcome
 * regression are constants, so the influence value is affine in the unit's outcome change by role,
 * {@code intercept + slope * deltaY}; units that are neither treated nor comparisons have none.
 */
public record LinearInfluence(Line treated, Line comparison) implements Serializable {
  /** {@code intercept + slope * deltaY}. */
  public record Line(double intercept, double slope) implements Serializable {
    /** The line through {@code value} at {@code deltaY = centre}. */
    static Line through(double slope, double centre, double value) {
      return new Line(value - slope * centre, slope);
    }

    public double at(double deltaY) {
      return intercept + slope * deltaY;
    }
  }

  /** The role's line: treated for {@code treated} 1, comparison for 0. */
  public Line of(double treated) {
    return treated == 1 ? this.treated : comparison;
  }
}
