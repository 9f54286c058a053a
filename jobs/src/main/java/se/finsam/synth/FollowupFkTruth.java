package se.finsam.synth;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The known answer of the annual follow-up's FK days (seed 003 Tables 3–4 and Bilaga 5, as se.finsam.followup
 * defines them), from the generator's own insatser and MiDaS spells rather than the delivered registers: for each
 * participant delivered with personal data and each year in which they ended a delivered insats, the last one
 * ended that year (latest end, then latest start), and per benefit group the net days in the 365 days before it
 * started and the 365 days after it ended, day by day, each day at the highest omfattning of the group's spells
 * covering it. The benefit groups are the förmåner of {@code finsam.followup.fk-dagar}.
 */
final class FollowupFkTruth {
  /** The benefit groups, as the keys of finsam.followup.fk-dagar. */
  static final List<String> GROUPS = List.of("sjp", "ae", "se");

  private FollowupFkTruth() {}

  /**
   * Adds the person's FK days per year of ending ({@link SynthGenerator#FOLLOWUP_FK}, keyed by the year): per
   * group of {@link #GROUPS}, the net days before and after.
   */
  static void add(LifeCourse life, Sums sums) {
    Person p = life.p;
    SynthSettings s = life.s;
    if (p.population != Person.Population.SUS || !"PERSONUPPGIFTER".equals(p.registration)) {
      return;
    }
    Map<Integer, Insats> lastOfYear = new TreeMap<>();
    for (Insats insats : Insats.of(s, p)) {
      if (insats.delivered() && !insats.ongoing()) {
        lastOfYear.merge(insats.end().getYear(), insats, (a, b) -> later(a, b) ? a : b);
      }
    }
    if (lastOfYear.isEmpty()) {
      return;
    }
    List<LifeCourse.MidasSpell> spells = life.midasSpells(life.observed());
    lastOfYear.forEach((year, insats) -> {
      double[] days = new double[2 * GROUPS.size()];
      for (int g = 0; g < GROUPS.size(); g++) {
        String group = GROUPS.get(g);
        days[2 * g] = netDays(s, spells, group, insats.start().minusDays(365), insats.start().minusDays(1));
        days[2 * g + 1] = netDays(s, spells, group, insats.end().plusDays(1), insats.end().plusDays(365));
      }
      sums.add(SynthGenerator.FOLLOWUP_FK, List.of(year), days);
    });
  }

  private static boolean later(Insats a, Insats b) {
    return a.end().isAfter(b.end()) || a.end().equals(b.end()) && a.start().isAfter(b.start());
  }

  /** Sum over the days from..to of the highest omfattning of the group's spells covering the day (0 if none). */
  static double netDays(SynthSettings s, List<LifeCourse.MidasSpell> spells, String group, LocalDate from, LocalDate to) {
    double[] day = new double[(int) (to.toEpochDay() - from.toEpochDay() + 1)];
    for (LifeCourse.MidasSpell m : spells) {
      if (!group.equals(s.fkGroups().get(m.forman()))) {
        continue;
      }
      long first = Math.max(m.spell().from().toEpochDay(), from.toEpochDay());
      long last = Math.min(m.spell().to().toEpochDay(), to.toEpochDay());
      for (long d = first; d <= last; d++) {
        int i = (int) (d - from.toEpochDay());
        day[i] = Math.max(day[i], m.omfattning());
      }
    }
    double sum = 0;
    for (double d : day) {
      sum += d;
    }
    return sum;
  }
}
