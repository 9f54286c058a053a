package se.finsam.did;

import java.io.Serializable;

/**
 * Everything one staggered DiD asks for, R's att_gt and aggte arguments together: what to estimate
 * ({@link DidSettings}), how to infer (alp, bootstrap, uniform bands), which event-time window to
 * aggregate over and whether units share clusters. Built with {@link #builder()}, whose setters reject
 * a bad value when it is set, naming the option, so a job fails on its configuration, not deep in a run.
 *
 * @param did what att_gt estimates
 * @param alp significance level of intervals and bands
 * @param bootstrap R's bstrap: standard errors (and att_gt's bands) from multiplier-bootstrap draws
 * @param uniformBands R's cband: simultaneous bands (att_gt's only with the bootstrap; aggte's always by
 *     bootstrap, as R computes them even when bstrap = FALSE)
 * @param iterations bootstrap draws (R's biters)
 * @param seed bootstrap seed
 * @param window event-time window of the aggregations (R's min_e, max_e, balance_e)
 * @param clustered units share clusters beyond the unit (R's clustervars): then with the bootstrap, as R,
 *     no analytical pre-test is reported
 */
public record EstimateSettings(DidSettings did, double alp, boolean bootstrap, boolean uniformBands, int iterations,
                               long seed, Aggregator.Window window, boolean clustered) implements Serializable {

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting at R's defaults: never treated, varying base, dr, alp 0.05, analytical, 999 draws. */
  public static final class Builder {
    private ControlGroup controlGroup = ControlGroup.NEVER_TREATED;
    private BasePeriod basePeriod = BasePeriod.VARYING;
    private int anticipation;
    private EstimationMethod method = EstimationMethod.DR;
    private UnbalancedPanel unbalancedPanel = UnbalancedPanel.DROP_UNITS;
    private int formulaVariables;
    private double alp = 0.05;
    private boolean bootstrap;
    private boolean uniformBands;
    private int iterations = 999;
    private long seed = 20241212L;
    private Aggregator.Window window = Aggregator.Window.all();
    private boolean clustered;

    private Builder() {}

    public Builder controlGroup(ControlGroup value) {
      controlGroup = required(value, "control group");
      return this;
    }

    public Builder basePeriod(BasePeriod value) {
      basePeriod = required(value, "base period");
      return this;
    }

    public Builder anticipation(int periods) {
      if (periods < 0) {
        throw new IllegalArgumentException("anticipation must be 0 or more periods, not " + periods);
      }
      anticipation = periods;
      return this;
    }

    public Builder method(EstimationMethod value) {
      method = required(value, "estimation method");
      return this;
    }

    /** Units missing periods: dropped (R's default), repeated cross sections (R) or pair balanced (Stata csdid). */
    public Builder unbalancedPanel(UnbalancedPanel value) {
      unbalancedPanel = required(value, "unbalanced-panel mode");
      return this;
    }

    /** Variables on the right of the covariate formula (a factor counts once); R warns on groups below this + 5. */
    public Builder formulaVariables(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("formula variables must be 0 or more, not " + count);
      }
      formulaVariables = count;
      return this;
    }

    public Builder alp(double value) {
      if (!(value > 0 && value < 1)) {
        throw new IllegalArgumentException("alp must lie strictly between 0 and 1, not " + value);
      }
      alp = value;
      return this;
    }

    public Builder bootstrap(boolean value) {
      bootstrap = value;
      return this;
    }

    public Builder uniformBands(boolean value) {
      uniformBands = value;
      return this;
    }

    public Builder iterations(int draws) {
      if (draws < 2) {
        throw new IllegalArgumentException("bootstrap iterations must be at least 2, not " + draws);
      }
      iterations = draws;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    /** Event-time window; infinite bounds and a null balanceE mean no limit. */
    public Builder window(double minE, double maxE, Integer balanceE) {
      if (Double.isNaN(minE) || Double.isNaN(maxE) || minE > maxE) {
        throw new IllegalArgumentException("the event window needs min_e <= max_e, not " + minE + " > " + maxE);
      }
      if (balanceE != null && balanceE < 0) {
        throw new IllegalArgumentException("balance_e must be 0 or more, not " + balanceE);
      }
      window = new Aggregator.Window(minE, maxE, balanceE);
      return this;
    }

    /** The window as options write it (R's min_e, max_e, balance_e): a blank one is no limit. */
    public Builder window(String minE, String maxE, String balanceE) {
      return window(minE.isBlank() ? Double.NEGATIVE_INFINITY : Double.parseDouble(minE.trim()),
          maxE.isBlank() ? Double.POSITIVE_INFINITY : Double.parseDouble(maxE.trim()),
          balanceE.isBlank() ? null : Integer.valueOf(balanceE.trim()));
    }

    public Builder clustered(boolean value) {
      clustered = value;
      return this;
    }

    public EstimateSettings build() {
      return new EstimateSettings(new DidSettings(controlGroup, basePeriod, anticipation, method, unbalancedPanel,
          formulaVariables), alp, bootstrap, uniformBands, iterations, seed, window, clustered);
    }

    private static <T> T required(T value, String option) {
      if (value == null) {
        throw new IllegalArgumentException("the " + option + " must be set");
      }
      return value;
    }
  }
}
