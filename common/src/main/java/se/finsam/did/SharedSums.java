package se.finsam.did;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sums of statistics that never read the outcome (a propensity score's Newton steps, a regression's X'WX),
 * kept for the next estimate over the same units. Several outcomes of one sample often differ only in their
 * values: then every cell's logit iterates, and so every such sum, are the same, and only the first of
 * them needs its passes (seed 002's model with 28 covariates spends most of its time there).
 *
 * <p>The caller vouches that every estimate handed one instance runs over the same units in the same order,
 * with the same groups, covariates, weights and clusters, the same periods and the same observed periods
 * of each unit, in short everything but the observed outcome values, and with the same settings. A unit
 * set and a statistic then determine the sums. Thread safe, so outcomes estimated side by side can share
 * one; two estimates that ask at once both compute, and either answer is the same.
 */
public final class SharedSums {
  private final ConcurrentHashMap<Object, double[]> sums = new ConcurrentHashMap<>();
  private final LongAdder reused = new LongAdder();

  /** The sums kept for {@code key} (a unit set and a statistic), not to be changed; null if not known. */
  double[] get(Object key) {
    double[] known = sums.get(key);
    if (known != null) {
      reused.increment();
    }
    return known;
  }

  /** Keeps {@code value} itself: the caller hands it over and does not change it afterwards. */
  void put(Object key, double[] value) {
    sums.putIfAbsent(key, value);
  }

  /** Distinct sums kept. */
  public int size() {
    return sums.size();
  }

  /** Requests answered from what was kept rather than by a pass. */
  public long reused() {
    return reused.sum();
  }
}
