package se.finsam.did.model;

/**
 * The arguments of R's {@code att_gt} the model understands.
 *
 * @param comparison {@code control_group}
 * @param basePeriod {@code base_period}
 * @param anticipation {@code anticipation}, periods >= 0
 * @param method {@code est_method}; DRIMP is the custom-function call {@code est_method = DRDID::drdid_imp_panel}
 * @param allowUnbalancedPanel {@code allow_unbalanced_panel}
 * @param clustered {@code clustervars = <the cluster column>}: analytical standard errors from cluster sums
 */
public record Settings(Comparison comparison, BasePeriod basePeriod, int anticipation, Method method,
                       boolean allowUnbalancedPanel, boolean clustered) {
  public enum Comparison { NEVER_TREATED, NOT_YET_TREATED }

  public enum BasePeriod { VARYING, UNIVERSAL }

  public enum Method { DR, DRIMP, IPW, REG }

  public Settings {
    if (anticipation < 0) {
      throw new IllegalArgumentException("anticipation must be >= 0, was " + anticipation);
    }
  }
}
