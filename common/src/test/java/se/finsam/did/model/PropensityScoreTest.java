package se.finsam.did.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import se.finsam.did.FitNotConvergedException;

/** The model's logit raises the engine's exception when its iteration limit stops it. */
class PropensityScoreTest {
  private static final double[][] X = {{1, 0}, {1, 0}, {1, 0}, {1, 1}, {1, 1}, {1, 1}, {1, 2}, {1, 2}, {1, 2}};
  private static final double[] D = {0, 0, 1, 0, 1, 1, 0, 1, 1};

  @Test
  void theLogitRaisesWhenItsLimitStopsIt() {
    double[] w = new double[D.length];
    Arrays.fill(w, 1.0);
    FitNotConvergedException e = assertThrows(FitNotConvergedException.class,
        () -> PropensityScore.logit(D, X, w, 2));
    assertEquals("The propensity score logit did not converge in 2 iterations", e.getMessage());
    PropensityScore fitted = PropensityScore.logit(D, X, w);
    for (int j = 0; j < 2; j++) {
      double score = 0;
      for (int i = 0; i < D.length; i++) {
        score += (D[i] - fitted.fitted()[i]) * X[i][j];
      }
      assertEquals(0, score, 1e-9, "score " + j);
    }
  }
}
