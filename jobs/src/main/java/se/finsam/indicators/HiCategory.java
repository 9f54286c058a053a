package se.finsam.indicators;

import java.util.Locale;

/**
 * SCB's categories of huvudsaklig inkomstkälla, in the order that breaks ties (SPEC 5.1: the seed
 * gives no tie rule; this order is the spec's assumption).
 */
public enum HiCategory {
  ARBETE, ARBETSLOSHET, STUDIER, PENSION, LANGVARIGT_NEDSATT_ARBETSFORMAGA, SJUKDOM,
  FORALDRALEDIGHET_OMVARDNAD, EKONOMISKT_STOD, SAKNAR_INKOMST;

  /** Lower-case suffix of this category's columns, e.g. {@code arbete} in {@code andel_arbete}. */
  public String suffix() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Income amount (kronor) of this category in a person-month. */
  public String amountColumn() {
    return "inkomst_" + suffix();
  }

  public String shareColumn() {
    return "andel_" + suffix();
  }

  public String indicatorColumn() {
    return "hi_" + suffix();
  }
}
