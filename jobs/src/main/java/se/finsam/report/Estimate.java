package se.finsam.report;

import se.finsam.did.Distributions;

/**
 * One row of {@code results/aggte} for the report, with the treated persons behind it (summed from
 * {@code results/att_gt}; null when the run has no ATT(g,t) rows for it).
 */
public record Estimate(String outcome, String model, String type, Integer egt, double att, double se,
                       double ciLower, double ciUpper, long nObs, long nPersons, Long treatedPersons,
                       Double preMean, Double relativeEffect) {

  /** Persons the disclosure rule counts: the treated persons behind the estimate, at most the sample's persons. */
  public long persons() {
    return treatedPersons == null ? nPersons : Math.min(nPersons, treatedPersons);
  }

  /** Two-sided p-value of att / se under the normal distribution (the rule of the stars). */
  public double pValue() {
    return se > 0 ? Distributions.twoSidedNormalP(att / se) : Double.NaN;
  }

  /** * p&lt;0.05, ** p&lt;0.01, *** p&lt;0.001 (seed 002), from {@link #pValue()}. */
  public String stars() {
    double p = pValue();
    if (Double.isNaN(p)) {
      return "";
    }
    return p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : "";
  }
}
