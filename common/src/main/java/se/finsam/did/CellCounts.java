package se.finsam.did;

/**
 * Sizes of one cell, from the first pass.
 *
 * @param treated number of treated units
 * @param controls number of comparison units
 * @param weightSum sum of the raw weights of both
 */
public record CellCounts(long treated, long controls, double weightSum) {
  public long units() {
    return treated + controls;
  }

  /** DRDID normalises weights to mean one within the 2x2 sample. */
  public double weightScale() {
    return units() / weightSum;
  }
}
