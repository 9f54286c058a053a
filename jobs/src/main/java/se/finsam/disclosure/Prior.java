package se.finsam.disclosure;

import java.util.List;

/**
 * What a run published before a check: every cell of the earlier designs' checked outputs (key, what it
 * rests on, and whether and why it was withheld) and the lines they declared. A later design is checked
 * against it ({@link OutputChecker#check(List, List, Prior)}): an earlier cell keeps its status (published
 * stays published, withheld stays withheld), only the new design's cells can become partners, and the
 * audit bounds every withheld cell from everything the run has published.
 */
public record Prior(List<Cell> cells, List<Line> lines) {
  public static final Prior NONE = new Prior(List.of(), List.of());

  /**
   * One checked cell of an earlier publication.
   *
   * @param rule why it was withheld, null when published (or hidden and not sensitive)
   * @param hidden a cell the design never published but declared in lines ({@link TableDraft#hidden}): unknown
   *     to a reader whatever its rule; its row and column are empty
   */
  public record Cell(String design, String table, String row, String column, String key, Statistic statistic, Rule rule,
                     boolean hidden) {
    /** Unknown to a reader: withheld or never published. */
    public boolean unknown() {
      return rule != null || hidden;
    }
  }

  public Prior {
    cells = List.copyOf(cells);
    lines = List.copyOf(lines);
  }
}
