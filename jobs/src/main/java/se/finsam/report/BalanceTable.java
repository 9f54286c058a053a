package se.finsam.report;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import se.finsam.report.ReportSettings.BalanceVariable;
import se.finsam.disclosure.GroupSummaries;
import se.finsam.disclosure.GroupSummaries.Summary;
import se.finsam.disclosure.Line;
import se.finsam.disclosure.Statistic;
import se.finsam.disclosure.TableDraft;
import se.finsam.report.ReportTable.Cell;
import se.finsam.did.Distributions;

/**
 * Seed 002's balance tables: two groups of the study population compared row by row, with the overall
 * mean and Welch's t-test. Table B3 (treatment vs control arm over the 12 months before the month each
 * person was asked, or before the first meeting for a row whose label says so), B4 (the same arms over
 * the history from 2015 up to the first meeting), B5 (women vs men, the year of B3), B6 and B7 (treatment
 * vs control among women, among men, the year before the first meeting); each year-before table has its
 * own rows ({@code finsam.report.balance.rows}, a row's {@code tables}). Each is a {@link Comparison}; one
 * code path builds them all. Every month of every person counts: panel/person_month keeps the
 * comparison-only start group's months that the estimation leaves out. Spark summarises each person's months, and
 * each task its persons per group ({@link GroupSummaries}: count, mean, sample variance, persons with a
 * non-zero value, the largest values); only those few numbers per group reach the driver.
 *
 * <p>Disclosure: a draft for the output checker. A mean rests on the persons with a non-zero value; a
 * share is a share of the group (the rules look at both sides). The overall column is the groups' means
 * weighted by their sizes (shares: the numerators add up), one line per row; a row's p-value follows its
 * means. Cells are keyed by window, variable and group ({@link Comparison#groupKeys()}), so the same
 * mean or count in two tables (B3 and B4 "Antal personer", B5 "women" and B6 "all women") is one cell.
 * B5's "all" is those of known sex ("sexes"); the report relates it to B3's when they are the same.
 */
public final class BalanceTable {
  private BalanceTable() {}

  /**
   * One balance table: the persons of {@code population} whose {@code group} is {@code first} or
   * {@code second}, over the months of the window.
   *
   * @param title the seed's caption ({@code finsam.report.catalogue}), which the seed ends in its period
   * @param periodCaption what follows the title, "%s" standing for the period of the run's data: the
   *     calendar years of the year-before windows (seed "2018–2021"), or for the history the months of
   *     the first meetings (seed "augusti 2019–februari 2022")
   * @param headings the columns: all, first group, second group, p-value
   * @param historyFrom 0 for the 12 months before the anchor month; otherwise a YYYYMM period: the
   *     months from it up to the month before the first meeting
   * @param anchor of the 12 months before (one of {@link ReportSettings#ANCHORS}); a row's own anchor wins
   * @param withoutSource labels of the seed's rows that no register gives, named in the note
   */
  public record Comparison(String id, String title, String periodCaption, String note, List<String> headings,
                           Column population, Column group, String first, String second, int historyFrom, String anchor,
                           List<BalanceVariable> variables, List<String> withoutSource, List<String> groupKeys) {
    public Comparison {
      headings = List.copyOf(headings);
      variables = List.copyOf(variables);
      withoutSource = List.copyOf(withoutSource);
      groupKeys = List.copyOf(groupKeys);
    }

    /** The anchor of a panel row's year before: its own, else the table's. */
    String anchorOf(BalanceVariable v) {
      return v.anchor().orElse(anchor);
    }

    /** The months a panel row is summarised over, as a key part. */
    String window(BalanceVariable v) {
      return historyFrom == 0 ? "year-before-" + anchorOf(v) : "from-" + historyFrom;
    }

    /** The key of a variable's cell in column c (all, first, second). */
    String key(BalanceVariable v, int c) {
      return "balance/" + window(v) + "/" + v.column() + ":"
          + v.stat() + (v.everOnly() ? ":ever" : "") + v.value().map(x -> "=" + x).orElse("") + "/" + groupKeys.get(c);
    }

    /** The key of the count of persons of column c; the same population in every table. */
    String personsKey(int c) {
      return "balance/persons/" + groupKeys.get(c);
    }
  }

  static Column monthNumber(Column period) {
    return floor(period.divide(100)).multiply(12).plus(period.mod(100));
  }

  /** Tables B3-B7 as configured under {@code finsam.report.balance} and {@code finsam.report.history}. */
  public static List<Comparison> comparisons(ReportSettings settings) {
    ReportSettings.Balance b = settings.balance();
    Column arms = col("arm").isin(b.treatmentArm(), b.controlArm());
    Column sex = col(b.sexColumn());
    List<String> armHeadings = List.of("Alla", "Behandlingsgrupp", "Kontrollgrupp", "P-värde");
    int historyFrom = settings.history().from();
    // The seed's "under perioden 2015": a history from January is its year.
    String from = historyFrom % 100 == 1 ? String.valueOf(historyFrom / 100) : ReportSettings.monthText(historyFrom);
    ReportSettings.Catalogue captions = settings.catalogue();
    String t = "arm=" + b.treatmentArm();
    String c = "arm=" + b.controlArm();
    String w = "sex=" + b.women();
    String m = "sex=" + b.men();
    List<String> byArm = List.of("arms", t, c);
    return List.of(
        new Comparison("tabell_b3", captions.caption("Tabell B3"), " %s",
            "Medelvärden (andelar i procent) för alla deltagare och per grupp " + yearBefore(b.anchor()), armHeadings,
            arms, col("arm"), b.treatmentArm(), b.controlArm(), 0, b.anchor(), b.rows("tabell_b3"),
            b.withoutSource("tabell_b3"), byArm),
        new Comparison("tabell_b4", captions.caption("Tabell B4"), " %s",
            "Per deltagare summerat från " + from + " till och med månaden före första mötet med teamen, varje månad "
            + "(även den sista startgruppens månader som skattningen inte använder; för kontrollgruppen en längre "
            + "period). \"Alla deltagare\" = medelvärde över samtliga, \"är/varit\", \"har/haft\" = medelvärde över "
            + "dem som någon månad har ett värde över noll, andel i procent. P-värde från Welchs t-test.",
            List.of("Samtliga", "Behandlingsgrupp", "Kontrollgrupp", "P-värde"),
            arms, col("arm"), b.treatmentArm(), b.controlArm(), settings.history().from(), "meeting",
            settings.history().variables(), List.of(), byArm),
        new Comparison("tabell_b5", captions.caption("Tabell B5"), " %s", "Medelvärden (andelar i procent) för alla deltagare och "
            + "för kvinnor och män " + yearBefore(b.anchor()), List.of("Alla", "Kvinnor", "Män", "P-värde"),
            arms, sex, b.women(), b.men(), 0, b.anchor(), b.rows("tabell_b5"), b.withoutSource("tabell_b5"),
            List.of("sexes", w, m)),
        new Comparison("tabell_b6", captions.caption("Tabell B6"), " %s", "Medelvärden (andelar i procent) för kvinnorna (alla och "
            + "per grupp) " + yearBefore(b.bySexAnchor()),
            List.of("Alla kvinnor", "Kvinnor behandling", "Kvinnor kontroll", "P-värde"),
            arms.and(sex.equalTo(b.women())), col("arm"), b.treatmentArm(), b.controlArm(), 0, b.bySexAnchor(),
            b.rows("tabell_b6"), b.withoutSource("tabell_b6"), List.of(w, w + "/" + t, w + "/" + c)),
        new Comparison("tabell_b7", captions.caption("Tabell B7"), " %s", "Medelvärden (andelar i procent) för männen (alla och "
            + "per grupp) " + yearBefore(b.bySexAnchor()), List.of("Män samtliga", "Män behandling", "Män kontroll", "P-värde"),
            arms.and(sex.equalTo(b.men())), col("arm"), b.treatmentArm(), b.controlArm(), 0, b.bySexAnchor(),
            b.rows("tabell_b7"), b.withoutSource("tabell_b7"), List.of(m, m + "/" + t, m + "/" + c)));
  }

  private static String yearBefore(String anchor) {
    return "under de tolv månaderna före " + (anchor.equals("asked")
        ? "den månad personen tillfrågades (tillfragad_datum; den månaden ingår inte), utom rader som anger mötet "
        + "med teamen: de tolv månaderna före första mötet"
        : "personens första möte med teamen (den månaden ingår inte)")
        + " (belopp och dagar summerade över året, indikatorer = någon månad); bakgrundsvariabler vid start. "
        + "P-värde från Welchs t-test (t-fördelningen med Welch–Satterthwaites frihetsgrader).";
  }

  /** The population column of the month each person was asked (experiment; panel/population). */
  static final String ASKED = "tillfragad_period";

  /**
   * Empty when neither group has persons (e.g. a SUS design without arms) or the panel has none of the
   * table's columns.
   */
  public static Optional<TableDraft> build(Comparison table, Dataset<Row> population, Dataset<Row> personMonth,
                                            ReportSettings settings) {
    Dataset<Row> groups = population.filter(table.population())
        .withColumn("_group", table.group().cast(DataTypes.StringType))
        .filter(col("_group").isin(table.first(), table.second()));
    List<String> panelColumns = Arrays.asList(personMonth.columns());
    List<String> populationColumns = Arrays.asList(population.columns());
    // A year-before row anchored on asking needs the month each person was asked.
    java.util.function.Predicate<BalanceVariable> anchored = v -> table.historyFrom() != 0
        || !table.anchorOf(v).equals("asked") || populationColumns.contains(ASKED);
    java.util.Map<Boolean, List<BalanceVariable>> present = table.variables().stream().collect(
        java.util.stream.Collectors.partitioningBy(v -> v.fromPanel()
            ? panelColumns.contains(v.column()) && anchored.test(v) : populationColumns.contains(v.column())));
    List<BalanceVariable> variables = present.get(true);
    // A configured row whose column the panel lacks is named in the note with the seed's rows no register
    // gives, so no row goes missing unseen.
    List<String> absent = java.util.stream.Stream.concat(present.get(false).stream().map(BalanceVariable::label),
        table.withoutSource().stream()).distinct().toList();
    String absentNote = absent.isEmpty() ? ""
        : " Rader utan källa i registren eller panelen och därför inte redovisade: " + String.join("; ", absent) + ".";
    if (variables.isEmpty()) {
      return Optional.empty();
    }

    List<Column> perPersonStats = new ArrayList<>();
    List<Column> windows = new ArrayList<>();
    List<Column> covariates = new ArrayList<>(List.of(col("pid"), col("_group")));
    for (int i = 0; i < variables.size(); i++) {
      BalanceVariable v = variables.get(i);
      if (v.fromPanel()) {
        // Each row over its own months: the others are null to the aggregate.
        Column window = window(table, v);
        windows.add(window);
        Column value = when(window, col(v.column()).cast(DataTypes.DoubleType));
        Column nonZero = when(value.isNull(), lit(null)).otherwise(when(value.notEqual(0), 1.0).otherwise(0.0));
        perPersonStats.add((switch (v.stat()) {
          case "sum" -> sum(value);
          case "any" -> max(nonZero);
          case "months" -> sum(nonZero);
          default -> avg(value);
        }).as("v" + i));
      } else {
        Column value = col(v.column()).cast(DataTypes.DoubleType);
        Column raw = col(v.column());
        covariates.add((v.value().isPresent()
            ? when(raw.isNull(), lit(null)).otherwise(when(raw.cast("string").isin(v.values().toArray()), 1.0).otherwise(0.0))
            : value).as("v" + i));
      }
    }
    Dataset<Row> persons = groups.select(covariates.toArray(Column[]::new));
    if (!perPersonStats.isEmpty()) {
      Dataset<Row> anchors = groups.select(col("pid"), monthNumber(col("treatment_period")).as("meeting_month"),
          (populationColumns.contains(ASKED) ? monthNumber(col(ASKED)) : lit(null).cast(DataTypes.IntegerType))
              .as("asked_month"));
      Dataset<Row> months = personMonth.join(anchors, "pid")
          .filter(windows.stream().distinct().reduce(Column::or).orElseThrow())
          .groupBy("pid")
          .agg(perPersonStats.get(0), perPersonStats.subList(1, perPersonStats.size()).toArray(Column[]::new));
      persons = persons.join(months, persons.col("pid").equalTo(months.col("pid")), "left")
          .drop(months.col("pid"));
    }
    // Kronor and days summed or averaged per person are magnitudes: their largest contributions go to
    // the dominance rule (n of finsam.disclosure.dominance, two for the p % rule). A mean over those with a
    // non-zero value counts the others as missing.
    List<GroupSummaries.Spec> specs = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      specs.add(new GroupSummaries.Spec("v" + i, variables.get(i).everOnly(), isMagnitude(variables.get(i))));
    }
    GroupSummaries summaries = GroupSummaries.of(persons, "_group", specs,
        Math.max(2, settings.disclosure().dominance().n()));
    if (summaries.persons(table.first()) == 0 && summaries.persons(table.second()) == 0) {
      return Optional.empty();
    }
    TableDraft draft = new TableDraft(table.id(), table.title() + period(table, groups, populationColumns),
        table.note() + " \"..\" = färre än " + settings.minPersons() + " personer bakom värdet, en andel på 0 "
        + "eller 100 procent, eller sekundärt undertryckt." + absentNote, table.headings());
    String section = "";
    for (int i = 0; i < variables.size(); i++) {
      BalanceVariable v = variables.get(i);
      if (!v.section().equals(section)) {
        section = v.section();
        draft.heading(section);
      }
      String[] columnGroups = {GroupSummaries.ALL, table.first(), table.second()};
      Summary[] columns = new Summary[3];
      for (int c = 0; c < 3; c++) {
        columns[c] = summaries.summary(columnGroups[c], "v" + i);
      }
      row(draft, table, v, columns);
    }
    draft.heading(""); // the count belongs to no section
    observations(draft, summaries, table);
    draft.relate(categories(draft, table, variables));
    return Optional.of(draft);
  }

  /**
   * The categories of one covariate (education, civil status, family position) add up to the persons
   * of a column: declared where they do, not where some persons' value is unknown or a code has no row.
   */
  static List<Line> categories(TableDraft draft, Comparison table, List<BalanceVariable> variables) {
    Map<String, Double> values = draft.values();
    List<Line> lines = new ArrayList<>();
    for (List<BalanceVariable> rows : variables.stream().filter(v -> !v.fromPanel() && v.value().isPresent())
        .collect(java.util.stream.Collectors.groupingBy(BalanceVariable::column, LinkedHashMap::new,
            java.util.stream.Collectors.toList())).values()) {
      for (int c = 0; c < 3 && rows.size() > 1; c++) {
        int column = c;
        Line line = Line.sum(table.groupKeys().get(c), rows.stream().map(v -> table.key(v, column)).toList(),
            table.personsKey(c));
        if (se.finsam.disclosure.OutputChecker.holds(line, values)) {
          lines.add(line);
        }
      }
    }
    return lines;
  }

  /**
   * The caption's period from the persons of the table ({@link Comparison#periodCaption}); "" when their
   * anchor months are unknown.
   */
  private static String period(Comparison table, Dataset<Row> groups, List<String> populationColumns) {
    boolean asked = table.historyFrom() == 0 && table.anchor().equals("asked");
    if (asked && !populationColumns.contains(ASKED)) {
      return "";
    }
    Column month = monthNumber(col(asked ? ASKED : "treatment_period"));
    Row span = groups.agg(min(month), max(month)).first();
    if (span.isNullAt(0)) {
      return "";
    }
    int first = (int) span.getLong(0);
    int last = (int) span.getLong(1);
    String text = table.historyFrom() != 0
        ? range(ReportSettings.monthText(period(first)), ReportSettings.monthText(period(last)))
        : range(String.valueOf(period(first - 12) / 100), String.valueOf(period(last - 1) / 100));
    return String.format(table.periodCaption(), text);
  }

  /** "a–b", or a when both are the same. */
  private static String range(String a, String b) {
    return a.equals(b) ? a : a + "–" + b;
  }

  /** The YYYYMM period of a {@link #monthNumber}. */
  static int period(int monthNumber) {
    return (monthNumber - 1) / 12 * 100 + (monthNumber - 1) % 12 + 1;
  }

  /**
   * The months of a panel row: the 12 months before its anchor month (the anchor month itself not
   * included), or from the history's first month up to the month before the first meeting.
   */
  private static Column window(Comparison table, BalanceVariable v) {
    Column month = monthNumber(col("period"));
    if (table.historyFrom() != 0) {
      return col("period").geq(table.historyFrom()).and(month.lt(col("meeting_month")));
    }
    Column anchor = col(table.anchorOf(v) + "_month");
    return month.between(anchor.minus(12), anchor.minus(1));
  }

  /** A panel sum or mean per person (kronor, days): a magnitude for the dominance rule. */
  static boolean isMagnitude(BalanceVariable v) {
    return v.fromPanel() && !v.isShare() && (v.stat().equals("sum") || v.stat().equals("mean"));
  }

  private static void row(TableDraft draft, Comparison table, BalanceVariable v, Summary[] columns) {
    boolean share = v.isShare();
    List<TableDraft.DraftCell> cells = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      Summary s = columns[c];
      if (s.n() == 0) {
        cells.add(TableDraft.DraftCell.plain(Cell.empty()));
        continue;
      }
      Map<String, Object> values = new LinkedHashMap<>();
      values.put("mean", s.mean());
      values.put("n", s.n());
      Statistic statistic = share ? Statistic.share(s.nonZero(), s.n())
          : isMagnitude(v) && s.min() >= 0 && s.largest().length > 0
          ? Statistic.magnitude(s.mean(), s.nonZero(), s.mean() * s.n(), s.largest())
          : Statistic.mean(s.mean(), s.nonZero());
      keys.add(table.key(v, c));
      cells.add(TableDraft.DraftCell.of(Cell.of(List.of(share ? SwedishFormat.percent(s.mean(), 0)
          : SwedishFormat.number(s.mean())), values), statistic, table.key(v, c)));
    }
    if (keys.size() == 3) {
      // all = first + second: for shares the persons with the attribute add up, means weighted by n.
      draft.relate(share
          ? Line.sum(table.groupKeys().get(0), keys.subList(1, 3), keys.get(0))
          : Line.weightedMean(table.groupKeys().get(0), keys.subList(1, 3),
              new double[] {columns[1].n(), columns[2].n()}, keys.get(0), columns[0].n()));
    }
    double p = welchP(columns[1], columns[2]);
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("p_value", Double.isNaN(p) ? null : p);
    cells.add(TableDraft.DraftCell.following(Cell.of(List.of(SwedishFormat.pValue(p)), values), keys));
    draft.row(v.label(), cells);
  }

  private static void observations(TableDraft draft, GroupSummaries summaries, Comparison table) {
    long[] persons = {summaries.persons(GroupSummaries.ALL), summaries.persons(table.first()),
        summaries.persons(table.second())};
    List<TableDraft.DraftCell> cells = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      cells.add(TableDraft.DraftCell.of(Cell.of(List.of(SwedishFormat.integer(persons[c])), Map.of("persons", persons[c])),
          Statistic.count(persons[c]), table.personsKey(c)));
    }
    cells.add(TableDraft.DraftCell.plain(Cell.empty()));
    draft.relate(Line.sum(table.groupKeys().get(0), List.of(table.personsKey(1), table.personsKey(2)), table.personsKey(0)));
    draft.row("Antal personer", cells);
  }

  /**
   * Relations between the counts of persons of B3 and B5-B7 that a reader knows when they hold: those of
   * known sex are all in the arms (B5 "all" = B3 "all"), and women and men of an arm make the arm
   * (B6 + B7 = B3 per arm). Declared only when they hold: with persons of unknown sex they do not.
   */
  static List<Line> acrossTables(List<TableDraft> tables, ReportSettings settings) {
    Map<String, Double> values = new LinkedHashMap<>();
    tables.forEach(t -> values.putAll(t.values()));
    ReportSettings.Balance b = settings.balance();
    String persons = "balance/persons/";
    String w = "sex=" + b.women();
    String m = "sex=" + b.men();
    List<Line> candidates = new ArrayList<>();
    candidates.add(new Line("arms", List.of(persons + "sexes", persons + "arms"), new double[] {1, -1}));
    for (String arm : List.of(b.treatmentArm(), b.controlArm())) {
      candidates.add(Line.sum("arms", List.of(persons + w + "/arm=" + arm, persons + m + "/arm=" + arm),
          persons + "arm=" + arm));
    }
    return candidates.stream().filter(l -> se.finsam.disclosure.OutputChecker.holds(l, values)).toList();
  }

  /** Welch's two-sample t-test, two-sided; NaN when a group has fewer than two values or no variance. */
  static double welchP(Summary a, Summary b) {
    if (a.n() < 2 || b.n() < 2) {
      return Double.NaN;
    }
    double va = a.variance() / a.n();
    double vb = b.variance() / b.n();
    if (!(va + vb > 0)) {
      return Double.NaN;
    }
    double t = (a.mean() - b.mean()) / Math.sqrt(va + vb);
    double df = (va + vb) * (va + vb) / (va * va / (a.n() - 1) + vb * vb / (b.n() - 1));
    return Distributions.twoSidedStudentP(t, df);
  }
}
