package se.finsam.warehouse;

import java.util.Locale;

/** The zones of the warehouse, in the order data flows through them. */
public enum Zone {
  RAW, CURATED, QUARANTINE, PANEL, RESULTS, REPORTS;

  public String dirName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
