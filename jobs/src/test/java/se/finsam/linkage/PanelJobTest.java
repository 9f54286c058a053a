package se.finsam.linkage;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.finsam.linkage.CuratedRows.d;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import se.finsam.config.ConfigLoader;
import se.finsam.indicators.HiCategory;
import se.finsam.jobs.JobRunner;
import se.finsam.schemas.Contracts;
import se.finsam.spark.SharedSpark;
import se.finsam.storage.ParquetFiles;
import se.finsam.warehouse.Warehouse;
import se.finsam.warehouse.Zone;

@ExtendWith(SharedSpark.class)
class PanelJobTest {

  static int runPanel(Warehouse warehouse, String... options) {
    String[] args = new String[options.length + 2];
    args[0] = "--warehouse";
    args[1] = warehouse.root();
    System.arraycopy(options, 0, args, 2, options.length);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new JobRunner(new ConfigLoader(Map.of(), PanelJobTest.class.getClassLoader()),
        config -> SharedSpark.session(), System.out, new PrintStream(err)).execute(new PanelJob(), args);
    assertEquals(JobRunner.OK, code, err.toString());
    return code;
  }

  /** A numeric column of a row as a double, whatever its type. */
  private static double number(Row r, String column) {
    return ((Number) r.get(r.fieldIndex(column))).doubleValue();
  }

  @Test
  void handWrittenPersons(SparkSession spark, @TempDir Path dir) {
    Warehouse warehouse = Warehouse.at(dir.toString());
    CuratedWarehouse.write(spark, warehouse, Map.of(
        Contracts.EXPERIMENT_DELTAGARE, CuratedRows.of(spark, Contracts.EXPERIMENT_DELTAGARE,
            new Object[] {1L, "F1", "T1", d("2019-08-20"), true, "BEHANDLING", d("2019-09-03")},
            new Object[] {2L, "F1", "T1", d("2019-08-20"), true, "KONTROLL", d("2019-09-17")},
            new Object[] {3L, "F2", "T2", d("2019-09-01"), true, "KONTROLL", d("2020-03-10")},
            new Object[] {4L, "F2", "T2", d("2019-09-01"), false, null, null}),
        Contracts.SCB_BAKGRUND_AR, CuratedRows.of(spark, Contracts.SCB_BAKGRUND_AR,
            new Object[] {1L, 2018, "K", 1990, false, false, "GYMNASIAL", "OGIFT", "SAMBO_GIFT_MED_BARN", 0, 1, 1, "0180",
                null, null},
            new Object[] {2L, 2018, "M", 1985, true, true, "FORGYMNASIAL", "GIFT", null, 0, 0, 0, "0180", null, null},
            new Object[] {3L, 2019, "M", 1970, false, false, "SAKNAS", "SKILD_ANKA", null, null, null, 2, "0180", null, null}),
        // Person 1: aktivitetsersättning (reduced work capacity) all of 2019-2020; born 1990: 29 in 2019, 30 in 2020.
        // Person 3: föräldrapenning at half time 1-10 July 2019, 1 000 kr.
        Contracts.MIDAS_ERSATTNING, CuratedRows.of(spark, Contracts.MIDAS_ERSATTNING,
            new Object[] {1L, "AE", d("2019-01-01"), d("2020-12-31"), 1.0, 731 * 300.0, false, "NEDSATT_ARBETSFORMAGA"},
            new Object[] {3L, "FP", d("2019-07-01"), d("2019-07-10"), 0.5, 1000.0, false, null}),
        // Person 2: studiestöd only, in June 2019; a-kassa only in November 2019, bostadsbidrag only in
        // December 2019. Person 3: a-kassa and aktivitetsstöd in June, utvecklingsersättning in July 2019.
        Contracts.SCB_INKOMST_MANAD, CuratedRows.of(spark, Contracts.SCB_INKOMST_MANAD,
            new Object[] {2L, 201906, "STUDIEMEDEL", 4000.0},
            new Object[] {2L, 201911, "AKASSA", 3000.0},
            new Object[] {2L, 201912, "BOSTADSBIDRAG", 1500.0},
            new Object[] {3L, 201906, "AKASSA", 2500.0},
            new Object[] {3L, 201906, "AKTIVITETSSTOD", 1000.0},
            new Object[] {3L, 201907, "UTVECKLINGSERSATTNING", 400.0}),
        // Person 3: openly unemployed (category 11) 10 May - 5 June 2019, in a programme (34) 1-20 June.
        Contracts.AF_SOKANDEKATEGORI, CuratedRows.of(spark, Contracts.AF_SOKANDEKATEGORI,
            new Object[] {3L, d("2019-05-10"), d("2019-06-05"), "11", null},
            new Object[] {3L, d("2019-06-01"), d("2019-06-20"), "34", null}),
        // Person 2: nystartsjobb 1-10 March 2019 and lönebidrag 5-31 March 2019 (subsidised employment).
        Contracts.AF_ANSTALLNINGSSTOD, CuratedRows.of(spark, Contracts.AF_ANSTALLNINGSSTOD,
            new Object[] {2L, d("2019-03-01"), d("2019-03-10"), "NYSTARTSJOBB"},
            new Object[] {2L, d("2019-03-05"), d("2019-03-31"), "LONEBIDRAG"})));

    runPanel(warehouse, "--from", "201812", "--to", "202006", "--startgrupper", "2");

    Map<Long, Row> population = spark.read().format("delta").load(warehouse.table(Zone.PANEL, "population"))
        .collectAsList().stream().collect(Collectors.toMap(r -> r.getLong(r.fieldIndex("pid")), r -> r));
    assertEquals(List.of(1L, 2L, 3L), population.keySet().stream().sorted().collect(Collectors.toList()),
        "only consenting persons with a first team meeting");
    Row p1 = population.get(1L);
    assertEquals(1, p1.getInt(p1.fieldIndex("startgrupp")));
    assertEquals(201909, p1.getInt(p1.fieldIndex("group_period")));
    assertEquals(29, p1.getInt(p1.fieldIndex("alder")), "2019 - 1990");
    assertEquals(1, p1.getInt(p1.fieldIndex("smabarn")), "barn_4_6 = 1 in 2018");
    Row p3 = population.get(3L);
    assertEquals(2, p3.getInt(p3.fieldIndex("startgrupp")));
    assertEquals(0, p3.getInt(p3.fieldIndex("group_period")), "last group: comparison-only");
    assertEquals("SKILD_ANKA", p3.getString(p3.fieldIndex("civilstand")), "from the 2019 row, the year before 2020-03");
    assertNull(p3.get(p3.fieldIndex("smabarn")), "barn_0_3 and barn_4_6 both missing");
    // Seed 002 B3's background from the year before: children at home, family position, born abroad.
    assertEquals(List.of(0, 1, 1), List.of(p1.getInt(p1.fieldIndex("har_barn_0_3")), p1.getInt(p1.fieldIndex("har_barn_4_6")),
        p1.getInt(p1.fieldIndex("har_barn_0_17"))));
    assertNull(p3.get(p3.fieldIndex("har_barn_0_3")), "count missing");
    assertEquals(1, p3.getInt(p3.fieldIndex("har_barn_0_17")), "two children 0-17");
    assertEquals("SAMBO_GIFT_MED_BARN", p1.getString(p1.fieldIndex("familjestallning")));
    assertNull(population.get(2L).get(population.get(2L).fieldIndex("familjestallning")));
    assertEquals(1, population.get(2L).getInt(population.get(2L).fieldIndex("utrikes_fodd")));
    assertEquals(0, p1.getInt(p1.fieldIndex("utrikes_fodd")));
    assertEquals(201909, p3.getInt(p3.fieldIndex("tillfragad_period")), "asked 2019-09-01");
    assertEquals(201908, p1.getInt(p1.fieldIndex("tillfragad_period")));

    Dataset<Row> panel = spark.read().format("delta").load(warehouse.table(Zone.PANEL, "person_month"));
    // 201812..202006 = 19 months for every person: person 3 (comparison-only group from 202003) keeps its
    // months from 202003 on for the descriptive tables; the estimate step leaves them out.
    assertEquals(19 + 19 + 19, panel.count());
    assertEquals(List.of("KOMPONENTER"), panel.select("hi_kalla").distinct().as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList(), "without SCB's HI tables (optional inputs, absent here) every month is built");
    Map<String, Row> pm = panel.collectAsList().stream().collect(Collectors.toMap(
        r -> r.getLong(r.fieldIndex("pid")) + "@" + r.getInt(r.fieldIndex("period")), r -> r));

    // aktivitetsersättning at 29 (December 2019: 31 days) and 30 (January 2020: null).
    assertEquals(31.0, pm.get("1@201912").getDouble(pm.get("1@201912").fieldIndex("ae_dagar")), 1e-9);
    assertNull(pm.get("1@202001").get(pm.get("1@202001").fieldIndex("ae_dagar")));
    assertEquals(1.0, pm.get("1@202001").getDouble(pm.get("1@202001").fieldIndex("sa_omfattning")), 1e-9);
    assertEquals(1, pm.get("1@202001").getInt(pm.get("1@202001").fieldIndex("offentlig_forsorjning")));

    // studiestöd only: HI studier, no offentlig försörjning (narrow or broad).
    Row june = pm.get("2@201906");
    assertEquals(0, june.getInt(june.fieldIndex("offentlig_forsorjning")));
    assertEquals(0, june.getInt(june.fieldIndex("offentlig_forsorjning_bred")));
    assertEquals(1, june.getInt(june.fieldIndex("hi_studier")));
    assertEquals("STUDIER", june.getString(june.fieldIndex("hi")));
    // a-kassa only (November), bostadsbidrag only (December): the broad measure (seed 003 note 19:
    // ersättning from A-kassa or the municipality), not the narrow one (seed 002 line ~744: bistånd, AF
    // registration, sickness benefit); October, with nothing, neither.
    for (String key : List.of("2@201911", "2@201912", "2@201910")) {
      Row r = pm.get(key);
      assertEquals(List.of(0, key.endsWith("10") ? 0 : 1), List.of(r.getInt(r.fieldIndex("offentlig_forsorjning")),
          r.getInt(r.fieldIndex("offentlig_forsorjning_bred"))), key);
    }
    assertEquals(3000.0, number(pm.get("2@201911"), "akassa_kr"), 1e-9);

    // AF category 11 covers days of May and June 2019: offentlig försörjning 1; July 0.
    for (String key : List.of("3@201905", "3@201906")) {
      assertEquals(1, pm.get(key).getInt(pm.get(key).fieldIndex("af_oppet_arbetslos_eller_program")), key);
      assertEquals(1, pm.get(key).getInt(pm.get(key).fieldIndex("offentlig_forsorjning")), key);
    }
    assertEquals(0, pm.get("3@201907").getInt(pm.get("3@201907").fieldIndex("offentlig_forsorjning")));
    // Days (seed 002 B3/B4): open unemployed 22 days of May (10-31) and 5 of June; programme 20 days of June;
    // registered open unemployed or in a programme: June 1-20 counted once = 20. Kronor and days (B3):
    // föräldrapenning 10 days at half time; a-kassa; aktivitetsstöd and utvecklingsersättning together.
    Map<String, double[]> days = Map.of(
        "af_oppet_arbetslos_dagar", new double[] {22, 5, 0},
        "af_program_dagar", new double[] {0, 20, 0},
        "af_oppet_arbetslos_eller_program_dagar", new double[] {22, 20, 0},
        "fp_kr", new double[] {0, 0, 1000},
        "fp_dagar_netto", new double[] {0, 0, 5},
        "akassa_kr", new double[] {0, 2500, 0},
        "amp_ersattning_kr", new double[] {0, 1000, 400},
        "se_kr", new double[] {0, 0, 0});
    days.forEach((column, expected) -> {
      for (int i = 0; i < 3; i++) {
        Row r = pm.get("3@20190" + (5 + i));
        assertEquals(expected[i], number(r, column), 1e-9, column + " " + (5 + i));
      }
    });
    Row march = pm.get("2@201903");
    assertEquals(10.0, ((Number) march.get(march.fieldIndex("nystartsjobb_dagar"))).doubleValue(), 1e-9);
    assertEquals(27.0, ((Number) march.get(march.fieldIndex("subv_anst_dagar"))).doubleValue(), 1e-9, "5-31 March");
    assertEquals(1, march.getInt(march.fieldIndex("subv_anst_eller_nystartsjobb")));
    Row december = pm.get("1@201912");
    assertEquals(31.0, ((Number) december.get(december.fieldIndex("sa_dagar_brutto"))).doubleValue(), 1e-9);
    assertEquals(0.0, ((Number) pm.get("3@202004").get(pm.get("3@202004").fieldIndex("af_program_dagar"))).doubleValue(),
        1e-9, "the comparison-only group's months after its first month are in the panel");
    // AE kronor and days (person 1, 300 kr a day, every day) at 30 too, unlike ae_dagar.
    Row aeAt30 = pm.get("1@202001");
    assertEquals(31 * 300.0, number(aeAt30, "ae_kr"), 1e-6);
    assertEquals(31.0, number(aeAt30, "ae_dagar_netto"), 1e-9);
    assertEquals(31.0, number(aeAt30, "ae_dagar_brutto"), 1e-9);

    // HI outcomes start 2019-01 (finsam.outcomes): null in December 2018, measured from January 2019;
    // HI studier from 2015-01 (seed 002 Table 3): measured in December 2018, no income = share 0.
    assertNull(pm.get("2@201812").get(pm.get("2@201812").fieldIndex("hi_arbete")));
    assertEquals(0.0, number(pm.get("2@201812"), "andel_studier"), 0.0);
    // The HI columns outside the catalogue share the earliest HI window (SPEC 5.3), here 2015-01, and are
    // built from the components: this warehouse has no SCB HI.
    for (String column : List.of("hi", "hi_over_halften", "inkomst_total", "inkomst_studier", "andel_pension", "hi_pension")) {
      assertTrue(pm.get("2@201812").get(pm.get("2@201812").fieldIndex(column)) != null, column);
    }
    assertEquals("SAKNAR_INKOMST", pm.get("2@201812").getString(pm.get("2@201812").fieldIndex("hi")));
    assertEquals("KOMPONENTER", june.getString(june.fieldIndex("hi_kalla")));
    assertEquals(4000.0, june.getDouble(june.fieldIndex("inkomst_total")), 1e-9);
    assertEquals(0, pm.get("2@201901").getInt(pm.get("2@201901").fieldIndex("hi_arbete")));
    assertEquals(0.0, pm.get("2@201812").getDouble(pm.get("2@201812").fieldIndex("lon_kr")), 0.0, "from 2015-01");

    Row first = pm.get("1@201812");
    assertEquals(48, first.getInt(first.fieldIndex("month_index")), "2018-12 is month 48 from 2015-01");
    assertEquals(57, first.getInt(first.fieldIndex("group_index")), "2019-09 is month 57");
    assertEquals(0, pm.get("3@201812").getInt(pm.get("3@201812").fieldIndex("group_index")));
  }

  @Test
  void invariantsOnAGeneratedPopulation(SparkSession spark, @TempDir Path dir) {
    Warehouse warehouse = Warehouse.at(dir.toString());
    CuratedWarehouse.write(spark, warehouse, SyntheticCurated.tables(spark, 200));
    runPanel(warehouse, "--from", "201806", "--to", "202012", "--startgrupper", "4");
    ParquetFiles.assertPlainEncoded(spark.sparkContext().hadoopConfiguration(),
        warehouse.table(Zone.PANEL, "person_month"));
    assertTrue(spark.conf().getOption(ParquetOutputFormat.ENABLE_DICTIONARY).isEmpty(), "the write's setting is not left behind");

    Dataset<Row> population = spark.read().format("delta").load(warehouse.table(Zone.PANEL, "population"));
    Dataset<Row> panel = spark.read().format("delta").load(warehouse.table(Zone.PANEL, "person_month")).cache();
    assertEquals(180, population.count(), "every tenth of 200 declines");
    assertEquals(0, panel.join(population, Keys.of("pid"), "left_anti").count(), "no pid outside the population");
    assertEquals(panel.count(), panel.select("pid", "period").distinct().count(), "one row per person and month");

    Column shareSum = col(HiCategory.ARBETE.shareColumn());
    for (HiCategory c : HiCategory.values()) {
      if (c != HiCategory.ARBETE) {
        shareSum = shareSum.plus(col(c.shareColumn()));
      }
    }
    Dataset<Row> withIncome = panel.filter(col("inkomst_total").gt(0));
    assertTrue(withIncome.count() > 1000, "the generator gives incomes");
    assertEquals(0, withIncome.filter(org.apache.spark.sql.functions.abs(shareSum.minus(1.0)).gt(1e-9)).count(),
        "andel_* sum to 1 when income > 0");
    for (HiCategory c : HiCategory.values()) {
      assertEquals(0, panel.filter(col(c.indicatorColumn()).equalTo(1).and(col("hi").notEqual(c.name()))).count(),
          c.indicatorColumn() + " = 1 implies hi = " + c.name());
    }
    // Indicators are 0/1, shares and omfattning in 0..1, days within the month.
    assertEquals(0, panel.filter(col("sjp_omfattning").gt(1).or(col("sa_omfattning").gt(1))
        .or(col("sjp_dagar_brutto").gt(31)).or(col("fk_sjuk_dagar_netto").gt(31))).count());
    assertTrue(panel.filter(col("offentlig_forsorjning").equalTo(1)).count() > 0);
    assertEquals(0, panel.filter(col("offentlig_forsorjning").equalTo(1).and(col("offentlig_forsorjning_bred").equalTo(0))).count(),
        "the broad notion contains the narrow one");
    // Deaths and emigrations: nothing measured after the exit month.
    Dataset<Row> exits = population.filter(col("exit_period").isNotNull()).select("pid", "exit_period");
    assertTrue(exits.count() > 0);
    assertEquals(0, panel.join(exits, Keys.of("pid")).filter(col("period").gt(col("exit_period"))
        .and(col("lon_kr").isNotNull().or(col("hi").isNotNull()))).count());
    panel.unpersist();
  }
}
