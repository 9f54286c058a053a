package se.finsam.followup;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
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
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import se.finsam.disclosure.TopContributions;

/**
 * Seed 003 §4.3.2, Tables 5–8 and Bilaga 6: the income of those who ended an insats (with personal data)
 * in year t, in t−1 … t+3. Work income is PGIOAI + PGIOFI ("inkomst" in the seed), beside PGI; a person
 * without a row in scb_inkomst_ar that year has no income (0 kr). Amounts are in the prices of the last
 * income year (kronor × prisbasbelopp(last) / prisbasbelopp(year)).
 *
 * <p>Exclusions, in the seed's order, each person counted under the first that applies: unknown id (no pid or
 * no row in scb_bakgrund_ar), emigrated or dead by the end of the window, a new insats started after the
 * followed one ended and before the end of the window, turned {@code exclusionAge} by the end of the window.
 * The window runs from 1 January t−1 to 31 December of t+3 or of the last income year, whichever is
 * earlier. A person who ended several insatser in t is followed from the last (ASSUMPTION, as the FK days).
 */
public final class IncomeDevelopment {
  /** Years relative to t. */
  public static final List<Integer> OFFSETS = List.of(-1, 0, 1, 2, 3);
  /** The exclusion rules in the order they are applied, with their labels. */
  public static final Map<String, String> RULES = rules();
  public static final String INCLUDED = "inkluderad";
  /** The rule whose persons cannot be followed: without a known id their income cannot be linked. */
  public static final String UNKNOWN_ID = "okant_id";
  /**
   * The group of the excluded who can be followed (every rule but {@link #UNKNOWN_ID}): Bilaga 6 compares
   * their income with the included's.
   */
  public static final String EXCLUDED = "exkluderade";
  static final List<String> AMOUNTS = List.of("arbete", "pgi");
  private static final String SEX_AGE = ":";

  private IncomeDevelopment() {}

  private static Map<String, String> rules() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(UNKNOWN_ID, "Okänt personnummer");
    m.put("utvandrad", "Utvandrat");
    m.put("avliden", "Avlidit");
    m.put("ny_insats", "Ny insats");
    m.put("fyllt_65", "Fyllt 65 år");
    return m;
  }

  /** One row per person and cohort: pid, kohort, kon, alder_grupp and {@code orsak} (the exclusion rule or {@link #INCLUDED}). */
  public static Dataset<Row> cohorts(Dataset<Row> sus, Dataset<Row> bakgrund, FollowupSettings s) {
    Dataset<Row> ended = sus.filter(col("registrering").equalTo(Participations.PERSONUPPGIFTER)
            .and(year(col("slutdatum")).isin(s.incomeCohorts().toArray())))
        .withColumn("kohort", year(col("slutdatum")));
    // A participation without pid is its own person (it cannot be linked); the others once per cohort.
    Dataset<Row> persons = ended.filter(col("pid").isNotNull()).groupBy("pid", "kohort").agg(max("slutdatum").as("slut"))
        .unionByName(ended.filter(col("pid").isNull()).select(col("pid"), col("kohort"), col("slutdatum").as("slut")));
    Dataset<Row> background = bakgrund.groupBy("pid").agg(max("kon").as("kon"), min("fodelsear").as("fodelsear"),
        min("doddatum").as("doddatum"), min("utvandrad_datum").as("utvandrad_datum"), lit(true).as("kand"));
    Column endYear = least(col("kohort").plus(3), lit(s.lastIncomeYear()));
    Dataset<Row> windowed = persons.join(background, persons.col("pid").equalTo(background.col("pid")), "left")
        .select(persons.col("pid"), col("kohort"), col("slut"), col("kon"), col("fodelsear"), col("doddatum"),
            col("utvandrad_datum"), col("kand"))
        .withColumn("slutar", endYear)
        .withColumn("w_slut", make_date(endYear, lit(12), lit(31)));
    Dataset<Row> later = sus.filter(col("pid").isNotNull()).select(col("pid").as("ny_pid"), col("startdatum").as("ny_start"));
    Dataset<Row> newInsats = windowed.join(later, windowed.col("pid").equalTo(later.col("ny_pid")))
        .filter(col("ny_start").gt(col("slut")).and(col("ny_start").leq(col("w_slut"))))
        .select(col("pid").as("n_pid"), col("kohort").as("n_kohort")).distinct().withColumn("ny", lit(true));
    Column reason = when(col("kand").isNull(), lit(UNKNOWN_ID))
        .when(col("utvandrad_datum").leq(col("w_slut")), lit("utvandrad"))
        .when(col("doddatum").leq(col("w_slut")), lit("avliden"))
        .when(col("ny").isNotNull(), lit("ny_insats"))
        .when(col("fodelsear").plus(s.exclusionAge()).leq(col("slutar")), lit("fyllt_65"))
        .otherwise(lit(INCLUDED));
    return windowed.join(newInsats, windowed.col("pid").equalTo(newInsats.col("n_pid"))
            .and(windowed.col("kohort").equalTo(newInsats.col("n_kohort"))), "left")
        .select(col("pid"), col("kohort"), col("kon"),
            Participations.band(col("kohort").minus(col("fodelsear")), s.incomeAgeBands(), s.incomeAgeLabels()).as("alder_grupp"),
            reason.as("orsak"));
  }

  /** Persons by cohort and exclusion rule ({@link #INCLUDED} for those kept): cohort -> rule -> persons. */
  public static Map<Integer, Map<String, Long>> exclusions(Dataset<Row> cohorts) {
    Map<Integer, Map<String, Long>> out = new java.util.TreeMap<>();
    cohorts.groupBy("kohort", "orsak").count().collectAsList()
        .forEach(r -> out.computeIfAbsent(r.getInt(0), k -> new LinkedHashMap<>()).put(r.getString(1), r.getLong(2)));
    return out;
  }

  /**
   * The followed persons' amounts, one row per person, cohort, year offset k with {@code ar = t + k} up
   * to the last income year, and group: arbete and pgi in the last income year's prices. An included person
   * is in the groups samtliga, kon, alder_grupp and {@link #sexAge}; an excluded one (all rules but
   * {@link #UNKNOWN_ID}) only in {@link #EXCLUDED}. After emigration or death there is no income row: 0 kr.
   */
  public static Dataset<Row> personYears(Dataset<Row> cohorts, Dataset<Row> inkomst, FollowupSettings s) {
    List<Row> factors = new ArrayList<>();
    s.prisbasbelopp().forEach((y, v) -> factors.add(RowFactory.create(y, s.prisbasbelopp().get(s.lastIncomeYear()) / v)));
    Dataset<Row> prices = cohorts.sparkSession().createDataFrame(factors,
        new StructType().add("p_ar", DataTypes.IntegerType).add("faktor", DataTypes.DoubleType));
    Column[] offsets = OFFSETS.stream().map(k -> lit(k)).toArray(Column[]::new);
    Dataset<Row> years = cohorts.filter(col("orsak").notEqual(UNKNOWN_ID))
        .withColumn("k", explode(array(offsets)))
        .withColumn("ar", col("kohort").plus(col("k")))
        .filter(col("ar").leq(s.lastIncomeYear()));
    Dataset<Row> income = inkomst.select(col("pid").as("i_pid"), col("ar").as("i_ar"),
        col("pgioai").plus(col("pgiofi")).as("i_arbete"), col("pgi").as("i_pgi"));
    return years.join(income, years.col("pid").equalTo(income.col("i_pid")).and(years.col("ar").equalTo(income.col("i_ar"))), "left")
        .join(org.apache.spark.sql.functions.broadcast(prices), col("ar").equalTo(col("p_ar")), "left")
        .select(col("pid"), col("kohort"), col("k"),
            explode(when(col("orsak").equalTo(INCLUDED), array(lit("samtliga"), col("kon"), col("alder_grupp"),
                concat(col("kon"), lit(SEX_AGE), col("alder_grupp")))).otherwise(array(lit(EXCLUDED)))).as("grupp"),
            coalesce(col("i_arbete"), lit(0.0)).multiply(col("faktor")).as("arbete"),
            coalesce(col("i_pgi"), lit(0.0)).multiply(col("faktor")).as("pgi"))
        .filter(col("grupp").isNotNull());
  }

  /**
   * One cell of the income tables: persons, and for work income and PGI the mean, the sum and the largest
   * contributions; persons with work income and their sum.
   */
  public record Cell(long persons, double meanArbete, double sumArbete, double[] topArbete, long withArbete,
                     double meanPgi, double sumPgi, double[] topPgi) {}

  /** The group of a sex and an age group (Bilaga 6's men's income relative to women's per age group). */
  public static String sexAge(String sex, String ageGroup) {
    return sex + SEX_AGE + ageGroup;
  }

  public static String key(int cohort, String group, int k) {
    return cohort + "|" + group + "|" + k;
  }

  /** The cells by {@link #key}; only aggregates and, per cell, the two largest amounts reach the driver. */
  public static Map<String, Cell> summarise(Dataset<Row> personYears) {
    Dataset<Row> keyed = personYears.withColumn("cell", concat_ws("|", col("kohort"), col("grupp"), col("k")));
    Map<String, Map<String, double[]>> top = TopContributions.largest(keyed, "cell", AMOUNTS, 2);
    Map<String, Cell> cells = new LinkedHashMap<>();
    for (Row r : keyed.groupBy("cell").agg(count(lit(1)), avg("arbete"), sum("arbete"),
        sum(when(col("arbete").gt(0), 1).otherwise(0)), avg("pgi"), sum("pgi")).collectAsList()) {
      Map<String, double[]> t = top.getOrDefault(r.getString(0), Map.of());
      cells.put(r.getString(0), new Cell(r.getLong(1), r.getDouble(2), r.getDouble(3),
          t.getOrDefault("arbete", new double[0]), r.getLong(4), r.getDouble(5), r.getDouble(6), t.getOrDefault("pgi", new double[0])));
    }
    return cells;
  }
}
