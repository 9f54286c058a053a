package se.finsam.did;

/** Which units a group is compared with. */
public enum ControlGroup {
  NEVER_TREATED("nevertreated"),
  NOT_YET_TREATED("notyettreated");

  private final String rName;

  ControlGroup(String rName) {
    this.rName = rName;
  }

  /** Parses R's spelling ({@code nevertreated}, {@code notyettreated}). */
  public static ControlGroup parse(String name) {
    for (ControlGroup c : values()) {
      if (c.rName.equalsIgnoreCase(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("control group must be nevertreated or notyettreated: " + name);
  }
}
