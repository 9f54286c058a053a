package se.finsam.did;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One panel unit in wide form: everything the estimator needs about it, so that each pass over the
 * data is one map over units (on one machine or partitioned over a cluster).
 *
 * <p>Covariates and weights may change over time: R did reads them, for each 2x2, in the earlier of
 * the two periods (balanced panel) or in each observation's own period (unbalanced panel). Covariate
 * vectors are stored once per distinct value with a per-period index, so a unit whose covariates never
 * change costs one vector, not one per period.
 *
 * @param clusterKey stable 64-bit key of the unit's bootstrap/variance cluster (the unit id by default)
 * @param group first treated period, 0 when never treated
 * @param weight the unit's weight in the aggregations (R: its weight in the first period of a balanced
 *     panel, the mean of its weights over its observations in an unbalanced one)
 * @param periodWeights sampling weight by period index, or null when it does not change over time
 * @param covariateLevels the distinct covariate vectors of the unit, each with the intercept first
 * @param covariateLevelByPeriod index into {@code covariateLevels} by period, or null when there is one level
 * @param outcomes outcome by period index (NaN when not observed)
 */
public record UnitRecord(long clusterKey, int group, double weight, double[] periodWeights,
                         double[][] covariateLevels, int[] covariateLevelByPeriod, double[] outcomes)
    implements Serializable {

  /** A unit whose covariates and weight do not change over time. */
  public UnitRecord(long clusterKey, int group, double weight, double[] covariates, double[] outcomes) {
    this(clusterKey, group, weight, null, new double[][] {covariates}, null, outcomes);
  }

  /** The covariates (intercept first) in period index {@code period}. */
  public double[] covariatesAt(int period) {
    return covariateLevels[covariateLevelByPeriod == null ? 0 : covariateLevelByPeriod[period]];
  }

  /** The sampling weight in period index {@code period}. */
  public double weightAt(int period) {
    return periodWeights == null ? weight : periodWeights[period];
  }

  public int covariateCount() {
    return covariateLevels[0].length;
  }

  /** True when covariates or weights differ between periods (then cells over the same units differ). */
  public boolean timeVarying() {
    return periodWeights != null || covariateLevelByPeriod != null;
  }

  public UnitRecord withGroup(int newGroup) {
    return new UnitRecord(clusterKey, newGroup, weight, periodWeights, covariateLevels, covariateLevelByPeriod,
        outcomes);
  }

  public UnitRecord withClusterKey(long newKey) {
    return new UnitRecord(newKey, group, weight, periodWeights, covariateLevels, covariateLevelByPeriod, outcomes);
  }

  public UnitRecord withWeight(double newWeight) {
    return new UnitRecord(clusterKey, group, newWeight, periodWeights, covariateLevels, covariateLevelByPeriod,
        outcomes);
  }

  public UnitRecord withFirstPeriods(int periods) {
    return new UnitRecord(clusterKey, group, weight,
        periodWeights == null ? null : Arrays.copyOf(periodWeights, periods), covariateLevels,
        covariateLevelByPeriod == null ? null : Arrays.copyOf(covariateLevelByPeriod, periods),
        Arrays.copyOf(outcomes, periods));
  }

  public boolean observed(int period) {
    return !Double.isNaN(outcomes[period]);
  }

  public boolean balanced() {
    for (double y : outcomes) {
      if (Double.isNaN(y)) {
        return false;
      }
    }
    return true;
  }

  /** The first period index in which the unit is observed, -1 if none. */
  public int firstObserved() {
    for (int p = 0; p < outcomes.length; p++) {
      if (observed(p)) {
        return p;
      }
    }
    return -1;
  }

  /** R's aggregation weight in an unbalanced panel: the mean of the weights of the unit's observations. */
  public double meanObservedWeight() {
    double sum = 0;
    int count = 0;
    for (int p = 0; p < outcomes.length; p++) {
      if (observed(p)) {
        sum += weightAt(p);
        count++;
      }
    }
    return sum / count;
  }
}
