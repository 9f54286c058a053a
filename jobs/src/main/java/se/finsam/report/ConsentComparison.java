package se.finsam.report;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.var_samp;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import se.finsam.did.Distributions;
import se.finsam.disclosure.GroupSummaries;
import se.finsam.disclosure.Line;
import se.finsam.disclosure.Statistic;
import se.finsam.disclosure.TableDraft;
import se.finsam.disclosure.TableDraft.DraftCell;
import se.finsam.report.ReportTable.Cell;

/**
 * Tabell S: sex and age of those asked to take part who said yes and no, with the difference and its
 * test. The seed states the result only in its text (seed 002 section 2.5: "Det finns ingen statistiskt
 * signifikant skillnad i ålder eller kön mellan de personer som valde att delta och de som tackade nej"),
 * so the table has a letter, not a seed number.
 *
 * <p>The answer and the month asked are in {@code curated/experiment_deltagare} ({@code samtycke},
 * {@code tillfragad_datum}), which has no sex or birth year: those come from {@code curated/scb_bakgrund_ar}
 * of the year asked (age = that year minus birth year, the panel's rule), since those who declined never
 * reach the panel. Spark counts per answer; only those counts, means and variances reach the driver.
 * The persons asked per answer are Figure 1's totals (the same cells); shares and the mean age are of
 * those with a background row that year.
 */
final class ConsentComparison {
  static final String ID = "tabell_samtycke";
  private static final String KEY = "samtycke/";
  private static final List<String> GROUPS = List.of("alla", "ja", "nej");

  private ConsentComparison() {}

  /**
   * @param deltagare curated experiment_deltagare ({@code pid, tillfragad_datum, samtycke})
   * @param bakgrund curated scb_bakgrund_ar ({@code pid, ar, kon, fodelsear})
   * @return empty when nobody was asked, or nobody of either answer has a background row
   */
  static Optional<TableDraft> build(Dataset<Row> deltagare, Dataset<Row> bakgrund, ReportSettings settings) {
    Dataset<Row> asked = deltagare.filter(col("tillfragad_datum").isNotNull().and(col("samtycke").isNotNull()))
        .select(col("pid"), year(col("tillfragad_datum")).as("ar"), col("samtycke")).distinct();
    Dataset<Row> background = bakgrund.select(col("pid").as("b_pid"), col("ar").as("b_ar"), col("kon"),
        col("fodelsear"));
    Dataset<Row> persons = asked.join(background, col("pid").equalTo(col("b_pid")).and(col("ar").equalTo(col("b_ar"))),
            "left")
        .select(col("samtycke"), col("kon"), col("ar").minus(col("fodelsear")).as("alder"));
    List<Integer> bounds = settings.demographics().ageBands();
    List<Column> aggregates = new ArrayList<>(List.of(count(col("alder")).as("known"),
        sum(when(col("kon").equalTo(settings.balance().women()), 1L).otherwise(0L)).as("women"),
        avg(col("alder")).as("mean_age"), var_samp(col("alder")).as("var_age")));
    for (int b = 0; b <= bounds.size(); b++) {
      Column in = b == 0 ? col("alder").lt(bounds.get(0))
          : b == bounds.size() ? col("alder").geq(bounds.get(b - 1))
          : col("alder").geq(bounds.get(b - 1)).and(col("alder").lt(bounds.get(b)));
      aggregates.add(sum(when(in, 1L).otherwise(0L)).as("band" + b));
    }
    Map<String, Row> byGroup = new LinkedHashMap<>();
    for (Row r : persons.rollup("samtycke").agg(count(lit(1)).as("asked"), aggregates.toArray(Column[]::new))
        .collectAsList()) {
      byGroup.put(r.isNullAt(0) ? "alla" : r.getBoolean(0) ? "ja" : "nej", r);
    }
    if (!byGroup.containsKey("ja") || !byGroup.containsKey("nej")
        || known(byGroup.get("ja")) == 0 || known(byGroup.get("nej")) == 0) {
      return Optional.empty();
    }
    TableDraft table = new TableDraft(ID, "Tabell S Kön och ålder hos de tillfrågade som tackade ja och som tackade "
        + "nej till att delta", "ISF 2024:12 (avsnitt 2.5) anger att det inte finns någon statistiskt signifikant "
        + "skillnad i ålder eller kön mellan de som valde att delta och de som tackade nej; tabellen visar jämförelsen. "
        + "Tillfrågade = personer i experimentets deltagartabell (experiment_deltagare) med svar, som i figur 1. Kön "
        + "och ålder ur SCB:s bakgrundsuppgifter (scb_bakgrund_ar) för det år personen tillfrågades (ålder = året minus "
        + "födelseåret); andelar och medelålder avser dem som har en rad där det året. P-värde: andelar med z-test av "
        + "två andelar (poolad andel), medelåldern med Welchs t-test. \"..\" = färre än " + settings.minPersons()
        + " personer bakom värdet, en andel på 0 eller 100 procent, eller sekundärt undertryckt.",
        List.of("Alla tillfrågade", "Tackade ja", "Tackade nej", "Skillnad (ja − nej)", "P-värde"));
    countRow(table, byGroup);
    shareRow(table, byGroup, "Kvinnor (procent)", "women");
    meanRow(table, byGroup);
    table.heading("Ålder (procent)");
    for (int b = 0; b <= bounds.size(); b++) {
      String label = b == 0 ? "<" + bounds.get(0) + " år" : b == bounds.size() ? bounds.get(b - 1) + " år och äldre"
          : bounds.get(b - 1) + "–" + (bounds.get(b) - 1) + " år";
      shareRow(table, byGroup, label, "band" + b);
    }
    return Optional.of(table);
  }

  /** Figure 1's totals: the persons asked who said yes, no, and all (the same cells). */
  private static String askedKey(String group) {
    return switch (group) {
      case "ja" -> ParticipationFigure.TOTALS.columnTotal(0);
      case "nej" -> ParticipationFigure.TOTALS.columnTotal(1);
      default -> ParticipationFigure.TOTALS.grandTotal();
    };
  }

  private static void countRow(TableDraft table, Map<String, Row> byGroup) {
    List<DraftCell> cells = new ArrayList<>();
    for (String g : GROUPS) {
      long n = byGroup.get(g).getLong(byGroup.get(g).fieldIndex("asked"));
      cells.add(DraftCell.of(Cell.of(List.of(SwedishFormat.integer(n)), Map.of("persons", n)), Statistic.count(n),
          askedKey(g)));
    }
    cells.add(DraftCell.plain(Cell.empty()));
    cells.add(DraftCell.plain(Cell.empty()));
    table.row("Antal tillfrågade", cells);
  }

  private static void shareRow(TableDraft table, Map<String, Row> byGroup, String label, String field) {
    List<DraftCell> cells = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    double[] share = new double[3];
    long[] with = new long[3];
    long[] of = new long[3];
    for (int c = 0; c < 3; c++) {
      Row r = byGroup.get(GROUPS.get(c));
      with[c] = r.getLong(r.fieldIndex(field));
      of[c] = known(r);
      share[c] = (double) with[c] / of[c];
      keys.add(KEY + field + "/" + GROUPS.get(c));
      cells.add(DraftCell.of(Cell.of(List.of(SwedishFormat.percent(share[c], 0)), values("share", share[c], of[c])),
          Statistic.share(with[c], of[c]), keys.get(c)));
    }
    // all = ja + nej: the persons with the attribute add up.
    table.relate(Line.sum(KEY + "known", keys.subList(1, 3), keys.get(0)));
    double p = twoProportionP(with[1], of[1], with[2], of[2]);
    double difference = share[1] - share[2];
    finish(table, label, cells, keys, difference, SwedishFormat.fixed(100 * difference, 1) + " procentenheter", p);
  }

  private static void meanRow(TableDraft table, Map<String, Row> byGroup) {
    List<DraftCell> cells = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    GroupSummaries.Summary[] s = new GroupSummaries.Summary[3];
    for (int c = 0; c < 3; c++) {
      Row r = byGroup.get(GROUPS.get(c));
      long n = known(r);
      double mean = r.isNullAt(r.fieldIndex("mean_age")) ? Double.NaN : r.getDouble(r.fieldIndex("mean_age"));
      double variance = r.isNullAt(r.fieldIndex("var_age")) ? Double.NaN : r.getDouble(r.fieldIndex("var_age"));
      s[c] = new GroupSummaries.Summary(n, mean, variance, n, Double.NaN, new double[0]);
      keys.add(KEY + "mean_age/" + GROUPS.get(c));
      cells.add(DraftCell.of(Cell.of(List.of(SwedishFormat.number(mean)), values("mean", mean, n)),
          Statistic.mean(mean, n), keys.get(c)));
    }
    table.relate(Line.weightedMean(KEY + "known", keys.subList(1, 3), new double[] {s[1].n(), s[2].n()}, keys.get(0),
        s[0].n()));
    double difference = s[1].mean() - s[2].mean();
    finish(table, "Medelålder (år)", cells, keys, difference, SwedishFormat.number(difference),
        BalanceTable.welchP(s[1], s[2]));
  }

  /** The difference and the p-value follow the two groups' cells: withheld when either is. */
  private static void finish(TableDraft table, String label, List<DraftCell> cells, List<String> keys,
                             double difference, String shown, double p) {
    List<String> groups = keys.subList(1, 3);
    cells.add(DraftCell.following(Cell.of(List.of(shown), Map.of("difference", difference)), groups));
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("p_value", Double.isNaN(p) ? null : p);
    cells.add(DraftCell.following(Cell.of(List.of(SwedishFormat.pValue(p)), values), groups));
    table.row(label, cells);
  }

  /** A cell's values in a fixed order: the statistic, then the persons it is of. */
  private static Map<String, Object> values(String name, double value, long n) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put(name, value);
    values.put("n", n);
    return values;
  }

  private static long known(Row r) {
    return r.getLong(r.fieldIndex("known"));
  }

  /**
   * The two-sided z-test of two proportions with the pooled proportion under the null: z = (p1 − p2) /
   * sqrt(p(1 − p)(1/n1 + 1/n2)), p = (x1 + x2)/(n1 + n2). NaN when a group is empty or the pooled
   * proportion is 0 or 1.
   */
  static double twoProportionP(long x1, long n1, long x2, long n2) {
    if (n1 == 0 || n2 == 0) {
      return Double.NaN;
    }
    double pooled = (double) (x1 + x2) / (n1 + n2);
    double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
    if (!(se > 0)) {
      return Double.NaN;
    }
    return Distributions.twoSidedNormalP(((double) x1 / n1 - (double) x2 / n2) / se);
  }
}
