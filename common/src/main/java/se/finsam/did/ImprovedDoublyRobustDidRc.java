package se.finsam.did;

import java.util.ArrayList;
import java.util.List;

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
    return start(counts, k, FitLimits.MAX_ITERATIONS);
  }

  static ImprovedDoublyRobustDidRc start(CellCounts counts, int k, int maxIterations) {
    return new ImprovedDoublyRobustDidRc(k, counts.weightScale(), counts.units(),
        CalibratedPropensity.start(counts, k, maxIterations));
  }

  /**
   * The calibrated score's sums at its trial point, then the four regressions by (treated, post):
   * comparison rows weighted by the fitted odds, treated rows by w.
   */
  @Override
  public List<Statistic> requests() {
    if (!score.fitted()) {
      return List.of(score.request(scale));
    }
    Coefficients odds = new Coefficients(score.gamma());
    List<Statistic> regressions = new ArrayList<>();
    for (Statistic.Part part : Statistic.Part.ROWS) {
      Coefficients weighting = part == Statistic.Part.TREATED_PRE || part == Statistic.Part.TREATED_POST ? null : odds;
      regressions.add(new Statistic.Gram(k, scale, part, weighting));
      regressions.add(new Statistic.CrossMoments(k, scale, part, weighting));
    }
    return regressions;
  }

  @Override
  public CellEstimation next(List<double[]> answers) {
    if (!score.fitted()) {
      return new ImprovedDoublyRobustDidRc(k, scale, rows, score.next(answers.get(0)));
    }
    double[][] beta = new double[4][];
    for (int g = 0; g < 4; g++) {
      beta[g] = NormalEquations.solve(answers.get(2 * g), answers.get(2 * g + 1), k);
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
