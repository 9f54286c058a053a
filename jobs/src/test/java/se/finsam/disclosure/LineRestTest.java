package se.finsam.disclosure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.finsam.disclosure.TableDraft.DraftCell;
import se.finsam.report.ReportTable;

/** Women + men = all with the sex of some persons unknown: the rest a reader subtracts, by hand. */
class LineRestTest {
  private static final DisclosureSettings FIVE = DisclosureSettings.defaults(5);
  private static final Line COUNTS = Line.sum("p", List.of("k/n", "m/n"), "all/n");

  private static TableDraft bySex(long women, long men, long all) {
    TableDraft t = new TableDraft("t", "t", "", List.of("kvinnor", "man", "alla"));
    t.row("antal", List.of(cell(Statistic.count(women), "k/n"), cell(Statistic.count(men), "m/n"),
        cell(Statistic.count(all), "all/n")));
    return t;
  }

  private static DraftCell cell(Statistic s, String key) {
    return DraftCell.of(ReportTable.Cell.of(List.of(String.valueOf(s.value())), Map.of("value", s.value())), s, key);
  }

  @Test
  void aCountRestIsTheTotalLessItsParts() {
    LineRest rest = LineRest.of(COUNTS, bySex(10, 9, 20).statistics()).orElseThrow();
    assertEquals(Statistic.Kind.COUNT, rest.statistic().kind());
    assertEquals(1, rest.statistic().persons());
    assertEquals(List.of("k/n", "m/n", rest.key(), "all/n"), rest.line().keys());
    Map<String, Double> values = new LinkedHashMap<>(bySex(10, 9, 20).values());
    values.put(rest.key(), 1.0);
    assertTrue(OutputChecker.holds(rest.line(), values));
    assertTrue(LineRest.of(COUNTS, bySex(10, 12, 20).statistics()).isEmpty(), "parts past the total (several per person)");
    assertTrue(LineRest.of(COUNTS, bySex(10, 10, 20).statistics()).isEmpty(), "nothing left over");
  }

  @Test
  void aMeanRestComesFromTheWeightedMeans() {
    // Women 10 persons mean 100, men 9 mean 200, all 20 mean 165: the one unknown has 20 * 165 - 1000 - 1800 = 500.
    TableDraft t = new TableDraft("t", "t", "", List.of("kvinnor", "man", "alla"));
    t.row("medel", List.of(cell(Statistic.mean(100, 10), "k/x"), cell(Statistic.mean(200, 9), "m/x"),
        cell(Statistic.mean(165, 20), "all/x")));
    Line means = Line.weightedMean("p", List.of("k/x", "m/x"), new double[] {10, 9}, "all/x", 20);
    LineRest rest = LineRest.of(means, t.statistics()).orElseThrow();
    assertEquals(Statistic.Kind.MEAN, rest.statistic().kind());
    assertEquals(500.0, rest.statistic().value(), 1e-9);
    assertEquals(1, rest.statistic().persons());
  }

  @Test
  void theCheckerProtectsASmallRestWithAPublishedPartner() {
    // Unaudited, all three counts are publishable and the one person of unknown sex is 20 - 10 - 9.
    assertTrue(new OutputChecker(FIVE).check(List.of(bySex(10, 9, 20))).withheld().isEmpty());
    TableDraft t = bySex(10, 9, 20);
    LineRest rest = LineRest.of(COUNTS, t.statistics()).orElseThrow();
    t.hidden(rest.key(), rest.statistic()).relate(rest.line());
    CheckedOutputs out = new OutputChecker(FIVE).check(List.of(t));
    assertEquals(Rule.FREQUENCY, out.hidden().get(0).rule());
    assertFalse(out.withheld().isEmpty(), "a published partner is withheld");
    assertTrue(out.passed());
    assertTrue(out.hidden().get(0).upper() - out.hidden().get(0).lower() >= 5, out.hidden().toString());
  }
}
