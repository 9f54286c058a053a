package se.finsam.did;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.finsam.did.model.PropensityScore;

/**
 * With an intercept only, the calibrated score's balance condition sum_{d=0} w exp(gamma) = sum_{d=1} w has
 * the closed form gamma = log(sum_{d=1} w / sum_{d=0} w): the engine's fit in passes and the reference
 * model's must both reach it to rounding. drimp's ATT does not depend on gamma then, but its influence
 * function does (through p / (1 - p)), so a fit stopped short shows only in the standard errors.
 */
class CalibratedPropensityTest {

  /**
   * 384 units with 25 treated: the model's line search used to halve steps whose loss change was below the
   * sum's rounding and took the halved step for convergence, 1.2e-7 off (974 of 4 244 such designs were
   * off by more than 1e-12).
   */
  @ParameterizedTest(name = "{0} units, {1} treated, weights {2}")
  @CsvSource({"384, 25, 1.0", "262, 79, 1.0", "41, 9, 0.37", "500, 480, 2.5"})
  void engineAndModelReachTheClosedForm(int n, int treated, double comparisonWeight) {
    double[] d = new double[n];
    double[][] x = new double[n][];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = i < treated ? 1 : 0;
      x[i] = new double[] {1};
      w[i] = i < treated ? 1 : comparisonWeight;
    }
    double closedForm = Math.log(treated / ((n - treated) * comparisonWeight));

    assertEquals(closedForm, PropensityScore.calibrated(d, x, w).coefficients()[0], 1e-14, "model");
    assertEquals(closedForm, enginePasses(d, x, w)[0], 1e-14, "engine");
  }

  /** The engine's fit, one pass per trial point, over the units in memory. */
  private static double[] enginePasses(double[] d, double[][] x, double[] w) {
    CalibratedPropensity state = CalibratedPropensity.start(new CellCounts((long) Arrays.stream(d).sum(),
        d.length - (long) Arrays.stream(d).sum(), d.length), 1, FitLimits.MAX_ITERATIONS);
    while (!state.fitted()) {
      double[] sums = new double[CalibratedPropensity.sumDimension(1)];
      for (int i = 0; i < d.length; i++) {
        CalibratedPropensity.accumulate(state.gamma(), d[i], x[i], w[i], sums, 0);
      }
      state = state.next(sums);
    }
    return state.gamma();
  }
}
