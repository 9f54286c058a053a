package se.finsam.did;

/** The 2x2 estimators, by R's names. */
public enum EstimationMethod {
  /** Traditional doubly robust (DRDID drdid_panel, Stata dripw). */
  DR("dr", true),
  /** Improved doubly robust (DRDID drdid_imp_panel). */
  DRIMP("drimp", false),
  /** Standardised inverse probability weighting (DRDID std_ipw_did_panel). */
  IPW("ipw", true),
  /** Outcome regression (DRDID reg_did_panel). */
  REG("reg", false);

  private final String rName;
  private final boolean overlapChecked;

  EstimationMethod(String rName, boolean overlapChecked) {
    this.rName = rName;
    this.overlapChecked = overlapChecked;
  }

  public static EstimationMethod parse(String name) {
    for (EstimationMethod m : values()) {
      if (m.rName.equalsIgnoreCase(name) || (m == IPW && name.equalsIgnoreCase("stdipw"))) {
        return m;
      }
    }
    throw new IllegalArgumentException("estimation method must be dr, drimp, ipw or reg: " + name);
  }

  /** R did refuses dr and ipw cells where a propensity score reaches 0.999. */
  public boolean overlapChecked() {
    return overlapChecked;
  }

  /** The panel 2x2 estimator. */
  public CellEstimation start(CellCounts counts, int covariates) {
    return start(counts, covariates, false);
  }

  /**
   * The 2x2 estimator for a panel or, with {@code repeatedCrossSections}, for the rows of an unbalanced
   * panel (R did 2.5 compute.att_gt2 run_DRDID: drdid_rc, std_ipw_did_rc, reg_did_rc; drimp: DRDID's
   * drdid_imp_rc, as a custom est_method would run it).
   */
  public CellEstimation start(CellCounts counts, int covariates, boolean repeatedCrossSections) {
    if (repeatedCrossSections) {
      return switch (this) {
        case DR -> PropensityWeightedDidRc.start(true, counts, covariates);
        case IPW -> PropensityWeightedDidRc.start(false, counts, covariates);
        case DRIMP -> ImprovedDoublyRobustDidRc.start(counts, covariates);
        case REG -> RegressionDidRc.start(counts, covariates);
      };
    }
    return switch (this) {
      case DR -> PropensityWeightedDid.start(true, counts, covariates);
      case IPW -> PropensityWeightedDid.start(false, counts, covariates);
      case DRIMP -> ImprovedDoublyRobustDid.start(counts, covariates);
      case REG -> RegressionDid.start(counts, covariates);
    };
  }
}
