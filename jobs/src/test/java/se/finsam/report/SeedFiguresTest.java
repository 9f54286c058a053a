package se.finsam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import se.finsam.config.ConfigLoader;
import se.finsam.disclosure.CheckedOutputs;
import se.finsam.disclosure.OutputChecker;
import se.finsam.disclosure.TableDraft;

/**
 * Seed 002 Figures 2-7 without Spark: the configured catalogue against the seed's list (number, caption,
 * outcome and window of every panel), and Figure 5's three panels drawn through the output checker as one
 * figure, each panel with its own axis, caption and data.
 */
class SeedFiguresTest {
  private static final ReportSettings SETTINGS = ReportSettings.from(new ConfigLoader(Map.of(),
      SeedFiguresTest.class.getClassLoader()).load(Optional.empty(), Optional.empty(), Map.of()));

  private static Path seed() {
    String shared = System.getProperty("finsam.shared.dir");
    return (shared != null ? Path.of(shared) : Path.of("../../shared")).resolve("seeds/002_ea779bbf1c419fb6.txt");
  }

  @Test
  void theFiguresAreTheSeedsFigures() throws Exception {
    // Seed 002 lines 513-765: number -> panel outcomes and event windows, as the seed's notes state them.
    Map<Integer, List<String>> expected = new LinkedHashMap<>();
    expected.put(2, List.of("lon_kr -40..20"));
    expected.put(3, List.of("hi_arbete -20..20"));
    expected.put(4, List.of("subv_anst_eller_nystartsjobb -20..20"));
    expected.put(5, List.of("har_fs -40..20", "fs_kr -40..20", "hi_ekonomiskt_stod -20..20"));
    expected.put(6, List.of("sjp_dagar_netto -20..20"));
    expected.put(7, List.of("offentlig_forsorjning -40..20"));
    Map<Integer, List<String>> configured = new LinkedHashMap<>();
    for (ReportSettings.FigureSpec f : SETTINGS.figures().list()) {
      configured.put(f.number(), f.panels().stream().map(p -> {
        int[] w = SETTINGS.figures().window(p, SETTINGS.outcome(p.outcome()));
        return p.outcome() + " " + w[0] + ".." + w[1];
      }).toList());
    }
    assertEquals(expected, configured);

    List<String> seedLines = Files.readAllLines(seed(), StandardCharsets.UTF_8);
    for (ReportSettings.FigureSpec f : SETTINGS.figures().list()) {
      String caption = "Figur " + f.number() + " " + f.title();
      assertTrue(seedLines.stream().anyMatch(l -> l.strip().equals(caption)), "the seed's caption: " + caption);
      for (ReportSettings.PanelSpec p : f.panels()) {
        assertTrue(p.caption().isEmpty() || seedLines.stream().anyMatch(l -> l.strip().equals(p.caption())),
            "the seed's panel caption: " + p.caption());
      }
    }
  }

  private static Estimate dynamic(String outcome, int egt, long treated) {
    return new Estimate(outcome, "M1", "dynamic", egt, 0.01 * egt, 0.02, 0.01 * egt - 0.04, 0.01 * egt + 0.04,
        1000, 500, treated, null, null, 400L);
  }

  @Test
  void figureFiveIsOneFigureOfThreePanelsThroughTheChecker() {
    List<Estimate> estimates = new ArrayList<>();
    for (String outcome : List.of("har_fs", "fs_kr", "hi_ekonomiskt_stod")) {
      for (int e = -30; e <= 2; e++) {
        // fs_kr's month 1 rests on 2 treated persons: withheld in its panel only.
        estimates.add(dynamic(outcome, e, outcome.equals("fs_kr") && e == 1 ? 2 : 40));
      }
    }
    List<EventStudyFigure.Panelled> figures = ReportJob.figures(SETTINGS, new EstimateTables(SETTINGS, estimates));
    assertEquals(List.of("figur_5"), figures.stream().map(EventStudyFigure.Panelled::id).toList(),
        "figures whose outcomes have no estimates are left out; the numbering stays the seed's");
    EventStudyFigure.Panelled five = figures.get(0);
    assertEquals(List.of("figur_5_har_fs", "figur_5_fs_kr", "figur_5_hi_ekonomiskt_stod"),
        five.panels().stream().map(p -> p.data().id()).toList());
    assertEquals(List.of(33, 33, 23), five.panels().stream().map(p -> p.data().rows().size()).toList(),
        "months -30..2 in (i) and (ii); (iii) from -20");

    List<TableDraft> drafts = five.panels().stream().map(EventStudyFigure.Draft::data).toList();
    CheckedOutputs checked = new OutputChecker(SETTINGS.disclosure()).check(drafts, List.of());
    assertTrue(checked.passed(), checked.unprotected().toString());
    Map<String, ReportTable> published = new LinkedHashMap<>();
    checked.tables().forEach(t -> published.put(t.id(), t));
    EventStudyFigure.Figure figure = five.render(published);
    assertEquals("Figur 5 Skillnad i försörjningsstöd mellan de som har träffat teamen och kontrollgruppen",
        figure.title());
    assertNull(figure.data(), "no table of its own: each panel has its CSV");
    String html = HtmlReport.render("t", "s", List.of(new HtmlReport.Part("figurer", "F", "", List.of(),
        List.of(figure))));
    assertEquals(1, count(html, "<figure"));
    assertEquals(3, count(html, "<svg"), "one axis per panel");
    for (String caption : List.of("(i) Genomsnittseffekt för sannolikheten att ha försörjningsstöd",
        "(ii) Genomsnittseffekt i kronor per månad",
        "(iii) Skillnad i att ha försörjningsstöd som sin huvudsakliga inkomstkälla")) {
      assertTrue(html.contains("<h4>Figur 5 " + caption + "</h4>"), caption);
    }
    for (String id : List.of("figur_5_har_fs", "figur_5_fs_kr", "figur_5_hi_ekonomiskt_stod")) {
      assertTrue(html.contains("Data: <code>" + id + ".csv</code>"), id);
    }
    assertFalse(html.contains("figur_5.csv"), "the figure names no CSV of its own");
    String[] panels = html.split("<div class=\"panel\"");
    assertEquals(4, panels.length);
    assertEquals(33, count(panels[1], "class=\"point "));
    assertEquals(32, count(panels[2], "class=\"point "), "month 1 withheld in (ii)");
    assertEquals(23, count(panels[3], "class=\"point "));
    assertTrue(panels[2].contains("Ekonomiskt bistånd (kr/månad)"), "(ii) has its own y axis label");
    assertEquals(33 + 32 + 23, figure.points());
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
