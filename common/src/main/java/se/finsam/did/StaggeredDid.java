package se.finsam.did;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one way to run a staggered DiD (Callaway and Sant'Anna): att_gt, then inference (analytical or
 * multiplier bootstrap), then every aggregation of aggte with the dynamic one's pre/post averages, then
 * the pre-test. The did command, the estimate step, the designs and the benchmark all call this, so
 * the sequence and R's rules between the steps (when draws are needed, when the pre-test is left out)
 * live here once. Each step is also public on its own, like R's att_gt, mboot and aggte, for callers
 * that time or reuse them.
 */
public final class StaggeredDid {
  private StaggeredDid() {}

  /** The whole estimate. */
  public static Result estimate(UnitSource units, int[] periods, EstimateSettings settings) {
    return estimate(units, periods, settings, null);
  }

  /**
   * The whole estimate, with the outcome-free sums of earlier estimates over the same units ({@link SharedSums},
   * whose contract the caller keeps; null for none).
   */
  public static Result estimate(UnitSource units, int[] periods, EstimateSettings settings, SharedSums shared) {
    AttGtFit fit = AttGtEstimator.fit(units, periods, settings.did(), shared);
    // The bootstrap's pass over the units is made here, so the result holds no reference to them.
    Inference inference = inference(fit, settings);
    AttGtResult attGt = fit.result();
    Aggregator aggregator = new Aggregator(attGt, inference);
    Optional<WaldPretest> pretest = pretest(attGt, settings);
    if (!aggregator.anyPostTreatment(settings.window())) {
      // R's aggte stops on the missing cells (or, with na.rm, averages nothing); a caller estimating many
      // samples keeps the cells and their problems and goes on with the next.
      List<String> warnings = new ArrayList<>(attGt.warnings());
      warnings.add(Result.NOTHING_TO_AGGREGATE);
      return new Result(attGt, inference, Map.of(), null, pretest, warnings);
    }
    Map<AggregationType, AggregatedEffects> aggregations = new EnumMap<>(AggregationType.class);
    for (AggregationType type : AggregationType.values()) {
      aggregations.put(type, aggregator.aggregate(type, settings.window()));
    }
    Aggregator.EventStudyAverages averages = aggregator.eventStudyAverages(aggregations.get(AggregationType.DYNAMIC));
    return new Result(attGt, inference, Collections.unmodifiableMap(aggregations), averages, pretest,
        List.copyOf(attGt.warnings()));
  }

  /** ATT(g,t) with the influence moments (R's att_gt without inference), ready for the bootstrap. */
  public static AttGtFit attGt(UnitSource units, int[] periods, EstimateSettings settings) {
    return AttGtEstimator.fit(units, periods, settings.did());
  }

  /**
   * Standard errors and critical values. As R: with two periods uniform bands are pointwise intervals
   * (pre_process_did2); with cband but no bootstrap, att_gt is pointwise and aggte still bootstraps its
   * uniform bands, so draws are made whenever either is asked for.
   */
  public static Inference inference(AttGtFit fit, EstimateSettings settings) {
    AttGtResult attGt = fit.result();
    boolean bands = settings.uniformBands() && attGt.periods().length > 2;
    if (!settings.bootstrap() && !bands) {
      return Inference.analytical(attGt.moments(), settings.alp());
    }
    BootstrapDraws draws = MultiplierBootstrap.draw(fit, settings.iterations(), settings.seed());
    return new Inference(attGt.moments(), draws, settings.alp(), bands, settings.bootstrap());
  }

  /** R's Wald pre-test, left out (as R) when bootstrap standard errors come from clusters beyond the unit. */
  public static Optional<WaldPretest> pretest(AttGtResult attGt, EstimateSettings settings) {
    return settings.bootstrap() && settings.clustered() ? Optional.empty() : WaldPretest.compute(attGt);
  }

  /**
   * One estimate.
   *
   * @param attGt the group-time effects
   * @param inference how their (and the aggregations') standard errors and bands were formed
   * @param aggregations every aggregation type over the settings' window; none when no cell after treatment
   *     was estimated ({@link #aggregated()})
   * @param eventStudyAverages the dynamic aggregation's pre- and post-treatment averages
   * @param pretest the Wald pre-test, when there are pre-treatment cells and it applies
   * @param warnings what was dropped or skipped, in words
   */
  public record Result(AttGtResult attGt, Inference inference, Map<AggregationType, AggregatedEffects> aggregations,
                       Aggregator.EventStudyAverages eventStudyAverages, Optional<WaldPretest> pretest,
                       List<String> warnings) {
    static final String NOTHING_TO_AGGREGATE = "no ATT(g,t) after treatment was estimated (see each cell's problem),"
        + " so nothing is aggregated";

    public Result {
      warnings = List.copyOf(warnings);
    }

    /** False when no ATT(g,t) after treatment (within the window's max_e) was estimated: no aggregation exists. */
    public boolean aggregated() {
      return !aggregations.isEmpty();
    }

    public AggregatedEffects aggregation(AggregationType type) {
      requireAggregated();
      return aggregations.get(type);
    }

    @Override
    public Aggregator.EventStudyAverages eventStudyAverages() {
      requireAggregated();
      return eventStudyAverages;
    }

    /** R's aggte stops here too; the first of the cells' problems says why. */
    private void requireAggregated() {
      if (!aggregated()) {
        throw new IllegalStateException(NOTHING_TO_AGGREGATE + " (" + warnings.size() + " warnings, the first: "
            + warnings.get(0) + ")");
      }
    }
  }
}
