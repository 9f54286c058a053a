package se.finsam.disclosure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.finsam.report.ReportTable;

/**
 * Designs that publish one after another into one run, each checked against what the others published:
 * design "a" publishes a population of 50 with 47 women and 3 men (men withheld, women with them); design
 * "b" publishes the same population's women in its own way.
 */
class RunLedgerTest {
  private static final DisclosureSettings FIVE = DisclosureSettings.defaults(5);
  private static final Line SEXES = Line.sum("pop", List.of("pop/women", "pop/men"), "pop/all");

  private static TableDraft column(String id, Map<String, Statistic> cells) {
    TableDraft t = new TableDraft(id, id, "", List.of("v"));
    cells.forEach((key, s) -> t.row(key, List.of(TableDraft.DraftCell.of(
        ReportTable.Cell.of(List.of(String.valueOf(s.value())), Map.of("value", s.value())), s, key))));
    return t;
  }

  private static CheckedOutputs designA(RunLedger ledger, Map<String, Statistic> extra) throws IOException {
    Map<String, Statistic> cells = new LinkedHashMap<>();
    cells.put("pop/all", Statistic.count(50));
    cells.put("pop/women", Statistic.count(47));
    cells.put("pop/men", Statistic.count(3));
    cells.putAll(extra);
    CheckedOutputs a = ledger.checkAndRecord("a",
        prior -> new OutputChecker(FIVE).check(List.of(column("a", cells)), List.of(SEXES), prior));
    assertEquals(Optional.of(Rule.FREQUENCY), rule(a, "pop/men"));
    assertEquals(Optional.of(Rule.SECONDARY), rule(a, "pop/women"));
    return a;
  }

  private static Optional<Rule> rule(CheckedOutputs out, String key) {
    return out.withheld().stream().filter(w -> w.key().equals(key)).findFirst().map(CheckedOutputs.Withheld::rule);
  }

  @Test
  void aCellAnEarlierDesignWithheldStaysWithheldInALaterOne(@TempDir Path dir) throws IOException {
    RunLedger ledger = RunLedger.at(dir.toString(), new Configuration());
    designA(ledger, Map.of());
    TableDraft b = column("b", Map.of("pop/women", Statistic.count(47)));
    assertEquals(Optional.empty(), rule(new OutputChecker(FIVE).check(List.of(b), List.of(), Prior.NONE), "pop/women"),
        "on its own, 47 women is publishable");
    CheckedOutputs checked = new OutputChecker(FIVE).check(List.of(b), List.of(), ledger.prior("b"));
    assertTrue(checked.tables().get(0).rows().get(0).cells().get(0).suppressed(), "else 50 - 47 gives design a's 3 men");
    assertTrue(checked.passed());
  }

  @Test
  void aLineIntoAnEarlierDesignGetsItsPartnerInTheLaterDesign(@TempDir Path dir) throws IOException {
    RunLedger ledger = RunLedger.at(dir.toString(), new Configuration());
    designA(ledger, Map.of());
    Map<String, Statistic> cells = new LinkedHashMap<>();
    cells.put("b/kvinnor", Statistic.count(47));
    cells.put("b/ovriga", Statistic.count(120));
    Line same = new Line("pop", List.of("b/kvinnor", "pop/women"), new double[] {1, -1});
    CheckedOutputs checked = new OutputChecker(FIVE).check(List.of(column("b", cells)), List.of(same), ledger.prior("b"));
    assertTrue(rule(checked, "b/kvinnor").isPresent(), "the same women under design b's key");
    assertEquals(Optional.empty(), rule(checked, "b/ovriga"), "a cell in no line with the earlier design is untouched");
    assertTrue(checked.passed());
    assertTrue(checked.withheld().stream().noneMatch(w -> w.table().startsWith("a")),
        "design a's cells are not re-listed while they stay protected");
  }

  @Test
  void anEarlierCellALaterDesignCannotProtectFailsTheLaterDesign(@TempDir Path dir) throws IOException {
    RunLedger ledger = RunLedger.at(dir.toString(), new Configuration());
    designA(ledger, Map.of("pop/unga", Statistic.count(47)));
    // Design b knows that the 47 young people of design a are its 47 women; nothing of b's own can hide that.
    Line same = new Line("pop", List.of("pop/unga", "pop/women"), new double[] {1, -1});
    CheckedOutputs checked = new OutputChecker(FIVE).check(List.of(column("b", Map.of("b/x", Statistic.count(100)))),
        List.of(same), ledger.prior("b"));
    assertFalse(checked.passed());
    CheckedOutputs.Withheld men = checked.unprotected().stream().filter(w -> w.key().equals("pop/men")).findFirst()
        .orElseThrow();
    assertEquals("a: a", men.table());
    assertEquals(3.0, men.lower(), 1e-6);
    assertEquals(3.0, men.upper(), 1e-6);
  }

  @Test
  void aHiddenCellIsRecordedAndNeverPublishedByALaterDesign(@TempDir Path dir) throws IOException {
    // Design a: 50 persons, 47 of them young, so 3 are not (hidden): the 47 is withheld.
    RunLedger ledger = RunLedger.at(dir.toString(), new Configuration());
    TableDraft a = column("a", Map.of("pop/all", Statistic.count(50), "pop/young", Statistic.count(47)));
    a.hidden("pop/older", Statistic.count(3)).relate(Line.sum("pop", List.of("pop/young", "pop/older"), "pop/all"));
    CheckedOutputs checkedA = new OutputChecker(FIVE).check(List.of(a), List.of(), ledger.prior("a"));
    assertEquals(Optional.of(Rule.SECONDARY), rule(checkedA, "pop/young"));
    ledger.record("a", checkedA);
    Prior.Cell older = ledger.prior("b").cells().stream().filter(c -> c.key().equals("pop/older")).findFirst().orElseThrow();
    assertTrue(older.hidden());
    assertEquals(Rule.FREQUENCY, older.rule());
    // Design b may not publish it, and the 47 under design a's key stays withheld.
    assertThrows(IllegalArgumentException.class, () -> new OutputChecker(FIVE).check(
        List.of(column("b", Map.of("pop/older", Statistic.count(3)))), List.of(), ledger.prior("b")));
    CheckedOutputs b = new OutputChecker(FIVE).check(List.of(column("b", Map.of("pop/young", Statistic.count(47)))),
        List.of(), ledger.prior("b"));
    assertTrue(b.tables().get(0).rows().get(0).cells().get(0).suppressed());
    assertTrue(b.passed());
  }

  @Test
  void theLedgerKeepsEachDesignsCellsAndLinesAndReplacesARerun(@TempDir Path dir) throws IOException {
    RunLedger ledger = RunLedger.at(dir.resolve("run").toString(), new Configuration());
    assertTrue(ledger.prior("a").cells().isEmpty(), "an empty run");
    Map<String, Statistic> extra = new LinkedHashMap<>();
    extra.put("pop/kronor\twith tab", Statistic.magnitude(1200.5, 40, 48020.0, 9000.0, 8000.0));
    extra.put("pop/effect", Statistic.estimate(-0.25, 30, 400));
    CheckedOutputs a = designA(ledger, extra);
    Prior prior = ledger.prior("b");
    assertEquals(a.cells().size(), prior.cells().size());
    for (int k = 0; k < a.cells().size(); k++) {
      Prior.Cell written = a.cells().get(k);
      Prior.Cell read = prior.cells().get(k);
      assertEquals("a", read.design());
      assertEquals(List.of(written.table(), written.row(), written.column(), written.key()),
          List.of(read.table(), read.row(), read.column(), read.key()));
      assertEquals(written.rule(), read.rule());
      assertEquals(written.hidden(), read.hidden());
      Statistic w = written.statistic();
      Statistic r = read.statistic();
      assertEquals(List.of(w.kind(), w.value(), w.persons(), w.denominator(), w.comparison(), w.lower()),
          List.of(r.kind(), r.value(), r.persons(), r.denominator(), r.comparison(), r.lower()));
      assertArrayEquals(w.top(), r.top());
    }
    assertEquals(1, prior.lines().size());
    assertEquals(SEXES.keys(), prior.lines().get(0).keys());
    assertArrayEquals(SEXES.weights(), prior.lines().get(0).weights());
    assertTrue(ledger.prior("a").cells().isEmpty(), "a design is not checked against its own earlier record");

    designA(ledger, Map.of());
    assertEquals(3, ledger.prior("b").cells().size(), "a re-run replaces the design's record");
  }
}
