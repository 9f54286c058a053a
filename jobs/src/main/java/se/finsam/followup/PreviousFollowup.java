package se.finsam.followup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Seed 003 Table 3 compares this year's FK days with the follow-up of the year before, as that follow-up
 * published them: its Table 4 "Samtliga" row (after minus before per benefit) and Bilaga 5's persons, read from
 * {@code results/followup/tabeller}. The rows of the current run are taken when it has the year; otherwise those
 * of the run that wrote the year last ({@code skapad}).
 */
final class PreviousFollowup {
  static final String TABLE_4 = "followup_tabell_4";
  static final String BILAGA_5 = "followup_bilaga_5_samtliga";
  static final String ALL_ROW = "Samtliga";

  /**
   * The previous report's differences per benefit (Table 4's column order) and whether it showed each.
   *
   * @param persons the persons the differences are means over (Bilaga 5's "Alla")
   */
  record FkDifferences(int year, String runId, long persons, List<Double> differences, List<Boolean> shown) {}

  private PreviousFollowup() {}

  /** The follow-up of {@code year} in {@code results} (null when the results table does not exist yet). */
  static Optional<FkDifferences> fkDifferences(Dataset<Row> results, String runId, int year, List<String> benefitColumns) {
    if (results == null) {
      return Optional.empty();
    }
    // A results table written before skapad was added has no such column: its runs are older than any with it.
    Dataset<Row> ofYear = (java.util.Arrays.asList(results.columns()).contains("skapad") ? results
        : results.withColumn("skapad", lit(null).cast("timestamp"))).filter(col("ar").equalTo(year));
    List<Row> runs = ofYear.groupBy("run_id").agg(org.apache.spark.sql.functions.max("skapad").as("skapad"))
        .orderBy(col("run_id").equalTo(runId).desc(), col("skapad").desc_nulls_last(), col("run_id").desc())
        .limit(1).collectAsList();
    if (runs.isEmpty()) {
      return Optional.empty();
    }
    String run = runs.get(0).getString(0);
    List<Row> cells = ofYear.filter(col("run_id").equalTo(run).and(
            col("tabell").equalTo(TABLE_4).and(col("rad").equalTo(ALL_ROW))
                .or(col("tabell").equalTo(BILAGA_5).and(col("rad").equalTo("Alla")).and(col("kolumn").equalTo("Antal individer")))))
        .select("tabell", "kolumn", "varde", "visas").collectAsList();
    List<Double> differences = new ArrayList<>();
    List<Boolean> shown = new ArrayList<>();
    long persons = 0;
    for (String column : benefitColumns) {
      Optional<Row> cell = cells.stream().filter(r -> r.getString(0).equals(TABLE_4) && r.getString(1).equals(column)).findFirst();
      if (cell.isEmpty() || cell.get().isNullAt(2)) {
        return Optional.empty();
      }
      differences.add(cell.get().getDouble(2));
      shown.add(!cell.get().getString(3).equals(se.finsam.report.ReportTable.SUPPRESSED));
    }
    for (Row r : cells) {
      if (r.getString(0).equals(BILAGA_5) && !r.isNullAt(2)) {
        persons = (long) r.getDouble(2);
      }
    }
    return Optional.of(new FkDifferences(year, run, persons, differences, shown));
  }
}
