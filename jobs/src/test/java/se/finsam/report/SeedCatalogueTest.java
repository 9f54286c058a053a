package se.finsam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import se.finsam.config.ConfigLoader;
import se.finsam.disclosure.CheckedOutputs;
import se.finsam.disclosure.OutputChecker;
import se.finsam.disclosure.TableDraft;

/**
 * Seed 002's tables and figures without Spark: the caption catalogue ({@code finsam.report.catalogue})
 * against the seed's own list of captions read from the seed's text, the effect tables and figures
 * under those captions, Figures 2-7 (outcome, window, model and measured months of every panel) against
 * the seed's notes, and Figure 5's three panels drawn through the output checker as one figure, each
 * panel with its own axis, caption and data.
 */
class SeedCatalogueTest {
  private static final ReportSettings SETTINGS = ReportSettings.from(new ConfigLoader(Map.of(),
      SeedCatalogueTest.class.getClassLoader()).load(Optional.empty(), Optional.empty(), Map.of()));
  /** A caption line of the seed: its number, then a word with a capital (not "Tabell B4 visar ..."). */
  private static final Pattern CAPTION = Pattern.compile("^((?:Tabell B?|Figur )\\d+) \\p{Lu}.*");
  /** The period a dated seed caption ends in: "2018–2021", "augusti 2019–februari 2022", "2020". */
  private static final Pattern PERIOD = Pattern.compile("(\\p{L}+ )?\\d{4}(–(\\p{L}+ )?\\d{4})?");

  private static Path seed() {
    String shared = System.getProperty("finsam.shared.dir");
    return (shared != null ? Path.of(shared) : Path.of("../../shared")).resolve("seeds/002_ea779bbf1c419fb6.txt");
  }

  private static List<String> seedLines() throws Exception {
    return Files.readAllLines(seed(), StandardCharsets.UTF_8);
  }

  /** The seed's captions by number, in its order, without its emphasis marks ("*före*"). */
  private static Map<String, String> seedCaptions() throws Exception {
    Map<String, String> captions = new LinkedHashMap<>();
    for (String line : seedLines()) {
      Matcher m = CAPTION.matcher(line.strip());
      if (m.matches()) {
        assertNull(captions.put(m.group(1), line.strip().replace("*", "")), "one caption per number: " + m.group(1));
      }
    }
    return captions;
  }

  @Test
  void theCatalogueIsTheSeedsListOfCaptions() throws Exception {
    Map<String, String> seed = seedCaptions();
    assertEquals(7 + 9 + 16, seed.size(), "Figur 1-7, Tabell 1-9, B1-B16: " + seed.keySet());
    List<String> numbers = new ArrayList<>();
    new ConfigLoader(Map.of(), getClass().getClassLoader()).load(Optional.empty(), Optional.empty(), Map.of())
        .getConfigList("finsam.report.catalogue").forEach(c -> numbers.add(c.getString("number")));
    assertEquals(numbers.size(), new HashSet<>(numbers).size(), "each number once: " + numbers);
    assertEquals(new HashSet<>(seed.keySet()), new HashSet<>(numbers), "every seed caption, and only those");
    for (ReportSettings.Catalogue.Entry entry : SETTINGS.catalogue().entries().values()) {
      String caption = SETTINGS.catalogue().caption(entry.number());
      String seedCaption = seed.get(entry.number());
      if (entry.dated()) {
        assertTrue(seedCaption.startsWith(caption + " "), seedCaption + "\n  vs " + caption);
        assertTrue(PERIOD.matcher(seedCaption.substring(caption.length() + 1)).matches(),
            "only the seed's period follows: " + seedCaption);
      } else {
        assertEquals(seedCaption, caption);
      }
    }
  }

  @Test
  void duplicateNumbersAreRejected() {
    com.typesafe.config.Config twice = com.typesafe.config.ConfigFactory.parseString(
        "finsam.report.catalogue = [{ number = \"Tabell 1\", caption = a }, { number = \"Tabell 1\", caption = b }]")
        .withFallback(new ConfigLoader(Map.of(), getClass().getClassLoader()).load(Optional.empty(), Optional.empty(),
            Map.of()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReportSettings.from(twice));
    assertTrue(e.getMessage().contains("'Tabell 1' is listed twice"), e.getMessage());
  }

  @Test
  void theEffectTablesHaveTheSeedsCaptionsAndSayWhereTheyDiffer() throws Exception {
    Map<String, String> seed = seedCaptions();
    List<Estimate> estimates = new ArrayList<>();
    for (String outcome : List.of("lon_kr", "offentlig_forsorjning", "offentlig_forsorjning_bred")) {
      for (String type : List.of("group", "pre_average", "post_average")) {
        estimates.add(new Estimate(outcome, "M1", type, null, 0.1, 0.02, 0.06, 0.14, 1000, 500, 40L, 0.5, 0.2, 400L));
      }
    }
    EstimateTables tables = new EstimateTables(SETTINGS, estimates);
    List<TableDraft> headline = tables.headlineTables();
    assertEquals(List.of(seed.get("Tabell 1"), seed.get("Tabell 9")), headline.stream().map(TableDraft::title).toList());
    List<TableDraft> beforeAfter = tables.beforeAfterTables();
    assertEquals(List.of(seed.get("Tabell B8"), seed.get("Tabell B16")),
        beforeAfter.stream().map(TableDraft::title).toList());
    assertFalse(headline.get(0).note().contains("Utöver ISF"), "Table 1 has the seed's rows");
    assertTrue(headline.get(1).note().endsWith(SETTINGS.catalogue().differs("Tabell 9")), headline.get(1).note());
    assertTrue(headline.get(1).note().contains("även det breda måttet"), "Table 9 says it has the broad measure too");
    assertTrue(beforeAfter.get(1).note().contains("även det breda måttet"), "B16 too");
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

    Map<String, String> captions = seedCaptions();
    List<String> seedLines = seedLines();
    for (ReportSettings.FigureSpec f : SETTINGS.figures().list()) {
      assertEquals(captions.get("Figur " + f.number()), f.caption());
      for (ReportSettings.PanelSpec p : f.panels()) {
        assertTrue(p.caption().isEmpty() || seedLines.stream().anyMatch(l -> l.strip().equals(p.caption())),
            "the seed's panel caption: " + p.caption());
      }
      // The seed's note under the figure: "mätt under perioden jan 2019–april 2024".
      int at = seedLines.indexOf(f.caption());
      String note = seedLines.subList(at, seedLines.size()).stream().filter(l -> l.startsWith("Anm.:")).findFirst()
          .orElseThrow();
      Matcher m = Pattern.compile("(?i)mätt under perioden jan (\\d{4}) ?[-–] ?april (\\d{4})").matcher(note);
      assertTrue(m.find(), note);
      assertEquals(List.of(Integer.parseInt(m.group(1)) * 100 + 1, Integer.parseInt(m.group(2)) * 100 + 4),
          List.of(f.seedMonths()[0], f.seedMonths()[1]), "Figur " + f.number() + "'s months as the seed's note");
      // Its model measures from the seed's first month (its earliest panel: Figure 5's (iii) is HI, from
      // 2019): Modell 2 (2019-01) for Figures 4 and 6, whose outcomes the tables measure from 2015.
      ReportSettings.Model model = SETTINGS.model(f.model()).orElseThrow();
      assertEquals(f.seedMonths()[0], f.panels().stream()
          .mapToInt(p -> Math.max(model.from(), SETTINGS.outcome(p.outcome()).firstPeriod())).min().orElseThrow(),
          "Figur " + f.number() + " under " + f.model());
    }
    assertEquals(List.of("M1", "M1", "M2", "M1", "M2", "M1"),
        SETTINGS.figures().list().stream().map(ReportSettings.FigureSpec::model).toList());
  }

  /**
   * Figure 4 from Modell 2's dynamic estimates (its months from 2019-01), not Modell 1's, and its note
   * states the months: from January 2019 to the month before the comparison-only start group's first
   * (here February 2022), beside the seed's.
   */
  @Test
  void figuresFourAndSixAreMeasuredOverTheSeedsMonths() {
    List<Estimate> estimates = new ArrayList<>();
    for (String model : List.of("M1", "M2")) {
      for (int e = -30; e <= 25; e++) {
        double att = model.equals("M1") ? 1.0 : 2.0;
        estimates.add(new Estimate("subv_anst_eller_nystartsjobb", model, "dynamic", e, att, 0.1, att - 0.2, att + 0.2,
            1000, 500, 40L, null, null, 400L));
      }
    }
    List<EventStudyFigure.Panelled> figures = ReportJob.figures(SETTINGS, new EstimateTables(SETTINGS, estimates),
        Optional.of(202202));
    assertEquals(List.of("figur_4"), figures.stream().map(EventStudyFigure.Panelled::id).toList());
    TableDraft data = figures.get(0).panels().get(0).data();
    assertEquals(41, data.rows().size(), "months -20..20");
    assertTrue(data.rows().stream().allMatch(r -> r.cells().get(0).statistic().value() == 2.0), "Modell 2's points");
    assertEquals(List.of(SETTINGS.model("M2").orElseThrow().label()), data.columns());
    assertTrue(data.note().contains("mätt under perioden januari 2019–januari 2022 (skattningen slutar månaden före "
        + "den sista startgruppens första möte); ISF 2024:12: mätt under perioden januari 2019–april 2024;"),
        data.note());
    // Without the comparison-only group's month: to Modell 2's last month.
    String note = ReportJob.figures(SETTINGS, new EstimateTables(SETTINGS, estimates), Optional.empty()).get(0)
        .panels().get(0).data().note();
    assertTrue(note.contains("mätt under perioden januari 2019–december 2022; ISF 2024:12"), note);
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
    List<EventStudyFigure.Panelled> figures = ReportJob.figures(SETTINGS, new EstimateTables(SETTINGS, estimates),
        Optional.empty());
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
