package se.finsam.did;

import java.util.Locale;

/**
 * What att_gt does with units that miss some periods (after the drops of pre-processing).
 *
 * <ul>
 *   <li>{@link #DROP_UNITS}: R did's default; such units are dropped from every cell, so the panel is
 *       balanced.</li>
 *   <li>{@link #CROSS_SECTIONS}: R's {@code allow_unbalanced_panel = TRUE}; each 2x2 is estimated from the
 *       observed unit-period rows of its two periods as repeated cross sections, each row's influence
 *       scaled by n / rows and summed per unit.</li>
 *   <li>{@link #PAIRS}: Stata csdid's default ("pair balanced": a message "Will use observations with Pair
 *       balanced (observed at t0 and t1)"); each 2x2 is the panel estimator on the units observed in both
 *       of its periods, its influence scaled by n / n_cell and zero for the units it does not use (csdid's
 *       RIF expansion factor rows / non-missing). A cell's ATT and standard error are then those of the
 *       same 2x2 on its units alone.</li>
 * </ul>
 * A panel that turns out balanced is estimated as a balanced panel in every mode.
 */
public enum UnbalancedPanel {
  DROP_UNITS("drop"), CROSS_SECTIONS("cross-sections"), PAIRS("pairs");

  private final String code;

  UnbalancedPanel(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static UnbalancedPanel parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (UnbalancedPanel mode : values()) {
      if (mode.code.equals(v)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("unknown unbalanced-panel mode '" + value + "' (drop, cross-sections or pairs)");
  }
}
