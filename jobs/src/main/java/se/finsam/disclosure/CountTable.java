package se.finsam.disclosure;

import java.util.ArrayList;
import java.util.List;

/**
 * The keys and lines of a two-way table of counts with margins: interior cells, row totals, column
 * totals and the grand total, every row and column adding up to its total and both margins to the grand
 * total. Keys start with {@code prefix}, so two tables of one population can share margins by prefix.
 */
public record CountTable(String prefix, int rows, int columns) {
  public String cell(int row, int column) {
    return prefix + "/" + row + "," + column;
  }

  public String rowTotal(int row) {
    return prefix + "/" + row + ",*";
  }

  public String columnTotal(int column) {
    return prefix + "/*," + column;
  }

  public String grandTotal() {
    return prefix + "/*,*";
  }

  public List<Line> lines(String population) {
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      List<String> parts = new ArrayList<>();
      for (int j = 0; j < columns; j++) {
        parts.add(cell(i, j));
      }
      lines.add(Line.sum(population, parts, rowTotal(i)));
    }
    for (int j = 0; j < columns; j++) {
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        parts.add(cell(i, j));
      }
      lines.add(Line.sum(population, parts, columnTotal(j)));
    }
    List<String> rowTotals = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      rowTotals.add(rowTotal(i));
    }
    List<String> columnTotals = new ArrayList<>();
    for (int j = 0; j < columns; j++) {
      columnTotals.add(columnTotal(j));
    }
    if (rows > 1) {
      lines.add(Line.sum(population, rowTotals, grandTotal()));
    }
    if (columns > 1) {
      lines.add(Line.sum(population, columnTotals, grandTotal()));
    }
    return lines;
  }
}
