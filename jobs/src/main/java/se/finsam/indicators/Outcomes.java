package se.finsam.indicators;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import se.finsam.linkage.MonthlyFacts;
import se.finsam.linkage.PanelSettings;

/**
 * The outcomes of SPEC 5.3 (names as in {@code finsam.outcomes}), HI and offentlig försörjning, derived
 * from the combined monthly facts of {@code se.finsam.linkage.PersonMonths}, then nulled where they are
 * not measured.
 */
public final class Outcomes {
  private Outcomes() {}

  /**
   * Income per HI category and its source {@code hi_kalla} (SPEC 5.1: SCB's HI where delivered): SCB's
   * monthly amounts in a month they were delivered for (SCB_MANAD); else SCB's yearly amounts spread over
   * the year's months, in a month before {@code finsam.hi.scb.yearly-before} of a year they were delivered
   * for (SCB_AR); else built from the components (KOMPONENTER): wages to ARBETE, bistånd to
   * EKONOMISKT_STOD, MiDaS and SCB components by mapping.
   */
  public static Dataset<Row> incomeByCategory(Dataset<Row> facts, PanelSettings s) {
    Column monthly = col(MonthlyFacts.SCB_HI_MANAD).equalTo(1);
    Column yearly = col(MonthlyFacts.SCB_HI_AR).equalTo(1).and(col("period").lt(s.hiScbYearlyBefore()));
    Map<String, Column> amounts = new LinkedHashMap<>();
    amounts.put(HiSource.COLUMN, when(monthly, lit(HiSource.SCB_MANAD.name()))
        .when(yearly, lit(HiSource.SCB_AR.name())).otherwise(lit(HiSource.KOMPONENTER.name())));
    for (HiCategory c : HiCategory.values()) {
      if (c == HiCategory.SAKNAR_INKOMST) {
        continue;
      }
      Column amount = col("midas_" + c.amountColumn()).plus(col("komp_" + c.amountColumn()));
      if (c == HiCategory.ARBETE) {
        amount = amount.plus(col("lon_kr"));
      } else if (c == HiCategory.EKONOMISKT_STOD) {
        amount = amount.plus(col("fs_kr"));
      }
      amounts.put(c.amountColumn(), when(monthly, col(MonthlyFacts.scbMonthly(c)))
          .when(yearly, col(MonthlyFacts.scbYearly(c))).otherwise(amount));
    }
    return facts.withColumns(amounts);
  }

  /** Every outcome that is not an HI column, from the facts (HI outcomes come from {@link HuvudsakligInkomstkalla}). */
  public static Map<String, Column> fromFacts(PanelSettings s) {
    Map<String, Column> o = new LinkedHashMap<>();
    o.put("lon_kr", col("lon_kr"));
    o.put("har_lon", when(col("lon_kr").gt(0), 1).otherwise(0));
    o.put("subv_anst_eller_nystartsjobb", col("subv_covered"));
    o.put("af_oppet_arbetslos_eller_program", col("af_oppet_covered"));
    o.put("arbetsmarknadsinsats_af_eller_kommun", greatest(col("af_program_covered"), col("kommun_insats")));
    o.put("har_fs", col("har_fs"));
    o.put("fs_kr", col("fs_kr"));
    o.put("sjp_dagar_netto", col("sjp_dagar_netto"));
    o.put("sjp_dagar_brutto", col("sjp_dagar_brutto"));
    o.put("sjp_omfattning", col("sjp_omfattning"));
    o.put("sjp_kr_brutto", col("sjp_kr"));
    o.put("rehab_dagar_netto", col("rehab_dagar_netto"));
    o.put("rehab_dagar_brutto", col("rehab_dagar_brutto"));
    o.put("se_dagar", col("se_dagar_netto"));
    o.put("ae_dagar", col("ae_dagar_netto"));
    o.put("sa_omfattning", col("sa_omfattning"));
    o.put("fk_sjuk_dagar_netto", col("fk_sjuk_dagar_netto"));
    o.put("fk_sjuk_dagar_brutto", col("fk_sjuk_dagar_brutto"));
    o.put("fk_total_kr", col("fk_total_kr"));
    o.put("offentlig_forsorjning", OffentligForsorjning.narrow(s.rehabIsPublicSupport()));
    return o;
  }

  /**
   * Days and kronor per month for the descriptive tables (seed 002 B3, B4), not outcomes of the
   * catalogue: AF registration open unemployed or in a programme, open unemployed only, in a programme,
   * subsidised employment (anställningsstöd but nystartsjobb), nystartsjobb (calendar days covered),
   * SE+AE (MiDaS group {@code sa}, brutto days); AE kronor, brutto and netto days, SE kronor and brutto
   * days, föräldrapenning kronor and netto days (MiDaS groups {@code ae}, {@code se}, {@code fp}); the component kronor of
   * {@code finsam.panel.komponent-kr} (a-kassa, aktivitetsstöd).
   */
  public static Map<String, Column> descriptive(PanelSettings s) {
    Map<String, Column> d = new LinkedHashMap<>();
    d.put("af_oppet_arbetslos_eller_program_dagar", col("af_oppet_dagar"));
    d.put("af_oppet_arbetslos_dagar", col("af_oppet_arbetslos_dagar"));
    d.put("af_program_dagar", col("af_program_dagar"));
    d.put("subv_anst_dagar", col("subv_anst_dagar"));
    d.put("nystartsjobb_dagar", col("nystartsjobb_dagar"));
    d.put("sa_dagar_brutto", col("sa_dagar_brutto"));
    // As the MiDaS facts name them; ae_dagar_netto unlike the outcome ae_dagar at every age.
    for (String fact : List.of("ae_kr", "ae_dagar_brutto", "ae_dagar_netto", "se_kr", "se_dagar_brutto", "fp_kr",
        "fp_dagar_netto")) {
      d.put(fact, col(fact));
    }
    s.komponentKr().keySet().forEach(c -> d.put(c, col(c)));
    return d;
  }

  /** Columns measured per person-month besides the outcomes of the catalogue. */
  public static List<String> supplementary(PanelSettings s) {
    List<String> columns = new ArrayList<>();
    for (HiCategory c : HiCategory.values()) {
      columns.add(c.amountColumn());
    }
    columns.add("inkomst_total");
    for (HiCategory c : HiCategory.values()) {
      columns.add(c.shareColumn());
      columns.add(c.indicatorColumn());
    }
    columns.add("hi");
    columns.add("hi_over_halften");
    columns.add(HiSource.COLUMN);
    columns.add("offentlig_forsorjning_bred");
    columns.add("af_nara_arbetsmarknaden");
    columns.addAll(descriptive(s).keySet());
    return columns;
  }

  /**
   * The first month of the HI columns outside the catalogue (inkomst_*, the andel_* and hi_* not listed,
   * hi, hi_over_halften): the earliest first-period of the catalogue's HI outcomes (SPEC 5.3: each
   * null outside its window), else the calendar's first month.
   */
  static int hiFirstPeriod(PanelSettings s) {
    return s.outcomeFirstPeriods().entrySet().stream().filter(e -> isHiColumn(e.getKey()))
        .mapToInt(Map.Entry::getValue).min().orElse(s.from());
  }

  private static boolean isHiColumn(String column) {
    return column.startsWith("hi_") || column.startsWith("andel_") || column.startsWith("inkomst_") || column.equals("hi");
  }

  /**
   * Facts to outcomes: HI, the catalogue's outcomes, offentlig försörjning, then the null rules:
   * <ul>
   *   <li>an outcome is null before its first-period of {@code finsam.outcomes}; the other HI columns
   *       before {@link #hiFirstPeriod};</li>
   *   <li>{@code ae_dagar} is null from age {@code ae-max-age + 1} (age = year - fodelsear) and when the
   *       birth year is unknown;</li>
   *   <li>every measured column is null in the months after {@code exit_period} (death or emigration).</li>
   * </ul>
   */
  public static Dataset<Row> derive(Dataset<Row> facts, PanelSettings s) {
    // One projection per layer: each withColumn re-analyses the whole plan, which cost seconds per panel.
    Map<String, Column> layer = new LinkedHashMap<>();
    layer.put("offentlig_forsorjning_bred", OffentligForsorjning.broad(s.rehabIsPublicSupport()));
    layer.put("af_nara_arbetsmarknaden", col("af_nara_covered"));
    layer.putAll(descriptive(s));
    layer.putAll(fromFacts(s));
    Dataset<Row> withHi = HuvudsakligInkomstkalla.apply(incomeByCategory(facts, s), s.hiLargestReading())
        .withColumns(layer);
    Column after = col("exit_period").isNotNull().and(col("period").gt(col("exit_period")));
    Column age = col("period").divide(100).cast("int").minus(col("fodelsear"));
    List<Column> out = new ArrayList<>();
    for (String key : List.of("pid", "period")) {
      out.add(col(key));
    }
    out.add(col("startgrupp"));
    out.add(col("group_period"));
    for (String outcome : s.outcomeFirstPeriods().keySet()) {
      Column measured = col("period").geq(s.firstPeriodOf(outcome)).and(not(after));
      if (outcome.equals("ae_dagar")) {
        measured = measured.and(age.leq(s.aeMaxAge()));
      }
      out.add(when(measured, col(outcome)).as(outcome));
    }
    Column hiMeasured = col("period").geq(hiFirstPeriod(s)).and(not(after));
    for (String column : supplementary(s)) {
      if (!s.outcomeFirstPeriods().containsKey(column)) {
        out.add(when(isHiColumn(column) ? hiMeasured : not(after), col(column)).as(column));
      }
    }
    return withHi.select(out.toArray(new Column[0]));
  }
}
