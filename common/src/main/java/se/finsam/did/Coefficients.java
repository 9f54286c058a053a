package se.finsam.did;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A coefficient vector compared by value, so that two cells asking for a statistic at the same point
 * (the same propensity score iterate, the same outcome model) ask for equal {@link Statistic}s. The
 * array is copied in and must not be changed by readers.
 */
public record Coefficients(double[] values) implements Serializable {
  public Coefficients {
    values = values.clone();
  }

  /** Null for null, so that an absent model stays absent. */
  static Coefficients of(double[] values) {
    return values == null ? null : new Coefficients(values);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Coefficients c && Arrays.equals(values, c.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return Arrays.toString(values);
  }
}
