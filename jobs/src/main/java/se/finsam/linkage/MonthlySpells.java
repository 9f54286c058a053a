package se.finsam.linkage;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Cuts spells at month boundaries (SPEC 4). Input columns: {@code pid, key, fran_datum, tom_datum,
 * omfattning, belopp} where {@code key} names what the spell counts towards (a benefit group such as
 * {@code sjp} or {@code sa}); a spell may appear under several keys. Output: one row per
 * {@code pid, key, period} with
 * <ul>
 *   <li>{@code dagar_brutto}: calendar days of the month covered by any spell of the key;</li>
 *   <li>{@code dagar_netto}: the sum over those days of the highest omfattning that day, so overlapping
 *       spells are counted once per day (never more than the month's days);</li>
 *   <li>{@code omfattning}: dagar_netto / the month's days, capped at 1;</li>
 *   <li>{@code kr}: the spells' amounts prorated by their days in the month and summed (overlaps
 *       included: amounts are what was paid);</li>
 *   <li>{@code covered}: 1 when the spells cover at least one day of the month, or with the last-day
 *       rule the month's last day.</li>
 * </ul>
 * An open spell (null {@code tom_datum}) runs to the end of the calendar and carries no amount.
 *
 * <p>No day-level rows or arrays: the highest omfattning of a day is the sum over the key's distinct
 * omfattning levels {@code l_1 < l_2 < ...} of {@code (l_i - l_(i-1))} for each level the day is
 * covered at (by a spell of at least that omfattning). Per level the spells are made disjoint (each
 * keeps only its days after every earlier-starting spell's end), cut into months, and their days
 * counted arithmetically. Brutto days are the days covered at the lowest level.
 */
public final class MonthlySpells {
  private MonthlySpells() {}

  public static Dataset<Row> toMonths(Dataset<Row> spells, int from, int to, boolean lastDayRule) {
    Column calendarStart = expr(Periods.firstDaySql(String.valueOf(from)));
    Column calendarEnd = expr("last_day(" + Periods.firstDaySql(String.valueOf(to)) + ")");
    Dataset<Row> clipped = spells
        .withColumn("s", greatest(col("fran_datum"), calendarStart))
        .withColumn("e", least(coalesce(col("tom_datum"), calendarEnd), calendarEnd))
        .filter(col("s").leq(col("e")));

    // Amounts: every spell (overlaps included) prorated over its whole length.
    Dataset<Row> amounts = byMonth(clipped)
        .select(col("pid"), col("key"), col("month"),
            when(col("tom_datum").isNull(), lit(0.0))
                .otherwise(col("belopp").multiply(col("days")).divide(expr("datediff(tom_datum, fran_datum) + 1")))
                .as("kr"),
            lit(0).as("brutto"), lit(0.0).as("netto"),
            when(col("me").equalTo(expr("last_day(month)")), 1).otherwise(0).as("last_day"));

    // Days: spells of omfattning > 0 under each level up to their own, weighted by the level's step.
    WindowSpec byKey = Window.partitionBy("pid", "key");
    Dataset<Row> levelled = clipped.filter(col("omfattning").gt(0))
        .withColumn("levels", array_sort(collect_set("omfattning").over(byKey)))
        .selectExpr("pid", "key", "s", "e", "levels",
            "posexplode(filter(levels, l -> l <= omfattning)) as (level_pos, level)")
        .withColumn("weight", expr("level - if(level_pos = 0, 0.0, element_at(levels, level_pos))"));
    // Ordered by start, a spell's days not covered by an earlier one are those after the earlier ends.
    WindowSpec earlier = Window.partitionBy("pid", "key", "level").orderBy("s", "e")
        .rowsBetween(Window.unboundedPreceding(), -1);
    Dataset<Row> disjoint = levelled
        .withColumn("earlier_end", max("e").over(earlier))
        .withColumn("s", when(col("earlier_end").isNull(), col("s"))
            .otherwise(greatest(col("s"), expr("date_add(earlier_end, 1)"))))
        .filter(col("s").leq(col("e")));
    Dataset<Row> days = byMonth(disjoint)
        .select(col("pid"), col("key"), col("month"), lit(0.0).as("kr"),
            when(col("level_pos").equalTo(0), col("days")).otherwise(0).as("brutto"),
            col("days").multiply(col("weight")).as("netto"),
            lit(0).as("last_day"));

    Dataset<Row> perMonth = amounts.unionByName(days)
        .groupBy("pid", "key", "month")
        .agg(sum("kr").as("kr"), sum("brutto").cast("int").as("dagar_brutto"), sum("netto").as("dagar_netto"),
            max("last_day").as("covers_last_day"));
    return perMonth.select(
        col("pid"),
        col("key"),
        Periods.of(col("month")).as("period"),
        col("dagar_brutto"),
        col("dagar_netto"),
        least(col("dagar_netto").divide(expr("day(last_day(month))")), lit(1.0)).as("omfattning"),
        col("kr"),
        (lastDayRule ? col("covers_last_day") : when(col("dagar_brutto").gt(0), 1).otherwise(0)).as("covered"));
  }

  /**
   * One row per month a spell {@code s..e} touches, with that month's part {@code ms..me} and its {@code days}.
   * The months are counted in ints and added to the first: a sequence of dates by {@code interval 1 month}
   * converts every step through a zoned timestamp, a quarter of the panel's spell stages (linkage README).
   */
  private static Dataset<Row> byMonth(Dataset<Row> spells) {
    return spells
        .withColumn("month_offset", explode(sequence(lit(0),
            year(col("e")).minus(year(col("s"))).multiply(12).plus(month(col("e"))).minus(month(col("s"))))))
        .withColumn("month", add_months(trunc(col("s"), "MM"), col("month_offset")))
        .drop("month_offset")
        .withColumn("ms", greatest(col("s"), col("month")))
        .withColumn("me", least(col("e"), expr("last_day(month)")))
        .withColumn("days", expr("datediff(me, ms) + 1"));
  }
}
