package se.finsam.did;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ATT(g,t), aggte and the pre-test on mpdta against R did 2.5.0 (shared/reference). */
class DidReferenceTest {
  private static final double ATT_TOLERANCE = 1e-8;
  private static final double SE_RELATIVE = 0.01;

  private static AttGtResult fit(ControlGroup controlGroup) {
    DidSettings settings = new DidSettings(controlGroup, BasePeriod.VARYING, 0, EstimationMethod.DR);
    return AttGtEstimator.estimate(new LocalUnits(Mpdta.units()), Mpdta.PERIODS, settings);
  }

  private static ControlGroup controlGroup(String scenario) {
    return scenario.equals("mpdta_nev_dr") ? ControlGroup.NEVER_TREATED : ControlGroup.NOT_YET_TREATED;
  }

  private static void assertSe(double expected, double actual, String what) {
    assertTrue(Math.abs(actual / expected - 1) < SE_RELATIVE, what + ": se " + actual + " vs R " + expected);
  }

  @ParameterizedTest
  @CsvSource({"mpdta_nev_dr", "mpdta_nyt_dr"})
  void attGtMatchesR(String scenario) {
    AttGtResult result = fit(controlGroup(scenario));
    Inference inference = Inference.analytical(result.moments(), 0.05);
    List<String[]> rows = Mpdta.csv("mpdta_r_did_attgt.csv").stream().filter(r -> r[0].equals(scenario)).toList();
    assertEquals(rows.size(), result.effects().size());
    double maxAttDiff = 0;
    double maxSeRel = 0;
    for (int k = 0; k < rows.size(); k++) {
      String[] r = rows.get(k);
      GroupTimeEffect e = result.effects().get(k);
      assertEquals(Integer.parseInt(r[1]), e.cell().group());
      assertEquals(Integer.parseInt(r[2]), e.cell().time());
      assertEquals(Double.parseDouble(r[3]), e.att(), ATT_TOLERANCE, "att " + r[1] + "," + r[2]);
      double se = inference.standardError(result.cellInfluence(k));
      assertSe(Double.parseDouble(r[4]), se, "ATT(" + r[1] + "," + r[2] + ")");
      maxAttDiff = Math.max(maxAttDiff, Math.abs(Double.parseDouble(r[3]) - e.att()));
      maxSeRel = Math.max(maxSeRel, Math.abs(se / Double.parseDouble(r[4]) - 1));
    }
    System.out.printf("%s att_gt: max |att - R| = %.3g, max rel se diff = %.3g%n", scenario, maxAttDiff, maxSeRel);
  }

  @ParameterizedTest
  @CsvSource({"mpdta_nev_dr", "mpdta_nyt_dr"})
  void aggregationsMatchR(String scenario) {
    AttGtResult result = fit(controlGroup(scenario));
    Aggregator aggregator = new Aggregator(result, Inference.analytical(result.moments(), 0.05));
    double maxAttDiff = 0;
    double maxSeRel = 0;
    for (AggregationType type : AggregationType.values()) {
      AggregatedEffects agg = aggregator.aggregate(type, Aggregator.Window.all());
      List<String[]> rows = Mpdta.csv("mpdta_r_did_aggte.csv").stream()
          .filter(r -> r[0].equals(scenario) && r[1].equals(type.rName())).toList();
      assertEquals(Double.parseDouble(rows.get(0)[5]), agg.overall().att(), ATT_TOLERANCE, type + " overall");
      assertSe(Double.parseDouble(rows.get(0)[6]), agg.overall().se(), type + " overall");
      maxAttDiff = Math.max(maxAttDiff, Math.abs(Double.parseDouble(rows.get(0)[5]) - agg.overall().att()));
      maxSeRel = Math.max(maxSeRel, Math.abs(agg.overall().se() / Double.parseDouble(rows.get(0)[6]) - 1));
      if (type == AggregationType.SIMPLE) {
        continue;
      }
      assertEquals(rows.size(), agg.elements().size(), type + " elements");
      for (int i = 0; i < rows.size(); i++) {
        String[] r = rows.get(i);
        AggregatedEffects.Element e = agg.elements().get(i);
        assertEquals(Integer.parseInt(r[2]), e.label());
        assertEquals(Double.parseDouble(r[3]), e.att(), ATT_TOLERANCE, type + " " + r[2]);
        assertSe(Double.parseDouble(r[4]), e.se(), type + " " + r[2]);
        maxAttDiff = Math.max(maxAttDiff, Math.abs(Double.parseDouble(r[3]) - e.att()));
        maxSeRel = Math.max(maxSeRel, Math.abs(e.se() / Double.parseDouble(r[4]) - 1));
      }
    }
    System.out.printf("%s aggte: max |att - R| = %.3g, max rel se diff = %.3g%n", scenario, maxAttDiff, maxSeRel);
  }

  /**
   * Each aggregate's declared linear form (what a publisher declares as a relation between published
   * cells), applied to R's ATT(g,t), gives R's aggregate: the weights are checked against R, not against
   * the loop that computed them.
   */
  @ParameterizedTest
  @CsvSource({"mpdta_nev_dr", "mpdta_nyt_dr"})
  void linearFormsReproduceRAggregatesFromRCells(String scenario) {
    AttGtResult result = fit(controlGroup(scenario));
    Aggregator aggregator = new Aggregator(result, Inference.analytical(result.moments(), 0.05));
    double[] rCells = Mpdta.csv("mpdta_r_did_attgt.csv").stream().filter(r -> r[0].equals(scenario))
        .mapToDouble(r -> Double.parseDouble(r[3])).toArray();
    for (AggregationType type : AggregationType.values()) {
      AggregatedEffects agg = aggregator.aggregate(type, Aggregator.Window.all());
      List<String[]> rows = Mpdta.csv("mpdta_r_did_aggte.csv").stream()
          .filter(r -> r[0].equals(scenario) && r[1].equals(type.rName())).toList();
      assertEquals(Double.parseDouble(rows.get(0)[5]), dot(agg.overall().cellWeights(), rCells), ATT_TOLERANCE,
          type + " overall");
      for (int i = 0; i < agg.elements().size(); i++) {
        assertEquals(Double.parseDouble(rows.get(i)[3]), dot(agg.elements().get(i).cellWeights(), rCells),
            ATT_TOLERANCE, type + " " + rows.get(i)[2]);
      }
    }
  }

  /** The simple aggregate as R's event-time estimates weighted by simpleWeights gives R's simple aggregate. */
  @ParameterizedTest
  @CsvSource({"mpdta_nev_dr", "mpdta_nyt_dr"})
  void theSimpleAggregateIsAWeightedAverageOfREventTimes(String scenario) {
    AttGtResult result = fit(controlGroup(scenario));
    Aggregator aggregator = new Aggregator(result, Inference.analytical(result.moments(), 0.05));
    java.util.Map<Integer, Double> weights = Aggregator.simpleWeights(aggregator.aggregate(AggregationType.SIMPLE,
        Aggregator.Window.all()), aggregator.aggregate(AggregationType.DYNAMIC, Aggregator.Window.all())).orElseThrow();
    List<String[]> rows = Mpdta.csv("mpdta_r_did_aggte.csv").stream().filter(r -> r[0].equals(scenario)).toList();
    double simple = rows.stream().filter(r -> r[1].equals("simple")).mapToDouble(r -> Double.parseDouble(r[5])).findFirst()
        .orElseThrow();
    double weighted = 0;
    double total = 0;
    for (String[] r : rows.stream().filter(r -> r[1].equals("dynamic")).toList()) {
      double w = weights.get(Integer.parseInt(r[2]));
      assertEquals(Integer.parseInt(r[2]) < 0, w == 0, "only event times from 0 enter the simple aggregate");
      weighted += w * Double.parseDouble(r[3]);
      total += w;
    }
    assertEquals(1.0, total, 1e-12);
    assertEquals(simple, weighted, ATT_TOLERANCE);
  }

  private static double dot(double[] weights, double[] cells) {
    assertEquals(cells.length, weights.length);
    double sum = 0;
    for (int k = 0; k < cells.length; k++) {
      sum += weights[k] * cells[k];
    }
    return sum;
  }

  @ParameterizedTest
  @CsvSource({"mpdta_nev_dr", "mpdta_nyt_dr"})
  void pretestMatchesR(String scenario) {
    WaldPretest test = WaldPretest.compute(fit(controlGroup(scenario))).orElseThrow();
    String[] r = Mpdta.csv("mpdta_r_did_pretest.csv").stream().filter(x -> x[0].equals(scenario)).findFirst().orElseThrow();
    assertEquals(Double.parseDouble(r[1]), test.statistic(), 1e-6);
    assertEquals(5, test.degreesOfFreedom());
    assertEquals(Double.parseDouble(r[2]), Math.round(test.pValue() * 1e5) / 1e5, 1e-12);
    System.out.printf("%s pretest: W = %.12g (R %s), p = %.6g%n", scenario, test.statistic(), r[1], test.pValue());
  }
}
