package se.finsam.did;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Cells over the same units share their propensity score iterations; the results must be those of
 * estimating every cell on its own. mpdta with lpop, not-yet-treated comparisons: the early cells of a
 * group all compare with the same later groups, so sharing happens.
 */
class SharedPassesTest {
  @Test
  void sharedPassesGiveTheSameResultsAsSeparateOnes() {
    Map<Long, Double> lpop = Mpdta.logPopulation();
    List<UnitRecord> units = Mpdta.units().stream().map(u -> new UnitRecord(u.clusterKey(), u.group(), u.weight(),
        new double[] {1.0, lpop.get(u.clusterKey())}, u.outcomes())).toList();
    for (EstimationMethod method : List.of(EstimationMethod.DR, EstimationMethod.IPW, EstimationMethod.IPW_ABADIE)) {
      DidSettings settings = new DidSettings(ControlGroup.NOT_YET_TREATED, BasePeriod.VARYING, 0, method);
      AttGtResult shared = AttGtEstimator.fit(new LocalUnits(units), Mpdta.PERIODS, settings, true, null).result();
      AttGtResult separate = AttGtEstimator.fit(new LocalUnits(units), Mpdta.PERIODS, settings, false, null).result();
      assertEquals(separate.effects().size(), shared.effects().size());
      for (int k = 0; k < shared.effects().size(); k++) {
        assertEquals(separate.effects().get(k).att(), shared.effects().get(k).att(), 1e-12, method + " cell " + k);
      }
      assertArrayEquals(separate.moments().crossProducts(), shared.moments().crossProducts(), 1e-12);
    }
  }
}
