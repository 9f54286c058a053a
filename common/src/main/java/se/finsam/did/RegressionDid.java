package se.finsam.did;

import java.util.List;
import java.util.Optional;

/**
 * Outcome regression DiD (DRDID {@code reg_did_panel}, "reg"): the treated units' mean change minus the
 * mean of the change predicted for them by a regression fitted on the comparison units. One pass.
 */
public final class RegressionDid implements CellEstimation {
  private final int k;
  private final double scale;
  private final double units;
  private final boolean done;
  private final double[] beta;
  private final double att;
  private final double etaTreat;
  private final double etaControl;
  private final double meanTreatWeight;
  private final double[] correction;

  private RegressionDid(int k, double scale, double units, boolean done, double[] beta, double att,
                        double etaTreat, double etaControl, double meanTreatWeight, double[] correction) {
    this.k = k;
    this.scale = scale;
    this.units = units;
    this.done = done;
    this.beta = beta;
    this.att = att;
    this.etaTreat = etaTreat;
    this.etaControl = etaControl;
    this.meanTreatWeight = meanTreatWeight;
    this.correction = correction;
  }

  public static RegressionDid start(CellCounts counts, int k) {
    return new RegressionDid(k, counts.weightScale(), counts.units(), false, null, Double.NaN, Double.NaN,
        Double.NaN, Double.NaN, null);
  }

  /** The comparisons' normal equations and the treated units' sums, in one pass. */
  @Override
  public List<Statistic> requests() {
    if (done) {
      return List.of();
    }
    return List.of(new Statistic.Gram(k, scale, Statistic.Part.COMPARISONS, null),
        new Statistic.CrossMoments(k, scale, Statistic.Part.COMPARISONS, null), new Statistic.TreatedMoments(k, scale));
  }

  @Override
  public CellEstimation next(List<double[]> answers) {
    double[][] inverse = LinearAlgebra.inverse(LinearAlgebra.square(answers.get(0), 0, k), "The regression design matrix");
    double[] b = LinearAlgebra.multiply(inverse, answers.get(1));
    // Panel observations are all current-period ones (TreatedMoments' entries 2 and 3).
    double[] treated = answers.get(2);
    double sumW = treated[2];
    double[] treatedX = LinearAlgebra.slice(treated, 4, k);
    double eTreat = treated[3] / sumW;
    double eControl = LinearAlgebra.dot(treatedX, b) / sumW;
    return new RegressionDid(k, scale, units, true, b, eTreat - eControl, eTreat, eControl, sumW / units,
        LinearAlgebra.multiply(inverse, treatedX));
  }

  @Override
  public boolean finished() {
    return done;
  }

  @Override
  public double att() {
    return att;
  }

  @Override
  public double influence(CellObservation o) {
    double w = scale * o.weight();
    double d = o.treated();
    double[] x = o.covariates();
    double fitted = LinearAlgebra.dot(beta, x);
    double treat = w * d * (o.deltaY() - etaTreat);
    double control = w * d * (fitted - etaControl) + (1 - d) * w * (o.deltaY() - fitted) * LinearAlgebra.dot(x, correction);
    return (treat - control) / meanTreatWeight;
  }

  /**
   * With x = (1) the fit is a constant beta: a treated unit's influence is w (deltaY - etaTreat - (beta -
   * etaControl)) / E[w d], a comparison's -w c (deltaY - beta) / E[w d] with c the correction.
   */
  @Override
  public Optional<LinearInfluence> linearInfluence() {
    if (k != 1) {
      return Optional.empty();
    }
    double fitted = beta[0];
    return Optional.of(new LinearInfluence(
        LinearInfluence.Line.through(scale / meanTreatWeight, etaTreat + fitted - etaControl, 0),
        LinearInfluence.Line.through(-scale * correction[0] / meanTreatWeight, fitted, 0)));
  }
}
