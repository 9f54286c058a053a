package se.finsam.did;

/**
 * One observation as a 2x2 DiD sees it: a unit (balanced panel) or a unit-period row (unbalanced panel,
 * estimated as repeated cross sections like R did).
 *
 * @param deltaY panel: outcome change from the base period to the current period; repeated cross
 *     sections: the outcome of this row
 * @param treated 1 for the cell's group, 0 for its comparison units
 * @param covariates regressors, intercept first
 * @param weight the sampling weight (not yet normalised)
 * @param post repeated cross sections: 1 for the current period's row, 0 for the base period's; panel: 1
 */
public record CellObservation(double deltaY, double treated, double[] covariates, double weight, double post) {
  /** A panel observation. */
  public CellObservation(double deltaY, double treated, double[] covariates, double weight) {
    this(deltaY, treated, covariates, weight, 1);
  }
}
