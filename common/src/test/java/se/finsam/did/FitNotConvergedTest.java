package se.finsam.did;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import se.finsam.did.model.PropensityScore;

/**
 * A fit stopped by its iteration limit raises {@link FitNotConvergedException}, in the engine as in the
 * reference model; within the limit ({@link FitLimits#MAX_ITERATIONS}) the same data converge.
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
}
