package se.finsam.disclosure;

import java.util.List;
import java.util.Locale;
import se.finsam.report.ReportTable;

/**
 * The result of checking a run's outputs: the tables to publish and the audit record (the run's
 * {@code checked_outputs.csv}).
 *
 * @param tables the published tables, in the order drafted
 * @param withheld every withheld cell of every table, with its rule and the audit's interval
 * @param hidden every hidden cell ({@link TableDraft#hidden}), with its rule (null when no primary rule makes it
 *     sensitive) and interval: part of {@link #passed()}, never of {@link #csv()} (the file is published, and even
 *     an interval says something of a cell no table shows); its row is empty and its table the one declaring it
 * @param enabled false when the checker was turned off (replication profile): nothing withheld or audited
 * @param cells every checked cell once, with its status: what later designs of the run are checked against
 *     ({@link RunLedger}); holds the values of withheld cells, so it is never published
 * @param lines the lines this check declared
 */
public record CheckedOutputs(List<ReportTable> tables, List<Withheld> withheld, List<Withheld> hidden, boolean enabled,
                             DisclosureSettings settings, List<Prior.Cell> cells, List<Line> lines) {
  public CheckedOutputs {
    tables = List.copyOf(tables);
    withheld = List.copyOf(withheld);
    hidden = List.copyOf(hidden);
    cells = List.copyOf(cells);
    lines = List.copyOf(lines);
  }

  /**
   * A withheld cell.
   *
   * @param lower the smallest value the published cells allow (−∞ / +∞ when unbounded)
   * @param required the interval width the protection level asks for; 0 for secondary and following cells
   *     (only sensitive cells need protection)
   */
  public record Withheld(String table, String row, String column, String key, Rule rule, double value,
                         double lower, double upper, double required) {
    public boolean isProtected() {
      return required == 0 || upper - lower >= required;
    }
  }

  /** The withheld and hidden cells bounded more narrowly than the protection level. */
  public List<Withheld> unprotected() {
    return java.util.stream.Stream.concat(withheld.stream(), hidden.stream()).filter(w -> !w.isProtected()).toList();
  }

  public boolean passed() {
    return unprotected().isEmpty();
  }

  /** Fails with every cell the audit found too narrowly bounded. */
  public CheckedOutputs requirePassed() {
    List<Withheld> bad = unprotected();
    if (!bad.isEmpty()) {
      throw new IllegalStateException("disclosure audit failed: " + bad.size() + " withheld cell(s) can be bounded "
          + "more narrowly than the protection level from the published cells, e.g. " + bad.stream().limit(5)
          .map(w -> w.table() + " / " + w.row() + " / " + w.column() + " [" + w.key() + "] (" + w.rule() + ", interval ["
              + w.lower() + ", " + w.upper() + "], needs " + w.required() + ")").toList());
    }
    return this;
  }

  /**
   * The checked-outputs file: a line per published table ({@code kind=table}, its cell count and withheld
   * cells) and one per withheld cell ({@code kind=withheld}) with rule, interval and required width.
   * No values of withheld cells: the file is published with the report.
   */
  public String csv() {
    StringBuilder out = new StringBuilder("kind,table,row,column,rule,interval_lower,interval_upper,"
        + "required_width,protected,cells,withheld\n");
    for (ReportTable t : tables) {
      long cells = t.cells().size();
      long held = t.cells().stream().filter(ReportTable.Cell::suppressed).count();
      out.append("table,").append(ReportTable.csvField(t.id())).append(",,,,,,,,").append(cells).append(',')
          .append(held).append('\n');
    }
    for (Withheld w : withheld) {
      out.append("withheld,").append(ReportTable.csvField(w.table())).append(',').append(ReportTable.csvField(w.row()))
          .append(',').append(ReportTable.csvField(w.column())).append(',').append(w.rule()).append(',')
          .append(bound(w.lower())).append(',').append(bound(w.upper())).append(',').append(w.required()).append(',')
          .append(w.isProtected()).append(",,\n");
    }
    return out.toString();
  }

  private static String bound(double v) {
    return Double.isInfinite(v) ? (v > 0 ? "Inf" : "-Inf") : String.format(Locale.ROOT, "%s", v);
  }

  /** Withheld cells per rule, for the report's summary. */
  public long count(Rule rule) {
    return withheld.stream().filter(w -> w.rule() == rule).count();
  }
}
