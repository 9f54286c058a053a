package se.finsam.followup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

/** The follow-up's table families on hand-written curated rows, report year 2019, every number by hand. */
@ExtendWith(SharedSpark.class)
class FollowupTablesTest {
  static final com.typesafe.config.Config CONFIG = ConfigFactory.parseString("finsam.followup.year = 2019")
      .withFallback(ConfigFactory.defaultReference()).resolve();
  static final FollowupSettings S = FollowupSettings.from(CONFIG);

  private static Dataset<Row> rows(SparkSession spark, TableContract c, List<Object[]> rows) {
    return spark.createDataFrame(rows.stream().map(RowFactory::create).toList(), c.schema());
  }

  private static Date d(String iso) {
    return Date.valueOf(iso);
  }

  /** A participation; pid null for anonymous and volume registrations. */
  private static Object[] sus(Long pid, String registrering, String forbund, String id, String start, String end,
                              String kon, Integer born, String utbildning, String fore, String efter,
                              String syssFore, Double omfFore, String syssEfter, Double omfEfter, String orsak) {
    return new Object[] {pid, registrering, forbund, id, "FORBEREDANDE", d(start), end == null ? null : d(end), orsak,
        kon, born, utbildning, fore, efter, 2.0, syssFore, omfFore, syssEfter, omfEfter, null, null};
  }

  private static Object[] person(long pid, String id, String start, String end, String kon, int born) {
    return sus(pid, "PERSONUPPGIFTER", "F1", id, start, end, kon, born, "GYMNASIAL", "INGEN", "INGEN", "INGEN", null,
        "INGEN", null, "PLANERAT_AVSLUT");
  }

  private static Object[] midas(long pid, String forman, LocalDate from, LocalDate to, double omfattning) {
    return new Object[] {pid, forman, Date.valueOf(from), Date.valueOf(to), omfattning, 0.0, false, null};
  }

  @Test
  void aLineBrokenByUnknownSexIsCompletedWithTheRestHidden() {
    // 3 women + 4 men of 8 participants: one of unknown sex, whom 8 - 3 - 4 would reveal.
    TableDraft draft = new TableDraft("t", "T", "", List.of("kvinnor", "man", "alla"));
    draft.row("antal", List.of(FollowupTables.count(3, "k"), FollowupTables.count(4, "m"), FollowupTables.count(8, "a")));
    se.finsam.disclosure.Line line = se.finsam.disclosure.Line.sum("p", List.of("k", "m"), "a");
    FollowupTables.relateWhereHolds(draft, List.of(line, line));
    assertEquals(1, draft.hiddenCells().size(), "one rest, however many lines find it");
    String rest = draft.hiddenCells().keySet().iterator().next();
    assertEquals(1.0, draft.hiddenCells().get(rest).value());
    assertEquals(List.of("k", "m", rest, "a"), draft.lines().get(0).keys());
    CheckedOutputs out = new OutputChecker(DisclosureSettings.defaults(5)).check(List.of(draft));
    assertTrue(out.passed());
    assertEquals(se.finsam.disclosure.Rule.FREQUENCY, out.hidden().get(0).rule());
  }

  @Test
  void registrationsCountParticipationsOfTheYearAndAnonymousOnlyInTheirStartYear(SparkSession spark) {
    Dataset<Row> sus = rows(spark, Contracts.SUS_DELTAGANDE, List.of(
        person(1, "a", "2018-06-01", null, "K", 1980),                 // active in 2019: counted
        person(2, "b", "2017-01-01", "2018-12-31", "K", 1980),         // ended before 2019
        sus(3L, "PERSONUPPGIFTER", "F2", "c", "2019-12-31", "2020-03-01", "M", 1980, null, null, null, null, null, null,
            null, null),                                               // starts on the year's last day
        sus(null, "ANONYM", "F1", "d", "2018-05-01", null, null, null, null, null, null, null, null, null, null, null),
        sus(null, "ANONYM", "F1", "e", "2019-02-01", null, null, null, null, null, null, null, null, null, null, null),
        sus(null, "VOLYM", "F2", "f", "2019-03-01", "2019-03-02", null, null, null, null, null, null, null, null, null, null),
        sus(null, "VOLYM", "F2", "g", "2020-01-01", null, null, null, null, null, null, null, null, null, null, null)));
    TreeMap<String, long[]> counts = FollowupJob.registrations(Participations.ofYear(sus, S));
    assertEquals(List.of("F1", "F2"), new ArrayList<>(counts.keySet()));
    assertArrayEquals(new long[] {1, 1, 0}, counts.get("F1"));
    assertArrayEquals(new long[] {1, 0, 1}, counts.get("F2"));
    TableDraft table = FollowupTables.registrations("t", "T", "", counts, List.of("P", "A", "V"), List.of("P", "A", "V"));
    assertEquals(4.0, table.values().get("followup/t/*,*"));
  }

  @Test
  void participantsBySexAgeBandsMultiValuedSupportAndMonthsInInsats(SparkSession spark) {
    List<Object[]> rows = new ArrayList<>();
    // Ages at the start year 2019: 29 | 30, 44 | 45, 59 | 60 at the band edges; years in public support before
    // at the edges of seed 003's bands 1 | 3 | 9 (and of seed 004's 10), or not applicable (null).
    int[] ages = {29, 30, 44, 45, 59, 60};
    Double[] supportYears = {1.0, 1.0 + 1 / 12.0, 9.0, 9.0 + 1 / 12.0, null, 10.5};
    for (int i = 0; i < ages.length; i++) {
      Object[] row = sus((long) i + 1, "PERSONUPPGIFTER", "F1", "p" + i, "2019-01-01", null, i % 2 == 0 ? "K" : "M",
          2019 - ages[i], i < 3 ? "FORGYMNASIAL" : i == 3 ? "HOGSKOLA_MER_AN_3_AR" : null,
          i == 0 ? "SJP_REHAB|FORSORJNINGSSTOD" : null, null, null, null, null, null, null);
      row[13] = supportYears[i];
      rows.add(row);
    }
    // Ended in 2019: 1 month, 6 months, 7 months, and one ending 31 December after three years.
    rows.add(person(11, "e1", "2019-01-01", "2019-01-31", "K", 1990));
    rows.add(person(12, "e2", "2019-01-01", "2019-06-30", "K", 1990));
    rows.add(person(13, "e3", "2019-01-01", "2019-07-01", "M", 1990));
    rows.add(person(14, "e4", "2017-01-01", "2019-12-31", "M", 1990));
    Dataset<Row> personal = Participations.withPersonalData(Participations.ofYear(rows(spark, Contracts.SUS_DELTAGANDE, rows), S));
    Tally t = FollowupJob.tallyParticipants(personal, S);
    assertEquals(10, t.total("alla"));
    assertEquals(5, t.total("kvinnor"));
    assertEquals(3, t.count("kvinnor", "alder", "- 29 år"), "29 at the start, and two born 1990 starting 2019");
    assertEquals(1 + 4, t.count("alla", "alder", "- 29 år"), "age 29 and the four born 1990 (29 in 2019, 27-29 by start year)");
    assertEquals(2, t.count("alla", "alder", "30 - 44 år"));
    assertEquals(2, t.count("alla", "alder", "45 - 59 år"));
    assertEquals(1, t.count("alla", "alder", "60 år -"));
    // Multi-valued: one participant under two codes; the rest have no value (Uppgift saknas) or INGEN.
    assertEquals(1, t.count("alla", "forsorjning", "SJP_REHAB"));
    assertEquals(1, t.count("alla", "forsorjning", "FORSORJNINGSSTOD"));
    assertEquals(5, t.count("alla", "forsorjning", Tally.SAKNAS));
    assertEquals(4, t.count("alla", "forsorjning", "INGEN"));
    assertEquals(1, t.count("alla", "utbildning", "HOGSKOLA_MER_AN_3_AR"), "one of the eight levels");
    assertEquals(1, t.count("alla", "tid_forsorjning", "Upp till 1 år"));
    assertEquals(1 + 4, t.count("alla", "tid_forsorjning", "Upp till 3 år"), "1 year and a month, and the enders' 2 years");
    assertEquals(1, t.count("alla", "tid_forsorjning", "Upp till 9 år"));
    assertEquals(2, t.count("alla", "tid_forsorjning", "Mer än 9 år"));
    assertEquals(1, t.count("alla", "tid_forsorjning", Tally.SAKNAS), "not applicable");
    FollowupSettings seed004 = FollowupSettings.from(ConfigFactory.parseString("finsam.followup.tid-forsorjning-bands = [1, 3, 6, 10]")
        .withFallback(CONFIG).resolve());
    Tally t004 = FollowupJob.tallyParticipants(Participations.withPersonalData(
        Participations.ofYear(rows(spark, Contracts.SUS_DELTAGANDE, rows), seed004)), seed004);
    assertEquals(2, t004.count("alla", "tid_forsorjning", "Upp till 10 år"), "seed 004's bands: 9 years and 9 years and a month");
    assertEquals(1, t004.count("alla", "tid_forsorjning", "Mer än 10 år"));
    TableDraft forsorjning = FollowupTables.bySex("f", "F", "", t, "forsorjning", FollowupJob.FORSORJNING, true, "p");
    assertEquals(11.0, forsorjning.values().get("followup/f/Totalt/alla"), "the total counts mentions: 11 for 10 participants");
    assertFalse(forsorjning.lines().isEmpty());

    Tally ended = FollowupJob.tallyEnded(Participations.ended(personal, S));
    assertEquals(4, ended.total("alla"));
    assertEquals(2, ended.count("alla", "tid_i_insats", "1 - 6 mån"));
    assertEquals(1, ended.count("alla", "tid_i_insats", "7 - 12 mån"));
    assertEquals(1, ended.count("man", "tid_i_insats", "25 - mån"), "an insats ending 31 December is in its year");
    TableDraft age = FollowupTables.bySex("a", "A", "", t, "alder", Map.of("- 29 år", "- 29 år", "30 - 44 år", "30 - 44 år",
        "45 - 59 år", "45 - 59 år", "60 år -", "60 år -"), false, "p");
    assertEquals(10.0, age.values().get("followup/p/alla"));
  }

  @Test
  void afterTheInsatsByGroupWithOmfattningAndSubtotals(SparkSession spark) {
    List<Object[]> rows = List.of(
        sus(1L, "PERSONUPPGIFTER", "F1", "a", "2019-01-01", "2019-05-31", "K", 1995, null, "AE|AKTIVITETSSTOD", "INGEN",
            "INGEN", null, "ARBETE", 0.5, "ARBETE"),
        sus(2L, "PERSONUPPGIFTER", "F1", "b", "2019-01-01", "2019-05-31", "M", 1980, null, "FORSORJNINGSSTOD", "INGEN",
            "STUDIER", 1.0, "ARBETE_OCH_STUDIER", 1.0, "STUDIER"),
        sus(3L, "PERSONUPPGIFTER", "F1", "c", "2019-01-01", "2019-05-31", "M", 1999, null, null, null,
            null, null, "INGEN", null, null));
    Tally t = FollowupJob.tallyEnded(Participations.ended(Participations.ofYear(rows(spark, Contracts.SUS_DELTAGANDE, rows), S), S));
    assertEquals(3, t.total("alla"));
    assertEquals(2, t.total("unga"));
    assertEquals(1, t.total("aldre"));
    assertEquals(1, t.total("unga_ae"));
    assertEquals(1, t.count("alla", "sysselsattning_fore", FollowupJob.WORKS_OR_STUDIES));
    assertEquals(2, t.count("alla", "sysselsattning_efter", FollowupJob.WORKS_OR_STUDIES));
    assertEquals(1, t.count("alla", "sysselsattning_fore", Tally.SAKNAS));
    assertArrayEquals(new double[] {0.75, 2}, t.mean("alla", "omfattning_efter"), 1e-12);
    assertArrayEquals(new double[] {1.0, 1}, t.mean("alla", "omfattning_fore"), 1e-12);
    assertEquals(1, t.count("kvinnor", "forsorjning_efter", "INGEN"));
    assertEquals(1, t.count("unga", "avslutsorsak", Tally.SAKNAS));
    TableDraft table = FollowupTables.byGroup("g", "G", "", t, FollowupJob.AFTER_GROUPS,
        List.of(new FollowupTables.Measure("sysselsattning_fore", "Före"), new FollowupTables.Measure("sysselsattning_efter", "Efter")),
        FollowupJob.SYSSELSATTNING, Map.of(FollowupJob.WORKS_OR_STUDIES, List.of("ARBETE", "STUDIER", "ARBETE_OCH_STUDIER")),
        false, "avslutade", Map.of("sysselsattning_fore", "omfattning_fore", "sysselsattning_efter", "omfattning_efter"), "O");
    // Categories add up to the group (sub-total left out), sub-totals to their parts, women + men = all.
    long sums = table.lines().stream().filter(l -> l.keys().get(l.keys().size() - 1).equals("followup/avslutade/alla")).count();
    assertEquals(2 + 2, sums, "two measures' categories and the two splits (sex, age) of all");
  }

  /** A participation ended in 2019 with its sysselsättning and kinds of work before and after. */
  private static Object[] working(long pid, String kon, int born, String before, String formsBefore, String after,
                                  String formsAfter) {
    Object[] row = sus(pid, "PERSONUPPGIFTER", "F1", "w" + pid, "2019-01-01", "2019-05-31", kon, born, null, null, null,
        before, null, after, null, null);
    row[18] = formsBefore;
    row[19] = formsAfter;
    return row;
  }

  @Test
  void workSplitByKindWithAParticipantInSeveralRows(SparkSession spark) {
    List<Object[]> rows = List.of(
        working(1, "K", 1995, "INGEN", null, "ARBETE", "SUBVENTIONERAT|EGET_FORETAG"),   // two kinds of work after
        working(2, "M", 1980, "STUDIER", null, "ARBETE_OCH_STUDIER", "EJ_SUBVENTIONERAT"), // works and studies after
        working(3, "M", 1999, "ARBETE", null, "INGEN", "SUBVENTIONERAT"),  // kind unknown before; a kind without work after
        working(4, "K", 1970, "ARBETE", "EJ_SUBVENTIONERAT", "ARBETE", "EJ_SUBVENTIONERAT"));
    Tally t = FollowupJob.tallyEnded(Participations.ended(Participations.ofYear(rows(spark, Contracts.SUS_DELTAGANDE, rows), S), S));
    assertEquals(2, t.count("alla", "arbetsform_fore", "ARBETE"));
    assertEquals(1, t.count("alla", "arbetsform_fore", "EJ_SUBVENTIONERAT"));
    assertEquals(1, t.count("alla", "arbetsform_fore", Participations.WORK_FORM_MISSING));
    assertEquals(1, t.count("alla", "arbetsform_fore", "STUDIER"));
    assertEquals(3, t.count("alla", "arbetsform_efter", "ARBETE"), "persons 1, 2 and 4; not 3's kind without work");
    assertEquals(2, t.count("alla", "arbetsform_efter", "EJ_SUBVENTIONERAT"));
    assertEquals(1, t.count("alla", "arbetsform_efter", "SUBVENTIONERAT"));
    assertEquals(1, t.count("alla", "arbetsform_efter", "EGET_FORETAG"));
    assertEquals(0, t.count("alla", "arbetsform_efter", Participations.WORK_FORM_MISSING));
    assertEquals(1, t.count("alla", "arbetsform_efter", "STUDIER"), "person 2 is in a row of work and in studies");
    assertEquals(2, t.count("kvinnor", "arbetsform_efter", "ARBETE"));
    assertEquals(1, t.count("unga", "arbetsform_efter", "SUBVENTIONERAT"));

    TableDraft occupation = FollowupTables.byGroup(FollowupJob.OCCUPATION_TABLE, "O", "", t, FollowupJob.AFTER_GROUPS,
        FollowupJob.OCCUPATION_MEASURES, FollowupJob.SYSSELSATTNING, Map.of(), false, "avslutade", Map.of(), "");
    TableDraft forms = FollowupTables.byGroup(FollowupJob.WORK_FORM_TABLE, "F", "", t, FollowupJob.AFTER_GROUPS,
        FollowupJob.WORK_FORM_MEASURES, FollowupJob.ARBETSFORM, Map.of("ARBETE", List.of("EJ_SUBVENTIONERAT", "SUBVENTIONERAT",
            "EGET_FORETAG", Participations.WORK_FORM_MISSING)), true, "avslutade", Map.of(), "");
    String base = "followup/" + FollowupJob.WORK_FORM_TABLE + "/";
    // Before, the kinds add up to those working (declared); after, person 1's two kinds make 4 for 3 (not declared).
    for (String m : List.of("arbetsform_fore", "arbetsform_efter")) {
      boolean declared = forms.lines().stream().anyMatch(l -> l.keys().containsAll(List.of(base + m + "/ARBETE/alla",
          base + m + "/EJ_SUBVENTIONERAT/alla", base + m + "/" + Participations.WORK_FORM_MISSING + "/alla")));
      assertEquals(m.endsWith("fore"), declared, m);
    }
    Map<String, Double> values = new HashMap<>(occupation.values());
    values.putAll(forms.values());
    List<se.finsam.disclosure.Line> across = FollowupJob.workFormLines();
    assertEquals(2 * 2 * FollowupJob.AFTER_GROUPS.size(), across.size());
    for (se.finsam.disclosure.Line l : across) {
      assertTrue(values.keySet().containsAll(l.keys()) && OutputChecker.holds(l, values), "works and studies as Diagram 3's parts: " + l);
    }
    CheckedOutputs checked = new OutputChecker(DisclosureSettings.from(CONFIG)).check(List.of(occupation, forms), across);
    assertTrue(checked.passed());
  }

  @Test
  void fkNetDaysBeforeAndAfterAtTheBandEdges(SparkSession spark) {
    List<Object[]> sus = new ArrayList<>();
    List<Object[]> midas = new ArrayList<>();
    LocalDate start = LocalDate.of(2018, 6, 1);
    // Persons 1-7: SJP in the k days just before the start (the window is 2017-06-01..2018-05-31).
    int[] before = {0, 90, 91, 180, 181, 364, 365};
    for (int i = 0; i < before.length; i++) {
      long pid = i + 1;
      sus.add(person(pid, "i" + pid, start.toString(), "2018-08-31", pid % 2 == 0 ? "M" : "K", 1980));
      if (before[i] > 0) {
        midas.add(midas(pid, i % 2 == 0 ? "SJP" : "REHAB", start.minusDays(before[i]), start.minusDays(1), 1.0));
      }
    }
    // A spell reaching into the window from far before, and after the insats half time for 90 days.
    midas.add(midas(7, "SJP", LocalDate.of(2015, 1, 1), LocalDate.of(2018, 5, 31), 1.0));
    midas.add(midas(7, "SJP", LocalDate.of(2018, 9, 1), LocalDate.of(2018, 11, 29), 0.5));
    // Person 8: insats ending 31 December; SE spells overlapping (31 days at 1.0 and 15 more at 0.5) before,
    // AE from the day after the end to beyond the window (365 days).
    sus.add(person(8, "i8", "2018-03-01", "2018-12-31", "K", 1980));
    midas.add(midas(8, "SE", LocalDate.of(2018, 1, 1), LocalDate.of(2018, 1, 31), 1.0));
    midas.add(midas(8, "SE", LocalDate.of(2018, 1, 15), LocalDate.of(2018, 2, 15), 0.5));
    midas.add(midas(8, "AE", LocalDate.of(2019, 1, 1), LocalDate.of(2021, 1, 1), 1.0));
    // Person 9: two insatser ended in 2018; followed from the last (before-window 2017-05-01..2018-04-30).
    sus.add(person(9, "i9a", "2018-01-01", "2018-02-28", "M", 1980));
    sus.add(person(9, "i9b", "2018-05-01", "2018-10-31", "M", 1980));
    midas.add(midas(9, "AE", LocalDate.of(2018, 3, 1), LocalDate.of(2018, 4, 30), 1.0));
    // Person 10 ended in 2019: not in the 2019 report's FK table (that follows those who ended in 2018).
    sus.add(person(10, "i10", "2019-01-01", "2019-02-01", "K", 1980));

    Dataset<Row> perPerson = FkDays.perPerson(rows(spark, Contracts.SUS_DELTAGANDE, sus),
        rows(spark, Contracts.MIDAS_ERSATTNING, midas), S);
    Map<Long, Row> byPid = new HashMap<>();
    perPerson.collectAsList().forEach(r -> byPid.put(r.getLong(0), r));
    assertEquals(9, byPid.size());
    for (int i = 0; i < before.length; i++) {
      assertEquals(before[i], byPid.get(i + 1L).getDouble(2), 1e-9, "SJP days before of person " + (i + 1));
    }
    assertEquals(45.0, byPid.get(7L).getDouble(3), 1e-9, "90 days at half time after");
    assertEquals(31 + 7.5, byPid.get(8L).getDouble(6), 1e-9, "overlapping SE spells counted once, at the higher omfattning");
    assertEquals(365.0, byPid.get(8L).getDouble(5), 1e-9, "AE all of 2019 after an insats ending 31 December");
    assertEquals(61.0, byPid.get(9L).getDouble(4), 1e-9, "AE before the last insats of the year");

    Map<String, FkDays.Cell> cells = FkDays.summarise(perPerson);
    assertEquals(9, cells.get(FkDays.key(FkDays.SAMTLIGA, FkDays.ALLA, FkDays.ALLA)).persons());
    long[] expected = {3, 1, 2, 2, 1};   // 0: persons 1, 8, 9; 1-90: 90; 91-180: 91, 180; 181-364: 181, 364; 365
    for (int b = 0; b < FkDays.BANDS.size(); b++) {
      FkDays.Cell c = cells.get(FkDays.key(FkDays.SAMTLIGA, "SJP_FORE", FkDays.BANDS.get(b)));
      assertEquals(expected[b], c.persons(), "band " + FkDays.BANDS.get(b));
    }
    assertEquals((91 + 180) / 2.0, cells.get(FkDays.key(FkDays.SAMTLIGA, "SJP_FORE", "091-180")).means()[0], 1e-9);
    assertEquals(1, cells.get(FkDays.key("M", "AE_FORE", "001-090")).persons());
    double allBefore = Arrays.stream(before).sum() / 9.0;
    assertEquals(allBefore, cells.get(FkDays.key(FkDays.SAMTLIGA, FkDays.ALLA, FkDays.ALLA)).means()[0], 1e-9);

    TableDraft b5 = FollowupTables.bilaga5("b5", "B5", "", FkDays.SAMTLIGA, cells);
    assertEquals(3 * (1 + FkDays.COLUMNS.size()), b5.lines().size(), "band counts and weighted means hold per benefit");
    CheckedOutputs checked = new OutputChecker(DisclosureSettings.from(CONFIG))
        .check(List.of(b5, FollowupTables.bilaga5("b5k", "B5", "", "K", cells), FollowupTables.bilaga5("b5m", "B5", "", "M", cells),
            FollowupTables.table4("t4", "T4", "", cells)));
    assertTrue(checked.passed());
    assertTrue(checked.withheld().size() > 0, "bands of fewer than five persons are withheld");
  }

  /** A results row of a follow-up: run, report year, table, row, column, value, what the report showed, when written. */
  private static Row result(String run, int year, String table, String row, String column, double value, String shown,
                            String written) {
    return RowFactory.create(run, year, table, row, column, "MEAN", value, 0L, shown,
        java.sql.Timestamp.valueOf(written + " 12:00:00"));
  }

  private static List<Row> table4Rows(String run, int year, double sjp, double ae, String seShown, String written) {
    return List.of(
        result(run, year, PreviousFollowup.TABLE_4, "Samtliga", "Sjukpenning/rehabpenning", sjp, "x", written),
        result(run, year, PreviousFollowup.TABLE_4, "Samtliga", "Aktivitetsersättning", ae, "x", written),
        result(run, year, PreviousFollowup.TABLE_4, "Samtliga", "Sjukersättning", 4.1, seShown, written),
        result(run, year, PreviousFollowup.TABLE_4, "Kvinnor", "Sjukpenning/rehabpenning", -99, "x", written),
        result(run, year, PreviousFollowup.BILAGA_5, "Alla", "Antal individer", 20, "20", written));
  }

  /** Bilaga 5's cells of n persons with the same days: SJP 100 -> 80, AE 10 -> 20, SE 2 -> 3 on average. */
  private static void everyoneInOneBand(Map<String, FkDays.Cell> cells, long n) {
    double[] means = {100, 80, 10, 20, 2, 3};
    cells.put(FkDays.key(FkDays.SAMTLIGA, FkDays.ALLA, FkDays.ALLA), new FkDays.Cell(n, means));
    cells.put(FkDays.key(FkDays.SAMTLIGA, "SJP_FORE", "091-180"), new FkDays.Cell(n, means));
    cells.put(FkDays.key(FkDays.SAMTLIGA, "AE_FORE", "001-090"), new FkDays.Cell(n, means));
    cells.put(FkDays.key(FkDays.SAMTLIGA, "SE_FORE", "001-090"), new FkDays.Cell(n, means));
  }

  @Test
  void table3TakesThePreviousYearFromTheSameRunOrTheLatestWritten(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    rows.addAll(table4Rows("a", 2018, -9.8, 1.8, "..", "2026-01-01"));
    rows.addAll(table4Rows("b", 2018, -7.0, 2.0, "4,10", "2026-02-01"));   // written after run a
    rows.addAll(table4Rows("c", 2017, -1.0, 1.0, "4,10", "2026-03-01"));   // another year
    Dataset<Row> results = spark.createDataFrame(rows, FollowupJob.RESULTS_SCHEMA);
    List<String> columns = FollowupTables.BENEFIT_COLUMNS;

    PreviousFollowup.FkDifferences same = PreviousFollowup.fkDifferences(results, "a", 2018, columns).orElseThrow();
    assertEquals("a", same.runId(), "the run's own rows of the year first");
    assertEquals(List.of(-9.8, 1.8, 4.1), same.differences());
    assertEquals(List.of(true, true, false), same.shown(), "withheld ('..') in run a's report");
    assertEquals(20, same.persons());
    assertEquals("b", PreviousFollowup.fkDifferences(results, "new", 2018, columns).orElseThrow().runId(),
        "another run: the one that wrote the year last");
    assertTrue(PreviousFollowup.fkDifferences(results, "a", 2016, columns).isEmpty(), "no follow-up of 2016");
    assertTrue(PreviousFollowup.fkDifferences(null, "a", 2018, columns).isEmpty(), "no results table yet");

    // This year's enders: 6 persons.
    Map<String, FkDays.Cell> cells = new HashMap<>();
    everyoneInOneBand(cells, 6);
    TableDraft t3 = FollowupTables.table3("t3", "T3", "", same, cells, 2018);
    CheckedOutputs checked = new OutputChecker(DisclosureSettings.from(CONFIG))
        .check(List.of(FollowupTables.bilaga5("b5", "B5", "", FkDays.SAMTLIGA, cells), t3));
    assertTrue(checked.passed());
    var table = checked.tables().get(1);
    assertEquals("Diff 2017", table.rows().get(0).label());
    assertEquals(List.of("\u22129,8", "1,8", ".."), table.rows().get(0).cells().stream().map(c -> c.lines().get(0)).toList(),
        "the previous report's numbers, its withheld cell withheld");
    assertEquals(List.of("\u221220,0", "10,0", "1,0"), table.rows().get(1).cells().stream().map(c -> c.lines().get(0)).toList(),
        "after minus before of this year's means");

    // 4 persons this year and 3 the year before: under the threshold (5), the means and both years' differences go.
    everyoneInOneBand(cells, 4);
    PreviousFollowup.FkDifferences few = new PreviousFollowup.FkDifferences(2018, "a", 3, same.differences(),
        List.of(true, true, true));
    CheckedOutputs small = new OutputChecker(DisclosureSettings.from(CONFIG))
        .check(List.of(FollowupTables.bilaga5("b5", "B5", "", FkDays.SAMTLIGA, cells),
            FollowupTables.table3("t3", "T3", "", few, cells, 2018)));
    for (var row : small.tables().get(1).rows()) {
      assertTrue(row.cells().stream().allMatch(c -> c.suppressed()), row.label() + " withheld");
    }
  }
}
