package se.finsam.did;

/**
 * ATT(g,t) just estimated, with what one more pass over the units needs: the estimation sample and how a
 * unit's influence vector is computed. Only the multiplier bootstrap ({@link MultiplierBootstrap#draw})
 * makes that pass, so callers draw from the fit and keep {@link #result()}, which is plain data and
 * holds no reference to the units (an RDD on Spark).
 */
public final class AttGtFit {
  private final AttGtResult result;
  private final UnitSource units;
  private final InfluenceVector influence;

  AttGtFit(AttGtResult result, UnitSource units, InfluenceVector influence) {
    this.result = result;
    this.units = units;
    this.influence = influence;
  }

  public AttGtResult result() {
    return result;
  }

  /** The estimation sample: the units after att_gt's drops and recodings. */
  UnitSource units() {
    return units;
  }

  InfluenceVector influence() {
    return influence;
  }
}
