package se.finsam.linkage;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Monthly wage income {@code lon_kr} per {@code pid, period} (SPEC 4; seed 002 "Månadsuppgifter på
 * löneinkomster"): from {@code scb_agi_manad} (summed over employers) from {@code agiFrom}, and before
 * that from {@code scb_jobb_ar}: the year's wages from all employers divided evenly over the months in
 * which the person had any employment that year (the union of every employer's manad_fran..manad_till).
 */
public final class Wages {
  private Wages() {}

  public static Dataset<Row> fromAgi(Dataset<Row> agi) {
    return agi.groupBy("pid", "period").agg(sum("ersattning_arbete").as("lon_kr"));
  }

  public static Dataset<Row> fromJobb(Dataset<Row> jobb) {
    Dataset<Row> yearTotals = jobb.groupBy("pid", "ar").agg(sum("bruttolon").as("lon_ar"));
    Dataset<Row> employedMonths = jobb
        .select(col("pid"), col("ar"), explode(sequence(col("manad_fran"), col("manad_till"))).as("manad"))
        .distinct();
    Dataset<Row> monthsPerYear = employedMonths.groupBy("pid", "ar").agg(countDistinct("manad").as("manader"));
    return employedMonths
        .join(yearTotals, Keys.of("pid", "ar"))
        .join(monthsPerYear, Keys.of("pid", "ar"))
        .select(col("pid"), col("ar").multiply(100).plus(col("manad")).cast("int").as("period"),
            col("lon_ar").divide(col("manader")).as("lon_kr"));
  }

  /** AGI from {@code agiFrom} on, JOBB before; each source's months outside its side are ignored. */
  public static Dataset<Row> monthly(Dataset<Row> agi, Dataset<Row> jobb, int agiFrom) {
    return fromAgi(agi.filter(col("period").geq(agiFrom)))
        .unionByName(fromJobb(jobb).filter(col("period").lt(agiFrom)));
  }
}
