package se.finsam.did;

/**
 * What att_gt is asked to estimate.
 *
 * @param controlGroup never treated or not yet treated comparisons
 * @param basePeriod varying or universal
 * @param anticipation periods before g in which units may already react
 * @param method the 2x2 estimator
 * @param allowUnbalancedPanel keep units missing some periods and estimate each 2x2 from the unit-period
 *     rows as repeated cross sections (R's allow_unbalanced_panel = TRUE); a panel that turns out to be
 *     balanced is estimated as a panel, as R does
 * @param formulaVariables variables on the right of the covariate formula (R's rhs_vars: a factor counts
 *     once); R warns about groups with fewer than this + 5 units
 */
public record DidSettings(ControlGroup controlGroup, BasePeriod basePeriod, int anticipation,
                          EstimationMethod method, boolean allowUnbalancedPanel, int formulaVariables) {
  public DidSettings {
    if (anticipation < 0) {
      throw new IllegalArgumentException("anticipation must be non-negative");
    }
  }

  public DidSettings(ControlGroup controlGroup, BasePeriod basePeriod, int anticipation, EstimationMethod method,
                     boolean allowUnbalancedPanel) {
    this(controlGroup, basePeriod, anticipation, method, allowUnbalancedPanel, 0);
  }

  /** Settings for a balanced panel (units missing a period are dropped). */
  public DidSettings(ControlGroup controlGroup, BasePeriod basePeriod, int anticipation, EstimationMethod method) {
    this(controlGroup, basePeriod, anticipation, method, false);
  }

  public static DidSettings defaults() {
    return new DidSettings(ControlGroup.NEVER_TREATED, BasePeriod.VARYING, 0, EstimationMethod.DR);
  }
}
