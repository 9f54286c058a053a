package se.finsam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.math3.stat.inference.TTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import se.finsam.config.ConfigLoader;
import se.finsam.disclosure.TableDraft;
import se.finsam.spark.SharedSpark;

/**
 * Tables B3-B7 and Figure 1 on eight hand-made participants: pids 1-4 treatment arm (asked January
 * 2019, first meeting March 2019), 5-7 control arm (asked February 2019, first meeting September
 * 2019), pid 8 control arm as a person of the comparison-only last start group (asked October 2019,
 * first meeting December 2019: its months from October on are the ones the estimation leaves out);
 * odd pids women, ålder 30 + pid. The panel runs December 2014 - December 2019, every month. Family
 * position and children at home: {@link #FAMILJ}, {@link #BARN}; pids 4 and 8 have neither.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DescriptiveTablesTest {
  Dataset<Row> population;
  Dataset<Row> personMonth;

  @BeforeAll
  void data() {
    SparkSession spark = SharedSpark.session();
    StructType populationSchema = new StructType().add("pid", DataTypes.LongType).add("arm", DataTypes.StringType)
        .add("treatment_period", DataTypes.IntegerType).add("kon", DataTypes.StringType)
        .add("alder", DataTypes.IntegerType).add(BalanceTable.ASKED, DataTypes.IntegerType)
        .add("familjestallning", DataTypes.StringType).add("har_barn_0_17", DataTypes.IntegerType);
    List<Row> people = new ArrayList<>();
    for (long pid = 1; pid <= 8; pid++) {
      people.add(RowFactory.create(pid, pid <= 4 ? "BEHANDLING" : "KONTROLL", pid <= 4 ? 201903 : pid == 8 ? 201912 : 201909,
          pid % 2 == 1 ? "K" : "M", (int) (30 + pid), pid <= 4 ? 201901 : pid == 8 ? 201910 : 201902,
          FAMILJ.get(pid), BARN.get(pid)));
    }
    // outside both arms: in no table
    people.add(RowFactory.create(9L, null, 201905, "K", 99, 201904, "SAMBO_GIFT_MED_BARN", 1));
    population = spark.createDataFrame(people, populationSchema);

    // AF months (10 days each): pid 1 in 2014-12 (before the history), 2015-01, 2015-02, 2019-02 and
    // 2019-03 (its treatment month, excluded) -> 3; pid 2 2018-01..06 -> 6; pid 4 only after its meeting
    // -> 0; pid 5 2019-05..09 -> 4 (September is its meeting); pid 6 all of 2015 -> 12.
    Map<Long, Set<Integer>> af = Map.of(
        1L, Set.of(201412, 201501, 201502, 201902, 201903),
        2L, Set.of(201801, 201802, 201803, 201804, 201805, 201806),
        4L, Set.of(201904, 201905, 201906),
        5L, Set.of(201905, 201906, 201907, 201908, 201909),
        6L, Set.of(201501, 201502, 201503, 201504, 201505, 201506, 201507, 201508, 201509, 201510, 201511, 201512));
    List<Row> months = new ArrayList<>();
    for (long pid = 1; pid <= 9; pid++) {
      for (int period = 201412; period <= 201912; period = period % 100 == 12 ? period + 89 : period + 1) {
        int afMonth = af.getOrDefault(pid, Set.of()).contains(period) ? 1 : 0;
        // sjukpenning: pid 1 has 10 days in 2015-01 and 20 in its treatment month (excluded); pid 3 6 days
        // in 2018-08 (the year before its meeting)
        double sjp = pid == 1 && period == 201501 ? 10 : pid == 1 && period == 201903 ? 20
            : pid == 3 && period == 201808 ? 6 : 0;
        // ekonomiskt bistånd: pid 7 every month of 2018 -> 12 months; pid 9 every month (not in a table)
        int fs = pid == 7 && period / 100 == 2018 || pid == 9 ? 1 : 0;
        // SA days: pid 8 5 days in 2019-10 and 2019-11 (counted), 31 in 2019-12 (its meeting, not counted)
        double sa = pid == 8 && (period == 201910 || period == 201911) ? 5 : pid == 8 && period == 201912 ? 31 : 0;
        String at = pid + "@" + period;
        months.add(RowFactory.create(pid, period, 10.0 * afMonth, sjp, sa, fs, FS_KR.getOrDefault(at, 0.0),
            OPPET_DAGAR.getOrDefault(at, 0.0), AE_KR.getOrDefault(at, 0.0), AKASSA_KR.getOrDefault(at, 0.0),
            STUDIER_KR.getOrDefault(at, 0.0)));
      }
    }
    StructType monthSchema = new StructType().add("pid", DataTypes.LongType).add("period", DataTypes.IntegerType)
        .add("af_oppet_arbetslos_eller_program_dagar", DataTypes.DoubleType).add("sjp_dagar_brutto", DataTypes.DoubleType)
        .add("sa_dagar_brutto", DataTypes.DoubleType).add("har_fs", DataTypes.IntegerType)
        .add("fs_kr", DataTypes.DoubleType).add("af_oppet_arbetslos_dagar", DataTypes.DoubleType)
        .add("ae_kr", DataTypes.DoubleType).add("akassa_kr", DataTypes.DoubleType)
        .add("inkomst_studier", DataTypes.DoubleType);
    personMonth = spark.createDataFrame(months, monthSchema);
  }

  /**
   * Försörjningsstöd kronor (B3 row anchored on asking): pid 1 (asked 2019-01) 100 in 2018-01 (the 12th
   * month before: counted), 5 000 in 2017-12 (13th: not), 1 000 in 2019-01 (the month asked: not);
   * pid 2 200 in 2018-12; pid 5 (asked 2019-02) 300 in 2018-08 and 400 in 2019-01 (counted), 7 000 in
   * 2019-02; pid 8 (asked 2019-10) 9 000 in 2019-11 (after asking: not in B3).
   */
  private static final Map<String, Double> FS_KR = Map.of("1@201801", 100.0, "1@201712", 5000.0, "1@201901", 1000.0,
      "2@201812", 200.0, "5@201808", 300.0, "5@201901", 400.0, "5@201902", 7000.0, "8@201911", 9000.0);
  /**
   * Days openly unemployed (B3 row anchored on the meeting, "året före mötet med teamen"): pid 1 (meeting
   * 2019-03) 5 in 2018-03 (12th month before: counted), 7 in 2018-02 (13th: not), 15 in 2019-02, 20 in
   * 2019-03 (the meeting month: not) -> 20; pid 8 (meeting 2019-12) 3 in 2019-10 and 10 in 2019-11, after
   * it was asked -> 13.
   */
  private static final Map<String, Double> OPPET_DAGAR = Map.of("1@201803", 5.0, "1@201802", 7.0, "1@201902", 15.0,
      "1@201903", 20.0, "8@201910", 3.0, "8@201911", 10.0);

  /** Family position by pid: treatment 1 gift/samboende, 2 ensamstående; control 1 and 2; pids 4 and 8 unknown. */
  private static final Map<Long, String> FAMILJ = Map.of(1L, "SAMBO_GIFT_MED_BARN", 2L, "ENSAMSTAENDE_UTAN_BARN",
      3L, "BARN_HEMMABOENDE", 5L, "SAMBO_GIFT_UTAN_BARN", 6L, "OVRIG", 7L, "ENSAMSTAENDE_MED_BARN");
  /** Children 0-17 at home: pids 1, 3 and 5; pid 4 unknown. */
  private static final Map<Long, Integer> BARN = Map.of(1L, 1, 2L, 0, 3L, 1, 5L, 1, 6L, 0, 7L, 0, 8L, 0);
  /**
   * Aktivitetsersättning kronor (asked): pid 2 (asked 2019-01) 1 000 in 2018-06, 500 in 2019-01 (the month
   * asked: not); pid 6 (asked 2019-02) 300 in 2018-02 (12th month before), 700 in 2018-01 (13th: not).
   */
  private static final Map<String, Double> AE_KR = Map.of("2@201806", 1000.0, "2@201901", 500.0, "6@201802", 300.0,
      "6@201801", 700.0);
  /**
   * A-kassa kronor: pid 3 2 000 in 2018-01 and 3 000 in 2018-12 (asked 2019-01: both; meeting 2019-03: the
   * second only); pid 7 1 500 in 2019-01 (asked 2019-02, meeting 2019-09: both).
   */
  private static final Map<String, Double> AKASSA_KR = Map.of("3@201801", 2000.0, "3@201812", 3000.0,
      "7@201901", 1500.0);
  /** Study income: pid 4 in 2018-05, pid 5 in 2018-03, pid 6 only in 2019-02, the month it was asked. */
  private static final Map<String, Double> STUDIER_KR = Map.of("4@201805", 100.0, "5@201803", 50.0, "6@201902", 80.0);

  private static ReportSettings settings(int minPersons) {
    return settings(minPersons, true);
  }

  /** groupDisclosure false publishes shares of 0 and 100 %, for checking them. */
  private static ReportSettings settings(int minPersons, boolean groupDisclosure) {
    return ReportSettings.from(new ConfigLoader(Map.of(), DescriptiveTablesTest.class.getClassLoader())
        .load(Optional.empty(), Optional.empty(), Map.<String, Object>of("finsam.disclosure.min-persons", minPersons,
            "finsam.disclosure.group-disclosure", groupDisclosure)));
  }

  private ReportTable table(String id, int minPersons) {
    return table(id, settings(minPersons));
  }

  private ReportTable table(String id, ReportSettings settings) {
    BalanceTable.Comparison comparison = BalanceTable.comparisons(settings).stream()
        .filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    return checked(BalanceTable.build(comparison, population, personMonth, settings).orElseThrow(), settings);
  }

  /** One draft through the output checker on its own. */
  private static ReportTable checked(se.finsam.disclosure.TableDraft draft, ReportSettings settings) {
    return new se.finsam.disclosure.OutputChecker(settings.disclosure()).check(List.of(draft)).requirePassed()
        .tables().get(0);
  }

  /** The first value (mean, p-value or persons) in the CSV of a row and column; null when suppressed. */
  private static Double value(String csv, String row, String column) {
    String prefix = ReportTable.csvField(row) + "," + ReportTable.csvField(column) + ",";
    for (String line : csv.split("\n")) {
      if (line.startsWith(prefix)) {
        String[] fields = line.substring(prefix.length()).split(",", -1);
        if (fields[0].equals(ReportTable.SUPPRESSED)) {
          return null;
        }
        for (int i = 1; i < fields.length; i++) {
          if (!fields[i].isEmpty()) {
            return Double.parseDouble(fields[i]);
          }
        }
      }
    }
    return fail(row + " / " + column + " not in\n" + csv);
  }

  @Test
  void historyCountsMonthsFrom2015UpToTheFirstMeeting() {
    String csv = table("tabell_b4", 0).csv();
    String af = "Inskrivna på Arbetsförmedlingen som öppet arbetslösa eller i program, dagar / ";
    // days per person: treatment 30, 60, 0, 0; control 40, 120, 0, 0
    assertEquals(90 / 4.0, value(csv, af + "Alla deltagare", "Behandlingsgrupp"), 1e-12);
    assertEquals(160 / 4.0, value(csv, af + "Alla deltagare", "Kontrollgrupp"), 1e-12);
    assertEquals(250 / 8.0, value(csv, af + "Alla deltagare", "Samtliga"), 1e-12);
    assertEquals(90 / 2.0, value(csv, af + "Deltagare som är/varit inskrivna", "Behandlingsgrupp"), 1e-12);
    assertEquals(160 / 2.0, value(csv, af + "Deltagare som är/varit inskrivna", "Kontrollgrupp"), 1e-12);
    assertEquals(250 / 4.0, value(csv, af + "Deltagare som är/varit inskrivna", "Samtliga"), 1e-12);
    assertEquals(0.5, value(csv, af + "Andel som varit inskrivna", "Behandlingsgrupp"), 1e-12);
    assertEquals(0.5, value(csv, af + "Andel som varit inskrivna", "Samtliga"), 1e-12);
    double p = new TTest().tTest(new double[] {30, 60, 0, 0}, new double[] {40, 120, 0, 0});
    assertEquals(p, value(csv, af + "Alla deltagare", "P-värde"), 1e-9);
    // sjukfall: pid 1's 10 days of January 2015 (not the 20 of its meeting month), pid 3's 6
    assertEquals(16 / 4.0, value(csv, "Sjukfall, dagar / Alla deltagare", "Behandlingsgrupp"), 1e-12);
    assertEquals(16 / 2.0, value(csv, "Sjukfall, dagar / Deltagare som är/varit sjukskrivna", "Behandlingsgrupp"), 1e-12);
    assertEquals(0.5, value(csv, "Sjukfall, dagar / Andel sjukskrivna", "Behandlingsgrupp"), 1e-12);
    // SA days: pid 8 of the last start group, its 10 days of October and November 2019 (months the
    // estimation leaves out), not its meeting month
    String sa = "Sjuk- och aktivitetsersättning (SA), dagar / ";
    assertEquals(10 / 4.0, value(csv, sa + "Alla deltagare", "Kontrollgrupp"), 1e-12);
    assertEquals(10.0, value(csv, sa + "Deltagare som har/haft SA", "Kontrollgrupp"), 1e-12);
    assertEquals(0.0, value(csv, sa + "Alla deltagare", "Behandlingsgrupp"), 1e-12);
    // försörjningsstöd: pid 7, 12 months; pid 9 (no arm) nowhere
    String fs = "Försörjningsstöd, månader / ";
    assertEquals(12 / 4.0, value(csv, fs + "Alla deltagare", "Kontrollgrupp"), 1e-12);
    assertEquals(12 / 8.0, value(csv, fs + "Alla deltagare", "Samtliga"), 1e-12);
    assertEquals(8.0, value(csv, "Antal personer", "Samtliga"), 0);
  }

  @Test
  void configuredRowsWithoutAColumnInThePanelAreNamedInTheNote() {
    ReportTable b3 = table("tabell_b3", 0);
    // lon_kr and utlandsk_bakgrund are configured but not in this panel; sjukpenning days are.
    assertTrue(b3.note().contains("Löneinkomst under året (kr)"), b3.note());
    assertTrue(b3.note().contains("Utländsk bakgrund"), b3.note());
    assertFalse(b3.note().contains("Sjukpenning (antal dagar brutto)"), b3.note());
    assertTrue(b3.csv().contains("Sjukpenning (antal dagar brutto)"));
    assertFalse(b3.csv().contains("Löneinkomst under året"));
  }

  @Test
  void b3ComparesTheYearBeforeAskingAndRowsNamingTheMeetingTheYearBeforeIt() {
    String csv = table("tabell_b3", 0).csv();
    String asked = "Övriga transfereringar / Försörjningsstöd (individualiserad) kronor";
    // treatment 100, 200, 0, 0; control 700, 0, 0, 0 (pid 8's 9 000 came after it was asked)
    assertEquals(300 / 4.0, value(csv, asked, "Behandlingsgrupp"), 1e-12);
    assertEquals(700 / 4.0, value(csv, asked, "Kontrollgrupp"), 1e-12);
    assertEquals(1000 / 8.0, value(csv, asked, "Alla"), 1e-12);
    assertEquals(new TTest().tTest(new double[] {100, 200, 0, 0}, new double[] {700, 0, 0, 0}),
        value(csv, asked, "P-värde"), 1e-9);
    String meeting = "Arbetslöshet / Dagar som öppet arbetslös året före mötet med teamen";
    assertEquals(20 / 4.0, value(csv, meeting, "Behandlingsgrupp"), 1e-12);
    assertEquals(13 / 4.0, value(csv, meeting, "Kontrollgrupp"), 1e-12, "pid 8's days after asking, before meeting");
    assertEquals(8.0, value(csv, "Antal personer", "Alla"), 0);

    // B6 (women) takes the year before the meeting for every row (seed: "året innan de träffade teamen"):
    // pid 1 (2018-03..2019-02) 1 000, pid 3 0; pid 5 (2018-09..2019-08) 400 + 7 000, pid 7 0.
    String b6 = table("tabell_b6", 0).csv();
    String fs = "Övriga transfereringar / Försörjningsstöd (individualiserad) kronor";
    assertEquals(1000 / 2.0, value(b6, fs, "Kvinnor behandling"), 1e-12);
    assertEquals(7400 / 2.0, value(b6, fs, "Kvinnor kontroll"), 1e-12);
  }

  @Test
  void b3FamilyChildrenStudiesAndBenefitKronor() {
    ReportTable b3 = table("tabell_b3", 0);
    String csv = b3.csv();
    // family position of the persons who have one: treatment pids 1-3, control 5-7
    String gift = "Familjeställning (procent) / Gift/samboende";
    String ensam = "Familjeställning (procent) / Ensamstående";
    assertEquals(1 / 3.0, value(csv, gift, "Behandlingsgrupp"), 1e-12);
    assertEquals(2 / 3.0, value(csv, ensam, "Behandlingsgrupp"), 1e-12, "ensamstående and hemmaboende barn");
    assertEquals(2 / 3.0, value(csv, ensam, "Kontrollgrupp"), 1e-12, "ensamstående and övrig");
    assertEquals(2 / 6.0, value(csv, gift, "Alla"), 1e-12);
    String barn = "Hemmavarande barn (procent) / Hemmavarande barn <18";
    assertEquals(2 / 3.0, value(csv, barn, "Behandlingsgrupp"), 1e-12, "pid 4 unknown");
    assertEquals(1 / 4.0, value(csv, barn, "Kontrollgrupp"), 1e-12);
    assertEquals(3 / 7.0, value(csv, barn, "Alla"), 1e-12);
    // any month of study income in the year before asking: pids 4 and 5, not pid 6 (its month asked)
    assertEquals(0.25, value(csv, "Studier, indikator (procent)", "Behandlingsgrupp"), 1e-12);
    assertEquals(0.25, value(csv, "Studier, indikator (procent)", "Kontrollgrupp"), 1e-12);
    String ae = "Sjukdom / Aktivitetsersättning (belopp) kronor";
    assertEquals(1000 / 4.0, value(csv, ae, "Behandlingsgrupp"), 1e-12);
    assertEquals(300 / 4.0, value(csv, ae, "Kontrollgrupp"), 1e-12);
    assertEquals(1300 / 8.0, value(csv, ae, "Alla"), 1e-12);
    assertEquals(new TTest().tTest(new double[] {0, 1000, 0, 0}, new double[] {0, 300, 0, 0}), value(csv, ae, "P-värde"),
        1e-9);
    String akassa = "Arbetslöshet / Ersättning från Arbetslöshetskassa eller arbetslöshetsförsäkring (kr)";
    assertEquals(5000 / 4.0, value(csv, akassa, "Behandlingsgrupp"), 1e-12);
    assertEquals(1500 / 4.0, value(csv, akassa, "Kontrollgrupp"), 1e-12);
    // B6 (women, the year before the meeting): pid 3 only its 3 000 of December 2018, pid 7 its 1 500
    String b6 = table("tabell_b6", 0).csv();
    assertEquals(3000 / 2.0, value(b6, akassa, "Kvinnor behandling"), 1e-12);
    assertEquals(1500 / 2.0, value(b6, akassa, "Kvinnor kontroll"), 1e-12);
    // Captions end in the period of the data (seed "2018–2021"): asked 2019-01..2019-10, so the years
    // before asking run 2018-01..2019-09; meetings 2019-03..2019-12, the years before them 2018-03..2019-11.
    assertTrue(b3.title().endsWith("Grupperna jämförs året innan de kallas till förbunden 2018–2019"), b3.title());
    assertTrue(table("tabell_b7", 0).title().endsWith("året innan de träffade teamen, 2018–2019"));
    assertTrue(table("tabell_b4", 0).title().endsWith("under perioden 2015 fram till deltagarnas första möte med "
        + "teamen. Deltagarna träffade teamen första gången under perioden mars 2019–december 2019"));
    // Family position's two rows add up to the persons where everyone's is known: the women (pids 1, 3,
    // 5, 7) of B6, not the men of B7 (pids 4 and 8 unknown).
    assertEquals(List.of(true, false), List.of("tabell_b6", "tabell_b7").stream().map(id -> {
      ReportSettings settings = settings(0);
      BalanceTable.Comparison bySex = BalanceTable.comparisons(settings).stream().filter(c -> c.id().equals(id))
          .findFirst().orElseThrow();
      return BalanceTable.build(bySex, population, personMonth, settings).orElseThrow().lines().stream()
          .anyMatch(l -> l.keys().size() == 3 && l.keys().get(0).contains("familjestallning")
              && l.keys().get(2).equals(bySex.personsKey(0)));
    }).toList());
    // the seed's rows no register gives are named in the note
    assertTrue(b3.note().contains("Social inkomst; Disponibel inkomst; Disponibel inkomst, konsumtionsenhet"), b3.note());
    assertTrue(b3.note().contains("fram till januari 2015, dagar (fr.o.m. 1992)"), b3.note());
  }

  /**
   * Table B2 for 2021 and 2020. SUS: s1 (a woman of 24 at the start, förgymnasial, försörjningsstöd and
   * a-kassa before) ended 15 January 2020: in 2020, not 2021; s2 (a man of 60, gymnasial, no support)
   * started 31 December 2020, ongoing: in both; s3 ended in 2019 and the anonymous s4 are in neither; s5
   * (35, sex, education and support unknown) in 2020. The experiment: pids 1-8, education and public
   * support in the month asked set here (pid 5's support of the month after and pid 8's AF month before
   * its month asked do not count).
   */
  @Test
  void b2ComparesSusParticipantsOfEachYearWithTheExperiment() {
    SparkSession spark = SharedSpark.session();
    StructType schema = new StructType().add("registrering", DataTypes.StringType).add("startdatum", DataTypes.DateType)
        .add("slutdatum", DataTypes.DateType).add("kon", DataTypes.StringType).add("fodelsear", DataTypes.IntegerType)
        .add("utbildning", DataTypes.StringType).add("forsorjning_fore", DataTypes.StringType);
    Dataset<Row> sus = spark.createDataFrame(List.of(
        RowFactory.create("PERSONUPPGIFTER", Date.valueOf("2019-06-01"), Date.valueOf("2020-01-15"), "K", 1995,
            "FORGYMNASIAL", "FORSORJNINGSSTOD|AKASSA"),
        RowFactory.create("PERSONUPPGIFTER", Date.valueOf("2020-12-31"), null, "M", 1960, "GYMNASIAL", "INGEN"),
        RowFactory.create("PERSONUPPGIFTER", Date.valueOf("2019-01-01"), Date.valueOf("2019-12-31"), "K", 1980,
            "GYMNASIAL", "AE"),
        RowFactory.create("ANONYM", Date.valueOf("2020-03-01"), Date.valueOf("2020-05-01"), "K", 1980, "GYMNASIAL", "AE"),
        RowFactory.create("PERSONUPPGIFTER", Date.valueOf("2020-02-01"), Date.valueOf("2020-03-01"), null, 1985, null,
            null)), schema);
    Dataset<Row> participants = population.withColumn("utbildningsniva",
        org.apache.spark.sql.functions.when(org.apache.spark.sql.functions.col("pid").leq(2), "GYMNASIAL")
            .otherwise("EFTERGYMNASIAL"));
    org.apache.spark.sql.Column pid = org.apache.spark.sql.functions.col("pid");
    org.apache.spark.sql.Column period = org.apache.spark.sql.functions.col("period");
    Dataset<Row> months = personMonth
        .withColumn("offentlig_forsorjning", pid.equalTo(1).and(period.equalTo(201901))
            .or(pid.equalTo(5).and(period.isin(201902, 201903))).cast("int"))
        .withColumn("sa_omfattning", pid.equalTo(2).and(period.equalTo(201901)).cast("double"))
        .withColumn("af_oppet_arbetslos_eller_program", pid.equalTo(1).and(period.equalTo(201901))
            .or(pid.equalTo(8).and(period.equalTo(201909))).cast("int"));
    ReportSettings settings = ReportSettings.from(new ConfigLoader(Map.of(), DescriptiveTablesTest.class.getClassLoader())
        .load(Optional.empty(), Optional.empty(), Map.<String, Object>of("finsam.disclosure.min-persons", 0,
            "finsam.report.finsam-comparison.years", List.of(2021, 2020))));
    se.finsam.disclosure.TableDraft draft = FinsamComparison.build(sus, participants, months, settings).orElseThrow();
    ReportTable b2 = checked(draft, settings);
    String csv = b2.csv();
    assertEquals(List.of("FINSAM 2021", "FINSAM 2020", "Kontrollerat experiment 2019"), b2.columns());
    assertEquals(0.5, value(csv, "Kvinnor", "FINSAM 2020"), 1e-12, "s1 of s1 and s2; s5's sex unknown");
    assertEquals(0.0, value(csv, "Kvinnor", "FINSAM 2021"), 1e-12, "s2 only");
    assertEquals(0.5, value(csv, "Kvinnor", "Kontrollerat experiment 2019"), 1e-12);
    assertEquals(1 / 3.0, value(csv, "Ålder / <30 år", "FINSAM 2020"), 1e-12);
    assertEquals(1 / 3.0, value(csv, "Ålder / 30–44 år", "FINSAM 2020"), 1e-12, "s5 at 35");
    assertEquals(1 / 3.0, value(csv, "Ålder / 60+ år", "FINSAM 2020"), 1e-12);
    assertEquals(1.0, value(csv, "Ålder / 30–44 år", "Kontrollerat experiment 2019"), 1e-12, "aged 31-38");
    assertEquals(0.5, value(csv, "Utbildning / Förgymnasial", "FINSAM 2020"), 1e-12);
    assertEquals(2 / 8.0, value(csv, "Utbildning / Gymnasial", "Kontrollerat experiment 2019"), 1e-12);
    String support = "Inkomst – Offentlig försörjning / ";
    assertEquals(0.5, value(csv, support + "Totalt vid insatsens start", "FINSAM 2020"), 1e-12, "s1, not s2's INGEN");
    assertEquals(0.5, value(csv, support + "Försörjningsstöd", "FINSAM 2020"), 1e-12);
    assertEquals(0.5, value(csv, support + "Aktivitetsstöd, A-kassa", "FINSAM 2020"), 1e-12);
    assertEquals(2 / 8.0, value(csv, support + "Totalt vid insatsens start", "Kontrollerat experiment 2019"), 1e-12);
    assertEquals(1 / 8.0, value(csv, support + "Sjukpenning, SA", "Kontrollerat experiment 2019"), 1e-12);
    assertEquals(1 / 8.0, value(csv, support + "Aktivitetsstöd, A-kassa", "Kontrollerat experiment 2019"), 1e-12);
    assertEquals(2.0, value(csv, "Antal (känt kön)", "FINSAM 2020"), 0);
    // The sexes add up to the persons in every column; the age bands not in 2020 (s5's sex is unknown).
    assertTrue(draft.lines().stream().anyMatch(l -> l.keys().contains("b2/finsam_2020/_man")));
    assertFalse(draft.lines().stream().anyMatch(l -> l.keys().contains("b2/finsam_2020/_a0")));
    assertTrue(draft.lines().stream().anyMatch(l -> l.keys().contains("b2/experiment/_a0")));
  }

  @Test
  void b1ComparesParticipantsWithThePopulation18To64() {
    // scb_bakgrund_ar: participants 1-7 aged 25, 30, 44, 45, 59, 60, 64 in 2020; pid 8 (65) and pid 9
    // (17, a person with a treatment month but no arm) are outside 18-64. Others: 101 (40, a woman born
    // abroad), 102 (emigrated 2019: not in the 2020 population), 103 (30, died in May 2020: in it), 104
    // (a 2019 row only).
    StructType schema = new StructType().add("pid", DataTypes.LongType).add("ar", DataTypes.IntegerType)
        .add("kon", DataTypes.StringType).add("fodelsear", DataTypes.IntegerType)
        .add("utrikes_fodd", DataTypes.BooleanType).add("utbildningsniva", DataTypes.StringType)
        .add("civilstand", DataTypes.StringType).add("doddatum", DataTypes.DateType)
        .add("utvandrad_datum", DataTypes.DateType);
    int[] born = {1995, 1990, 1976, 1975, 1961, 1960, 1956, 1955, 2003};
    String[] education = {"FORGYMNASIAL", "GYMNASIAL", "EFTERGYMNASIAL", "SAKNAS", "GYMNASIAL", "GYMNASIAL", null,
        "GYMNASIAL", "GYMNASIAL"};
    List<Row> rows = new ArrayList<>();
    for (int pid = 1; pid <= 9; pid++) {
      rows.add(RowFactory.create((long) pid, 2020, pid % 2 == 1 ? "K" : "M", born[pid - 1],
          pid == 3 ? null : pid <= 2, education[pid - 1], pid == 2 ? "GIFT" : "OGIFT", null, null));
    }
    rows.add(RowFactory.create(101L, 2020, "K", 1980, true, "GYMNASIAL", "GIFT", null, null));
    rows.add(RowFactory.create(102L, 2020, "M", 1970, false, "GYMNASIAL", "GIFT", null, Date.valueOf("2019-06-01")));
    rows.add(RowFactory.create(103L, 2020, "M", 1990, false, "FORGYMNASIAL", "SKILD_ANKA", Date.valueOf("2020-05-01"), null));
    rows.add(RowFactory.create(104L, 2019, "M", 1980, false, "GYMNASIAL", "OGIFT", null, null));
    Dataset<Row> bakgrund = SharedSpark.session().createDataFrame(rows, schema);
    ReportSettings settings = settings(0);
    String csv = checked(PopulationTable.build(bakgrund, population, settings), settings).csv();
    String p = "Utvärderingen";
    String n = "Nationellt genomsnitt";
    assertEquals(7.0, value(csv, "Antal personer", p), 0);
    assertEquals(9.0, value(csv, "Antal personer", n), 0, "pids 1-7, 101 and 103");
    assertEquals(4 / 7.0, value(csv, "Kvinna", p), 1e-12);
    assertEquals(5 / 9.0, value(csv, "Kvinna", n), 1e-12);
    assertEquals(2 / 7.0, value(csv, "Utrikes född", p), 1e-12);
    assertEquals(3 / 9.0, value(csv, "Utrikes född", n), 1e-12);
    assertEquals(1 / 7.0, value(csv, "Ålder / <30 år", p), 1e-12);
    assertEquals(2 / 7.0, value(csv, "Ålder / 30–44 år", p), 1e-12, "30 and 44");
    assertEquals(4 / 9.0, value(csv, "Ålder / 30–44 år", n), 1e-12);
    assertEquals(2 / 7.0, value(csv, "Ålder / 45–59 år", p), 1e-12, "45 and 59");
    assertEquals(2 / 7.0, value(csv, "Ålder / 60 plus", p), 1e-12, "60 and 64; 65 is out");
    assertEquals(327 / 7.0, value(csv, "Ålder / Medelvärde ålder", p), 1e-12);
    assertEquals(397 / 9.0, value(csv, "Ålder / Medelvärde ålder", n), 1e-12);
    assertEquals(3 / 7.0, value(csv, "Utbildning / Gymnasial utbildning", p), 1e-12);
    assertEquals(1 / 7.0, value(csv, "Utbildning / Utbildning saknas", p), 1e-12);
    assertEquals(6 / 7.0, value(csv, "Civilstånd / Ogifta", p), 1e-12);
    assertEquals(0.0, value(csv, "Civilstånd / Skilda/änklingar", p), 1e-12);
    assertEquals(1 / 9.0, value(csv, "Civilstånd / Skilda/änklingar", n), 1e-12);

    // Through the checker at 3 persons: 2 participants born abroad are withheld, 4 women are not.
    ReportSettings three = settings(3);
    String checkedCsv = checked(PopulationTable.build(bakgrund, population, three), three).csv();
    assertEquals(null, value(checkedCsv, "Utrikes född", p));
    assertEquals(4 / 7.0, value(checkedCsv, "Kvinna", p), 1e-12);
  }

  /**
   * B1's income-source rows from SCB's yearly HI of 2020 in both columns (seed 002 Table B1): participants
   * 1-4 (pid 4 without a 2020 row: in no category) and the population 1-4 and 101-104; a 2019 row is not
   * read. Without the delivery the note says so.
   */
  @Test
  void b1IncomeSourceRowsFromScbYearlyHi() {
    SparkSession spark = SharedSpark.session();
    StructType schema = new StructType().add("pid", DataTypes.LongType).add("ar", DataTypes.IntegerType)
        .add("kon", DataTypes.StringType).add("fodelsear", DataTypes.IntegerType)
        .add("utrikes_fodd", DataTypes.BooleanType).add("utbildningsniva", DataTypes.StringType)
        .add("civilstand", DataTypes.StringType).add("doddatum", DataTypes.DateType)
        .add("utvandrad_datum", DataTypes.DateType);
    List<Row> rows = new ArrayList<>();
    for (long pid : new long[] {1, 2, 3, 4, 101, 102, 103, 104}) {
      rows.add(RowFactory.create(pid, 2020, "K", 1985, false, "GYMNASIAL", "OGIFT", null, null));
    }
    Dataset<Row> bakgrund = spark.createDataFrame(rows, schema);
    // Amounts in the contract's order: arbete, arbetsloshet, studier, pension, langvarigt, sjukdom, foraldra, ekonomiskt stöd.
    Dataset<Row> hi = spark.createDataFrame(List.of(
        hiRow(1, 2020, 100000, 0, 0, 0, 0, 0, 0, 0),
        hiRow(2, 2020, 10000, 0, 0, 0, 0, 0, 0, 60000),
        hiRow(2, 2019, 999999, 0, 0, 0, 0, 0, 0, 0),
        hiRow(3, 2020, 0, 0, 0, 0, 0, 0, 0, 0),
        hiRow(101, 2020, 300000, 0, 0, 0, 0, 0, 0, 0),
        hiRow(102, 2020, 0, 0, 50000, 0, 0, 0, 0, 0),
        hiRow(103, 2020, 200000, 0, 0, 0, 0, 0, 0, 0),
        hiRow(104, 2020, 0, 0, 0, 0, 0, 80000, 0, 0)), se.finsam.schemas.Contracts.SCB_HI_AR.schema());
    ReportSettings settings = settings(0);
    ReportTable table = checked(PopulationTable.build(bakgrund, population, java.util.Optional.of(hi), true, settings),
        settings);
    String csv = table.csv();
    String p = "Utvärderingen";
    String n = "Nationellt genomsnitt";
    String section = "Huvudsaklig inkomstkälla / ";
    assertEquals(4.0, value(csv, "Antal personer", p), 0);
    assertEquals(8.0, value(csv, "Antal personer", n), 0);
    assertEquals(1 / 4.0, value(csv, section + "Arbete", p), 1e-12);
    assertEquals(1 / 4.0, value(csv, section + "Försörjningsstöd", p), 1e-12, "2020's amounts, not 2019's");
    assertEquals(1 / 4.0, value(csv, section + "Saknar ersättning", p), 1e-12, "a row of zeros");
    assertEquals(0.0, value(csv, section + "Studier", p), 1e-12);
    assertEquals(3 / 8.0, value(csv, section + "Arbete", n), 1e-12);
    assertEquals(1 / 8.0, value(csv, section + "Studier", n), 1e-12);
    assertEquals(1 / 8.0, value(csv, section + "Sjukdom, sjukskriven", n), 1e-12);
    assertTrue(table.note().contains("scb_hi_ar) för 2020 i båda kolumnerna"), table.note());

    ReportTable without = checked(PopulationTable.build(bakgrund, population, settings), settings);
    assertFalse(without.csv().contains(section), without.csv());
    assertTrue(without.note().contains("(scb_hi_ar) för 2020 är inte levererad"), without.note());
  }

  private static Row hiRow(long pid, int year, double... amounts) {
    Object[] values = new Object[2 + amounts.length];
    values[0] = pid;
    values[1] = year;
    for (int i = 0; i < amounts.length; i++) {
      values[2 + i] = amounts[i];
    }
    return RowFactory.create(values);
  }

  @Test
  void withoutTheMonthAskedTheRowsAnchoredOnItAreNamedInTheNote() {
    ReportSettings settings = settings(0);
    BalanceTable.Comparison b3 = BalanceTable.comparisons(settings).get(0);
    ReportTable table = checked(BalanceTable.build(b3, population.drop(BalanceTable.ASKED), personMonth, settings)
        .orElseThrow(), settings);
    assertTrue(table.note().contains("Försörjningsstöd (individualiserad) kronor"), table.note());
    assertEquals(5.0, value(table.csv(), "Arbetslöshet / Dagar som öppet arbetslös året före mötet med teamen",
        "Behandlingsgrupp"), 1e-12);
    assertTrue(table.title().endsWith("året innan de kallas till förbunden"), "no years without the months asked");
  }

  @Test
  void historySuppressesMeansOfFewPersons() {
    String csv = table("tabell_b4", 3).csv();
    String af = "Inskrivna på Arbetsförmedlingen som öppet arbetslösa eller i program, dagar / ";
    // two persons with AF months in each arm: both arms suppressed, the four of the total published
    assertEquals(null, value(csv, af + "Deltagare som är/varit inskrivna", "Behandlingsgrupp"));
    assertEquals(null, value(csv, af + "Deltagare som är/varit inskrivna", "Kontrollgrupp"));
    assertEquals(250 / 4.0, value(csv, af + "Deltagare som är/varit inskrivna", "Samtliga"), 1e-12);
    assertEquals(null, value(csv, af + "Deltagare som är/varit inskrivna", "P-värde"));
    // a share of 2 of 4 rests on min(2, 2) persons
    assertEquals(null, value(csv, af + "Andel som varit inskrivna", "Behandlingsgrupp"));
  }

  @Test
  void womenAndMenAreTheColumnsOfB5AndTheSubgroupsOfB6AndB7() {
    String b5 = table("tabell_b5", 0).csv();
    assertEquals(34.0, value(b5, "Ålder", "Kvinnor"), 1e-12);
    assertEquals(35.0, value(b5, "Ålder", "Män"), 1e-12);
    assertEquals(34.5, value(b5, "Ålder", "Alla"), 1e-12);
    assertEquals(new TTest().tTest(new double[] {31, 33, 35, 37}, new double[] {32, 34, 36, 38}),
        value(b5, "Ålder", "P-värde"), 1e-9);
    assertFalse(b5.contains("Kön (andel kvinnor),"), "no share-of-women row in a table by sex");
    assertTrue(table("tabell_b3", 0).csv().contains("Kön (andel kvinnor),"));
    String b6 = table("tabell_b6", 0).csv();
    assertEquals(32.0, value(b6, "Ålder", "Kvinnor behandling"), 1e-12);
    assertEquals(36.0, value(b6, "Ålder", "Kvinnor kontroll"), 1e-12);
    assertEquals(4.0, value(b6, "Antal personer", "Alla kvinnor"), 0);
    String b7 = table("tabell_b7", 0).csv();
    assertEquals(33.0, value(b7, "Ålder", "Män behandling"), 1e-12);
    assertEquals(37.0, value(b7, "Ålder", "Män kontroll"), 1e-12);
  }

  /**
   * Each year-before table has its seed version's rows: B6 and B7 the shares sick-listed, with
   * aktivitetsersättning and open unemployed or in a programme over the year before the meeting, which
   * B3 and B5 lack; B5 neither föräldrapenning nor nystartsjobb, B6 and B7 not B3's share with SA, and
   * no note names a seed row its table lacks (the configured rows whose column this panel lacks are
   * named in the note of their own tables only).
   */
  @Test
  void eachYearBeforeTableHasTheSeedsOwnRows() {
    ReportSettings settings = settings(0, false);
    // Years before the meeting: treatment 2018-03..2019-02, control 2018-09..2019-08 (pid 8 2018-12..2019-11).
    // Sick-listed: pid 3's 6 days of 2018-08, not pid 1's (2015-01 and its meeting month).
    String sick = "Sjukdom / Andel sjukskrivna under året (%)";
    String af = "Arbetslöshet / Indikator öppet arbetslös eller i program (%)";
    ReportTable b6 = table("tabell_b6", settings);
    assertEquals(0.5, value(b6.csv(), sick, "Kvinnor behandling"), 1e-12);
    assertEquals(0.0, value(b6.csv(), sick, "Kvinnor kontroll"), 1e-12);
    assertEquals(0.25, value(b6.csv(), sick, "Alla kvinnor"), 1e-12);
    // AF months: pid 1 2019-02, pid 5 2019-05..08 (its meeting month 2019-09 not counted)
    assertEquals(0.5, value(b6.csv(), af, "Kvinnor behandling"), 1e-12);
    assertEquals(0.5, value(b6.csv(), af, "Kvinnor kontroll"), 1e-12);
    // men: pid 2 2018-03..06 in its year, pid 4 only after its meeting; pid 6's 2015 and pid 8 none
    ReportTable b7 = table("tabell_b7", settings);
    assertEquals(0.5, value(b7.csv(), af, "Män behandling"), 1e-12);
    assertEquals(0.0, value(b7.csv(), af, "Män kontroll"), 1e-12);
    // AE kronor: pid 2's 1 000 and 500 in its year; pid 6's 300 of 2018-02 before its year
    String ae = "Sjukdom / Andel med aktivitetsersättning (%)";
    assertEquals(0.5, value(b7.csv(), ae, "Män behandling"), 1e-12);
    assertEquals(0.0, value(b7.csv(), ae, "Män kontroll"), 1e-12);
    assertEquals(0.25, value(b7.csv(), ae, "Män samtliga"), 1e-12);

    ReportTable b3 = table("tabell_b3", settings);
    ReportTable b5 = table("tabell_b5", settings);
    for (ReportTable t : List.of(b3, b5)) {
      for (String row : List.of(sick, af, ae)) {
        assertFalse(t.csv().contains(row), t.id() + " has no " + row);
      }
    }
    // absent from this panel: named in B3's note, which has them, and not in B5's, B6's or B7's
    for (String row : List.of("Föräldrapenning belopp (kr)", "Föräldrapenningdagar netto", "Dagar i nystartsjobb;")) {
      assertTrue(b3.note().contains(row), b3.note());
      assertFalse(b5.note().contains(row), b5.note());
    }
    assertTrue(b6.note().contains("Dagar i nystartsjobb året före mötet med teamen"), b6.note());
    assertFalse(b5.note().contains("nystartsjobb"), b5.note());
    String sa = "Andel med inkomst föranledd av sjuk-/aktivitetsersättning";
    assertTrue(b5.note().contains(sa), b5.note());
    assertFalse(b6.note().contains(sa) || b7.note().contains(sa), b6.note());
    // seed rows without a source: B5-B7 have no "Disponibel inkomst" (only per konsumtionsenhet) and no
    // AF registration since 1992
    assertTrue(b3.note().contains("Disponibel inkomst;"), b3.note());
    for (ReportTable t : List.of(b5, b6, b7)) {
      assertTrue(t.note().contains("Social inkomst; Disponibel inkomst, konsumtionsenhet"), t.note());
      assertFalse(t.note().contains("Disponibel inkomst;") || t.note().contains("1992"), t.note());
    }
  }

  @Test
  void smallSubgroupsAreSuppressedWithTheirPartner() {
    ReportTable b6 = table("tabell_b6", 3);
    String csv = b6.csv();
    // two women per arm: both arms' counts suppressed (the second as partner), the total of four shown
    assertEquals(null, value(csv, "Antal personer", "Kvinnor behandling"));
    assertEquals(null, value(csv, "Antal personer", "Kvinnor kontroll"));
    assertEquals(4.0, value(csv, "Antal personer", "Alla kvinnor"), 0);
    assertTrue(HtmlReport.table(b6).contains("<td class=\"suppressed\">..</td>"));
  }

  @Test
  void participationFigureCountsAcceptedAndDeclinedByMonthAndSuppresses() {
    SparkSession spark = SharedSpark.session();
    // August 2019: 6 yes, 2 no; September: nobody; October: 7 yes, 6 no; November: 5 yes, 5 no
    int[][] asked = {{201908, 6, 2}, {201910, 7, 6}, {201911, 5, 5}};
    List<Row> rows = new ArrayList<>();
    long pid = 100;
    for (int[] month : asked) {
      for (int i = 0; i < month[1] + month[2]; i++) {
        Date date = Date.valueOf(String.format("%d-%02d-%02d", month[0] / 100, month[0] % 100, 1 + i));
        rows.add(RowFactory.create(pid++, date, i < month[1]));
      }
    }
    rows.add(rows.get(0)); // the same person twice counts once
    StructType schema = new StructType().add("pid", DataTypes.LongType).add("tillfragad_datum", DataTypes.DateType)
        .add("samtycke", DataTypes.BooleanType);
    EventStudyFigure.Draft draft = ParticipationFigure.build(spark.createDataFrame(rows, schema), settings(5))
        .orElseThrow();
    EventStudyFigure.Figure figure = draft.render().apply(checked(draft.data(), settings(5)));
    String csv = figure.data().csv();
    // Primary: August's 2 declined. Partners: August's 6 accepted (row), November's 5 declined (column
    // "no", the smallest non-zero), then November's 5 accepted (row). Totals per month stay.
    for (String month : List.of("2019-08", "2019-11")) {
      assertEquals(null, value(csv, month, "Tackade ja"));
      assertEquals(null, value(csv, month, "Tackade nej"));
    }
    assertEquals(8.0, value(csv, "2019-08", "Tillfrågade"), 0);
    assertEquals(10.0, value(csv, "2019-11", "Tillfrågade"), 0);
    assertEquals(7.0, value(csv, "2019-10", "Tackade ja"), 0);
    assertEquals(6.0, value(csv, "2019-10", "Tackade nej"), 0);
    assertEquals(0.0, value(csv, "2019-09", "Tillfrågade"), 0);
    assertEquals(18.0, value(csv, "Totalt", "Tackade ja"), 0);
    assertEquals(13.0, value(csv, "Totalt", "Tackade nej"), 0);
    assertEquals(31.0, value(csv, "Totalt", "Tillfrågade"), 0);
    assertEquals(1, count(figure.svg(), "class=\"bar\""), "October stacked");
    assertEquals(2, count(figure.svg(), "class=\"bar total-only\""), "August and November as totals");
    assertTrue(figure.svg().contains("2019-09"), "the empty month keeps its place on the axis");
    assertTrue(figure.svg().contains(ParticipationFigure.ACCEPTED_COLOUR)
        && figure.svg().contains(ParticipationFigure.DECLINED_COLOUR));
  }

  /**
   * Tabell S against a hand computation: asked in March 2020, 12 said yes (pids 1-12, women 1-8), 10 said
   * no (pids 21-30, women 21-25; pid 30 has no background row of 2020: counted as asked, not in the shares
   * or the mean). Pid 1's row of 2019 (a man born 1900) is not the year asked. Ages at the band edges: 29,
   * 30, 44, 60. Threshold 2: the one "no" of 45-59 is withheld with its difference and p-value.
   */
  @Test
  void consentComparisonBySexAndAgeAgainstAHandComputation() {
    SparkSession spark = SharedSpark.session();
    double[] yesAges = {25, 28, 31, 33, 35, 40, 42, 47, 50, 55, 61, 63};
    double[] noAges = {22, 24, 29, 30, 36, 44, 58, 60, 62};
    List<Row> asked = new ArrayList<>();
    List<Row> background = new ArrayList<>();
    for (int i = 0; i < yesAges.length; i++) {
      asked.add(RowFactory.create(1L + i, Date.valueOf("2020-03-02"), true));
      background.add(RowFactory.create(1L + i, 2020, i < 8 ? "K" : "M", 2020 - (int) yesAges[i]));
    }
    for (int i = 0; i < noAges.length; i++) {
      asked.add(RowFactory.create(21L + i, Date.valueOf("2020-03-20"), false));
      background.add(RowFactory.create(21L + i, 2020, i < 5 ? "K" : "M", 2020 - (int) noAges[i]));
    }
    asked.add(RowFactory.create(30L, Date.valueOf("2020-03-25"), false));
    background.add(RowFactory.create(1L, 2019, "M", 1900));
    TableDraft draft = ConsentComparison.build(
        spark.createDataFrame(asked, new StructType().add("pid", DataTypes.LongType)
            .add("tillfragad_datum", DataTypes.DateType).add("samtycke", DataTypes.BooleanType)),
        spark.createDataFrame(background, new StructType().add("pid", DataTypes.LongType).add("ar", DataTypes.IntegerType)
            .add("kon", DataTypes.StringType).add("fodelsear", DataTypes.IntegerType)), settings(2)).orElseThrow();
    ReportTable table = checked(draft, settings(2));
    assertTrue(table.title().startsWith("Tabell S "), table.title());
    assertEquals(List.of(22.0, 12.0, 10.0), List.of(cell(table, "Antal tillfrågade", 0, "persons"),
        cell(table, "Antal tillfrågade", 1, "persons"), cell(table, "Antal tillfrågade", 2, "persons")));

    // Women: 8 of 12 and 5 of 9; z-test of two proportions with the pooled share 13/21.
    double pooled = 13.0 / 21;
    double z = (8.0 / 12 - 5.0 / 9) / Math.sqrt(pooled * (1 - pooled) * (1.0 / 12 + 1.0 / 9));
    double pWomen = 2 * (1 - new org.apache.commons.math3.distribution.NormalDistribution().cumulativeProbability(z));
    assertEquals(13.0 / 21, cell(table, "Kvinnor (procent)", 0, "share"), 1e-12);
    assertEquals(8.0 / 12, cell(table, "Kvinnor (procent)", 1, "share"), 1e-12);
    assertEquals(5.0 / 9, cell(table, "Kvinnor (procent)", 2, "share"), 1e-12);
    assertEquals(8.0 / 12 - 5.0 / 9, cell(table, "Kvinnor (procent)", 3, "difference"), 1e-12);
    assertEquals("11,1 procentenheter", row(table, "Kvinnor (procent)").cells().get(3).lines().get(0));
    assertEquals(pWomen, cell(table, "Kvinnor (procent)", 4, "p_value"), 1e-9);
    assertEquals(pWomen, ConsentComparison.twoProportionP(8, 12, 5, 9), 1e-9);
    assertEquals(1.0, ConsentComparison.twoProportionP(50, 100, 5, 10), 1e-12, "equal shares");
    assertTrue(Double.isNaN(ConsentComparison.twoProportionP(0, 10, 0, 9)), "nobody in either group");

    // Mean age and Welch's t-test (commons-math3's, with the Welch-Satterthwaite degrees of freedom).
    double yesMean = java.util.Arrays.stream(yesAges).average().orElseThrow();
    double noMean = java.util.Arrays.stream(noAges).average().orElseThrow();
    assertEquals(yesMean, cell(table, "Medelålder (år)", 1, "mean"), 1e-12);
    assertEquals(noMean, cell(table, "Medelålder (år)", 2, "mean"), 1e-12);
    assertEquals((yesMean * 12 + noMean * 9) / 21, cell(table, "Medelålder (år)", 0, "mean"), 1e-12);
    assertEquals(yesMean - noMean, cell(table, "Medelålder (år)", 3, "difference"), 1e-12);
    assertEquals(new TTest().tTest(yesAges, noAges), cell(table, "Medelålder (år)", 4, "p_value"), 1e-9);

    // Bands: <30 (29 in), 30-44 (30 and 44 in), 45-59, 60 and older (60 in).
    assertEquals(List.of("<30 år", "30–44 år", "45–59 år", "60 år och äldre"), table.rows().stream()
        .map(ReportTable.Row::label).filter(l -> l.endsWith(" år") || l.endsWith("äldre")).toList());
    assertEquals(3.0 / 9, cell(table, "<30 år", 2, "share"), 1e-12);
    assertEquals(3.0 / 9, cell(table, "30–44 år", 2, "share"), 1e-12);
    assertEquals(5.0 / 12, cell(table, "30–44 år", 1, "share"), 1e-12);
    assertEquals(2.0 / 9, cell(table, "60 år och äldre", 2, "share"), 1e-12);
    assertEquals(ConsentComparison.twoProportionP(2, 12, 3, 9), cell(table, "<30 år", 4, "p_value"), 1e-12);
    for (int c : new int[] {2, 3, 4}) {
      assertTrue(row(table, "45–59 år").cells().get(c).suppressed(), "one person said no at 45-59: column " + c);
    }
    assertTrue(row(table, "45–59 år").cells().get(0).suppressed() ^ row(table, "45–59 år").cells().get(1).suppressed(),
        "and yes or all, else all - yes gives it");
  }

  private static ReportTable.Row row(ReportTable table, String label) {
    return table.rows().stream().filter(r -> r.label().equals(label)).findFirst()
        .orElseThrow(() -> new AssertionError(label + " not in " + table.title()));
  }

  /** A published cell's value; fails when it is withheld. */
  private static double cell(ReportTable table, String label, int column, String name) {
    ReportTable.Cell cell = row(table, label).cells().get(column);
    assertFalse(cell.suppressed(), label + " column " + column + " withheld");
    return ((Number) cell.values().get(name)).doubleValue();
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
