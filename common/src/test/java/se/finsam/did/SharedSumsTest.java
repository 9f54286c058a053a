package se.finsam.did;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two outcomes over the same units with the same observed periods: the second outcome's estimate,
 * answered partly from the first's outcome-free sums, equals its own estimate bit for bit (every ATT(g,t),
 * cell count, reason and influence moment), on the property tests' random designs with covariates (all
 * methods, both comparison groups, pair balanced and repeated cross sections, weights, clusters,
 * time-varying covariates). Independent of the first outcome's values, so a sum that read the outcome
 * would show.
 */
class SharedSumsTest {
  @Test
  void aSecondOutcomeOverTheSameUnitsEstimatesAsItsOwn() {
    List<RandomDesign> designs = RandomDesign.all().filter(RandomDesign::hasCovariates).toList();
    assertTrue(designs.size() >= 20, designs.size() + " designs");
    long reused = 0;
    for (RandomDesign design : designs) {
      List<UnitRecord> first = design.units();
      List<UnitRecord> second = new ArrayList<>();
      for (int u = 0; u < first.size(); u++) {
        UnitRecord r = first.get(u);
        double[] y = r.outcomes().clone();
        for (int t = 0; t < y.length; t++) {
          // Another outcome, not a function of the first: NaN (not observed) stays where it is.
          y[t] = Double.isNaN(y[t]) ? Double.NaN : Math.sin(7.0 * u + 3.0 * t) * (1 + t) + (r.group() > 0 ? 0.5 : 0);
        }
        second.add(new UnitRecord(r.clusterKey(), r.group(), r.weight(), r.periodWeights(), r.covariateLevels(),
            r.covariateLevelByPeriod(), y));
      }
      DidSettings settings = design.engineSettings();
      AttGtResult own = AttGtEstimator.fit(new LocalUnits(second), design.periods(), settings).result();
      SharedSums shared = new SharedSums();
      AttGtEstimator.fit(new LocalUnits(first), design.periods(), settings, shared);
      long before = shared.reused();
      AttGtResult answered = AttGtEstimator.fit(new LocalUnits(second), design.periods(), settings, shared).result();
      reused += shared.reused() - before;
      assertEquals(own.effects(), answered.effects(), design.toString());
      assertArrayEquals(own.moments().sums(), answered.moments().sums(), design.toString());
      assertArrayEquals(own.moments().crossProducts(), answered.moments().crossProducts(), design.toString());
    }
    assertTrue(reused > 1000, "requests answered from the first outcome's sums: " + reused);
  }
}
