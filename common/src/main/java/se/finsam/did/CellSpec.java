package se.finsam.did;

import java.io.Serializable;

/**
 * One ATT(g,t) cell: which units are treated and which are comparisons, and which two periods the
 * outcome difference spans, following R did's compute.att_gt / compute.att_gt2.
 *
 * @param group first treated period g
 * @param time current period t
 * @param currentIndex index of t in the period list
 * @param baseIndex index of the base period
 * @param controlThreshold not-yet-treated comparisons must be first treated after this period
 * @param controlGroup never treated only, or also not yet treated
 * @param repeatedCrossSections true for an unbalanced panel: the cell's observations are the unit-period
 *     rows of the two periods (R's allow_unbalanced_panel path), not units
 * @param pairsOnly true for an unbalanced panel estimated pair-balanced (Stata csdid): the cell's
 *     observations are the units observed in both of its periods
 */
public record CellSpec(int group, int time, int currentIndex, int baseIndex, int controlThreshold,
                       ControlGroup controlGroup, boolean repeatedCrossSections, boolean pairsOnly)
    implements Serializable {

  public CellSpec {
    if (repeatedCrossSections && pairsOnly) {
      throw new IllegalArgumentException("a cell is either repeated cross sections or pair balanced");
    }
  }

  /** A cell of a balanced panel. */
  public CellSpec(int group, int time, int currentIndex, int baseIndex, int controlThreshold,
                  ControlGroup controlGroup) {
    this(group, time, currentIndex, baseIndex, controlThreshold, controlGroup, false, false);
  }

  public boolean post() {
    return group <= time;
  }

  /** The universal base period's own cell: ATT fixed at 0 with no sampling variation. */
  public boolean reference() {
    return currentIndex == baseIndex;
  }

  /**
   * The period whose covariates and weights a balanced-panel 2x2 uses: the earlier of the two (R did 2.5
   * compute.att_gt2: covariates_tensor[[min(pret, t)]], weights_tensor[[min(pret, t)]]).
   */
  public int covariatePeriod() {
    return Math.min(currentIndex, baseIndex);
  }

  public boolean treated(UnitRecord u) {
    return u.group() == group;
  }

  public boolean control(UnitRecord u) {
    return u.group() == 0 || (controlGroup == ControlGroup.NOT_YET_TREATED
        && u.group() > controlThreshold && u.group() != group);
  }

  /**
   * Writes the unit's observations in this cell into {@code out} (length at least 2) and returns how many:
   * none when the unit is neither treated nor a comparison, or (pair balanced) not observed in both
   * periods; for a panel one (the outcome change, covariates and weight of the earlier period); for
   * repeated cross sections one per period of the two in which the unit is observed, each with that
   * row's own covariates and weight.
   */
  public int observe(UnitRecord u, CellObservation[] out) {
    boolean treated = treated(u);
    if (!treated && !control(u) || pairsOnly && !(u.observed(baseIndex) && u.observed(currentIndex))) {
      return 0;
    }
    double d = treated ? 1 : 0;
    if (!repeatedCrossSections) {
      int p = covariatePeriod();
      out[0] = new CellObservation(u.outcomes()[currentIndex] - u.outcomes()[baseIndex], d, u.covariatesAt(p),
          u.weightAt(p));
      return 1;
    }
    int count = 0;
    if (u.observed(baseIndex)) {
      out[count++] = new CellObservation(u.outcomes()[baseIndex], d, u.covariatesAt(baseIndex),
          u.weightAt(baseIndex), 0);
    }
    if (u.observed(currentIndex)) {
      out[count++] = new CellObservation(u.outcomes()[currentIndex], d, u.covariatesAt(currentIndex),
          u.weightAt(currentIndex), 1);
    }
    return count;
  }

  /** The single panel observation, or null (panel cells only). */
  public CellObservation observe(UnitRecord u) {
    CellObservation[] out = new CellObservation[2];
    return observe(u, out) == 0 ? null : out[0];
  }
}
