package se.finsam.did;

/**
 * What att_gt is asked to estimate.
 *
 * @param controlGroup never treated or not yet treated comparisons
 * @param basePeriod varying or universal
 * @param anticipation periods before g in which units may already react
 * @param method the 2x2 estimator
 */
public record DidSettings(ControlGroup controlGroup, BasePeriod basePeriod, int anticipation,
                          EstimationMethod method) {
  public DidSettings {
    if (anticipation < 0) {
      throw new IllegalArgumentException("anticipation must be non-negative");
    }
  }

  public static DidSettings defaults() {
    return new DidSettings(ControlGroup.NEVER_TREATED, BasePeriod.VARYING, 0, EstimationMethod.DR);
  }
}
