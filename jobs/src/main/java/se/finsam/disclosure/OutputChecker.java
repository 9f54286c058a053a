package se.finsam.disclosure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.finsam.report.ReportTable;

/**
 * The one output checker: every table a run publishes goes through {@link #check}, which applies the
 * primary rules to every cell, secondary suppression over the {@link Line}s of the whole run, then the
 * interval audit of the result, adding partners until every sensitive withheld cell is protected.
 *
 * <ol>
 *   <li>Primary ({@link Rules}): frequency, group disclosure, dominance, estimates.</li>
 *   <li>Cells with one key in several tables are one quantity (withheld together).</li>
 *   <li>Secondary ({@link Suppression}), per connected set of cells (cells joined by lines): the classic
 *       rule and the exact-recovery rank check.</li>
 *   <li>Audit ({@link IntervalAudit}): the interval of every withheld cell in a line; a sensitive cell
 *       (withheld by a primary rule) narrower than the protection level gets one more partner, the published
 *       cell of fewest persons sharing a line with it, and the set is audited again.</li>
 *   <li>Cells that follow others ({@link TableDraft.DraftCell#follows()}) are withheld with them.</li>
 * </ol>
 * Only aggregates are handled; all maths is plain Java.
 */
public final class OutputChecker {
  private final DisclosureSettings settings;

  public OutputChecker(DisclosureSettings settings) {
    this.settings = settings;
  }

  /** Where a key's cells are: (draft, row, column). */
  private record Place(int table, int row, int column) {}

  /** Checks a run's drafts with the lines they declare. */
  public CheckedOutputs check(List<TableDraft> drafts) {
    return check(drafts, List.of());
  }

  /** Checks a run's drafts, the lines they declare and {@code lines} across them; the result may have unprotected cells: see {@link CheckedOutputs#requirePassed()}. */
  public CheckedOutputs check(List<TableDraft> drafts, List<Line> lines) {
    return check(drafts, lines, Prior.NONE);
  }

  /**
   * Checks a design's drafts against what the run published before ({@code prior}, other designs' checked
   * outputs): the earlier cells keep their status, a cell with an earlier cell's key is that cell, and lines
   * may join the two.
   */
  public CheckedOutputs check(List<TableDraft> drafts, List<Line> lines, Prior prior) {
    Map<String, Integer> index = new LinkedHashMap<>();
    List<Statistic> stats = new ArrayList<>();
    List<List<Place>> places = new ArrayList<>();
    for (Prior.Cell cell : prior.cells()) {
      if (index.putIfAbsent(cell.key(), stats.size()) == null) {
        stats.add(cell.statistic());
        places.add(new ArrayList<>());
      }
    }
    int fixedCells = stats.size();
    // Hidden cells by index: where they are declared (a design's table), for the record and the errors.
    Map<Integer, String> hiddenIn = new HashMap<>();
    for (Prior.Cell cell : prior.cells()) {
      if (cell.hidden()) {
        hiddenIn.put(index.get(cell.key()), cell.design() + ": " + cell.table());
      }
    }
    for (int t = 0; t < drafts.size(); t++) {
      TableDraft d = drafts.get(t);
      for (int r = 0; r < d.rows().size(); r++) {
        List<TableDraft.DraftCell> cells = d.rows().get(r).cells();
        for (int c = 0; c < cells.size(); c++) {
          String key = d.keyOf(r, c);
          Statistic s = cells.get(c).statistic();
          Integer i = index.get(key);
          if (i == null) {
            index.put(key, stats.size());
            stats.add(s);
            places.add(new ArrayList<>());
            i = stats.size() - 1;
          } else if (hiddenIn.containsKey(i)) {
            throw new IllegalArgumentException("cell key '" + key + "' in table " + d.id() + " row '"
                + d.rows().get(r).label() + "' is a hidden cell of " + hiddenIn.get(i) + ", which is never published");
          } else if (!same(stats.get(i), s)) {
            throw new IllegalArgumentException("cell key '" + key + "' in table " + d.id() + " row '"
                + d.rows().get(r).label() + "' rests on other numbers than where it first appears"
                + (i < fixedCells ? " (published earlier in the run)" : ""));
          }
          places.get(i).add(new Place(t, r, c));
        }
      }
    }
    for (TableDraft d : drafts) {
      for (Map.Entry<String, Statistic> h : d.hiddenCells().entrySet()) {
        Integer i = index.get(h.getKey());
        if (i == null) {
          index.put(h.getKey(), stats.size());
          stats.add(h.getValue());
          places.add(new ArrayList<>());
          hiddenIn.put(stats.size() - 1, d.id());
        } else if (!hiddenIn.containsKey(i)) {
          throw new IllegalArgumentException("hidden cell '" + h.getKey() + "' of table " + d.id() + " is published"
              + (i < fixedCells ? " earlier in the run" : " in table " + drafts.get(places.get(i).get(0).table()).id()));
        } else if (!same(stats.get(i), h.getValue())) {
          throw new IllegalArgumentException("hidden cell '" + h.getKey() + "' of table " + d.id()
              + " rests on other numbers than where it is first declared (" + hiddenIn.get(i) + ")");
        }
      }
    }
    int size = stats.size();
    List<Line> own = new ArrayList<>(lines);
    drafts.forEach(d -> own.addAll(d.lines()));
    List<Line> all = new ArrayList<>(prior.lines());
    all.addAll(own);
    List<Suppression.Relation> relations = new ArrayList<>();
    for (Line line : all) {
      int[] cells = new int[line.keys().size()];
      for (int k = 0; k < cells.length; k++) {
        Integer i = index.get(line.keys().get(k));
        if (i == null) {
          throw new IllegalArgumentException("line of population '" + line.population() + "' names cell '"
              + line.keys().get(k) + "' that no table publishes or hides");
        }
        if (!Double.isFinite(stats.get(i).value())) {
          throw new IllegalArgumentException("line of population '" + line.population() + "': cell '"
              + line.keys().get(k) + "' has no finite value");
        }
        cells[k] = i;
      }
      Suppression.Relation relation = new Suppression.Relation(cells, line.weights());
      requireHolds(line, relation, stats);
      relations.add(relation);
    }
    boolean[] hidden = new boolean[size];
    hiddenIn.keySet().forEach(i -> hidden[i] = true);
    requireHiddenInLines(hiddenIn, relations, index, drafts);

    Rule[] rule = new Rule[size];
    boolean[] fixed = new boolean[size];
    for (Prior.Cell cell : prior.cells()) {
      int i = index.get(cell.key());
      fixed[i] = true;
      rule[i] = cell.rule();
    }
    IntervalAudit.Interval[] interval = new IntervalAudit.Interval[size];
    if (settings.active()) {
      for (int i = fixedCells; i < size; i++) {
        rule[i] = Rules.primary(stats.get(i), settings).orElse(null);
      }
      for (int[] component : components(size, relations)) {
        protect(component, stats, relations, rule, fixed, hidden, interval);
      }
      follow(drafts, index, rule, fixed);
    }
    return result(drafts, own, prior, index, stats, rule, hiddenIn, interval);
  }

  /**
   * A hidden cell matters only through its lines (no line: nothing derives it, nothing to protect), and is never
   * shown, so no cell may follow it and no title may name it.
   */
  private static void requireHiddenInLines(Map<Integer, String> hiddenIn, List<Suppression.Relation> relations,
                                           Map<String, Integer> index, List<TableDraft> drafts) {
    java.util.Set<Integer> inLine = new java.util.HashSet<>();
    relations.forEach(r -> Arrays.stream(r.cells()).forEach(inLine::add));
    for (TableDraft d : drafts) {
      for (String key : d.hiddenCells().keySet()) {
        if (!inLine.contains(index.get(key))) {
          throw new IllegalArgumentException("hidden cell '" + key + "' of table " + d.id() + " is in no line: "
              + "declare the line that relates it to published cells, or drop it");
        }
      }
      java.util.List<String> shownKeys = new ArrayList<>(d.titleKeys());
      d.rows().forEach(row -> row.cells().forEach(c -> shownKeys.addAll(c.follows())));
      for (String key : shownKeys) {
        Integer i = index.get(key);
        if (i != null && hiddenIn.containsKey(i)) {
          throw new IllegalArgumentException("table " + d.id() + " names hidden cell '" + key + "' (of "
              + hiddenIn.get(i) + ") in its title or a following cell, but a hidden cell is never published");
        }
      }
    }
  }

  /** Secondary suppression and the audit within one connected set of cells. */
  private void protect(int[] component, List<Statistic> stats, List<Suppression.Relation> relations, Rule[] rule,
                       boolean[] fixedCells, boolean[] hiddenCells, IntervalAudit.Interval[] interval) {
    int n = component.length;
    Map<Integer, Integer> local = new HashMap<>();
    for (int k = 0; k < n; k++) {
      local.put(component[k], k);
    }
    List<Suppression.Relation> lines = new ArrayList<>();
    for (Suppression.Relation r : relations) {
      if (local.containsKey(r.cells()[0])) {
        lines.add(new Suppression.Relation(Arrays.stream(r.cells()).map(local::get).toArray(), r.weights()));
      }
    }
    long[] persons = new long[n];
    double[] values = new double[n];
    double[] lower = new double[n];
    boolean[] withheld = new boolean[n];
    boolean[] fixed = new boolean[n];
    // A hidden cell is unknown to a reader from the start; one no primary rule makes sensitive may be derived.
    boolean[] open = new boolean[n];
    for (int k = 0; k < n; k++) {
      Statistic s = stats.get(component[k]);
      fixed[k] = fixedCells[component[k]];
      persons[k] = s.protection();
      values[k] = s.value();
      lower[k] = s.lower();
      withheld[k] = rule[component[k]] != null || hiddenCells[component[k]];
      open[k] = rule[component[k]] == null && hiddenCells[component[k]];
    }
    if (lines.isEmpty()) {
      return;
    }
    // Withholding more cells only widens every interval (a published value becomes one more unknown), so a
    // sensitive cell found wide enough stays so: each round audits only up to the first narrow cell.
    boolean[] wideEnough = new boolean[n];
    while (true) {
      boolean[] before = withheld.clone();
      Suppression.secondary(persons, lines, withheld, fixed, open);
      mark(component, before, withheld, rule, Rule.SECONDARY);
      IntervalAudit audit = new IntervalAudit(values, lower, withheld, lines);
      // Intervals of this round only: the next round withholds more, which widens them.
      IntervalAudit.Interval[] found = new IntervalAudit.Interval[n];
      int narrow = -1;
      for (int k = 0; k < n && narrow < 0; k++) {
        double required = withheld[k] && !open[k] ? required(stats.get(component[k]), rule[component[k]]) : 0;
        if (required > 0 && !wideEnough[k]) {
          found[k] = audit.interval(k);
          wideEnough[k] = found[k].width() >= required;
          narrow = wideEnough[k] ? -1 : k;
        }
      }
      int partner = narrow < 0 ? -1 : partner(narrow, lines, withheld, fixed, persons, stats, component);
      if (partner < 0) {
        // Protected, or nothing left to withhold (the record shows the cell unprotected and the run fails).
        for (int k = 0; k < n; k++) {
          if (withheld[k]) {
            interval[component[k]] = found[k] != null ? found[k] : audit.interval(k);
          }
        }
        return;
      }
      withheld[partner] = true;
      rule[component[partner]] = Rule.AUDIT;
    }
  }

  /** A published cell of a line through {@code cell} (or, failing that, of the set) with fewest persons. */
  private static int partner(int cell, List<Suppression.Relation> lines, boolean[] withheld, boolean[] fixed,
                             long[] persons, List<Statistic> stats, int[] component) {
    int best = -1;
    for (boolean throughCell : new boolean[] {true, false}) {
      for (Suppression.Relation line : lines) {
        if (throughCell && Arrays.stream(line.cells()).noneMatch(c -> c == cell)) {
          continue;
        }
        for (int c : line.cells()) {
          if (!withheld[c] && !fixed[c] && stats.get(component[c]).kind() != Statistic.Kind.NONE
              && (best < 0 || fewer(persons, c, best))) {
            best = c;
          }
        }
      }
      if (best >= 0) {
        return best;
      }
    }
    return best;
  }

  private static boolean fewer(long[] persons, int a, int b) {
    if ((persons[a] == 0) != (persons[b] == 0)) {
      return persons[b] == 0;
    }
    return persons[a] < persons[b];
  }

  /** The width the protection level asks of a withheld cell's interval; 0 for non-sensitive cells. */
  double required(Statistic s, Rule rule) {
    if (rule == Rule.SECONDARY || rule == Rule.AUDIT || rule == Rule.FOLLOWS) {
      return 0;
    }
    double width = settings.protectionPercent() / 100.0 * Math.abs(s.value());
    if (s.countsPersons()) {
      width = Math.max(width, settings.protectionPersons());
    }
    // Never exactly recoverable, whatever the level: a tiny width is the solver's rounding.
    return Math.max(width, 1e-6 * Math.max(1.0, Math.abs(s.value())));
  }

  private static void mark(int[] component, boolean[] before, boolean[] after, Rule[] rule, Rule why) {
    for (int k = 0; k < after.length; k++) {
      if (after[k] && !before[k]) {
        rule[component[k]] = why;
      }
    }
  }

  /** Cells withheld with a cell they follow; iterated, since a followed cell may itself follow another. */
  private static void follow(List<TableDraft> drafts, Map<String, Integer> index, Rule[] rule, boolean[] fixed) {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (TableDraft d : drafts) {
        for (int r = 0; r < d.rows().size(); r++) {
          List<TableDraft.DraftCell> cells = d.rows().get(r).cells();
          for (int c = 0; c < cells.size(); c++) {
            int i = index.get(d.keyOf(r, c));
            if (rule[i] != null || fixed[i]) {
              continue;
            }
            for (String key : cells.get(c).follows()) {
              Integer followed = index.get(key);
              if (followed == null) {
                throw new IllegalArgumentException("table " + d.id() + " row '" + d.rows().get(r).label()
                    + "' follows cell '" + key + "' that no table publishes");
              }
              if (rule[followed] != null) {
                rule[i] = Rule.FOLLOWS;
                changed = true;
                break;
              }
            }
          }
        }
      }
    }
  }

  private CheckedOutputs result(List<TableDraft> drafts, List<Line> own, Prior prior, Map<String, Integer> index,
                                List<Statistic> stats, Rule[] rule, Map<Integer, String> hiddenIn,
                                IntervalAudit.Interval[] interval) {
    List<ReportTable> tables = new ArrayList<>();
    List<CheckedOutputs.Withheld> withheld = new ArrayList<>();
    List<CheckedOutputs.Withheld> hidden = new ArrayList<>();
    java.util.Set<String> recorded = new java.util.HashSet<>();
    List<Prior.Cell> record = new ArrayList<>();
    java.util.Set<String> titleKeys = new java.util.HashSet<>();
    drafts.forEach(d -> titleKeys.addAll(d.titleKeys()));
    Map<String, String> shown = new java.util.HashMap<>();
    for (TableDraft d : drafts) {
      for (int r = 0; r < d.rows().size(); r++) {
        for (int c = 0; c < d.rows().get(r).cells().size(); c++) {
          String key = d.keyOf(r, c);
          if (titleKeys.contains(key) && !shown.containsKey(key)) {
            List<String> lines = d.rows().get(r).cells().get(c).shown().lines();
            shown.put(key, lines.isEmpty() ? "" : lines.get(0));
          }
        }
      }
    }
    for (TableDraft d : drafts) {
      List<ReportTable.Row> rows = new ArrayList<>();
      String section = "";
      for (int r = 0; r < d.rows().size(); r++) {
        TableDraft.DraftRow row = d.rows().get(r);
        if (row.cells().isEmpty()) {
          section = row.label();
          rows.add(ReportTable.Row.heading(row.label()));
          continue;
        }
        List<ReportTable.Cell> cells = new ArrayList<>();
        for (int c = 0; c < row.cells().size(); c++) {
          String key = d.keyOf(r, c);
          int i = index.get(key);
          if (recorded.add(key)) {
            record.add(new Prior.Cell("", d.id(), row.label(), d.columns().get(c), key, stats.get(i), rule[i], false));
          }
          if (rule[i] == null) {
            cells.add(row.cells().get(c).shown());
            continue;
          }
          cells.add(ReportTable.Cell.suppressedCell());
          withheld.add(withheld(d.id(), section.isEmpty() ? row.label() : section + " / " + row.label(),
              d.columns().get(c), key, stats.get(i), rule[i], interval[i]));
        }
        rows.add(new ReportTable.Row(row.label(), cells));
      }
      tables.add(new ReportTable(d.id(), title(d, index, shown, rule), d.note(), d.columns(), rows));
      for (Map.Entry<String, Statistic> h : d.hiddenCells().entrySet()) {
        int i = index.get(h.getKey());
        if (recorded.add(h.getKey())) {
          record.add(new Prior.Cell("", d.id(), "", "", h.getKey(), h.getValue(), rule[i], true));
          if (settings.active()) {
            hidden.add(withheld(d.id(), "", "", h.getKey(), h.getValue(), rule[i], interval[i]));
          }
        }
      }
    }
    // An earlier design's withheld cell that this design's cells now bound too narrowly fails this design.
    for (Prior.Cell cell : prior.cells()) {
      int i = index.get(cell.key());
      if (cell.rule() != null && interval[i] != null && !recorded.contains(cell.key())) {
        CheckedOutputs.Withheld w = withheld(cell.design() + ": " + cell.table(), cell.row(), cell.column(), cell.key(),
            cell.statistic(), cell.rule(), interval[i]);
        if (!w.isProtected()) {
          (cell.hidden() ? hidden : withheld).add(w);
        }
      }
    }
    return new CheckedOutputs(tables, withheld, hidden, settings.active(), settings, record, own);
  }

  /** The audit record of a withheld (or hidden) cell; a cell in no line is bounded only from below. */
  private CheckedOutputs.Withheld withheld(String table, String row, String column, String key, Statistic s, Rule rule,
                                           IntervalAudit.Interval interval) {
    IntervalAudit.Interval iv = Optional.ofNullable(interval).orElse(new IntervalAudit.Interval(s.lower(),
        Double.POSITIVE_INFINITY));
    return new CheckedOutputs.Withheld(table, row, column, key, rule, s.value(), iv.lower(), iv.upper(),
        rule == null ? 0 : required(s, rule));
  }

  /** The draft's title with each named count as its cell is published, or withheld. */
  private static String title(TableDraft d, Map<String, Integer> index, Map<String, String> shown, Rule[] rule) {
    String title = d.title();
    for (int k = 0; k < d.titleKeys().size(); k++) {
      String key = d.titleKeys().get(k);
      Integer i = index.get(key);
      if (i == null) {
        throw new IllegalArgumentException("table " + d.id() + ": the title names cell '" + key + "' that no table publishes");
      }
      title = title.replace("{" + k + "}", rule[i] == null ? shown.get(key) : "..");
    }
    return title;
  }

  /** A line that does not hold for the true values is a bug of the table that declared it. */
  private static void requireHolds(Line line, Suppression.Relation relation, List<Statistic> stats) {
    double sum = 0;
    double magnitude = 0;
    for (int k = 0; k < relation.cells().length; k++) {
      double term = relation.weights()[k] * stats.get(relation.cells()[k]).value();
      sum += term;
      magnitude += Math.abs(term);
    }
    if (Math.abs(sum) > 1e-7 * Math.max(1.0, magnitude)) {
      throw new IllegalArgumentException("line of population '" + line.population() + "' over " + line.keys()
          + " does not hold for the cells' values (off by " + sum + ")");
    }
  }

  /** Whether the line holds for the values (a relation a table may declare only when it does). */
  public static boolean holds(Line line, Map<String, Double> values) {
    double sum = 0;
    double magnitude = 0;
    for (int k = 0; k < line.keys().size(); k++) {
      Double v = values.get(line.keys().get(k));
      if (v == null) {
        return false;
      }
      sum += line.weights()[k] * v;
      magnitude += Math.abs(line.weights()[k] * v);
    }
    return Math.abs(sum) <= 1e-7 * Math.max(1.0, magnitude);
  }

  /** The same numbers: kind, value and persons. */
  private static boolean same(Statistic a, Statistic b) {
    boolean values = Double.isNaN(a.value()) ? Double.isNaN(b.value())
        : Math.abs(a.value() - b.value()) <= 1e-9 * Math.max(1.0, Math.abs(a.value()));
    return a.kind() == b.kind() && values && a.persons() == b.persons() && a.denominator() == b.denominator()
        && a.comparison() == b.comparison();
  }

  /** The connected sets of cells that lines join (union-find); cells in no line are left out. */
  static List<int[]> components(int size, List<Suppression.Relation> relations) {
    UnionFind sets = new UnionFind(size);
    boolean[] inLine = new boolean[size];
    for (Suppression.Relation r : relations) {
      for (int c : r.cells()) {
        inLine[c] = true;
        sets.union(r.cells()[0], c);
      }
    }
    Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      if (inLine[i]) {
        groups.computeIfAbsent(sets.find(i), k -> new ArrayList<>()).add(i);
      }
    }
    return groups.values().stream().map(g -> g.stream().mapToInt(Integer::intValue).toArray()).toList();
  }
}
