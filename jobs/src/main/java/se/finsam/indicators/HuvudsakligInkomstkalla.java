package se.finsam.indicators;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Huvudsaklig inkomstkälla per person-month (SPEC 5.1). Input: the amount column
 * {@link HiCategory#amountColumn()} of every category but SAKNAR_INKOMST (kronor, not null). Adds
 * <ul>
 *   <li>{@code inkomst_saknar_inkomst} (always 0: no income has no amount) and {@code inkomst_total};</li>
 *   <li>{@code andel_<category>} = amount / total, 0 for every category when the total is 0;</li>
 *   <li>{@code hi_<category>} = 1 when the share is above 0.5; {@code hi_saknar_inkomst} = 1 when the
 *       total is 0;</li>
 *   <li>{@code hi}: with the largest reading the category with the largest amount, ties broken in the
 *       order of {@link HiCategory}, SAKNAR_INKOMST when the total is 0; with the over-half reading the
 *       category above 0.5 (SAKNAR_INKOMST at total 0) and null when no category is above half;</li>
 *   <li>{@code hi_over_halften} = 1 when some {@code hi_<category>} is 1 (the strict SCB reading).</li>
 * </ul>
 */
public final class HuvudsakligInkomstkalla {
  private HuvudsakligInkomstkalla() {}

  public static Dataset<Row> apply(Dataset<Row> amounts, boolean largestReading) {
    Column total = lit(0.0);
    for (HiCategory c : HiCategory.values()) {
      if (c != HiCategory.SAKNAR_INKOMST) {
        total = total.plus(col(c.amountColumn()));
      }
    }
    // One projection per layer (each withColumn re-analyses the whole plan).
    Dataset<Row> out = amounts.withColumns(Map.of(HiCategory.SAKNAR_INKOMST.amountColumn(), lit(0.0),
        "inkomst_total", total));
    Column positive = col("inkomst_total").gt(0);
    Map<String, Column> shares = new LinkedHashMap<>();
    for (HiCategory c : HiCategory.values()) {
      shares.put(c.shareColumn(), when(positive, col(c.amountColumn()).divide(col("inkomst_total"))).otherwise(lit(0.0)));
    }
    out = out.withColumns(shares);
    Map<String, Column> indicators = new LinkedHashMap<>();
    for (HiCategory c : HiCategory.values()) {
      indicators.put(c.indicatorColumn(), c == HiCategory.SAKNAR_INKOMST
          ? when(positive, 0).otherwise(1)
          : when(col(c.shareColumn()).gt(0.5), 1).otherwise(0));
    }
    out = out.withColumns(indicators);
    Column anyOverHalf = lit(0);
    for (HiCategory c : HiCategory.values()) {
      anyOverHalf = when(col(c.indicatorColumn()).equalTo(1), 1).otherwise(anyOverHalf);
    }
    Map<String, Column> hi = new LinkedHashMap<>();
    hi.put("hi_over_halften", anyOverHalf);
    hi.put("hi", largestReading ? largest() : overHalf());
    return out.withColumns(hi);
  }

  /** A later category replaces the best so far only when strictly larger, so ties go to the earlier one. */
  private static Column largest() {
    HiCategory[] order = HiCategory.values();
    Column best = lit(order[0].name());
    Column bestAmount = col(order[0].amountColumn());
    for (int i = 1; i < order.length - 1; i++) {
      Column amount = col(order[i].amountColumn());
      best = when(amount.gt(bestAmount), lit(order[i].name())).otherwise(best);
      bestAmount = org.apache.spark.sql.functions.greatest(bestAmount, amount);
    }
    return when(col("inkomst_total").gt(0), best).otherwise(lit(HiCategory.SAKNAR_INKOMST.name()));
  }

  private static Column overHalf() {
    Column hi = lit(null).cast("string");
    for (HiCategory c : HiCategory.values()) {
      hi = when(col(c.indicatorColumn()).equalTo(1), lit(c.name())).otherwise(hi);
    }
    return hi;
  }
}
