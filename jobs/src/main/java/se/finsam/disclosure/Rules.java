package se.finsam.disclosure;

import java.util.Optional;

/** The primary rules: whether a cell, on its own account, must be withheld. */
public final class Rules {
  private Rules() {}

  public static Optional<Rule> primary(Statistic s, DisclosureSettings settings) {
    if (!settings.active()) {
      return Optional.empty();
    }
    int min = settings.minPersons();
    switch (s.kind()) {
      case NONE:
        return Optional.empty();
      case COUNT:
        return small(s.persons(), min, settings.suppressZeroCells()) ? Optional.of(Rule.FREQUENCY) : Optional.empty();
      case SHARE: {
        long with = s.persons();
        long without = s.denominator() - with;
        if (s.denominator() == 0) {
          return Optional.empty(); // no group, no share: the cell shows a dash
        }
        if (s.denominator() < min || small(with, min, false) || small(without, min, false)) {
          return Optional.of(Rule.FREQUENCY);
        }
        return settings.groupDisclosure() && (with == 0 || without == 0) ? Optional.of(Rule.GROUP) : Optional.empty();
      }
      case MEAN:
        return small(s.persons(), min, settings.suppressZeroCells()) ? Optional.of(Rule.FREQUENCY) : Optional.empty();
      case MAGNITUDE:
        if (small(s.persons(), min, settings.suppressZeroCells())) {
          return Optional.of(Rule.FREQUENCY);
        }
        return settings.dominance().dominates(s.total(), s.largest()) ? Optional.of(Rule.DOMINANCE) : Optional.empty();
      case ESTIMATE:
        boolean few = s.persons() < min || (settings.estimateComparison() && s.comparison() < min);
        return few ? Optional.of(Rule.ESTIMATE) : Optional.empty();
      default:
        throw new IllegalStateException(s.kind().name());
    }
  }

  /** Fewer than {@code min} persons; zero only when zeros are withheld. */
  static boolean small(long persons, int min, boolean zeros) {
    return persons < min && (persons > 0 || zeros);
  }
}
