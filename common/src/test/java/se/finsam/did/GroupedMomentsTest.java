package se.finsam.did;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The influence moments from per-group outcome moments equal the unit-by-unit sums sum_i z_i and
 * sum_i z_i z_i' for every 2x2 estimator, comparison group and base period, also with outcomes far from
 * zero, and pair balanced where an outcome is measured late and some units leave early; designs where z is not
 * a function of group and outcomes alone fall back to the unit pass.
 */
class GroupedMomentsTest {

  @Test
  void mpdtaUnderEverySettingMatchesTheUnitSums() {
    for (EstimationMethod method : EstimationMethod.values()) {
      for (ControlGroup control : ControlGroup.values()) {
        for (BasePeriod base : BasePeriod.values()) {
          String what = method + " " + control + " " + base;
          assertGroupedEqualsUnitSums(Mpdta.units(), Mpdta.PERIODS, new DidSettings(control, base, 0, method), what);
        }
      }
    }
  }

  @Test
  void manyPeriodsAndOutcomesFarFromZeroMatchTheUnitSums() {
    int[] periods = java.util.stream.IntStream.rangeClosed(1, 24).toArray();
    List<UnitRecord> units = staggered(periods.length, 1200, 30_000, 5);
    DidSettings settings = new DidSettings(ControlGroup.NOT_YET_TREATED, BasePeriod.VARYING, 0, EstimationMethod.DR);
    assertGroupedEqualsUnitSums(units, periods, settings, "24 periods, mean 30 000");
    assertGroupedEqualsUnitSums(units.stream().map(u -> u.withFirstPeriods(24)).toList(), periods,
        new DidSettings(ControlGroup.NOT_YET_TREATED, BasePeriod.UNIVERSAL, 1, EstimationMethod.REG),
        "anticipation 1, universal base");
  }

  @Test
  void pairBalancedCellsMatchTheUnitSums() {
    int[] periods = java.util.stream.IntStream.rangeClosed(1, 24).toArray();
    // Measured from period 4 for everyone (as seed 002's outcomes from 2019); some units leave, or miss a period.
    List<UnitRecord> measuredLate = measuredFrom(3, staggered(periods.length, 1200, 30_000, 9));
    List<UnitRecord> withGaps = measuredLate.stream().map(u -> {
      double[] y = u.outcomes().clone();
      long id = u.clusterKey();
      if (id % 50 == 7) {
        java.util.Arrays.fill(y, 24 - (int) (id % 9) - 1, 24, Double.NaN);
      } else if (id % 80 == 11) {
        y[10 + (int) (id % 5)] = Double.NaN;
      }
      return new UnitRecord(id, u.group(), 1.0, new double[] {1.0}, y);
    }).toList();
    for (EstimationMethod method : EstimationMethod.values()) {
      for (BasePeriod base : BasePeriod.values()) {
        DidSettings settings = new DidSettings(ControlGroup.NOT_YET_TREATED, base, 0, method, UnbalancedPanel.PAIRS, 0);
        assertGroupedEqualsUnitSums(withGaps, periods, settings, "pair balanced, " + method + " " + base);
      }
    }
    assertGroupedEqualsUnitSums(measuredLate, periods, new DidSettings(ControlGroup.NEVER_TREATED, BasePeriod.VARYING,
        0, EstimationMethod.DR, UnbalancedPanel.PAIRS, 0), "pair balanced, the same periods missing for every unit");
  }

  /** The units with their outcomes missing before period index {@code first}. */
  private static List<UnitRecord> measuredFrom(int first, List<UnitRecord> units) {
    return units.stream().map(u -> {
      double[] y = u.outcomes().clone();
      java.util.Arrays.fill(y, 0, first, Double.NaN);
      return new UnitRecord(u.clusterKey(), u.group(), 1.0, new double[] {1.0}, y);
    }).toList();
  }

  @Test
  void designsWhereTheInfluenceDependsOnMoreThanGroupAndOutcomesFallBack() {
    List<UnitRecord> units = Mpdta.units();
    java.util.Map<Long, Double> lpop = Mpdta.logPopulation();
    List<UnitRecord> withCovariate = units.stream().map(u -> new UnitRecord(u.clusterKey(), u.group(), 1.0,
        new double[] {1.0, lpop.get(u.clusterKey())}, u.outcomes())).toList();
    List<UnitRecord> weighted = units.stream().map(u -> u.withWeight(1 + (u.clusterKey() % 3))).toList();
    List<UnitRecord> sharedClusters = units.stream().map(u -> u.withClusterKey(u.clusterKey() % 37)).toList();
    for (List<UnitRecord> design : List.of(withCovariate, weighted, sharedClusters)) {
      AttGtFit fit = AttGtEstimator.fit(new LocalUnits(design), Mpdta.PERIODS, DidSettings.defaults());
      assertTrue(grouped(fit).isEmpty());
      assertClose(unitSums(fit), fit.result().moments(), "the estimator's moments are the unit sums");
    }
  }

  private static void assertGroupedEqualsUnitSums(List<UnitRecord> units, int[] periods, DidSettings settings,
                                                  String what) {
    AttGtFit fit = AttGtEstimator.fit(new LocalUnits(units), periods, settings);
    Optional<InfluenceMoments> grouped = grouped(fit);
    assertTrue(grouped.isPresent(), what + ": no covariates, unit weights and unit clusters qualify");
    InfluenceMoments plain = unitSums(fit);
    assertClose(plain, grouped.get(), what);
    assertClose(plain, fit.result().moments(), what + ": the estimator uses them");
  }

  private static Optional<InfluenceMoments> grouped(AttGtFit fit) {
    InfluenceMoments m = fit.result().moments();
    return GroupedMoments.compute(fit.units(), fit.influence(), fit.units().distinctGroups(),
        fit.result().periods().length, m.cells(), m.groups(), m.units());
  }

  private static InfluenceMoments unitSums(AttGtFit fit) {
    InfluenceMoments m = fit.result().moments();
    return AttGtEstimator.moments(fit.units(), fit.influence(), m.cells(), m.groups(), m.units());
  }

  /** Units of groups 0 and four start periods, outcomes around {@code level} with group trends and an effect. */
  private static List<UnitRecord> staggered(int periods, int n, double level, long seed) {
    Random random = new Random(seed);
    int[] starts = {0, 6, 10, 15, 20};
    List<UnitRecord> units = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int g = starts[i % starts.length];
      double[] y = new double[periods];
      double unit = level * (1 + 0.2 * random.nextGaussian());
      for (int t = 0; t < periods; t++) {
        double effect = g > 0 && t + 1 >= g ? 0.05 * level : 0;
        y[t] = unit + 40 * (t + 1) * (1 + g % 3) + effect + 0.1 * level * random.nextGaussian();
      }
      units.add(new UnitRecord(i, g, 1.0, new double[] {1.0}, y));
    }
    return units;
  }

  /**
   * Each element to 1e-9 of its own bound by Cauchy-Schwarz, sqrt(S_ii S_jj) for cross products and
   * sqrt(n S_ii) for sums, so an error in a small cell's entries is not hidden by a large one's.
   */
  private static void assertClose(InfluenceMoments expected, InfluenceMoments actual, String what) {
    assertEquals(expected.dimension(), actual.dimension(), what);
    assertEquals(expected.units(), actual.units(), what);
    assertEquals(expected.clusters(), actual.clusters(), what);
    int m = expected.dimension();
    double[] cross = expected.crossProducts();
    for (int i = 0; i < m; i++) {
      double bound = Math.sqrt(expected.clusters() * cross[i * m + i]);
      assertEquals(expected.sums()[i], actual.sums()[i], 1e-9 * bound, what + ": sum " + i);
      for (int j = 0; j < m; j++) {
        double pair = Math.sqrt(cross[i * m + i] * cross[j * m + j]);
        assertEquals(cross[i * m + j], actual.crossProducts()[i * m + j], 1e-9 * pair,
            what + ": cross product " + i + "," + j);
      }
    }
  }
}
