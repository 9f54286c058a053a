package se.finsam.estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import se.finsam.did.AggregatedEffects;
import se.finsam.did.AggregationType;
import se.finsam.did.Aggregator;
import se.finsam.did.AttGtResult;
import se.finsam.did.Distributions;
import se.finsam.did.GroupTimeEffect;
import se.finsam.did.Inference;
import se.finsam.did.StaggeredDid;
import se.finsam.did.WaldPretest;
import se.finsam.results.ResultSchemas;

/** Turns one estimation's ATT(g,t), aggregations and pre-test into rows of the result tables. */
public final class ResultRows {
  private final String runId;
  private final String outcome;
  private final String model;
  private final SampleSummary sample;

  public ResultRows(String runId, String outcome, String model, SampleSummary sample) {
    this.runId = runId;
    this.outcome = outcome;
    this.model = model;
    this.sample = sample;
  }

  public List<Row> attGt(AttGtResult result, Inference inference) {
    List<double[]> cells = new ArrayList<>();
    for (int k = 0; k < result.effects().size(); k++) {
      cells.add(result.cellInfluence(k));
    }
    double critical = inference.criticalValue(cells);
    List<Row> rows = new ArrayList<>();
    for (int k = 0; k < result.effects().size(); k++) {
      GroupTimeEffect e = result.effects().get(k);
      double se = inference.standardError(cells.get(k));
      rows.add(RowFactory.create(runId, outcome, model, e.cell().group(), e.cell().time(),
          e.cell().time() - e.cell().group(), finite(e.att()), finite(se), finite(e.att() - critical * se),
          finite(e.att() + critical * se), e.treated(), e.controls(), e.problem().isEmpty() ? null : e.problem()));
    }
    return rows;
  }

  /**
   * Every aggregation's elements (with its critical value) and overall row, typed by the aggregation's name in
   * lower case, then the pre/post event-time averages; the dynamic elements carry their weight in the simple
   * aggregate when it is their weighted average ({@link Aggregator#simpleWeights}). None when nothing was
   * aggregated (the result's warnings say so).
   */
  public List<Row> aggregations(StaggeredDid.Result result, double pointwiseCritical) {
    if (!result.aggregated()) {
      return List.of();
    }
    Map<Integer, Double> simpleWeights = Aggregator.simpleWeights(result.aggregation(AggregationType.SIMPLE),
        result.aggregation(AggregationType.DYNAMIC)).orElse(Map.of());
    List<Row> rows = new ArrayList<>();
    for (AggregationType type : AggregationType.values()) {
      AggregatedEffects agg = result.aggregation(type);
      Map<Integer, Double> weights = type == AggregationType.DYNAMIC ? simpleWeights : Map.of();
      for (AggregatedEffects.Element e : agg.elements()) {
        rows.add(aggte(type.rName(), e.label(), e, agg.criticalValue(), weights.get(e.label())));
      }
      rows.add(aggte(type.rName(), null, agg.overall(), pointwiseCritical, null));
    }
    Aggregator.EventStudyAverages averages = result.eventStudyAverages();
    if (averages.pre() != null) {
      rows.add(aggte(ResultSchemas.PRE_AVERAGE, null, averages.pre(), pointwiseCritical, null));
    }
    rows.add(aggte(ResultSchemas.POST_AVERAGE, null, averages.post(), pointwiseCritical, null));
    return rows;
  }

  /**
   * Who the estimation used of the model's persons and, per rule, whom it dropped: the sample's rules and
   * last {@code outcomeRule}, under which the estimator's other drops ({@code used} is its count) fall.
   */
  Row sample(long used, String outcomeRule, String unbalancedPanel, String estMethod) {
    List<Row> drops = new ArrayList<>();
    sample.drops().forEach(d -> drops.add(RowFactory.create(d.rule(), d.persons())));
    drops.add(RowFactory.create(outcomeRule, sample.members() - sample.dropped() - used));
    return RowFactory.create(runId, outcome, model, sample.members(), used, sample.members() - used, drops,
        unbalancedPanel, sample.personMonths(), estMethod);
  }

  Row warning(String message) {
    return RowFactory.create(runId, outcome, model, message);
  }

  public Row pretest(WaldPretest test) {
    return RowFactory.create(runId, outcome, model, finite(test.statistic()), test.degreesOfFreedom(),
        finite(test.pValue()));
  }

  private Row aggte(String type, Integer egt, AggregatedEffects.Element e, double critical, Double simpleWeight) {
    double p = Distributions.twoSidedNormalP(e.att() / e.se());
    double relative = e.att() / sample.preMean();
    return RowFactory.create(runId, outcome, model, type, egt, finite(e.att()), finite(e.se()),
        finite(e.att() - critical * e.se()), finite(e.att() + critical * e.se()), finite(p),
        sample.personMonths(), sample.persons(), finite(sample.preMean()), finite(relative), simpleWeight);
  }

  /** Result tables hold nulls, not NaN, where a number does not exist (no variance, no pre-period mean). */
  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
