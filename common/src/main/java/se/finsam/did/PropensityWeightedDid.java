package se.finsam.did;

import java.util.List;
import java.util.Optional;

/**
 * Sant'Anna and Zhao's traditional doubly robust DiD (DRDID {@code drdid_panel}, "dr") and, without the
 * outcome regression, the standardised IPW DiD (DRDID {@code std_ipw_did_panel}, "ipw"): the IPW
 * estimator is exactly the DR one with a zero outcome model and no correction for estimating it. Abadie's
 * IPW DiD (DRDID {@code ipw_did_panel}, "ipw-abadie") is the standardised one with the comparisons' sum
 * divided by the treated weight instead of their own (see {@link PropensityWeighting}).
 *
 * <p>Passes: logit Newton iterations (the first one also builds the control-group regression), then one
 * pass for the weighted means, the correction terms of the influence function and the Hessian at the
 * trimmed propensity score.
 */
public final class PropensityWeightedDid implements CellEstimation {
  /** Scalars at the start of {@link ScoreMoments}: treated and comparison weights, overlap violations. */
  private static final int FINAL_SHARED = 3;

  private enum Stage { FIT, FINAL, DONE }

  private final PropensityWeighting weighting;
  /** Newton iterations the logit may take ({@link FitLimits#MAX_ITERATIONS}; tests give fewer). */
  private final int maxIterations;
  private final boolean outcomeRegression;
  private final int k;
  private final double scale;
  private final double units;
  private final Stage stage;
  private final int iteration;
  /** Whether the logit converged; one that stopped at the limit must be separated (see {@link #next}). */
  private final boolean converged;
  private final double[] psBeta;
  private final double[] regBeta;
  private final double[][] regInverse;
  // Known once DONE.
  private final double att;
  private final double etaTreat;
  private final double etaControl;
  private final double meanTreatWeight;
  /** What the comparisons' weighted sum is divided by, over n: their weight (normalised) or the treated one. */
  private final double meanControlWeight;
  private final double[] treatCorrection;
  private final double[] psCorrection;
  private final double[] controlCorrection;
  private final double overlapViolations;

  private PropensityWeightedDid(PropensityWeighting weighting, int maxIterations, int k, double scale, double units, Stage stage,
                                int iteration, boolean converged, double[] psBeta, double[] regBeta,
                                double[][] regInverse,
                                double att, double etaTreat, double etaControl, double meanTreatWeight,
                                double meanControlWeight, double[] treatCorrection, double[] psCorrection,
                                double[] controlCorrection, double overlapViolations) {
    this.weighting = weighting;
    this.maxIterations = maxIterations;
    this.outcomeRegression = weighting.outcomeRegression();
    this.k = k;
    this.scale = scale;
    this.units = units;
    this.stage = stage;
    this.iteration = iteration;
    this.converged = converged;
    this.psBeta = psBeta;
    this.regBeta = regBeta;
    this.regInverse = regInverse;
    this.att = att;
    this.etaTreat = etaTreat;
    this.etaControl = etaControl;
    this.meanTreatWeight = meanTreatWeight;
    this.meanControlWeight = meanControlWeight;
    this.treatCorrection = treatCorrection;
    this.psCorrection = psCorrection;
    this.controlCorrection = controlCorrection;
    this.overlapViolations = overlapViolations;
  }

  static PropensityWeightedDid start(PropensityWeighting weighting, CellCounts counts, int k, int maxIterations) {
    return new PropensityWeightedDid(weighting, maxIterations, k, counts.weightScale(), counts.units(), Stage.FIT, 0,
        false, new double[k], null, null, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
        null, null, null, Double.NaN);
  }

  private PropensityWeightedDid fitting(int newIteration, double[] newPsBeta, double[] newRegBeta,
                                        double[][] newRegInverse, boolean newConverged) {
    boolean stop = newConverged || newIteration >= maxIterations;
    return new PropensityWeightedDid(weighting, maxIterations, k, scale, units, stop ? Stage.FINAL : Stage.FIT,
        newIteration, newConverged, newPsBeta, newRegBeta, newRegInverse, Double.NaN, Double.NaN, Double.NaN,
        Double.NaN, Double.NaN, null, null, null, Double.NaN);
  }

  private boolean buildsRegression() {
    return outcomeRegression && iteration == 0;
  }

  /**
   * While fitting: the logit's sums at the current iterate (the first time also the comparisons'
   * regression). Then the final pass: the score's sums, which do not look at outcomes, and the residuals'.
   */
  @Override
  public List<Statistic> requests() {
    Coefficients beta = new Coefficients(psBeta);
    return switch (stage) {
      case FIT -> buildsRegression()
          ? List.of(new Statistic.LogitScore(scale, beta), new Statistic.Gram(k, scale, Statistic.Part.COMPARISONS, null),
              new Statistic.CrossMoments(k, scale, Statistic.Part.COMPARISONS, null))
          : List.of(new Statistic.LogitScore(scale, beta));
      case FINAL -> List.of(new ScoreMoments(scale, beta),
          new ResidualMoments(scale, beta, outcomeRegression ? new Coefficients(regBeta) : null));
      case DONE -> List.of();
    };
  }

  /**
   * At the fitted score p: the treated and the comparisons' (odds) weights, the count of scores at the
   * overlap limit, the covariates summed with each of the two weights, and the logit Hessian X'W p (1 - p) X.
   */
  record ScoreMoments(double scale, Coefficients beta) implements Statistic.AtScore {
    @Override
    public int dimension() {
      int k = beta.values().length;
      return FINAL_SHARED + 2 * k + k * k;
    }

    @Override
    public boolean readsOutcomes() {
      return false;
    }

    @Override
    public Coefficients score() {
      return beta;
    }

    @Override
    public void accumulate(CellObservation o, double p, double[] acc, int offset) {
      double w = scale * o.weight();
      double[] x = o.covariates();
      double d = o.treated();
      double wt = treatWeight(d, w);
      double wc = controlWeight(d, w, p);
      int k = x.length;
      acc[offset] += wt;
      acc[offset + 1] += wc;
      acc[offset + 2] += p >= FitLimits.OVERLAP_LIMIT ? 1 : 0;
      LinearAlgebra.addScaled(acc, offset + FINAL_SHARED, x, wt);
      LinearAlgebra.addScaled(acc, offset + FINAL_SHARED + k, x, wc);
      LinearAlgebra.addOuter(acc, offset + FINAL_SHARED + 2 * k, x, w * p * (1 - p));
    }
  }

  /**
   * The residuals r (the outcome change minus the comparisons' outcome model {@code regBeta}, or the
   * change itself without one) summed with the treated and the odds weights, and r x with the odds weights.
   */
  record ResidualMoments(double scale, Coefficients beta, Coefficients regBeta) implements Statistic.AtScore {
    @Override
    public int dimension() {
      return 2 + beta.values().length;
    }

    @Override
    public boolean readsOutcomes() {
      return true;
    }

    @Override
    public Coefficients score() {
      return beta;
    }

    @Override
    public void accumulate(CellObservation o, double p, double[] acc, int offset) {
      double w = scale * o.weight();
      double[] x = o.covariates();
      double d = o.treated();
      double wt = treatWeight(d, w);
      double wc = controlWeight(d, w, p);
      double r = residual(regBeta == null ? null : regBeta.values(), o);
      acc[offset] += wt * r;
      acc[offset + 1] += wc * r;
      LinearAlgebra.addScaled(acc, offset + 2, x, wc * r);
    }
  }

  @Override
  public CellEstimation next(List<double[]> answers) {
    if (stage == Stage.FIT) {
      LogisticRegression.Update update = LogisticRegression.update(psBeta, answers.get(0), 0, k);
      double[] newRegBeta = regBeta;
      double[][] newRegInverse = regInverse;
      if (buildsRegression()) {
        newRegInverse = LinearAlgebra.inverse(LinearAlgebra.square(answers.get(1), 0, k), "The regression design matrix");
        newRegBeta = LinearAlgebra.multiply(newRegInverse, answers.get(2));
      }
      return fitting(iteration + 1, update.beta(), newRegBeta, newRegInverse, update.converged());
    }
    double[] shared = answers.get(0);
    double[] own = answers.get(1);
    if (!converged && shared[2] == 0) {
      // A logit without a maximum has scores at 0 or 1, which R's overlap guard refuses before the fit.
      throw new FitNotConvergedException("The propensity score logit", maxIterations);
    }
    double sumWt = shared[0];
    double controlDenominator = weighting.normalised() ? shared[1] : sumWt;
    double eTreat = own[0] / sumWt;
    double eControl = own[1] / controlDenominator;
    double[] m1 = LinearAlgebra.slice(shared, FINAL_SHARED, k);
    double[] m3 = LinearAlgebra.slice(shared, FINAL_SHARED + k, k);
    double[] m2 = LinearAlgebra.slice(own, 2, k);
    if (weighting.normalised()) {
      // The score moves the comparisons' weight sum too; Abadie's denominator, the treated weight, it does not.
      for (int j = 0; j < k; j++) {
        m2[j] -= eControl * m3[j];
      }
    }
    double[][] hessianInverse = LinearAlgebra.inverse(LinearAlgebra.square(shared, FINAL_SHARED + 2 * k, k),
        "The propensity score Hessian");
    return new PropensityWeightedDid(weighting, maxIterations, k, scale, units, Stage.DONE, iteration, converged,
        psBeta, regBeta, regInverse, eTreat - eControl, eTreat, eControl, sumWt / units, controlDenominator / units,
        outcomeRegression ? LinearAlgebra.multiply(regInverse, m1) : null,
        LinearAlgebra.multiply(hessianInverse, m2),
        outcomeRegression ? LinearAlgebra.multiply(regInverse, m3) : null, shared[2]);
  }

  @Override
  public boolean finished() {
    return stage == Stage.DONE;
  }

  @Override
  public double att() {
    return att;
  }

  @Override
  public double overlapViolations() {
    return overlapViolations;
  }

  /**
   * The products of x with the score's, the outcome model's and the three corrections' coefficients are
   * taken in one loop over x: each is summed in the order {@link LinearAlgebra#dot} sums it, so the result
   * is the same to the bit, but five independent sums keep the CPU busy where one sum waits on its own
   * last addition (this is the unit pass's inner loop with covariates: per person, cell and outcome).
   */
  @Override
  public double influence(CellObservation o) {
    double w = scale * o.weight();
    double[] x = o.covariates();
    double d = o.treated();
    double xPs = 0;
    double xPsCorrection = 0;
    double xReg = 0;
    double xTreatCorrection = 0;
    double xControlCorrection = 0;
    if (outcomeRegression) {
      for (int j = 0; j < x.length; j++) {
        double xj = x[j];
        xPs += psBeta[j] * xj;
        xPsCorrection += xj * psCorrection[j];
        xReg += regBeta[j] * xj;
        xTreatCorrection += xj * treatCorrection[j];
        xControlCorrection += xj * controlCorrection[j];
      }
    } else {
      for (int j = 0; j < x.length; j++) {
        double xj = x[j];
        xPs += psBeta[j] * xj;
        xPsCorrection += xj * psCorrection[j];
      }
    }
    double p = LogisticRegression.cappedProbability(xPs);
    double wt = treatWeight(d, w);
    double wc = controlWeight(d, w, p);
    double r = o.deltaY() - xReg;
    double treat = wt * r - wt * etaTreat;
    double control = wc * r - controlCentring(wt, wc) * etaControl + w * (d - p) * xPsCorrection;
    if (outcomeRegression) {
      // The estimated outcome model moves both means; (1 - d) w r x is its OLS score.
      double olsScore = (1 - d) * w * r;
      treat -= olsScore * xTreatCorrection;
      control -= olsScore * xControlCorrection;
    }
    return treat / meanTreatWeight - control / meanControlWeight;
  }

  /**
   * With x = (1) the score p and the outcome model m are constants and r = deltaY - m. A treated unit's
   * influence is w (r - etaTreat) / E[w d] - (w (1 - p) c_ps - v_t etaControl) / D; a comparison's is
   * -w r c_t / E[w d] - (wc r - v_c etaControl - w p c_ps - w r c_c) / D, with wc its odds weight, c the
   * corrections (c_t = c_c = 0 without the outcome model), D = E[wc] and (v_t, v_c) = (0, wc) when the
   * weights are normalised, D = E[w d] and (v_t, v_c) = (w, 0) for Abadie's IPW.
   */
  @Override
  public Optional<LinearInfluence> linearInfluence() {
    if (k != 1) {
      return Optional.empty();
    }
    double w = scale;
    double p = LogisticRegression.cappedProbability(psBeta[0]);
    double wc = controlWeight(0, w, p);
    double model = outcomeRegression ? regBeta[0] : 0;
    double treatCorr = outcomeRegression ? treatCorrection[0] : 0;
    double controlCorr = outcomeRegression ? controlCorrection[0] : 0;
    double psCorr = psCorrection[0];
    double comparisonSlope = -w * treatCorr / meanTreatWeight - (wc - w * controlCorr) / meanControlWeight;
    return Optional.of(new LinearInfluence(
        LinearInfluence.Line.through(w / meanTreatWeight, model + etaTreat,
            (controlCentring(w, 0) * etaControl - w * (1 - p) * psCorr) / meanControlWeight),
        LinearInfluence.Line.through(comparisonSlope, model,
            (controlCentring(0, wc) * etaControl + w * p * psCorr) / meanControlWeight)));
  }

  /**
   * The weight that centres a unit's comparison term at etaControl: its own odds weight when the odds
   * weights are normalised, its treated weight for Abadie's IPW (whose denominator is the treated weight).
   */
  private double controlCentring(double wt, double wc) {
    return weighting.normalised() ? wc : wt;
  }

  private static double treatWeight(double d, double w) {
    return w * d;
  }

  /** Odds weights for comparisons; comparisons with a score above the trimming level get none. */
  private static double controlWeight(double d, double w, double p) {
    return p < FitLimits.TRIM_LEVEL ? w * p * (1 - d) / (1 - p) : 0;
  }

  /** The outcome change minus the comparisons' outcome model, if there is one. */
  private static double residual(double[] regBeta, CellObservation o) {
    return regBeta != null ? o.deltaY() - LinearAlgebra.dot(regBeta, o.covariates()) : o.deltaY();
  }
}
