package se.finsam.matched;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.finsam.did.LogitInference;
import se.finsam.disclosure.Line;
import se.finsam.disclosure.Statistic;
import se.finsam.disclosure.TableDraft;
import se.finsam.disclosure.TableDraft.DraftCell;
import se.finsam.report.EventStudyFigure;
import se.finsam.report.ReportTable.Cell;
import se.finsam.report.SwedishFormat;

/**
 * The tables and diagrams of seed 000 as drafts for the one output checker ({@code se.finsam.disclosure}):
 * one function per table, each cell with what it rests on and a run-wide key ({@code matchning/...}).
 * Nothing is withheld here; {@link MatchedJob} checks every draft of the run in one call.
 */
public final class MatchedTables {
  /** Prefix of every table id, so the CSVs sit beside seed 002's in reports/<run>/ without clashing. */
  static final String ID = "matchning_";
  static final Map<String, String> VARIABLE_LABELS = Map.of(
      "kon", "Kön", "alder", "Ålder", "utbildning", "Utbildning", "utrikes_fodd", "Utrikesfödd", "h_region", "H-region",
      "ae_varaktighet", "Varaktighet aktivitetsersättning", "psykiatrisk", "Psykiatrisk diagnos",
      "ae_omfattning", "Omfattning aktivitetsersättning");
  static final Map<String, String> CATEGORY_LABELS = Map.ofEntries(
      Map.entry("K", "Kvinna"), Map.entry("M", "Man"), Map.entry("FORGYMNASIAL", "Förgymnasial"),
      Map.entry("GYMNASIAL", "Gymnasial"), Map.entry("EFTERGYMNASIAL", "Eftergymnasial"),
      Map.entry("SAKNAS", "Uppgift saknas"), Map.entry("JA", "Ja"), Map.entry("NEJ", "Nej"),
      Map.entry("PARTIELL", "Partiell"), Map.entry("HEL", "Hel"), Map.entry("<=3", "<=3 år"), Map.entry(">3", ">3 år"),
      Map.entry("STORSTAD", "Storstäder"), Map.entry("STORRE_STAD", "Större städer"),
      Map.entry("OVRIGA", "Medelstora städer/glesbygd"), Map.entry(CovariateBalance.UNKNOWN, "Okänt i registren"));
  static final String SHARE_NOTE = "¹ Differensen avser skillnaden i procentenheter mellan utfallsgruppens andel och "
      + "referensgruppens andel. ² P-värden (tvåsidigt z-test av två andelar); *: <10%, **: <5%, ***: <1%.";
  /** Seed 000 Tables 2-6 (and 7-11): number and caption per outcome family; families 4 and 5 show only follow-up. */
  static final Map<Integer, String> FAMILY_TITLES = Map.of(
      1, "Andel (%) med inkomst av tjänst", 2, "Andel (%) med studiemedel från CSN",
      3, "Inskrivning hos Arbetsförmedlingen, andel (%)",
      4, "Andel (%) med insats från det förstärkta samarbetet mellan Försäkringskassan och Arbetsförmedlingen",
      5, "Andel (%) som har respektive förmån");

  /** The population every line of the design belongs to (the audit record's label). */
  static final String POPULATION = "matchning";
  /** Table 1's columns: before/after matching, treated/referents. */
  static final List<String> BALANCE_COLUMNS = List.of("fore_U", "fore_R", "efter_U", "efter_R");

  private final MatchedSettings s;

  public MatchedTables(MatchedSettings settings) {
    this.s = settings;
  }

  private static Cell cell(String text, Map<String, Object> values) {
    return Cell.of(List.of(text), values);
  }

  /** The run-wide key of a Table 1 count (variable, category, column 0..3). */
  static String balanceKey(String variable, String category, int column) {
    return POPULATION + "/balans/" + variable + "/" + category + "/" + BALANCE_COLUMNS.get(column);
  }

  /**
   * The run-wide key of a Table 1 category's persons before matching that are not in its pairs (column 0 − 2 for
   * the treated, 1 − 3 for the referents): a hidden cell, never published.
   */
  static String balanceRestKey(String variable, String category, int afterColumn) {
    return POPULATION + "/balans/" + variable + "/" + category + "/ej_par_" + BALANCE_COLUMNS.get(afterColumn);
  }

  /** The run-wide key of Table 1's total row, column 0..3 (persons of the group before/after matching). */
  static String balanceTotalKey(int column) {
    return POPULATION + "/balans/total/" + BALANCE_COLUMNS.get(column);
  }

  /** The run-wide key of a yearly share: sample (alla, nybeviljade), outcome, year, group (U, R). */
  static String shareKey(String sample, String outcome, int year, String group) {
    return POPULATION + "/" + sample + "/" + outcome + "/" + year + "/" + group;
  }

  static String didKey(String sample, String outcome, int year) {
    return POPULATION + "/" + sample + "/" + outcome + "/did/" + year;
  }

  static String logitKey(String outcome, String term) {
    return POPULATION + "/logit/" + outcome + "/" + term;
  }

  /** Figure 1's counts: the population steps, the pairs and the treated without a referent by reason. */
  static String flowKey(int step) {
    return POPULATION + "/flode/" + step;
  }

  static final String PAIRS_KEY = POPULATION + "/par";
  /** The sample of pairs whose treated person was granted AE recently (seed 000's second set of tables). */
  static final String NYBEVILJADE = "nybeviljade";

  /**
   * The pairs outside the subgroup (all pairs − {@link #NYBEVILJADE}): in no table, but tables 2–6 minus tables
   * 7–11 give them, so their counts are hidden cells ({@link TableDraft#hidden}) in the lines all = subgroup + rest.
   */
  static final String OVRIGA = "ovriga";

  /** The key of a sample's number of pairs (the n in the titles of its tables). */
  static String pairsKey(String sample) {
    return sample.equals("alla") ? PAIRS_KEY : PAIRS_KEY + "/" + sample;
  }

  static String unmatchedKey(String reason) {
    return POPULATION + "/utan_referent/" + reason;
  }

  /**
   * Tabell 1: covariates before and after matching, counts and %, and the standardised mean differences.
   * Each variable's categories add up to the total row (a {@link Line#sum} per column); each share is its
   * count over the column's total (a line of the share and its count, so the two are withheld together).
   */
  public TableDraft table1(CovariateBalance balance) {
    List<String> columns = List.of("Före: utfallsgrupp, antal", "andel (%)", "Före: referensgrupp, antal", "andel (%)",
        "Efter: utfallsgrupp, antal", "andel (%)", "Efter: referensgrupp, antal", "andel (%)", "SMD före", "SMD efter");
    TableDraft t = new TableDraft(ID + "tabell_1", "Tabell 1 Fördelning för bakgrundsvariabler inom respektive grupp, före och efter matchning",
        "Matchningsvariabler: " + String.join(", ", s.variables().stream().map(VARIABLE_LABELS::get).toList())
            + ". SMD = standardiserad medelvärdesskillnad för kategorins indikator, (p_U − p_R) / √((p_U(1 − p_U) + "
            + "p_R(1 − p_R)) / 2); |SMD| < 0,1 brukar räknas som god balans. Ålder " + s.baseYear()
            + " − födelseår. H-region: kommunen " + s.baseYear() + " (scb_bakgrund_ar) enligt finsam.matched.h-region; "
            + "storstäder är Stockholm, Göteborg och Malmö som seedens not 2, övriga listor är konfiguration.",
        columns);
    String first = balance.counts().keySet().iterator().next();
    for (String v : balance.counts().keySet()) {
      t.heading(VARIABLE_LABELS.get(v) + (s.variables().contains(v) ? " (matchningsvariabel)" : ""));
      for (String category : balance.counts().get(v).keySet()) {
        long[] counts = balance.counts().get(v).get(category);
        if (emptyUnknownRow(category, counts)) {
          continue;
        }
        List<DraftCell> cells = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
          if (structurallyEmpty(v, category, c)) {
            cells.add(DraftCell.plain(cell("\u2013", Map.of())));
            cells.add(DraftCell.plain(cell("\u2013", Map.of())));
            continue;
          }
          long n = counts[c];
          long total = balance.total(v, c);
          String key = balanceKey(v, category, c);
          cells.add(DraftCell.of(cell(SwedishFormat.integer(n), Map.of("antal", n)), Statistic.count(n), key));
          double share = balance.share(v, category, c);
          cells.add(DraftCell.of(cell(total == 0 ? "\u2013" : SwedishFormat.fixed(100 * share, 0),
              total == 0 ? Map.of() : Map.of("andel", share)), Statistic.share(n, total), key + "/andel"));
          t.relate(Line.sum(POPULATION, List.of(key), key + "/andel"));
        }
        cells.add(smdCell(balance, v, category, 0, 1));
        cells.add(structurallyEmpty(v, category, 2) ? DraftCell.plain(cell("\u2013", Map.of())) : smdCell(balance, v, category, 2, 3));
        t.row(CATEGORY_LABELS.getOrDefault(category, category), cells);
        if (!structurallyEmpty(v, category, 2)) {
          unpairedRest(t, v, category, counts);
        }
      }
      for (int c = 0; c < 4; c++) {
        // Every variable's categories (with "unknown") cover the group, so they add up to the total row.
        if (balance.total(v, c) == balance.total(first, c)) {
          int column = c;
          t.relate(Line.sum(POPULATION, balance.counts().get(v).keySet().stream()
              .filter(category -> !structurallyEmpty(v, category, column)
                  && !emptyUnknownRow(category, balance.counts().get(v).get(category)))
              .map(category -> balanceKey(v, category, column)).toList(), balanceTotalKey(c)));
        }
      }
    }
    List<DraftCell> total = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      long n = balance.total(first, c);
      total.add(DraftCell.of(cell(SwedishFormat.integer(n), Map.of("antal", n)), Statistic.count(n), balanceTotalKey(c)));
      total.add(DraftCell.plain(Cell.empty()));
    }
    total.add(DraftCell.plain(Cell.empty()));
    total.add(DraftCell.plain(Cell.empty()));
    return t.row("Total", total);
  }

  /**
   * The persons after matching are some of those before (the paired treated of the treated, the drawn referents
   * of the pool), so before − after, the unpaired persons of a category, is in no table but a reader subtracts:
   * a hidden cell per group in the line before = after + rest. Exact matching pairs within the cells of the
   * matching variables, so there the two groups' counts after matching are equal, which a reader knows too.
   */
  private void unpairedRest(TableDraft t, String v, String category, long[] counts) {
    for (int after = 2; after < 4; after++) {
      String rest = balanceRestKey(v, category, after);
      t.hidden(rest, Statistic.count(counts[after - 2] - counts[after]))
          .relate(Line.sum(POPULATION, List.of(balanceKey(v, category, after), rest), balanceKey(v, category, after - 2)));
    }
    if (s.method().equals("exact") && s.variables().contains(v)) {
      t.relate(new Line(POPULATION, List.of(balanceKey(v, category, 2), balanceKey(v, category, 3)), new double[] {1, -1}));
    }
  }

  /**
   * Zero by construction, so nothing to protect and not a cell for the checker: a person with an unknown
   * matching variable is never matched (columns 2 and 3). Drafted as cells, such a 0 would be withheld as a
   * 0 % share and, through the variable's sum line, force the suppression of a real category.
   */
  private boolean structurallyEmpty(String v, String category, int column) {
    return column >= 2 && CovariateBalance.UNKNOWN.equals(category) && s.variables().contains(v);
  }

  /** An unknown category nobody has in any column is not a row (the real categories are rows even when empty). */
  private static boolean emptyUnknownRow(String category, long[] counts) {
    return CovariateBalance.UNKNOWN.equals(category) && Arrays.stream(counts).allMatch(n -> n == 0);
  }

  /** The SMD is derived from the two shares: published only with both counts. */
  private DraftCell smdCell(CovariateBalance balance, String v, String category, int a, int b) {
    double smd = balance.smd(v, category, a, b);
    return DraftCell.following(cell(Double.isNaN(smd) ? "\u2013" : SwedishFormat.fixed(smd, 2),
        Double.isNaN(smd) ? Map.of() : Map.of("smd", smd)), List.of(balanceKey(v, category, a), balanceKey(v, category, b)));
  }

  /** Years of a family's share table: the before year (families 1-3) and the follow-up years. */
  private List<Integer> shareYears(int family) {
    List<Integer> years = new ArrayList<>();
    if (family <= 3) {
      years.add(s.beforeYear());
    }
    years.addAll(s.followupYears());
    return years;
  }

  /**
   * Tables 2-6 (all pairs) or 7-11 (the subgroup): shares per family, the before year and the follow-up years.
   *
   * @param sample the sample's key (alla, nybeviljade)
   * @param sampleText the title's description of the sample
   */
  public TableDraft shareTable(int number, int family, PairSummary summary, String sample, String sampleText) {
    List<Integer> years = shareYears(family);
    List<String> columns = new ArrayList<>();
    for (int y : years) {
      columns.addAll(List.of(y + " Utfallsgrupp", y + " Referensgrupp", y + " Differens¹", y + " Sign²"));
    }
    String title = "Tabell " + number + " " + FAMILY_TITLES.get(family) + (family >= 4 ? " " + join(s.followupYears()) : "")
        + " (n={0} individer i respektive grupp" + sampleText + ")";
    String note = SHARE_NOTE + (family == 1 ? " Inkomst av tjänst = " + s.incomeColumn() + " (pensionsgrundande "
        + "inkomst); SGI-gränsen = " + SwedishFormat.fixed(100 * s.incomeShareOfPrisbasbelopp(), 0)
        + " procent av årets prisbasbelopp." : "")
        + (family == 3 ? " Klass av årets första inskrivning; Någon form av anställning = sökandekategori "
        + String.join(", ", s.afAnstallning()) + " (seed 000 not 13), Arbetslös = " + String.join(", ", s.afArbetslos())
        + " (ANTAGANDE), övriga koder = Övriga program och stöd." : "")
        + (family == 5 ? " Minst en ersatt dag under året; en person kan ha båda förmånerna." : "");
    TableDraft t = new TableDraft(ID + "tabell_" + number, title, note, columns).titleCounts(pairsKey(sample));
    for (YearlyOutcomes.Outcome o : YearlyOutcomes.OUTCOMES) {
      if (o.family() != family) {
        continue;
      }
      List<DraftCell> cells = new ArrayList<>();
      for (int y : years) {
        cells.addAll(shareCells(summary.share(o.column(), y), sample, o.column(), y, true));
      }
      t.row(o.label(), cells);
    }
    return t;
  }

  /**
   * Tables 7-11: {@link #shareTable} of the subgroup, with the pairs outside it (all − subgroup) per outcome, year
   * and group as hidden cells in the lines all = subgroup + rest, so a small rest gets a published partner withheld.
   */
  public TableDraft subgroupShareTable(int number, int family, PairSummary.Samples samples, String sampleText) {
    TableDraft t = shareTable(number, family, samples.subgroup(), NYBEVILJADE, sampleText);
    long rest = samples.all().pairs() - samples.subgroup().pairs();
    for (YearlyOutcomes.Outcome o : YearlyOutcomes.OUTCOMES) {
      if (o.family() != family) {
        continue;
      }
      for (int y : shareYears(family)) {
        ShareTest all = samples.all().share(o.column(), y);
        ShareTest sub = samples.subgroup().share(o.column(), y);
        for (String group : List.of("U", "R")) {
          long with = group.equals("U") ? all.onesU() - sub.onesU() : all.onesR() - sub.onesR();
          String key = shareKey(OVRIGA, o.column(), y, group);
          t.hidden(key, Statistic.share(with, rest)).relate(Line.sum(POPULATION,
              List.of(shareKey(NYBEVILJADE, o.column(), y, group), key), shareKey("alla", o.column(), y, group)));
        }
      }
    }
    return t;
  }

  /** The two shares (share of the pairs' persons with the outcome) and, when asked, the difference and its stars. */
  private List<DraftCell> shareCells(ShareTest t, String sample, String outcome, int year, boolean withTest) {
    String u = shareKey(sample, outcome, year, "U");
    String r = shareKey(sample, outcome, year, "R");
    List<DraftCell> cells = new ArrayList<>();
    cells.add(DraftCell.of(cell(t.n() == 0 ? "\u2013" : SwedishFormat.fixed(100 * t.shareU(), 1),
        t.n() == 0 ? Map.of() : Map.of("andel", t.shareU(), "n", t.n())), Statistic.share(t.onesU(), t.n()), u));
    cells.add(DraftCell.of(cell(t.n() == 0 ? "\u2013" : SwedishFormat.fixed(100 * t.shareR(), 1),
        t.n() == 0 ? Map.of() : Map.of("andel", t.shareR(), "n", t.n())), Statistic.share(t.onesR(), t.n()), r));
    if (withTest) {
      double p = t.pValue();
      Map<String, Object> values = new LinkedHashMap<>();
      values.put("differens_pe", t.differencePp());
      values.put("p_varde", Double.isNaN(p) ? null : p);
      cells.add(DraftCell.following(cell(Double.isNaN(t.differencePp()) ? "\u2013" : SwedishFormat.fixed(t.differencePp(), 1),
          values), List.of(u, r)));
      cells.add(DraftCell.following(cell(Double.isNaN(p) ? "" : ShareTest.stars(p),
          Double.isNaN(p) ? Map.of() : Map.of("p_varde", p)), List.of(u, r)));
    }
    return cells;
  }

  /**
   * Beyond the seed: the difference in differences on the matched pairs, per outcome and follow-up year. Each
   * DiD is an estimate (treated and referent persons: the fewest with or without the outcome in the two
   * years) that follows the shares it is the difference of (those published in tables 2-11).
   */
  public TableDraft didTable(String id, String title, PairSummary summary, String sample) {
    List<String> columns = new ArrayList<>();
    for (int f : s.followupYears()) {
      columns.addAll(List.of(f + " DiD (pe)", f + " Medelfel", f + " P-värde", f + " Sign"));
    }
    TableDraft t = new TableDraft(ID + id, title, "Skillnad i skillnad på de matchade paren (utöver seed 000): medelvärdet av "
        + "(Y_U,uppföljning − Y_U," + s.beforeYear() + ") − (Y_R,uppföljning − Y_R," + s.beforeYear() + ") över paren, i "
        + "procentenheter; medelfelet är parskillnadernas standardavvikelse / √(antal par), så att matchningen finns "
        + "med i variansen. Normalapproximation; *: <10%, **: <5%, ***: <1%.", columns);
    for (YearlyOutcomes.Outcome o : YearlyOutcomes.OUTCOMES) {
      List<DraftCell> cells = new ArrayList<>();
      List<Integer> published = shareYears(o.family());
      for (int f : s.followupYears()) {
        ShareTest before = summary.share(o.column(), s.beforeYear());
        ShareTest after = summary.share(o.column(), f);
        long treated = java.util.stream.LongStream.of(before.onesU(), before.n() - before.onesU(), after.onesU(),
            after.n() - after.onesU()).min().orElse(0);
        long comparison = java.util.stream.LongStream.of(before.onesR(), before.n() - before.onesR(), after.onesR(),
            after.n() - after.onesR()).min().orElse(0);
        PairedDid did = summary.did(o.column(), f);
        List<String> follows = new ArrayList<>();
        for (int y : List.of(s.beforeYear(), f)) {
          if (published.contains(y)) {
            follows.add(shareKey(sample, o.column(), y, "U"));
            follows.add(shareKey(sample, o.column(), y, "R"));
          }
        }
        String key = didKey(sample, o.column(), f);
        double p = did.pValue();
        boolean na = Double.isNaN(did.estimate());
        cells.add(new DraftCell(cell(na ? "\u2013" : SwedishFormat.fixed(100 * did.estimate(), 1),
            na ? Map.of() : Map.of("did", did.estimate(), "par", did.pairs())),
            Statistic.estimate(na ? 0 : 100 * did.estimate(), treated, comparison), key, follows));
        cells.add(DraftCell.following(cell(Double.isNaN(did.standardError()) ? "\u2013"
            : SwedishFormat.fixed(100 * did.standardError(), 2), Double.isNaN(did.standardError()) ? Map.of()
            : Map.of("se", did.standardError())), List.of(key)));
        cells.add(DraftCell.following(cell(Double.isNaN(p) ? "\u2013" : SwedishFormat.pValue(p),
            Double.isNaN(p) ? Map.of() : Map.of("p_varde", p)), List.of(key)));
        cells.add(DraftCell.following(cell(Double.isNaN(p) ? "" : ShareTest.stars(p),
            Double.isNaN(p) ? Map.of() : Map.of("p_varde", p)), List.of(key)));
      }
      t.row(o.label(), cells);
    }
    return t;
  }

  /** The logit's treatment estimate as the checker sees it: treated and referents with and without the outcome. */
  private static Statistic logitStatistic(LogitAnalysis.Fit fit, double value) {
    return Statistic.estimate(value, Math.min(fit.treatedWith(), fit.treatedWithout()),
        Math.min(fit.comparisonWith(), fit.comparisonWithout()));
  }

  /** Tabell 12: odds ratio of treatment per outcome with 95 % CI and p, and whether the matched result agrees. */
  public TableDraft table12(List<LogitAnalysis.Fit> fits, PairSummary matched) {
    List<String> columns = List.of("Oddsratio", "95 % KI", "P-värde", "Överrisk?", "Sign?", "Matchning: överrisk?",
        "Matchning: sign?", "Samstämmigt?");
    TableDraft table = new TableDraft(ID + "tabell_12", "Tabell 12 Resultat från logistisk regression " + s.lastFollowupYear(),
        "Logit på hela studiepopulationen före matchning (utfallsgrupp och potentiell referensgrupp) med behandling och "
            + "matchningsvariablerna (" + String.join(", ", s.variables()) + ") som förklarande variabler; oddsratio för "
            + "behandling, 95 % Wald-intervall, p-värde från z-test. Sign? = p < 0,05. Matchningens resultat: "
            + "differensen " + s.lastFollowupYear() + " i tabell 2–6. Samstämmigt = samma riktning och samma signifikans. "
            + "En kategori där ingen eller alla har utfallet saknar ändlig koefficient; dess personer påverkar då inte "
            + "övriga skattningar (gränsvärdet som en vanlig GLM närmar sig), så de utesluts ur det utfallets modell och "
            + "tabell 12b anger vilka kategorier som uteslöts. "
            + "– = modellen kan inte skattas (t.ex. inga personer med utfallet).", columns);
    for (LogitAnalysis.Fit fit : fits) {
      String label = label(fit.outcome());
      if (fit.terms() == null) {
        List<DraftCell> cells = new ArrayList<>();
        for (int k = 0; k < columns.size(); k++) {
          cells.add(DraftCell.plain(cell("\u2013", Map.of())));
        }
        table.row(label, cells);
        continue;
      }
      LogitInference.Term t = fit.treatment();
      ShareTest m = matched.share(fit.outcome(), s.lastFollowupYear());
      boolean logitUp = t.oddsRatio() > 1;
      boolean logitSign = t.pValue() < 0.05;
      boolean matchedUp = m.differencePp() > 0;
      boolean matchedSign = m.pValue() < 0.05;
      String key = logitKey(fit.outcome(), "behandling");
      List<String> or = List.of(key);
      List<String> shares = List.of(shareKey("alla", fit.outcome(), s.lastFollowupYear(), "U"),
          shareKey("alla", fit.outcome(), s.lastFollowupYear(), "R"));
      List<String> both = new ArrayList<>(or);
      both.addAll(shares);
      boolean agree = logitUp == matchedUp && logitSign == matchedSign;
      table.row(label, List.of(
          DraftCell.of(cell(SwedishFormat.fixed(t.oddsRatio(), 3), Map.of("oddsratio", t.oddsRatio(), "koefficient",
              t.coefficient(), "se", t.standardError())), logitStatistic(fit, t.oddsRatio()), key),
          DraftCell.following(cell(SwedishFormat.fixed(t.oddsRatioLower(), 3) + "–" + SwedishFormat.fixed(t.oddsRatioUpper(), 3),
              Map.of("ki_nedre", t.oddsRatioLower(), "ki_ovre", t.oddsRatioUpper())), or),
          DraftCell.following(cell(SwedishFormat.pValue(t.pValue()), Map.of("p_varde", t.pValue())), or),
          DraftCell.following(cell(truth(logitUp), Map.of("overrisk", logitUp)), or),
          DraftCell.following(cell(truth(logitSign), Map.of("sign", logitSign)), or),
          DraftCell.following(cell(truth(matchedUp), Map.of("overrisk", matchedUp)), shares),
          DraftCell.following(cell(truth(matchedSign), Map.of("sign", matchedSign)), shares),
          DraftCell.following(cell(truth(agree), Map.of("samstammigt", agree)), both)));
    }
    return table;
  }

  /**
   * Every coefficient of every outcome's logit (the matching variables' odds ratios, beyond the seed): each
   * coefficient an estimate of its own, published only with the outcome's treatment odds ratio in Tabell 12.
   */
  public TableDraft table12Terms(List<LogitAnalysis.Fit> fits) {
    TableDraft table = new TableDraft(ID + "tabell_12_koefficienter", "Tabell 12b Logistisk regression, samtliga koefficienter "
        + s.lastFollowupYear(), "Referenskategori = den första kategorin i tabell 1 som finns i modellens data. "
        + "En kategori där utfallet saknar variation (ingen eller alla har det, se tabell 12) ingår inte i det "
        + "utfallets modell och saknar rad här; den namnges inte, eftersom det vore en andel på 0 eller 100 %. "
        + "Utöver seed 000.",
        List.of("Koefficient", "Medelfel", "Oddsratio", "95 % KI", "P-värde"));
    for (LogitAnalysis.Fit fit : fits) {
      if (fit.terms() == null) {
        continue;
      }
      table.heading(label(fit.outcome()));
      List<String> treatment = List.of(logitKey(fit.outcome(), "behandling"));
      for (int j = 0; j < fit.names().size(); j++) {
        LogitInference.Term t = fit.terms()[j];
        String key = logitKey(fit.outcome(), "koefficient/" + fit.names().get(j));
        List<String> follows = List.of(key);
        table.row(fit.names().get(j), List.of(
            new DraftCell(cell(SwedishFormat.fixed(t.coefficient(), 4), Map.of("koefficient", t.coefficient())),
                logitStatistic(fit, t.coefficient()), key, treatment),
            DraftCell.following(cell(SwedishFormat.fixed(t.standardError(), 4), Map.of("se", t.standardError())), follows),
            DraftCell.following(cell(SwedishFormat.fixed(t.oddsRatio(), 3), Map.of("oddsratio", t.oddsRatio())), follows),
            DraftCell.following(cell(SwedishFormat.fixed(t.oddsRatioLower(), 3) + "–" + SwedishFormat.fixed(t.oddsRatioUpper(), 3),
                Map.of("ki_nedre", t.oddsRatioLower(), "ki_ovre", t.oddsRatioUpper())), follows),
            DraftCell.following(cell(SwedishFormat.pValue(t.pValue()), Map.of("p_varde", t.pValue())), follows)));
      }
    }
    return table;
  }

  /**
   * The seed's Figur 1 as a table: how the study population was formed, the pairs, and the treated
   * persons without a referent by reason (reported, never dropped silently). The pairs and the treated
   * without a referent add up to the treated ({@link MatchedJob} declares it when it holds).
   */
  public TableDraft unmatchedTable(Map<String, Long> flow, Map<String, Long> byReason, long pairs, long subgroupPairs) {
    TableDraft t = new TableDraft(ID + "utfall", "Figur 1 Studiepopulation och matchningens utfall", "Metod: " + (s.method().equals("exact")
        ? "exakt matchning utan återläggning på " + String.join(", ", s.variables()) + ", en slumpvis referent per person (frö "
        + s.seed() + ")." : "närmaste granne på propensity score inom kalipern " + s.caliper() + ", utan återläggning.")
        + " Personer i utfallsgruppen utan referent ingår inte i tabell 2–11 och redovisas här.", List.of("Antal"));
    int step = 0;
    for (Map.Entry<String, Long> e : flow.entrySet()) {
      t.row(e.getKey(), List.of(countCell(e.getValue(), flowKey(step++))));
    }
    t.row("Matchade par", List.of(countCell(pairs, PAIRS_KEY)));
    t.row("Varav par vars person i utfallsgruppen beviljats aktivitetsersättning nyligen",
        List.of(countCell(subgroupPairs, pairsKey(NYBEVILJADE))));
    t.hidden(pairsKey(OVRIGA), Statistic.count(pairs - subgroupPairs))
        .relate(Line.sum(POPULATION, List.of(pairsKey(NYBEVILJADE), pairsKey(OVRIGA)), PAIRS_KEY));
    byReason.forEach((reason, n) -> t.row("Utan referent: " + reason, List.of(countCell(n, unmatchedKey(reason)))));
    return t;
  }

  private static DraftCell countCell(long n, String key) {
    return DraftCell.of(cell(SwedishFormat.integer(n), Map.of("antal", n)), Statistic.count(n), key);
  }

  /**
   * Diagrams 1-3 as the seed draws them: the yearly share of both groups over the whole window (before year
   * to the last follow-up year), one pair of lines per outcome. The shares are the cells of tables 2-6 under
   * the same keys, and the figure is drawn from the checked cells ({@link ShareTrendFigure}).
   */
  public EventStudyFigure.Draft diagram(String id, String title, List<YearlyOutcomes.Outcome> outcomes, PairSummary summary) {
    List<String> columns = new ArrayList<>();
    for (int y : s.years()) {
      columns.add(y + " Utfallsgrupp");
      columns.add(y + " Referensgrupp");
    }
    TableDraft t = new TableDraft(ID + id, title, "Andel (%) per år i de matchade grupperna (samma andelar som i "
        + "tabell 2–6); blå = utfallsgrupp, orange = referensgrupp. En andel som inte visas (röjandekontroll) bryter "
        + "linjen.", columns);
    for (YearlyOutcomes.Outcome o : outcomes) {
      List<DraftCell> cells = new ArrayList<>();
      for (int y : s.years()) {
        cells.addAll(shareCells(summary.share(o.column(), y), "alla", o.column(), y, false));
      }
      t.row(o.label(), cells);
    }
    return ShareTrendFigure.draft(t, s.years(), s.baseYear());
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
