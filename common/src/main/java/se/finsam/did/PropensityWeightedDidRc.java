package se.finsam.did;

import java.util.ArrayList;
import java.util.List;

/**
 * Sant'Anna and Zhao's locally efficient doubly robust DiD for repeated cross sections (DRDID
 * {@code drdid_rc}, what R did runs for "dr" on an unbalanced panel) and, without the outcome
 * regressions, the standardised IPW DiD for repeated cross sections (DRDID {@code std_ipw_did_rc}, "ipw"):
 * with all four outcome models set to zero the DR estimator and its influence function reduce exactly to
 * the IPW ones. Abadie's IPW DiD for repeated cross sections (DRDID {@code ipw_did_rc}, "ipw-abadie") divides
 * each part's weighted sum by the estimated shares of treated rows and of rows in the part's period
 * instead of by the part's own weight (see {@link PropensityWeighting}), which adds the estimation of
 * those shares to its influence function.
 *
 * <p>Passes: logit Newton iterations (the first one also builds the four outcome regressions: comparison
 * and treated rows, base and current period), then one pass for the weighted means, the correction
 * vectors of the influence function and the logit Hessian.
 *
 * <p>The improved estimator ({@link ImprovedDoublyRobustDidRc}) fits its own nuisance models and then
 * continues here from the final pass ({@link #improved}) with the same estimate and influence function
 * minus the estimation effects, which DRDID's drdid_imp_rc leaves out.
 */
public final class PropensityWeightedDidRc implements CellEstimation {
  /** Order of the four outcome regressions: by (treated, post). */
  private static final int CONTROL_PRE = 0;
  private static final int CONTROL_POST = 1;
  private static final int TREAT_PRE = 2;
  private static final int TREAT_POST = 3;
  /** Weight and weight * r of each part (treated pre, post, comparison pre, post), overlap, w of post and pre rows. */
  private static final int FINAL_SCALARS = 11;

  private enum Stage { FIT, FINAL, DONE }

  private final PropensityWeighting weighting;
  /** Newton iterations the logit may take ({@link FitLimits#MAX_ITERATIONS}; tests give fewer). */
  private final int maxIterations;
  private final boolean outcomeRegression;
  /** Whether the influence function carries the estimation effects of the score and the regressions. */
  private final boolean estimationEffects;
  private final int k;
  private final double scale;
  private final double rows;
  private final Stage stage;
  private final int iteration;
  /** Whether the logit converged; one that stopped at the limit must be separated (see {@link #next}). */
  private final boolean converged;
  private final double[] psBeta;
  /** The four regressions' coefficients and (X'WX)^-1, by {@link #regression}; null for IPW. */
  private final double[][] regBeta;
  private final double[][][] regInverse;
  private final Done done;

  /**
   * Everything the influence function needs once the estimate is known: by part, what its weighted sum is
   * divided by, over n ({@code means}), and the resulting mean ({@code etas}); for Abadie's IPW the shares of
   * treated rows, of current-period rows and of base-period rows ({@code shares}, null otherwise).
   */
  private record Done(double att, double[] means, double[] etas, double[] shares, double[] effAtts,
                      double[] effMeans, double[] psCorrection, double[][] orCorrections, double overlapViolations)
      implements java.io.Serializable {}

  private PropensityWeightedDidRc(PropensityWeighting weighting, int maxIterations, boolean estimationEffects, int k, double scale,
                                  double rows, Stage stage, int iteration, boolean converged, double[] psBeta,
                                  double[][] regBeta, double[][][] regInverse, Done done) {
    this.weighting = weighting;
    this.maxIterations = maxIterations;
    this.outcomeRegression = weighting.outcomeRegression();
    this.estimationEffects = estimationEffects;
    this.k = k;
    this.scale = scale;
    this.rows = rows;
    this.stage = stage;
    this.iteration = iteration;
    this.converged = converged;
    this.psBeta = psBeta;
    this.regBeta = regBeta;
    this.regInverse = regInverse;
    this.done = done;
  }

  static PropensityWeightedDidRc start(PropensityWeighting weighting, CellCounts counts, int k, int maxIterations) {
    return new PropensityWeightedDidRc(weighting, maxIterations, true, k, counts.weightScale(), counts.units(), Stage.FIT, 0,
        false, new double[k], null, null, null);
  }

  /** The final pass of drdid_imp_rc, given its calibrated score and its four regressions (by {@link #regression}). */
  static PropensityWeightedDidRc improved(int k, double scale, double rows, double[] gamma, double[][] regBeta) {
    return new PropensityWeightedDidRc(PropensityWeighting.DOUBLY_ROBUST, FitLimits.MAX_ITERATIONS, false, k, scale, rows, Stage.FINAL, 0, true,
        gamma, regBeta, null, null);
  }

  private boolean buildsRegression() {
    return outcomeRegression && iteration == 0;
  }

  private static int regression(CellObservation o) {
    return (o.treated() == 1 ? 2 : 0) + (o.post() == 1 ? 1 : 0);
  }

  /**
   * While fitting: the logit's sums at the current iterate (the first time also the four outcome
   * regressions). Then the final pass's sums ({@link FinalMoments}).
   */
  @Override
  public List<Statistic> requests() {
    return switch (stage) {
      case FIT -> {
        List<Statistic> requests = new ArrayList<>();
        requests.add(new Statistic.LogitScore(scale, new Coefficients(psBeta)));
        if (buildsRegression()) {
          for (Statistic.Part part : Statistic.Part.ROWS) {
            requests.add(new Statistic.Gram(k, scale, part, null));
            requests.add(new Statistic.CrossMoments(k, scale, part, null));
          }
        }
        yield requests;
      }
      case FINAL -> List.of(new FinalMoments(scale, new Coefficients(psBeta),
          outcomeRegression ? new Coefficients(regBeta[CONTROL_PRE]) : null,
          outcomeRegression ? new Coefficients(regBeta[CONTROL_POST]) : null));
      case DONE -> List.of();
    };
  }

  /**
   * The final pass at the fitted score {@code beta}, with r the outcome minus the comparisons' model of
   * the row's period (none for IPW): by part (treated pre, post, comparison pre, post) its weight and
   * weight times r, the count of scores at the overlap limit, the weights of current and of base-period
   * rows; the treated rows' x by period, the comparisons' r x and x by period, the logit Hessian.
   */
  record FinalMoments(double scale, Coefficients beta, Coefficients controlPre, Coefficients controlPost)
      implements Statistic {
    @Override
    public int dimension() {
      int k = beta.values().length;
      return FINAL_SCALARS + 6 * k + k * k;
    }

    @Override
    public boolean readsOutcomes() {
      return true;
    }

    @Override
    public void accumulate(CellObservation o, double[] acc, int offset) {
      double w = scale * o.weight();
      double[] x = o.covariates();
      int k = x.length;
      double d = o.treated();
      double p = LogisticRegression.cappedProbability(beta.values(), x);
      boolean post = o.post() == 1;
      Coefficients model = post ? controlPost : controlPre;
      double r = o.deltaY() - (model == null ? 0 : LinearAlgebra.dot(model.values(), x));
      double wt = w * d;
      double wc = controlWeight(d, w, p);
      int part = (d == 1 ? 0 : 4) + (post ? 2 : 0);
      double wp = d == 1 ? wt : wc;
      acc[offset + part] += wp;
      acc[offset + part + 1] += wp * r;
      acc[offset + 8] += p >= FitLimits.OVERLAP_LIMIT ? 1 : 0;
      acc[offset + (post ? 9 : 10)] += w;
      int at = offset + FINAL_SCALARS;
      if (d == 1) {
        LinearAlgebra.addScaled(acc, at + (post ? k : 0), x, wt);
      } else {
        int c = at + 2 * k + (post ? 2 * k : 0);
        LinearAlgebra.addScaled(acc, c, x, wc * r);
        LinearAlgebra.addScaled(acc, c + k, x, wc);
      }
      LinearAlgebra.addOuter(acc, at + 6 * k, x, w * p * (1 - p));
    }
  }

  @Override
  public CellEstimation next(List<double[]> answers) {
    if (stage == Stage.FIT) {
      LogisticRegression.Update update = LogisticRegression.update(psBeta, answers.get(0), 0, k);
      double[] beta = update.beta();
      double[][] newRegBeta = regBeta;
      double[][][] newRegInverse = regInverse;
      if (buildsRegression()) {
        newRegBeta = new double[4][];
        newRegInverse = new double[4][][];
        for (int g = 0; g < 4; g++) {
          newRegInverse[g] = LinearAlgebra.inverse(LinearAlgebra.square(answers.get(1 + 2 * g), 0, k),
              "The regression design matrix");
          newRegBeta[g] = LinearAlgebra.multiply(newRegInverse[g], answers.get(2 + 2 * g));
        }
      }
      boolean stop = update.converged() || iteration + 1 >= maxIterations;
      return new PropensityWeightedDidRc(weighting, maxIterations, true, k, scale, rows, stop ? Stage.FINAL : Stage.FIT,
          iteration + 1, update.converged(), beta, newRegBeta, newRegInverse, null);
    }
    double[] sums = answers.get(0);
    if (!converged && sums[8] == 0) {
      // A logit without a maximum has scores at 0 or 1, which R's overlap guard refuses before the fit.
      throw new FitNotConvergedException("The propensity score logit", maxIterations);
    }
    return new PropensityWeightedDidRc(weighting, maxIterations, estimationEffects, k, scale, rows, Stage.DONE, iteration,
        converged, psBeta, regBeta, regInverse, finish(sums));
  }

  /** DRDID drdid_rc's (std_ipw_did_rc's, ipw_did_rc's) estimate and the constant parts of its influence function. */
  private Done finish(double[] s) {
    // sumW[] = sums of the weights of treated pre, treated post, comparison pre, comparison post (DRDID's
    // mean(w.*) times n); etas[] = the corresponding weighted sums of y minus the comparison fit, divided by
    // sumW or, for Abadie's IPW, by n Pi (1 - lambda) and n Pi lambda (treated weight times period share).
    double[] sumW = {s[0], s[2], s[4], s[6]};
    double[] shares = null;
    double[] denominators = sumW;
    if (!weighting.normalised()) {
      double treatedWeight = sumW[0] + sumW[1];
      shares = new double[] {treatedWeight / rows, s[9] / rows, s[10] / rows};
      double pre = treatedWeight * shares[2];
      double post = treatedWeight * shares[1];
      denominators = new double[] {pre, post, pre, post};
    }
    double[] etas = new double[4];
    for (int i = 0; i < 4; i++) {
      etas[i] = s[2 * i + 1] / denominators[i];
    }
    int at = FINAL_SCALARS;
    double[] treatPreX = LinearAlgebra.slice(s, at, k);
    double[] treatPostX = LinearAlgebra.slice(s, at + k, k);
    double[] m2Pre = LinearAlgebra.slice(s, at + 2 * k, k);
    double[] contPreX = LinearAlgebra.slice(s, at + 3 * k, k);
    double[] m2Post = LinearAlgebra.slice(s, at + 4 * k, k);
    double[] contPostX = LinearAlgebra.slice(s, at + 5 * k, k);
    double[] psMoment = new double[k];
    // The score moves the comparisons' own weight sums, not Abadie's denominators.
    double centred = weighting.normalised() ? 1 : 0;
    for (int j = 0; j < k; j++) {
      // M2.post - M2.pre: DRDID's colMeans(w.cont * (y - out.y.cont - att.cont) * x) / mean(w.cont); for
      // Abadie's IPW mom.logit.pre - mom.logit.post, colMeans(eta.cont * x) of each period.
      psMoment[j] = (m2Post[j] - centred * etas[3] * contPostX[j]) / denominators[3]
          - (m2Pre[j] - centred * etas[2] * contPreX[j]) / denominators[2];
    }
    double[] psCorrection = new double[k];
    if (estimationEffects) {
      double[][] hessianInverse = LinearAlgebra.inverse(LinearAlgebra.square(s, at + 6 * k, k),
          "The propensity score Hessian");
      psCorrection = scaled(LinearAlgebra.multiply(hessianInverse, psMoment), rows);
    }
    double att = (etas[1] - etas[0]) - (etas[3] - etas[2]);
    double[] effAtts = new double[4];
    double[] effMeans = {sumW[0] + sumW[1], sumW[1], sumW[0] + sumW[1], sumW[0]};
    double[][] orCorrections = null;
    if (outcomeRegression) {
      double[] treatX = LinearAlgebra.plus(treatPreX, treatPostX, 1.0);
      double[] deltaPost = LinearAlgebra.plus(regBeta[TREAT_POST], regBeta[CONTROL_POST], -1.0);
      double[] deltaPre = LinearAlgebra.plus(regBeta[TREAT_PRE], regBeta[CONTROL_PRE], -1.0);
      // The locally efficient terms: att.d.post, att.dt1.post, att.d.pre, att.dt0.pre.
      effAtts[0] = LinearAlgebra.dot(treatX, deltaPost) / effMeans[0];
      effAtts[1] = LinearAlgebra.dot(treatPostX, deltaPost) / effMeans[1];
      effAtts[2] = LinearAlgebra.dot(treatX, deltaPre) / effMeans[2];
      effAtts[3] = LinearAlgebra.dot(treatPreX, deltaPre) / effMeans[3];
      att += (effAtts[0] - effAtts[1]) - (effAtts[2] - effAtts[3]);
      // Each row's OLS score enters through one regression; its total coefficient vector combines
      // DRDID's M1 (treated means), M3 (comparison means) and mom (locally efficient terms).
      double[] momPost = new double[k];
      double[] momPre = new double[k];
      double[] vControlPost = new double[k];
      double[] vControlPre = new double[k];
      for (int j = 0; j < k; j++) {
        momPost[j] = treatX[j] / effMeans[0] - treatPostX[j] / effMeans[1];
        momPre[j] = treatX[j] / effMeans[2] - treatPreX[j] / effMeans[3];
        double m1Post = -treatPostX[j] / sumW[1];
        double m1Pre = -treatPreX[j] / sumW[0];
        double m3Post = -contPostX[j] / sumW[3];
        double m3Pre = -contPreX[j] / sumW[2];
        vControlPost[j] = m1Post - m3Post - momPost[j];
        vControlPre[j] = m1Pre - m3Pre + momPre[j];
      }
      double[] negMomPre = LinearAlgebra.plus(new double[k], momPre, -1.0);
      orCorrections = new double[4][];
      java.util.Arrays.fill(orCorrections, new double[k]);
      if (estimationEffects) {
        orCorrections[CONTROL_PRE] = scaled(LinearAlgebra.multiply(regInverse[CONTROL_PRE], vControlPre), rows);
        orCorrections[CONTROL_POST] = scaled(LinearAlgebra.multiply(regInverse[CONTROL_POST], vControlPost), rows);
        orCorrections[TREAT_PRE] = scaled(LinearAlgebra.multiply(regInverse[TREAT_PRE], negMomPre), rows);
        orCorrections[TREAT_POST] = scaled(LinearAlgebra.multiply(regInverse[TREAT_POST], momPost), rows);
      }
    }
    double[] means = new double[4];
    for (int i = 0; i < 4; i++) {
      means[i] = denominators[i] / rows;
      effMeans[i] /= rows;
    }
    return new Done(att, means, etas, shares, effAtts, effMeans, psCorrection, orCorrections, s[8]);
  }

  private static double[] scaled(double[] v, double factor) {
    for (int j = 0; j < v.length; j++) {
      v[j] *= factor;
    }
    return v;
  }

  @Override
  public boolean finished() {
    return stage == Stage.DONE;
  }

  @Override
  public double att() {
    return done.att();
  }

  @Override
  public double overlapViolations() {
    return done.overlapViolations();
  }

  @Override
  public double influence(CellObservation o) {
    double w = scale * o.weight();
    double[] x = o.covariates();
    double d = o.treated();
    double post = o.post();
    double p = propensity(x);
    double r = o.deltaY() - controlFit(o);
    double wt = w * d;
    double wc = controlWeight(d, w, p);
    double[] m = done.means();
    double treat = wt * post * r / m[1] - centring(1, wt * post, w, d, post)
        - (wt * (1 - post) * r / m[0] - centring(0, wt * (1 - post), w, d, post));
    double control = wc * post * r / m[3] - centring(3, wc * post, w, d, post)
        - (wc * (1 - post) * r / m[2] - centring(2, wc * (1 - post), w, d, post))
        + w * (d - p) * LinearAlgebra.dot(x, done.psCorrection());
    double influence = treat - control;
    if (outcomeRegression) {
      double[] a = done.effAtts();
      double[] em = done.effMeans();
      double dPost = LinearAlgebra.dot(x, regBeta[TREAT_POST]) - LinearAlgebra.dot(x, regBeta[CONTROL_POST]);
      double dPre = LinearAlgebra.dot(x, regBeta[TREAT_PRE]) - LinearAlgebra.dot(x, regBeta[CONTROL_PRE]);
      double eff1 = wt * (dPost - a[0]) / em[0];
      double eff2 = wt * post * (dPost - a[1]) / em[1];
      double eff3 = wt * (dPre - a[2]) / em[2];
      double eff4 = wt * (1 - post) * (dPre - a[3]) / em[3];
      int g = regression(o);
      double olsScore = w * (o.deltaY() - LinearAlgebra.dot(x, regBeta[g]));
      influence += (eff1 - eff2) - (eff3 - eff4) + olsScore * LinearAlgebra.dot(x, done.orCorrections()[g]);
    }
    return influence;
  }

  /**
   * The row's term that centres part {@code part}'s weighted sum at its mean: its weight in the part
   * ({@code partWeight}) times the mean over the part's mean weight or, for Abadie's IPW, the mean times the
   * row's effect on the product of estimated shares that divides the part (DRDID ipw_did_rc's inf.*1 to 3).
   */
  private double centring(int part, double partWeight, double w, double d, double post) {
    double eta = done.etas()[part];
    if (weighting.normalised()) {
      return partWeight * eta / done.means()[part];
    }
    double[] shares = done.shares();
    double inPeriod = part % 2 == 1 ? w * post / shares[1] : w * (1 - post) / shares[2];
    return eta * (w * d / shares[0] + inPeriod - 1);
  }

  private double propensity(double[] x) {
    return LogisticRegression.cappedProbability(psBeta, x);
  }

  /** The comparison-group outcome model of the row's period (DRDID's out.y.cont); 0 for IPW. */
  private double controlFit(CellObservation o) {
    if (!outcomeRegression) {
      return 0;
    }
    return LinearAlgebra.dot(regBeta[o.post() == 1 ? CONTROL_POST : CONTROL_PRE], o.covariates());
  }

  /** Odds weights for comparisons; comparisons with a score above the trimming level get none. */
  private static double controlWeight(double d, double w, double p) {
    return p < FitLimits.TRIM_LEVEL ? w * p * (1 - d) / (1 - p) : 0;
  }
}
