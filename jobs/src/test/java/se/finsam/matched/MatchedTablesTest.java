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
}
