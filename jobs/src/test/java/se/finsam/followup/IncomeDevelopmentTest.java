package se.finsam.followup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.finsam.disclosure.CheckedOutputs;
import se.finsam.disclosure.DisclosureSettings;
import se.finsam.disclosure.OutputChecker;
import se.finsam.disclosure.TableDraft;
import se.finsam.schemas.Contracts;
import se.finsam.schemas.TableContract;
import se.finsam.spark.SharedSpark;

/**
 * Seed 003's income follow-up on hand-written rows, report year 2019 (cohorts 2012–2015, incomes to 2017):
 * each exclusion rule once, a person with two insatser ended in the cohort year, and the means in 2017 prices.
 */
@ExtendWith(SharedSpark.class)
class IncomeDevelopmentTest {
  static final FollowupSettings S = FollowupTablesTest.S;

  private static Dataset<Row> rows(SparkSession spark, TableContract c, List<Object[]> rows) {
    return spark.createDataFrame(rows.stream().map(RowFactory::create).toList(), c.schema());
  }

  private static Date d(String iso) {
    return iso == null ? null : Date.valueOf(iso);
  }

  private static Object[] sus(Long pid, String id, String start, String end) {
    return new Object[] {pid, "PERSONUPPGIFTER", "F1", id, "FORBEREDANDE", d(start), d(end), null, null, null, null,
        null, null, null, null, null, null, null, null, null};
  }

  private static Object[] bakgrund(long pid, String kon, int born, String dod, String utvandrad) {
    return new Object[] {pid, 2014, kon, born, false, false, null, null, null, 0, 0, 0, "K1", d(dod), d(utvandrad)};
  }

  private static Object[] inkomst(long pid, int year, double pgi, double pgioai, double pgiofi) {
    return new Object[] {pid, year, pgi, pgioai, pgiofi};
  }

  @Test
  void exclusionsAndMeansInTheLastYearsPrices(SparkSession spark) {
    List<Object[]> sus = new ArrayList<>(List.of(
        sus(1L, "a", "2014-01-01", "2014-06-30"),
        sus(null, "b", "2014-01-01", "2014-06-30"),        // no pid: unknown id
        sus(3L, "c", "2014-01-01", "2014-06-30"),          // no background row: unknown id
        sus(4L, "d", "2014-01-01", "2014-06-30"),          // emigrated 2016
        sus(5L, "e", "2014-01-01", "2014-06-30"),          // died on the window's last day
        sus(6L, "f", "2014-01-01", "2014-06-30"),
        sus(6L, "f2", "2015-01-01", "2015-03-31"),         // a new insats in the window
        sus(7L, "g", "2014-01-01", "2014-06-30"),          // born 1952: 65 in 2017
        sus(8L, "h", "2014-01-01", "2014-06-30"),          // born 1953: 64 in 2017, kept
        sus(9L, "i1", "2014-01-01", "2014-03-31"),         // two insatser ended in 2014: followed once, from the last
        sus(9L, "i2", "2014-05-01", "2014-09-30"),
        sus(11L, "k", "2015-01-01", "2015-12-31")));       // cohort 2015, born 1952: window ends 2017, excluded
    List<Object[]> bakgrund = List.of(bakgrund(1, "K", 1980, null, null), bakgrund(4, "K", 1980, null, "2016-05-01"),
        bakgrund(5, "M", 1980, "2017-12-31", null), bakgrund(6, "M", 1980, null, null), bakgrund(7, "M", 1952, null, null),
        bakgrund(8, "M", 1953, null, null), bakgrund(9, "M", 1990, "2018-01-01", null), bakgrund(11, "K", 1952, null, null));
    List<Object[]> inkomst = List.of(inkomst(1, 2013, 10000, 10000, 0), inkomst(1, 2014, 30000, 20000, 1000),
        inkomst(1, 2016, 30000, 30000, 0), inkomst(1, 2017, 50000, 40000, 0), inkomst(1, 2018, 99999, 99999, 0),
        inkomst(6, 2014, 70000, 70000, 0), inkomst(4, 2014, 9000, 8000, 0), inkomst(7, 2015, 20000, 20000, 0),
        inkomst(3, 2014, 50000, 50000, 0));                // unknown id: not followed although the row exists
    Dataset<Row> cohorts = IncomeDevelopment.cohorts(rows(spark, Contracts.SUS_DELTAGANDE, sus),
        rows(spark, Contracts.SCB_BAKGRUND_AR, bakgrund), S);
    Map<Integer, Map<String, Long>> exclusions = IncomeDevelopment.exclusions(cohorts);
    assertEquals(Map.of("okant_id", 2L, "utvandrad", 1L, "avliden", 1L, "ny_insats", 1L, "fyllt_65", 1L,
        IncomeDevelopment.INCLUDED, 3L), exclusions.get(2014));
    // Person 6's new insats ended in 2015: excluded from 2014's cohort, an ender of 2015 (with no later insats).
    assertEquals(Map.of("fyllt_65", 1L, IncomeDevelopment.INCLUDED, 1L), exclusions.get(2015));

    Map<String, IncomeDevelopment.Cell> cells = IncomeDevelopment.summarise(
        IncomeDevelopment.personYears(cohorts, rows(spark, Contracts.SCB_INKOMST_AR, inkomst), S));
    double to2017 = 44800.0 / 44400.0;   // prisbasbelopp 2017 / 2014
    IncomeDevelopment.Cell t0 = cells.get(IncomeDevelopment.key(2014, "samtliga", 0));
    assertEquals(3, t0.persons());
    assertEquals(21000 * to2017 / 3, t0.meanArbete(), 1e-6, "work income = pgioai + pgiofi, nobody else had income");
    assertEquals(1, t0.withArbete());
    assertEquals(30000 * to2017 / 3, t0.meanPgi(), 1e-6);
    assertEquals(21000 * to2017, t0.topArbete()[0], 1e-6);
    IncomeDevelopment.Cell t1 = cells.get(IncomeDevelopment.key(2014, "samtliga", 1));
    assertEquals(0.0, t1.meanArbete(), 1e-9, "no row in 2015: no income");
    IncomeDevelopment.Cell t3 = cells.get(IncomeDevelopment.key(2014, "samtliga", 3));
    assertEquals(40000.0 / 3, t3.meanArbete(), 1e-6, "2017 in its own prices; 2018 is after the last income year");
    assertEquals(1, cells.get(IncomeDevelopment.key(2014, "K", 0)).persons());
    assertEquals(2, cells.get(IncomeDevelopment.key(2014, "M", 0)).persons());
    assertEquals(1, cells.get(IncomeDevelopment.key(2014, "0-24 år", 0)).persons(), "born 1990: 24 in 2014");

    // The excluded who can be followed in 2014's cohort: 4 (emigrated), 5 (died), 6 (new insats), 7 (65), not the two
    // unknown ids. In 2014 persons 4 (8 000 kr) and 6 (70 000 kr) had work income, in 2015 person 7 (20 000 kr).
    IncomeDevelopment.Cell x0 = cells.get(IncomeDevelopment.key(2014, IncomeDevelopment.EXCLUDED, 0));
    assertEquals(4, x0.persons());
    assertEquals(2, x0.withArbete());
    assertEquals(78000 * to2017 / 4, x0.meanArbete(), 1e-6);
    IncomeDevelopment.Cell x1 = cells.get(IncomeDevelopment.key(2014, IncomeDevelopment.EXCLUDED, 1));
    assertEquals(20000 * 44800.0 / 44500.0 / 4, x1.meanArbete(), 1e-6);
    assertEquals(3, cells.get(IncomeDevelopment.key(2014, "samtliga", 0)).persons(), "the excluded are in no group of the included");

    List<Integer> c = S.incomeCohorts();
    int last = S.lastIncomeYear();
    TableDraft exclusionTable = FollowupTables.exclusions("x", "X", "", exclusions, c);
    List<FollowupTables.Group> all = List.of(new FollowupTables.Group("samtliga", "S"));
    List<FollowupTables.Group> excluded = List.of(new FollowupTables.Group(IncomeDevelopment.EXCLUDED, "E"));
    FollowupTables.IncomeMetric mean = FollowupTables.IncomeMetric.MEAN;
    FollowupTables.IncomeMetric shareWith = FollowupTables.IncomeMetric.SHARE_WITH;
    TableDraft table5 = FollowupTables.income("t5", "T5", "", cells, c, all, mean, last);
    assertEquals("\u2013", table5.rows().get(3).cells().get(5).shown().lines().get(0), "2015's t+3 (2018) is after the last income year");
    TableDraft shareRatio = FollowupTables.comparison("q", "Q", "", cells, c,
        List.of(new FollowupTables.Compared("", IncomeDevelopment.EXCLUDED, shareWith, "samtliga", shareWith)),
        FollowupTables.Comparison.RATIO, last);
    TableDraft meanRatio = FollowupTables.comparison("v", "V", "", cells, c,
        List.of(new FollowupTables.Compared("", IncomeDevelopment.EXCLUDED, mean, "samtliga", mean)),
        FollowupTables.Comparison.RATIO, last);
    // Row 2 is the cohort 2014; columns t-1 .. t+3.
    assertEquals("1,5", shown(shareRatio, 2, 1), "2014: 2 of 4 excluded over 1 of 3 included");
    assertEquals("2,8", shown(meanRatio, 2, 1), "2014: 78 000 / 4 over 21 000 / 3 kr, both in 2017 prices");
    assertEquals("0,0", shown(shareRatio, 2, 0), "2013: none of the excluded, person 1 of the included");
    assertEquals("\u2013", shown(meanRatio, 2, 2), "2015: the included had no income, no ratio");
    List<TableDraft> drafts = List.of(exclusionTable, table5,
        FollowupTables.income("sw", "SW", "", cells, c, all, shareWith, last),
        FollowupTables.income("xs", "XS", "", cells, c, excluded, shareWith, last),
        FollowupTables.income("xm", "XM", "", cells, c, excluded, mean, last), shareRatio, meanRatio);
    Map<String, Double> values = new java.util.HashMap<>();
    drafts.forEach(d -> values.putAll(d.values()));
    List<se.finsam.disclosure.Line> across = FollowupTables.excludedFollowed(c).stream()
        .filter(l -> values.keySet().containsAll(l.keys())).filter(l -> OutputChecker.holds(l, values)).toList();
    assertEquals(c.size(), across.size(), "the followed rules add up to the excluded's persons in every cohort");
    CheckedOutputs checked = new OutputChecker(DisclosureSettings.from(FollowupTablesTest.CONFIG)).check(drafts, across);
    assertTrue(checked.passed());
    assertTrue(checked.tables().get(4).rows().get(2).cells().get(2).suppressed(), "the excluded's mean over 4 persons");
    assertTrue(checked.tables().get(6).rows().get(2).cells().get(1).suppressed(), "so is the ratio computed from it");
  }

  /**
   * Bilaga 6's comparisons on 17 persons who ended in 2014, income only in 2014 (work income; PGI twice it):
   * women 0-24 (5 × 10 000 kr) and 25-34 (5 × 30 000), men 0-24 (5 × 20 000) and 25-34 (2 × 40 000, under the
   * threshold of 5: withheld, and every comparison computed from it with it).
   */
  @Test
  void bilaga6ComparesMenAndWomenAndAgeGroupsAndWithholdsWithTheirMeans(SparkSession spark) {
    List<Object[]> sus = new ArrayList<>();
    List<Object[]> bakgrund = new ArrayList<>();
    List<Object[]> inkomst = new ArrayList<>();
    int[][] groups = {{5, 1990, 10000}, {5, 1985, 30000}, {5, 1990, 20000}, {2, 1985, 40000}};   // persons, born, kr
    long pid = 0;
    for (int g = 0; g < groups.length; g++) {
      for (int i = 0; i < groups[g][0]; i++) {
        pid++;
        sus.add(sus(pid, "x" + pid, "2014-01-01", "2014-06-30"));
        bakgrund.add(bakgrund(pid, g < 2 ? "K" : "M", groups[g][1], null, null));
        inkomst.add(inkomst(pid, 2014, 2.0 * groups[g][2], groups[g][2], 0));
      }
    }
    for (int i = 0; i < 5; i++) {   // born 1950: 65 in 2015, excluded; 12 000 kr each in 2014
      pid++;
      sus.add(sus(pid, "x" + pid, "2014-01-01", "2014-06-30"));
      bakgrund.add(bakgrund(pid, "K", 1950, null, null));
      inkomst.add(inkomst(pid, 2014, 12000, 12000, 0));
    }
    Map<String, IncomeDevelopment.Cell> cells = IncomeDevelopment.summarise(IncomeDevelopment.personYears(
        IncomeDevelopment.cohorts(rows(spark, Contracts.SUS_DELTAGANDE, sus), rows(spark, Contracts.SCB_BAKGRUND_AR, bakgrund), S),
        rows(spark, Contracts.SCB_INKOMST_AR, inkomst), S));
    String young = S.incomeAgeLabels().get(0);
    String older = S.incomeAgeLabels().get(1);
    assertEquals(2, cells.get(IncomeDevelopment.key(2014, IncomeDevelopment.sexAge("M", older), 0)).persons());
    double to2017 = 44800.0 / 44400.0;
    List<Integer> c = List.of(2014);
    int last = S.lastIncomeYear();
    FollowupTables.IncomeMetric work = FollowupTables.IncomeMetric.MEAN;
    FollowupTables.Compared menWomen = new FollowupTables.Compared("", "M", work, "K", work);
    TableDraft difference = FollowupTables.comparison("d", "D", "", cells, c, List.of(menWomen),
        FollowupTables.Comparison.DIFFERENCE, last);
    TableDraft ratio = FollowupTables.comparison("r", "R", "", cells, c, List.of(menWomen), FollowupTables.Comparison.RATIO, last);
    TableDraft relative = FollowupTables.comparison("a", "A", "", cells, c, S.incomeAgeLabels().stream()
        .map(l -> new FollowupTables.Compared(l, l, work, young, work)).toList(), FollowupTables.Comparison.RATIO, last);
    TableDraft bySexAndAge = FollowupTables.comparison("s", "S", "", cells, c, S.incomeAgeLabels().stream()
        .map(l -> new FollowupTables.Compared(l, IncomeDevelopment.sexAge("M", l), work, IncomeDevelopment.sexAge("K", l),
            work)).toList(), FollowupTables.Comparison.RATIO, last);
    TableDraft pgi = FollowupTables.comparison("p", "P", "", cells, c,
        List.of(new FollowupTables.Compared("", "samtliga", work, "samtliga", FollowupTables.IncomeMetric.PGI)),
        FollowupTables.Comparison.RATIO, last);
    // Columns t-1 .. t+3; t (2014) is the second. Men 180 000 / 7 kr, women 20 000 kr on average.
    assertEquals(se.finsam.report.SwedishFormat.fixed((180000.0 / 7 - 20000) * to2017, 0), shown(difference, 0, 1));
    assertEquals("1,3", shown(ratio, 0, 1), "(180 000 / 7) / 20 000 = 1.29");
    assertEquals("\u2013", shown(ratio, 0, 0), "2013: both means 0 kr, no ratio");
    assertEquals("\u2013", shown(ratio, 0, 4), "t+3 (2017): no income, 0 kr for both");
    assertEquals("1,0", shown(relative, 1, 1), "the youngest group relative to itself");
    assertEquals("2,2", shown(relative, 2, 1), "25-34: (5 × 30 000 + 2 × 40 000) / 7 over 15 000 = 2.19");
    assertEquals("2,0", shown(bySexAndAge, 1, 1), "men 0-24 20 000 over women 0-24 10 000");
    assertEquals("1,3", shown(bySexAndAge, 2, 1), "men 25-34 40 000 over women 25-34 30 000");
    assertEquals("0,5", shown(pgi, 0, 1), "work income half of PGI");
    FollowupTables.IncomeMetric shareWith = FollowupTables.IncomeMetric.SHARE_WITH;
    FollowupTables.IncomeMetric meanWith = FollowupTables.IncomeMetric.MEAN_WITH;
    TableDraft shareRatio = FollowupTables.comparison("q", "Q", "", cells, c,
        List.of(new FollowupTables.Compared("", "M", shareWith, "K", shareWith)), FollowupTables.Comparison.RATIO, last);
    TableDraft meanWithRatio = FollowupTables.comparison("v", "V", "", cells, c,
        List.of(new FollowupTables.Compared("", "M", meanWith, "K", meanWith)), FollowupTables.Comparison.RATIO, last);
    assertEquals("1,0", shown(shareRatio, 0, 1), "everyone had income in 2014: 7/7 over 10/10");
    assertEquals("1,3", shown(meanWithRatio, 0, 1), "everyone had income: as the ratio of the means");
    FollowupTables.Compared excludedIncluded = new FollowupTables.Compared("", IncomeDevelopment.EXCLUDED, work, "samtliga", work);
    TableDraft excludedRatio = FollowupTables.comparison("e", "E", "", cells, c, List.of(excludedIncluded),
        FollowupTables.Comparison.RATIO, last);
    assertEquals("0,5", shown(excludedRatio, 0, 1), "12 000 over 380 000 / 17 kr = 0.54");

    List<FollowupTables.Group> women = new ArrayList<>(List.of(new FollowupTables.Group("K", "Kvinnor")));
    List<FollowupTables.Group> men = new ArrayList<>(List.of(new FollowupTables.Group("M", "Män")));
    List<FollowupTables.Group> ages = new ArrayList<>(List.of(new FollowupTables.Group("samtliga", "Samtliga")));
    for (String l : S.incomeAgeLabels()) {
      women.add(new FollowupTables.Group(IncomeDevelopment.sexAge("K", l), l));
      men.add(new FollowupTables.Group(IncomeDevelopment.sexAge("M", l), l));
      ages.add(new FollowupTables.Group(l, l));
    }
    List<TableDraft> drafts = List.of(
        FollowupTables.income("w", "W", "", cells, c, women, work, last),
        FollowupTables.income("m", "M", "", cells, c, men, work, last),
        FollowupTables.income("g", "G", "", cells, c, ages, work, last),
        FollowupTables.income("t5", "T5", "", cells, c, List.of(new FollowupTables.Group("samtliga", "S")), work, last),
        FollowupTables.income("t7", "T7", "", cells, c, List.of(new FollowupTables.Group("samtliga", "S")),
            FollowupTables.IncomeMetric.PGI, last),
        difference, ratio, relative, bySexAndAge, pgi, shareRatio, meanWithRatio, excludedRatio,
        FollowupTables.income("sw", "SW", "", cells, c, List.of(new FollowupTables.Group("samtliga", "S"),
            new FollowupTables.Group("K", "K"), new FollowupTables.Group("M", "M")), shareWith, last),
        FollowupTables.income("mw", "MW", "", cells, c, List.of(new FollowupTables.Group("samtliga", "S"),
            new FollowupTables.Group("K", "K"), new FollowupTables.Group("M", "M")), meanWith, last),
        FollowupTables.income("x", "X", "", cells, c, List.of(new FollowupTables.Group(IncomeDevelopment.EXCLUDED, "E")),
            work, last));
    Map<String, Double> values = new java.util.HashMap<>();
    drafts.forEach(d -> values.putAll(d.values()));
    List<se.finsam.disclosure.Line> across = FollowupTables.acrossSexes(Map.of(), cells, c, S.incomeAgeLabels()).stream()
        .filter(l -> values.keySet().containsAll(l.keys())).filter(l -> OutputChecker.holds(l, values)).toList();
    assertTrue(across.stream().anyMatch(l -> l.keys().contains(FollowupTables.incomeKey(2014, IncomeDevelopment.sexAge("M", older), "n"))),
        "women + men = the age group, declared across the tables");
    CheckedOutputs checked = new OutputChecker(DisclosureSettings.from(FollowupTablesTest.CONFIG)).check(drafts, across);
    assertTrue(checked.passed());
    var menByAge = checked.tables().get(1);
    assertTrue(menByAge.rows().get(3).cells().get(0).suppressed(), "men 25-34: 2 persons");
    assertTrue(menByAge.rows().get(3).cells().get(2).suppressed(), "their mean in t");
    assertTrue(checked.tables().get(8).rows().get(2).cells().get(1).suppressed(), "men / women 25-34 follows the men's mean");
    assertTrue(checked.tables().get(10).rows().get(0).cells().get(1).suppressed(), "shares of 100 % are withheld, so is their ratio");
    // Every comparison is shown exactly when both its means (or shares) are.
    assertFalse(checked.tables().get(12).rows().get(0).cells().get(1).suppressed(), "the excluded / included ratio in 2014");
    for (int t = 5; t < 13; t++) {
      TableDraft d = drafts.get(t);
      for (int r = 0; r < d.rows().size(); r++) {
        for (int k = 0; k < d.rows().get(r).cells().size(); k++) {
          List<String> follows = d.rows().get(r).cells().get(k).follows();
          boolean anyWithheld = follows.stream().anyMatch(key -> checked.withheld().stream().anyMatch(w -> w.key().equals(key)));
          assertEquals(anyWithheld, checked.tables().get(t).rows().get(r).cells().get(k).suppressed(), d.id() + " " + r + "," + k);
        }
      }
    }
  }

  private static String shown(TableDraft d, int row, int column) {
    return d.rows().get(row).cells().get(column).shown().lines().get(0);
  }
}
