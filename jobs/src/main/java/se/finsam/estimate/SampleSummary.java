package se.finsam.estimate;

/**
 * What a result row reports about its estimation sample: the person-months and persons the balanced
 * estimator uses (persons observed with the outcome in every month of the window), and their mean of
 * the outcome in the pre-period, the reference for relative effects. Computed on
 * the executors by {@link ModelPanel#summary}.
 */
public record SampleSummary(long personMonths, long persons, double preMean) {}
