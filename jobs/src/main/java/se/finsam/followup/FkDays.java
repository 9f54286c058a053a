package se.finsam.followup;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import se.finsam.linkage.MonthlySpells;

/**
 * Seed 003 Tables 3–4 and Bilaga 5: days with sjukpenning/rehabiliteringspenning (SJP), aktivitetsersättning
 * (AE) and sjukersättning (SE) in the 365 days before an insats started and the 365 days after it ended,
 * for the persons (with personal data) who ended an insats in the year before the report year.
 *
 * <p>Days are net days as everywhere in finsam ({@link MonthlySpells}: each day counts with the highest
 * omfattning of the spells covering it, so a half-time day is half a day and overlapping spells are not
 * counted twice): each spell is clipped to the person's window and the months' net days summed.
 * ASSUMPTION: a person who ended several insatser that year is followed from the last of them (latest end,
 * then latest start); the seed counts individuals but does not say which insats.
 */
public final class FkDays {
  /** The benefit groups in the seed's column order. */
  public static final List<String> BENEFITS = List.of("sjp", "ae", "se");
  /** The per-person columns: before and after for each benefit group. */
  public static final List<String> COLUMNS = List.of("sjp_fore", "sjp_efter", "ae_fore", "ae_efter", "se_fore", "se_efter");
  /** The seed's groups of the before-days, in order ("grupp" of Bilaga 5). */
  public static final List<String> BANDS = List.of("0", "001-090", "091-180", "181-364", "365");
  public static final String ALLA = "ALLA";
  public static final String SAMTLIGA = "SAMTLIGA";

  private FkDays() {}

  /** One row per person: pid, kon, and the net days of {@link #COLUMNS}. */
  public static Dataset<Row> perPerson(Dataset<Row> sus, Dataset<Row> midas, FollowupSettings s) {
    int endedYear = s.year() - 1;
    Dataset<Row> persons = sus
        .filter(col("registrering").equalTo(Participations.PERSONUPPGIFTER).and(col("pid").isNotNull())
            .and(year(col("slutdatum")).equalTo(endedYear)))
        .withColumn("nr", row_number().over(Window.partitionBy("pid")
            .orderBy(col("slutdatum").desc(), col("startdatum").desc(), col("insats_id").desc())))
        .filter(col("nr").equalTo(1))
        .select("pid", "kon", "startdatum", "slutdatum");
    Dataset<Row> windows = persons.select(col("pid"), lit("fore").as("fonster"),
            date_sub(col("startdatum"), 365).as("w_fran"), date_sub(col("startdatum"), 1).as("w_till"))
        .unionByName(persons.select(col("pid"), lit("efter").as("fonster"),
            date_add(col("slutdatum"), 1).as("w_fran"), date_add(col("slutdatum"), 365).as("w_till")));
    Column benefit = when(col("forman").isin(s.sjpFormaner().toArray()), lit("sjp"))
        .when(col("forman").isin(s.aeFormaner().toArray()), lit("ae"))
        .when(col("forman").isin(s.seFormaner().toArray()), lit("se"));
    Dataset<Row> spells = midas.withColumn("formansgrupp", benefit).filter(col("formansgrupp").isNotNull())
        .join(windows, "pid")
        .select(col("pid"), concat(col("formansgrupp"), lit("_"), col("fonster")).as("key"),
            greatest(col("fran_datum"), col("w_fran")).as("fran_datum"),
            least(col("tom_datum"), col("w_till")).as("tom_datum"), col("omfattning"), lit(0.0).as("belopp"))
        .filter(col("fran_datum").leq(col("tom_datum")));
    // The spells are already inside the windows; the calendar only has to hold them.
    Dataset<Row> days = MonthlySpells.toMonths(spells, 190001, (s.year() + 2) * 100 + 12, false)
        .groupBy("pid").pivot("key", new ArrayList<>(COLUMNS)).agg(sum("dagar_netto"));
    List<Column> out = new ArrayList<>(List.of(col("pid"), col("kon")));
    for (String c : COLUMNS) {
      out.add(coalesce(col(c), lit(0.0)).as(c));
    }
    return persons.join(days, new String[] {"pid"}, "left").select(out.toArray(Column[]::new));
  }

  /** The band of before-days: 0; over 0 to 90; over 90 to 180; over 180 and under 365; 365. */
  static Column band(Column days) {
    return when(days.leq(0), lit(BANDS.get(0))).when(days.leq(90), lit(BANDS.get(1)))
        .when(days.leq(180), lit(BANDS.get(2))).when(days.lt(365), lit(BANDS.get(3))).otherwise(lit(BANDS.get(4)));
  }

  /** Persons and the mean of each of {@link #COLUMNS} in one row of Bilaga 5. */
  public record Cell(long persons, double[] means) {}

  /**
   * Bilaga 5's rows for every sex group ({@link #SAMTLIGA}, K, M): the key {@link #key}(sex, row group, band)
   * with row group {@link #ALLA} (band ALLA) or SJP_FORE / AE_FORE / SE_FORE by the before-days band.
   */
  public static Map<String, Cell> summarise(Dataset<Row> perPerson) {
    List<Column> rows = new ArrayList<>(List.of(struct(lit(ALLA).as("forman"), lit(ALLA).as("grupp"))));
    for (String b : BENEFITS) {
      rows.add(struct(lit(b.toUpperCase(java.util.Locale.ROOT) + "_FORE").as("forman"), band(col(b + "_fore")).as("grupp")));
    }
    List<Column> aggregates = new ArrayList<>(List.of(count(lit(1)).as("n")));
    COLUMNS.forEach(c -> aggregates.add(avg(c).as(c)));
    Dataset<Row> summary = perPerson
        .withColumn("kon_grupp", explode(array(lit(SAMTLIGA), col("kon"))))
        .filter(col("kon_grupp").isNotNull())
        .withColumn("rad", explode(array(rows.toArray(Column[]::new))))
        .groupBy(col("kon_grupp"), col("rad.forman").as("forman"), col("rad.grupp").as("grupp"))
        .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));
    Map<String, Cell> cells = new LinkedHashMap<>();
    for (Row r : summary.collectAsList()) {
      double[] means = new double[COLUMNS.size()];
      for (int i = 0; i < means.length; i++) {
        means[i] = r.getDouble(4 + i);
      }
      cells.put(key(r.getString(0), r.getString(1), r.getString(2)), new Cell(r.getLong(3), means));
    }
    return cells;
  }

  public static String key(String sex, String rowGroup, String band) {
    return sex + "/" + rowGroup + "/" + band;
  }
}
