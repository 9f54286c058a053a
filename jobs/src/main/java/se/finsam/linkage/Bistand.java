package se.finsam.linkage;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Individualised ekonomiskt bistånd {@code fs_kr} per {@code pid, period} (SPEC 4; seed 002 appendix):
 * the household's amount that month divided by the number of household members registered that
 * month: everyone (children included, the default) or, with {@code adultsOnly}, members whose roll is
 * not BARN (children then get 0 kr). A person registered in two households in one month gets the sum
 * of both shares. {@code har_fs} = 1 when the person's share is above 0.
 */
public final class Bistand {
  private Bistand() {}

  public static Dataset<Row> perPerson(Dataset<Row> bistand, boolean adultsOnly) {
    Dataset<Row> members = members(bistand, adultsOnly);
    // belopp_hushall repeats on every member's row; max() takes the household's one value.
    Dataset<Row> households = members.groupBy("hushall_id", "period")
        .agg(max("belopp_hushall").as("belopp_hushall"), countDistinct("pid").as("medlemmar"));
    Dataset<Row> share = members.select("hushall_id", "pid", "period").distinct()
        .join(households, Keys.of("hushall_id", "period"))
        .groupBy("pid", "period")
        .agg(sum(col("belopp_hushall").divide(col("medlemmar"))).as("fs_kr"));
    Dataset<Row> everyone = bistand.select("pid", "period").distinct();
    return everyone.join(share, Keys.of("pid", "period"), "left")
        .select(col("pid"), col("period"),
            when(col("fs_kr").isNull(), lit(0.0)).otherwise(col("fs_kr")).as("fs_kr"),
            when(col("fs_kr").gt(0), 1).otherwise(0).as("har_fs"));
  }

  /** The rows of the members who share the household's amount: everyone, or with {@code adultsOnly} no BARN. */
  public static Dataset<Row> members(Dataset<Row> bistand, boolean adultsOnly) {
    return adultsOnly ? bistand.filter(col("roll").notEqual("BARN")) : bistand;
  }
}
