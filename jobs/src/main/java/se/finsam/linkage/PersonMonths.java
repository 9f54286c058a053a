package se.finsam.linkage;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The person-month grid: one row per person of the population and month of the calendar, with every
 * source's monthly facts. Sources are combined by one union and one aggregation on {@code pid, period}
 * (no chain of joins): the grid's rows mark who belongs, facts of other persons fall away.
 */
public final class PersonMonths {
  /** Columns that come from the population, not from a source. */
  public static final List<String> PERSON_COLUMNS = List.of("startgrupp", "group_period", "fodelsear", "exit_period");
  private static final String IN_POPULATION = "in_population";

  private PersonMonths() {}

  /** Every population person times every month from..to. */
  public static Dataset<Row> grid(SparkSession spark, Dataset<Row> population, int from, int to) {
    Dataset<Row> months = spark.createDataset(Periods.range(from, to), Encoders.INT()).toDF("period");
    List<Column> columns = new ArrayList<>(List.of(col("pid"), col("period"), lit(1).as(IN_POPULATION)));
    PERSON_COLUMNS.forEach(c -> columns.add(col(c)));
    return population.crossJoin(broadcast(months)).select(columns.toArray(new Column[0]));
  }

  /**
   * Combines the grid with the facts (each at most one row per {@code pid, period} and source, sources
   * with disjoint columns). A month without a row in a source gets 0 in that source's columns: the
   * source covers the whole calendar, so no row means nothing paid or registered that month.
   */
  public static Dataset<Row> combine(Dataset<Row> grid, List<Dataset<Row>> facts, int from, int to) {
    Dataset<Row> all = grid;
    for (Dataset<Row> f : facts) {
      all = all.unionByName(f.filter(col("period").between(from, to)), true);
    }
    List<Column> aggregates = new ArrayList<>();
    for (String c : all.columns()) {
      if (!c.equals("pid") && !c.equals("period")) {
        aggregates.add(max(col(c)).as(c));
      }
    }
    Dataset<Row> combined = all.groupBy("pid", "period")
        .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(new Column[0]))
        .filter(col(IN_POPULATION).equalTo(1))
        .drop(IN_POPULATION);
    Set<String> keep = Set.of("pid", "period");
    List<Column> filled = new ArrayList<>();
    for (String c : combined.columns()) {
      filled.add(keep.contains(c) || PERSON_COLUMNS.contains(c) ? col(c) : coalesce(col(c), lit(0)).as(c));
    }
    return combined.select(filled.toArray(new Column[0]));
  }

  /**
   * Drops the comparison-only group's person-months from its own first month on (SPEC 6), so that no
   * treated month of it serves as a control; its earlier months stay as not-yet-treated controls.
   */
  public static Dataset<Row> dropComparisonGroupFrom(Dataset<Row> personMonths, int lastGroup, int lastGroupStart) {
    return personMonths.filter(coalesce(col("startgrupp"), lit(0)).notEqual(lastGroup)
        .or(col("period").lt(lastGroupStart)));
  }

  /** Adds {@code month_index}, {@code group_index} (0 = never treated) and the partition {@code part_ar}. */
  public static Dataset<Row> withTimeIndex(Dataset<Row> personMonths, int origin) {
    return personMonths
        .withColumn("month_index", Periods.index(col("period"), origin))
        .withColumn("group_index", when(col("group_period").equalTo(0), lit(0))
            .otherwise(Periods.index(col("group_period"), origin)))
        .withColumn("part_ar", col("period").divide(100).cast("int"));
  }
}
