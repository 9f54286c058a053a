package se.finsam.did;

import java.io.Serializable;

/**
 * What att_gt is asked to estimate.
 *
 * @param controlGroup never treated or not yet treated comparisons
 * @param basePeriod varying or universal
 * @param anticipation periods before g in which units may already react
 * @param method the 2x2 estimator
 * @param unbalancedPanel what to do with units missing some periods (see {@link UnbalancedPanel})
 * @param formulaVariables variables on the right of the covariate formula (R's rhs_vars: a factor counts
 *     once); R warns about groups with fewer than this + 5 units
 */
public record DidSettings(ControlGroup controlGroup, BasePeriod basePeriod, int anticipation,
                          EstimationMethod method, UnbalancedPanel unbalancedPanel, int formulaVariables)
    implements Serializable {
  public DidSettings {
    if (anticipation < 0) {
      throw new IllegalArgumentException("anticipation must be non-negative");
    }
  }

  /** R's arguments: {@code allowUnbalancedPanel} is allow_unbalanced_panel (repeated cross sections), else units are dropped. */
  public DidSettings(ControlGroup controlGroup, BasePeriod basePeriod, int anticipation, EstimationMethod method,
                     boolean allowUnbalancedPanel, int formulaVariables) {
    this(controlGroup, basePeriod, anticipation, method,
        allowUnbalancedPanel ? UnbalancedPanel.CROSS_SECTIONS : UnbalancedPanel.DROP_UNITS, formulaVariables);
  }

  /** R's allow_unbalanced_panel: units missing periods are kept and cells estimated as repeated cross sections. */
  public boolean allowUnbalancedPanel() {
    return unbalancedPanel == UnbalancedPanel.CROSS_SECTIONS;
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
