package se.finsam.indicators;

/**
 * Where a person-month's HI amounts come from (SPEC 5.1), recorded in the panel's {@link #COLUMN}: SCB's
 * monthly HI, SCB's yearly HI spread over the year, or built from the components of the linked sources.
 */
public enum HiSource {
  SCB_MANAD, SCB_AR, KOMPONENTER;

  public static final String COLUMN = "hi_kalla";
}
