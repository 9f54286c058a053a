package se.finsam.did;

import java.util.List;

/**
 * A single 2x2 DiD on data held in memory, as DRDID's panel functions (or, for repeated cross sections,
 * its _rc functions) compute it: the ATT, each observation's influence function value and the analytical
 * standard error sd(IF) sqrt(n-1)/n.
 */
public final class TwoByTwoDid {
  private TwoByTwoDid() {}

  /** The estimate; {@code influence} is in the order of the observations. */
  public record Estimate(double att, double[] influence, double se) {}

  public static Estimate estimate(EstimationMethod method, List<CellObservation> observations) {
    return estimate(method, observations, false);
  }

  /** With {@code repeatedCrossSections} the observations are rows with {@link CellObservation#post()}. */
  public static Estimate estimate(EstimationMethod method, List<CellObservation> observations,
                                  boolean repeatedCrossSections) {
    CellEstimation state = fit(method, observations, repeatedCrossSections);
    int n = observations.size();
    double[] influence = new double[n];
    double mean = 0;
    for (int i = 0; i < n; i++) {
      influence[i] = state.influence(observations.get(i));
      mean += influence[i] / n;
    }
    double ss = 0;
    for (double v : influence) {
      ss += (v - mean) * (v - mean);
    }
    return new Estimate(state.att(), influence, Math.sqrt(ss / (n - 1)) * Math.sqrt(n - 1) / n);
  }

  /** The finished estimator after its passes over {@code observations}. */
  static CellEstimation fit(EstimationMethod method, List<CellObservation> observations,
                            boolean repeatedCrossSections) {
    return fit(method, observations, repeatedCrossSections, FitLimits.MAX_ITERATIONS);
  }

  /** With another limit on the propensity score's Newton iterations than {@link FitLimits#MAX_ITERATIONS}. */
  static CellEstimation fit(EstimationMethod method, List<CellObservation> observations, boolean repeatedCrossSections,
                            int maxIterations) {
    long treated = observations.stream().filter(o -> o.treated() == 1).count();
    double weightSum = observations.stream().mapToDouble(CellObservation::weight).sum();
    CellCounts counts = new CellCounts(treated, observations.size() - treated, weightSum);
    CellEstimation state = method.start(counts, observations.get(0).covariates().length, repeatedCrossSections,
        maxIterations);
    while (!state.finished()) {
      state = state.next(Statistic.sumAll(state.requests(), observations));
    }
    return state;
  }
}
