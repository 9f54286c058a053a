package se.finsam.kommun;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import se.finsam.disclosure.Line;
import se.finsam.disclosure.OutputChecker;
import se.finsam.disclosure.Statistic;
import se.finsam.disclosure.TableDraft;
import se.finsam.disclosure.TableDraft.DraftCell;
import se.finsam.report.Estimate;
import se.finsam.report.EventStudyFigure;
import se.finsam.report.ReportTable.Cell;
import se.finsam.report.SwedishFormat;
import se.finsam.results.ResultSchemas;

/**
 * The drafts of the municipality report's tables and figures, one function per table; every one is
 * published only through the output checker ({@code se.finsam.disclosure.OutputChecker}), each cell
 * with the statistic (and persons) behind it.
 */
final class KommunTables {
  /** Years around the municipality's joining. */
  private static final EventStudyFigure.TimeAxis JOINING_YEARS = new EventStudyFigure.TimeAxis("år", "år",
      "År före (−) och efter anslutningen till ett samordningsförbund", "Efter (från anslutningsåret)",
      "kring anslutningen", "anslutningsåret");

  private final KommunSettings settings;

  KommunTables(KommunSettings settings) {
    this.settings = settings;
  }

  /**
   * Municipalities by joining year with their population (the first group) in the first year of the
   * panel and its share of the total; the rows' populations sum to the total (a relation the checker
   * protects).
   */
  TableDraft municipalitiesByJoiningYear(String id, String title, List<KommunSample.PanelRow> panel) {
    String grupp = settings.groups().get(0).name();
    TreeMap<String, long[]> rows = new TreeMap<>();
    for (KommunSample.PanelRow r : panel) {
      if (r.grupp().equals(grupp) && r.ar() == settings.fromYear()) {
        long[] v = rows.computeIfAbsent(joiningLabel(r.anslutningsar()), k -> new long[2]);
        v[0]++;
        v[1] += r.befolkning();
      }
    }
    long total = rows.values().stream().mapToLong(v -> v[1]).sum();
    long municipalities = rows.values().stream().mapToLong(v -> v[0]).sum();
    TableDraft draft = new TableDraft(id, title, "Befolkning: " + settings.groups().get(0).label()
        .toLowerCase(java.util.Locale.ROOT) + " år " + settings.fromYear() + " (folkbokförda vid årets slut). "
        + "Anslutningsår: första året kommunen är medlem i något samordningsförbund (forbund_medlemskap). "
        + "Källa: panel/kommun_ar.", List.of("Kommuner", "Befolkning", "Andel av befolkningen"));
    List<String> parts = new ArrayList<>();
    rows.put("\uffffTotalt", new long[] {municipalities, total});
    for (Map.Entry<String, long[]> e : rows.entrySet()) {
      long[] v = e.getValue();
      String label = e.getKey().replace("\uffff", "");
      String key = "kommun/" + id + "/" + label;
      double share = total == 0 ? Double.NaN : (double) v[1] / total;
      draft.row(label, List.of(
          DraftCell.of(Cell.of(List.of(SwedishFormat.integer(v[0])), Map.of("kommuner", v[0])),
              Statistic.count(v[1]), key + "/kommuner"),
          DraftCell.of(Cell.of(List.of(SwedishFormat.integer(v[1])), Map.of("befolkning", v[1])),
              Statistic.count(v[1]), key + "/befolkning"),
          DraftCell.of(Cell.of(List.of(SwedishFormat.percent(share, 1)), Map.of("andel", share)),
              Statistic.share(v[1], total), key + "/andel")));
      if (!label.equals("Totalt")) {
        parts.add(key + "/befolkning");
      }
    }
    return draft.relate(Line.sum("kommun/" + id, parts, "kommun/" + id + "/Totalt/befolkning"));
  }

  private String joiningLabel(int year) {
    if (year == 0) {
      return "Aldrig medlem";
    }
    if (year <= settings.fromYear()) {
      return "Medlem redan " + settings.fromYear();
    }
    return year > settings.toYear() ? "Ansluten efter " + settings.toYear() : "Ansluten " + year;
  }

  /** Per year: the share of the population (the first group) living in a municipality that is a member. */
  TableDraft coverage(String id, String title, List<KommunSample.PanelRow> panel) {
    String grupp = settings.groups().get(0).name();
    TreeMap<Integer, long[]> years = new TreeMap<>();
    for (KommunSample.PanelRow r : panel) {
      if (r.grupp().equals(grupp)) {
        long[] v = years.computeIfAbsent(r.ar(), k -> new long[3]);
        boolean member = r.anslutningsar() > 0 && r.anslutningsar() <= r.ar();
        v[0] += member ? 1 : 0;
        v[1] += member ? r.befolkning() : 0;
        v[2] += r.befolkning();
      }
    }
    TableDraft draft = new TableDraft(id, title, "Medlem: kommunen har anslutit sig till ett samordningsförbund "
        + "samma år eller tidigare (en kommun som lämnat räknas som ansluten, se finsam.kommun.lamnat).",
        List.of("Kommuner i förbund", "Andel av befolkningen i förbundskommuner"));
    for (Map.Entry<Integer, long[]> e : years.entrySet()) {
      long[] v = e.getValue();
      String key = "kommun/" + id + "/" + e.getKey();
      double share = v[2] == 0 ? Double.NaN : (double) v[1] / v[2];
      draft.row(String.valueOf(e.getKey()), List.of(
          DraftCell.of(Cell.of(List.of(SwedishFormat.integer(v[0])), Map.of("kommuner", v[0])),
              Statistic.count(v[1]), key + "/kommuner"),
          DraftCell.of(Cell.of(List.of(SwedishFormat.percent(share, 1)), Map.of("andel", share)),
              Statistic.share(v[1], v[2]), key + "/andel")));
    }
    return draft;
  }

  /**
   * Event-time effects of one group: a row per outcome, a column per year after joining (0..max) and
   * the simple average over them, in percentage points with stars and the standard error below.
   */
  TableDraft effects(String id, String title, KommunSettings.Grupp grupp, Map<String, List<Estimate>> byOutcome,
                     Map<String, Map<Integer, Double>> simpleWeights, Map<String, Double> pretestP, int maxEventTime) {
    List<String> columns = new ArrayList<>();
    for (int e = 0; e <= maxEventTime; e++) {
      columns.add("År " + e);
    }
    columns.add("Samtliga år");
    columns.add("Förtest (p)");
    TableDraft draft = new TableDraft(id, title, "Skillnad i andel (procentenheter) mellan kommuner som gått med i ett "
        + "samordningsförbund och kommuner som (ännu) inte gått med, efter antal år sedan anslutningen "
        + "(Callaway och Sant'Anna; kommunen är enheten). Standardfel inom parentes. * p<0,05, ** p<0,01, "
        + "*** p<0,001. Samtliga år: genomsnitt av ATT(g,t) år 0–" + maxEventTime + ". Förtest: Wald-test av "
        + "att alla effekter före anslutningen är noll. " + grupp.label() + ".", columns);
    for (Utfall u : Utfall.values()) {
      List<Estimate> estimates = byOutcome.get(u.column());
      if (estimates == null) {
        continue;
      }
      List<DraftCell> cells = new ArrayList<>();
      Map<Integer, Estimate> years = new LinkedHashMap<>();
      for (int e = 0; e <= maxEventTime; e++) {
        int event = e;
        Optional<Estimate> year = estimates.stream().filter(x -> x.type().equals(ResultSchemas.DYNAMIC) && x.egt() != null
            && x.egt() == event).findFirst();
        year.ifPresent(y -> years.put(event, y));
        cells.add(year.map(KommunTables::cell).orElse(DraftCell.plain(Cell.empty())));
      }
      Optional<Estimate> simple = estimates.stream().filter(x -> x.type().equals(ResultSchemas.SIMPLE) && x.egt() == null)
          .findFirst();
      cells.add(simple.map(KommunTables::cell).orElse(DraftCell.plain(Cell.empty())));
      simple.flatMap(all -> simpleLine(grupp, u, all, years, simpleWeights.getOrDefault(u.column(), Map.of())))
          .ifPresent(draft::relate);
      Double p = pretestP.get(u.column());
      cells.add(DraftCell.plain(p == null ? Cell.empty() : Cell.of(List.of(SwedishFormat.pValue(p)), Map.of("pretest_p", p))));
      draft.row(u.label(), cells);
    }
    return draft;
  }

  /**
   * "Samtliga år" (the simple aggregate) is the years' estimates weighted by their joining groups' sizes
   * ({@code simple_weight} of results/aggte); a reader who knows the group sizes could solve a withheld year
   * from it and the others, so the relation is declared when every year it weighs is in the table.
   */
  private static Optional<Line> simpleLine(KommunSettings.Grupp grupp, Utfall u, Estimate simple,
                                           Map<Integer, Estimate> years, Map<Integer, Double> weights) {
    List<String> keys = new ArrayList<>();
    List<Double> w = new ArrayList<>();
    Map<String, Double> values = new LinkedHashMap<>();
    for (Map.Entry<Integer, Double> e : weights.entrySet()) {
      if (e.getValue() == 0) {
        continue;
      }
      Estimate year = years.get(e.getKey());
      if (year == null || Double.isNaN(year.att())) {
        return Optional.empty();
      }
      keys.add(year.key());
      w.add(e.getValue());
      values.put(year.key(), year.att());
    }
    if (keys.isEmpty() || Double.isNaN(simple.att())) {
      return Optional.empty();
    }
    keys.add(simple.key());
    w.add(-1.0);
    values.put(simple.key(), simple.att());
    Line line = new Line("kommun/" + grupp.name() + "/" + u.column(), keys, w.stream().mapToDouble(Double::doubleValue).toArray());
    return OutputChecker.holds(line, values) ? Optional.of(line) : Optional.empty();
  }

  private static DraftCell cell(Estimate e) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("att_procentenheter", 100 * e.att());
    values.put("se_procentenheter", 100 * e.se());
    values.put("p_value", e.pValue());
    values.put("stars", e.stars());
    values.put("ci_lower_procentenheter", 100 * e.ciLower());
    values.put("ci_upper_procentenheter", 100 * e.ciUpper());
    values.put("kommunar", e.nObs());
    values.put("persons", e.nPersons());
    return DraftCell.of(Cell.of(List.of(SwedishFormat.number(100 * e.att()) + e.stars(),
        "(" + SwedishFormat.number(100 * e.se()) + ")"), values), e.statistic(), e.key());
  }

  /** The event-study figure of one outcome and group (differences in share, the estimates as stored). */
  EventStudyFigure.Draft figure(String id, String title, KommunSettings.Grupp grupp, Utfall u, List<Estimate> estimates,
                                int[] window) {
    List<Estimate> points = estimates.stream()
        .filter(x -> x.type().equals(ResultSchemas.DYNAMIC) && x.egt() != null && x.egt() >= window[0] && x.egt() <= window[1])
        .sorted(java.util.Comparator.comparing(Estimate::egt))
        .toList();
    return EventStudyFigure.draft(id, title, u.label() + " (skillnad i andel)", window, points, grupp.label(), JOINING_YEARS);
  }
}
