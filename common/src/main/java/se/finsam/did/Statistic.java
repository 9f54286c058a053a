package se.finsam.did;

import java.io.Serializable;
import java.util.List;

/**
 * A statistic a 2x2 estimator needs from a pass over its cell's observations: a fixed-size vector of
 * sums. Implementations are records, so two requests are equal exactly when they compute the same
 * thing; the planner ({@link PassPlan}) computes equal requests of cells over the same observations once.
 * A statistic that never reads the outcome is the same for every cell over the same units (and the same
 * covariate period); one that reads it only for cells that also share their two periods.
 */
public interface Statistic extends Serializable {
  /** Length of the sum vector. */
  int dimension();

  /** Whether the sums look at {@link CellObservation#deltaY()}. */
  boolean readsOutcomes();

  /** Adds one observation's contribution at {@code offset}. */
  void accumulate(CellObservation o, double[] acc, int offset);

  /** Each statistic summed over {@code observations} on one machine, in order. */
  static List<double[]> sumAll(List<Statistic> statistics, List<CellObservation> observations) {
    return statistics.stream().map(s -> {
      double[] acc = new double[s.dimension()];
      for (CellObservation o : observations) {
        s.accumulate(o, acc, 0);
      }
      return acc;
    }).toList();
  }

  /**
   * A statistic whose sums need each observation's propensity score (capped as DRDID caps it) at
   * {@link #score()}, or none when that is null. The planner computes the score once per observation for
   * all the statistics at equal coefficients that it sums together (the two of a cell's final pass, the
   * two of a regression weighted by calibrated odds) and hands it in; alone, a statistic computes its own.
   */
  interface AtScore extends Statistic {
    /** The score's coefficients, or null if these sums need no score. */
    Coefficients score();

    /** Adds one observation's contribution, given its score {@code p} (NaN when {@link #score()} is null). */
    void accumulate(CellObservation o, double p, double[] acc, int offset);

    /** The observation's score at {@link #score()}, below DRDID's cap. */
    default double propensity(CellObservation o) {
      return LogisticRegression.cappedProbability(score().values(), o.covariates());
    }

    @Override
    default void accumulate(CellObservation o, double[] acc, int offset) {
      accumulate(o, score() == null ? Double.NaN : propensity(o), acc, offset);
    }
  }

  /** Which observations a regression's normal equations run over. */
  enum Part {
    /** The comparison units of a panel cell. */
    COMPARISONS,
    /** Repeated cross sections, by (treated, post): DRDID's four outcome regressions. */
    COMPARISONS_PRE, COMPARISONS_POST, TREATED_PRE, TREATED_POST;

    /** The four parts of repeated cross sections, indexed (treated ? 2 : 0) + (post ? 1 : 0). */
    static final List<Part> ROWS = List.of(COMPARISONS_PRE, COMPARISONS_POST, TREATED_PRE, TREATED_POST);

    boolean contains(CellObservation o) {
      return switch (this) {
        case COMPARISONS -> o.treated() == 0;
        default -> this == ROWS.get((o.treated() == 1 ? 2 : 0) + (o.post() == 1 ? 1 : 0));
      };
    }
  }

  /**
   * The sums of one Newton step of the weighted logit of treatment on the covariates at {@code beta}
   * ({@link LogisticRegression#accumulate}); weights are the raw ones times {@code scale}.
   */
  record LogitScore(double scale, Coefficients beta) implements Statistic {
    @Override
    public int dimension() {
      return LogisticRegression.dimension(beta.values().length);
    }

    @Override
    public boolean readsOutcomes() {
      return false;
    }

    @Override
    public void accumulate(CellObservation o, double[] acc, int offset) {
      LogisticRegression.accumulate(acc, offset, beta.values(), o.covariates(), o.treated(), scale * o.weight());
    }
  }

  /**
   * The loss, gradient and Hessian of DRDID's calibrated propensity score at the trial point
   * {@code gamma} ({@link CalibratedPropensity}).
   */
  record CalibrationScore(double scale, Coefficients gamma) implements Statistic {
    @Override
    public int dimension() {
      return CalibratedPropensity.sumDimension(gamma.values().length);
    }

    @Override
    public boolean readsOutcomes() {
      return false;
    }

    @Override
    public void accumulate(CellObservation o, double[] acc, int offset) {
      CalibratedPropensity.accumulate(gamma.values(), o.treated(), o.covariates(), scale * o.weight(), acc, offset);
    }
  }

  /**
   * X'WX of a regression over {@code part} (k x k, row major): W the raw weights times {@code scale},
   * times the odds p / (1 - p) of the calibrated score at {@code odds} for comparisons when it is given.
   */
  record Gram(int k, double scale, Part part, Coefficients odds) implements AtScore {
    @Override
    public int dimension() {
      return k * k;
    }

    @Override
    public boolean readsOutcomes() {
      return false;
    }

    @Override
    public Coefficients score() {
      return odds;
    }

    @Override
    public void accumulate(CellObservation o, double p, double[] acc, int offset) {
      if (part.contains(o)) {
        LinearAlgebra.addOuter(acc, offset, o.covariates(), regressionWeight(scale, odds, o, p));
      }
    }
  }

  /** X'Wy of the regression {@link Gram} describes, y the outcome. */
  record CrossMoments(int k, double scale, Part part, Coefficients odds) implements AtScore {
    @Override
    public int dimension() {
      return k;
    }

    @Override
    public boolean readsOutcomes() {
      return true;
    }

    @Override
    public Coefficients score() {
      return odds;
    }

    @Override
    public void accumulate(CellObservation o, double p, double[] acc, int offset) {
      if (part.contains(o)) {
        LinearAlgebra.addScaled(acc, offset, o.covariates(), regressionWeight(scale, odds, o, p) * o.deltaY());
      }
    }
  }

  /**
   * The treated observations' weight and weighted outcome in the base and in the current period (panel
   * observations are all current), then their weighted covariate sum: 4 + k entries.
   */
  record TreatedMoments(int k, double scale) implements Statistic {
    @Override
    public int dimension() {
      return 4 + k;
    }

    @Override
    public boolean readsOutcomes() {
      return true;
    }

    @Override
    public void accumulate(CellObservation o, double[] acc, int offset) {
      if (o.treated() == 0) {
        return;
      }
      double w = scale * o.weight();
      int at = offset + (o.post() == 1 ? 2 : 0);
      acc[at] += w;
      acc[at + 1] += w * o.deltaY();
      LinearAlgebra.addScaled(acc, offset + 4, o.covariates(), w);
    }
  }

  /** The regression weight: w, or for comparisons with calibrated odds w p / (1 - p), p their score. */
  private static double regressionWeight(double scale, Coefficients odds, CellObservation o, double p) {
    double w = scale * o.weight();
    if (odds == null || o.treated() == 1) {
      return w;
    }
    return w * p / (1 - p);
  }
}
