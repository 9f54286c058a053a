package se.finsam.did;

/** Varying: pre-treatment cells compare consecutive periods; universal: every cell uses g - 1 - anticipation. */
public enum BasePeriod {
  VARYING,
  UNIVERSAL;

  public static BasePeriod parse(String name) {
    return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
  }
}
