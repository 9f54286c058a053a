package se.finsam.report;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import se.finsam.disclosure.Line;
import se.finsam.disclosure.OutputChecker;
import se.finsam.disclosure.Statistic;
import se.finsam.disclosure.TableDraft;
import se.finsam.indicators.HuvudsakligInkomstkalla;
import se.finsam.linkage.Keys;
import se.finsam.report.ReportSettings.Demographics;
import se.finsam.report.ReportTable.Cell;

/**
 * Seed 002 Table B1's characteristics: the participants and the working-age population of one year
 * compared by sex, born abroad, age bands and mean age, education and civil status, all from
 * {@code scb_bakgrund_ar} of that year, and by huvudsaklig inkomstkälla where SCB's yearly HI of the year is
 * delivered (seed 002 Table B1: both columns in 2020). The population follows the panel's rules: age = year -
 * fodelsear, within the configured ages; a person whose earliest doddatum or utvandrad_datum is before
 * the year is not in it. Participants are the persons of panel/population with a treatment month (not
 * a SUS comparison pool), under the same rules. Spark counts per column; only those counts reach the
 * driver.
 *
 * <p>Disclosure: every row a share of its column (the persons with the attribute over the column's
 * persons), the mean age a mean; the age bands add up to the column, and so do the rows of one
 * variable when they cover everybody (declared only then).
 */
public final class PopulationTable {
  static final String PARTICIPANTS = "deltagare";
  static final String POPULATION = "befolkning";

  private PopulationTable() {}

  public static TableDraft build(Dataset<Row> bakgrund, Dataset<Row> population, ReportSettings settings) {
    return build(bakgrund, population, Optional.empty(), true, settings);
  }

  /**
   * With SCB's yearly HI ({@code scb_hi_ar}) delivered for the year, the rows "Huvudsaklig inkomstkälla"
   * in both columns: each person under the category of the year's amounts ({@link HuvudsakligInkomstkalla};
   * {@code largestReading} as finsam.hi.reading), a person without a row that year under none.
   */
  public static TableDraft build(Dataset<Row> bakgrund, Dataset<Row> population, Optional<Dataset<Row>> hiYearly,
                                 boolean largestReading, ReportSettings settings) {
    int year = settings.descriptiveYear();
    Demographics d = settings.demographics();
    Dataset<Row> exits = bakgrund.groupBy("pid")
        .agg(min(least(col("doddatum"), col("utvandrad_datum"))).as("exit_datum"));
    Dataset<Row> persons = bakgrund.filter(col("ar").equalTo(year))
        .join(exits, "pid")
        .filter(col("exit_datum").isNull().or(col("exit_datum").geq(lit(java.sql.Date.valueOf(LocalDate.of(year, 1, 1))))))
        .withColumn("_age", lit(year).minus(col("fodelsear")))
        .filter(col("_age").between(d.minAge(), d.maxAge()));
    Dataset<Row> participants = persons.join(population.filter(col("treatment_period").isNotNull()).select("pid"),
        Keys.of("pid"), "left_semi");
    Dataset<Row> both = persons.withColumn("_column", lit(POPULATION))
        .unionByName(participants.withColumn("_column", lit(PARTICIPANTS)));
    Optional<Dataset<Row>> hiOfYear = hiYearly.map(h -> h.filter(col("ar").equalTo(year)))
        .filter(h -> !h.isEmpty());
    if (hiOfYear.isPresent()) {
      both = both.join(HuvudsakligInkomstkalla.apply(hiOfYear.get(), largestReading)
          .select(col("pid"), col("hi").as("_hi")), Keys.of("pid"), "left");
    }
    List<ReportSettings.Category> categories = hiOfYear.isPresent() ? settings.hiCategories() : List.of();

    List<Column> aggregates = new ArrayList<>(List.of(avg(col("_age")).as("mean_age")));
    for (int i = 0; i < d.rows().size(); i++) {
      ReportSettings.DemographicRow r = d.rows().get(i);
      Column has = r.value().isPresent() ? col(r.column()).cast("string").equalTo(r.value().get())
          : col(r.column()).cast("boolean");
      aggregates.add(sum(when(has, 1L).otherwise(0L)).as("r" + i));
    }
    for (int i = 0; i < categories.size(); i++) {
      aggregates.add(sum(when(col("_hi").equalTo(categories.get(i).code()), 1L).otherwise(0L)).as("hi" + i));
    }
    List<Integer> bounds = bands(d);
    for (int b = 0; b + 1 < bounds.size(); b++) {
      aggregates.add(sum(when(col("_age").between(bounds.get(b), bounds.get(b + 1) - 1), 1L).otherwise(0L)).as("a" + b));
    }
    Map<String, Row> byColumn = new LinkedHashMap<>();
    for (Row r : both.groupBy("_column").agg(count(lit(1)).as("persons"), aggregates.toArray(Column[]::new))
        .collectAsList()) {
      byColumn.put(r.getString(0), r);
    }
    List<String> columns = List.of(PARTICIPANTS, POPULATION);
    TableDraft table = new TableDraft("tabell_b1", settings.catalogue().caption("Tabell B1") + " " + year,
        "Ur SCB:s bakgrundsuppgifter (scb_bakgrund_ar) för " + year + ": personer " + d.minAge() + "–" + d.maxAge()
        + " år (ålder = " + year + " minus födelseår) som inte avlidit eller utvandrat före " + year + "; deltagarna "
        + "under samma regler. Procent av personerna i kolumnen. Utrikes födda räknas i båda kolumnerna bland "
        + d.minAge() + "–" + d.maxAge() + " år (ISF 2024:12 fotnot 36: befolkningens andel avsåg där 16–64 år). "
        + (hiOfYear.isPresent() ? "Huvudsaklig inkomstkälla ur SCB:s årsuppgift (scb_hi_ar) för " + year + " i båda "
            + "kolumnerna: den kategori som har " + (largestReading ? "störst belopp" : "mer än hälften av inkomsten")
            + " under året; en person utan årsuppgift räknas inte i någon kategori. "
            : "Deltagarnas huvudsakliga inkomstkälla står i tabell H; befolkningens kan inte beräknas: "
            + "SCB:s årsuppgift om huvudsaklig inkomstkälla (scb_hi_ar) för " + year + " är inte levererad, och panelen "
            + "omfattar bara deltagarna. ")
        + "\"..\" = färre än " + settings.minPersons() + " personer, en andel på 0 eller 100 procent, eller undertryckt.",
        List.of("Utvärderingen", "Nationellt genomsnitt"));
    for (int i = 0; i < d.rows().size(); i++) {
      if (d.rows().get(i).section().isEmpty()) {
        shareRow(table, byColumn, columns, d.rows().get(i).label(), "r" + i, key(d.rows().get(i)));
      }
    }
    table.heading("Ålder");
    List<String> bandNames = new ArrayList<>();
    for (int b = 0; b + 1 < bounds.size(); b++) {
      boolean first = b == 0;
      boolean last = b + 2 == bounds.size();
      String label = first ? "<" + bounds.get(1) + " år" : last ? bounds.get(b) + " plus"
          : bounds.get(b) + "–" + (bounds.get(b + 1) - 1) + " år";
      bandNames.add("alder=" + bounds.get(b));
      shareRow(table, byColumn, columns, label, "a" + b, "alder=" + bounds.get(b));
    }
    relate(table, byColumn, columns, bandNames, java.util.stream.IntStream.range(0, bandNames.size())
        .mapToObj(b -> "a" + b).toList());
    List<TableDraft.DraftCell> mean = new ArrayList<>();
    for (String c : columns) {
      Row r = byColumn.get(c);
      if (r == null || r.getLong(r.fieldIndex("persons")) == 0) {
        mean.add(TableDraft.DraftCell.plain(Cell.empty()));
        continue;
      }
      double m = r.getDouble(r.fieldIndex("mean_age"));
      mean.add(TableDraft.DraftCell.of(Cell.of(List.of(SwedishFormat.number(m)), Map.of("mean", m)),
          Statistic.mean(m, r.getLong(r.fieldIndex("persons"))), cellKey(c, "alder:mean")));
    }
    table.row("Medelvärde ålder", mean);
    String section = "";
    Map<String, List<Integer>> byVariable = new LinkedHashMap<>();
    for (int i = 0; i < d.rows().size(); i++) {
      ReportSettings.DemographicRow r = d.rows().get(i);
      if (r.section().isEmpty()) {
        continue;
      }
      if (!r.section().equals(section)) {
        section = r.section();
        table.heading(section);
      }
      shareRow(table, byColumn, columns, r.label(), "r" + i, key(r));
      byVariable.computeIfAbsent(r.column(), k -> new ArrayList<>()).add(i);
    }
    byVariable.values().forEach(rows -> relate(table, byColumn, columns,
        rows.stream().map(i -> key(d.rows().get(i))).toList(), rows.stream().map(i -> "r" + i).toList()));
    if (!categories.isEmpty()) {
      table.heading("Huvudsaklig inkomstkälla");
      for (int i = 0; i < categories.size(); i++) {
        shareRow(table, byColumn, columns, categories.get(i).label(), "hi" + i, "hi=" + categories.get(i).code());
      }
      relate(table, byColumn, columns, categories.stream().map(c -> "hi=" + c.code()).toList(),
          java.util.stream.IntStream.range(0, categories.size()).mapToObj(i -> "hi" + i).toList());
    }
    table.heading("");
    List<TableDraft.DraftCell> totals = new ArrayList<>();
    for (String c : columns) {
      long n = persons(byColumn.get(c));
      totals.add(TableDraft.DraftCell.of(Cell.of(List.of(SwedishFormat.integer(n)), Map.of("persons", n)),
          Statistic.count(n), cellKey(c, "persons")));
    }
    return table.row("Antal personer", totals);
  }

  /** The configured band bounds with the lowest age first and one above the highest last. */
  private static List<Integer> bands(Demographics d) {
    List<Integer> bounds = new ArrayList<>(List.of(d.minAge()));
    bounds.addAll(d.ageBands());
    bounds.add(d.maxAge() + 1);
    return bounds;
  }

  private static String key(ReportSettings.DemographicRow r) {
    return r.column() + r.value().map(v -> "=" + v).orElse("");
  }

  private static String cellKey(String column, String variable) {
    return "b1/" + column + "/" + variable;
  }

  private static long persons(Row r) {
    return r == null ? 0 : r.getLong(r.fieldIndex("persons"));
  }

  private static void shareRow(TableDraft table, Map<String, Row> byColumn, List<String> columns, String label,
                               String field, String variable) {
    List<TableDraft.DraftCell> cells = new ArrayList<>();
    for (String c : columns) {
      Row r = byColumn.get(c);
      long n = persons(r);
      if (n == 0) {
        cells.add(TableDraft.DraftCell.plain(Cell.empty()));
        continue;
      }
      long k = r.getLong(r.fieldIndex(field));
      cells.add(TableDraft.DraftCell.of(Cell.of(List.of(SwedishFormat.percent(k / (double) n, 0)),
          Map.of("share", k / (double) n)), Statistic.share(k, n), cellKey(c, variable)));
    }
    table.row(label, cells);
  }

  /** The rows of one variable add up to the column's persons: declared when they do (nobody missing). */
  private static void relate(TableDraft table, Map<String, Row> byColumn, List<String> columns, List<String> variables,
                             List<String> fields) {
    for (String c : columns) {
      Row r = byColumn.get(c);
      if (r == null) {
        continue;
      }
      Map<String, Double> values = new LinkedHashMap<>();
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < variables.size(); i++) {
        parts.add(cellKey(c, variables.get(i)));
        values.put(parts.get(i), (double) r.getLong(r.fieldIndex(fields.get(i))));
      }
      values.put(cellKey(c, "persons"), (double) persons(r));
      Line line = Line.sum(c, parts, cellKey(c, "persons"));
      if (OutputChecker.holds(line, values)) {
        table.relate(line);
      }
    }
  }
}
