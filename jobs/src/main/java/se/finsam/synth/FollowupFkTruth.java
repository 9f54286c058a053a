package se.finsam.synth;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

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
  /** One row per person and year t of ending: the net days before and after for each group. */
  static final StructType PERSONS;

  static {
    StructType schema = new StructType().add("ar", DataTypes.IntegerType, false).add("pid", DataTypes.LongType, false);
    for (String group : GROUPS) {
      schema = schema.add(group + "_fore", DataTypes.DoubleType, false).add(group + "_efter", DataTypes.DoubleType, false);
    }
    PERSONS = schema;
  }

  private FollowupFkTruth() {}

  static List<Row> rows(SynthSettings s, Person p) {
    if (p.population != Person.Population.SUS || !"PERSONUPPGIFTER".equals(p.registration)) {
      return Collections.emptyList();
    }
    Map<Integer, Insats> lastOfYear = new TreeMap<>();
    for (Insats insats : Insats.of(s, p)) {
      if (insats.delivered() && !insats.ongoing()) {
        lastOfYear.merge(insats.end().getYear(), insats, (a, b) -> later(a, b) ? a : b);
      }
    }
    if (lastOfYear.isEmpty()) {
      return Collections.emptyList();
    }
    LifeCourse life = new LifeCourse(s, p);
    List<LifeCourse.MidasSpell> spells = life.midasSpells(life.observed());
    List<Row> out = new ArrayList<>();
    lastOfYear.forEach((year, insats) -> {
      Object[] values = new Object[2 + 2 * GROUPS.size()];
      values[0] = year;
      values[1] = p.pid;
      for (int g = 0; g < GROUPS.size(); g++) {
        String group = GROUPS.get(g);
        values[2 + 2 * g] = netDays(s, spells, group, insats.start().minusDays(365), insats.start().minusDays(1));
        values[3 + 2 * g] = netDays(s, spells, group, insats.end().plusDays(1), insats.end().plusDays(365));
      }
      out.add(RowFactory.create(values));
    });
    return out;
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
