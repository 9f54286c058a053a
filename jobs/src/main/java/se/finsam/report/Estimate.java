package se.finsam.report;

import se.finsam.did.Distributions;
import se.finsam.disclosure.Statistic;

/**
 * One row of {@code results/aggte} for the report, with the treated and comparison persons behind it
 * (from {@code results/att_gt}; null when the run has no ATT(g,t) rows for it).
 */
public record Estimate(String outcome, String model, String type, Integer egt, double att, double se,
                       double ciLower, double ciUpper, long nObs, long nPersons, Long treatedPersons,
                       Double preMean, Double relativeEffect, Long comparisonPersons) {

  /** The treated persons behind the estimate, at most the sample's persons. */
  public long persons() {
    return treatedPersons == null ? nPersons : Math.min(nPersons, treatedPersons);
  }

  /** The comparison persons behind the estimate, at most the sample's persons (all of them without att_gt rows, as for the treated). */
  public long comparison() {
    return comparisonPersons == null ? nPersons : Math.min(nPersons, comparisonPersons);
  }

  /** The estimate as the output checker sees it, under its run-wide key (the same in tables and figures). */
  public Statistic statistic() {
    return Statistic.estimate(att(), persons(), comparison());
  }

  public String key() {
    return "estimate/" + outcome + "/" + model + "/" + type + "/" + (egt == null ? "overall" : egt);
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
