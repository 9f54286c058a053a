package se.finsam.did;

/**
 * Sant'Anna and Zhao's improved, locally efficient doubly robust DiD (DRDID {@code drdid_imp_panel},
 * "drimp"). The propensity score is fitted by inverse probability tilting (the calibration loss of
 * DRDID's {@code pscore.cal}), the outcome regression by least squares weighted with the resulting odds;
 * with those two fits the estimator needs no correction terms in its influence function.
 *
 * <p>Passes: damped Newton on the convex calibration loss (a pass per trial point), one regression pass,
 * one pass for the ATT.
 */
public final class ImprovedDoublyRobustDid implements CellEstimation {
  private static final double PS_CAP = 1 - 1e-6;
  private static final double TRIM_LEVEL = 0.995;
  private static final int MAX_ITERATIONS = 200;

  private enum Stage { CALIBRATE, REGRESS, FINAL, DONE }

  /** Newton state: the last accepted point, its loss, the search direction and the step tried now. */
  private record Search(double[] accepted, double loss, double[] direction, double step, int iteration)
      implements java.io.Serializable {}

  private final int k;
  private final double scale;
  private final double units;
  private final Stage stage;
  private final double[] gamma;
  private final Search search;
  private final double[] beta;
  private final double att;
  private final double meanTreatWeight;

  private ImprovedDoublyRobustDid(int k, double scale, double units, Stage stage, double[] gamma, Search search,
                                  double[] beta, double att, double meanTreatWeight) {
    this.k = k;
    this.scale = scale;
    this.units = units;
    this.stage = stage;
    this.gamma = gamma;
    this.search = search;
    this.beta = beta;
    this.att = att;
    this.meanTreatWeight = meanTreatWeight;
  }

  public static ImprovedDoublyRobustDid start(CellCounts counts, int k) {
    // The intercept-only calibration solution is a good start; the loss is convex, so the optimum is the same.
    double[] gamma = new double[k];
    gamma[0] = Math.log((double) counts.treated() / counts.controls());
    return new ImprovedDoublyRobustDid(k, counts.weightScale(), counts.units(), Stage.CALIBRATE, gamma, null,
        null, Double.NaN, Double.NaN);
  }

  @Override
  public int sumDimension() {
    return switch (stage) {
      case CALIBRATE -> 1 + k + k * k;
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
      case CALIBRATE -> {
        double index = LinearAlgebra.dot(gamma, x);
        double e = Math.exp(index);
        acc[offset] -= w * (d * index - (1 - d) * e);
        LinearAlgebra.addScaled(acc, offset + 1, x, w * (d - (1 - d) * e));
        LinearAlgebra.addOuter(acc, offset + 1 + k, x, (1 - d) * w * e);
      }
      case REGRESS -> {
        if (d == 0) {
          double p = propensity(x);
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
      case CALIBRATE -> calibrationStep(sums, offset);
      case REGRESS -> new ImprovedDoublyRobustDid(k, scale, units, Stage.FINAL, gamma, null,
          NormalEquations.solve(sums, offset, k), Double.NaN, Double.NaN);
      case FINAL -> new ImprovedDoublyRobustDid(k, scale, units, Stage.DONE, gamma, null, beta,
          sums[offset] / sums[offset + 1], sums[offset + 1] / units);
      case DONE -> throw new IllegalStateException("estimation finished");
    };
  }

  private CellEstimation calibrationStep(double[] sums, int offset) {
    double loss = sums[offset];
    if (search != null && !(loss <= search.loss() + 1e-12 * Math.abs(search.loss()))) {
      // The full step overshot: halve it from the last accepted point.
      double half = search.step() / 2;
      if (half < 1e-10) {
        return regress(search.accepted());
      }
      Search shorter = new Search(search.accepted(), search.loss(), search.direction(), half, search.iteration());
      return new ImprovedDoublyRobustDid(k, scale, units, Stage.CALIBRATE,
          LogisticRegression.plus(search.accepted(), search.direction(), half), shorter, null, Double.NaN, Double.NaN);
    }
    double[] direction = LinearAlgebra.solve(LinearAlgebra.square(sums, offset + 1 + k, k),
        LinearAlgebra.slice(sums, offset + 1, k), "The calibration Hessian");
    int iteration = search == null ? 0 : search.iteration() + 1;
    if (LogisticRegression.converged(direction, gamma) || iteration >= MAX_ITERATIONS) {
      return regress(LogisticRegression.plus(gamma, direction, 1.0));
    }
    return new ImprovedDoublyRobustDid(k, scale, units, Stage.CALIBRATE, LogisticRegression.plus(gamma, direction, 1.0),
        new Search(gamma, loss, direction, 1.0, iteration), null, Double.NaN, Double.NaN);
  }

  private ImprovedDoublyRobustDid regress(double[] calibrated) {
    return new ImprovedDoublyRobustDid(k, scale, units, Stage.REGRESS, calibrated, null, null, Double.NaN, Double.NaN);
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

  private double propensity(double[] x) {
    return Math.min(LogisticRegression.probability(gamma, x), PS_CAP);
  }

  private double trim(CellObservation o) {
    return o.treated() == 1 || propensity(o.covariates()) < TRIM_LEVEL ? 1 : 0;
  }

  private double summand(CellObservation o) {
    double p = propensity(o.covariates());
    return trim(o) * (1 - (1 - o.treated()) / (1 - p)) * (o.deltaY() - LinearAlgebra.dot(beta, o.covariates()));
  }
}
