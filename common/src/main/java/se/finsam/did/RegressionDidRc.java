package se.finsam.did;

import java.util.List;

/**
 * Outcome regression DiD for repeated cross sections (DRDID {@code reg_did_rc}, "reg" on an unbalanced
 * panel): the treated rows' mean change from the base to the current period minus the mean over the
 * treated rows of the change predicted by two regressions on the comparison rows (one per period).
 * One pass: both regressions' normal equations and the treated rows' sums.
 */
public final class RegressionDidRc implements CellEstimation {
  private final int k;
  private final double scale;
  private final double rows;
  private final boolean done;
  private final double[] betaPre;
  private final double[] betaPost;
  private final double att;
  private final double etaTreatPre;
  private final double etaTreatPost;
  private final double etaControl;
  private final double meanTreatPre;
  private final double meanTreatPost;
  private final double meanTreat;
  private final double[] correctionPre;
  private final double[] correctionPost;

  private RegressionDidRc(int k, double scale, double rows, boolean done, double[] betaPre, double[] betaPost,
                          double att, double etaTreatPre, double etaTreatPost, double etaControl,
                          double meanTreatPre, double meanTreatPost, double meanTreat, double[] correctionPre,
                          double[] correctionPost) {
    this.k = k;
    this.scale = scale;
    this.rows = rows;
    this.done = done;
    this.betaPre = betaPre;
    this.betaPost = betaPost;
    this.att = att;
    this.etaTreatPre = etaTreatPre;
    this.etaTreatPost = etaTreatPost;
    this.etaControl = etaControl;
    this.meanTreatPre = meanTreatPre;
    this.meanTreatPost = meanTreatPost;
    this.meanTreat = meanTreat;
    this.correctionPre = correctionPre;
    this.correctionPost = correctionPost;
  }

  public static RegressionDidRc start(CellCounts counts, int k) {
    return new RegressionDidRc(k, counts.weightScale(), counts.units(), false, null, null, Double.NaN, Double.NaN,
        Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, null);
  }

  /** Both periods' comparison regressions and the treated rows' sums, in one pass. */
  @Override
  public List<Statistic> requests() {
    if (done) {
      return List.of();
    }
    return List.of(new Statistic.Gram(k, scale, Statistic.Part.COMPARISONS_PRE, null),
        new Statistic.CrossMoments(k, scale, Statistic.Part.COMPARISONS_PRE, null),
        new Statistic.Gram(k, scale, Statistic.Part.COMPARISONS_POST, null),
        new Statistic.CrossMoments(k, scale, Statistic.Part.COMPARISONS_POST, null),
        new Statistic.TreatedMoments(k, scale));
  }

  @Override
  public CellEstimation next(List<double[]> answers) {
    double[][] inversePre = LinearAlgebra.inverse(LinearAlgebra.square(answers.get(0), 0, k),
        "The regression design matrix for pre-treatment");
    double[][] inversePost = LinearAlgebra.inverse(LinearAlgebra.square(answers.get(2), 0, k),
        "The regression design matrix for post-treatment");
    double[] bPre = LinearAlgebra.multiply(inversePre, answers.get(1));
    double[] bPost = LinearAlgebra.multiply(inversePost, answers.get(3));
    double[] treated = answers.get(4);
    double sumPre = treated[0];
    double sumPost = treated[2];
    double[] treatedX = LinearAlgebra.slice(treated, 4, k);
    double etaPre = treated[1] / sumPre;
    double etaPost = treated[3] / sumPost;
    double etaCont = (LinearAlgebra.dot(treatedX, bPost) - LinearAlgebra.dot(treatedX, bPre)) / (sumPre + sumPost);
    return new RegressionDidRc(k, scale, rows, true, bPre, bPost, (etaPost - etaPre) - etaCont, etaPre, etaPost,
        etaCont, sumPre / rows, sumPost / rows, (sumPre + sumPost) / rows,
        LinearAlgebra.multiply(inversePre, treatedX), LinearAlgebra.multiply(inversePost, treatedX));
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
    double post = o.post();
    double y = o.deltaY();
    double[] x = o.covariates();
    double fittedPre = LinearAlgebra.dot(betaPre, x);
    double fittedPost = LinearAlgebra.dot(betaPost, x);
    double treat = w * d * post * (y - etaTreatPost) / meanTreatPost
        - w * d * (1 - post) * (y - etaTreatPre) / meanTreatPre;
    // Leading term of the comparison part, then the two OLS estimation effects (their scores times
    // (X'WX)^-1 times the treated rows' covariate sum, DRDID's asy.lin.rep.ols %*% M1).
    double control = w * d * (fittedPost - fittedPre - etaControl)
        + (1 - d) * w * (post * (y - fittedPost) * LinearAlgebra.dot(x, correctionPost)
            - (1 - post) * (y - fittedPre) * LinearAlgebra.dot(x, correctionPre));
    return treat - control / meanTreat;
  }
}
