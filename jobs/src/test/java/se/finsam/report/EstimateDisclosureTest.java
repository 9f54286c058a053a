package se.finsam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import se.finsam.config.ConfigLoader;
import se.finsam.disclosure.CheckedOutputs;
import se.finsam.disclosure.OutputChecker;
import se.finsam.disclosure.Rule;
import se.finsam.disclosure.TableDraft;

/**
 * Estimates through the output checker, without Spark: comparison persons count, and a month withheld in
 * the event-study figure cannot be recovered from the before/after average and the other months.
 */
class EstimateDisclosureTest {
  private static final ReportSettings SETTINGS = ReportSettings.from(new ConfigLoader(Map.of(),
      EstimateDisclosureTest.class.getClassLoader()).load(Optional.empty(), Optional.empty(), Map.of()));

  private static Estimate estimate(String type, Integer egt, double att, long treated, long comparison) {
    return new Estimate("lon_kr", "M1", type, egt, att, 10, att - 20, att + 20, 1000, 500, treated, null, null,
        comparison);
  }

  @Test
  void aWithheldMonthIsNotRecoverableFromTheAverage() {
    // Pre months -2 and -1: 100 and 300, their mean 200 is the pre average; month -2 rests on 2 treated
    // persons. Published with the average, month -1 would give -2 = 2 * 200 - 300 = 100 exactly.
    List<Estimate> estimates = new ArrayList<>(List.of(
        estimate("dynamic", -2, 100, 2, 400), estimate("dynamic", -1, 300, 40, 400),
        estimate("dynamic", 0, 10, 40, 400), estimate("dynamic", 1, 20, 40, 400),
        estimate("pre_average", null, 200, 40, 400), estimate("post_average", null, 15, 40, 400),
        estimate("group", null, 50, 40, 3)));
    EstimateTables tables = new EstimateTables(SETTINGS, estimates);
    int[] window = {-40, 20};
    assertEquals(2, tables.averageLines("lon_kr", "M1", window).size(), "pre and post averages are means of months");
    assertEquals(1, tables.averageLines("lon_kr", "M1", new int[] {-1, 20}).size(),
        "a month outside the window: only the post relation is known");

    List<TableDraft> drafts = new ArrayList<>(tables.headlineTables());
    drafts.addAll(tables.beforeAfterTables());
    drafts.add(EventStudyFigure.draft("figur_lon_kr", "Figur 2", "kr", window,
        tables.eventStudy("lon_kr", "M1", window), "Modell 1").data());
    CheckedOutputs out = new OutputChecker(SETTINGS.disclosure()).check(drafts, tables.averageLines("lon_kr", "M1", window));
    assertTrue(out.passed(), out.unprotected().toString());
    assertTrue(out.withheld().stream().anyMatch(w -> w.key().equals("estimate/lon_kr/M1/dynamic/-2")
        && w.rule() == Rule.ESTIMATE));
    assertTrue(out.withheld().stream().anyMatch(w -> w.rule() == Rule.SECONDARY || w.rule() == Rule.AUDIT),
        "a partner on the average's line");
    assertTrue(out.withheld().stream().anyMatch(w -> w.key().equals("estimate/lon_kr/M1/group/overall")
        && w.rule() == Rule.ESTIMATE), "3 comparison persons behind the headline");
  }
}
