package se.finsam.kommun;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import se.finsam.report.Disclosure;
import se.finsam.report.Estimate;
import se.finsam.report.EventStudyFigure;
import se.finsam.report.ReportTable;
import se.finsam.report.ReportTable.Cell;
import se.finsam.report.ReportTable.Row;
import se.finsam.report.SwedishFormat;
import se.finsam.results.ResultSchemas;

/**
 * The published tables of the municipality report, one function per table, each through disclosure
 * control ({@link Disclosure}) with the persons behind every cell kept in its values.
 */
final class KommunTables {
  private final KommunSettings settings;
  private final int minPersons;
  private final boolean suppressZeros;

  KommunTables(KommunSettings settings, int minPersons, boolean suppressZeros) {
    this.settings = settings;
    this.minPersons = minPersons;
    this.suppressZeros = suppressZeros;
  }

  /** An estimate over municipalities is published when its treated municipalities hold enough residents. */
  boolean suppressed(Estimate e) {
    return Disclosure.primary(e.persons(), minPersons, suppressZeros);
  }

  /**
   * Municipalities by joining year with their population (the first group) in the first year of the
   * panel and its share of the total; a row of too few persons is suppressed, and secondary suppression
   * keeps it from being recovered from the total.
   */
  ReportTable municipalitiesByJoiningYear(String id, String title, List<KommunSample.PanelRow> panel) {
    String grupp = settings.groups().get(0).name();
    TreeMap<String, long[]> rows = new TreeMap<>();
    for (KommunSample.PanelRow r : panel) {
      if (r.grupp().equals(grupp) && r.ar() == settings.fromYear()) {
        long[] v = rows.computeIfAbsent(joiningLabel(r.anslutningsar()), k -> new long[2]);
        v[0]++;
        v[1] += r.befolkning();
      }
    }
    List<String> labels = new ArrayList<>(rows.keySet());
    long total = rows.values().stream().mapToLong(v -> v[1]).sum();
    long municipalities = rows.values().stream().mapToLong(v -> v[0]).sum();
    long[] persons = new long[labels.size() + 1];
    int[] parts = new int[labels.size()];
    for (int i = 0; i < labels.size(); i++) {
      persons[i] = rows.get(labels.get(i))[1];
      parts[i] = i;
    }
    persons[labels.size()] = total;
    boolean[] suppressed = Disclosure.suppress(persons, List.of(Disclosure.Line.sum(parts, labels.size())), minPersons,
        suppressZeros);
    List<Row> out = new ArrayList<>();
    for (int i = 0; i <= labels.size(); i++) {
      long[] v = i < labels.size() ? rows.get(labels.get(i)) : new long[] {municipalities, total};
      String label = i < labels.size() ? labels.get(i) : "Totalt";
      if (suppressed[i]) {
        out.add(new Row(label, List.of(Cell.suppressedCell(), Cell.suppressedCell(), Cell.suppressedCell())));
        continue;
      }
      double share = total == 0 ? Double.NaN : (double) v[1] / total;
      out.add(new Row(label, List.of(
          Cell.of(List.of(SwedishFormat.integer(v[0])), Map.of("kommuner", v[0], "persons", v[1])),
          Cell.of(List.of(SwedishFormat.integer(v[1])), Map.of("befolkning", v[1], "persons", v[1])),
          Cell.of(List.of(SwedishFormat.percent(share, 1)), Map.of("andel", share, "persons", v[1])))));
    }
    return new ReportTable(id, title, "Befolkning: " + settings.groups().get(0).label().toLowerCase(java.util.Locale.ROOT)
        + " år " + settings.fromYear() + " (folkbokförda vid årets slut). Anslutningsår: första året kommunen är medlem "
        + "i något samordningsförbund (forbund_medlemskap). Källa: panel/kommun_ar.",
        List.of("Kommuner", "Befolkning", "Andel av befolkningen"), out);
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
  ReportTable coverage(String id, String title, List<KommunSample.PanelRow> panel) {
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
    List<Row> out = new ArrayList<>();
    for (Map.Entry<Integer, long[]> e : years.entrySet()) {
      long[] v = e.getValue();
      if (Disclosure.primary(v[1], minPersons, suppressZeros)) {
        out.add(new Row(String.valueOf(e.getKey()), List.of(Cell.suppressedCell(), Cell.suppressedCell())));
        continue;
      }
      double share = v[2] == 0 ? Double.NaN : (double) v[1] / v[2];
      out.add(new Row(String.valueOf(e.getKey()), List.of(
          Cell.of(List.of(SwedishFormat.integer(v[0])), Map.of("kommuner", v[0], "persons", v[1])),
          Cell.of(List.of(SwedishFormat.percent(share, 1)), Map.of("andel", share, "persons", v[1])))));
    }
    return new ReportTable(id, title, "Medlem: kommunen har anslutit sig till ett samordningsförbund samma år eller "
        + "tidigare (en kommun som lämnat räknas som ansluten, se finsam.kommun.lamnat).",
        List.of("Kommuner i förbund", "Andel av befolkningen i förbundskommuner"), out);
  }

  /**
   * Event-time effects of one group: a row per outcome, a column per year after joining (0..max) and
   * the simple average over them, in percentage points with stars and the standard error below.
   */
  ReportTable effects(String id, String title, KommunSettings.Grupp grupp, Map<String, List<Estimate>> byOutcome,
                      Map<String, Double> pretestP, int maxEventTime) {
    List<String> columns = new ArrayList<>();
    for (int e = 0; e <= maxEventTime; e++) {
      columns.add("År " + e);
    }
    columns.add("Samtliga år");
    columns.add("Förtest (p)");
    List<Row> rows = new ArrayList<>();
    for (Utfall u : Utfall.values()) {
      List<Estimate> estimates = byOutcome.get(u.column());
      if (estimates == null) {
        continue;
      }
      List<Cell> cells = new ArrayList<>();
      for (int e = 0; e <= maxEventTime; e++) {
        int event = e;
        cells.add(estimates.stream().filter(x -> x.type().equals(ResultSchemas.DYNAMIC) && x.egt() != null
            && x.egt() == event).findFirst().map(this::cell).orElse(Cell.empty()));
      }
      cells.add(estimates.stream().filter(x -> x.type().equals(ResultSchemas.SIMPLE) && x.egt() == null)
          .findFirst().map(this::cell).orElse(Cell.empty()));
      Double p = pretestP.get(u.column());
      cells.add(p == null ? Cell.empty() : Cell.of(List.of(SwedishFormat.pValue(p)), Map.of("pretest_p", p)));
      rows.add(new Row(u.label(), cells));
    }
    return new ReportTable(id, title, "Skillnad i andel (procentenheter) mellan kommuner som gått med i ett "
        + "samordningsförbund och kommuner som (ännu) inte gått med, efter antal år sedan anslutningen "
        + "(Callaway och Sant'Anna; kommunen är enheten). Standardfel inom parentes. * p<0,05, ** p<0,01, "
        + "*** p<0,001. Samtliga år: genomsnitt av ATT(g,t) år 0–" + maxEventTime + ". Förtest: Wald-test av "
        + "att alla effekter före anslutningen är noll. " + grupp.label() + ".", columns, rows);
  }

  private Cell cell(Estimate e) {
    if (suppressed(e)) {
      return Cell.suppressedCell();
    }
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("att_procentenheter", 100 * e.att());
    values.put("se_procentenheter", 100 * e.se());
    values.put("p_value", e.pValue());
    values.put("stars", e.stars());
    values.put("ci_lower_procentenheter", 100 * e.ciLower());
    values.put("ci_upper_procentenheter", 100 * e.ciUpper());
    values.put("kommunar", e.nObs());
    values.put("persons", e.nPersons());
    return Cell.of(List.of(SwedishFormat.number(100 * e.att()) + e.stars(), "(" + SwedishFormat.number(100 * e.se()) + ")"),
        values);
  }

  /** Years around the municipality's joining. */
  private static final EventStudyFigure.TimeAxis JOINING_YEARS = new EventStudyFigure.TimeAxis("år", "år",
      "År före (−) och efter anslutningen till ett samordningsförbund", "Efter (från anslutningsåret)",
      "kring anslutningen", "anslutningsåret");

  /** The event-study figure of one outcome and group, in percentage points. */
  EventStudyFigure.Figure figure(String id, String title, KommunSettings.Grupp grupp, Utfall u, List<Estimate> estimates,
                                 int[] window) {
    List<Estimate> points = estimates.stream()
        .filter(x -> x.type().equals(ResultSchemas.DYNAMIC) && x.egt() != null && x.egt() >= window[0] && x.egt() <= window[1])
        .sorted(java.util.Comparator.comparing(Estimate::egt))
        .map(x -> new Estimate(x.outcome(), x.model(), x.type(), x.egt(), 100 * x.att(), 100 * x.se(),
            100 * x.ciLower(), 100 * x.ciUpper(), x.nObs(), x.nPersons(), x.treatedPersons(), x.preMean(),
            x.relativeEffect()))
        .toList();
    Predicate<Estimate> hidden = this::suppressed;
    return EventStudyFigure.render(id, title, u.label() + " (procentenheter)", window, points, hidden, grupp.label(),
        JOINING_YEARS);
  }

  /**
   * Every municipality-year share of the panel (CSV only): a share built on fewer residents than the
   * threshold is suppressed. Only shares are published, not populations or counts, so no share can
   * be recovered from others.
   */
  ReportTable shares(String id, List<KommunSample.PanelRow> panel) {
    List<String> columns = new ArrayList<>();
    for (Utfall u : Utfall.values()) {
      columns.add(u.column());
    }
    List<Row> rows = new ArrayList<>();
    panel.stream().sorted(java.util.Comparator.comparing(KommunSample.PanelRow::kommun)
            .thenComparing(KommunSample.PanelRow::ar).thenComparing(KommunSample.PanelRow::grupp))
        .forEach(r -> {
          boolean small = Disclosure.primary(r.befolkning(), minPersons, suppressZeros);
          List<Cell> cells = new ArrayList<>();
          for (Utfall u : Utfall.values()) {
            double share = r.shares().get(u);
            cells.add(Double.isNaN(share) ? Cell.empty() : small ? Cell.suppressedCell()
                : Cell.of(List.of(SwedishFormat.percent(share, 1)), Map.of("andel", share)));
          }
          rows.add(new Row(r.kommun() + " " + r.ar() + " " + r.grupp(), cells));
        });
    return new ReportTable(id, "Andelar per kommun, år och grupp", "Andelar under röjandegränsen är undertryckta.",
        columns, rows);
  }
}
