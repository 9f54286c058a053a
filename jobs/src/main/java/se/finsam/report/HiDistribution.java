package se.finsam.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import se.finsam.disclosure.CountTable;
import se.finsam.disclosure.Line;
import se.finsam.disclosure.Statistic;
import se.finsam.disclosure.TableDraft;
import se.finsam.report.ReportTable.Cell;

/**
 * Tabell H: participants by huvudsaklig inkomstkälla in one year, in percent (seed 002's B1 has these
 * rows for participants and population; {@link PopulationTable} gives them where SCB's yearly HI is
 * delivered, this table from the panel's months whether or not). Each person is
 * counted once, under the HI category of most of their months that year (ties broken in the
 * configured category order), so that the cells count persons. Treatment and control arm are columns
 * when the design has arms; the arms and the total row are margins: a two-way table of counts for the
 * output checker, each percentage a share (group disclosure applies).
 */
public final class HiDistribution {
  private HiDistribution() {}

  public static TableDraft build(Dataset<Row> population, Dataset<Row> personMonth, ReportSettings settings) {
    int year = settings.descriptiveYear();
    List<ReportSettings.Category> categories = settings.hiCategories();
    Column rank = lit(categories.size());
    for (int i = categories.size() - 1; i >= 0; i--) {
      rank = when(col("hi").equalTo(categories.get(i).code()), i).otherwise(rank);
    }
    Dataset<Row> months = personMonth
        .filter(col("period").between(year * 100 + 1, year * 100 + 12).and(col("hi").isNotNull()))
        .groupBy("pid", "hi").agg(count(lit(1)).as("months"))
        .withColumn("rank", rank);
    Dataset<Row> modal = months
        .withColumn("pick", row_number().over(Window.partitionBy("pid").orderBy(col("months").desc(), col("rank"))))
        .filter(col("pick").equalTo(1));
    boolean withArms = population.filter(col("arm").isin(settings.balance().treatmentArm(),
        settings.balance().controlArm())).limit(1).count() > 0;
    Column group = withArms ? col("arm") : lit("Alla");
    List<Row> counts = population.select(col("pid"), group.as("column"))
        .filter(col("column").isNotNull())
        .join(modal, "pid")
        .groupBy("column", "hi").agg(count(lit(1)).as("persons"))
        .collectAsList();

    List<String> columnKeys = withArms
        ? List.of(settings.balance().treatmentArm(), settings.balance().controlArm()) : List.of("Alla");
    List<String> rowKeys = new ArrayList<>(categories.stream().map(ReportSettings.Category::code).toList());
    counts.stream().map(r -> r.getString(1)).distinct().filter(c -> !rowKeys.contains(c)).sorted().forEach(rowKeys::add);
    long[][] interior = new long[rowKeys.size()][columnKeys.size()];
    for (Row r : counts) {
      int j = columnKeys.indexOf(r.getString(0));
      if (j >= 0) {
        interior[rowKeys.indexOf(r.getString(1))][j] = r.getLong(2);
      }
    }
    CountTable layout = new CountTable("deltagare/hi" + year, rowKeys.size(), columnKeys.size());
    long[] rowTotal = new long[rowKeys.size()];
    long[] columnTotal = new long[columnKeys.size()];
    long grand = 0;
    for (int i = 0; i < rowKeys.size(); i++) {
      for (int j = 0; j < columnKeys.size(); j++) {
        rowTotal[i] += interior[i][j];
        columnTotal[j] += interior[i][j];
        grand += interior[i][j];
      }
    }
    List<String> headings = withArms ? List.of("Behandlingsgrupp", "Kontrollgrupp", "Alla") : List.of("Alla");
    // Not a seed table (the seed's B1 has the participants' income sources beside the population's): a letter.
    TableDraft table = new TableDraft("tabell_h", "Tabell H Deltagarnas huvudsakliga inkomstkälla " + year
        + " (procent)", "Varje deltagare räknas en gång, under den inkomstkälla (SCB:s definition) som gällde flest "
        + "månader " + year + ". Procent av deltagarna i kolumnen. \"..\" = färre än " + settings.minPersons()
        + " personer, en andel på 0 eller 100 procent, eller undertryckt för att cellen annars kunde räknas fram "
        + "ur summorna.", headings);
    // Without arms the one column is its own row total: only the column adds up.
    table.relate(withArms ? layout.lines("deltagare") : List.of(Line.sum("deltagare",
        java.util.stream.IntStream.range(0, rowKeys.size()).mapToObj(i -> layout.cell(i, 0)).toList(),
        layout.columnTotal(0))));
    for (int i = 0; i < rowKeys.size(); i++) {
      List<TableDraft.DraftCell> cells = new ArrayList<>();
      for (int j = 0; j < columnKeys.size(); j++) {
        cells.add(share(interior[i][j], columnTotal[j], layout.cell(i, j)));
      }
      if (withArms) {
        cells.add(share(rowTotal[i], grand, layout.rowTotal(i)));
      }
      String code = rowKeys.get(i);
      String label = categories.stream().filter(c -> c.code().equals(code)).map(ReportSettings.Category::label)
          .findFirst().orElse(code);
      table.row(label, cells);
    }
    List<TableDraft.DraftCell> totals = new ArrayList<>();
    for (int j = 0; j < columnKeys.size(); j++) {
      totals.add(total(columnTotal[j], layout.columnTotal(j)));
    }
    if (withArms) {
      totals.add(total(grand, layout.grandTotal()));
    }
    return table.row("Antal personer", totals);
  }

  private static TableDraft.DraftCell share(long persons, long total, String key) {
    // The share only, not its persons: with both, a withheld column total would be persons / share.
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("share", total == 0 ? null : persons / (double) total);
    return TableDraft.DraftCell.of(Cell.of(List.of(total == 0 ? "\u2013" : SwedishFormat.percent(persons / (double) total, 0)),
        values), Statistic.share(persons, total), key);
  }

  private static TableDraft.DraftCell total(long persons, String key) {
    return TableDraft.DraftCell.of(Cell.of(List.of(SwedishFormat.integer(persons)), Map.of("persons", persons)),
        Statistic.count(persons), key);
  }
}
