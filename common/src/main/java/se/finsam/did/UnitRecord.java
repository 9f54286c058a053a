package se.finsam.did;

import java.io.Serializable;

/**
 * One panel unit in wide form: everything the estimator needs about it, so that each pass over the
 * data is one map over units (on one machine or partitioned over a cluster).
 *
 * @param clusterKey stable 64-bit key of the unit's bootstrap/variance cluster (the unit id by default)
 * @param group first treated period, 0 when never treated
 * @param weight sampling weight
 * @param covariates time-invariant regressors, intercept first
 * @param outcomes outcome by period index (NaN when not observed)
 */
public record UnitRecord(long clusterKey, int group, double weight, double[] covariates, double[] outcomes)
    implements Serializable {

  public UnitRecord withGroup(int newGroup) {
    return new UnitRecord(clusterKey, newGroup, weight, covariates, outcomes);
  }

  public UnitRecord withFirstPeriods(int periods) {
    return new UnitRecord(clusterKey, group, weight, covariates, java.util.Arrays.copyOf(outcomes, periods));
  }

  public boolean balanced() {
    for (double y : outcomes) {
      if (Double.isNaN(y)) {
        return false;
      }
    }
    return true;
  }
}
