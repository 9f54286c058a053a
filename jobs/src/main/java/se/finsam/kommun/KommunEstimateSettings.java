package se.finsam.kommun;

import com.typesafe.config.Config;
import java.util.List;
import se.finsam.did.BasePeriod;
import se.finsam.did.ControlGroup;
import se.finsam.did.EstimateSettings;
import se.finsam.did.EstimationMethod;
import se.finsam.did.UnbalancedPanel;

/**
 * How the municipality panel is estimated ({@code finsam.kommun.estimate.*}), checked when read.
 *
 * @param estimate the staggered DiD's settings (control group, base period, anticipation, method,
 *     unbalanced panel, inference, event window 0..max-event-time for the aggregations)
 * @param populationWeights weight each municipality by its group's population in the first year of the panel
 * @param covariates municipality-level covariates, of {@link #COVARIATES}
 */
public record KommunEstimateSettings(EstimateSettings estimate, boolean populationWeights, List<String> covariates) {
  /**
   * befolkning: log of the group's population in the first year of the panel (municipality size);
   * utfall_forsta_aret: the outcome's share in the first year of the panel (before any joining in it).
   */
  public static final List<String> COVARIATES = List.of("befolkning", "utfall_forsta_aret");

  public KommunEstimateSettings {
    covariates = List.copyOf(covariates);
    for (String c : covariates) {
      if (!COVARIATES.contains(c)) {
        throw new IllegalArgumentException("finsam.kommun.estimate.covariates: '" + c + "' is not one of " + COVARIATES);
      }
    }
  }

  public static KommunEstimateSettings from(Config config) {
    Config c = config.getConfig("finsam.kommun.estimate");
    String weights = c.getString("weights");
    if (!weights.equals("none") && !weights.equals("befolkning")) {
      throw new IllegalArgumentException("finsam.kommun.estimate.weights must be none or befolkning, not '" + weights + "'");
    }
    List<String> covariates = c.getStringList("covariates");
    int maxE = c.getInt("max-event-time");
    if (maxE < 0) {
      throw new IllegalArgumentException("finsam.kommun.estimate.max-event-time must be 0 or more, not " + maxE);
    }
    int iterations = c.getInt("bootstrap-iterations");
    EstimateSettings.Builder b = EstimateSettings.builder()
        .controlGroup(ControlGroup.parse(c.getString("control-group")))
        .basePeriod(BasePeriod.parse(c.getString("base-period")))
        .anticipation(c.getInt("anticipation"))
        .method(EstimationMethod.parse(c.getString("est-method")))
        .unbalancedPanel(UnbalancedPanel.parse(c.getString("unbalanced-panel")))
        .formulaVariables(covariates.size())
        .alp(c.getDouble("alp"))
        .window(Double.NEGATIVE_INFINITY, maxE, null)
        .bootstrap(iterations > 0)
        .seed(c.getLong("bootstrap-seed"));
    if (iterations > 0) {
      b.iterations(iterations);
    }
    return new KommunEstimateSettings(b.build(), weights.equals("befolkning"), covariates);
  }

  public int maxEventTime() {
    return (int) estimate.window().maxE();
  }
}
