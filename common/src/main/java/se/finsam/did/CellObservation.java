package se.finsam.did;

/**
 * One unit as a 2x2 DiD sees it.
 *
 * @param deltaY outcome change from the base period to the current period
 * @param treated 1 for the cell's group, 0 for its comparison units
 * @param covariates regressors, intercept first
 * @param weight the unit's sampling weight (not yet normalised)
 */
public record CellObservation(double deltaY, double treated, double[] covariates, double weight) {}
