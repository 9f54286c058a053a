package se.finsam.disclosure;

import java.io.Serializable;

/**
 * What a cell rests on, for the rules and the audit: its kind, the value the {@link Line}s speak about,
 * and the persons (or contributions) behind it. Only aggregates: counts of persons and, for magnitudes,
 * the few largest contributions.
 *
 * @param value the number lines relate (a count, a mean, a sum, an estimate); NaN when it is in no line
 * @param persons persons behind the cell (for a share the numerator persons)
 * @param denominator for a share: the persons of the group (numerator persons = {@code persons})
 * @param top for a magnitude: the largest contributions, largest first (empty when not known)
 * @param comparison for an estimate: the comparison persons ({@code persons} = treated persons)
 * @param lower what a reader knows bounds the value from below (0 for counts and non-negative sums)
 */
public record Statistic(Kind kind, double value, long persons, long denominator, double[] top, long comparison,
                        double lower) implements Serializable {
  public enum Kind {
    /** Persons counted. */
    COUNT,
    /** A share of a group: {@code persons} of {@code denominator}. */
    SHARE,
    /** A mean over persons (not a kronor magnitude: no dominance rule). */
    MEAN,
    /** A kronor sum or mean: frequency and dominance rules. */
    MAGNITUDE,
    /** An effect estimate: treated and comparison persons. */
    ESTIMATE,
    /** Not person data (a technical row count, a label): never withheld, never in a line. */
    NONE
  }

  public Statistic {
    top = top.clone();
    if (persons < 0 || denominator < 0 || comparison < 0) {
      throw new IllegalArgumentException("negative persons behind a " + kind + " cell");
    }
    if (kind == Kind.SHARE && persons > denominator) {
      throw new IllegalArgumentException("a share of " + persons + " persons out of " + denominator);
    }
  }

  public static Statistic count(long persons) {
    return new Statistic(Kind.COUNT, persons, persons, 0, new double[0], 0, 0);
  }

  /** A share; the value lines relate is the numerator count. */
  public static Statistic share(long withAttribute, long group) {
    return new Statistic(Kind.SHARE, withAttribute, withAttribute, group, new double[0], 0, 0);
  }

  public static Statistic mean(double mean, long persons) {
    return new Statistic(Kind.MEAN, mean, persons, 0, new double[0], 0, Double.NEGATIVE_INFINITY);
  }

  /**
   * A kronor sum or mean of non-negative amounts.
   *
   * @param total the sum of the contributions (for a mean: the sum behind it), for the dominance rule
   * @param top the largest contributions, largest first
   */
  public static Statistic magnitude(double value, long persons, double total, double... top) {
    double[] withTotal = new double[top.length + 1];
    withTotal[0] = total;
    System.arraycopy(top, 0, withTotal, 1, top.length);
    return new Statistic(Kind.MAGNITUDE, value, persons, 0, withTotal, 0, 0);
  }

  public static Statistic estimate(double value, long treated, long comparison) {
    return new Statistic(Kind.ESTIMATE, value, treated, 0, new double[0], comparison, Double.NEGATIVE_INFINITY);
  }

  public static Statistic none() {
    return new Statistic(Kind.NONE, Double.NaN, 0, 0, new double[0], 0, Double.NEGATIVE_INFINITY);
  }

  /** For a magnitude: the sum of all contributions. */
  public double total() {
    return kind == Kind.MAGNITUDE && top.length > 0 ? top[0] : Double.NaN;
  }

  /** For a magnitude: the known largest contributions, largest first. */
  public double[] largest() {
    return kind == Kind.MAGNITUDE && top.length > 0 ? java.util.Arrays.copyOfRange(top, 1, top.length) : new double[0];
  }

  /**
   * The persons that protect the cell, for choosing secondary partners (fewest first): a share's smaller
   * side, an estimate's smaller arm.
   */
  public long protection() {
    return switch (kind) {
      case SHARE -> Math.min(persons, denominator - persons);
      case ESTIMATE -> Math.min(persons, comparison);
      case NONE -> Long.MAX_VALUE;
      default -> persons;
    };
  }

  /** True for cells counting persons, whose audit protection is also measured in persons. */
  public boolean countsPersons() {
    return kind == Kind.COUNT || kind == Kind.SHARE;
  }
}
