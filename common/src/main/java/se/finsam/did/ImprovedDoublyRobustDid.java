package se.finsam.did;

import java.util.List;
import java.util.Optional;

/**
 * Sant'Anna and Zhao's improved, locally efficient doubly robust DiD (DRDID {@code drdid_imp_panel},
 * "drimp"). The propensity score is fitted by inverse probability tilting (the calibration loss of
 * DRDID's {@code pscore.cal}), the outcome regression by least squares weighted with the resulting odds;
 * with those two fits the estimator needs no correction terms in its influence function.
 *
 * <p>Passes: the calibrated propensity score ({@link CalibratedPropensity}, a pass per trial point), one
 * regression pass, one pass for the ATT.
 */
public final class ImprovedDoublyRobustDid implements CellEstimation {

  private enum Stage { CALIBRATE, REGRESS, FINAL, DONE }

  private final int k;
  private final double scale;
  private final double units;
  private final Stage stage;
  private final CalibratedPropensity score;
  private final double[] beta;
  private final double att;
  private final double meanTreatWeight;

  private ImprovedDoublyRobustDid(int k, double scale, double units, Stage stage, CalibratedPropensity score,
                                  double[] beta, double att, double meanTreatWeight) {
    this.k = k;
    this.scale = scale;
    this.units = units;
    this.stage = stage;
    this.score = score;
    this.beta = beta;
    this.att = att;
    this.meanTreatWeight = meanTreatWeight;
  }

  public static ImprovedDoublyRobustDid start(CellCounts counts, int k) {
    return start(counts, k, FitLimits.MAX_ITERATIONS);
  }

  static ImprovedDoublyRobustDid start(CellCounts counts, int k, int maxIterations) {
    return new ImprovedDoublyRobustDid(k, counts.weightScale(), counts.units(), Stage.CALIBRATE,
        CalibratedPropensity.start(counts, k, maxIterations), null, Double.NaN, Double.NaN);
  }

  /**
   * The calibrated score's sums at its trial point; the comparisons' regression weighted by the fitted
   * odds; the ATT's sums.
   */
  @Override
  public List<Statistic> requests() {
    return switch (stage) {
      case CALIBRATE -> List.of(score.request(scale));
      case REGRESS -> {
        Coefficients odds = new Coefficients(score.gamma());
        yield List.of(new Statistic.Gram(k, scale, Statistic.Part.COMPARISONS, odds),
            new Statistic.CrossMoments(k, scale, Statistic.Part.COMPARISONS, odds));
      }
      case FINAL -> List.of(new FinalSums(scale, new Coefficients(score.gamma()), new Coefficients(beta)));
      case DONE -> List.of();
    };
  }

  /** The weighted sums of the ATT's summand and of the treatment indicator (drdid_imp_panel's dr.att). */
  record FinalSums(double scale, Coefficients gamma, Coefficients beta) implements Statistic {
    @Override
    public int dimension() {
      return 2;
    }

    @Override
    public boolean readsOutcomes() {
      return true;
    }

    @Override
    public void accumulate(CellObservation o, double[] acc, int offset) {
      double w = scale * o.weight();
      acc[offset] += w * summand(gamma.values(), beta.values(), o);
      acc[offset + 1] += w * o.treated();
    }
  }

  @Override
  public CellEstimation next(List<double[]> answers) {
    return switch (stage) {
      case CALIBRATE -> {
        CalibratedPropensity stepped = score.next(answers.get(0));
        yield new ImprovedDoublyRobustDid(k, scale, units, stepped.fitted() ? Stage.REGRESS : Stage.CALIBRATE,
            stepped, null, Double.NaN, Double.NaN);
      }
      case REGRESS -> new ImprovedDoublyRobustDid(k, scale, units, Stage.FINAL, score,
          NormalEquations.solve(answers.get(0), answers.get(1), k), Double.NaN, Double.NaN);
      case FINAL -> new ImprovedDoublyRobustDid(k, scale, units, Stage.DONE, score, beta,
          answers.get(0)[0] / answers.get(0)[1], answers.get(0)[1] / units);
      case DONE -> throw new IllegalStateException("estimation finished");
    };
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
  public double influence(CellObservation o) {
    double w = scale * o.weight();
    double[] gamma = score.gamma();
    return w * trim(gamma, o) * (summand(gamma, beta, o) - o.treated() * att) / meanTreatWeight;
  }

  /**
   * With x = (1) the score p and the regression beta are constants: a treated unit's influence is
   * w (deltaY - beta - att) / E[w d], a kept comparison's -w p / (1 - p) (deltaY - beta) / E[w d], a
   * trimmed one's 0.
   */
  @Override
  public Optional<LinearInfluence> linearInfluence() {
    if (k != 1) {
      return Optional.empty();
    }
    double w = scale;
    double p = score.propensity(new double[] {1.0});
    double kept = p < FitLimits.TRIM_LEVEL ? 1 : 0;
    return Optional.of(new LinearInfluence(
        LinearInfluence.Line.through(w / meanTreatWeight, beta[0] + att, 0),
        LinearInfluence.Line.through(w * kept * (1 - 1 / (1 - p)) / meanTreatWeight, beta[0], 0)));
  }

  private static double trim(double[] gamma, CellObservation o) {
    return o.treated() == 1 || LogisticRegression.cappedProbability(gamma, o.covariates()) < FitLimits.TRIM_LEVEL ? 1 : 0;
  }

  private static double summand(double[] gamma, double[] beta, CellObservation o) {
    double p = LogisticRegression.cappedProbability(gamma, o.covariates());
    return trim(gamma, o) * (1 - (1 - o.treated()) / (1 - p)) * (o.deltaY() - LinearAlgebra.dot(beta, o.covariates()));
  }
}
