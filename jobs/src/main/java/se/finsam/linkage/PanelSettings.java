package se.finsam.linkage;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import se.finsam.indicators.HiCategory;
import se.finsam.schemas.CodeLists;

/**
 * The panel's settings, read once from {@code finsam.panel.*}, {@code finsam.hi.*}, {@code finsam.af.*}
 * and the outcome catalogue {@code finsam.outcomes}; see reference.conf for what each means.
 */
public record PanelSettings(
    int from,
    int to,
    int monthIndexOrigin,
    Design design,
    int groupCount,
    List<Integer> cuts,
    GroupPeriod groupPeriod,
    boolean lastDayRule,
    boolean bistandAdultsOnly,
    int agiFrom,
    Map<String, List<String>> fkGroups,
    int aeMaxAge,
    boolean rehabIsPublicSupport,
    Set<String> bredKomponenter,
    boolean susComparisonPool,
    List<String> poolFormaner,
    Map<String, HiCategory> hiComponents,
    Map<String, List<String>> komponentKr,
    Map<String, HiCategory> hiFormaner,
    HiCategory aeForlangdSkolgang,
    boolean hiLargestReading,
    int hiScbYearlyBefore,
    List<String> afOppetArbetslosEllerProgram,
    List<String> afProgram,
    List<String> afNaraArbetsmarknaden,
    Map<String, Integer> outcomeFirstPeriods) {

  public enum Design { EXPERIMENT, SUS }

  public enum GroupPeriod { FIRST, MEDIAN, OWN }

  public static PanelSettings from(Config config) {
    Config panel = config.getConfig("finsam.panel");
    Config hi = config.getConfig("finsam.hi");
    Config af = config.getConfig("finsam.af");
    Map<String, List<String>> fkGroups = lists(panel, "fk-groups");
    Set<String> komponenter = CodeLists.from(config).codes("komponent");
    Map<String, List<String>> komponentKr = lists(panel, "komponent-kr");
    komponentKr.forEach((column, codes) -> codes.stream().filter(c -> !komponenter.contains(c)).findFirst()
        .ifPresent(c -> {
          throw new IllegalArgumentException("finsam.panel.komponent-kr." + column + ": " + c
              + " is not a code of finsam.codes.komponent");
        }));
    Map<String, Integer> outcomes = new LinkedHashMap<>();
    for (Config outcome : config.getConfigList("finsam.outcomes")) {
      outcomes.put(outcome.getString("name"), outcome.getInt("first-period"));
    }
    Map<String, HiCategory> formaner = new LinkedHashMap<>();
    for (String forman : new TreeSet<>(hi.getConfig("formaner").root().keySet())) {
      formaner.put(forman, category(hi.getString("formaner." + forman), "finsam.hi.formaner." + forman));
    }
    PanelSettings settings = new PanelSettings(
        panel.getInt("from"),
        panel.getInt("to"),
        panel.getInt("month-index-origin"),
        Design.valueOf(panel.getString("design").toUpperCase(Locale.ROOT)),
        panel.getInt("startgrupp.count"),
        panel.getIntList("startgrupp.cuts"),
        GroupPeriod.valueOf(panel.getString("startgrupp.period").toUpperCase(Locale.ROOT)),
        oneOf(panel.getString("indicator-rule"), "finsam.panel.indicator-rule", "any-day", "last-day").equals("last-day"),
        oneOf(panel.getString("bistand-members"), "finsam.panel.bistand-members", "all", "adults").equals("adults"),
        panel.getInt("agi-from"),
        fkGroups,
        panel.getInt("ae-max-age"),
        panel.getBoolean("offentlig-forsorjning.rehab"),
        new LinkedHashSet<>(panel.getStringList("offentlig-forsorjning.bred-komponenter")),
        panel.getBoolean("sus.comparison-pool"),
        panel.getStringList("sus.pool-formaner"),
        componentCategories(hi.getConfig("components"), komponenter),
        komponentKr,
        formaner,
        category(hi.getString("ae-forlangd-skolgang"), "finsam.hi.ae-forlangd-skolgang"),
        oneOf(hi.getString("reading"), "finsam.hi.reading", "largest", "over-half").equals("largest"),
        hi.getInt("scb.yearly-before"),
        stringList(af, "oppet-arbetslos-eller-program"),
        stringList(af, "program"),
        stringList(af, "nara-arbetsmarknaden"),
        outcomes);
    settings.validate();
    return settings;
  }

  private void validate() {
    Periods.range(from, to);
    Periods.check(monthIndexOrigin);
    Periods.check(agiFrom);
    Periods.check(hiScbYearlyBefore);
    if (cuts.isEmpty() && groupCount < 2) {
      throw new IllegalArgumentException("finsam.panel.startgrupp.count must be at least 2 (the last group is comparison-only)");
    }
    for (String group : List.of("sjp", "rehab", "se", "ae", "sa", "fk_sjuk", "fk_total", "fk_any", "fp")) {
      if (!fkGroups.containsKey(group)) {
        throw new IllegalArgumentException("finsam.panel.fk-groups." + group
            + " is missing (the outcomes and descriptive columns need it)");
      }
    }
  }

  public int firstPeriodOf(String outcome) {
    Integer first = outcomeFirstPeriods.get(outcome);
    if (first == null) {
      throw new IllegalArgumentException("outcome " + outcome + " is not in the catalogue finsam.outcomes");
    }
    return first;
  }

  /** Each key of the object at {@code path} with its list of codes, keys sorted. */
  private static Map<String, List<String>> lists(Config config, String path) {
    Map<String, List<String>> lists = new LinkedHashMap<>();
    for (String key : new TreeSet<>(config.getConfig(path).root().keySet())) {
      lists.put(key, config.getStringList(path + "." + key));
    }
    return lists;
  }

  private static Map<String, HiCategory> componentCategories(Config components, Set<String> codes) {
    Map<String, HiCategory> byComponent = new LinkedHashMap<>();
    for (String name : new TreeSet<>(components.root().keySet())) {
      HiCategory category = category(name, "finsam.hi.components." + name);
      for (String component : components.getStringList(name)) {
        if (!codes.contains(component)) {
          throw new IllegalArgumentException("finsam.hi.components." + name + ": " + component
              + " is not a code of finsam.codes.komponent");
        }
        HiCategory earlier = byComponent.put(component, category);
        if (earlier != null) {
          throw new IllegalArgumentException("finsam.hi.components: " + component + " is mapped to both "
              + earlier + " and " + category);
        }
      }
    }
    List<String> unmapped = new ArrayList<>(codes);
    unmapped.removeAll(byComponent.keySet());
    if (!unmapped.isEmpty()) {
      throw new IllegalArgumentException("finsam.hi.components: no HI category for " + unmapped);
    }
    return byComponent;
  }

  private static HiCategory category(String name, String path) {
    try {
      return HiCategory.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ": " + name + " is not an HI category " + List.of(HiCategory.values()), e);
    }
  }

  private static String oneOf(String value, String path, String... allowed) {
    if (!List.of(allowed).contains(value)) {
      throw new IllegalArgumentException(path + " must be one of " + List.of(allowed) + ", not '" + value + "'");
    }
    return value;
  }

  private static List<String> stringList(Config config, String path) {
    return config.getList(path).unwrapped().stream().map(String::valueOf).collect(Collectors.toList());
  }
}
