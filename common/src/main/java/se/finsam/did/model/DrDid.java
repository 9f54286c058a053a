package se.finsam.did.model;

import java.util.function.IntToDoubleFunction;
import se.finsam.did.FitLimits;

/**
 * The 2x2 estimators of R package DRDID 1.2.3 (Sant'Anna and Zhao 2020, "Doubly robust
 * difference-in-differences estimators", J. Econometrics 219), one method per R function and under its
 * name, written line by line after the R code so that the two can be read side by side: ATT and influence
 * function, no bootstrap.
 *
 * <p>Panel estimators take the outcome in the post and the pre period ({@code y1}, {@code y0}); repeated
 * cross-section estimators one outcome per row and the post-period dummy. {@code x} is the covariate
 * matrix including the intercept column ({@code int.cov}), {@code w} the sampling weights or null. As in R
 * the weights are rescaled to mean one first, propensity scores are capped at 1 - 1e-6 and comparison
 * units with a score of 0.995 or more are trimmed ({@code trim.level}).
 */
public final class DrDid {

  private DrDid() {}

  // ---------------------------------------------------------------------------------------------------
  // Panel data
  // ---------------------------------------------------------------------------------------------------

  /** {@code drdid_panel}: the traditional doubly robust estimator, eq. (3.1) of Sant'Anna and Zhao. */
  public static TwoByTwo drdidPanel(double[] y1, double[] y0, double[] d, double[][] x, double[] weights) {
    int n = d.length;
    double[] w = normalised(weights, n);
    double[] dy = vec(n, i -> y1[i] - y0[i]);
    PropensityScore ps = PropensityScore.logit(d, x, w);
    double[] p = vec(n, ps::capped);
    double[] trim = trim(d, p);
    OutcomeRegression or = OutcomeRegression.fit(dy, x, vec(n, i -> w[i] * (1 - d[i])));
    double[] out = or.fitted();
    double[] wTreat = vec(n, i -> trim[i] * w[i] * d[i]);
    double[] wCont = vec(n, i -> trim[i] * w[i] * p[i] * (1 - d[i]) / (1 - p[i]));
    double[] attTreat = vec(n, i -> wTreat[i] * (dy[i] - out[i]));
    double[] attCont = vec(n, i -> wCont[i] * (dy[i] - out[i]));
    double etaTreat = Dense.mean(attTreat) / Dense.mean(wTreat);
    double etaCont = Dense.mean(attCont) / Dense.mean(wCont);
    double att = etaTreat - etaCont;

    double[][] psRep = ps.linearRepresentation(d, x, w);
    double[] infTreat2 = or.times(Dense.colMeans(wTreat, x));
    double[] infTreat = vec(n, i -> (attTreat[i] - wTreat[i] * etaTreat - infTreat2[i]) / Dense.mean(wTreat));
    double[] infCont2 = Dense.times(psRep, Dense.colMeans(vec(n, i -> wCont[i] * (dy[i] - out[i] - etaCont)), x));
    double[] infCont3 = or.times(Dense.colMeans(wCont, x));
    double[] infControl = vec(n, i -> (attCont[i] - wCont[i] * etaCont + infCont2[i] - infCont3[i]) / Dense.mean(wCont));
    return new TwoByTwo(att, Dense.minus(infTreat, infControl));
  }

  /**
   * {@code drdid_imp_panel}: the improved (locally efficient, bias-reduced) doubly robust estimator: the
   * calibrated propensity score of {@code pscore.cal} and a comparison-unit regression weighted by the
   * fitted odds ({@code wols.br.panel}); by construction the first-stage estimation has no effect on the
   * influence function.
   */
  public static TwoByTwo drdidImpPanel(double[] y1, double[] y0, double[] d, double[][] x, double[] weights) {
    int n = d.length;
    double[] w = normalised(weights, n);
    double[] dy = vec(n, i -> y1[i] - y0[i]);
    PropensityScore ps = PropensityScore.calibrated(d, x, w);
    double[] p = vec(n, ps::capped);
    double[] trim = trim(d, p);
    double[] out = OutcomeRegression.fit(dy, x, vec(n, i -> (1 - d[i]) * w[i] * p[i] / (1 - p[i]))).fitted();
    double[] summand = vec(n, i -> trim[i] * (1 - (1 - d[i]) / (1 - p[i])) * (dy[i] - out[i]));
    double treated = Dense.mean(vec(n, i -> d[i] * w[i]));
    double att = Dense.mean(vec(n, i -> w[i] * summand[i])) / treated;
    return new TwoByTwo(att, vec(n, i -> w[i] * trim[i] * (summand[i] - d[i] * att) / treated));
  }

  /** {@code reg_did_panel}: outcome regression (Heckman, Ichimura and Todd 1997). */
  public static TwoByTwo regDidPanel(double[] y1, double[] y0, double[] d, double[][] x, double[] weights) {
    int n = d.length;
    double[] w = normalised(weights, n);
    double[] dy = vec(n, i -> y1[i] - y0[i]);
    OutcomeRegression or = OutcomeRegression.fit(dy, x, vec(n, i -> w[i] * (1 - d[i])));
    double[] out = or.fitted();
    double[] wTreat = vec(n, i -> w[i] * d[i]);
    double[] attTreat = vec(n, i -> wTreat[i] * dy[i]);
    double[] attCont = vec(n, i -> wTreat[i] * out[i]);
    double meanTreat = Dense.mean(wTreat);
    double etaTreat = Dense.mean(attTreat) / meanTreat;
    double etaCont = Dense.mean(attCont) / meanTreat;
    double[] infCont2 = or.times(Dense.colMeans(wTreat, x));
    return new TwoByTwo(etaTreat - etaCont, vec(n, i -> (attTreat[i] - wTreat[i] * etaTreat) / meanTreat
        - (attCont[i] - wTreat[i] * etaCont + infCont2[i]) / meanTreat));
  }

  /** {@code std_ipw_did_panel}: inverse probability weighting with weights normalised to one (Hajek). */
  public static TwoByTwo stdIpwDidPanel(double[] y1, double[] y0, double[] d, double[][] x, double[] weights) {
    int n = d.length;
    double[] w = normalised(weights, n);
    double[] dy = vec(n, i -> y1[i] - y0[i]);
    PropensityScore ps = PropensityScore.logit(d, x, w);
    double[] p = vec(n, ps::capped);
    double[] trim = trim(d, p);
    double[] wTreat = vec(n, i -> trim[i] * w[i] * d[i]);
    double[] wCont = vec(n, i -> trim[i] * w[i] * p[i] * (1 - d[i]) / (1 - p[i]));
    double etaTreat = Dense.mean(vec(n, i -> wTreat[i] * dy[i])) / Dense.mean(wTreat);
    double etaCont = Dense.mean(vec(n, i -> wCont[i] * dy[i])) / Dense.mean(wCont);
    double[] infCont2 = Dense.times(ps.linearRepresentation(d, x, w),
        Dense.colMeans(vec(n, i -> wCont[i] * (dy[i] - etaCont)), x));
    return new TwoByTwo(etaTreat - etaCont, vec(n, i -> wTreat[i] * (dy[i] - etaTreat) / Dense.mean(wTreat)
        - (wCont[i] * (dy[i] - etaCont) + infCont2[i]) / Dense.mean(wCont)));
  }

  /** {@code ipw_did_panel}: Abadie's (2005) inverse probability weighting, weights not normalised (Horvitz-Thompson). */
  public static TwoByTwo ipwDidPanel(double[] y1, double[] y0, double[] d, double[][] x, double[] weights) {
    int n = d.length;
    double[] w = normalised(weights, n);
    double[] dy = vec(n, i -> y1[i] - y0[i]);
    PropensityScore ps = PropensityScore.logit(d, x, w);
    double[] p = vec(n, ps::capped);
    double[] trim = trim(d, p);
    double[] attTreat = vec(n, i -> trim[i] * w[i] * d[i] * dy[i]);
    double[] attCont = vec(n, i -> trim[i] * w[i] * p[i] * (1 - d[i]) / (1 - p[i]) * dy[i]);
    double treated = Dense.mean(vec(n, i -> w[i] * d[i]));
    double att = (Dense.mean(attTreat) - Dense.mean(attCont)) / treated;
    double[] lin2 = Dense.times(ps.linearRepresentation(d, x, w), Dense.colMeans(attCont, x));
    return new TwoByTwo(att, vec(n, i -> (attTreat[i] - attCont[i] - lin2[i] - w[i] * d[i] * att) / treated));
  }

  // ---------------------------------------------------------------------------------------------------
  // Repeated cross sections
  // ---------------------------------------------------------------------------------------------------

  /** {@code drdid_rc}: the locally efficient doubly robust estimator for repeated cross sections, eq. (3.4). */
  public static TwoByTwo drdidRc(double[] y, double[] post, double[] d, double[][] x, double[] weights) {
    int n = d.length;
    double[] w = normalised(weights, n);
    PropensityScore ps = PropensityScore.logit(d, x, w);
    double[] p = vec(n, ps::capped);
    double[] trim = trim(d, p);
    OutcomeRegression contPre = OutcomeRegression.fit(y, x, vec(n, i -> w[i] * (1 - d[i]) * (1 - post[i])));
    OutcomeRegression contPost = OutcomeRegression.fit(y, x, vec(n, i -> w[i] * (1 - d[i]) * post[i]));
    OutcomeRegression treatPre = OutcomeRegression.fit(y, x, vec(n, i -> w[i] * d[i] * (1 - post[i])));
    OutcomeRegression treatPost = OutcomeRegression.fit(y, x, vec(n, i -> w[i] * d[i] * post[i]));
    RcParts parts = new RcParts(y, post, d, x, w, p, trim, trim, contPre.fitted(), contPost.fitted(),
        treatPre.fitted(), treatPost.fitted());

    double[][] psRep = ps.linearRepresentation(d, x, w);
    double[] m1Post = scale(Dense.colMeans(vec(n, i -> parts.wTreatPost[i] * post[i]), x), -1 / parts.mTreatPost);
    double[] m1Pre = scale(Dense.colMeans(vec(n, i -> parts.wTreatPre[i] * (1 - post[i])), x), -1 / parts.mTreatPre);
    double[] infTreatOr = plus(contPost.times(m1Post), contPre.times(m1Pre));
    double[] m2Pre = scale(Dense.colMeans(vec(n, i -> parts.wContPre[i] * (y[i] - parts.outCont[i] - parts.attContPre)), x),
        1 / parts.mContPre);
    double[] m2Post = scale(Dense.colMeans(vec(n, i -> parts.wContPost[i] * (y[i] - parts.outCont[i] - parts.attContPost)), x),
        1 / parts.mContPost);
    double[] infContPs = Dense.times(psRep, Dense.minus(m2Post, m2Pre));
    double[] m3Post = scale(Dense.colMeans(vec(n, i -> parts.wContPost[i] * post[i]), x), -1 / parts.mContPost);
    double[] m3Pre = scale(Dense.colMeans(vec(n, i -> parts.wContPre[i] * (1 - post[i])), x), -1 / parts.mContPre);
    double[] infContOr = plus(contPost.times(m3Post), contPre.times(m3Pre));
    double[] momPost = Dense.colMeans(vec(n, i -> parts.wD[i] / parts.mD - parts.wDt1[i] / parts.mDt1), x);
    double[] momPre = Dense.colMeans(vec(n, i -> parts.wD[i] / parts.mD - parts.wDt0[i] / parts.mDt0), x);
    double[] infOrPost = Dense.minus(treatPost.times(momPost), contPost.times(momPost));
    double[] infOrPre = Dense.minus(treatPre.times(momPre), contPre.times(momPre));
    double[] base = parts.influenceWithoutEstimationEffects();
    return new TwoByTwo(parts.att(), vec(n, i -> base[i] + infTreatOr[i] - infContPs[i] - infContOr[i]
        + infOrPost[i] - infOrPre[i]));
  }

  /**
   * {@code drdid_imp_rc}: the improved locally efficient doubly robust estimator for repeated cross
   * sections: calibrated score, comparison regressions per period weighted by the odds ({@code wols_rc}),
   * treated regressions per period weighted by w; treated weights are not trimmed.
   */
  public static TwoByTwo drdidImpRc(double[] y, double[] post, double[] d, double[][] x, double[] weights) {
    int n = d.length;
    double[] w = normalised(weights, n);
    PropensityScore ps = PropensityScore.calibrated(d, x, w);
    double[] p = vec(n, ps::capped);
    double[] trim = trim(d, p);
    double[] odds = vec(n, i -> w[i] * p[i] / (1 - p[i]));
    double[] contPre = OutcomeRegression.fit(y, x, vec(n, i -> odds[i] * (1 - d[i]) * (1 - post[i]))).fitted();
    double[] contPost = OutcomeRegression.fit(y, x, vec(n, i -> odds[i] * (1 - d[i]) * post[i])).fitted();
    double[] treatPre = OutcomeRegression.fit(y, x, vec(n, i -> w[i] * d[i] * (1 - post[i]))).fitted();
    double[] treatPost = OutcomeRegression.fit(y, x, vec(n, i -> w[i] * d[i] * post[i])).fitted();
    double[] ones = vec(n, i -> 1);
    RcParts parts = new RcParts(y, post, d, x, w, p, ones, trim, contPre, contPost, treatPre, treatPost);
    return new TwoByTwo(parts.att(), parts.influenceWithoutEstimationEffects());
  }

  /** {@code reg_did_rc}: outcome regression for repeated cross sections. */
  public static TwoByTwo regDidRc(double[] y, double[] post, double[] d, double[][] x, double[] weights) {
    int n = d.length;
    double[] w = normalised(weights, n);
    OutcomeRegression pre = OutcomeRegression.fit(y, x, vec(n, i -> w[i] * (1 - d[i]) * (1 - post[i])));
    OutcomeRegression postFit = OutcomeRegression.fit(y, x, vec(n, i -> w[i] * (1 - d[i]) * post[i]));
    double[] wTreatPre = vec(n, i -> w[i] * d[i] * (1 - post[i]));
    double[] wTreatPost = vec(n, i -> w[i] * d[i] * post[i]);
    double[] wCont = vec(n, i -> w[i] * d[i]);
    double[] attCont = vec(n, i -> wCont[i] * (postFit.fitted()[i] - pre.fitted()[i]));
    double etaTreatPre = Dense.mean(vec(n, i -> wTreatPre[i] * y[i])) / Dense.mean(wTreatPre);
    double etaTreatPost = Dense.mean(vec(n, i -> wTreatPost[i] * y[i])) / Dense.mean(wTreatPost);
    double etaCont = Dense.mean(attCont) / Dense.mean(wCont);
    double[] m1 = Dense.colMeans(wCont, x);
    double[] cont2Post = postFit.times(m1);
    double[] cont2Pre = pre.times(m1);
    return new TwoByTwo((etaTreatPost - etaTreatPre) - etaCont, vec(n, i ->
        wTreatPost[i] * (y[i] - etaTreatPost) / Dense.mean(wTreatPost)
            - wTreatPre[i] * (y[i] - etaTreatPre) / Dense.mean(wTreatPre)
            - (attCont[i] - wCont[i] * etaCont + cont2Post[i] - cont2Pre[i]) / Dense.mean(wCont)));
  }

  /** {@code std_ipw_did_rc}: normalised inverse probability weighting for repeated cross sections. */
  public static TwoByTwo stdIpwDidRc(double[] y, double[] post, double[] d, double[][] x, double[] weights) {
    int n = d.length;
    double[] w = normalised(weights, n);
    PropensityScore ps = PropensityScore.logit(d, x, w);
    double[] p = vec(n, ps::capped);
    double[] trim = trim(d, p);
    double[] wTreatPre = vec(n, i -> trim[i] * w[i] * d[i] * (1 - post[i]));
    double[] wTreatPost = vec(n, i -> trim[i] * w[i] * d[i] * post[i]);
    double[] wContPre = vec(n, i -> trim[i] * w[i] * p[i] * (1 - d[i]) * (1 - post[i]) / (1 - p[i]));
    double[] wContPost = vec(n, i -> trim[i] * w[i] * p[i] * (1 - d[i]) * post[i] / (1 - p[i]));
    double treatPre = weightedMean(wTreatPre, y);
    double treatPost = weightedMean(wTreatPost, y);
    double contPre = weightedMean(wContPre, y);
    double contPost = weightedMean(wContPost, y);
    double[] m2Pre = scale(Dense.colMeans(vec(n, i -> wContPre[i] * (y[i] - contPre)), x), 1 / Dense.mean(wContPre));
    double[] m2Post = scale(Dense.colMeans(vec(n, i -> wContPost[i] * (y[i] - contPost)), x), 1 / Dense.mean(wContPost));
    double[] contPs = Dense.times(ps.linearRepresentation(d, x, w), Dense.minus(m2Post, m2Pre));
    return new TwoByTwo((treatPost - treatPre) - (contPost - contPre), vec(n, i ->
        wTreatPost[i] * (y[i] - treatPost) / Dense.mean(wTreatPost)
            - wTreatPre[i] * (y[i] - treatPre) / Dense.mean(wTreatPre)
            - (wContPost[i] * (y[i] - contPost) / Dense.mean(wContPost)
            - wContPre[i] * (y[i] - contPre) / Dense.mean(wContPre) + contPs[i])));
  }

  /**
   * {@code ipw_did_rc}: Abadie's inverse probability weighting for repeated cross sections, with the
   * estimated shares Pi = mean(w D) and lambda = mean(w post) in the influence function.
   */
  public static TwoByTwo ipwDidRc(double[] y, double[] post, double[] d, double[][] x, double[] weights) {
    int n = d.length;
    double[] w = normalised(weights, n);
    PropensityScore ps = PropensityScore.logit(d, x, w);
    double[] p = vec(n, ps::capped);
    double[] trim = trim(d, p);
    double pi = Dense.mean(vec(n, i -> w[i] * d[i]));
    double lambda = Dense.mean(vec(n, i -> w[i] * post[i]));
    double oneMinusLambda = Dense.mean(vec(n, i -> w[i] * (1 - post[i])));
    double[] etaTreatPre = vec(n, i -> w[i] * d[i] * (1 - post[i]) * y[i] / (pi * oneMinusLambda));
    double[] etaTreatPost = vec(n, i -> w[i] * d[i] * post[i] * y[i] / (pi * lambda));
    double[] etaContPre = vec(n, i -> trim[i] * w[i] * p[i] * (1 - d[i]) * (1 - post[i]) / (1 - p[i]) * y[i]
        / (pi * oneMinusLambda));
    double[] etaContPost = vec(n, i -> trim[i] * w[i] * p[i] * (1 - d[i]) * post[i] / (1 - p[i]) * y[i] / (pi * lambda));
    double treatPre = Dense.mean(etaTreatPre);
    double treatPost = Dense.mean(etaTreatPost);
    double contPre = Dense.mean(etaContPre);
    double contPost = Dense.mean(etaContPost);
    double[] momPost = scale(Dense.colMeans(etaContPost, x), -1);
    double[] momPre = scale(Dense.colMeans(etaContPre, x), -1);
    double[] logit = Dense.times(ps.linearRepresentation(d, x, w), Dense.minus(momPost, momPre));
    return new TwoByTwo((treatPost - treatPre) - (contPost - contPre), vec(n, i -> {
      double share = -(w[i] * d[i] - pi) / pi;
      double inPost = -(w[i] * post[i] - lambda) / lambda;
      double inPre = -(w[i] * (1 - post[i]) - oneMinusLambda) / oneMinusLambda;
      double infTreatPost = etaTreatPost[i] - treatPost + (share + inPost) * treatPost;
      double infTreatPre = etaTreatPre[i] - treatPre + (share + inPre) * treatPre;
      double infContPost = etaContPost[i] - contPost + (share + inPost) * contPost;
      double infContPre = etaContPre[i] - contPre + (share + inPre) * contPre;
      return (infTreatPost - infTreatPre) - (infContPost - infContPre) + logit[i];
    }));
  }

  /**
   * The estimate and the plug-in part of the influence function shared by {@code drdid_rc} and
   * {@code drdid_imp_rc} (their {@code eta.*}, {@code att.*}, {@code dr.att.inf.func1} without the
   * estimation effects, and {@code inf.eff}).
   */
  private static final class RcParts {
    final int n;
    final double[] y;
    final double[] outCont;
    final double[] wTreatPre;
    final double[] wTreatPost;
    final double[] wContPre;
    final double[] wContPost;
    final double[] wD;
    final double[] wDt1;
    final double[] wDt0;
    final double mTreatPre;
    final double mTreatPost;
    final double mContPre;
    final double mContPost;
    final double mD;
    final double mDt1;
    final double mDt0;
    final double attTreatPre;
    final double attTreatPost;
    final double attContPre;
    final double attContPost;
    final double[] etaDPost;
    final double[] etaDt1Post;
    final double[] etaDPre;
    final double[] etaDt0Pre;

    /** @param trimTreated trimming of treated weights (drdid_rc trims them, drdid_imp_rc does not) */
    RcParts(double[] y, double[] post, double[] d, double[][] x, double[] w, double[] p, double[] trimTreated,
            double[] trim, double[] contPre, double[] contPost, double[] treatPre, double[] treatPost) {
      this.n = d.length;
      this.y = y;
      outCont = vec(n, i -> post[i] * contPost[i] + (1 - post[i]) * contPre[i]);
      wTreatPre = vec(n, i -> trimTreated[i] * w[i] * d[i] * (1 - post[i]));
      wTreatPost = vec(n, i -> trimTreated[i] * w[i] * d[i] * post[i]);
      wContPre = vec(n, i -> trim[i] * w[i] * p[i] * (1 - d[i]) * (1 - post[i]) / (1 - p[i]));
      wContPost = vec(n, i -> trim[i] * w[i] * p[i] * (1 - d[i]) * post[i] / (1 - p[i]));
      wD = vec(n, i -> trimTreated[i] * w[i] * d[i]);
      wDt1 = vec(n, i -> trimTreated[i] * w[i] * d[i] * post[i]);
      wDt0 = vec(n, i -> trimTreated[i] * w[i] * d[i] * (1 - post[i]));
      mTreatPre = Dense.mean(wTreatPre);
      mTreatPost = Dense.mean(wTreatPost);
      mContPre = Dense.mean(wContPre);
      mContPost = Dense.mean(wContPost);
      mD = Dense.mean(wD);
      mDt1 = Dense.mean(wDt1);
      mDt0 = Dense.mean(wDt0);
      attTreatPre = weightedMean(wTreatPre, vec(n, i -> y[i] - outCont[i]));
      attTreatPost = weightedMean(wTreatPost, vec(n, i -> y[i] - outCont[i]));
      attContPre = weightedMean(wContPre, vec(n, i -> y[i] - outCont[i]));
      attContPost = weightedMean(wContPost, vec(n, i -> y[i] - outCont[i]));
      etaDPost = vec(n, i -> wD[i] * (treatPost[i] - contPost[i]) / mD);
      etaDt1Post = vec(n, i -> wDt1[i] * (treatPost[i] - contPost[i]) / mDt1);
      etaDPre = vec(n, i -> wD[i] * (treatPre[i] - contPre[i]) / mD);
      etaDt0Pre = vec(n, i -> wDt0[i] * (treatPre[i] - contPre[i]) / mDt0);
    }

    double att() {
      return (attTreatPost - attTreatPre) - (attContPost - attContPre)
          + (Dense.mean(etaDPost) - Dense.mean(etaDt1Post)) - (Dense.mean(etaDPre) - Dense.mean(etaDt0Pre));
    }

    /** {@code inf.treat.post - inf.treat.pre - (inf.cont.post - inf.cont.pre) + inf.eff}. */
    double[] influenceWithoutEstimationEffects() {
      double dPost = Dense.mean(etaDPost);
      double dt1Post = Dense.mean(etaDt1Post);
      double dPre = Dense.mean(etaDPre);
      double dt0Pre = Dense.mean(etaDt0Pre);
      return vec(n, i -> {
        double e = y[i] - outCont[i];
        double treat = wTreatPost[i] * (e - attTreatPost) / mTreatPost - wTreatPre[i] * (e - attTreatPre) / mTreatPre;
        double cont = wContPost[i] * (e - attContPost) / mContPost - wContPre[i] * (e - attContPre) / mContPre;
        double eff = (etaDPost[i] - wD[i] * dPost / mD) - (etaDt1Post[i] - wDt1[i] * dt1Post / mDt1)
            - ((etaDPre[i] - wD[i] * dPre / mD) - (etaDt0Pre[i] - wDt0[i] * dt0Pre / mDt0));
        return treat - cont + eff;
      });
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Helpers
  // ---------------------------------------------------------------------------------------------------

  /** {@code i.weights / mean(i.weights)}; ones when there are no weights. */
  static double[] normalised(double[] weights, int n) {
    if (weights == null) {
      return vec(n, i -> 1);
    }
    double mean = Dense.mean(weights);
    return vec(n, i -> weights[i] / mean);
  }

  /** {@code trim.ps}: treated always kept, comparisons kept while their score is below 0.995. */
  private static double[] trim(double[] d, double[] p) {
    return vec(d.length, i -> d[i] == 1 || p[i] < FitLimits.TRIM_LEVEL ? 1 : 0);
  }

  private static double weightedMean(double[] w, double[] v) {
    return Dense.mean(vec(w.length, i -> w[i] * v[i])) / Dense.mean(w);
  }

  static double[] vec(int n, IntToDoubleFunction f) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = f.applyAsDouble(i);
    }
    return out;
  }

  private static double[] scale(double[] v, double f) {
    return vec(v.length, i -> v[i] * f);
  }

  private static double[] plus(double[] a, double[] b) {
    return vec(a.length, i -> a[i] + b[i]);
  }
}
