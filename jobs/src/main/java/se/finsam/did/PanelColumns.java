package se.finsam.did;

import java.util.Arrays;
import java.util.List;

/**
 * The long panel's column names and the covariate formula: what both pivots ({@link UnitPivot} on the
 * executors, {@link DriverPivot} in the driver) read. {@code weights} and {@code cluster} may be empty
 * (equal weights; each unit its own cluster).
 */
public record PanelColumns(String y, String t, String id, String g, String weights, String cluster, String xformla) {
  /** The variables of the covariate formula. */
  public List<String> covariates() {
    return formulaTerms(xformla);
  }

  /** The variables of a formula like "~x1+x2" (R's rhs_vars). */
  public static List<String> formulaTerms(String xformla) {
    String rhs = xformla.replace("~", "").trim();
    return Arrays.stream(rhs.split("\\+")).map(String::trim).filter(s -> !s.isEmpty() && !s.equals("1")).toList();
  }
}
