package se.finsam.linkage;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import se.finsam.indicators.HiCategory;

/**
 * Each source turned into monthly facts keyed by {@code pid, period}: at most one row per key and source,
 * each source with its own columns, so that {@link PersonMonths} can combine all of them in one
 * aggregation. Column names: {@code <fk-group>_<measure>} for MiDaS benefit groups (measures of
 * {@link MonthlySpells}), {@code midas_<hi amount column>}, {@code komp_<hi amount column>},
 * {@code <af key>_covered}, {@code <af day key>_dagar}, {@code lon_kr}, {@code fs_kr}, {@code har_fs}, {@code kommun_insats},
 * {@code bred_komponent}, the columns of {@code finsam.panel.komponent-kr}.
 */
public final class MonthlyFacts {
  public static final List<String> SPELL_MEASURES = List.of("dagar_brutto", "dagar_netto", "omfattning", "kr", "covered");
  public static final List<String> AF_KEYS = List.of("af_oppet", "af_program", "af_nara", "subv");
  /**
   * AF keys counted in days (seed 002 B3/B4: days open unemployed, in a programme, in subsidised
   * employment, in nystartsjobb, registered open unemployed or in a programme), as {@code <key>_dagar}.
   */
  public static final List<String> AF_DAY_KEYS = List.of("af_oppet", "af_oppet_arbetslos", "af_program", "subv_anst",
      "nystartsjobb");
  /** The {@code stodtyp} code of nystartsjobb (contract af_anstallningsstod); the other types are subsidised employment. */
  static final String NYSTARTSJOBB = "NYSTARTSJOBB";

  private MonthlyFacts() {}

  /** MiDaS spells under every benefit group they belong to and under their HI category. */
  public static Dataset<Row> midas(Dataset<Row> midas, PanelSettings s) {
    List<Column> keys = new ArrayList<>();
    for (Map.Entry<String, List<String>> group : s.fkGroups().entrySet()) {
      keys.add(when(col("forman").isin(group.getValue().toArray()), lit(group.getKey())));
    }
    for (Map.Entry<String, HiCategory> forman : s.hiFormaner().entrySet()) {
      Column key = lit(hiKey(forman.getValue()));
      if (forman.getKey().equals("AE")) {
        // Aktivitetsersättning for extended schooling is a study income (seed 002 appendix).
        key = when(col("ae_skal").equalTo("FORLANGD_SKOLGANG"), lit(hiKey(s.aeForlangdSkolgang()))).otherwise(key);
      }
      keys.add(when(col("forman").equalTo(forman.getKey()), key));
    }
    Dataset<Row> spells = midas
        .select(col("pid"), explode(array(keys.toArray(new Column[0]))).as("key"), col("fran_datum"),
            col("tom_datum"), col("omfattning"), col("belopp_brutto").as("belopp"))
        .filter(col("key").isNotNull());
    Dataset<Row> months = MonthlySpells.toMonths(spells, s.from(), s.to(), s.lastDayRule());
    List<Column> out = new ArrayList<>(List.of(col("pid"), col("period")));
    for (String group : s.fkGroups().keySet()) {
      for (String measure : SPELL_MEASURES) {
        out.add(when(col("key").equalTo(group), col(measure)).as(group + "_" + measure));
      }
    }
    for (HiCategory category : HiCategory.values()) {
      out.add(when(col("key").equalTo(hiKey(category)), col("kr")).as("midas_" + category.amountColumn()));
    }
    return months.select(out.toArray(new Column[0]));
  }

  /**
   * AF registrations by sökandekategori list and anställningsstöd (any stödtyp) as monthly indicators,
   * and the days of {@link #AF_DAY_KEYS}: open unemployed = the codes of öppet arbetslös eller i
   * program that are not programme codes; subsidised employment = every stödtyp but nystartsjobb.
   */
  public static Dataset<Row> af(Dataset<Row> sokandekategori, Dataset<Row> anstallningsstod, PanelSettings s) {
    Column category = col("sokandekategori");
    List<String> oppetArbetslos = new ArrayList<>(s.afOppetArbetslosEllerProgram());
    oppetArbetslos.removeAll(s.afProgram());
    Dataset<Row> registrations = sokandekategori.select(col("pid"),
        explode(array(
            when(category.isin(s.afOppetArbetslosEllerProgram().toArray()), lit("af_oppet")),
            when(category.isin(oppetArbetslos.toArray()), lit("af_oppet_arbetslos")),
            when(category.isin(s.afProgram().toArray()), lit("af_program")),
            when(category.isin(s.afNaraArbetsmarknaden().toArray()), lit("af_nara")))).as("key"),
        col("fran_datum"), col("tom_datum"));
    Column nystart = col("stodtyp").equalTo(NYSTARTSJOBB);
    Dataset<Row> support = anstallningsstod.select(col("pid"),
        explode(array(lit("subv"), when(nystart, lit("nystartsjobb")).otherwise(lit("subv_anst")))).as("key"),
        col("fran_datum"), col("tom_datum"));
    Dataset<Row> spells = registrations.filter(col("key").isNotNull()).unionByName(support)
        .withColumn("omfattning", lit(1.0))
        .withColumn("belopp", lit(0.0));
    Dataset<Row> months = MonthlySpells.toMonths(spells, s.from(), s.to(), s.lastDayRule());
    List<Column> out = new ArrayList<>(List.of(col("pid"), col("period")));
    for (String key : AF_KEYS) {
      out.add(when(col("key").equalTo(key), col("covered")).as(key + "_covered"));
    }
    for (String key : AF_DAY_KEYS) {
      out.add(when(col("key").equalTo(key), col("dagar_brutto")).as(key + "_dagar"));
    }
    return months.select(out.toArray(new Column[0]));
  }

  /**
   * scb_inkomst_manad components summed by HI category, the kronor of {@code finsam.panel.komponent-kr}
   * (one column each, as named there), and whether any bred component was paid.
   */
  public static Dataset<Row> incomeComponents(Dataset<Row> inkomst, PanelSettings s) {
    Column category = lit(null).cast("string");
    for (Map.Entry<String, HiCategory> e : s.hiComponents().entrySet()) {
      category = when(col("komponent").equalTo(e.getKey()), lit(e.getValue().name())).otherwise(category);
    }
    List<Column> aggregates = new ArrayList<>();
    for (HiCategory c : HiCategory.values()) {
      aggregates.add(sum(when(col("hi_kategori").equalTo(c.name()), col("belopp"))).as("komp_" + c.amountColumn()));
    }
    s.komponentKr().forEach((column, codes) ->
        aggregates.add(sum(when(col("komponent").isin(codes.toArray()), col("belopp"))).as(column)));
    aggregates.add(max(when(col("komponent").isin(s.bredKomponenter().toArray()).and(col("belopp").gt(0)), 1)
        .otherwise(0)).as("bred_komponent"));
    return inkomst.withColumn("hi_kategori", category)
        .groupBy("pid", "period")
        .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(new Column[0]));
  }

  /**
   * SCB's delivered HI (SPEC 5.1) as monthly facts: {@code scb_hi_manad} = 1 and {@code scbm_<hi amount
   * column>} for a delivered month; {@code scb_hi_ar} = 1 and {@code scba_<hi amount column>} = the year's
   * amount / 12 in each month of a delivered year (ASSUMPTION, finsam.hi.scb). Which of them HI uses is
   * {@link se.finsam.indicators.Outcomes#incomeByCategory}'s rule.
   */
  public static Dataset<Row> scbHi(Dataset<Row> monthly, Dataset<Row> yearly) {
    List<Column> months = new ArrayList<>(List.of(col("pid"), col("period"), lit(1).as(SCB_HI_MANAD)));
    List<Column> years = new ArrayList<>(List.of(col("pid"),
        explode(sequence(col("ar").multiply(100).plus(1), col("ar").multiply(100).plus(12))).as("period"),
        lit(1).as(SCB_HI_AR)));
    for (HiCategory c : HiCategory.values()) {
      if (c != HiCategory.SAKNAR_INKOMST) {
        months.add(col(c.amountColumn()).as(scbMonthly(c)));
        years.add(col(c.amountColumn()).divide(12).as(scbYearly(c)));
      }
    }
    return monthly.select(months.toArray(new Column[0]))
        .unionByName(yearly.select(years.toArray(new Column[0])), true);
  }

  public static final String SCB_HI_MANAD = "scb_hi_manad";
  public static final String SCB_HI_AR = "scb_hi_ar";

  public static String scbMonthly(HiCategory c) {
    return "scbm_" + c.amountColumn();
  }

  public static String scbYearly(HiCategory c) {
    return "scba_" + c.amountColumn();
  }

  /** Municipal labour-market measures (Socialstyrelsen): 1 in a month with any insats. */
  public static Dataset<Row> kommunInsats(Dataset<Row> arbetsmarknadsinsats) {
    return arbetsmarknadsinsats.select(col("pid"), col("period"), lit(1).as("kommun_insats")).distinct();
  }

  static String hiKey(HiCategory category) {
    return "hi:" + category.name();
  }
}
