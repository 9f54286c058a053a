package se.finsam.disclosure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import se.finsam.disclosure.TableDraft.DraftCell;
import se.finsam.report.ReportTable;

/** Hand-made tables where each rule must fire, the audit's intervals by hand, and a property test. */
class OutputCheckerTest {
  private static final DisclosureSettings FIVE = DisclosureSettings.defaults(5);

  private static DraftCell cell(Statistic s, String key) {
    return DraftCell.of(ReportTable.Cell.of(List.of(String.valueOf(s.value())), Map.of("value", s.value())), s, key);
  }

  /** A one-column table of the given keyed cells. */
  private static TableDraft column(String id, Map<String, Statistic> cells) {
    TableDraft t = new TableDraft(id, id, "", List.of("v"));
    cells.forEach((key, s) -> t.row(key, List.of(cell(s, key))));
    return t;
  }

  private static Optional<CheckedOutputs.Withheld> withheld(CheckedOutputs out, String key) {
    return out.withheld().stream().filter(w -> w.key().equals(key)).findFirst();
  }

  private static Optional<Rule> ruleOf(CheckedOutputs out, String key) {
    return withheld(out, key).map(CheckedOutputs.Withheld::rule);
  }

  @Test
  void frequencyWithholdsSmallCountsButNotZeros() {
    Map<String, Statistic> cells = new java.util.LinkedHashMap<>();
    cells.put("three", Statistic.count(3));
    cells.put("zero", Statistic.count(0));
    cells.put("five", Statistic.count(5));
    cells.put("mean-of-four", Statistic.mean(1200.0, 4));
    CheckedOutputs out = new OutputChecker(FIVE).check(List.of(column("t", cells)), List.of());
    assertEquals(Optional.of(Rule.FREQUENCY), ruleOf(out, "three"));
    assertEquals(Optional.of(Rule.FREQUENCY), ruleOf(out, "mean-of-four"));
    assertEquals(Optional.empty(), ruleOf(out, "zero"));
    assertEquals(Optional.empty(), ruleOf(out, "five"));
    ReportTable t = out.tables().get(0);
    assertTrue(t.rows().get(0).cells().get(0).suppressed());
    assertFalse(t.rows().get(2).cells().get(0).suppressed());
    assertTrue(out.passed(), "cells in no line are unbounded");
  }

  @Test
  void aTitleShowsACountOnlyAsItsCellIsPublished() {
    Map<String, Statistic> counts = new java.util.LinkedHashMap<>();
    counts.put("pairs", Statistic.count(40));
    counts.put("subgroup-pairs", Statistic.count(3));
    TableDraft all = new TableDraft("all", "Shares (n={0} per group)", "", List.of("v")).titleCounts("pairs");
    TableDraft sub = new TableDraft("sub", "Shares (n={0} per group)", "", List.of("v")).titleCounts("subgroup-pairs");
    all.row("a", List.of(cell(Statistic.share(20, 40), null)));
    sub.row("a", List.of(cell(Statistic.count(0), null)));
    CheckedOutputs out = new OutputChecker(FIVE).check(List.of(column("flow", counts), all, sub), List.of());
    assertEquals("Shares (n=40.0 per group)", out.tables().get(1).title());
    assertEquals("Shares (n=.. per group)", out.tables().get(2).title(), "3 pairs are withheld in the flow table");

    TableDraft unknown = new TableDraft("u", "n={0}", "", List.of("v")).titleCounts("nowhere");
    unknown.row("a", List.of(cell(Statistic.count(0), null)));
    assertThrows(IllegalArgumentException.class, () -> new OutputChecker(FIVE).check(List.of(unknown), List.of()));
    assertThrows(IllegalArgumentException.class, () -> new TableDraft("v", "no placeholder", "", List.of("v")).titleCounts("k"));
  }

  @Test
  void groupDisclosureWithholdsZeroAndHundredPercent() {
    Map<String, Statistic> cells = new java.util.LinkedHashMap<>();
    cells.put("none", Statistic.share(0, 40));
    cells.put("all", Statistic.share(40, 40));
    cells.put("half", Statistic.share(20, 40));
    cells.put("three-of-forty", Statistic.share(3, 40));
    cells.put("thirty-eight-of-forty", Statistic.share(38, 40));
    CheckedOutputs out = new OutputChecker(FIVE).check(List.of(column("t", cells)), List.of());
    assertEquals(Optional.of(Rule.GROUP), ruleOf(out, "none"));
    assertEquals(Optional.of(Rule.GROUP), ruleOf(out, "all"));
    assertEquals(Optional.empty(), ruleOf(out, "half"));
    assertEquals(Optional.of(Rule.FREQUENCY), ruleOf(out, "three-of-forty"));
    assertEquals(Optional.of(Rule.FREQUENCY), ruleOf(out, "thirty-eight-of-forty"), "2 without reveals as much");
    DisclosureSettings off = new DisclosureSettings(true, 5, false, false, FIVE.dominance(), true, 10, 5);
    assertEquals(Optional.empty(), ruleOf(new OutputChecker(off).check(List.of(column("t", cells)), List.of()), "none"));
  }

  @Test
  void dominanceWithholdsAMagnitudeHeldByTwoContributors() {
    Map<String, Statistic> cells = new java.util.LinkedHashMap<>();
    // 20 persons, 100 000 kr: the two largest hold 80 000 + 15 000 = 95 % > 90 %.
    cells.put("dominated", Statistic.magnitude(5000.0, 20, 100_000, 80_000, 15_000));
    // 50 000 + 30 000 = 80 %: published.
    cells.put("spread", Statistic.magnitude(5000.0, 20, 100_000, 50_000, 30_000));
    cells.put("few", Statistic.magnitude(5000.0, 4, 20_000, 6_000, 5_000));
    CheckedOutputs out = new OutputChecker(FIVE).check(List.of(column("t", cells)), List.of());
    assertEquals(Optional.of(Rule.DOMINANCE), ruleOf(out, "dominated"));
    assertEquals(Optional.empty(), ruleOf(out, "spread"));
    assertEquals(Optional.of(Rule.FREQUENCY), ruleOf(out, "few"));

    // p % rule, p = 10: the rest beyond the two largest (100 000 - 60 000 - 35 000 = 5 000) is below
    // 10 % of the largest (6 000), so the second largest learns the largest within 10 %.
    DisclosureSettings.Dominance p = new DisclosureSettings.Dominance("p-percent", 2, 0.9, 10);
    assertTrue(p.dominates(100_000, new double[] {60_000, 35_000}));
    assertFalse(p.dominates(100_000, new double[] {60_000, 30_000}));
  }

  @Test
  void estimateNeedsTreatedAndComparisonPersons() {
    Map<String, Statistic> cells = new java.util.LinkedHashMap<>();
    cells.put("few-comparisons", Statistic.estimate(120.5, 40, 3));
    cells.put("few-treated", Statistic.estimate(120.5, 4, 300));
    cells.put("both", Statistic.estimate(120.5, 40, 300));
    CheckedOutputs out = new OutputChecker(FIVE).check(List.of(column("t", cells)), List.of());
    assertEquals(Optional.of(Rule.ESTIMATE), ruleOf(out, "few-comparisons"));
    assertEquals(Optional.of(Rule.ESTIMATE), ruleOf(out, "few-treated"));
    assertEquals(Optional.empty(), ruleOf(out, "both"));
  }

  @Test
  void aTotalAndItsPartsDoNotRevealTheSmallPart() {
    // 3 + 7 + 12 = 22: the 3 alone could be read off the total, so the 7 goes too (classic rule); then
    // 3 + 7 = 10 with non-negativity leaves the 3 in [0, 10], 10 persons wide.
    Map<String, Statistic> cells = new java.util.LinkedHashMap<>();
    cells.put("a", Statistic.count(3));
    cells.put("b", Statistic.count(7));
    cells.put("c", Statistic.count(12));
    cells.put("total", Statistic.count(22));
    CheckedOutputs out = new OutputChecker(FIVE).check(List.of(column("t", cells)),
        List.of(Line.sum("p", List.of("a", "b", "c"), "total")));
    assertEquals(Optional.of(Rule.FREQUENCY), ruleOf(out, "a"));
    assertEquals(Optional.of(Rule.SECONDARY), ruleOf(out, "b"));
    assertEquals(2, out.withheld().size());
    CheckedOutputs.Withheld a = withheld(out, "a").orElseThrow();
    assertEquals(0.0, a.lower(), 1e-6);
    assertEquals(10.0, a.upper(), 1e-6);
    assertTrue(out.passed());
  }

  @Test
  void twoOverlappingSubgroupsDoNotRevealTheirDifference() {
    // Persons aged 20-64 (100) and 20-65 (103) in two tables: 103 - 100 = the three 65-year-olds, who are
    // withheld in a third table. The checker must withhold one of the overlapping groups as well.
    CheckedOutputs out = new OutputChecker(FIVE).check(List.of(
        column("t1", Map.of("age20-64", Statistic.count(100))),
        column("t2", Map.of("age20-65", Statistic.count(103))),
        column("t3", Map.of("age65", Statistic.count(3)))),
        List.of(Line.sum("population", List.of("age20-64", "age65"), "age20-65")));
    assertEquals(Optional.of(Rule.FREQUENCY), ruleOf(out, "age65"));
    assertTrue(ruleOf(out, "age20-64").isPresent() || ruleOf(out, "age20-65").isPresent());
    assertTrue(out.passed());
    assertTrue(withheld(out, "age65").orElseThrow().upper() - withheld(out, "age65").orElseThrow().lower() >= 5);
  }

  /**
   * Seed 000's two sets of share tables: all pairs and the pairs of a subgroup, a count of pairs and a share
   * with the outcome each. The pairs outside the subgroup are in no table, but a reader subtracts: with
   * {@code declareRest} they are hidden cells in the lines all = subgroup + rest.
   */
  private static List<TableDraft> subgroupTables(long allN, long allWith, long subN, long subWith, boolean declareRest) {
    Map<String, Statistic> pairs = new java.util.LinkedHashMap<>();
    pairs.put("all/n", Statistic.count(allN));
    pairs.put("sub/n", Statistic.count(subN));
    TableDraft flow = column("flow", pairs);
    TableDraft shares = new TableDraft("shares", "shares", "", List.of("all", "subgroup"));
    shares.row("y", List.of(cell(Statistic.share(allWith, allN), "all/y"), cell(Statistic.share(subWith, subN), "sub/y")));
    if (declareRest) {
      shares.hidden("rest/n", Statistic.count(allN - subN))
          .hidden("rest/y", Statistic.share(allWith - subWith, allN - subN))
          .relate(Line.sum("pairs", List.of("sub/n", "rest/n"), "all/n"))
          .relate(Line.sum("pairs", List.of("sub/y", "rest/y"), "all/y"));
    }
    return List.of(flow, shares);
  }

  private static CheckedOutputs.Withheld hidden(CheckedOutputs out, String key) {
    return out.hidden().stream().filter(w -> w.key().equals(key)).findFirst().orElseThrow();
  }

  @Test
  void aSmallHiddenRestWithholdsAPublishedPartner() {
    // 40 pairs, 38 in the subgroup; 20 and 19 with the outcome. Each table alone is publishable, but
    // 40 - 38 = 2 pairs outside the subgroup, and 20 - 19 = 1 of them has the outcome.
    assertTrue(new OutputChecker(FIVE).check(subgroupTables(40, 20, 38, 19, false)).withheld().isEmpty(),
        "without the rest declared nothing is withheld: the subtraction is not audited");
    CheckedOutputs out = new OutputChecker(FIVE).check(subgroupTables(40, 20, 38, 19, true));
    // The partner is the published cell of fewest persons on the line: the subgroup's 38 pairs (not the 40),
    // the subgroup's share (19 with, 19 without: 19 < 20).
    assertEquals(Optional.of(Rule.SECONDARY), ruleOf(out, "sub/n"));
    assertEquals(Optional.of(Rule.SECONDARY), ruleOf(out, "sub/y"));
    assertEquals(2, out.withheld().size(), "the totals stay published");
    // rest = 40 - sub with both >= 0: [0, 40]; with the outcome: [0, 20], both wider than 5 persons.
    CheckedOutputs.Withheld rest = hidden(out, "rest/n");
    assertEquals(Rule.FREQUENCY, rest.rule());
    assertEquals(0.0, rest.lower(), 1e-6);
    assertEquals(40.0, rest.upper(), 1e-6);
    CheckedOutputs.Withheld restWith = hidden(out, "rest/y");
    assertEquals(Rule.FREQUENCY, restWith.rule(), "a share of 2 persons");
    assertEquals(0.0, restWith.lower(), 1e-6);
    assertEquals(20.0, restWith.upper(), 1e-6);
    assertTrue(out.passed());
  }

  @Test
  void aLargeHiddenRestWithholdsNothingMore() {
    // 40 pairs, 20 in the subgroup, 10 of them with the outcome: the rest (20 pairs, 10 with) may be derived.
    CheckedOutputs out = new OutputChecker(FIVE).check(subgroupTables(40, 20, 20, 10, true));
    assertTrue(out.withheld().isEmpty(), () -> out.withheld().toString());
    CheckedOutputs.Withheld rest = hidden(out, "rest/n");
    assertEquals(null, rest.rule(), "no primary rule: not sensitive");
    assertEquals(20.0, rest.lower(), 1e-6, "derived exactly, and allowed to be");
    assertEquals(20.0, rest.upper(), 1e-6);
    assertEquals(10.0, hidden(out, "rest/y").upper(), 1e-6);
    assertTrue(out.passed());
  }

  @Test
  void aHiddenCellIsNeverPublished() {
    CheckedOutputs out = new OutputChecker(FIVE).check(subgroupTables(40, 20, 38, 19, true));
    assertEquals(List.of("all/n", "sub/n"), out.tables().get(0).rows().stream().map(ReportTable.Row::label).toList());
    assertEquals(List.of("y"), out.tables().get(1).rows().stream().map(ReportTable.Row::label).toList());
    assertEquals(2, out.tables().get(1).rows().get(0).cells().size(), "no column for the rest");
    assertFalse(out.csv().contains("rest"), out.csv());
    assertTrue(out.withheld().stream().noneMatch(w -> w.key().startsWith("rest")));
    assertEquals(List.of("rest/n", "rest/y"), out.cells().stream().filter(Prior.Cell::hidden).map(Prior.Cell::key).toList(),
        "recorded for the run's later designs");
  }

  @Test
  void aHiddenCellIsValidated() {
    TableDraft lonely = new TableDraft("t", "t", "", List.of("v"));
    lonely.row("a", List.of(cell(Statistic.count(10), "a"))).hidden("b", Statistic.count(2));
    assertThrows(IllegalArgumentException.class, () -> new OutputChecker(FIVE).check(List.of(lonely)), "in no line");
    assertThrows(IllegalArgumentException.class, () -> new TableDraft("t", "t", "", List.of("v"))
        .hidden("x", Statistic.none()), "a hidden cell has a value");
    List<TableDraft> tables = new ArrayList<>(subgroupTables(40, 20, 38, 19, true));
    tables.add(column("leak", Map.of("rest/n", Statistic.count(2))));
    assertThrows(IllegalArgumentException.class, () -> new OutputChecker(FIVE).check(tables), "published elsewhere");
    TableDraft follower = new TableDraft("f", "f", "", List.of("v"));
    follower.row("p", List.of(DraftCell.following(ReportTable.Cell.of(List.of("0,5"), Map.of()), List.of("rest/y"))));
    List<TableDraft> following = new ArrayList<>(subgroupTables(40, 20, 38, 19, true));
    following.add(follower);
    assertThrows(IllegalArgumentException.class, () -> new OutputChecker(FIVE).check(following),
        "a cell derived from a hidden one would be published with it");
  }

  @Test
  void nonNegativityBoundsAreClosedByTheAudit() {
    // 3 + 2 = 5: both parts are small, so the classic rule is satisfied and neither part is determined,
    // yet a reader knows the 3 lies in [0, 5]. With a protection level of 6 persons that is too narrow:
    // the audit withholds the total. With the default level (5 persons) it is enough.
    Map<String, Statistic> cells = new java.util.LinkedHashMap<>();
    cells.put("a", Statistic.count(3));
    cells.put("b", Statistic.count(2));
    cells.put("total", Statistic.count(5));
    List<Line> lines = List.of(Line.sum("p", List.of("a", "b"), "total"));
    DisclosureSettings six = new DisclosureSettings(true, 5, false, true, FIVE.dominance(), true, 10, 6);
    CheckedOutputs strict = new OutputChecker(six).check(List.of(column("t", cells)), lines);
    assertEquals(Optional.of(Rule.AUDIT), ruleOf(strict, "total"));
    assertTrue(strict.passed());
    assertEquals(Double.POSITIVE_INFINITY, withheld(strict, "a").orElseThrow().upper());
    CheckedOutputs standard = new OutputChecker(FIVE).check(List.of(column("t", cells)), lines);
    assertEquals(Optional.empty(), ruleOf(standard, "total"));
    assertEquals(5.0, withheld(standard, "a").orElseThrow().upper(), 1e-6);
  }

  @Test
  void theAuditBoundsATwoByTwoBlockByHand() {
    // a=3 b=7 / c=6 d=10 withheld, margins 10, 16, 9, 17 published: a = t, b = 10 - t, c = 9 - t,
    // d = 7 + t with all >= 0, so a lies in [0, 9] and d in [7, 16].
    double[] values = {3, 7, 6, 10, 10, 16, 9, 17};
    boolean[] withheld = {true, true, true, true, false, false, false, false};
    double[] lower = new double[8];
    List<Suppression.Relation> lines = List.of(Suppression.Relation.sum(new int[] {0, 1}, 4),
        Suppression.Relation.sum(new int[] {2, 3}, 5), Suppression.Relation.sum(new int[] {0, 2}, 6),
        Suppression.Relation.sum(new int[] {1, 3}, 7));
    IntervalAudit.Interval[] iv = IntervalAudit.intervals(values, lower, withheld, lines, new int[] {0, 3});
    assertEquals(0, iv[0].lower(), 1e-6);
    assertEquals(9, iv[0].upper(), 1e-6);
    assertEquals(7, iv[1].lower(), 1e-6);
    assertEquals(16, iv[1].upper(), 1e-6);
  }

  @Test
  void meansWeightedBySizeAreAuditedToo() {
    // all = (12 * women + 8 * men) / 20; the men's mean rests on 3 persons. Publishing the women's and
    // the overall mean would give it exactly: 20 * 250 - 12 * 300 = 1400 / 8 = 175.
    Map<String, Statistic> cells = new java.util.LinkedHashMap<>();
    cells.put("all", Statistic.mean(250.0, 15));
    cells.put("women", Statistic.mean(300.0, 12));
    cells.put("men", Statistic.mean(175.0, 3));
    CheckedOutputs out = new OutputChecker(FIVE).check(List.of(column("t", cells)),
        List.of(Line.weightedMean("p", List.of("women", "men"), new double[] {12, 8}, "all", 20)));
    assertEquals(Optional.of(Rule.FREQUENCY), ruleOf(out, "men"));
    assertTrue(ruleOf(out, "women").isPresent() && ruleOf(out, "all").isEmpty() || ruleOf(out, "all").isPresent());
    assertTrue(out.passed());
  }

  @Test
  void aKeyInTwoTablesIsWithheldInBothAndFollowersGoWithIt() {
    TableDraft csv = column("csv", Map.of("n", Statistic.count(2)));
    TableDraft html = new TableDraft("html", "html", "", List.of("n", "p"));
    html.row("r", List.of(cell(Statistic.count(2), "n"),
        DraftCell.following(ReportTable.Cell.of(List.of("0,03"), Map.of("p", 0.03)), List.of("n"))));
    CheckedOutputs out = new OutputChecker(FIVE).check(List.of(csv, html), List.of());
    assertTrue(out.tables().get(0).rows().get(0).cells().get(0).suppressed());
    assertTrue(out.tables().get(1).rows().get(0).cells().get(0).suppressed());
    assertTrue(out.tables().get(1).rows().get(0).cells().get(1).suppressed());
    assertEquals(Rule.FOLLOWS, out.withheld().get(2).rule());
    assertThrows(IllegalArgumentException.class, () -> new OutputChecker(FIVE).check(
        List.of(csv, column("other", Map.of("n", Statistic.count(3)))), List.of()), "one key, two numbers");
  }

  @Test
  void disabledPublishesEverything() {
    DisclosureSettings off = new DisclosureSettings(false, 5, false, true, FIVE.dominance(), true, 10, 5);
    CheckedOutputs out = new OutputChecker(off).check(List.of(column("t", Map.of("a", Statistic.count(1)))), List.of());
    assertFalse(out.enabled());
    assertTrue(out.withheld().isEmpty());
    assertTrue(out.csv().startsWith("kind,table,"));
  }

  @Test
  void randomTablesPublishNoSmallCellAndNoWithheldCellIsRecoverable() {
    Random random = new Random(20261202);
    for (int trial = 0; trial < 150; trial++) {
      int rows = 2 + random.nextInt(5);
      int columns = 1 + random.nextInt(4);
      CountTable layout = new CountTable("t", rows, columns);
      long[][] counts = new long[rows][columns];
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < columns; j++) {
          counts[i][j] = random.nextInt(4) == 0 ? random.nextInt(5) : random.nextInt(60);
        }
      }
      Map<String, Long> value = new java.util.LinkedHashMap<>();
      long grand = 0;
      for (int i = 0; i < rows; i++) {
        long row = 0;
        for (int j = 0; j < columns; j++) {
          value.put(layout.cell(i, j), counts[i][j]);
          row += counts[i][j];
        }
        value.put(layout.rowTotal(i), row);
        grand += row;
      }
      for (int j = 0; j < columns; j++) {
        long col = 0;
        for (int i = 0; i < rows; i++) {
          col += counts[i][j];
        }
        value.put(layout.columnTotal(j), col);
      }
      value.put(layout.grandTotal(), grand);
      TableDraft draft = new TableDraft("t", "t", "", List.of("v"));
      value.forEach((k, v) -> draft.row(k, List.of(cell(Statistic.count(v), k))));
      List<Line> lines = layout.lines("p");
      CheckedOutputs out = new OutputChecker(FIVE).check(List.of(draft), lines);
      int trialNo = trial;
      assertTrue(out.passed(), () -> "trial " + trialNo + ": " + out.unprotected());
      java.util.Set<String> held = new java.util.HashSet<>();
      out.withheld().forEach(w -> held.add(w.key()));
      value.forEach((k, v) -> assertFalse(!held.contains(k) && v > 0 && v < 5, "published small cell, trial " + trialNo));
      assertNoCellRecoverable(value, held, lines);
    }
  }

  /**
   * An attack independent of the checker: write every line with the withheld cells as unknowns and
   * reduce by Gauss-Jordan elimination; a withheld cell is recovered when its unknown stands alone in a
   * row of the reduced system.
   */
  private static void assertNoCellRecoverable(Map<String, Long> value, java.util.Set<String> held, List<Line> lines) {
    List<String> unknowns = new ArrayList<>(held);
    int n = unknowns.size();
    double[][] system = new double[lines.size()][n + 1];
    for (int r = 0; r < lines.size(); r++) {
      Line line = lines.get(r);
      for (int k = 0; k < line.keys().size(); k++) {
        String key = line.keys().get(k);
        if (held.contains(key)) {
          system[r][unknowns.indexOf(key)] += line.weights()[k];
        } else {
          system[r][n] -= line.weights()[k] * value.get(key);
        }
      }
    }
    int pivotRow = 0;
    int[] pivotOf = new int[system.length];
    for (int col = 0; col < n && pivotRow < system.length; col++) {
      int best = -1;
      for (int r = pivotRow; r < system.length; r++) {
        if (Math.abs(system[r][col]) > 1e-9 && (best < 0 || Math.abs(system[r][col]) > Math.abs(system[best][col]))) {
          best = r;
        }
      }
      if (best < 0) {
        continue;
      }
      double[] tmp = system[best];
      system[best] = system[pivotRow];
      system[pivotRow] = tmp;
      double p = system[pivotRow][col];
      for (int c = 0; c <= n; c++) {
        system[pivotRow][c] /= p;
      }
      for (int r = 0; r < system.length; r++) {
        if (r != pivotRow && Math.abs(system[r][col]) > 1e-12) {
          double f = system[r][col];
          for (int c = 0; c <= n; c++) {
            system[r][c] -= f * system[pivotRow][c];
          }
        }
      }
      pivotOf[pivotRow] = col;
      pivotRow++;
    }
    for (int r = 0; r < pivotRow; r++) {
      int others = 0;
      for (int c = 0; c < n; c++) {
        if (c != pivotOf[r] && Math.abs(system[r][c]) > 1e-9) {
          others++;
        }
      }
      String key = unknowns.get(pivotOf[r]);
      assertTrue(others > 0, () -> "withheld cell " + key + " recovered from the published cells");
    }
  }
}
