package se.finsam.did;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The 2x2 estimators, by finsam's names. R did's names where R has one ("dr", "ipw", "reg"); Stata csdid's
 * {@code ipw} is not R's "ipw" but Abadie's unnormalised estimator, here "ipw-abadie" (the did README has the
 * table of names).
 */
public enum EstimationMethod {
  /** Traditional doubly robust (DRDID drdid_panel / drdid_rc; R did "dr"; Stata csdid dripw). */
  DR("dr", true),
  /** Improved doubly robust (DRDID drdid_imp_panel / drdid_imp_rc; Stata csdid drimp). */
  DRIMP("drimp", false),
  /** Standardised (Hajek) IPW (DRDID std_ipw_did_panel / std_ipw_did_rc; R did "ipw"; Stata csdid stdipw). */
  IPW("ipw", true),
  /**
   * Abadie's (2005) IPW with weights not normalised (Horvitz-Thompson; DRDID ipw_did_panel / ipw_did_rc; Stata
   * csdid ipw). R did has no name for it; its overlap guard for propensity score methods applies as for ipw.
   */
  IPW_ABADIE("ipw-abadie", true),
  /** Outcome regression (DRDID reg_did_panel / reg_did_rc; R did "reg"; Stata csdid reg). */
  REG("reg", false);

  private final String optionName;
  private final boolean overlapChecked;

  EstimationMethod(String optionName, boolean overlapChecked) {
    this.optionName = optionName;
    this.overlapChecked = overlapChecked;
  }

  /** A method by its name, or Stata's unambiguous {@code stdipw} for ipw; anything else is refused. */
  public static EstimationMethod parse(String name) {
    for (EstimationMethod m : values()) {
      if (m.optionName.equalsIgnoreCase(name) || (m == IPW && name.equalsIgnoreCase("stdipw"))) {
        return m;
      }
    }
    throw new IllegalArgumentException("estimation method must be one of " + names() + ": " + name);
  }

  /** The accepted names, for option help and errors: "dr | drimp | ipw | ipw-abadie | reg". */
  public static String names() {
    return Arrays.stream(values()).map(m -> m.optionName).collect(Collectors.joining(" | "));
  }

  /** The name {@link #parse} accepts and results report. */
  public String optionName() {
    return optionName;
  }

  /** R did refuses dr and ipw cells where a propensity score reaches 0.999; finsam also ipw-abadie cells. */
  public boolean overlapChecked() {
    return overlapChecked;
  }

  /** The panel 2x2 estimator. */
  public CellEstimation start(CellCounts counts, int covariates) {
    return start(counts, covariates, false);
  }

  /**
   * The 2x2 estimator for a panel or, with {@code repeatedCrossSections}, for the rows of an unbalanced
   * panel (R did 2.5 compute.att_gt2 run_DRDID: drdid_rc, std_ipw_did_rc, reg_did_rc; drimp and ipw-abadie:
   * DRDID's drdid_imp_rc and ipw_did_rc, as a custom est_method would run them).
   */
  public CellEstimation start(CellCounts counts, int covariates, boolean repeatedCrossSections) {
    return start(counts, covariates, repeatedCrossSections, FitLimits.MAX_ITERATIONS);
  }

  /** With another limit on the propensity score's Newton iterations than {@link FitLimits#MAX_ITERATIONS}. */
  CellEstimation start(CellCounts counts, int covariates, boolean repeatedCrossSections, int maxIterations) {
    if (repeatedCrossSections) {
      return switch (this) {
        case DR -> PropensityWeightedDidRc.start(PropensityWeighting.DOUBLY_ROBUST, counts, covariates, maxIterations);
        case IPW -> PropensityWeightedDidRc.start(PropensityWeighting.STANDARDISED, counts, covariates, maxIterations);
        case IPW_ABADIE -> PropensityWeightedDidRc.start(PropensityWeighting.UNNORMALISED, counts, covariates,
            maxIterations);
        case DRIMP -> ImprovedDoublyRobustDidRc.start(counts, covariates, maxIterations);
        case REG -> RegressionDidRc.start(counts, covariates);
      };
    }
    return switch (this) {
      case DR -> PropensityWeightedDid.start(PropensityWeighting.DOUBLY_ROBUST, counts, covariates, maxIterations);
      case IPW -> PropensityWeightedDid.start(PropensityWeighting.STANDARDISED, counts, covariates, maxIterations);
      case IPW_ABADIE -> PropensityWeightedDid.start(PropensityWeighting.UNNORMALISED, counts, covariates, maxIterations);
      case DRIMP -> ImprovedDoublyRobustDid.start(counts, covariates, maxIterations);
      case REG -> RegressionDid.start(counts, covariates);
    };
  }
}
