package se.finsam.kommun;

import com.typesafe.config.Config;
import java.util.List;
import se.finsam.did.BasePeriod;
import se.finsam.did.ControlGroup;
import se.finsam.did.DidSettings;
import se.finsam.did.EstimationMethod;

/**
 * How the municipality panel is estimated ({@code finsam.kommun.estimate.*}), checked when read.
 *
 * @param did the estimator's settings (control group, base period, anticipation, method, balance)
 * @param populationWeights weight each municipality by its group's population in the first year of the panel
 * @param covariates municipality-level covariates, of {@link #COVARIATES}
 * @param maxEventTime the last event time of the aggregations (seed 001: six follow-up years)
 * @param alp significance level
 * @param bootstrapIterations multiplier bootstrap draws, 0 = analytical standard errors
 * @param bootstrapSeed the bootstrap's seed
 */
public record EstimateSettings(DidSettings did, boolean populationWeights, List<String> covariates, int maxEventTime,
                               double alp, int bootstrapIterations, long bootstrapSeed) {
  /**
   * befolkning: log of the group's population in the first year of the panel (municipality size);
   * utfall_forsta_aret: the outcome's share in the first year of the panel (before any joining in it).
   */
  public static final List<String> COVARIATES = List.of("befolkning", "utfall_forsta_aret");

  public EstimateSettings {
    covariates = List.copyOf(covariates);
    for (String c : covariates) {
      if (!COVARIATES.contains(c)) {
        throw new IllegalArgumentException("finsam.kommun.estimate.covariates: '" + c + "' is not one of " + COVARIATES);
      }
    }
    if (maxEventTime < 0) {
      throw new IllegalArgumentException("finsam.kommun.estimate.max-event-time must be >= 0");
    }
    if (alp <= 0 || alp >= 1) {
      throw new IllegalArgumentException("finsam.kommun.estimate.alp must be in (0, 1)");
    }
    if (bootstrapIterations < 0) {
      throw new IllegalArgumentException("finsam.kommun.estimate.bootstrap-iterations must be >= 0");
    }
  }

  public static EstimateSettings from(Config config) {
    Config c = config.getConfig("finsam.kommun.estimate");
    String weights = c.getString("weights");
    if (!weights.equals("none") && !weights.equals("befolkning")) {
      throw new IllegalArgumentException("finsam.kommun.estimate.weights must be none or befolkning, not '" + weights + "'");
    }
    List<String> covariates = c.getStringList("covariates");
    DidSettings did = new DidSettings(ControlGroup.parse(c.getString("control-group")),
        BasePeriod.parse(c.getString("base-period")), c.getInt("anticipation"),
        EstimationMethod.parse(c.getString("est-method")), !c.getBoolean("balanced"), covariates.size());
    return new EstimateSettings(did, weights.equals("befolkning"), covariates, c.getInt("max-event-time"),
        c.getDouble("alp"), c.getInt("bootstrap-iterations"), c.getLong("bootstrap-seed"));
  }
}
