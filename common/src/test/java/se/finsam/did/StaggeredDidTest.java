package se.finsam.did;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The facade's sequence and R's rules between its steps, on mpdta against R did 2.5.0. */
class StaggeredDidTest {
  private static StaggeredDid.Result fit(EstimateSettings.Builder settings) {
    return StaggeredDid.estimate(new LocalUnits(Mpdta.units()), Mpdta.PERIODS, settings.build());
  }

  private static EstimateSettings.Builder notYetTreated() {
    return EstimateSettings.builder().controlGroup(ControlGroup.NOT_YET_TREATED);
  }

  @Test
  void everyAggregationAndThePretestAreRs() {
    StaggeredDid.Result result = fit(notYetTreated());
    for (AggregationType type : AggregationType.values()) {
      String[] overall = Mpdta.csv("mpdta_r_did_aggte.csv").stream()
          .filter(r -> r[0].equals("mpdta_nyt_dr") && r[1].equals(type.rName())).findFirst().orElseThrow();
      AggregatedEffects agg = result.aggregation(type);
      assertEquals(Double.parseDouble(overall[5]), agg.overall().att(), 1e-8, type.rName());
      assertEquals(1, agg.overall().se() / Double.parseDouble(overall[6]), 0.01, type.rName());
    }
    String[] pretest = Mpdta.csv("mpdta_r_did_pretest.csv").stream()
        .filter(r -> r[0].equals("mpdta_nyt_dr")).findFirst().orElseThrow();
    assertEquals(Double.parseDouble(pretest[1]), result.pretest().orElseThrow().statistic(), 1e-6);
    // The dynamic aggregation's post average is the mean of its post-treatment event times.
    AggregatedEffects dynamic = result.aggregation(AggregationType.DYNAMIC);
    double post = dynamic.elements().stream().filter(e -> e.label() >= 0).mapToDouble(AggregatedEffects.Element::att)
        .average().orElseThrow();
    assertEquals(post, result.eventStudyAverages().post().att(), 1e-12);
    assertFalse(result.inference().bootstrapStandardErrors());
  }

  @Test
  void theWindowReachesEveryAggregation() {
    StaggeredDid.Result all = fit(notYetTreated());
    StaggeredDid.Result windowed = fit(notYetTreated().window(-2, 1, null));
    List<Integer> eventTimes = windowed.aggregation(AggregationType.DYNAMIC).elements().stream()
        .map(AggregatedEffects.Element::label).toList();
    assertEquals(List.of(-2, -1, 0, 1), eventTimes);
    // max_e also limits the simple aggregation's post-treatment cells (R), so its value moves.
    assertTrue(Math.abs(all.aggregation(AggregationType.SIMPLE).overall().att()
        - windowed.aggregation(AggregationType.SIMPLE).overall().att()) > 1e-6);
  }

  @Test
  void uniformBandsWithoutBootstrapDrawOnlyForTheAggregations() {
    StaggeredDid.Result analytical = fit(notYetTreated());
    StaggeredDid.Result banded = fit(notYetTreated().uniformBands(true).iterations(200).seed(7));
    assertFalse(banded.inference().bootstrapStandardErrors());
    assertTrue(banded.inference().draws() != null, "aggte's uniform bands come from draws, as in R");
    AttGtResult cells = banded.attGt();
    for (int k = 0; k < cells.effects().size(); k++) {
      assertEquals(analytical.inference().standardError(cells.cellInfluence(k)),
          banded.inference().standardError(cells.cellInfluence(k)), 1e-15, "att_gt stays analytical");
    }
    double pointwise = Distributions.normalQuantile(0.975);
    assertTrue(banded.aggregation(AggregationType.DYNAMIC).criticalValue() > pointwise);
    assertEquals(pointwise, analytical.aggregation(AggregationType.DYNAMIC).criticalValue(), 1e-12);
  }

  @Test
  void bootstrapOverClustersHasNoAnalyticalPretest() {
    assertTrue(fit(notYetTreated().bootstrap(true).iterations(50)).pretest().isPresent());
    assertTrue(fit(notYetTreated().clustered(true)).pretest().isPresent());
    assertTrue(fit(notYetTreated().bootstrap(true).iterations(50).clustered(true)).pretest().isEmpty());
  }

  /**
   * A covariate equal to the intercept leaves no cell identified: the cells and their problems come back
   * without aggregations, and asking for one says why, as R's aggte stops on missing cells.
   */
  @Test
  void withoutAnEstimatedCellAfterTreatmentNothingIsAggregatedAndTheCellsSayWhy() {
    List<UnitRecord> collinear = Mpdta.units().stream().map(u -> new UnitRecord(u.clusterKey(), u.group(), u.weight(),
        new double[] {1.0, 1.0}, u.outcomes())).toList();
    StaggeredDid.Result result = StaggeredDid.estimate(new LocalUnits(collinear), Mpdta.PERIODS,
        notYetTreated().formulaVariables(1).build());
    assertFalse(result.aggregated());
    assertEquals(12, result.attGt().effects().size());
    assertTrue(result.attGt().effects().stream().noneMatch(GroupTimeEffect::estimated));
    assertEquals(StaggeredDid.Result.NOTHING_TO_AGGREGATE, result.warnings().get(result.warnings().size() - 1));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> result.aggregation(AggregationType.SIMPLE));
    assertTrue(e.getMessage().startsWith(StaggeredDid.Result.NOTHING_TO_AGGREGATE) && e.getMessage().contains("not estimated"),
        e.getMessage());
    assertThrows(IllegalStateException.class, result::eventStudyAverages);
    assertTrue(fit(notYetTreated()).aggregated());
  }

  @Test
  void aBadSettingFailsWhenItIsSetAndNamesTheOption() {
    assertRejected(b -> b.anticipation(-1), "anticipation");
    assertRejected(b -> b.alp(0), "alp");
    assertRejected(b -> b.alp(1), "alp");
    assertRejected(b -> b.alp(Double.NaN), "alp");
    assertRejected(b -> b.iterations(1), "iterations");
    assertRejected(b -> b.window(2, 1, null), "min_e");
    assertRejected(b -> b.window(0, 1, -1), "balance_e");
    assertRejected(b -> b.formulaVariables(-1), "formula");
    assertRejected(b -> b.controlGroup(null), "control group");
    assertRejected(b -> b.method(null), "estimation method");
  }

  /** "ipw" is R's (Stata's stdipw); Stata csdid's ipw is only ever "ipw-abadie"; other names are refused. */
  @Test
  void estimationMethodNamesAreUnambiguous() {
    assertEquals(EstimationMethod.IPW, EstimationMethod.parse("ipw"));
    assertEquals(EstimationMethod.IPW, EstimationMethod.parse("stdipw"));
    assertEquals(EstimationMethod.IPW_ABADIE, EstimationMethod.parse("ipw-abadie"));
    for (EstimationMethod m : EstimationMethod.values()) {
      assertEquals(m, EstimationMethod.parse(m.optionName()));
    }
    for (String other : List.of("abadie", "ipw_abadie", "ipwabadie", "dripw", "")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EstimationMethod.parse(other));
      assertTrue(e.getMessage().contains("dr | drimp | ipw | ipw-abadie | reg"), e.getMessage());
    }
  }

  private static void assertRejected(Consumer<EstimateSettings.Builder> setting, String option) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> setting.accept(EstimateSettings.builder()));
    assertTrue(e.getMessage().contains(option), e.getMessage());
  }
}
