package se.finsam.did;

/**
 * Which of DRDID's propensity weighted estimators {@link PropensityWeightedDid} (panel) and
 * {@link PropensityWeightedDidRc} (repeated cross sections) compute. All three fit the same logit, cap the
 * score at 1 - 1e-6 and give comparisons with a score of 0.995 or more no weight; they differ in the
 * outcome regression and in what the weighted sums are divided by.
 */
enum PropensityWeighting {
  /** drdid_panel / drdid_rc: odds weights normalised to one, plus the comparison outcome regression(s). */
  DOUBLY_ROBUST(true, true),
  /** std_ipw_did_panel / std_ipw_did_rc: each part's weighted mean, its weights normalised to one (Hajek). */
  STANDARDISED(false, true),
  /**
   * ipw_did_panel / ipw_did_rc, Abadie (2005): every part's weighted sum divided by the estimated share of
   * treated units (times, for repeated cross sections, the share of rows in the part's period), so the odds
   * weights do not sum to one (Horvitz-Thompson).
   */
  UNNORMALISED(false, false);

  private final boolean outcomeRegression;
  private final boolean normalised;

  PropensityWeighting(boolean outcomeRegression, boolean normalised) {
    this.outcomeRegression = outcomeRegression;
    this.normalised = normalised;
  }

  boolean outcomeRegression() {
    return outcomeRegression;
  }

  boolean normalised() {
    return normalised;
  }
}
