package se.finsam.did;

import java.util.List;

/**
 * Builds a unit's vector z (see {@link InfluenceMoments}) from the finished cell estimators: the unit's
 * influence on every ATT(g,t), scaled as R did scales att_gt's influence functions (n / n_cell times
 * DRDID's), then its weighted group indicators and a constant 1.
 */
final class InfluenceVector implements UnitSource.UnitAccumulator {
  private final CellSpec[] cells;
  private final CellEstimation[] estimations;
  private final double[] scales;
  private final int[] groups;

  InfluenceVector(List<CellSpec> cells, List<CellEstimation> estimations, double[] scales, int[] groups) {
    this.cells = cells.toArray(CellSpec[]::new);
    this.estimations = estimations.toArray(CellEstimation[]::new);
    this.scales = scales;
    this.groups = groups;
  }

  int dimension() {
    return cells.length + groups.length + 1;
  }

  @Override
  public void add(UnitRecord unit, double[] acc) {
    CellObservation[] obs = new CellObservation[2];
    for (int k = 0; k < cells.length; k++) {
      if (estimations[k] != null) {
        // Repeated cross sections: R sums the rows' influence per unit id (rowsum by .rowid).
        int m = cells[k].observe(unit, obs);
        for (int i = 0; i < m; i++) {
          acc[k] += scales[k] * estimations[k].influence(obs[i]);
        }
      }
    }
    for (int g = 0; g < groups.length; g++) {
      if (unit.group() == groups[g]) {
        acc[cells.length + g] += unit.weight();
      }
    }
    acc[cells.length + groups.length] += 1;
  }
}
