package se.finsam.schemas;

import java.util.List;

/**
 * A constraint between two columns of one row: {@code column} may hold a value only while {@code condition}
 * holds one of {@code codes}; with {@code condition} empty or any other code the value is ruled out
 * ({@link Rule#RULED_OUT_BY_OTHER_COLUMN}). Declared on the contract, so the validator, the generator's
 * flaws and the docs read the same rule.
 */
public record CrossColumn(String column, String condition, List<String> codes) {
  public CrossColumn {
    codes = List.copyOf(codes);
    if (codes.isEmpty()) {
      throw new IllegalArgumentException(column + ": name the codes of " + condition + " that allow a value");
    }
  }
}
