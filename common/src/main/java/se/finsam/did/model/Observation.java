package se.finsam.did.model;

/**
 * One row of a long panel, as R did reads {@code data}: unit, period, first treated period (0 = never),
 * cluster, sampling weight, the covariates of the formula (without the intercept; a factor already
 * expanded into its dummies) and the outcome.
 */
public record Observation(long id, int period, int group, long cluster, double weight, double[] covariates,
                          double outcome) {
  Observation withGroup(int newGroup) {
    return new Observation(id, period, newGroup, cluster, weight, covariates, outcome);
  }
}
