package se.finsam.matched;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The settings of seed 000's matched design ({@code finsam.matched}, documented in reference.conf),
 * validated when read so that a bad value fails before Spark starts.
 *
 * @param baseYear the year of the insats (seed: 2012)
 * @param beforeYear the comparison year before it (seed: 2011; unset: base year − 1)
 * @param followupYears the years of follow-up (seed: 2014; unset: base year + 2)
 * @param seed the seed of the random pairing inside each stratum
 * @param method exact or nearest (nearest neighbour on the propensity score within a caliper)
 * @param caliper nearest only: the largest allowed distance of two propensity scores
 * @param variables the matching variables, names from {@link MatchedPopulation#VARIABLES}
 * @param prisbasbelopp kronor by year (finsam.reference.prisbasbelopp)
 * @param hRegion the municipality codes of each listed H-region category ({@link MatchedPopulation#H_REGIONS}, the
 *     first two); a code in neither is the last category (medium-sized towns and rural areas)
 */
public record MatchedSettings(int baseYear, int beforeYear, List<Integer> followupYears, long seed, String method,
                              double caliper, List<String> variables, List<String> aeSkal,
                              List<String> psykiatriska, int aeDurationYears, boolean dropUnrepresentedDiagnoses,
                              int subgroupNewAeYears, String incomeColumn, double incomeShareOfPrisbasbelopp,
                              List<String> csnStodformer, List<String> afAnstallning, List<String> afArbetslos,
                              List<String> saFormaner, List<String> sjpFormaner, Map<Integer, Double> prisbasbelopp,
                              Map<String, List<String>> hRegion)
    implements Serializable {

  public static final List<String> METHODS = List.of("exact", "nearest");
  public static final List<String> INCOME_COLUMNS = List.of("pgi", "pgioai", "pgiofi");

  public MatchedSettings {
    followupYears = List.copyOf(followupYears);
    variables = List.copyOf(variables);
    prisbasbelopp = Map.copyOf(prisbasbelopp);
    Map<String, List<String>> regions = new TreeMap<>();
    Set<String> listed = new HashSet<>();
    for (Map.Entry<String, List<String>> category : hRegion.entrySet()) {
      if (!MatchedPopulation.H_REGIONS.subList(0, 2).contains(category.getKey())) {
        throw new IllegalArgumentException("finsam.matched.h-region: '" + category.getKey()
            + "' is not one of the listed categories " + MatchedPopulation.H_REGIONS.subList(0, 2));
      }
      for (String code : category.getValue()) {
        if (!listed.add(code)) {
          throw new IllegalArgumentException("finsam.matched.h-region: municipality " + code + " is listed twice");
        }
      }
      regions.put(category.getKey(), List.copyOf(category.getValue()));
    }
    hRegion = Collections.unmodifiableMap(regions);
    if (beforeYear >= baseYear) {
      throw new IllegalArgumentException("finsam.matched.before-year (" + beforeYear + ") must be before base-year (" + baseYear + ")");
    }
    if (followupYears.isEmpty() || followupYears.stream().anyMatch(y -> y <= baseYear)) {
      throw new IllegalArgumentException("finsam.matched.followup-years " + followupYears + " must be non-empty and after base-year " + baseYear);
    }
    if (!METHODS.contains(method)) {
      throw new IllegalArgumentException("finsam.matched.method must be one of " + METHODS + ", not '" + method + "'");
    }
    if (!(caliper > 0)) {
      throw new IllegalArgumentException("finsam.matched.caliper must be > 0, not " + caliper);
    }
    if (variables.isEmpty()) {
      throw new IllegalArgumentException("finsam.matched.variables is empty");
    }
    for (String v : variables) {
      if (!MatchedPopulation.VARIABLES.containsKey(v)) {
        throw new IllegalArgumentException("finsam.matched.variables: unknown variable '" + v + "'; known: "
            + MatchedPopulation.VARIABLES.keySet());
      }
    }
    if (!INCOME_COLUMNS.contains(incomeColumn)) {
      throw new IllegalArgumentException("finsam.matched.income-column must be one of " + INCOME_COLUMNS + ", not '" + incomeColumn + "'");
    }
    for (int year = beforeYear; year <= lastYear(followupYears); year++) {
      if (!prisbasbelopp.containsKey(year)) {
        throw new IllegalArgumentException("finsam.reference.prisbasbelopp has no value for " + year
            + " (needed for the years " + beforeYear + ".." + lastYear(followupYears) + ")");
      }
    }
  }

  public static MatchedSettings from(Config config) {
    Config c = config.getConfig("finsam.matched");
    Map<Integer, Double> pbb = new TreeMap<>();
    Config p = config.getConfig("finsam.reference.prisbasbelopp");
    p.entrySet().forEach(e -> pbb.put(Integer.parseInt(e.getKey().replace("\"", "")), p.getDouble(e.getKey())));
    int base = c.getInt("base-year");
    return new MatchedSettings(base, beforeYear(c, base), followupYears(c, base),
        c.getLong("seed"), c.getString("method"), c.getDouble("caliper"), c.getStringList("variables"),
        c.getStringList("ae-skal"), c.getStringList("psykiatriska-diagnosgrupper"), c.getInt("ae-duration-years"),
        c.getBoolean("drop-unrepresented-diagnoses"), c.getInt("subgroup-new-ae-years"), c.getString("income-column"),
        c.getDouble("income-share-of-prisbasbelopp"), c.getStringList("csn-stodformer"),
        c.getStringList("af.anstallning"), c.getStringList("af.arbetslos"), c.getStringList("sa-formaner"),
        c.getStringList("sjp-formaner"), pbb, hRegion(c));
  }

  /** finsam.matched.h-region: the listed categories' municipality codes. */
  private static Map<String, List<String>> hRegion(Config c) {
    return Map.of(MatchedPopulation.H_REGIONS.get(0), c.getStringList("h-region.storstader"),
        MatchedPopulation.H_REGIONS.get(1), c.getStringList("h-region.storre-stader"));
  }

  /** Seed 000 compares the year before the base year with two years after it (2011, 2012, 2014). */
  static final int BEFORE_OFFSET = 1;
  static final int FOLLOWUP_OFFSET = 2;

  /** before-year, or base-year − 1 when it is unset (null) or blank (a DAG parameter left empty). */
  private static int beforeYear(Config c, int base) {
    if (unset(c, "before-year")) {
      return base - BEFORE_OFFSET;
    }
    return c.getInt("before-year");
  }

  /** followup-years as a list, or as "2016,2017" (the command line's form), or [base-year + 2] when unset or blank. */
  private static List<Integer> followupYears(Config c, int base) {
    if (unset(c, "followup-years")) {
      return List.of(base + FOLLOWUP_OFFSET);
    }
    if (c.getValue("followup-years").valueType() == ConfigValueType.LIST) {
      return c.getIntList("followup-years");
    }
    String text = c.getString("followup-years");
    try {
      return Arrays.stream(text.split(",")).map(String::trim).map(Integer::valueOf).toList();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("finsam.matched.followup-years must be years, e.g. 2016,2017, not '" + text + "'");
    }
  }

  private static boolean unset(Config c, String path) {
    return !c.hasPath(path) || c.getValue(path).valueType() == ConfigValueType.STRING && c.getString(path).isBlank();
  }

  /** Every year reported: the year before through the last follow-up year. */
  public List<Integer> years() {
    return java.util.stream.IntStream.rangeClosed(beforeYear, lastYear(followupYears)).boxed().toList();
  }

  public int lastFollowupYear() {
    return lastYear(followupYears);
  }

  private static int lastYear(List<Integer> years) {
    return years.stream().mapToInt(Integer::intValue).max().orElseThrow();
  }
}
