package se.finsam.did;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stata csdid's pair-balanced estimation of an unbalanced panel against a hand computation: with the
 * never treated as comparison and no covariates, each ATT(g,t) is the difference of the mean outcome
 * changes of the treated and comparison units observed in both periods, and its standard error the
 * two-sample one, sqrt(S_T / n_T^2 + S_C / n_C^2) with S the sums of squared deviations.
 */
class PairBalancedTest {
  /** mpdta with some unit-years removed: a pattern that leaves every cell with units in it. */
  private static List<UnitRecord> unbalanced() {
    List<UnitRecord> units = new ArrayList<>();
    for (UnitRecord u : Mpdta.units()) {
      double[] y = u.outcomes().clone();
      long id = u.clusterKey();
      if (id % 7 == 0) {
        y[2] = Double.NaN;
      }
      if (id % 11 == 3) {
        y[4] = Double.NaN;
      }
      if (id % 13 == 5) {
        y[0] = Double.NaN;
      }
      units.add(new UnitRecord(id, u.group(), 1.0, new double[] {1.0}, y));
    }
    return units;
  }

  private static DidSettings pairs(ControlGroup comparison) {
    return new DidSettings(comparison, BasePeriod.VARYING, 0, EstimationMethod.DR, UnbalancedPanel.PAIRS, 0);
  }

  @Test
  void eachCellIsTheTwoSampleComparisonOfItsPairCompleteUnits() {
    List<UnitRecord> units = unbalanced();
    AttGtResult result = AttGtEstimator.estimate(new LocalUnits(units), Mpdta.PERIODS, pairs(ControlGroup.NEVER_TREATED));
    Inference inference = Inference.analytical(result.moments(), 0.05);
    assertEquals(12, result.effects().size());
    for (int k = 0; k < result.effects().size(); k++) {
      CellSpec cell = result.effects().get(k).cell();
      assertTrue(cell.pairsOnly() && !cell.repeatedCrossSections());
      double[] treated = changes(units, cell, u -> u.group() == cell.group());
      double[] comparison = changes(units, cell, u -> u.group() == 0);
      double att = mean(treated) - mean(comparison);
      double se = Math.sqrt(squares(treated) / Math.pow(treated.length, 2)
          + squares(comparison) / Math.pow(comparison.length, 2));
      GroupTimeEffect e = result.effects().get(k);
      assertEquals(att, e.att(), 1e-12, "ATT" + cell);
      assertEquals(se, inference.standardError(result.cellInfluence(k)), 1e-12, "se " + cell);
      assertEquals(treated.length, e.treated());
      assertEquals(comparison.length, e.controls());
    }
    assertEquals(500, result.moments().units(), 1e-9, "no unit is dropped");
    assertTrue(result.warnings().stream().anyMatch(w -> w.contains("pair balanced")), result.warnings().toString());
  }

  @Test
  void aBalancedPanelIsEstimatedAsOneWhateverTheMode() {
    for (ControlGroup comparison : ControlGroup.values()) {
      AttGtResult dropped = AttGtEstimator.estimate(new LocalUnits(Mpdta.units()), Mpdta.PERIODS,
          new DidSettings(comparison, BasePeriod.VARYING, 0, EstimationMethod.DR));
      AttGtResult paired = AttGtEstimator.estimate(new LocalUnits(Mpdta.units()), Mpdta.PERIODS, pairs(comparison));
      for (int k = 0; k < dropped.effects().size(); k++) {
        assertEquals(dropped.effects().get(k).att(), paired.effects().get(k).att(), 0.0);
        assertTrue(!paired.effects().get(k).cell().pairsOnly());
      }
    }
  }

  @Test
  void droppingUnitsLosesEveryUnitMissingAPeriodAndPairsKeepThem() {
    AttGtResult dropped = AttGtEstimator.estimate(new LocalUnits(unbalanced()), Mpdta.PERIODS,
        new DidSettings(ControlGroup.NOT_YET_TREATED, BasePeriod.VARYING, 0, EstimationMethod.DR));
    AttGtResult paired = AttGtEstimator.estimate(new LocalUnits(unbalanced()), Mpdta.PERIODS,
        pairs(ControlGroup.NOT_YET_TREATED));
    long incomplete = unbalanced().stream().filter(u -> !u.balanced()).count();
    assertEquals(500 - incomplete, dropped.moments().units(), 1e-9);
    assertEquals(500, paired.moments().units(), 1e-9);
    assertTrue(incomplete > 100, "the pattern removes a real share: " + incomplete);
  }

  private interface Which {
    boolean test(UnitRecord u);
  }

  private static double[] changes(List<UnitRecord> units, CellSpec cell, Which which) {
    return units.stream().filter(which::test)
        .filter(u -> u.observed(cell.baseIndex()) && u.observed(cell.currentIndex()))
        .mapToDouble(u -> u.outcomes()[cell.currentIndex()] - u.outcomes()[cell.baseIndex()]).toArray();
  }

  private static double mean(double[] v) {
    return java.util.Arrays.stream(v).average().orElseThrow();
  }

  private static double squares(double[] v) {
    double m = mean(v);
    return java.util.Arrays.stream(v).map(x -> (x - m) * (x - m)).sum();
  }
}
