package se.finsam.matched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.finsam.disclosure.CheckedOutputs;
import se.finsam.disclosure.DisclosureSettings;
import se.finsam.disclosure.OutputChecker;
import se.finsam.report.ReportTable;

/** Tabell 1 through the output checker. */
class MatchedTablesTest {

  private static ReportTable checkedTable1(Map<String, Map<String, long[]>> counts) {
    MatchedTables tables = new MatchedTables(MatchedSettings.from(ConfigFactory.load()));
    CheckedOutputs checked = new OutputChecker(DisclosureSettings.defaults(5)).check(List.of(tables.table1(new CovariateBalance(counts))));
    assertTrue(checked.passed());
    return checked.tables().get(0);
  }

  private static List<ReportTable.Cell> row(ReportTable t, String label) {
    return t.rows().stream().filter(r -> r.label().equals(label)).findFirst().orElseThrow(() -> new AssertionError(label)).cells();
  }

  /**
   * Three treated persons of unknown sex (and none in the pool) can never be matched, so the unknown row is 0
   * after matching by construction: those cells are dashes outside the checker, and the men after matching
   * stay visible (before, the two 0 % shares were withheld and the sum line hid the men in both columns).
   */
  @Test
  void theUnknownAfterMatchingIsNoCellAndHidesNoRealCategory() {
    Map<String, Map<String, long[]>> counts = new LinkedHashMap<>();
    Map<String, long[]> kon = new LinkedHashMap<>();
    kon.put("K", new long[] {100, 400, 34, 34});
    kon.put("M", new long[] {76, 440, 31, 31});
    kon.put(CovariateBalance.UNKNOWN, new long[] {3, 0, 0, 0});
    counts.put("kon", kon);
    Map<String, long[]> utrikes = new LinkedHashMap<>();
    utrikes.put("JA", new long[] {40, 200, 15, 14});
    utrikes.put("NEJ", new long[] {139, 640, 50, 51});
    utrikes.put(CovariateBalance.UNKNOWN, new long[] {0, 0, 0, 0});
    counts.put("utrikes_fodd", utrikes);
    ReportTable t = checkedTable1(counts);

    List<ReportTable.Cell> man = row(t, "Man");
    for (int c = 4; c < 8; c++) {
      assertFalse(man.get(c).suppressed(), "Man, column " + c);
    }
    assertEquals(List.of("31"), man.get(4).lines());
    List<ReportTable.Cell> unknown = row(t, "Okänt i registren");
    for (int c = 4; c < 8; c++) {
      assertEquals(List.of("\u2013"), unknown.get(c).lines(), "unknown after matching, column " + c);
    }
    assertTrue(unknown.get(0).suppressed(), "3 treated of unknown sex are fewer than 5");
    // Nobody has an unknown birth country: no such row (only Kön's).
    assertEquals(1, t.rows().stream().filter(r -> r.label().equals("Okänt i registren")).count());
  }

  /**
   * Tabell 12b does not name the category set aside for separation (that would publish a 0 % or 100 % share);
   * the fitted terms keep their numbers.
   */
  @Test
  void table12bShowsTheFittedTermsOnly() {
    LogitAnalysis.Fit fit = LogitAnalysis.fit(SeparationTest.cells(), SeparationTest.VARS, "y");
    MatchedTables tables = new MatchedTables(MatchedSettings.from(ConfigFactory.load()));
    ReportTable t = new OutputChecker(DisclosureSettings.defaults(0)).check(List.of(tables.table12Terms(List.of(fit))))
        .tables().get(0);
    assertTrue(t.rows().stream().noneMatch(r -> r.label().equals("utbildning=SAKNAS")), "the set-aside category is not named");
    assertEquals(se.finsam.report.SwedishFormat.fixed(fit.treatment().coefficient(), 4), row(t, "behandling").get(0).lines().get(0));
    assertEquals(5, t.rows().stream().filter(r -> !r.isHeading()).count(), "the five fitted terms");
  }

  /** Pairs where every outcome in every year has {@code u} treated and {@code r} referents with it. */
  private static PairSummary uniform(MatchedSettings s, long pairs, long u, long r) {
    Map<String, Long> onesU = new java.util.HashMap<>();
    Map<String, Long> onesR = new java.util.HashMap<>();
    for (YearlyOutcomes.Outcome o : YearlyOutcomes.OUTCOMES) {
      for (int y : s.years()) {
        onesU.put(PairSummary.key(o.column(), y), u);
        onesR.put(PairSummary.key(o.column(), y), r);
      }
    }
    return new PairSummary(pairs, onesU, onesR, Map.of());
  }

  /** Figur 1 and the income tables of all pairs (Tabell 2) and of the subgroup (Tabell 7) through the checker. */
  private static CheckedOutputs incomeTables(MatchedSettings s, PairSummary all, PairSummary subgroup) {
    MatchedTables tables = new MatchedTables(s);
    return new OutputChecker(DisclosureSettings.defaults(5)).check(List.of(
        tables.unmatchedTable(Map.of(), Map.of(), all.pairs(), subgroup.pairs()),
        tables.shareTable(2, 1, all, "alla", ""),
        tables.subgroupShareTable(7, 1, new PairSummary.Samples(all, subgroup), ", nybeviljade")));
  }

  /**
   * 40 pairs, 38 in the subgroup; 20 treated and 18 referents with each outcome, 19 and 17 of the subgroup's.
   * Every cell is publishable on its own, but Tabell 2 minus Tabell 7 gives the 2 other pairs: 1 of their
   * treated and 1 of their referents has the outcome. The hidden rests get a published partner withheld:
   * the subgroup's (fewer persons than all pairs'), so Tabell 2 stays whole.
   */
  @Test
  void aSmallRestOutsideTheSubgroupWithholdsTheSubgroupsCells() {
    MatchedSettings s = MatchedSettings.from(ConfigFactory.load());
    CheckedOutputs checked = incomeTables(s, uniform(s, 40, 20, 18), uniform(s, 38, 19, 17));
    assertTrue(checked.passed());
    ReportTable flow = checked.tables().get(0);
    assertTrue(row(flow, "Varav par vars person i utfallsgruppen beviljats aktivitetsersättning nyligen").get(0).suppressed());
    assertFalse(row(flow, "Matchade par").get(0).suppressed());
    for (String label : List.of("Andel med inkomst", "Andel inkomst >SGI-gräns")) {
      assertTrue(row(checked.tables().get(1), label).stream().noneMatch(ReportTable.Cell::suppressed), "Tabell 2 " + label);
      List<ReportTable.Cell> sub = row(checked.tables().get(2), label);
      for (int c = 0; c < sub.size(); c++) {
        assertTrue(sub.get(c).suppressed(), "Tabell 7 " + label + ", column " + c);
      }
    }
    assertTrue(checked.tables().get(2).title().contains("n=.."), checked.tables().get(2).title());
    assertTrue(checked.hidden().stream().filter(h -> h.key().contains("/" + MatchedTables.OVRIGA))
        .allMatch(h -> h.rule() != null), "every rest of 2 pairs is sensitive");
    assertTrue(checked.csv().lines().noneMatch(l -> l.contains(MatchedTables.OVRIGA)));

    // Without the rests of the shares declared (Tabell 7 drafted as Tabell 2 is) its shares are all published.
    MatchedTables tables = new MatchedTables(s);
    CheckedOutputs undeclared = new OutputChecker(DisclosureSettings.defaults(5)).check(List.of(
        tables.unmatchedTable(Map.of(), Map.of(), 40, 38), tables.shareTable(2, 1, uniform(s, 40, 20, 18), "alla", ""),
        tables.shareTable(7, 1, uniform(s, 38, 19, 17), MatchedTables.NYBEVILJADE, "")));
    assertTrue(row(undeclared.tables().get(2), "Andel med inkomst").stream().noneMatch(ReportTable.Cell::suppressed));
  }

  /** 40 pairs, 20 in the subgroup: the other 20 (10 and 9 with each outcome) may be derived, nothing is withheld. */
  @Test
  void aLargeRestOutsideTheSubgroupWithholdsNothing() {
    MatchedSettings s = MatchedSettings.from(ConfigFactory.load());
    CheckedOutputs checked = incomeTables(s, uniform(s, 40, 20, 18), uniform(s, 20, 10, 9));
    assertTrue(checked.withheld().isEmpty(), () -> checked.withheld().toString());
    assertTrue(checked.passed());
    // Figur 1's rest of pairs, and per income outcome, published year (2011, 2014) and group one share.
    assertEquals(1 + 2 * 2 * 2, checked.hidden().size());
  }

  /**
   * Diagram 2 as the seed draws it: the yearly shares of both groups for both income measures, 2011-2014,
   * drawn from the checked cells only. 40 pairs; the treated with income above the SGI limit in 2013 are 2,
   * fewer than 5, so that share is withheld (in the diagram, as the same key in Tabell 2 would be) and is
   * no point. Every other point is the hand share ones / 40 and the checked cell's value.
   */
  @Test
  void diagram2PlotsTheCheckedSharesOfBothGroups() {
    MatchedSettings s = MatchedSettings.from(ConfigFactory.load());
    assertEquals(List.of(2011, 2012, 2013, 2014), s.years());
    long[][] u = {{20, 22, 25, 28}, {10, 11, 2, 15}}; // inkomst, inkomst_sgi: treated with the outcome per year
    long[][] r = {{18, 19, 20, 21}, {9, 9, 10, 11}};
    String[] outcomes = {"inkomst", "inkomst_sgi"};
    Map<String, Long> onesU = new java.util.HashMap<>();
    Map<String, Long> onesR = new java.util.HashMap<>();
    for (int o = 0; o < 2; o++) {
      for (int k = 0; k < 4; k++) {
        onesU.put(PairSummary.key(outcomes[o], 2011 + k), u[o][k]);
        onesR.put(PairSummary.key(outcomes[o], 2011 + k), r[o][k]);
      }
    }
    PairSummary summary = new PairSummary(40, onesU, onesR, Map.of());
    MatchedTables tables = new MatchedTables(s);
    se.finsam.report.EventStudyFigure.Draft diagram = tables.diagram("diagram_2", "Diagram 2 Inkomst av tjänst",
        YearlyOutcomes.OUTCOMES.subList(0, 2), summary);
    CheckedOutputs checked = new OutputChecker(DisclosureSettings.defaults(5))
        .check(List.of(tables.shareTable(2, 1, summary, "alla", ""), diagram.data(),
            tables.unmatchedTable(Map.of(), Map.of(), 40, 10))); // Figure 1 publishes the pairs Tabell 2's title names
    assertTrue(checked.passed());
    ReportTable table2 = checked.tables().get(0);
    ReportTable data = checked.tables().get(1);
    se.finsam.report.EventStudyFigure.Figure figure = diagram.render().apply(data);

    Map<String, Double> points = new java.util.TreeMap<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "data-rad=\"(\\d)\" data-grupp=\"([UR])\" data-ar=\"(\\d{4})\" data-andel=\"([^\"]+)\"").matcher(figure.svg());
    while (m.find()) {
      points.put(m.group(1) + "/" + m.group(2) + "/" + m.group(3), Double.parseDouble(m.group(4)));
    }
    Map<String, Double> expected = new java.util.TreeMap<>();
    for (int o = 0; o < 2; o++) {
      for (int k = 0; k < 4; k++) {
        if (!(o == 1 && k == 2)) {
          expected.put(o + "/U/" + (2011 + k), u[o][k] / 40.0);
        }
        expected.put(o + "/R/" + (2011 + k), r[o][k] / 40.0);
      }
    }
    assertEquals(expected, points, "every published share of both groups and both income measures, and no other");
    assertEquals(15, figure.points());
    assertTrue(row(data, "Andel inkomst >SGI-gräns").get(4).suppressed(), "2013 treated above the SGI limit");
    for (int o = 0; o < 2; o++) {
      List<ReportTable.Cell> cells = row(data, YearlyOutcomes.OUTCOMES.get(o).label());
      for (int k = 0; k < 8; k++) {
        String point = o + "/" + (k % 2 == 0 ? "U" : "R") + "/" + (2011 + k / 2);
        assertEquals(cells.get(k).suppressed() ? null : cells.get(k).values().get("andel"), points.get(point), point);
      }
      // 2011 and 2014 are also Tabell 2's columns (year, U, R, difference, stars): the same published shares.
      List<ReportTable.Cell> inTable2 = row(table2, YearlyOutcomes.OUTCOMES.get(o).label());
      assertEquals(inTable2.get(0).values().get("andel"), cells.get(0).values().get("andel"));
      assertEquals(inTable2.get(5).values().get("andel"), cells.get(7).values().get("andel"));
    }
  }
}
