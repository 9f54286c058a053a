package se.finsam.did.model;

/**
 * The arguments of R's {@code att_gt} the model understands.
 *
 * @param comparison {@code control_group}
 * @param basePeriod {@code base_period}
 * @param anticipation {@code anticipation}, periods >= 0
 * @param method {@code est_method}; DRIMP and IPW_ABADIE are the custom-function calls {@code est_method =
 *     DRDID::drdid_imp_panel} and {@code DRDID::ipw_did_panel} (Abadie's unnormalised IPW, Stata csdid's ipw)
 * @param unbalanced what to do with units missing periods: drop them (R's default), keep the rows as repeated
 *     cross sections ({@code allow_unbalanced_panel = TRUE}), or (Stata csdid's default, not R) estimate each
 *     cell's panel 2x2 on the units observed in both of its periods
 * @param clustered {@code clustervars = <the cluster column>}: analytical standard errors from cluster sums
 * @param formulaVariables the variables on the right of {@code xformla} (a factor counts once; 0 for {@code ~1}): R
 *     calls a group small below this + 5 observations per period
 */
public record Settings(Comparison comparison, BasePeriod basePeriod, int anticipation, Method method,
                       Unbalanced unbalanced, boolean clustered, int formulaVariables) {
  public enum Comparison { NEVER_TREATED, NOT_YET_TREATED }

  public enum BasePeriod { VARYING, UNIVERSAL }

  public enum Method { DR, DRIMP, IPW, IPW_ABADIE, REG }

  public enum Unbalanced { DROP_UNITS, CROSS_SECTIONS, PAIRS }

  public Settings {
    if (anticipation < 0) {
      throw new IllegalArgumentException("anticipation must be >= 0, was " + anticipation);
    }
    if (formulaVariables < 0) {
      throw new IllegalArgumentException("formulaVariables must be >= 0, was " + formulaVariables);
    }
  }

  /** R's arguments: {@code allowUnbalancedPanel} is {@code allow_unbalanced_panel}. */
  public Settings(Comparison comparison, BasePeriod basePeriod, int anticipation, Method method,
                  boolean allowUnbalancedPanel, boolean clustered, int formulaVariables) {
    this(comparison, basePeriod, anticipation, method,
        allowUnbalancedPanel ? Unbalanced.CROSS_SECTIONS : Unbalanced.DROP_UNITS, clustered, formulaVariables);
  }
}
