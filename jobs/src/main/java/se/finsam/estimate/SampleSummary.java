package se.finsam.estimate;

/**
 * What a result row reports about its estimation sample: the model's persons for the outcome
 * ({@code members}), the persons and observed person-months the estimator can use (all months observed
 * for a balanced panel, at least one otherwise), and their mean of the outcome in the pre-period, the
 * reference for relative effects. Computed on the executors by {@link ModelPanel.Model#summary}.
 */
public record SampleSummary(long members, long personMonths, long persons, double preMean) {}
