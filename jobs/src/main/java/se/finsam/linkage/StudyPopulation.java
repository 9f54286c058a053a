package se.finsam.linkage;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The study population (SPEC 4, 6): one row per person with {@code pid, design, arm, forbund_id,
 * treatment_period, tillfragad_period} (the month the person was asked to take part; experiment only),
 * then baseline covariates from {@code scb_bakgrund_ar}.
 */
public final class StudyPopulation {
  private StudyPopulation() {}

  /**
   * Seed 002: everyone who consented, both arms (the comparison is by timing, not by arm); the treatment
   * month is the month of the first team meeting. Consenting persons without a first meeting have no
   * treatment month and are left out (the job logs how many).
   */
  public static Dataset<Row> experiment(Dataset<Row> deltagare) {
    return deltagare
        .filter(col("samtycke").equalTo(true).and(col("forsta_teammote_datum").isNotNull()))
        .select(col("pid"), lit("EXPERIMENT").as("design"), col("arm"), col("forbund_id"),
            Periods.of(col("forsta_teammote_datum")).cast("int").as("treatment_period"),
            Periods.of(col("tillfragad_datum")).cast("int").as("tillfragad_period"));
  }

  /**
   * Seeds 000/003: SUS participants registered with personuppgifter; the treatment month is the month
   * their first insats started, the förbund that of that insats.
   */
  public static Dataset<Row> susParticipants(Dataset<Row> sus) {
    return sus
        .filter(col("registrering").equalTo("PERSONUPPGIFTER").and(col("pid").isNotNull()))
        .groupBy("pid")
        .agg(min("startdatum").as("forsta_start"), min_by(col("forbund_id"), col("startdatum")).as("forbund_id"))
        .select(col("pid"), lit("SUS").as("design"), lit(null).cast("string").as("arm"), col("forbund_id"),
            Periods.of(col("forsta_start")).cast("int").as("treatment_period"),
            lit(null).cast("int").as("tillfragad_period"));
  }

  /**
   * Seed 000's comparison pool: persons with a benefit of {@code poolFormaner} in a year of the calendar
   * in which they lived in a municipality that was not a member of any förbund at any time of that year,
   * and who are not participants. No treatment month (never treated).
   */
  public static Dataset<Row> susComparisonPool(Dataset<Row> participants, Dataset<Row> midas,
      Dataset<Row> bakgrund, Dataset<Row> medlemskap, java.util.List<String> poolFormaner, int from, int to) {
    int firstYear = Periods.year(from);
    int lastYear = Periods.year(to);
    Dataset<Row> benefitYears = midas
        .filter(col("forman").isin(poolFormaner.toArray()))
        .select(col("pid"), expr("explode(sequence(year(fran_datum), year(coalesce(tom_datum, make_date(" + lastYear + ", 12, 31)))))").as("ar"))
        .filter(col("ar").between(firstYear, lastYear))
        .distinct();
    Dataset<Row> memberYears = medlemskap
        .select(col("kommun_kod"),
            expr("explode(sequence(year(fran_datum), year(coalesce(till_datum, make_date(" + lastYear + ", 12, 31)))))").as("ar"))
        .distinct();
    Dataset<Row> outsideYears = bakgrund.select("pid", "ar", "kommun_kod")
        .join(memberYears, Keys.of("kommun_kod", "ar"), "left_anti");
    return benefitYears.join(outsideYears, Keys.of("pid", "ar"), "left_semi")
        .select("pid").distinct()
        .join(participants.select("pid"), Keys.of("pid"), "left_anti")
        .select(col("pid"), lit("SUS").as("design"), lit(null).cast("string").as("arm"),
            lit(null).cast("string").as("forbund_id"), lit(null).cast("int").as("treatment_period"),
            lit(null).cast("int").as("tillfragad_period"));
  }

  /**
   * Adds {@code kon, fodelsear} (from the person's latest scb_bakgrund_ar row), {@code exit_period}
   * (the month of the earliest doddatum or utvandrad_datum on any row; null when none) and the baseline
   * covariates of seed 002's Modell 3 from the row of the year before the treatment month (for persons
   * without a treatment month, the year before {@code poolBaselinePeriod}): {@code alder} (treatment
   * year minus fodelsear), {@code utlandsk_bakgrund} (0/1), {@code smabarn} (1 when barn_0_3 > 0 or
   * barn_4_6 > 0, i.e. a child of 0-6 years; 0 when both are 0; null when both are missing),
   * {@code civilstand}, {@code utbildningsniva}; and, from the same row, seed 002 B3's
   * {@code utrikes_fodd} (0/1), {@code familjestallning} and {@code har_barn_0_3}, {@code har_barn_4_6},
   * {@code har_barn_0_17} (1 with at least one such child at home, null when the count is missing).
   * A person without that year's row has null covariates.
   */
  public static Dataset<Row> withBaseline(Dataset<Row> population, Dataset<Row> bakgrund, int poolBaselinePeriod) {
    Dataset<Row> stable = bakgrund.groupBy("pid").agg(
        max_by(col("kon"), col("ar")).as("kon"),
        max_by(col("fodelsear"), col("ar")).as("fodelsear"),
        min(Periods.of(col("doddatum"))).as("dod_period"),
        min(Periods.of(col("utvandrad_datum"))).as("utvandrad_period"));
    Column baselineYear = coalesce(col("treatment_period"), lit(poolBaselinePeriod)).divide(100).cast("int").minus(1);
    Dataset<Row> yearBefore = bakgrund.select(
        col("pid"), col("ar").as("baseline_ar"),
        indicator(col("utlandsk_bakgrund")).as("utlandsk_bakgrund"),
        when(col("barn_0_3").isNull().and(col("barn_4_6").isNull()), lit(null).cast("int"))
            .otherwise(when(coalesce(col("barn_0_3"), lit(0)).gt(0).or(coalesce(col("barn_4_6"), lit(0)).gt(0)), 1)
                .otherwise(0)).as("smabarn"),
        col("civilstand"), col("utbildningsniva"),
        indicator(col("utrikes_fodd")).as("utrikes_fodd"), col("familjestallning"),
        indicator(col("barn_0_3").gt(0)).as("har_barn_0_3"), indicator(col("barn_4_6").gt(0)).as("har_barn_4_6"),
        indicator(col("barn_0_17").gt(0)).as("har_barn_0_17"));
    return population
        .withColumn("baseline_ar", baselineYear)
        .join(stable, Keys.of("pid"), "left")
        .join(yearBefore, Keys.of("pid", "baseline_ar"), "left")
        .select(col("pid"), col("design"), col("arm"), col("forbund_id"), col("treatment_period"),
            col("tillfragad_period"), col("startgrupp"), col("group_period"), col("kon"), col("fodelsear"),
            col("baseline_ar").plus(1).minus(col("fodelsear")).as("alder"),
            col("utlandsk_bakgrund"), col("smabarn"), col("civilstand"), col("utbildningsniva"),
            col("utrikes_fodd"), col("familjestallning"), col("har_barn_0_3"), col("har_barn_4_6"),
            col("har_barn_0_17"),
            least(col("dod_period"), col("utvandrad_period")).cast("int").as("exit_period"));
  }

  /** A boolean as 0/1, null when unknown. */
  private static Column indicator(Column condition) {
    return when(condition.isNull(), lit(null).cast("int")).otherwise(when(condition, 1).otherwise(0));
  }
}
