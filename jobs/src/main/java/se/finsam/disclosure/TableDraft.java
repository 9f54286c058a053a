package se.finsam.disclosure;

import java.util.ArrayList;
import java.util.List;
import se.finsam.report.ReportTable;

/**
 * A table before the output checker: the {@link ReportTable} layout, and per cell what it shows, what it
 * rests on ({@link Statistic}) and its key. Cells with the same key in several tables (the same count in
 * two tables, a figure's data and a table) are one quantity: withheld together. A cell without a key gets
 * one of its own ({@code <table id>#<row>,<column>}).
 */
public final class TableDraft {
  private final String id;
  private final String title;
  private final String note;
  private final List<String> columns;
  private final List<DraftRow> rows = new ArrayList<>();
  private final List<Line> lines = new ArrayList<>();
  private final java.util.Map<String, Statistic> hidden = new java.util.LinkedHashMap<>();
  private List<String> titleKeys = List.of();

  /**
   * One cell of the draft.
   *
   * @param shown the cell as published when not withheld
   * @param key the run-wide key lines refer to; null for a cell of its own
   * @param follows keys of cells this one is withheld with (it is derived from them)
   */
  public record DraftCell(ReportTable.Cell shown, Statistic statistic, String key, List<String> follows) {
    public DraftCell {
      follows = List.copyOf(follows);
      if (shown.suppressed()) {
        throw new IllegalArgumentException("a draft cell is shown; the checker decides what is withheld");
      }
    }

    public static DraftCell of(ReportTable.Cell shown, Statistic statistic, String key) {
      return new DraftCell(shown, statistic, key, List.of());
    }

    /** A cell derived from others and published only when they all are (a p-value, a relative effect). */
    public static DraftCell following(ReportTable.Cell shown, List<String> follows) {
      return new DraftCell(shown, Statistic.none(), null, follows);
    }

    /** Not person data: an empty cell, a label, a technical count. */
    public static DraftCell plain(ReportTable.Cell shown) {
      return new DraftCell(shown, Statistic.none(), null, List.of());
    }
  }

  /** A row: a label and one cell per column, or no cells for a section heading. */
  public record DraftRow(String label, List<DraftCell> cells) {
    public DraftRow {
      cells = List.copyOf(cells);
    }
  }

  public TableDraft(String id, String title, String note, List<String> columns) {
    this.id = id;
    this.title = title;
    this.note = note;
    this.columns = List.copyOf(columns);
  }

  public TableDraft row(String label, List<DraftCell> cells) {
    if (cells.size() != columns.size()) {
      throw new IllegalArgumentException("table " + id + ", row '" + label + "': " + cells.size() + " cells for "
          + columns.size() + " columns");
    }
    rows.add(new DraftRow(label, cells));
    return this;
  }

  public TableDraft heading(String label) {
    rows.add(new DraftRow(label, List.of()));
    return this;
  }

  /**
   * The title names counts that cells of the run publish: {@code {0}}, {@code {1}}, ... in the title stand for
   * the cells with these keys, written as those cells are published, or {@code ..} when the checker withholds
   * them, so that a title never shows what a table withholds.
   */
  public TableDraft titleCounts(String... keys) {
    for (int k = 0; k < keys.length; k++) {
      if (!title.contains("{" + k + "}")) {
        throw new IllegalArgumentException("table " + id + ": the title has no {" + k + "} for " + keys[k]);
      }
    }
    titleKeys = List.of(keys);
    return this;
  }

  public List<String> titleKeys() {
    return titleKeys;
  }

  /** A relation a reader knows holds between cells of this table (and, by key, of others). */
  public TableDraft relate(Line line) {
    lines.add(line);
    return this;
  }

  public TableDraft relate(List<Line> more) {
    lines.addAll(more);
    return this;
  }

  public List<Line> lines() {
    return List.copyOf(lines);
  }

  /**
   * A cell no table publishes that a reader still gets from the published ones through lines: the rest of a
   * published total beyond a published subgroup ({@code all = subgroup + rest}, the rest hidden). The checker
   * applies the primary rules to it (a rest of one person is as sensitive as a published one) and protects it
   * like any withheld cell, by withholding a published partner; it never shows it in a table or a CSV. It must
   * be in a line ({@link #relate}), and its key must be no published cell's. A {@link Statistic#none()} cell
   * cannot stand for it: that is a published label without a value, no rule and never a partner.
   */
  public TableDraft hidden(String key, Statistic statistic) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("table " + id + ": a hidden cell needs a key, for the lines it is in");
    }
    if (statistic.kind() == Statistic.Kind.NONE || !Double.isFinite(statistic.value())) {
      throw new IllegalArgumentException("table " + id + ": hidden cell '" + key + "' is no aggregate with a value ("
          + statistic.kind() + ", " + statistic.value() + "): only such a cell is in lines");
    }
    if (hidden.putIfAbsent(key, statistic) != null) {
      throw new IllegalArgumentException("table " + id + ": hidden cell '" + key + "' declared twice");
    }
    return this;
  }

  /** The hidden cells by key, in the order declared. */
  public java.util.Map<String, Statistic> hiddenCells() {
    return java.util.Collections.unmodifiableMap(hidden);
  }

  /** A table that is not person data (provenance): published as is, listed in the checked outputs. */
  public static TableDraft plain(ReportTable table) {
    TableDraft draft = new TableDraft(table.id(), table.title(), table.note(), table.columns());
    for (ReportTable.Row row : table.rows()) {
      if (row.isHeading()) {
        draft.heading(row.label());
      } else {
        draft.row(row.label(), row.cells().stream().map(DraftCell::plain).toList());
      }
    }
    return draft;
  }

  public String id() {
    return id;
  }

  public String title() {
    return title;
  }

  public String note() {
    return note;
  }

  public List<String> columns() {
    return columns;
  }

  public List<DraftRow> rows() {
    return List.copyOf(rows);
  }

  /** The value of every keyed cell in a line-able form (finite values only), for relations that may hold. */
  public java.util.Map<String, Double> values() {
    java.util.Map<String, Double> values = new java.util.LinkedHashMap<>();
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < rows.get(r).cells().size(); c++) {
        double v = rows.get(r).cells().get(c).statistic().value();
        if (Double.isFinite(v)) {
          values.put(keyOf(r, c), v);
        }
      }
    }
    return values;
  }

  /** The statistic of every keyed cell with a finite value, by key (as {@link #values()}). */
  public java.util.Map<String, Statistic> statistics() {
    java.util.Map<String, Statistic> statistics = new java.util.LinkedHashMap<>();
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < rows.get(r).cells().size(); c++) {
        Statistic s = rows.get(r).cells().get(c).statistic();
        if (Double.isFinite(s.value())) {
          statistics.put(keyOf(r, c), s);
        }
      }
    }
    return statistics;
  }

  /** The key of cell (row, column): its declared key or its own. */
  public String keyOf(int row, int column) {
    String key = rows.get(row).cells().get(column).key();
    return key != null ? key : id + "#" + row + "," + column;
  }
}
