package se.finsam.did;

import java.util.List;

/**
 * Standard errors and critical values for statistics whose influence function is c'z: analytical from
 * the influence moments, or from bootstrap draws when there are any (R's bstrap = TRUE). Standard errors
 * R would call zero (at most sqrt(eps) * 10) are NaN.
 */
public record Inference(InfluenceMoments moments, BootstrapDraws draws, double alp, boolean uniformBands) {
  private static final double ZERO = Math.sqrt(LinearAlgebra.EPSILON) * 10;

  public static Inference analytical(InfluenceMoments moments, double alp) {
    return new Inference(moments, null, alp, false);
  }

  public double standardError(double[] c) {
    double se = draws == null ? moments.standardError(c) : draws.standardError(c);
    return se > ZERO ? se : Double.NaN;
  }

  /** Pointwise normal critical value, or the bootstrap's uniform one over {@code family} when bands are asked for. */
  public double criticalValue(List<double[]> family) {
    if (uniformBands && draws != null) {
      return draws.uniformCriticalValue(family, alp);
    }
    return Distributions.normalQuantile(1 - alp / 2);
  }
}
