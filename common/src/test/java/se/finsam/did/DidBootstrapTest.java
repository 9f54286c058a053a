package se.finsam.did;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Multiplier bootstrap: reproducible, order-free, close to the analytical SE; coverage of the intervals. */
class DidBootstrapTest {
  private static AttGtFit mpdta(List<UnitRecord> units) {
    return AttGtEstimator.fit(new LocalUnits(units), Mpdta.PERIODS, DidSettings.defaults());
  }

  @Test
  void drawsDependOnlyOnTheSeedNotOnRowOrder() {
    List<UnitRecord> units = Mpdta.units();
    BootstrapDraws first = MultiplierBootstrap.draw(mpdta(units), 200, 42);
    List<UnitRecord> shuffled = new ArrayList<>(units);
    Collections.shuffle(shuffled, new Random(7));
    BootstrapDraws again = MultiplierBootstrap.draw(mpdta(shuffled), 200, 42);
    assertArrayEquals(first.draws(), again.draws(), 1e-9);
    BootstrapDraws other = MultiplierBootstrap.draw(mpdta(units), 200, 43);
    assertTrue(Math.abs(first.draws()[0] - other.draws()[0]) > 0 || Math.abs(first.draws()[1] - other.draws()[1]) > 0);
  }

  @Test
  void bootstrapStandardErrorsAreCloseToAnalyticalOnesAndBandsAreWider() {
    AttGtFit fit = mpdta(Mpdta.units());
    AttGtResult result = fit.result();
    BootstrapDraws draws = MultiplierBootstrap.draw(fit, 2000, 1);
    Inference analytical = Inference.analytical(result.moments(), 0.05);
    Inference bootstrap = new Inference(result.moments(), draws, 0.05, true);
    List<double[]> cells = new ArrayList<>();
    for (int k = 0; k < result.effects().size(); k++) {
      double a = analytical.standardError(result.cellInfluence(k));
      double b = bootstrap.standardError(result.cellInfluence(k));
      assertEquals(a, b, 0.1 * a, "cell " + k);
      cells.add(result.cellInfluence(k));
    }
    double uniform = bootstrap.criticalValue(cells);
    assertTrue(uniform > 1.96 && uniform < 4, "uniform critical value " + uniform);
  }

  @Test
  void coarserClustersChangeTheVarianceNotTheEstimates() {
    List<UnitRecord> units = Mpdta.units();
    AttGtResult byUnit = mpdta(units).result();
    List<UnitRecord> paired = units.stream()
        .map(u -> u.withClusterKey(u.clusterKey() % 50)).toList();
    AttGtResult byPair = mpdta(paired).result();
    assertEquals(500, byUnit.moments().clusters());
    assertEquals(units.stream().map(u -> u.clusterKey() % 50).distinct().count(), byPair.moments().clusters());
    assertEquals(byUnit.effects().get(3).att(), byPair.effects().get(3).att(), 1e-15);
    double unitSe = Inference.analytical(byUnit.moments(), 0.05).standardError(byUnit.cellInfluence(3));
    double pairSe = Inference.analytical(byPair.moments(), 0.05).standardError(byPair.cellInfluence(3));
    assertTrue(Math.abs(unitSe - pairSe) > 1e-6);
  }

  /** Simulated staggered panel: 3 periods after 2 pre-periods, effect 1 on the treated. */
  private static List<UnitRecord> simulatedPanel(Random random, int n) {
    List<UnitRecord> units = new ArrayList<>();
    int[] groups = {0, 3, 4};
    for (int i = 0; i < n; i++) {
      int g = groups[random.nextInt(3)];
      double unitEffect = random.nextGaussian();
      double[] y = new double[5];
      for (int t = 0; t < 5; t++) {
        y[t] = unitEffect + 0.3 * t + (g > 0 && t + 1 >= g ? 1.0 : 0.0) + random.nextGaussian();
      }
      units.add(new UnitRecord(i, g, 1.0, new double[] {1.0}, y));
    }
    return units;
  }

  @Test
  void analyticalIntervalsCoverTheTrueEffect() {
    Random random = new Random(2024);
    int covered = 0;
    int replications = 200;
    for (int r = 0; r < replications; r++) {
      AttGtResult result = AttGtEstimator.estimate(new LocalUnits(simulatedPanel(random, 300)),
          new int[] {1, 2, 3, 4, 5}, DidSettings.defaults());
      AggregatedEffects simple = new Aggregator(result, Inference.analytical(result.moments(), 0.05))
          .aggregate(AggregationType.SIMPLE, Aggregator.Window.all());
      if (Math.abs(simple.overall().att() - 1.0) <= 1.959963984540054 * simple.overall().se()) {
        covered++;
      }
    }
    double coverage = (double) covered / replications;
    assertTrue(coverage >= 0.9 && coverage <= 0.99, "coverage " + coverage);
  }
}
