package se.finsam.did;

/**
 * One estimated ATT(g,t).
 *
 * @param cell the cell's definition
 * @param att the estimate (NaN when the cell could not be estimated)
 * @param treated number of treated units
 * @param controls number of comparison units
 * @param problem why the cell was skipped, empty when estimated
 */
public record GroupTimeEffect(CellSpec cell, double att, long treated, long controls, String problem) {
  public boolean estimated() {
    return problem.isEmpty();
  }
}
