package se.finsam.followup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.finsam.disclosure.Line;
import se.finsam.disclosure.LineRest;
import se.finsam.disclosure.OutputChecker;
import se.finsam.disclosure.Statistic;
import se.finsam.disclosure.TableDraft;
import se.finsam.disclosure.TableDraft.DraftCell;
import se.finsam.report.ReportTable.Cell;
import se.finsam.report.SwedishFormat;

/**
 * The follow-up's descriptive tables as drafts for the output checker, in the seeds' two layouts: by
 * sex (Bilaga 3: Kvinnor, Andel kvinnor, Män, Andel män, Totalt, Andel totalt) and by group with
 * measures side by side (§4.2: före and efter for all, women, men, young, older). Every count carries
 * its key, totals are shared across tables of one population by key, and the relations a reader knows
 * (categories add up to the total, women + men = all, young + older = all) are declared where they hold.
 */
final class FollowupTables {
  static final String PREFIX = "followup";
  /** The sex groups of Bilaga 3, in column order. */
  static final List<Group> SEXES = List.of(new Group("kvinnor", "Kvinnor"), new Group("man", "Män"),
      new Group("alla", "Totalt"));

  /** A group of rows: its tally name and its label. */
  record Group(String name, String label) {}

  /** A measure of a by-group table: its tally name and its column heading. */
  record Measure(String name, String heading) {}

  private FollowupTables() {}

  static String totalKey(String population, String group) {
    return PREFIX + "/" + population + "/" + group;
  }

  /**
   * Bilaga 3's layout: one row per category, counts and shares per sex and in total. With
   * {@code mentions} (a multi-valued measure) the Totalt row is the number of mentions and the shares are
   * of the mentions, as the seed's "Försörjning före insats" table; otherwise the Totalt row is the
   * population's count (key shared with the other tables of {@code population}).
   */
  static TableDraft bySex(String id, String title, String note, Tally t, String measure, Map<String, String> categories,
                          boolean mentions, String population) {
    TableDraft draft = new TableDraft(id, title, note, List.of("Kvinnor", "Andel kvinnor", "Män", "Andel män", "Totalt",
        "Andel totalt"));
    String prefix = PREFIX + "/" + id;
    Map<String, Long> denominators = new LinkedHashMap<>();
    Map<String, String> totalKeys = new LinkedHashMap<>();
    for (Group g : SEXES) {
      long sum = categories.keySet().stream().mapToLong(c -> t.count(g.name(), measure, c)).sum();
      denominators.put(g.name(), mentions ? sum : t.total(g.name()));
      totalKeys.put(g.name(), mentions ? prefix + "/Totalt/" + g.name() : totalKey(population, g.name()));
    }
    List<Line> candidates = new ArrayList<>();
    Map<String, List<String>> columnParts = new LinkedHashMap<>();
    for (Map.Entry<String, String> c : categories.entrySet()) {
      List<DraftCell> cells = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      for (Group g : SEXES) {
        String key = prefix + "/" + c.getKey() + "/" + g.name();
        long n = t.count(g.name(), measure, c.getKey());
        cells.add(count(n, key));
        cells.add(share(n, denominators.get(g.name()), key));
        keys.add(key);
        columnParts.computeIfAbsent(g.name(), k -> new ArrayList<>()).add(key);
      }
      draft.row(c.getValue(), cells);
      candidates.add(Line.sum(prefix, keys.subList(0, 2), keys.get(2)));
    }
    List<DraftCell> totals = new ArrayList<>();
    for (Group g : SEXES) {
      long n = denominators.get(g.name());
      totals.add(count(n, totalKeys.get(g.name())));
      // 100 % by construction: a label, not a statistic (the group rule would withhold a 100 % share).
      totals.add(DraftCell.plain(Cell.of(List.of(SwedishFormat.percent(1.0, 0)), Map.of("andel", 1.0))));
      candidates.add(Line.sum(prefix, columnParts.get(g.name()), totalKeys.get(g.name())));
    }
    candidates.add(Line.sum(prefix, List.of(totalKeys.get("kvinnor"), totalKeys.get("man")), totalKeys.get("alla")));
    draft.row("Totalt", totals);
    return relateWhereHolds(draft, candidates);
  }

  /**
   * §4.2's layout: a block of rows per group (its count, then one row per category), and per measure a
   * count and a share of the group's rows. For a multi-valued measure the shares can sum past 100 %.
   * {@code subtotals}: categories that are the sum of others (e.g. works or studies), left out of the sum to the total.
   * {@code means}: rows of a mean per measure (name of the tally's mean column by measure), shown in per cent.
   */
  static TableDraft byGroup(String id, String title, String note, Tally t, List<Group> groups, List<Measure> measures,
                            Map<String, String> categories, Map<String, List<String>> subtotals, boolean multiValued,
                            String population, Map<String, String> means, String meanLabel) {
    List<String> columns = new ArrayList<>();
    for (Measure m : measures) {
      columns.add(m.heading() + ", antal");
      columns.add(m.heading() + ", andel");
    }
    TableDraft draft = new TableDraft(id, title, note, columns);
    String prefix = PREFIX + "/" + id;
    List<Line> candidates = new ArrayList<>();
    for (Group g : groups) {
      draft.heading(g.label());
      long total = t.total(g.name());
      String totalKey = totalKey(population, g.name());
      List<DraftCell> totalRow = new ArrayList<>();
      for (int i = 0; i < measures.size(); i++) {
        totalRow.add(i == 0 ? count(total, totalKey) : DraftCell.plain(Cell.empty()));
        totalRow.add(DraftCell.plain(Cell.empty()));
      }
      draft.row("Antal", totalRow);
      for (Map.Entry<String, String> c : categories.entrySet()) {
        List<DraftCell> cells = new ArrayList<>();
        for (Measure m : measures) {
          String key = prefix + "/" + m.name() + "/" + c.getKey() + "/" + g.name();
          long n = t.count(g.name(), m.name(), c.getKey());
          cells.add(count(n, key));
          cells.add(share(n, total, key));
        }
        draft.row(c.getValue(), cells);
      }
      for (Measure m : measures) {
        String base = prefix + "/" + m.name() + "/";
        if (!multiValued) {
          candidates.add(Line.sum(prefix, categories.keySet().stream().filter(c -> !subtotals.containsKey(c))
              .map(c -> base + c + "/" + g.name()).toList(), totalKey));
        }
        subtotals.forEach((sub, of) -> candidates.add(Line.sum(prefix, of.stream().map(c -> base + c + "/" + g.name()).toList(),
            base + sub + "/" + g.name())));
      }
      if (!means.isEmpty()) {
        List<DraftCell> cells = new ArrayList<>();
        for (Measure m : measures) {
          double[] mean = t.mean(g.name(), means.get(m.name()));
          cells.add(DraftCell.of(Cell.of(List.of(SwedishFormat.percent(mean[0], 0)), Map.of("medel", mean[0])),
              Statistic.mean(mean[0], (long) mean[1]), prefix + "/" + m.name() + "/medel/" + g.name()));
          cells.add(DraftCell.plain(Cell.empty()));
        }
        draft.row(meanLabel, cells);
      }
    }
    // Women + men = all and young + older = all, for every count the groups share.
    for (List<String> split : List.of(List.of("kvinnor", "man"), List.of("unga", "aldre"))) {
      if (groups.stream().map(Group::name).toList().containsAll(split)) {
        candidates.add(Line.sum(prefix, List.of(totalKey(population, split.get(0)), totalKey(population, split.get(1))),
            totalKey(population, "alla")));
        for (Measure m : measures) {
          for (String c : categories.keySet()) {
            String base = prefix + "/" + m.name() + "/" + c + "/";
            candidates.add(Line.sum(prefix, List.of(base + split.get(0), base + split.get(1)), base + "alla"));
          }
        }
      }
    }
    return relateWhereHolds(draft, candidates);
  }

  private static final List<String> FK_HEADINGS = List.of("SJP före", "SJP efter", "AE före", "AE efter", "SE före",
      "SE efter");
  private static final Map<String, String> FK_ROW_GROUPS = Map.of("SJP_FORE", "Sjukpenning/rehabpenning före insats",
      "AE_FORE", "Aktivitetsersättning före insats", "SE_FORE", "Sjukersättning före insats");

  static String fkKey(String sex, String rowGroup, String band, String column) {
    return PREFIX + "/fk/" + FkDays.key(sex, rowGroup, band) + "/" + column;
  }

  /**
   * Bilaga 5 for one sex group: persons and mean net days before and after per benefit, and the differences
   * (published only with both means), for all and by the band of before-days of each benefit.
   */
  static TableDraft bilaga5(String id, String title, String note, String sex, Map<String, FkDays.Cell> cells) {
    List<String> columns = new ArrayList<>(List.of("Antal individer"));
    columns.addAll(FK_HEADINGS);
    columns.addAll(List.of("SJP diff", "AE diff", "SE diff"));
    TableDraft draft = new TableDraft(id, title, note, columns);
    List<Line> candidates = new ArrayList<>();
    fkRow(draft, "Alla", sex, FkDays.ALLA, FkDays.ALLA, cells.get(FkDays.key(sex, FkDays.ALLA, FkDays.ALLA)));
    FkDays.Cell all = cells.get(FkDays.key(sex, FkDays.ALLA, FkDays.ALLA));
    for (String b : FkDays.BENEFITS) {
      String rowGroup = b.toUpperCase(java.util.Locale.ROOT) + "_FORE";
      draft.heading(FK_ROW_GROUPS.get(rowGroup));
      List<String> countKeys = new ArrayList<>();
      List<FkDays.Cell> present = new ArrayList<>();
      List<String> bands = new ArrayList<>();
      for (String band : FkDays.BANDS) {
        FkDays.Cell c = cells.get(FkDays.key(sex, rowGroup, band));
        fkRow(draft, band + " dagar", sex, rowGroup, band, c);
        countKeys.add(fkKey(sex, rowGroup, band, "n"));
        if (c != null) {
          present.add(c);
          bands.add(band);
        }
      }
      if (all != null) {
        candidates.add(Line.sum(PREFIX + "/fk", countKeys, fkKey(sex, FkDays.ALLA, FkDays.ALLA, "n")));
        // The overall mean is the bands' means weighted by their persons: declared so a withheld band's mean
        // cannot be recovered from the overall one.
        for (String column : FkDays.COLUMNS) {
          candidates.add(Line.weightedMean(PREFIX + "/fk", bands.stream().map(band -> fkKey(sex, rowGroup, band, column)).toList(),
              present.stream().mapToDouble(FkDays.Cell::persons).toArray(), fkKey(sex, FkDays.ALLA, FkDays.ALLA, column),
              all.persons()));
        }
      }
    }
    return relateWhereHolds(draft, candidates);
  }

  private static void fkRow(TableDraft draft, String label, String sex, String rowGroup, String band, FkDays.Cell c) {
    List<DraftCell> cells = new ArrayList<>();
    long n = c == null ? 0 : c.persons();
    cells.add(count(n, fkKey(sex, rowGroup, band, "n")));
    for (int i = 0; i < FkDays.COLUMNS.size(); i++) {
      cells.add(c == null ? DraftCell.plain(Cell.empty()) : DraftCell.of(days(c.means()[i], 2), Statistic.mean(c.means()[i], n),
          fkKey(sex, rowGroup, band, FkDays.COLUMNS.get(i))));
    }
    cells.addAll(differences(sex, rowGroup, band, c, 2));
    draft.row(label, cells);
  }

  /** Seed 003 Tables 3 and 4's columns: the benefits. */
  static final List<String> BENEFIT_COLUMNS = List.of("Sjukpenning/rehabpenning", "Aktivitetsersättning", "Sjukersättning");

  /** Seed 003 Table 4: the difference after − before per benefit for women and men (Bilaga 5's "Alla" rows). */
  static TableDraft table4(String id, String title, String note, Map<String, FkDays.Cell> cells) {
    TableDraft draft = new TableDraft(id, title, note, BENEFIT_COLUMNS);
    for (List<String> sex : List.of(List.of("K", "Kvinnor"), List.of("M", "Män"),
        List.of(FkDays.SAMTLIGA, PreviousFollowup.ALL_ROW))) {
      draft.row(sex.get(1), differences(sex.get(0), FkDays.ALLA, FkDays.ALLA,
          cells.get(FkDays.key(sex.get(0), FkDays.ALLA, FkDays.ALLA)), 1));
    }
    return draft;
  }

  /**
   * Seed 003 Table 3: the difference after − before per benefit of the enders of the year before ("Diff"
   * {@code endedYear − 1}, as the previous follow-up published it) and of this year's enders. The previous
   * year's difference is a mean over its persons (the mean of each person's after − before), checked again
   * under this run's rules; a cell the previous report withheld stays withheld ("..").
   */
  static TableDraft table3(String id, String title, String note, PreviousFollowup.FkDifferences previous,
                           Map<String, FkDays.Cell> cells, int endedYear) {
    TableDraft draft = new TableDraft(id, title, note, BENEFIT_COLUMNS);
    List<DraftCell> before = new ArrayList<>();
    for (int b = 0; b < BENEFIT_COLUMNS.size(); b++) {
      double d = previous.differences().get(b);
      before.add(previous.shown().get(b) ? DraftCell.of(days(d, 1), Statistic.mean(d, previous.persons()), null)
          : DraftCell.plain(Cell.of(List.of(se.finsam.report.ReportTable.SUPPRESSED), Map.of())));
    }
    draft.row("Diff " + (endedYear - 1), before);
    draft.row("Diff " + endedYear, differences(FkDays.SAMTLIGA, FkDays.ALLA, FkDays.ALLA,
        cells.get(FkDays.key(FkDays.SAMTLIGA, FkDays.ALLA, FkDays.ALLA)), 1));
    return draft;
  }

  /**
   * After − before per benefit of one row of Bilaga 5 (its cell {@code c}), each following its two means; with the
   * seed's decimals (Bilaga 5 two, Tables 3 and 4 one).
   */
  private static List<DraftCell> differences(String sex, String rowGroup, String band, FkDays.Cell c, int decimals) {
    List<DraftCell> row = new ArrayList<>();
    for (int b = 0; b < FkDays.BENEFITS.size(); b++) {
      row.add(c == null ? DraftCell.plain(Cell.empty())
          : DraftCell.following(days(c.means()[2 * b + 1] - c.means()[2 * b], decimals), List.of(
              fkKey(sex, rowGroup, band, FkDays.COLUMNS.get(2 * b)), fkKey(sex, rowGroup, band, FkDays.COLUMNS.get(2 * b + 1)))));
    }
    return row;
  }

  private static Cell days(double value, int decimals) {
    return Cell.of(List.of(SwedishFormat.fixed(value, decimals)), Map.of("dagar", value));
  }

  /**
   * Participations by förbund and registration (seed 004 Bilaga 1's counts, seed 003 §4.1): with personal
   * data, anonymous, volume, and in total, with the share registered with personal data.
   *
   * @param counts förbund id to counts in the order of {@code registrations}
   */
  static TableDraft registrations(String id, String title, String note, java.util.SortedMap<String, long[]> counts,
                                  List<String> registrations, List<String> headings) {
    List<String> columns = new ArrayList<>(headings);
    columns.add("Totalt");
    columns.add("Andel med personuppgifter");
    TableDraft draft = new TableDraft(id, title, note, columns);
    List<String> forbund = new ArrayList<>(counts.keySet());
    se.finsam.disclosure.CountTable keys = new se.finsam.disclosure.CountTable(PREFIX + "/" + id, forbund.size(),
        registrations.size());
    long[] columnTotals = new long[registrations.size()];
    for (int i = 0; i < forbund.size(); i++) {
      long[] v = counts.get(forbund.get(i));
      List<DraftCell> cells = new ArrayList<>();
      for (int j = 0; j < v.length; j++) {
        cells.add(count(v[j], keys.cell(i, j)));
        columnTotals[j] += v[j];
      }
      long total = java.util.Arrays.stream(v).sum();
      cells.add(count(total, keys.rowTotal(i)));
      cells.add(share(v[0], total, keys.cell(i, 0)));
      draft.row(forbund.get(i), cells);
    }
    List<DraftCell> cells = new ArrayList<>();
    for (int j = 0; j < columnTotals.length; j++) {
      cells.add(count(columnTotals[j], keys.columnTotal(j)));
    }
    long grand = java.util.Arrays.stream(columnTotals).sum();
    cells.add(count(grand, keys.grandTotal()));
    cells.add(share(columnTotals[0], grand, keys.columnTotal(0)));
    draft.row("Totalt", cells);
    return draft.relate(keys.lines(PREFIX + "/" + id));
  }

  /** What an income table shows per cohort, group and year, and the amount its cells' keys name. */
  enum IncomeMetric {
    MEAN("arbete"), NORMALISED("kvot"), SHARE_WITH("med"), MEAN_WITH("arbete_med"), PGI("pgi");

    final String amount;

    IncomeMetric(String amount) {
      this.amount = amount;
    }
  }

  static String incomeKey(int cohort, String group, String what) {
    return PREFIX + "/inkomst/" + cohort + "/" + group + "/" + what;
  }

  /**
   * Seed 003 Tables 5–7 and Bilaga 6: per cohort t (and per group when several, as the age table) the persons
   * and the metric in t−1 … t+3; years after the last income year are "–". Kronor means are magnitudes
   * (frequency and dominance rules); the overall mean is declared the groups' means weighted by their persons.
   */
  static TableDraft income(String id, String title, String note, Map<String, IncomeDevelopment.Cell> cells,
                           List<Integer> cohorts, List<Group> groups, IncomeMetric metric, int lastIncomeYear) {
    String name = metric == IncomeMetric.PGI ? "PGI" : "inkomst";
    List<String> columns = new ArrayList<>(List.of("Antal individer"));
    IncomeDevelopment.OFFSETS.forEach(k -> columns.add(offsetColumn(name, k)));
    TableDraft draft = new TableDraft(id, title, note, columns);
    List<Line> candidates = new ArrayList<>();
    for (int t : cohorts) {
      if (groups.size() > 1) {
        draft.heading(String.valueOf(t));
      }
      for (Group g : groups) {
        IncomeDevelopment.Cell base = cells.get(IncomeDevelopment.key(t, g.name(), 0));
        long n = base == null ? 0 : base.persons();
        List<DraftCell> row = new ArrayList<>(List.of(count(n, incomeKey(t, g.name(), "n"))));
        for (int k : IncomeDevelopment.OFFSETS) {
          IncomeDevelopment.Cell c = cells.get(IncomeDevelopment.key(t, g.name(), k));
          row.add(t + k > lastIncomeYear || c == null ? noValue()
              : incomeCell(c, base, metric, incomeKey(t, g.name(), ""), k));
        }
        draft.row(groups.size() > 1 ? g.label() : String.valueOf(t), row);
      }
      if (groups.size() > 1 && metric != IncomeMetric.NORMALISED) {
        List<Group> parts = groups.subList(1, groups.size());
        candidates.add(Line.sum(PREFIX + "/inkomst", parts.stream().map(g -> incomeKey(t, g.name(), "n")).toList(),
            incomeKey(t, groups.get(0).name(), "n")));
        for (int k : IncomeDevelopment.OFFSETS) {
          String what = k + "/" + metric.amount;
          List<String> partKeys = parts.stream().map(g -> incomeKey(t, g.name(), what)).toList();
          List<IncomeDevelopment.Cell> present = parts.stream().map(g -> cells.get(IncomeDevelopment.key(t, g.name(), k))).toList();
          IncomeDevelopment.Cell all = cells.get(IncomeDevelopment.key(t, groups.get(0).name(), k));
          if (all == null || !present.stream().allMatch(java.util.Objects::nonNull)) {
            continue;
          }
          // A share's value is its numerator (persons with income): they add up. Means are weighted by their
          // persons, the mean among those with income by those persons.
          java.util.function.ToLongFunction<IncomeDevelopment.Cell> weight = metric == IncomeMetric.MEAN_WITH
              ? IncomeDevelopment.Cell::withArbete : IncomeDevelopment.Cell::persons;
          candidates.add(metric == IncomeMetric.SHARE_WITH
              ? Line.sum(PREFIX + "/inkomst", partKeys, incomeKey(t, groups.get(0).name(), what))
              : Line.weightedMean(PREFIX + "/inkomst", partKeys, present.stream().mapToDouble(c -> weight.applyAsLong(c)).toArray(),
                  incomeKey(t, groups.get(0).name(), what), weight.applyAsLong(all)));
        }
      }
    }
    return relateWhereHolds(draft, candidates);
  }

  /** "–": a year after the last income year, or a mean or ratio without persons or of 0 kr. */
  private static DraftCell noValue() {
    return DraftCell.plain(Cell.of(List.of("\u2013"), Map.of()));
  }

  private static String offsetColumn(String name, int k) {
    return name + " (t" + (k == 0 ? "" : k > 0 ? "+" + k : "−" + -k) + ")";
  }

  /** A cell of year t+k; {@code groupKey} is the cohort's and group's key prefix. */
  private static DraftCell incomeCell(IncomeDevelopment.Cell c, IncomeDevelopment.Cell base, IncomeMetric metric,
                                      String groupKey, int k) {
    String key = groupKey + k + "/" + metric.amount;
    return switch (metric) {
      case MEAN -> kronor(c.meanArbete(), c.persons(), c.sumArbete(), c.topArbete(), key);
      case PGI -> kronor(c.meanPgi(), c.persons(), c.sumPgi(), c.topPgi(), key);
      case MEAN_WITH -> c.withArbete() == 0 ? noValue() : kronor(amount(c, metric), c.withArbete(), c.sumArbete(),
          c.topArbete(), key);
      case SHARE_WITH -> {
        double share = amount(c, metric);
        yield DraftCell.of(Cell.of(List.of(SwedishFormat.percent(share, 0)), Map.of("andel", share)),
            Statistic.share(c.withArbete(), c.persons()), key);
      }
      case NORMALISED -> {
        double ratio = c.meanArbete() / base.meanArbete();
        if (!Double.isFinite(ratio)) {
          yield noValue();
        }
        yield DraftCell.following(Cell.of(List.of(SwedishFormat.fixed(ratio, 1)), Map.of("kvot", ratio)),
            List.of(groupKey + k + "/" + IncomeMetric.MEAN.amount, groupKey + "0/" + IncomeMetric.MEAN.amount));
      }
    };
  }

  private static DraftCell kronor(double mean, long persons, double sum, double[] top, String key) {
    return DraftCell.of(Cell.of(List.of(SwedishFormat.fixed(mean, 0)), Map.of("kr", mean)),
        Statistic.magnitude(mean, persons, sum, top), key);
  }

  /** How two income cells are compared: the difference in kronor or the ratio (seed 003 Bilaga 6). */
  enum Comparison { DIFFERENCE, RATIO }

  /** One row of a comparison table: {@code numerator} against {@code denominator} (groups of the income cells), each on a metric. */
  record Compared(String label, String numerator, IncomeMetric numeratorMetric, String denominator,
                  IncomeMetric denominatorMetric) {}

  /**
   * Seed 003 Bilaga 6's comparisons: per cohort (a heading when there are several rows) and year t+k, the
   * difference or ratio of two published means. Each cell follows the two means it is computed from: withheld
   * with either of them.
   */
  static TableDraft comparison(String id, String title, String note, Map<String, IncomeDevelopment.Cell> cells,
                               List<Integer> cohorts, List<Compared> rows, Comparison how, int lastIncomeYear) {
    TableDraft draft = new TableDraft(id, title, note,
        IncomeDevelopment.OFFSETS.stream().map(k -> offsetColumn("inkomst", k)).toList());
    for (int t : cohorts) {
      if (rows.size() > 1) {
        draft.heading(String.valueOf(t));
      }
      for (Compared r : rows) {
        List<DraftCell> row = new ArrayList<>();
        for (int k : IncomeDevelopment.OFFSETS) {
          IncomeDevelopment.Cell a = cells.get(IncomeDevelopment.key(t, r.numerator(), k));
          IncomeDevelopment.Cell b = cells.get(IncomeDevelopment.key(t, r.denominator(), k));
          double value = a == null || b == null ? Double.NaN : how == Comparison.DIFFERENCE
              ? amount(a, r.numeratorMetric()) - amount(b, r.denominatorMetric())
              : amount(a, r.numeratorMetric()) / amount(b, r.denominatorMetric());
          // After the last income year, a missing group, or a ratio to a mean of 0 kr.
          if (t + k > lastIncomeYear || !Double.isFinite(value)) {
            row.add(noValue());
            continue;
          }
          Cell shown = how == Comparison.DIFFERENCE ? Cell.of(List.of(SwedishFormat.fixed(value, 0)), Map.of("kr", value))
              : Cell.of(List.of(SwedishFormat.fixed(value, 1)), Map.of("kvot", value));
          row.add(DraftCell.following(shown, List.of(incomeKey(t, r.numerator(), k + "/" + r.numeratorMetric().amount),
              incomeKey(t, r.denominator(), k + "/" + r.denominatorMetric().amount))));
        }
        draft.row(rows.size() > 1 ? r.label() : String.valueOf(t), row);
      }
    }
    return draft;
  }

  /** The number a metric's cell shows (NaN without persons); not for NORMALISED, a ratio of two cells. */
  private static double amount(IncomeDevelopment.Cell c, IncomeMetric metric) {
    return switch (metric) {
      case MEAN -> c.meanArbete();
      case PGI -> c.meanPgi();
      case MEAN_WITH -> c.withArbete() == 0 ? Double.NaN : c.sumArbete() / c.withArbete();
      case SHARE_WITH -> c.persons() == 0 ? Double.NaN : (double) c.withArbete() / c.persons();
      case NORMALISED -> throw new IllegalArgumentException("a normalised income is not compared");
    };
  }

  /** How many each exclusion rule took, per cohort; the rules and the included add up to the enders. */
  static TableDraft exclusions(String id, String title, String note, Map<Integer, Map<String, Long>> counts,
                               List<Integer> cohorts) {
    List<String> columns = new ArrayList<>(List.of("Avslutade"));
    columns.addAll(IncomeDevelopment.RULES.values());
    columns.addAll(List.of("Inkluderade", "Andel exkluderade"));
    TableDraft draft = new TableDraft(id, title, note, columns);
    for (int t : cohorts) {
      Map<String, Long> c = counts.getOrDefault(t, Map.of());
      long all = c.values().stream().mapToLong(Long::longValue).sum();
      long included = c.getOrDefault(IncomeDevelopment.INCLUDED, 0L);
      String allKey = incomeKey(t, "avslutade", "n");
      List<DraftCell> row = new ArrayList<>(List.of(count(all, allKey)));
      List<String> parts = new ArrayList<>();
      for (String rule : IncomeDevelopment.RULES.keySet()) {
        String key = incomeKey(t, IncomeDevelopment.EXCLUDED, rule);
        row.add(count(c.getOrDefault(rule, 0L), key));
        parts.add(key);
      }
      row.add(count(included, incomeKey(t, "samtliga", "n")));
      parts.add(incomeKey(t, "samtliga", "n"));
      double share = all == 0 ? Double.NaN : (double) (all - included) / all;
      row.add(new DraftCell(Cell.of(List.of(SwedishFormat.percent(share, 1)), Map.of("andel", share)),
          Statistic.share(all - included, all), null, List.of(allKey)));
      draft.row(String.valueOf(t), row);
      draft.relate(Line.sum(PREFIX + "/inkomst", parts, allKey));
    }
    return draft;
  }

  /**
   * Bilaga 6's excluded who can be followed: the persons of each rule but unknown id (in the exclusions table)
   * add up to the persons of the excluded's income tables. Candidates, as {@link #acrossSexes}.
   */
  static List<Line> excludedFollowed(List<Integer> cohorts) {
    List<String> rules = IncomeDevelopment.RULES.keySet().stream().filter(r -> !r.equals(IncomeDevelopment.UNKNOWN_ID)).toList();
    return cohorts.stream().map(t -> Line.sum(PREFIX + "/inkomst", rules.stream()
        .map(r -> incomeKey(t, IncomeDevelopment.EXCLUDED, r)).toList(), incomeKey(t, IncomeDevelopment.EXCLUDED, "n"))).toList();
  }

  /**
   * Women + men = all across the tables of Bilaga 5 and of Table 5 / Bilaga 6 (the sexes are separate tables;
   * in Bilaga 6 also per age group):
   * counts add up, and the means of women and men weighted by their persons give the mean of all. Candidates:
   * the caller declares those that hold (sex unknown for some breaks them).
   */
  static List<Line> acrossSexes(Map<String, FkDays.Cell> fk, Map<String, IncomeDevelopment.Cell> income,
                                List<Integer> cohorts, List<String> ageGroups) {
    List<Line> lines = new ArrayList<>();
    for (String rowGroup : List.of(FkDays.ALLA, "SJP_FORE", "AE_FORE", "SE_FORE")) {
      for (String band : rowGroup.equals(FkDays.ALLA) ? List.of(FkDays.ALLA) : FkDays.BANDS) {
        FkDays.Cell k = fk.get(FkDays.key("K", rowGroup, band));
        FkDays.Cell m = fk.get(FkDays.key("M", rowGroup, band));
        FkDays.Cell all = fk.get(FkDays.key(FkDays.SAMTLIGA, rowGroup, band));
        lines.add(Line.sum(PREFIX + "/fk", List.of(fkKey("K", rowGroup, band, "n"), fkKey("M", rowGroup, band, "n")),
            fkKey(FkDays.SAMTLIGA, rowGroup, band, "n")));
        if (k != null && m != null && all != null) {
          for (String column : FkDays.COLUMNS) {
            lines.add(Line.weightedMean(PREFIX + "/fk", List.of(fkKey("K", rowGroup, band, column),
                fkKey("M", rowGroup, band, column)), new double[] {k.persons(), m.persons()},
                fkKey(FkDays.SAMTLIGA, rowGroup, band, column), all.persons()));
          }
        }
      }
    }
    // All, and each age group: its women and men (Bilaga 6 by sex, and by sex and age group).
    Map<String, List<String>> splits = new LinkedHashMap<>();
    splits.put("samtliga", List.of("K", "M"));
    ageGroups.forEach(a -> splits.put(a, List.of(IncomeDevelopment.sexAge("K", a), IncomeDevelopment.sexAge("M", a))));
    for (int t : cohorts) {
      for (Map.Entry<String, List<String>> split : splits.entrySet()) {
        String women = split.getValue().get(0);
        String men = split.getValue().get(1);
        lines.add(Line.sum(PREFIX + "/inkomst", List.of(incomeKey(t, women, "n"), incomeKey(t, men, "n")),
            incomeKey(t, split.getKey(), "n")));
        for (int k : IncomeDevelopment.OFFSETS) {
          IncomeDevelopment.Cell w = income.get(IncomeDevelopment.key(t, women, k));
          IncomeDevelopment.Cell m = income.get(IncomeDevelopment.key(t, men, k));
          IncomeDevelopment.Cell all = income.get(IncomeDevelopment.key(t, split.getKey(), k));
          if (w != null && m != null && all != null) {
            lines.add(Line.weightedMean(PREFIX + "/inkomst", List.of(incomeKey(t, women, k + "/arbete"),
                incomeKey(t, men, k + "/arbete")), new double[] {w.persons(), m.persons()},
                incomeKey(t, split.getKey(), k + "/arbete"), all.persons()));
          }
        }
      }
    }
    return lines;
  }

  static DraftCell count(long n, String key) {
    return DraftCell.of(Cell.of(List.of(SwedishFormat.integer(n)), Map.of("antal", n)), Statistic.count(n), key);
  }

  /** A share of a count's group, published only with the count (it would reveal it). */
  static DraftCell share(long n, long group, String countKey) {
    double share = group == 0 ? Double.NaN : (double) n / group;
    return new DraftCell(Cell.of(List.of(SwedishFormat.percent(share, 0)), Map.of("andel", share)),
        Statistic.share(Math.min(n, group), group), null, List.of(countKey));
  }

  /**
   * Declares the candidate lines that hold for the draft's numbers; one that fails because its total covers
   * persons outside its parts (sex unknown for some) is completed with that rest as a hidden cell
   * ({@link LineRest}), since a reader gets the rest by subtraction.
   */
  static TableDraft relateWhereHolds(TableDraft draft, List<Line> candidates) {
    Map<String, Double> values = draft.values();
    Map<String, Statistic> statistics = draft.statistics();
    for (Line line : candidates) {
      if (!values.keySet().containsAll(line.keys())) {
        continue;
      }
      if (OutputChecker.holds(line, values)) {
        draft.relate(line);
      } else {
        LineRest.of(line, statistics).ifPresent(rest -> hide(draft, rest));
      }
    }
    return draft;
  }

  /** The rest hidden in {@code draft} (once, if several lines find it) and its line declared. */
  static void hide(TableDraft draft, LineRest rest) {
    if (!draft.hiddenCells().containsKey(rest.key())) {
      draft.hidden(rest.key(), rest.statistic());
    }
    draft.relate(rest.line());
  }
}
