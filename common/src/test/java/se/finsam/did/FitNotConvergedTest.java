package se.finsam.did;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A fit stopped by its iteration limit raises {@link FitNotConvergedException}, in the engine as in the
 * reference model ({@code model.PropensityScoreTest}); the limit is {@link FitLimits#MAX_ITERATIONS}.
 */
class FitNotConvergedTest {

  /** An ordinary logit (x1 shifts the odds, both outcomes at every x1) needs several Newton steps. */
  private static final double[][] X = {{1, 0}, {1, 0}, {1, 0}, {1, 1}, {1, 1}, {1, 1}, {1, 2}, {1, 2}, {1, 2}};
  private static final double[] D = {0, 0, 1, 0, 1, 1, 0, 1, 1};

  @Test
  void theLogitRaisesWhenItsLimitStopsIt() {
    double[] w = new double[D.length];
    Arrays.fill(w, 1.0);
    FitNotConvergedException e = assertThrows(FitNotConvergedException.class,
        () -> LogisticRegression.fit(X, D, w, 2));
    assertEquals("The logit did not converge in 2 iterations", e.getMessage());
    // The same data within the limit: the maximum solves sum (d - p) x = 0.
    double[] beta = LogisticRegression.fit(X, D, w);
    for (int j = 0; j < 2; j++) {
      double score = 0;
      for (int i = 0; i < D.length; i++) {
        score += (D[i] - LogisticRegression.probability(beta, X[i])) * X[i][j];
      }
      assertEquals(0, score, 1e-9, "score " + j);
    }
  }
}
