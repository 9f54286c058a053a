package se.finsam.linkage;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Cuts spells at month boundaries (SPEC 4). Input columns: {@code pid, key, fran_datum, tom_datum,
 * omfattning, belopp} where {@code key} names what the spell counts towards (a benefit group such as
 * {@code sjp} or {@code sa}); a spell may appear under several keys. Output: one row per
 * {@code pid, key, period} with
 * <ul>
 *   <li>{@code dagar_brutto}: calendar days of the month covered by any spell of the key;</li>
 *   <li>{@code dagar_netto}: the sum over those days of the highest omfattning that day, so overlapping
 *       spells are counted once per day;</li>
 *   <li>{@code omfattning}: dagar_netto / the month's days, capped at 1;</li>
 *   <li>{@code kr}: the spells' amounts prorated by their days in the month and summed (overlaps
 *       included: amounts are what was paid);</li>
 *   <li>{@code covered}: 1 when the spells cover at least one day of the month, or with the last-day
 *       rule the month's last day.</li>
 * </ul>
 * An open spell (null {@code tom_datum}) runs to the end of the calendar and carries no amount.
 */
public final class MonthlySpells {
  private MonthlySpells() {}

  public static Dataset<Row> toMonths(Dataset<Row> spells, int from, int to, boolean lastDayRule) {
    Column calendarStart = expr(Periods.firstDaySql(String.valueOf(from)));
    Column calendarEnd = expr("last_day(" + Periods.firstDaySql(String.valueOf(to)) + ")");
    Dataset<Row> clipped = spells
        .withColumn("spell_days", expr("datediff(tom_datum, fran_datum) + 1"))
        .withColumn("s", greatest(col("fran_datum"), calendarStart))
        .withColumn("e", least(coalesce(col("tom_datum"), calendarEnd), calendarEnd))
        .filter(col("s").leq(col("e")));
    Dataset<Row> parts = clipped
        .withColumn("month", explode(expr("sequence(trunc(s, 'MM'), trunc(e, 'MM'), interval 1 month)")))
        .withColumn("ms", greatest(col("s"), col("month")))
        .withColumn("me", least(col("e"), expr("last_day(month)")))
        .withColumn("days", expr("datediff(me, ms) + 1"))
        .withColumn("kr", when(col("tom_datum").isNull(), lit(0.0))
            .otherwise(col("belopp").multiply(col("days")).divide(col("spell_days"))));
    Dataset<Row> perMonth = parts
        .groupBy(col("pid"), col("key"), col("month"))
        .agg(collect_list(struct(col("ms"), col("me"), col("omfattning"))).as("parts"),
            sum("kr").as("kr"),
            max(when(col("me").equalTo(expr("last_day(month)")), 1).otherwise(0)).as("covers_last_day"));
    // Highest omfattning per calendar day of the month: at most 31 days times the spells of one
    // person, key and month, evaluated inside the row (no day-level rows are materialised).
    Dataset<Row> daily = perMonth.withColumn("by_day", expr(
        "transform(sequence(month, last_day(month)), d -> "
            + "aggregate(parts, cast(0.0 as double), (acc, p) -> "
            + "if(p.ms <= d and p.me >= d, greatest(acc, p.omfattning), acc)))"));
    return daily.select(
        col("pid"),
        col("key"),
        Periods.of(col("month")).as("period"),
        expr("size(filter(by_day, v -> v > 0))").as("dagar_brutto"),
        expr("aggregate(by_day, cast(0.0 as double), (a, v) -> a + v)").as("dagar_netto"),
        expr("least(aggregate(by_day, cast(0.0 as double), (a, v) -> a + v) / day(last_day(month)), 1.0)").as("omfattning"),
        col("kr"),
        (lastDayRule ? col("covers_last_day") : expr("if(size(filter(by_day, v -> v > 0)) > 0, 1, 0)")).as("covered"));
  }
}
