package se.finsam.did;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.finsam.did.model.PropensityScore;

/**
 * A fit stopped by its iteration limit raises {@link FitNotConvergedException}, in the engine as in the
 * reference model, on one machine as in passes (the 2x2 estimators' logit and calibrated score, panel and
 * repeated cross sections); within the limit ({@link FitLimits#MAX_ITERATIONS}) the same data converge. A
 * calibrated score whose line search stalls has not converged either.
 */
class FitNotConvergedTest {
  /** An ordinary logit (x1 shifts the odds, both outcomes at every x1) needs several Newton steps. */
  private static final double[][] X = {{1, 0}, {1, 0}, {1, 0}, {1, 1}, {1, 1}, {1, 1}, {1, 2}, {1, 2}, {1, 2}};
  private static final double[] D = {0, 0, 1, 0, 1, 1, 0, 1, 1};

  @Test
  void engineAndModelRaiseTheSameExceptionWhenTheLimitStopsTheirLogit() {
    double[] w = new double[D.length];
    Arrays.fill(w, 1.0);
    FitNotConvergedException engine = assertThrows(FitNotConvergedException.class,
        () -> LogisticRegression.fit(X, D, w, 2));
    assertEquals("The logit did not converge in 2 iterations", engine.getMessage());
    FitNotConvergedException model = assertThrows(FitNotConvergedException.class,
        () -> PropensityScore.logit(D, X, w, 2));
    assertEquals("The propensity score logit did not converge in 2 iterations", model.getMessage());
    // Within the limit both reach the maximum, where sum (d - p) x = 0.
    double[] beta = LogisticRegression.fit(X, D, w);
    double[] gamma = PropensityScore.logit(D, X, w).coefficients();
    for (int j = 0; j < 2; j++) {
      double engineScore = 0;
      double modelScore = 0;
      for (int i = 0; i < D.length; i++) {
        engineScore += (D[i] - LogisticRegression.probability(beta, X[i])) * X[i][j];
        modelScore += (D[i] - LogisticRegression.probability(gamma, X[i])) * X[i][j];
      }
      assertEquals(0, engineScore, 1e-9, "engine score " + j);
      assertEquals(0, modelScore, 1e-9, "model score " + j);
    }
  }

  /** The same units as 2x2 observations: a panel, or each unit as two rows (base and current period). */
  private static List<CellObservation> observations(boolean repeatedCrossSections) {
    List<CellObservation> out = new ArrayList<>();
    for (int i = 0; i < D.length; i++) {
      double change = 0.3 * i - 0.1 * X[i][1] + D[i];
      if (repeatedCrossSections) {
        out.add(new CellObservation(0.2 * i, D[i], X[i], 1.0, 0));
        out.add(new CellObservation(0.2 * i + change, D[i], X[i], 1.0, 1));
      } else {
        out.add(new CellObservation(change, D[i], X[i], 1.0));
      }
    }
    return out;
  }

  @Test
  void passBasedFitsRaiseItAtTheirLimitAndConvergeWithin() {
    String logit = assertThrows(FitNotConvergedException.class, () -> PropensityScore.logit(D, X, new double[] {
        1, 1, 1, 1, 1, 1, 1, 1, 1}, 2)).getMessage();
    for (boolean rc : new boolean[] {false, true}) {
      List<CellObservation> obs = observations(rc);
      for (EstimationMethod method : List.of(EstimationMethod.DR, EstimationMethod.IPW, EstimationMethod.IPW_ABADIE,
          EstimationMethod.DRIMP)) {
        String what = method + (rc ? " rc" : " panel");
        FitNotConvergedException e = assertThrows(FitNotConvergedException.class,
            () -> TwoByTwoDid.fit(method, obs, rc, 2), what);
        assertEquals(method == EstimationMethod.DRIMP ? "The calibrated propensity score did not converge in 2 iterations"
            : logit, e.getMessage(), what);
        assertTrue(Double.isFinite(TwoByTwoDid.fit(method, obs, rc).att()), what + " within the limit");
      }
    }
  }

  /**
   * Pass answers whose loss rises along the Newton direction at every step length (no convex loss gives them;
   * overflow or cancellation in the sums can): the step is halved down to {@link FitLimits#MIN_STEP_FRACTION}
   * and the fit then fails instead of taking the last accepted point as the minimum.
   */
  @Test
  void aStalledCalibrationLineSearchIsNotConvergence() {
    double[] start = {1.0, 0.5, 0.5, 1, 0, 0, 1};
    double[] higher = {2.0, 0.5, 0.5, 1, 0, 0, 1};
    CalibratedPropensity first = CalibratedPropensity.start(new CellCounts(4, 5, 9), 2, FitLimits.MAX_ITERATIONS)
        .next(start);
    FitNotConvergedException e = assertThrows(FitNotConvergedException.class, () -> {
      CalibratedPropensity state = first;
      for (int trial = 0; trial < 200 && !state.fitted(); trial++) {
        state = state.next(higher);
      }
    });
    assertEquals("The calibrated propensity score (its line search stalled) did not converge in 1 iterations",
        e.getMessage());
  }
}
