package se.finsam.matched;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import se.finsam.did.LogitInference;
import se.finsam.report.Disclosure;
import se.finsam.report.Estimate;
import se.finsam.report.EventStudyFigure;
import se.finsam.report.ReportTable;
import se.finsam.report.ReportTable.Cell;
import se.finsam.report.ReportTable.Row;
import se.finsam.report.SwedishFormat;

/**
 * The published tables and diagrams of seed 000, one function per table, each already through small-cell
 * suppression ({@code finsam.disclosure.min-persons}). Every cell keeps the persons behind it.
 */
public final class MatchedTables {
  /** Prefix of every table id, so the CSVs sit beside seed 002's in reports/<run>/ without clashing. */
  static final String ID = "matchning_";
  static final Map<String, String> VARIABLE_LABELS = Map.of(
      "kon", "Kön", "alder", "Ålder", "utbildning", "Utbildning", "utrikes_fodd", "Utrikesfödd",
      "ae_varaktighet", "Varaktighet aktivitetsersättning", "psykiatrisk", "Psykiatrisk diagnos",
      "ae_omfattning", "Omfattning aktivitetsersättning");
  static final Map<String, String> CATEGORY_LABELS = Map.ofEntries(
      Map.entry("K", "Kvinna"), Map.entry("M", "Man"), Map.entry("FORGYMNASIAL", "Förgymnasial"),
      Map.entry("GYMNASIAL", "Gymnasial"), Map.entry("EFTERGYMNASIAL", "Eftergymnasial"),
      Map.entry("SAKNAS", "Uppgift saknas"), Map.entry("JA", "Ja"), Map.entry("NEJ", "Nej"),
      Map.entry("PARTIELL", "Partiell"), Map.entry("HEL", "Hel"), Map.entry("<=3", "<=3 år"), Map.entry(">3", ">3 år"),
      Map.entry(CovariateBalance.UNKNOWN, "Okänt i registren"));
  static final String SHARE_NOTE = "¹ Differensen avser skillnaden i procentenheter mellan utfallsgruppens andel och "
      + "referensgruppens andel. ² P-värden (tvåsidigt z-test av två andelar); *: <10%, **: <5%, ***: <1%.";
  /** Seed 000 Tables 2-6 (and 7-11): number and caption per outcome family; families 4 and 5 show only follow-up. */
  static final Map<Integer, String> FAMILY_TITLES = Map.of(
      1, "Andel (%) med inkomst av tjänst", 2, "Andel (%) med studiemedel från CSN",
      3, "Inskrivning hos Arbetsförmedlingen, andel (%)",
      4, "Andel (%) med insats från det förstärkta samarbetet mellan Försäkringskassan och Arbetsförmedlingen",
      5, "Andel (%) som har respektive förmån");

  private final MatchedSettings s;
  private final int minPersons;
  private final boolean suppressZeros;

  public MatchedTables(MatchedSettings settings, int minPersons, boolean suppressZeros) {
    this.s = settings;
    this.minPersons = minPersons;
    this.suppressZeros = suppressZeros;
  }

  private boolean hidden(long persons) {
    return Disclosure.primary(persons, minPersons, suppressZeros);
  }

  private static Cell cell(String text, Map<String, Object> values) {
    return Cell.of(List.of(text), values);
  }

  /** Tabell 1: covariates before and after matching, counts and %, and the standardised mean differences. */
  public ReportTable table1(CovariateBalance balance) {
    List<String> columns = List.of("Före: utfallsgrupp, antal", "andel (%)", "Före: referensgrupp, antal", "andel (%)",
        "Efter: utfallsgrupp, antal", "andel (%)", "Efter: referensgrupp, antal", "andel (%)", "SMD före", "SMD efter");
    List<long[]> counts = new ArrayList<>();
    List<Disclosure.Line> lines = new ArrayList<>();
    for (String v : balance.counts().keySet()) {
      int first = counts.size();
      balance.counts().get(v).values().forEach(counts::add);
      int categories = counts.size() - first;
      long[] totals = new long[4];
      for (int c = 0; c < 4; c++) {
        totals[c] = balance.total(v, c);
      }
      counts.add(totals);
      for (int c = 0; c < 4; c++) {
        int[] parts = new int[categories];
        for (int k = 0; k < categories; k++) {
          parts[k] = 4 * (first + k) + c;
        }
        lines.add(Disclosure.Line.sum(parts, 4 * (first + categories) + c));
      }
    }
    long[] persons = new long[4 * counts.size()];
    for (int i = 0; i < counts.size(); i++) {
      System.arraycopy(counts.get(i), 0, persons, 4 * i, 4);
    }
    boolean[] suppressed = Disclosure.suppress(persons, lines, minPersons, suppressZeros);
    List<Row> rows = new ArrayList<>();
    int i = 0;
    for (String v : balance.counts().keySet()) {
      rows.add(Row.heading(VARIABLE_LABELS.get(v) + (s.variables().contains(v) ? " (matchningsvariabel)" : "")));
      for (String category : balance.counts().get(v).keySet()) {
        List<Cell> cells = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
          long n = counts.get(i)[c];
          if (suppressed[4 * i + c]) {
            cells.add(Cell.suppressedCell());
            cells.add(Cell.suppressedCell());
          } else {
            double share = balance.share(v, category, c);
            cells.add(cell(SwedishFormat.integer(n), Map.of("antal", n)));
            cells.add(cell(SwedishFormat.fixed(100 * share, 0), Map.of("andel", share, "antal", n)));
          }
        }
        cells.add(smdCell(balance, v, category, 0, 1, suppressed[4 * i] || suppressed[4 * i + 1]));
        cells.add(smdCell(balance, v, category, 2, 3, suppressed[4 * i + 2] || suppressed[4 * i + 3]));
        rows.add(new Row(CATEGORY_LABELS.getOrDefault(category, category), cells));
        i++;
      }
      i++; // the variable's totals row, used for the disclosure lines only
    }
    String first = balance.counts().keySet().iterator().next();
    List<Cell> total = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      long n = balance.total(first, c);
      total.add(hidden(n) ? Cell.suppressedCell() : cell(SwedishFormat.integer(n), Map.of("antal", n)));
      total.add(Cell.empty());
    }
    total.add(Cell.empty());
    total.add(Cell.empty());
    rows.add(new Row("Total", total));
    return new ReportTable(ID + "tabell_1", "Tabell 1 Fördelning för bakgrundsvariabler inom respektive grupp, före och efter matchning",
        "Matchningsvariabler: " + String.join(", ", s.variables().stream().map(VARIABLE_LABELS::get).toList())
            + ". SMD = standardiserad medelvärdesskillnad för kategorins indikator, (p_U − p_R) / √((p_U(1 − p_U) + "
            + "p_R(1 − p_R)) / 2); |SMD| < 0,1 brukar räknas som god balans. Ålder " + s.baseYear()
            + " − födelseår. Seedens H-region finns inte i registren här och ingår inte.",
        columns, rows);
  }

  private Cell smdCell(CovariateBalance balance, String v, String category, int a, int b, boolean suppressed) {
    if (suppressed) {
      return Cell.suppressedCell();
    }
    double smd = balance.smd(v, category, a, b);
    return cell(SwedishFormat.fixed(smd, 2), Map.of("smd", smd));
  }

  /** Tables 2-6 (all pairs) or 7-11 (the subgroup): shares per family, the before year and the follow-up years. */
  public ReportTable shareTable(int number, int family, PairSummary summary, String sample) {
    List<Integer> years = new ArrayList<>();
    if (family <= 3) {
      years.add(s.beforeYear());
    }
    years.addAll(s.followupYears());
    List<String> columns = new ArrayList<>();
    for (int y : years) {
      columns.addAll(List.of(y + " Utfallsgrupp", y + " Referensgrupp", y + " Differens¹", y + " Sign²"));
    }
    List<Row> rows = new ArrayList<>();
    for (YearlyOutcomes.Outcome o : YearlyOutcomes.OUTCOMES) {
      if (o.family() != family) {
        continue;
      }
      List<Cell> cells = new ArrayList<>();
      for (int y : years) {
        cells.addAll(shareCells(summary.share(o.column(), y)));
      }
      rows.add(new Row(o.label(), cells));
    }
    String title = "Tabell " + number + " " + FAMILY_TITLES.get(family) + (family >= 4 ? " " + join(s.followupYears()) : "")
        + " (n=" + SwedishFormat.integer(summary.pairs()) + " individer i respektive grupp" + sample + ")";
    String note = SHARE_NOTE + (family == 1 ? " Inkomst av tjänst = " + s.incomeColumn() + " (pensionsgrundande "
        + "inkomst); SGI-gränsen = " + SwedishFormat.fixed(100 * s.incomeShareOfPrisbasbelopp(), 0)
        + " procent av årets prisbasbelopp." : "")
        + (family == 3 ? " Klass av årets första inskrivning; Någon form av anställning = sökandekategori "
        + String.join(", ", s.afAnstallning()) + " (seed 000 not 13), Arbetslös = " + String.join(", ", s.afArbetslos())
        + " (ANTAGANDE), övriga koder = Övriga program och stöd." : "")
        + (family == 5 ? " Minst en ersatt dag under året; en person kan ha båda förmånerna." : "");
    return new ReportTable(ID + "tabell_" + number, title, note, columns, rows);
  }

  private List<Cell> shareCells(ShareTest t) {
    long personsU = Math.min(t.onesU(), t.n() - t.onesU());
    long personsR = Math.min(t.onesR(), t.n() - t.onesR());
    boolean hideU = hidden(personsU);
    boolean hideR = hidden(personsR);
    List<Cell> cells = new ArrayList<>();
    cells.add(hideU ? Cell.suppressedCell() : cell(SwedishFormat.fixed(100 * t.shareU(), 1),
        Map.of("andel", t.shareU(), "personer", t.onesU(), "n", t.n())));
    cells.add(hideR ? Cell.suppressedCell() : cell(SwedishFormat.fixed(100 * t.shareR(), 1),
        Map.of("andel", t.shareR(), "personer", t.onesR(), "n", t.n())));
    if (hideU || hideR) {
      cells.add(Cell.suppressedCell());
      cells.add(Cell.suppressedCell());
    } else {
      double p = t.pValue();
      long persons = Math.min(personsU, personsR);
      cells.add(cell(SwedishFormat.fixed(t.differencePp(), 1), Map.of("differens_pe", t.differencePp(), "p_varde", p,
          "personer_bakom", persons)));
      cells.add(cell(ShareTest.stars(p), Map.of("p_varde", p, "personer_bakom", persons)));
    }
    return cells;
  }

  /** Beyond the seed: the difference in differences on the matched pairs, per outcome and follow-up year. */
  public ReportTable didTable(String id, String title, PairSummary summary) {
    List<String> columns = new ArrayList<>();
    for (int f : s.followupYears()) {
      columns.addAll(List.of(f + " DiD (pe)", f + " Medelfel", f + " P-värde", f + " Sign"));
    }
    List<Row> rows = new ArrayList<>();
    for (YearlyOutcomes.Outcome o : YearlyOutcomes.OUTCOMES) {
      List<Cell> cells = new ArrayList<>();
      for (int f : s.followupYears()) {
        ShareTest before = summary.share(o.column(), s.beforeYear());
        ShareTest after = summary.share(o.column(), f);
        long persons = java.util.stream.LongStream.of(before.onesU(), before.n() - before.onesU(), before.onesR(),
            before.n() - before.onesR(), after.onesU(), after.n() - after.onesU(), after.onesR(), after.n() - after.onesR())
            .min().orElse(0);
        PairedDid did = summary.did(o.column(), f);
        if (hidden(persons)) {
          for (int k = 0; k < 4; k++) {
            cells.add(Cell.suppressedCell());
          }
          continue;
        }
        double p = did.pValue();
        cells.add(cell(SwedishFormat.fixed(100 * did.estimate(), 1), Map.of("did", did.estimate(), "par", did.pairs(),
            "personer_bakom", persons)));
        cells.add(cell(SwedishFormat.fixed(100 * did.standardError(), 2), Map.of("se", did.standardError())));
        cells.add(cell(SwedishFormat.pValue(p), Map.of("p_varde", p)));
        cells.add(cell(ShareTest.stars(p), Map.of("p_varde", p)));
      }
      rows.add(new Row(o.label(), cells));
    }
    return new ReportTable(ID + id, title, "Skillnad i skillnad på de matchade paren (utöver seed 000): medelvärdet av "
        + "(Y_U,uppföljning − Y_U," + s.beforeYear() + ") − (Y_R,uppföljning − Y_R," + s.beforeYear() + ") över paren, i "
        + "procentenheter; medelfelet är parskillnadernas standardavvikelse / √(antal par), så att matchningen finns "
        + "med i variansen. Normalapproximation; *: <10%, **: <5%, ***: <1%.", columns, rows);
  }

  /** Tabell 12: odds ratio of treatment per outcome with 95 % CI and p, and whether the matched result agrees. */
  public ReportTable table12(List<LogitAnalysis.Fit> fits, PairSummary matched) {
    List<String> columns = List.of("Oddsratio", "95 % KI", "P-värde", "Överrisk?", "Sign?", "Matchning: överrisk?",
        "Matchning: sign?", "Samstämmigt?");
    List<Row> rows = new ArrayList<>();
    for (LogitAnalysis.Fit fit : fits) {
      String label = label(fit.outcome());
      if (fit.terms() == null || hidden(Math.min(fit.treatedWith(), fit.treatedWithout()))) {
        List<Cell> cells = new ArrayList<>();
        for (int k = 0; k < columns.size(); k++) {
          cells.add(fit.terms() == null ? cell("\u2013", Map.of()) : Cell.suppressedCell());
        }
        rows.add(new Row(label, cells));
        continue;
      }
      LogitInference.Term t = fit.treatment();
      ShareTest m = matched.share(fit.outcome(), s.lastFollowupYear());
      boolean logitUp = t.oddsRatio() > 1;
      boolean logitSign = t.pValue() < 0.05;
      boolean matchedUp = m.differencePp() > 0;
      boolean matchedSign = m.pValue() < 0.05;
      rows.add(new Row(label, List.of(
          cell(SwedishFormat.fixed(t.oddsRatio(), 3), Map.of("oddsratio", t.oddsRatio(), "koefficient", t.coefficient(), "se", t.standardError())),
          cell(SwedishFormat.fixed(t.oddsRatioLower(), 3) + "–" + SwedishFormat.fixed(t.oddsRatioUpper(), 3),
              Map.of("ki_nedre", t.oddsRatioLower(), "ki_ovre", t.oddsRatioUpper())),
          cell(SwedishFormat.pValue(t.pValue()), Map.of("p_varde", t.pValue())),
          cell(truth(logitUp), Map.of("overrisk", logitUp)), cell(truth(logitSign), Map.of("sign", logitSign)),
          cell(truth(matchedUp), Map.of("overrisk", matchedUp)), cell(truth(matchedSign), Map.of("sign", matchedSign)),
          cell(truth(logitUp == matchedUp && logitSign == matchedSign), Map.of("samstammigt", logitUp == matchedUp && logitSign == matchedSign)))));
    }
    return new ReportTable(ID + "tabell_12", "Tabell 12 Resultat från logistisk regression " + s.lastFollowupYear(),
        "Logit på hela studiepopulationen före matchning (utfallsgrupp och potentiell referensgrupp) med behandling och "
            + "matchningsvariablerna (" + String.join(", ", s.variables()) + ") som förklarande variabler; oddsratio för "
            + "behandling, 95 % Wald-intervall, p-värde från z-test. Sign? = p < 0,05. Matchningens resultat: "
            + "differensen " + s.lastFollowupYear() + " i tabell 2–6. Samstämmigt = samma riktning och samma signifikans. "
            + "– = modellen kan inte skattas (t.ex. inga personer med utfallet).", columns, rows);
  }

  /** Every coefficient of every outcome's logit (the matching variables' odds ratios, beyond the seed). */
  public ReportTable table12Terms(List<LogitAnalysis.Fit> fits) {
    List<Row> rows = new ArrayList<>();
    for (LogitAnalysis.Fit fit : fits) {
      if (fit.terms() == null) {
        continue;
      }
      boolean hide = hidden(Math.min(fit.treatedWith(), fit.treatedWithout()));
      rows.add(Row.heading(label(fit.outcome())));
      for (int j = 0; j < fit.names().size(); j++) {
        LogitInference.Term t = fit.terms()[j];
        rows.add(new Row(fit.names().get(j), hide ? List.of(Cell.suppressedCell(), Cell.suppressedCell(), Cell.suppressedCell(),
            Cell.suppressedCell(), Cell.suppressedCell()) : List.of(
            cell(SwedishFormat.fixed(t.coefficient(), 4), Map.of("koefficient", t.coefficient())),
            cell(SwedishFormat.fixed(t.standardError(), 4), Map.of("se", t.standardError())),
            cell(SwedishFormat.fixed(t.oddsRatio(), 3), Map.of("oddsratio", t.oddsRatio())),
            cell(SwedishFormat.fixed(t.oddsRatioLower(), 3) + "–" + SwedishFormat.fixed(t.oddsRatioUpper(), 3),
                Map.of("ki_nedre", t.oddsRatioLower(), "ki_ovre", t.oddsRatioUpper())),
            cell(SwedishFormat.pValue(t.pValue()), Map.of("p_varde", t.pValue())))));
      }
    }
    return new ReportTable(ID + "tabell_12_koefficienter", "Tabell 12b Logistisk regression, samtliga koefficienter "
        + s.lastFollowupYear(), "Referenskategori = den första kategorin i tabell 1 som finns i data. Utöver seed 000.",
        List.of("Koefficient", "Medelfel", "Oddsratio", "95 % KI", "P-värde"), rows);
  }

  /**
   * The seed's Figur 1 as a table: how the study population was formed, the pairs, and the treated
   * persons without a referent by reason (reported, never dropped silently).
   */
  public ReportTable unmatchedTable(Map<String, Long> flow, Map<String, Long> byReason, long pairs) {
    List<Row> rows = new ArrayList<>();
    flow.forEach((step, n) -> rows.add(new Row(step, List.of(countCell(n)))));
    rows.add(new Row("Matchade par", List.of(countCell(pairs))));
    byReason.forEach((reason, n) -> rows.add(new Row("Utan referent: " + reason, List.of(countCell(n)))));
    return new ReportTable(ID + "utfall", "Figur 1 Studiepopulation och matchningens utfall", "Metod: " + (s.method().equals("exact")
        ? "exakt matchning utan återläggning på " + String.join(", ", s.variables()) + ", en slumpvis referent per person (frö "
        + s.seed() + ")." : "närmaste granne på propensity score inom kalipern " + s.caliper() + ", utan återläggning.")
        + " Personer i utfallsgruppen utan referent ingår inte i tabell 2–11 och redovisas här.", List.of("Antal"), rows);
  }

  private Cell countCell(long n) {
    return hidden(n) ? Cell.suppressedCell() : cell(SwedishFormat.integer(n), Map.of("antal", n));
  }

  /** Diagrams 1-3: the yearly difference in shares (pp, 95 % interval) over the whole window. */
  public EventStudyFigure.Figure diagram(String id, String title, YearlyOutcomes.Outcome o, PairSummary summary) {
    List<Estimate> points = new ArrayList<>();
    for (int y : s.years()) {
      ShareTest t = summary.share(o.column(), y);
      double se = Math.sqrt(t.shareU() * (1 - t.shareU()) / t.n() + t.shareR() * (1 - t.shareR()) / t.n());
      long persons = Math.min(Math.min(t.onesU(), t.n() - t.onesU()), Math.min(t.onesR(), t.n() - t.onesR()));
      points.add(new Estimate(o.column(), "matchning", "ar", y - s.baseYear(), t.differencePp(), 100 * se,
          t.differencePp() - 196 * se, t.differencePp() + 196 * se, 2 * t.n(), 2 * t.n(), persons, null, null));
    }
    EventStudyFigure.Axis axis = new EventStudyFigure.Axis("År före (−) och efter insatsåret " + s.baseYear(),
        "Från insatsåret", "per år, %s, från %d till %d år kring insatsåret; rött före, blått från och med insatsåret (0).");
    return EventStudyFigure.render(ID + id, title, o.label() + ", skillnad (procentenheter)",
        new int[] {s.beforeYear() - s.baseYear(), s.lastFollowupYear() - s.baseYear()}, points,
        e -> hidden(e.treatedPersons()), "utfallsgrupp minus referensgrupp", axis);
  }

  /** The yearly shares behind a diagram, both groups (the seed's diagrams show the levels). */
  public ReportTable diagramShares(String id, String title, List<YearlyOutcomes.Outcome> outcomes, PairSummary summary) {
    List<String> columns = new ArrayList<>();
    for (int y : s.years()) {
      columns.add(y + " Utfallsgrupp");
      columns.add(y + " Referensgrupp");
    }
    List<Row> rows = new ArrayList<>();
    for (YearlyOutcomes.Outcome o : outcomes) {
      List<Cell> cells = new ArrayList<>();
      for (int y : s.years()) {
        cells.addAll(shareCells(summary.share(o.column(), y)).subList(0, 2));
      }
      rows.add(new Row(o.label(), cells));
    }
    return new ReportTable(ID + id, title, "Andel (%) per år i de matchade grupperna.", columns, rows);
  }

  static String label(String outcome) {
    return YearlyOutcomes.OUTCOMES.stream().filter(o -> o.column().equals(outcome)).map(YearlyOutcomes.Outcome::label)
        .findFirst().orElse(outcome);
  }

  private static String truth(boolean b) {
    return b ? "SANT" : "FALSKT";
  }

  private static String join(List<Integer> years) {
    return String.join(", ", years.stream().map(String::valueOf).toList());
  }
}
