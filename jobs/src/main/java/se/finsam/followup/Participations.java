package se.finsam.followup;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The SUS participations a report year counts (seed 003 §4.1 and note 18): participations, not unique
 * persons. A participation registered with personal data counts when it is active some day of the year;
 * an anonymous or volume registration only in the year it started ("anonymt registrerade deltagare syns
 * i statistiken enbart det år då de startade"; ASSUMPTION: volume registrations alike). Anonymous and
 * volume registrations have no pid and are only counted, never linked.
 */
public final class Participations {
  public static final String PERSONUPPGIFTER = "PERSONUPPGIFTER";
  /** The category of work whose kind SUS does not give (sysselsattning work, arbetsform empty). */
  public static final String WORK_FORM_MISSING = "ARBETSFORM_SAKNAS";
  public static final String WORKS = "ARBETE";
  public static final String STUDIES = "STUDIER";

  private Participations() {}

  /**
   * Every participation the year counts, with {@code alder}, {@code alder_grupp}, {@code ung} and
   * {@code tid_forsorjning_grupp} (the band of years in public support before the insats).
   */
  public static Dataset<Row> ofYear(Dataset<Row> sus, FollowupSettings s) {
    Column first = lit(Date.valueOf(LocalDate.of(s.year(), 1, 1)));
    Column last = lit(Date.valueOf(LocalDate.of(s.year(), 12, 31)));
    Column active = col("startdatum").leq(last).and(col("slutdatum").isNull().or(col("slutdatum").geq(first)));
    Column counted = when(col("registrering").equalTo(PERSONUPPGIFTER), active)
        .otherwise(year(col("startdatum")).equalTo(s.year()));
    Column age = year(col("startdatum")).minus(col("fodelsear"));
    return sus.filter(counted)
        .withColumn("alder", age)
        .withColumn("alder_grupp", band(age, s.ageBands(), s.ageLabels()))
        .withColumn("ung", age.lt(s.youngUnder()))
        .withColumn("tid_forsorjning_grupp", band(col("tid_offentlig_forsorjning_fore"), s.supportYearBands(),
            s.supportYearLabels()));
  }

  /** Of {@link #ofYear}: the participations with personal data. */
  public static Dataset<Row> withPersonalData(Dataset<Row> ofYear) {
    return ofYear.filter(col("registrering").equalTo(PERSONUPPGIFTER));
  }

  /**
   * Of {@link #withPersonalData}: those that ended in the year, with {@code manader} (started months in the
   * insats: 1 January – 31 January is 1, 1 January – 1 July is 7) and its band {@code tid_i_insats}.
   */
  public static Dataset<Row> ended(Dataset<Row> withPersonalData, FollowupSettings s) {
    Column months = ceil(months_between(date_add(col("slutdatum"), 1), col("startdatum"))).cast("int");
    return withPersonalData.filter(year(col("slutdatum")).equalTo(s.year()))
        .withColumn("manader", months)
        .withColumn("tid_i_insats", band(months, s.monthBands(), s.monthLabels()));
  }

  /** True when the participant had aktivitetsersättning before the insats (seed 003's "unga med aktivitetsersättning"). */
  public static Column aeBefore() {
    return array_contains(split(col("forsorjning_fore"), "\\|"), "AE");
  }

  /**
   * Seed 003 Diagram 3a/3b and note 21 for {@code moment} (fore or efter): {@link #WORKS} and each kind of work
   * ({@code arbetsform_<moment>}, or {@link #WORK_FORM_MISSING}) when sysselsattning is work, and {@link #STUDIES}
   * when it is studies; several at once for several jobs or work and studies, none for neither. A kind of work
   * without work in sysselsattning is not counted.
   */
  public static Column workAndStudies(String moment) {
    Column code = col("sysselsattning_" + moment);
    Column none = array().cast("array<string>");
    Column forms = coalesce(split(col("arbetsform_" + moment), "\\|"), array(lit(WORK_FORM_MISSING)));
    return concat(when(code.isin("ARBETE", "ARBETE_OCH_STUDIER"), concat(array(lit(WORKS)), forms)).otherwise(none),
        when(code.isin("STUDIER", "ARBETE_OCH_STUDIER"), array(lit(STUDIES))).otherwise(none));
  }

  /** The label of the band {@code value} falls in: value <= bounds[i] gives labels[i], above all the last. */
  static Column band(Column value, List<Integer> bounds, List<String> labels) {
    Column label = lit(labels.get(bounds.size()));
    for (int i = bounds.size() - 1; i >= 0; i--) {
      label = when(value.leq(bounds.get(i)), lit(labels.get(i))).otherwise(label);
    }
    return when(value.isNull(), lit(null).cast("string")).otherwise(label);
  }
}
