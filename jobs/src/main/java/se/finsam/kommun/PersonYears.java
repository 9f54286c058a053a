package se.finsam.kommun;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import se.finsam.linkage.Bistand;
import se.finsam.linkage.Keys;
import se.finsam.linkage.Wages;

/**
 * Person-year facts of the municipality panel: who lived where at the end of each year, and which
 * outcomes each person had in the year. Everything stays person-level in Spark; {@link KommunPanel}
 * aggregates it.
 */
public final class PersonYears {
  /** Person-year indicators besides the outcomes: wage income at the UVAS threshold. */
  static final String ARBETE = "arbete";
  /** MiDaS benefit groups (finsam.panel.fk-groups) behind the two FK outcomes. */
  static final Map<Utfall, String> FK_GROUPS = Map.of(Utfall.SJUKPENNING, "sjp", Utfall.SJUK_AKTIVITETSERSATTNING, "sa");

  private PersonYears() {}

  /**
   * Residents in the year: {@code pid, ar, kommun_kod, alder, kon}. scb_bakgrund_ar has one municipality
   * per person and year (registered residence at the end of the year, as LISA), so a person who moved
   * during the year counts, with all of that year's outcomes, in the municipality where they lived at
   * its end. Who died or emigrated on or before 31 December is not resident at the end of the year and
   * is left out of that year. Age is year minus birth year (SPEC 4). Rows without a municipality are
   * left out.
   */
  public static Dataset<Row> residents(Dataset<Row> bakgrund, int fromYear, int toYear) {
    Column yearEnd = expr("make_date(ar, 12, 31)");
    return bakgrund
        .filter(col("ar").between(fromYear, toYear).and(col("kommun_kod").isNotNull()))
        .filter(col("doddatum").isNull().or(col("doddatum").gt(yearEnd)))
        .filter(col("utvandrad_datum").isNull().or(col("utvandrad_datum").gt(yearEnd)))
        .select(col("pid"), col("ar"), col("kommun_kod"), col("ar").minus(col("fodelsear")).as("alder"), col("kon"));
  }

  /**
   * The (pid, ar) of persons with a spell of a MiDaS benefit group on any day of the year. As
   * {@code linkage.MonthlySpells} counts covered days, a spell counts with an omfattning above zero, an
   * open one runs to the end of the panel. The years a spell touches are enough here: no months, days or
   * amounts, so no windows over a person's spells.
   */
  public static Dataset<Row> midas(Dataset<Row> midas, Map<String, List<String>> fkGroups, int fromYear, int toYear) {
    List<Column> keys = new ArrayList<>();
    for (Map.Entry<Utfall, String> e : FK_GROUPS.entrySet()) {
      List<String> formaner = fkGroups.get(e.getValue());
      if (formaner == null) {
        throw new IllegalArgumentException("finsam.panel.fk-groups has no group " + e.getValue());
      }
      keys.add(when(col("forman").isin(formaner.toArray()), lit(e.getKey().column())));
    }
    Column first = expr("make_date(" + fromYear + ", 1, 1)");
    Column last = expr("make_date(" + toYear + ", 12, 31)");
    return midas.filter(col("omfattning").gt(0))
        .select(col("pid"), explode(array(keys.toArray(new Column[0]))).as("key"),
            greatest(col("fran_datum"), first).as("s"), least(coalesce(col("tom_datum"), last), last).as("e"))
        .filter(col("key").isNotNull().and(col("s").leq(col("e"))))
        .select(col("pid"), explode(sequence(year(col("s")), year(col("e")))).as("ar"), col("key"));
  }

  /**
   * Persons with individualised ekonomiskt bistånd above zero in any month of the year. As
   * {@code linkage.Bistand} shares it, a member's share is above zero exactly when the household's
   * amount that month is (amounts are never negative), so the shares themselves are not needed: the
   * members of household-months with an amount, counting children only when {@code adultsOnly} is off.
   */
  public static Dataset<Row> bistand(Dataset<Row> bistand, boolean adultsOnly, int fromYear, int toYear) {
    Dataset<Row> members = Bistand.members(bistand.filter(col("period").between(fromYear * 100 + 1, toYear * 100 + 12)),
        adultsOnly);
    return members.groupBy("hushall_id", "period")
        .agg(max("belopp_hushall").as("belopp_hushall"), collect_set("pid").as("pids"))
        .filter(col("belopp_hushall").gt(0))
        .select(explode(col("pids")).as("pid"), col("period").divide(100).cast("int").as("ar"),
            lit(Utfall.EKONOMISKT_BISTAND.column()).as("key"));
  }

  /** Studies from CSN: studiemedel or studiehjälp paid in the year (belopp above zero). */
  public static Dataset<Row> studiesFromCsn(Dataset<Row> csn, int fromYear, int toYear) {
    return csn.filter(col("ar").between(fromYear, toYear).and(col("belopp").gt(0)))
        .select(col("pid"), col("ar"), lit(Utfall.STUDIER.column()).as("key"));
  }

  /** Studies from income components (when no CSN table exists): any of {@code components} above zero in the year. */
  public static Dataset<Row> studiesFromComponents(Dataset<Row> inkomst, List<String> components, int fromYear, int toYear) {
    return inkomst.filter(col("period").between(fromYear * 100 + 1, toYear * 100 + 12)
            .and(col("komponent").isin(components.toArray())).and(col("belopp").gt(0)))
        .select(col("pid"), col("period").divide(100).cast("int").as("ar"), lit(Utfall.STUDIER.column()).as("key"));
  }

  /**
   * Working in the year (for UVAS): wage income of the year above zero and at least {@code minKr}, from
   * scb_jobb_ar before {@code agiFrom} and scb_agi_manad from it, as {@code linkage.Wages} splits the
   * sources. The year's JOBB wages are summed directly (Wages spreads them evenly over the employed
   * months, which add up to the same total); only a year that {@code agiFrom} splits needs those months.
   */
  public static Dataset<Row> working(Dataset<Row> agi, Dataset<Row> jobb, int agiFrom, double minKr, int fromYear, int toYear) {
    int splitYear = agiFrom / 100;
    boolean splitsAYear = agiFrom % 100 != 1;
    Dataset<Row> wholeJobbYears = jobb.filter(col("ar").lt(splitYear).and(col("ar").between(fromYear, toYear)))
        .select(col("pid"), col("ar"), col("bruttolon").as("lon_kr"));
    Dataset<Row> agiMonths = agi.filter(col("period").geq(agiFrom)
            .and(col("period").between(fromYear * 100 + 1, toYear * 100 + 12)))
        .select(col("pid"), col("period").divide(100).cast("int").as("ar"), col("ersattning_arbete").as("lon_kr"));
    Dataset<Row> wages = wholeJobbYears.unionByName(agiMonths);
    if (splitsAYear && splitYear >= fromYear && splitYear <= toYear) {
      wages = wages.unionByName(Wages.fromJobb(jobb.filter(col("ar").equalTo(splitYear)))
          .filter(col("period").lt(agiFrom))
          .select(col("pid"), col("period").divide(100).cast("int").as("ar"), col("lon_kr")));
    }
    return wages.groupBy("pid", "ar").agg(sum("lon_kr").as("lon_ar"))
        .filter(col("lon_ar").gt(0).and(col("lon_ar").geq(minKr)))
        .select(col("pid"), col("ar"), lit(ARBETE).as("key"));
  }

  /**
   * Exits from AF to work: a registration that ended in the year (its {@code tom_datum}) with an
   * avaktualiseringsorsak in {@code codes}.
   */
  public static Dataset<Row> afExits(Dataset<Row> af, List<String> codes, int fromYear, int toYear) {
    return af.filter(col("tom_datum").isNotNull().and(col("avaktualiseringsorsak").isin(codes.toArray())))
        .select(col("pid"), year(col("tom_datum")).as("ar"), lit(Utfall.AF_TILL_ARBETE.column()).as("key"))
        .filter(col("ar").between(fromYear, toYear));
  }

  /**
   * One row per resident and year with a 0/1 column per outcome (UVAS not yet: it depends on the
   * group) and {@code arbete}: the residents joined with the union of the (pid, ar, key) facts above.
   */
  public static Dataset<Row> withFacts(Dataset<Row> residents, List<Dataset<Row>> facts) {
    Dataset<Row> all = facts.get(0);
    for (Dataset<Row> f : facts.subList(1, facts.size())) {
      all = all.unionByName(f);
    }
    List<String> keys = new ArrayList<>();
    for (Utfall u : Utfall.values()) {
      if (u != Utfall.UVAS) {
        keys.add(u.column());
      }
    }
    keys.add(ARBETE);
    List<Column> flags = new ArrayList<>();
    for (String key : keys) {
      flags.add(max(when(col("key").equalTo(key), 1).otherwise(0)).as(key));
    }
    Dataset<Row> perPersonYear = all.groupBy("pid", "ar")
        .agg(flags.get(0), flags.subList(1, flags.size()).toArray(new Column[0]));
    Dataset<Row> joined = residents.join(perPersonYear, Keys.of("pid", "ar"), "left");
    for (String key : keys) {
      joined = joined.withColumn(key, when(col(key).isNull(), lit(0)).otherwise(col(key)));
    }
    return joined;
  }
}
