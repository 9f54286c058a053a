package se.finsam.synth;

import java.util.SplittableRandom;

/**
 * Counter-based randomness: every draw is a pure function of (seed, person, purpose, ...), so a person's
 * registers do not depend on which partition, or in which order, the person is generated.
 */
final class Rng {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Rng() {}

  /** SplitMix64's finaliser: a bijective 64-bit mixer. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static long hash(long seed, long a, long b, long c) {
    long h = mix64(seed ^ GOLDEN);
    h = mix64(h ^ (a * GOLDEN + 0x632BE59BD9B4E019L));
    h = mix64(h ^ (b * GOLDEN + 0x7F4A7C159E3779B9L));
    return mix64(h ^ (c * GOLDEN + 0x2545F4914F6CDD1DL));
  }

  /** Uniform in [0, 1). */
  static double uniform(long seed, long a, long b, long c) {
    return (hash(seed, a, b, c) >>> 11) * 0x1.0p-53;
  }

  static int below(long seed, long a, long b, long c, int bound) {
    return (int) Math.floorMod(hash(seed, a, b, c), (long) bound);
  }

  /** A stream of draws for one person and one purpose. */
  static SplittableRandom stream(long seed, long person, long purpose) {
    return new SplittableRandom(hash(seed, person, purpose, 0));
  }

  /** Standard normal CDF (Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7). */
  static double phi(double z) {
    double x = Math.abs(z) / Math.sqrt(2);
    double t = 1 / (1 + 0.3275911 * x);
    double erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592)
        * t * Math.exp(-x * x);
    return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
  }
}
