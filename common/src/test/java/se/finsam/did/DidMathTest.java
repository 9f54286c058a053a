package se.finsam.did;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Solvers, distributions and the 2x2 estimators on small data with known answers. */
class DidMathTest {
  @Test
  void weightedLeastSquaresRecoversAnExactLine() {
    double[][] x = {{1, 0}, {1, 1}, {1, 2}, {1, 3}};
    double[] y = {1, 3, 5, 7};
    assertArrayEquals(new double[] {1, 2}, NormalEquations.fit(x, y, new double[] {1, 2, 3, 4}), 1e-12);
  }

  @Test
  void weightedLeastSquaresRefusesASingularDesign() {
    double[][] x = {{1, 2}, {1, 2}, {1, 2}};
    assertThrows(SingularDesignException.class, () -> NormalEquations.fit(x, new double[] {1, 2, 3}, new double[] {1, 1, 1}));
  }

  @Test
  void logitWithABinaryRegressorHasTheClosedFormSolution() {
    // Cell shares (weighted): x=0 -> 2/5 treated, x=1 -> 3/4 treated.
    double[][] x = {{1, 0}, {1, 0}, {1, 0}, {1, 1}, {1, 1}};
    double[] d = {1, 0, 0, 1, 0};
    double[] w = {2, 1, 2, 3, 1};
    double[] beta = LogisticRegression.fit(x, d, w);
    assertEquals(Math.log(0.4 / 0.6), beta[0], 1e-10);
    assertEquals(Math.log(0.75 / 0.25) - Math.log(0.4 / 0.6), beta[1], 1e-10);
  }

  @Test
  void interceptOnlyLogitIsTheLogitOfTheWeightedShareAsNewtonFindsIt() {
    double[] d = {1, 0, 0, 1, 0, 0, 1};
    double[] w = {2, 1, 2, 3, 1, 0.5, 1};
    double share = 6.0 / 10.5;
    double[] beta = LogisticRegression.fit(new double[][] {{1}, {1}, {1}, {1}, {1}, {1}, {1}}, d, w);
    assertEquals(Math.log(share / (1 - share)), beta[0], 1e-15);
    // A constant regressor other than 1 takes the Newton iterations to the same probability.
    double[] newton = LogisticRegression.fit(new double[][] {{2}, {2}, {2}, {2}, {2}, {2}, {2}}, d, w);
    assertEquals(beta[0], 2 * newton[0], 1e-12);
  }

  @Test
  void distributionsMatchR() {
    assertEquals(1.959963984540054, Distributions.normalQuantile(0.975), 1e-14);
    assertEquals(0.6744897501960817, Distributions.normalQuantile(0.75), 1e-14);
    assertEquals(-3.090232306167813, Distributions.normalQuantile(0.001), 1e-13);
    assertEquals(0.9750021048517795, Distributions.normalCdf(1.96), 1e-15);
    assertEquals(0.001349898031630095, Distributions.normalCdf(-3), 1e-17);
    assertEquals(0.05, Distributions.chiSquareUpperTail(11.07049769351635, 5), 1e-13); // qchisq(.95, 5)
    assertEquals(0.6826894921370859, Distributions.chiSquareCdf(1, 1), 1e-14);
    assertEquals(1 - Math.exp(-1), Distributions.chiSquareCdf(2, 2), 1e-15);
  }

  /** A small panel: deltaY depends on x and treatment raises it by 1; treatment probability depends on x. */
  private static List<CellObservation> simulated(Random random, int n, boolean covariates) {
    List<CellObservation> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double x = random.nextGaussian();
      double d = random.nextDouble() < 1 / (1 + Math.exp(-0.5 * x)) ? 1 : 0;
      double dy = 0.5 + 0.8 * x + d + random.nextGaussian();
      double[] cov = covariates ? new double[] {1, x} : new double[] {1};
      out.add(new CellObservation(dy, d, cov, 0.5 + random.nextDouble()));
    }
    return out;
  }

  @Test
  void withoutCovariatesAllEstimatorsAreTheWeightedDifferenceInMeans() {
    List<CellObservation> data = simulated(new Random(1), 400, false);
    double[] sums = new double[4];
    for (CellObservation o : data) {
      int at = o.treated() == 1 ? 0 : 2;
      sums[at] += o.weight() * o.deltaY();
      sums[at + 1] += o.weight();
    }
    double did = sums[0] / sums[1] - sums[2] / sums[3];
    TwoByTwoDid.Estimate reference = TwoByTwoDid.estimate(EstimationMethod.REG, data);
    for (EstimationMethod method : EstimationMethod.values()) {
      TwoByTwoDid.Estimate e = TwoByTwoDid.estimate(method, data);
      assertEquals(did, e.att(), 1e-12, method.name());
      assertArrayEquals(reference.influence(), e.influence(), 1e-10, method.name());
    }
  }

  @Test
  void withCovariatesTheEstimatorsAgreeAndRecoverTheEffect() {
    List<CellObservation> data = simulated(new Random(2), 4000, true);
    double dr = TwoByTwoDid.estimate(EstimationMethod.DR, data).att();
    for (EstimationMethod method : EstimationMethod.values()) {
      TwoByTwoDid.Estimate e = TwoByTwoDid.estimate(method, data);
      assertEquals(1.0, e.att(), 4 * e.se(), method.name());
      assertEquals(dr, e.att(), 0.05, method.name());
    }
    // Both models correct: the two doubly robust estimators are close to each other.
    assertEquals(dr, TwoByTwoDid.estimate(EstimationMethod.DRIMP, data).att(), 0.01);
  }
}
