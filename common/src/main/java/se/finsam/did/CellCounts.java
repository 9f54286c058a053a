package se.finsam.did;

/**
 * Sizes of one cell, from the first pass: units (panel) or unit-period rows (repeated cross sections).
 *
 * @param treated number of treated observations
 * @param controls number of comparison observations
 * @param weightSum sum of the raw weights of both
 * @param treatedPre treated observations of the base period (repeated cross sections; 0 for a panel)
 * @param controlsPre comparison observations of the base period (repeated cross sections; 0 for a panel)
 */
public record CellCounts(long treated, long controls, double weightSum, long treatedPre, long controlsPre) {
  /** Counts of a panel cell. */
  public CellCounts(long treated, long controls, double weightSum) {
    this(treated, controls, weightSum, 0, 0);
  }

  public long units() {
    return treated + controls;
  }

  /** DRDID normalises weights to mean one within the 2x2 sample. */
  public double weightScale() {
    return units() / weightSum;
  }
}
