package se.finsam.did;

/** R aggte's types. */
public enum AggregationType {
  SIMPLE, GROUP, DYNAMIC, CALENDAR;

  public String rName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
