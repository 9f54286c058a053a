package se.finsam.did;

import java.io.Serializable;

/**
 * One ATT(g,t) cell: which units are treated and which are comparisons, and which two periods the
 * outcome difference spans, following R did's compute.att_gt.
 *
 * @param group first treated period g
 * @param time current period t
 * @param currentIndex index of t in the period list
 * @param baseIndex index of the base period
 * @param controlThreshold not-yet-treated comparisons must be first treated after this period
 * @param controlGroup never treated only, or also not yet treated
 */
public record CellSpec(int group, int time, int currentIndex, int baseIndex, int controlThreshold,
                       ControlGroup controlGroup) implements Serializable {

  public boolean post() {
    return group <= time;
  }

  /** The universal base period's own cell: ATT fixed at 0 with no sampling variation. */
  public boolean reference() {
    return currentIndex == baseIndex;
  }

  public boolean treated(UnitRecord u) {
    return u.group() == group;
  }

  public boolean control(UnitRecord u) {
    return u.group() == 0 || (controlGroup == ControlGroup.NOT_YET_TREATED
        && u.group() > controlThreshold && u.group() != group);
  }

  /** The unit as this cell's 2x2 sees it, or null when it is neither treated nor a comparison. */
  public CellObservation observe(UnitRecord u) {
    boolean treated = treated(u);
    if (!treated && !control(u)) {
      return null;
    }
    return new CellObservation(u.outcomes()[currentIndex] - u.outcomes()[baseIndex], treated ? 1 : 0,
        u.covariates(), u.weight());
  }
}
