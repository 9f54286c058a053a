package se.finsam.report;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.finsam.did.EstimationMethod;
import se.finsam.disclosure.DisclosureSettings;
import se.finsam.results.ResultSchemas;

/** The report's configuration ({@code finsam.report.*}, {@code finsam.outcomes}, the output checker's rules). */
public record ReportSettings(
    DisclosureSettings disclosure,
    String headline,
    List<Model> models,
    List<Outcome> outcomes,
    List<Family> families,
    Catalogue catalogue,
    Figures figures,
    Balance balance,
    History history,
    int descriptiveYear,
    Demographics demographics,
    List<Category> hiCategories,
    List<Integer> finsamYears,
    String prePeriod) {

  private static final String[] MONTHS = {"januari", "februari", "mars", "april", "maj", "juni", "juli",
      "augusti", "september", "oktober", "november", "december"};

  /** The numerals of a figure's panels (seed 002 Figure 5: (i)-(iii)); a figure has at most this many. */
  static final List<String> PANEL_NUMERALS = List.of("i", "ii", "iii", "iv", "v", "vi");

  /**
   * A model of finsam.estimate.models with its months ({@code from}, {@code to}, YYYYMM) and the 2x2
   * estimator it runs (its own est-method or the step's).
   */
  public record Model(String code, String label, int from, int to, EstimationMethod estimator) {}

  public record Outcome(String name, int family, String label, int firstPeriod) {}

  public record Family(int id) {}

  public record Category(String code, String label) {}

  /**
   * Seed 002's tables and figures under their numbers ({@code finsam.report.catalogue}): the one source
   * of every seed caption the report prints.
   */
  public record Catalogue(Map<String, Entry> entries) {
    /**
     * @param number "Tabell 1", "Tabell B3", "Figur 2"
     * @param dated the seed's caption ends in the period of its data; the report appends its run's own
     * @param differs what the report's table has that the seed's has not, for its note ("" when nothing)
     */
    public record Entry(String number, String caption, boolean dated, String differs) {}

    public Catalogue {
      entries = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(entries));
    }

    /** The seed's caption with its number, e.g. "Tabell 5 Effekten av samordnat stöd på ...". */
    public String caption(String number) {
      return number + " " + entry(number).caption();
    }

    /** What the report's table has beyond the seed's, for its note: "" or a sentence with a leading space. */
    public String differs(String number) {
      String differs = entry(number).differs();
      return differs.isEmpty() ? "" : " " + differs;
    }

    private Entry entry(String number) {
      Entry entry = entries.get(number);
      if (entry == null) {
        throw new IllegalArgumentException("finsam.report.catalogue has no '" + number + "'; it has " + entries.keySet());
      }
      return entry;
    }
  }

  /**
   * Seed 002 B1's characteristics (participants and the population of {@code minAge..maxAge}): the
   * lower bounds of the age bands after the first, and the rows (shares of scb_bakgrund_ar columns).
   */
  public record Demographics(int minAge, int maxAge, List<Integer> ageBands, List<DemographicRow> rows) {}

  /**
   * A share of persons whose scb_bakgrund_ar {@code column} equals {@code value} (without one: is true),
   * under {@code section} ("" = before the age rows).
   */
  public record DemographicRow(String column, Optional<String> value, String label, String section) {}

  /**
   * Event-study figures (seed 002 Figures 2-7): the default model, the figures in the seed's numbering and
   * the default event-time window by an outcome's first period.
   */
  public record Figures(String model, List<FigureSpec> list, int[] longWindow, int[] shortWindow,
                        int shortWindowFirstPeriod, int panelTo) {
    /** The panel's own window, else the long or short one by its outcome's first period. */
    public int[] window(PanelSpec panel, Outcome outcome) {
      return panel.window().orElse(outcome.firstPeriod() >= shortWindowFirstPeriod ? shortWindow : longWindow);
    }
  }

  /**
   * A numbered figure with the seed's caption and one or more panels (each its own axis and caption).
   *
   * @param caption "Figur N ..." from the {@link Catalogue}
   * @param model the model whose dynamic estimates it shows (its own {@code model}, else figures.model)
   * @param seedMonths the months (YYYYMM, first and last) the seed says the figure was measured over
   */
  public record FigureSpec(int number, String caption, String model, int[] seedMonths, List<PanelSpec> panels) {}

  /** One panel: an outcome of {@code finsam.outcomes}, its caption ("" for a figure's only panel), its window. */
  public record PanelSpec(String outcome, String caption, Optional<int[]> window) {}

  /**
   * A row of a balance table: an outcome of panel/person_month summarised per person over the table's
   * months (stat sum|any|mean|months) or a covariate of panel/population (stat mean|share).
   *
   * @param everOnly the mean over the persons with a non-zero value only (seed 002 B4: "deltagare som
   *     är/varit inskrivna")
   * @param section the heading the row is shown under ("" = none)
   * @param anchor the row's own anchor of the year before ({@link #ANCHORS}), when its label names one;
   *     empty: the table's
   */
  public record BalanceVariable(String column, String stat, Optional<String> value, String label, boolean fromPanel,
                                boolean everOnly, String section, Optional<String> anchor) {
    /** Separates the codes of a share of several values (seed 002 B3 "Gift/samboende"). */
    public static final String VALUE_SEPARATOR = "|";

    /** Shares (any month, or a category or indicator covariate) are shown in percent. */
    public boolean isShare() {
      return stat.equals("any") || stat.equals("share");
    }

    /** The codes a share counts (one, or several joined by {@link #VALUE_SEPARATOR}). */
    public List<String> values() {
      return value.map(x -> List.of(x.split(java.util.regex.Pattern.quote(VALUE_SEPARATOR)))).orElse(List.of());
    }
  }

  /**
   * The month a year-before table counts back from: {@code asked} (the month of tillfragad_datum, seed
   * 002 B3 and B5 "året innan de kallas") or {@code meeting} (the first team meeting, B6 and B7 "året
   * innan de träffade teamen").
   */
  public static final List<String> ANCHORS = List.of("asked", "meeting");

  /** The year-before balance tables (seed 002 B3, B5-B7), the ids a balance row may name in {@code tables}. */
  public static final List<String> BALANCE_TABLES = List.of("tabell_b3", "tabell_b5", "tabell_b6", "tabell_b7");

  /**
   * Seed 002 B3 and, per sex, B5-B7: the rows of each table (the seed's tables differ: B6 and B7 have
   * shares of the sick-listed and of AE and SE, B5 no föräldrapenning), the arms, the sex column's
   * codes, the anchor of B3 and B5 ({@code anchor}) and of B6 and B7 ({@code bySexAnchor}), and per
   * table the labels of its seed rows that no register gives ({@code withoutSource}, named in the note).
   */
  public record Balance(String treatmentArm, String controlArm, Map<String, List<BalanceVariable>> rows,
                        String sexColumn, String women, String men, String anchor, String bySexAnchor,
                        Map<String, List<String>> withoutSource) {
    public Balance {
      rows = Map.copyOf(rows);
      withoutSource = Map.copyOf(withoutSource);
    }

    /** The rows of one of {@link #BALANCE_TABLES}, in the configured order. */
    public List<BalanceVariable> rows(String table) {
      return rows.get(table);
    }

    /** The seed rows of one of {@link #BALANCE_TABLES} that no register gives. */
    public List<String> withoutSource(String table) {
      return withoutSource.get(table);
    }
  }

  /** Seed 002 B4: the history from {@code from} (YYYYMM) up to the month before the treatment month. */
  public record History(int from, List<BalanceVariable> variables) {}

  public static ReportSettings from(Config config) {
    Config report = config.getConfig("finsam.report");
    String headline = report.getString("headline");
    if (!ResultSchemas.AGGREGATION_TYPES.contains(headline)) {
      throw new IllegalArgumentException("finsam.report.headline must be one of "
          + ResultSchemas.AGGREGATION_TYPES + ", not '" + headline + "'");
    }
    List<Model> models = config.getConfigList("finsam.estimate.models").stream()
        .map(c -> new Model(c.getString("code"), c.getString("label"), c.getInt("from"), c.getInt("to"), EstimationMethod.parse(
            c.hasPath("est-method") ? c.getString("est-method") : config.getString("finsam.estimate.est-method"))))
        .toList();
    List<Outcome> outcomes = config.getConfigList("finsam.outcomes").stream()
        .map(c -> new Outcome(c.getString("name"), c.getInt("family"), c.getString("label"), c.getInt("first-period")))
        .toList();
    List<Family> families = config.getConfigList("finsam.outcome-families").stream()
        .map(c -> new Family(c.getInt("id"))).toList();
    Catalogue catalogue = catalogue(report.getConfigList("catalogue"));
    Config fig = report.getConfig("figures");
    List<FigureSpec> list = new java.util.ArrayList<>();
    for (Config f : fig.getConfigList("list")) {
      List<PanelSpec> panels = new java.util.ArrayList<>();
      for (Config p : f.getConfigList("panels")) {
        String name = p.getString("outcome");
        if (outcomes.stream().noneMatch(o -> o.name().equals(name))) {
          throw new IllegalArgumentException("finsam.report.figures.list: figure " + f.getInt("number") + " panel '"
              + name + "' is not in finsam.outcomes");
        }
        panels.add(new PanelSpec(name, p.hasPath("caption") ? p.getString("caption") : "",
            p.hasPath("window") ? Optional.of(window(p, "window")) : Optional.empty()));
      }
      if (panels.isEmpty() || panels.size() > PANEL_NUMERALS.size()) {
        throw new IllegalArgumentException("finsam.report.figures.list: figure " + f.getInt("number") + " must have 1 to "
            + PANEL_NUMERALS.size() + " panels");
      }
      // A model the run does not estimate leaves the figure without estimates; the report names it.
      String model = f.hasPath("model") ? f.getString("model") : fig.getString("model");
      List<Integer> seedMonths = f.getIntList("seed-months");
      if (seedMonths.size() != 2 || seedMonths.get(0) > seedMonths.get(1)) {
        throw new IllegalArgumentException("finsam.report.figures.list: figure " + f.getInt("number")
            + " seed-months must be [first, last] (YYYYMM)");
      }
      list.add(new FigureSpec(f.getInt("number"), catalogue.caption("Figur " + f.getInt("number")), model,
          new int[] {seedMonths.get(0), seedMonths.get(1)}, List.copyOf(panels)));
    }
    Figures figures = new Figures(fig.getString("model"), List.copyOf(list),
        window(fig, "long-window"), window(fig, "short-window"), fig.getInt("short-window-first-period"),
        config.getInt("finsam.panel.to"));
    Config bal = report.getConfig("balance");
    Map<String, List<BalanceVariable>> rows = perTable(bal.getConfigList("rows"), "rows", ReportSettings::balanceRow);
    Map<String, List<String>> withoutSource = perTable(bal.getConfigList("without-source"), "without-source",
        c -> c.getString("label"));
    Config hist = report.getConfig("history");
    List<BalanceVariable> history = new java.util.ArrayList<>();
    for (Config c : hist.getConfigList("outcomes")) {
      String name = c.getString("name");
      String stat = panelStat(c, "finsam.report.history.outcomes");
      String heading = c.getString("heading");
      history.add(new BalanceVariable(name, stat, Optional.empty(), "Alla deltagare", true, false, heading,
          Optional.empty()));
      history.add(new BalanceVariable(name, stat, Optional.empty(), c.getString("ever-label"), true, true, heading,
          Optional.empty()));
      history.add(new BalanceVariable(name, "any", Optional.empty(), c.getString("share-label"), true, false, heading,
          Optional.empty()));
    }
    List<Category> categories = report.getConfigList("descriptive.hi-categories").stream()
        .map(c -> new Category(c.getString("code"), c.getString("label"))).toList();
    return new ReportSettings(DisclosureSettings.from(config),
        headline, models, outcomes, families, catalogue, figures,
        new Balance(bal.getString("treatment-arm"), bal.getString("control-arm"), rows,
            bal.getString("by-sex.column"), bal.getString("by-sex.women"), bal.getString("by-sex.men"),
            anchor(bal, "anchor"), anchor(bal, "by-sex.anchor"), withoutSource),
        new History(hist.getInt("from"), List.copyOf(history)),
        report.getInt("descriptive.year"), demographics(report.getConfig("descriptive.population")), categories,
        report.getIntList("finsam-comparison.years"),
        monthText(config.getInt("finsam.estimate.pre-period.from")) + "–"
            + monthText(config.getInt("finsam.estimate.pre-period.to")));
  }

  /** finsam.report.catalogue: numbers unique, every entry with a caption. */
  private static Catalogue catalogue(List<? extends Config> entries) {
    Map<String, Catalogue.Entry> byNumber = new java.util.LinkedHashMap<>();
    for (Config c : entries) {
      Catalogue.Entry entry = new Catalogue.Entry(c.getString("number"), c.getString("caption"),
          c.hasPath("dated") && c.getBoolean("dated"), c.hasPath("differs") ? c.getString("differs") : "");
      if (byNumber.put(entry.number(), entry) != null) {
        throw new IllegalArgumentException("finsam.report.catalogue: '" + entry.number() + "' is listed twice");
      }
    }
    return new Catalogue(byNumber);
  }

  /**
   * Entries of finsam.report.balance.{@code path} per table of {@link #BALANCE_TABLES}, in their order:
   * an entry is in the tables its {@code tables} names, without it in every one.
   */
  private static <T> Map<String, List<T>> perTable(List<? extends Config> entries, String path,
                                                   java.util.function.Function<Config, T> parse) {
    Map<String, List<T>> byTable = new java.util.LinkedHashMap<>();
    BALANCE_TABLES.forEach(t -> byTable.put(t, new java.util.ArrayList<>()));
    for (Config c : entries) {
      List<String> tables = c.hasPath("tables") ? c.getStringList("tables") : BALANCE_TABLES;
      if (tables.isEmpty() || !BALANCE_TABLES.containsAll(tables)) {
        throw new IllegalArgumentException("finsam.report.balance." + path + ": tables must name some of "
            + BALANCE_TABLES + ", not " + tables);
      }
      T entry = parse.apply(c);
      tables.forEach(t -> byTable.get(t).add(entry));
    }
    byTable.replaceAll((t, list) -> List.copyOf(list));
    return byTable;
  }

  /**
   * A row of finsam.report.balance.rows: a panel column ({@code name}, {@code stat}) or a covariate
   * ({@code column}, {@code kind}, and {@code value} or {@code values}, kept as one value with the codes
   * joined by {@link BalanceVariable#VALUE_SEPARATOR}).
   */
  private static BalanceVariable balanceRow(Config c) {
    String path = "finsam.report.balance.rows";
    String section = c.hasPath("section") ? c.getString("section") : "";
    if (c.hasPath("name")) {
      return new BalanceVariable(c.getString("name"), panelStat(c, path), Optional.empty(), c.getString("label"), true,
          false, section, c.hasPath("anchor") ? Optional.of(anchor(c, "anchor")) : Optional.empty());
    }
    String kind = c.getString("kind");
    if (!List.of("mean", "share").contains(kind)) {
      throw new IllegalArgumentException(path + ": kind of " + c.getString("column") + " must be mean or share, not '"
          + kind + "'");
    }
    Optional<String> value = c.hasPath("values")
        ? Optional.of(String.join(BalanceVariable.VALUE_SEPARATOR, c.getStringList("values")))
        : c.hasPath("value") ? Optional.of(c.getString("value")) : Optional.empty();
    return new BalanceVariable(c.getString("column"), kind, value, c.getString("label"), false, false, section,
        Optional.empty());
  }

  private static String panelStat(Config c, String path) {
    String stat = c.getString("stat");
    if (!List.of("sum", "any", "mean", "months").contains(stat)) {
      throw new IllegalArgumentException(path + ": stat of " + c.getString("name")
          + " must be sum, any, mean or months, not '" + stat + "'");
    }
    return stat;
  }

  private static Demographics demographics(Config c) {
    List<Integer> bands = c.getIntList("age-bands");
    int min = c.getInt("min-age");
    int max = c.getInt("max-age");
    for (int i = 0; i < bands.size(); i++) {
      if (bands.get(i) <= (i == 0 ? min : bands.get(i - 1)) || bands.get(i) > max) {
        throw new IllegalArgumentException("finsam.report.descriptive.population.age-bands must rise within "
            + "min-age..max-age, not " + bands);
      }
    }
    List<DemographicRow> rows = c.getConfigList("rows").stream().map(r -> new DemographicRow(r.getString("column"),
        r.hasPath("value") ? Optional.of(r.getString("value")) : Optional.empty(), r.getString("label"),
        r.hasPath("section") ? r.getString("section") : "")).toList();
    return new Demographics(min, max, List.copyOf(bands), rows);
  }

  private static String anchor(Config c, String path) {
    String anchor = c.getString(path);
    if (!ANCHORS.contains(anchor)) {
      throw new IllegalArgumentException("finsam.report.balance: " + path + " must be one of " + ANCHORS + ", not '"
          + anchor + "'");
    }
    return anchor;
  }

  /** A YYYYMM period as the seed's tables write it, e.g. 201808 as "augusti 2018". */
  static String monthText(int period) {
    return MONTHS[period % 100 - 1] + " " + period / 100;
  }

  private static int[] window(Config c, String path) {
    List<Integer> w = c.getIntList(path);
    if (w.size() != 2 || w.get(0) >= w.get(1)) {
      throw new IllegalArgumentException("finsam.report.figures: " + path + " must be [first, last] event month");
    }
    return new int[] {w.get(0), w.get(1)};
  }

  /** The frequency threshold the notes name. */
  public int minPersons() {
    return disclosure.minPersons();
  }

  /** The model of finsam.estimate.models with this code; empty when the run has none. */
  public Optional<Model> model(String code) {
    return models.stream().filter(m -> m.code().equals(code)).findFirst();
  }

  public Outcome outcome(String name) {
    return outcomes.stream().filter(o -> o.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown outcome '" + name + "'"));
  }
}
