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
import se.finsam.spark.SharedSpark;

/**
 * Tables B4-B7 and Figure 1 on eight hand-made participants: pids 1-4 treatment arm (first meeting
 * March 2019), 5-8 control arm (September 2019); odd pids women, ålder 30 + pid. The panel runs
 * December 2014 - December 2019.
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
        .add("alder", DataTypes.IntegerType);
    List<Row> people = new ArrayList<>();
    for (long pid = 1; pid <= 8; pid++) {
      people.add(RowFactory.create(pid, pid <= 4 ? "BEHANDLING" : "KONTROLL", pid <= 4 ? 201903 : 201909,
          pid % 2 == 1 ? "K" : "M", (int) (30 + pid)));
    }
    people.add(RowFactory.create(9L, null, 201905, "K", 99)); // outside both arms: in no table
    population = spark.createDataFrame(people, populationSchema);

    // AF months: pid 1 in 2014-12 (before the history), 2015-01, 2015-02, 2019-02 and 2019-03 (its
    // treatment month, excluded) -> 3; pid 2 2018-01..06 -> 6; pid 4 only after its meeting -> 0;
    // pid 5 2019-05..09 -> 4 (September is its meeting); pid 6 all of 2015 -> 12.
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
        // sjukpenning: pid 1 has 10 days in 2015-01 and 20 in its treatment month (excluded)
        double sjp = pid == 1 && period == 201501 ? 10 : pid == 1 && period == 201903 ? 20 : 0;
        // ekonomiskt bistånd: pid 7 every month of 2018 -> 12 months; pid 9 every month (not in a table)
        int fs = pid == 7 && period / 100 == 2018 || pid == 9 ? 1 : 0;
        months.add(RowFactory.create(pid, period, afMonth, sjp, 0.0, fs));
      }
    }
    StructType monthSchema = new StructType().add("pid", DataTypes.LongType).add("period", DataTypes.IntegerType)
        .add("af_oppet_arbetslos_eller_program", DataTypes.IntegerType).add("sjp_dagar_brutto", DataTypes.DoubleType)
        .add("sa_omfattning", DataTypes.DoubleType).add("har_fs", DataTypes.IntegerType);
    personMonth = spark.createDataFrame(months, monthSchema);
  }

  private static ReportSettings settings(int minPersons) {
    return ReportSettings.from(new ConfigLoader(Map.of(), DescriptiveTablesTest.class.getClassLoader())
        .load(Optional.empty(), Optional.empty(), Map.<String, Object>of("finsam.disclosure.min-persons", minPersons)));
  }

  private ReportTable table(String id, int minPersons) {
    ReportSettings settings = settings(minPersons);
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
    String af = "Inskrivna på Arbetsförmedlingen som öppet arbetslösa eller i program, månader / ";
    // months per person: treatment 3, 6, 0, 0; control 4, 12, 0, 0
    assertEquals(9 / 4.0, value(csv, af + "Alla deltagare", "Behandlingsgrupp"), 1e-12);
    assertEquals(16 / 4.0, value(csv, af + "Alla deltagare", "Kontrollgrupp"), 1e-12);
    assertEquals(25 / 8.0, value(csv, af + "Alla deltagare", "Samtliga"), 1e-12);
    assertEquals(9 / 2.0, value(csv, af + "Deltagare som är/varit inskrivna", "Behandlingsgrupp"), 1e-12);
    assertEquals(16 / 2.0, value(csv, af + "Deltagare som är/varit inskrivna", "Kontrollgrupp"), 1e-12);
    assertEquals(25 / 4.0, value(csv, af + "Deltagare som är/varit inskrivna", "Samtliga"), 1e-12);
    assertEquals(0.5, value(csv, af + "Andel som varit inskrivna", "Behandlingsgrupp"), 1e-12);
    assertEquals(0.5, value(csv, af + "Andel som varit inskrivna", "Samtliga"), 1e-12);
    double p = new TTest().tTest(new double[] {3, 6, 0, 0}, new double[] {4, 12, 0, 0});
    assertEquals(p, value(csv, af + "Alla deltagare", "P-värde"), 1e-9);
    // sjukpenning: pid 1's 10 days of January 2015 only
    assertEquals(10 / 4.0, value(csv, "Sjukpenning, bruttodagar / Alla deltagare", "Behandlingsgrupp"), 1e-12);
    assertEquals(10.0, value(csv, "Sjukpenning, bruttodagar / Deltagare som har/haft sjukpenning", "Behandlingsgrupp"), 1e-12);
    assertEquals(0.25, value(csv, "Sjukpenning, bruttodagar / Andel som haft sjukpenning", "Behandlingsgrupp"), 1e-12);
    // ekonomiskt bistånd: pid 7, 12 months; pid 9 (no arm) nowhere
    String fs = "Ekonomiskt bistånd, månader / ";
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
    assertFalse(b3.note().contains("Sjukpenning, bruttodagar"), b3.note());
    assertTrue(b3.csv().contains("Sjukpenning, bruttodagar"));
    assertFalse(b3.csv().contains("Löneinkomst under året"));
  }

  @Test
  void historySuppressesMeansOfFewPersons() {
    String csv = table("tabell_b4", 3).csv();
    String af = "Inskrivna på Arbetsförmedlingen som öppet arbetslösa eller i program, månader / ";
    // two persons with AF months in each arm: both arms suppressed, the four of the total published
    assertEquals(null, value(csv, af + "Deltagare som är/varit inskrivna", "Behandlingsgrupp"));
    assertEquals(null, value(csv, af + "Deltagare som är/varit inskrivna", "Kontrollgrupp"));
    assertEquals(25 / 4.0, value(csv, af + "Deltagare som är/varit inskrivna", "Samtliga"), 1e-12);
    assertEquals(null, value(csv, af + "Deltagare som är/varit inskrivna", "P-värde"));
    // a share of 2 of 4 rests on min(2, 2) persons
    assertEquals(null, value(csv, af + "Andel som varit inskrivna", "Behandlingsgrupp"));
  }

  @Test
  void womenAndMenAreTheColumnsOfB5AndTheSubgroupsOfB6AndB7() {
    String b5 = table("tabell_b5", 0).csv();
    assertEquals(34.0, value(b5, "Bakgrund / Ålder", "Kvinnor"), 1e-12);
    assertEquals(35.0, value(b5, "Bakgrund / Ålder", "Män"), 1e-12);
    assertEquals(34.5, value(b5, "Bakgrund / Ålder", "Alla"), 1e-12);
    assertEquals(new TTest().tTest(new double[] {31, 33, 35, 37}, new double[] {32, 34, 36, 38}),
        value(b5, "Bakgrund / Ålder", "P-värde"), 1e-9);
    assertFalse(b5.contains("Bakgrund / Kvinnor,"), "no share-of-women row in a table by sex");
    String b6 = table("tabell_b6", 0).csv();
    assertEquals(32.0, value(b6, "Bakgrund / Ålder", "Kvinnor behandling"), 1e-12);
    assertEquals(36.0, value(b6, "Bakgrund / Ålder", "Kvinnor kontroll"), 1e-12);
    assertEquals(4.0, value(b6, "Antal personer", "Alla kvinnor"), 0);
    String b7 = table("tabell_b7", 0).csv();
    assertEquals(33.0, value(b7, "Bakgrund / Ålder", "Män behandling"), 1e-12);
    assertEquals(37.0, value(b7, "Bakgrund / Ålder", "Män kontroll"), 1e-12);
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

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
