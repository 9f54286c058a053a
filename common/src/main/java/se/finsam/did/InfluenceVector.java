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

  /** Whether every estimated cell is a panel cell (balanced or pair balanced) whose estimator declares its linear form. */
  boolean declaresLinearForms() {
    for (int k = 0; k < cells.length; k++) {
      if (estimations[k] != null && (cells[k].repeatedCrossSections()
          || estimations[k].linearInfluence().isEmpty())) {
        return false;
      }
    }
    return true;
  }

  /** The periods (of {@code periods}) that some estimated cell spans, as its current or base period. */
  boolean[] periodsUsed(int periods) {
    boolean[] used = new boolean[periods];
    for (int k = 0; k < cells.length; k++) {
      if (estimations[k] != null) {
        used[cells[k].currentIndex()] = true;
        used[cells[k].baseIndex()] = true;
      }
    }
    return used;
  }

  /**
   * z = a + B (y - mean) for the units of {@code group}, assembled from the cells' declared linear forms
   * ({@link CellEstimation#linearInfluence}; see {@link #declaresLinearForms}), where every unit is a
   * panel unit with only the intercept and weight 1: a cell's entry is its scale times the role's line at
   * y_t - y_base. In a pair-balanced panel the units must be observed in every period of {@link #periodsUsed}:
   * then they are in every estimated cell of their role, as in a balanced one.
   */
  AffineInfluence affine(int group, double[] mean) {
    AffineInfluence.Builder z = new AffineInfluence.Builder(dimension(), mean.length);
    UnitRecord member = new UnitRecord(0, group, 1.0, new double[] {1.0}, mean);
    for (int k = 0; k < cells.length; k++) {
      CellSpec cell = cells[k];
      boolean treated = cell.treated(member);
      if (estimations[k] == null || !treated && !cell.control(member)) {
        continue;
      }
      LinearInfluence.Line line = estimations[k].linearInfluence().orElseThrow().of(treated ? 1 : 0);
      int t = cell.currentIndex();
      int base = cell.baseIndex();
      z.intercept(k, scales[k] * line.at(mean[t] - mean[base]))
          .add(k, t, scales[k] * line.slope())
          .add(k, base, -scales[k] * line.slope());
    }
    for (int g = 0; g < groups.length; g++) {
      z.intercept(cells.length + g, group == groups[g] ? 1.0 : 0.0);
    }
    return z.intercept(cells.length + groups.length, 1.0).build();
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
