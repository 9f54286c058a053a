package se.finsam.did;

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
    return new ImprovedDoublyRobustDid(k, counts.weightScale(), counts.units(), Stage.CALIBRATE,
        CalibratedPropensity.start(counts, k), null, Double.NaN, Double.NaN);
  }

  @Override
  public int sumDimension() {
    return switch (stage) {
      case CALIBRATE -> CalibratedPropensity.sumDimension(k);
      case REGRESS -> NormalEquations.dimension(k);
      case FINAL -> 2;
      case DONE -> 0;
    };
  }

  @Override
  public void accumulate(CellObservation o, double[] acc, int offset) {
    double w = scale * o.weight();
    double d = o.treated();
    double[] x = o.covariates();
    switch (stage) {
      case CALIBRATE -> score.accumulate(d, x, w, acc, offset);
      case REGRESS -> {
        if (d == 0) {
          double p = score.propensity(x);
          NormalEquations.accumulate(acc, offset, x, o.deltaY(), w * p / (1 - p));
        }
      }
      case FINAL -> {
        acc[offset] += w * summand(o);
        acc[offset + 1] += w * d;
      }
      case DONE -> throw new IllegalStateException("estimation finished");
    }
  }

  @Override
  public CellEstimation next(double[] sums, int offset) {
    return switch (stage) {
      case CALIBRATE -> {
        CalibratedPropensity stepped = score.next(sums, offset);
        yield new ImprovedDoublyRobustDid(k, scale, units, stepped.fitted() ? Stage.REGRESS : Stage.CALIBRATE,
            stepped, null, Double.NaN, Double.NaN);
      }
      case REGRESS -> new ImprovedDoublyRobustDid(k, scale, units, Stage.FINAL, score,
          NormalEquations.solve(sums, offset, k), Double.NaN, Double.NaN);
      case FINAL -> new ImprovedDoublyRobustDid(k, scale, units, Stage.DONE, score, beta,
          sums[offset] / sums[offset + 1], sums[offset + 1] / units);
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
    return w * trim(o) * (summand(o) - o.treated() * att) / meanTreatWeight;
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

  private double trim(CellObservation o) {
    return o.treated() == 1 || score.propensity(o.covariates()) < FitLimits.TRIM_LEVEL ? 1 : 0;
  }

  private double summand(CellObservation o) {
    double p = score.propensity(o.covariates());
    return trim(o) * (1 - (1 - o.treated()) / (1 - p)) * (o.deltaY() - LinearAlgebra.dot(beta, o.covariates()));
  }
}
