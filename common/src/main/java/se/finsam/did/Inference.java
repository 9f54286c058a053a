package se.finsam.did;

import java.util.List;

/**
 * Standard errors and critical values for statistics whose influence function is c'z: analytical from
 * the influence moments, or from bootstrap draws (R's bstrap = TRUE). Standard errors R would call zero
 * (at most sqrt(eps) * 10) are NaN.
 *
 * @param draws bootstrap draws, or null
 * @param uniformBands R's cband
 * @param bootstrapStandardErrors standard errors (and att_gt's bands) from the draws; without it the draws
 *     only serve aggte's uniform bands, as R's aggte computes them by bootstrap even when bstrap = FALSE
 */
public record Inference(InfluenceMoments moments, BootstrapDraws draws, double alp, boolean uniformBands,
                        boolean bootstrapStandardErrors) {
  private static final double ZERO = Math.sqrt(LinearAlgebra.EPSILON) * 10;

  /** Bootstrap inference when there are draws. */
  public Inference(InfluenceMoments moments, BootstrapDraws draws, double alp, boolean uniformBands) {
    this(moments, draws, alp, uniformBands, draws != null);
  }

  public static Inference analytical(InfluenceMoments moments, double alp) {
    return new Inference(moments, null, alp, false);
  }

  public double standardError(double[] c) {
    double se = bootstrapStandardErrors ? draws.standardError(c) : moments.standardError(c);
    return se > ZERO ? se : Double.NaN;
  }

  private double pointwise() {
    return Distributions.normalQuantile(1 - alp / 2);
  }

  /** att_gt's critical value: the bootstrap's uniform one over {@code family} with cband and bstrap, else pointwise. */
  public double criticalValue(List<double[]> family) {
    if (uniformBands && bootstrapStandardErrors) {
      return draws.uniformCriticalValue(family, alp);
    }
    return pointwise();
  }

  /**
   * aggte's critical value (compute.aggte): the bootstrap's uniform one with cband, falling back to the
   * pointwise one when it is not finite or smaller than the pointwise one.
   */
  public double aggregationCriticalValue(List<double[]> family) {
    if (!uniformBands || draws == null) {
      return pointwise();
    }
    double uniform = draws.uniformCriticalValue(family, alp);
    return Double.isFinite(uniform) && uniform >= pointwise() ? uniform : pointwise();
  }
}
