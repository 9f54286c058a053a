package se.finsam.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One published table, already through disclosure control: what the HTML shows (Swedish number
 * style) and what its CSV holds (the same cells, full precision, long format: one line per cell).
 *
 * @param id file name stem of the CSV and anchor in the HTML
 * @param title caption, e.g. "Tabell 1 ..."
 * @param note the note under the table (method, source, suppression)
 * @param columns column headings after the row-label column
 * @param rows rows in order; a row without cells is a section heading (an empty one ends a section)
 */
public record ReportTable(String id, String title, String note, List<String> columns, List<Row> rows) {
  /** The marker of a suppressed cell, in the HTML and the CSV flag column (as in SCB tables). */
  public static final String SUPPRESSED = "..";

  public ReportTable {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
  }

  /** A row: its label and one cell per column, or no cells for a section heading. */
  public record Row(String label, List<Cell> cells) {
    public Row {
      cells = List.copyOf(cells);
    }

    public static Row heading(String label) {
      return new Row(label, List.of());
    }

    public boolean isHeading() {
      return cells.isEmpty();
    }
  }

  /**
   * A cell: display lines (the first the value, further ones e.g. the standard error) and the full
   * precision values behind them by name. A suppressed cell keeps no values.
   */
  public record Cell(List<String> lines, Map<String, Object> values, boolean suppressed) {
    public Cell {
      lines = List.copyOf(lines);
      values = suppressed ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static Cell of(List<String> lines, Map<String, Object> values) {
      return new Cell(lines, values, false);
    }

    public static Cell suppressedCell() {
      return new Cell(List.of(SUPPRESSED), Map.of(), true);
    }

    public static Cell empty() {
      return new Cell(List.of(""), Map.of(), false);
    }
  }

  /** All cells, row by row. */
  public List<Cell> cells() {
    List<Cell> cells = new ArrayList<>();
    rows.forEach(r -> cells.addAll(r.cells()));
    return cells;
  }

  /**
   * The CSV: {@code row,column,suppressed,<value names>}; suppressed cells have empty values and
   * {@code suppressed=..}; numbers with a dot and full precision (Java's shortest round-trip form).
   */
  public String csv() {
    Set<String> names = new LinkedHashSet<>();
    cells().forEach(c -> names.addAll(c.values().keySet()));
    StringBuilder out = new StringBuilder("row,column,suppressed");
    names.forEach(n -> out.append(',').append(csvField(n)));
    out.append('\n');
    String section = "";
    for (Row row : rows) {
      if (row.isHeading()) {
        section = row.label();
        continue;
      }
      String label = section.isEmpty() ? row.label() : section + " / " + row.label();
      for (int j = 0; j < row.cells().size(); j++) {
        Cell cell = row.cells().get(j);
        if (!cell.suppressed() && cell.values().isEmpty()) {
          continue;
        }
        out.append(csvField(label)).append(',').append(csvField(columns.get(j))).append(',')
            .append(cell.suppressed() ? SUPPRESSED : "");
        for (String name : names) {
          Object v = cell.values().get(name);
          out.append(',').append(v == null ? "" : csvField(String.valueOf(v)));
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  public static String csvField(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
