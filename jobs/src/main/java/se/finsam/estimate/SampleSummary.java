package se.finsam.estimate;

import java.util.List;

/**
 * What a result row reports about its estimation sample: the persons of the model's subgroup
 * ({@code members}), those dropped by each rule of the sample
 * ({@code drops}: no cluster, no valid weight, each covariate missing, treated in the first month; every
 * rule that applies, also with no one dropped), the persons and observed person-months the estimator can use (all months observed
 * for a balanced panel, at least one otherwise), and their mean of the outcome in the pre-period, the
 * reference for relative effects. Computed on the executors by {@link ModelPanel.Model#summary}.
 */
public record SampleSummary(long members, long personMonths, long persons, double preMean, List<Drop> drops) {
  public SampleSummary {
    drops = List.copyOf(drops);
  }

  /** A sample without rules that drop persons (seed 001's municipalities). */
  public SampleSummary(long members, long personMonths, long persons, double preMean) {
    this(members, personMonths, persons, preMean, List.of());
  }

  /** Persons dropped by one rule, the rule in the report's words ({@link DropRules}). */
  public record Drop(String rule, long persons) {}

  /** Persons dropped by the rules of {@code drops}. */
  public long dropped() {
    return drops.stream().mapToLong(Drop::persons).sum();
  }
}
