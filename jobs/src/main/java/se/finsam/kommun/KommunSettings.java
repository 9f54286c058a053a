package se.finsam.kommun;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import se.finsam.schemas.CodeLists;

/**
 * The municipality panel's settings (seed 001), read once from {@code finsam.kommun.*} and checked when
 * read; see reference.conf for what each means.
 *
 * @param fromYear first year of the panel
 * @param toYear last year of the panel
 * @param groups the population groups, in report order
 * @param outcomeGroups for each outcome the groups it is measured for (every group when not listed)
 * @param afExitCodes avaktualiseringsorsak codes that count as leaving AF for work
 * @param studyComponents scb_inkomst_manad components read as studies when curated/csn_studiestod_ar is missing
 * @param uvasMinWageKr yearly wage income from which a person counts as working (UVAS)
 * @param leavers what a municipality that has left every förbund by the end of the panel is
 */
public record KommunSettings(int fromYear, int toYear, List<Grupp> groups, Map<Utfall, List<String>> outcomeGroups,
                             List<String> afExitCodes, List<String> studyComponents, double uvasMinWageKr,
                             Leavers leavers) {

  /** A population group: residents aged minAge..maxAge (age = year - birth year), of one sex or both (kon ""). */
  public record Grupp(String name, String label, int minAge, int maxAge, String kon) {
    public Grupp {
      if (!name.matches("[a-z][a-z0-9_]*")) {
        throw new IllegalArgumentException("finsam.kommun.groups: name '" + name + "' must be lower-case ASCII");
      }
      if (minAge < 0 || maxAge < minAge) {
        throw new IllegalArgumentException("finsam.kommun.groups." + name + ": ages " + minAge + ".." + maxAge);
      }
    }

    boolean includes(int age, String personKon) {
      return age >= minAge && age <= maxAge && (kon.isEmpty() || kon.equals(personKon));
    }
  }

  /**
   * keep: treated from its first year as a member to the end (the total effect of having joined,
   * intention to treat); drop: left out of the estimation.
   */
  public enum Leavers { KEEP, DROP }

  public KommunSettings {
    if (fromYear > toYear) {
      throw new IllegalArgumentException("finsam.kommun.years: from " + fromYear + " is after to " + toYear);
    }
    if (groups.isEmpty()) {
      throw new IllegalArgumentException("finsam.kommun.groups is empty");
    }
    groups = List.copyOf(groups);
    outcomeGroups = Map.copyOf(outcomeGroups);
    afExitCodes = List.copyOf(afExitCodes);
    studyComponents = List.copyOf(studyComponents);
  }

  public static KommunSettings from(Config config) {
    Config c = config.getConfig("finsam.kommun");
    List<Grupp> groups = new ArrayList<>();
    for (Config g : c.getConfigList("groups")) {
      groups.add(new Grupp(g.getString("name"), g.getString("label"), g.getInt("min-age"), g.getInt("max-age"),
          g.getString("kon")));
    }
    Set<String> names = groups.stream().map(Grupp::name).collect(java.util.stream.Collectors.toSet());
    if (names.size() != groups.size()) {
      throw new IllegalArgumentException("finsam.kommun.groups: a group name appears twice");
    }
    Map<Utfall, List<String>> outcomeGroups = new LinkedHashMap<>();
    for (String outcome : c.getConfig("outcome-groups").root().keySet()) {
      List<String> listed = c.getStringList("outcome-groups." + outcome);
      for (String g : listed) {
        if (!names.contains(g)) {
          throw new IllegalArgumentException("finsam.kommun.outcome-groups." + outcome + ": no group '" + g + "'");
        }
      }
      outcomeGroups.put(Utfall.parse(outcome), listed);
    }
    CodeLists codes = CodeLists.from(config);
    List<String> exit = c.getStringList("af-till-arbete");
    for (String code : exit) {
      if (!codes.codes("avaktualiseringsorsak").contains(code)) {
        throw new IllegalArgumentException("finsam.kommun.af-till-arbete: " + code
            + " is not in finsam.codes.avaktualiseringsorsak");
      }
    }
    List<String> study = c.getStringList("studier-komponenter");
    for (String code : study) {
      if (!codes.codes("komponent").contains(code)) {
        throw new IllegalArgumentException("finsam.kommun.studier-komponenter: " + code + " is not in finsam.codes.komponent");
      }
    }
    double minWage = c.getDouble("uvas-arbete-min-kr");
    if (minWage < 0) {
      throw new IllegalArgumentException("finsam.kommun.uvas-arbete-min-kr must be >= 0");
    }
    Leavers leavers = switch (c.getString("lamnat")) {
      case "keep" -> Leavers.KEEP;
      case "drop" -> Leavers.DROP;
      default -> throw new IllegalArgumentException("finsam.kommun.lamnat must be keep or drop, not '"
          + c.getString("lamnat") + "'");
    };
    return new KommunSettings(c.getInt("years.from"), c.getInt("years.to"), groups, outcomeGroups, exit, study,
        minWage, leavers);
  }

  /** True when {@code outcome} is measured for {@code group}. */
  public boolean measured(Utfall outcome, String group) {
    List<String> listed = outcomeGroups.get(outcome);
    return listed == null || listed.contains(group);
  }
}
