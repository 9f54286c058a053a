package se.finsam.did;

/**
 * Sant'Anna and Zhao's improved, locally efficient doubly robust DiD for repeated cross sections (DRDID
 * {@code drdid_imp_rc}, "drimp" on an unbalanced panel): the calibrated propensity score of
 * {@code pscore.cal}, comparison-row regressions per period weighted by the fitted odds w p / (1 - p)
 * ({@code wols_rc}), treated-row regressions per period weighted by w, then the same estimate as
 * {@code drdid_rc} with an influence function without estimation effects.
 *
 * <p>Passes: the calibrated score ({@link CalibratedPropensity}), one pass for the four regressions, then
 * the final pass of {@link PropensityWeightedDidRc}.
 */
public final class ImprovedDoublyRobustDidRc implements CellEstimation {
  private final int k;
  private final double scale;
  private final double rows;
  private final CalibratedPropensity score;

  private ImprovedDoublyRobustDidRc(int k, double scale, double rows, CalibratedPropensity score) {
    this.k = k;
    this.scale = scale;
    this.rows = rows;
    this.score = score;
  }

  public static ImprovedDoublyRobustDidRc start(CellCounts counts, int k) {
    return new ImprovedDoublyRobustDidRc(k, counts.weightScale(), counts.units(), CalibratedPropensity.start(counts, k));
  }

  @Override
  public int sumDimension() {
    return score.fitted() ? 4 * NormalEquations.dimension(k) : CalibratedPropensity.sumDimension(k);
  }

  @Override
  public void accumulate(CellObservation o, double[] acc, int offset) {
    double w = scale * o.weight();
    double d = o.treated();
    double[] x = o.covariates();
    if (!score.fitted()) {
      score.accumulate(d, x, w, acc, offset);
      return;
    }
    double p = score.propensity(x);
    int regression = (d == 1 ? 2 : 0) + (o.post() == 1 ? 1 : 0);
    NormalEquations.accumulate(acc, offset + regression * NormalEquations.dimension(k), x, o.deltaY(),
        d == 1 ? w : w * p / (1 - p));
  }

  @Override
  public CellEstimation next(double[] sums, int offset) {
    if (!score.fitted()) {
      return new ImprovedDoublyRobustDidRc(k, scale, rows, score.next(sums, offset));
    }
    double[][] beta = new double[4][];
    for (int g = 0; g < 4; g++) {
      beta[g] = NormalEquations.solve(sums, offset + g * NormalEquations.dimension(k), k);
    }
    return PropensityWeightedDidRc.improved(k, scale, rows, score.gamma(), beta);
  }

  @Override
  public boolean finished() {
    return false;
  }

  @Override
  public double att() {
    throw new IllegalStateException("not estimated yet");
  }

  @Override
  public double influence(CellObservation o) {
    throw new IllegalStateException("not estimated yet");
  }
}
