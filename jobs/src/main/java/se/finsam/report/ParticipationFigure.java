package se.finsam.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.year;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import se.finsam.disclosure.CountTable;
import se.finsam.disclosure.Statistic;
import se.finsam.disclosure.TableDraft;
import se.finsam.report.ReportTable.Cell;

/**
 * Seed 002 Figure 1: the persons asked to take part in the experiment who accepted or declined, by the
 * month they were asked, as a stacked bar chart. Read from the curated experiment table, since those
 * who declined never enter the panel. Spark counts persons per month and answer; the counts with their
 * margins (asked per month, accepted and declined in total) are a two-way table of counts for the
 * output checker; the chart is drawn from the checked counts. A month whose split is suppressed but whose total is not is drawn as an outlined bar
 * of the total; a month with nothing publishable is marked "..".
 */
public final class ParticipationFigure {
  static final String ACCEPTED_COLOUR = "#1f5fa8";
  static final String DECLINED_COLOUR = "#e0a44a";
  private static final int WIDTH = 760;
  private static final int HEIGHT = 340;
  private static final int LEFT = 64;
  private static final int RIGHT = 16;
  private static final int TOP = 30;
  private static final int BOTTOM = 70;
  private static final List<String> COLUMNS = List.of("Tackade ja", "Tackade nej", "Tillfrågade");
  private static final String PREFIX = "deltagare/tillfragade";
  /** The keys of the totals (ja, nej, all asked), which {@link ConsentComparison} publishes too. */
  static final CountTable TOTALS = new CountTable(PREFIX, 0, 2);

  private ParticipationFigure() {}

  /**
   * @param deltagare the curated {@code experiment_deltagare}: {@code pid, tillfragad_datum, samtycke}
   * @return empty when nobody was asked (a design without an experiment)
   */
  public static Optional<EventStudyFigure.Draft> build(Dataset<Row> deltagare, ReportSettings settings) {
    List<Row> counts = deltagare.filter(col("tillfragad_datum").isNotNull().and(col("samtycke").isNotNull()))
        .groupBy(year(col("tillfragad_datum")).multiply(100).plus(month(col("tillfragad_datum"))).as("period"),
            col("samtycke"))
        .agg(countDistinct("pid").as("persons"))
        .collectAsList();
    if (counts.isEmpty()) {
      return Optional.empty();
    }
    int first = counts.stream().mapToInt(r -> r.getInt(0)).min().orElseThrow();
    int last = counts.stream().mapToInt(r -> r.getInt(0)).max().orElseThrow();
    List<Integer> months = new ArrayList<>();
    for (int p = first; p <= last; p = p % 100 == 12 ? (p / 100 + 1) * 100 + 1 : p + 1) {
      months.add(p); // months without anyone asked stay in the chart as gaps
    }
    long[][] interior = new long[months.size()][2];
    for (Row r : counts) {
      interior[months.indexOf(r.getInt(0))][r.getBoolean(1) ? 0 : 1] = r.getLong(2);
    }
    CountTable layout = new CountTable(PREFIX, months.size(), 2);
    long[][] shown = new long[months.size() + 1][3]; // ja, nej, tillfrågade per month; the last row the totals
    for (int i = 0; i < months.size(); i++) {
      shown[i] = new long[] {interior[i][0], interior[i][1], interior[i][0] + interior[i][1]};
      for (int j = 0; j < 3; j++) {
        shown[months.size()][j] += shown[i][j];
      }
    }
    String title = settings.catalogue().caption("Figur 1");
    String note = "Personer som tillfrågades om att delta i utvärderingen, efter den månad de tillfrågades och "
        + "om de samtyckte (experimentets deltagartabell; de som tackade nej finns inte i panelen). Staplar med "
        + "streckad kontur: bara antalet tillfrågade kan visas, uppdelningen är undertryckt; \"..\" = månaden kan "
        + "inte visas (färre än " + settings.minPersons() + " personer eller sekundärt undertryckt).";
    TableDraft data = new TableDraft("figur_1", title, note, COLUMNS).relate(layout.lines("experiment_deltagare"));
    for (int i = 0; i <= months.size(); i++) {
      boolean total = i == months.size();
      String[] keys = total ? new String[] {layout.columnTotal(0), layout.columnTotal(1), layout.grandTotal()}
          : new String[] {layout.cell(i, 0), layout.cell(i, 1), layout.rowTotal(i)};
      List<TableDraft.DraftCell> cells = new ArrayList<>();
      for (int j = 0; j < 3; j++) {
        cells.add(TableDraft.DraftCell.of(Cell.of(List.of(SwedishFormat.integer(shown[i][j])),
            Map.of("persons", shown[i][j])), Statistic.count(shown[i][j]), keys[j]));
      }
      data.row(total ? "Totalt" : label(months.get(i)), cells);
    }
    return Optional.of(new EventStudyFigure.Draft(data, checked -> new EventStudyFigure.Figure("figur_1", title,
        note, svg(title, months, shown, checked), checked, months.size())));
  }

  /** A YYYYMM period as {@code 2019-08}. */
  static String label(int period) {
    return String.format(Locale.ROOT, "%d-%02d", period / 100, period % 100);
  }

  /** Draws the checked counts: {@code shown[i]} = ja, nej, tillfrågade of month i; withheld cells as in {@code checked}. */
  private static String svg(String title, List<Integer> months, long[][] shown, ReportTable checked) {
    boolean[][] suppressed = new boolean[months.size()][3];
    for (int i = 0; i < months.size(); i++) {
      for (int j = 0; j < 3; j++) {
        suppressed[i][j] = checked.rows().get(i).cells().get(j).suppressed();
      }
    }
    long top = 0;
    for (int i = 0; i < months.size(); i++) {
      if (!suppressed[i][2]) {
        top = Math.max(top, shown[i][2]);
      } else {
        for (int j = 0; j < 2; j++) {
          top = Math.max(top, suppressed[i][j] ? 0 : shown[i][j]);
        }
      }
    }
    double step = Math.max(1, EventStudyFigure.niceStep(Math.max(1, top) / 5.0));
    double yMax = Math.max(step, Math.ceil(top / step) * step);
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    double slot = plotW / (double) months.size();
    double bar = Math.max(1, slot * 0.72);
    java.util.function.DoubleUnaryOperator y = v -> TOP + (yMax - v) / yMax * plotH;

    StringBuilder svg = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
        + "class=\"bar-chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">%n",
        WIDTH, HEIGHT, WIDTH, HEIGHT, HtmlReport.escape(title)));
    for (double v = 0; v <= yMax + step / 2; v += step) {
      double py = y.applyAsDouble(v);
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" class=\"tick\">%s</text>%n",
          LEFT, LEFT + plotW, py, py, v == 0 ? "#333" : "#e3e3e3", LEFT - 6, py + 4, SwedishFormat.integer(Math.round(v))));
    }
    int labelEvery = months.size() > 36 ? 3 : 1;
    for (int i = 0; i < months.size(); i++) {
      double x = LEFT + i * slot + (slot - bar) / 2;
      double centre = x + bar / 2;
      String month = label(months.get(i));
      long[] persons = shown[i];
      boolean[] withheld = suppressed[i];
      int accepted = 0;
      int declined = 1;
      int total = 2;
      if (persons[total] == 0 && !withheld[total]) {
        // nobody asked this month: a gap
      } else if (!withheld[accepted] && !withheld[declined]) {
        double base = y.applyAsDouble(0);
        double acceptedTop = y.applyAsDouble(persons[accepted]);
        double declinedTop = y.applyAsDouble(persons[accepted] + persons[declined]);
        svg.append(String.format(Locale.ROOT, "<g class=\"bar\"><title>%s: %s ja, %s nej</title>"
            + "<rect class=\"accepted\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>"
            + "<rect class=\"declined\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/></g>%n",
            month, SwedishFormat.integer(persons[accepted]), SwedishFormat.integer(persons[declined]),
            x, acceptedTop, bar, base - acceptedTop, ACCEPTED_COLOUR, x, declinedTop, bar, acceptedTop - declinedTop,
            DECLINED_COLOUR));
      } else if (!withheld[total]) {
        double totalTop = y.applyAsDouble(persons[total]);
        svg.append(String.format(Locale.ROOT, "<g class=\"bar total-only\"><title>%s: %s tillfrågade (uppdelning "
            + "undertryckt)</title><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#fff\" "
            + "stroke=\"#555\" stroke-dasharray=\"3 2\"/></g>%n",
            month, SwedishFormat.integer(persons[total]), x, totalTop, bar, y.applyAsDouble(0) - totalTop));
      } else {
        svg.append(String.format(Locale.ROOT, "<text class=\"tick withheld\" x=\"%.1f\" y=\"%.1f\" "
            + "text-anchor=\"middle\">..</text>%n", centre, y.applyAsDouble(0) - 4));
      }
      if (i % labelEvery == 0) {
        svg.append(String.format(Locale.ROOT, "<text class=\"tick\" text-anchor=\"end\" "
            + "transform=\"translate(%.1f %d) rotate(-60)\">%s</text>%n", centre + 3, TOP + plotH + 8, month));
      }
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"axis\">"
        + "Månad då personen tillfrågades</text>%n", LEFT + plotW / 2.0, HEIGHT - 6));
    svg.append(String.format(Locale.ROOT, "<text transform=\"translate(16 %.1f) rotate(-90)\" text-anchor=\"middle\" "
        + "class=\"axis\">Antal personer</text>%n", TOP + plotH / 2.0));
    svg.append(String.format(Locale.ROOT, "<g class=\"legend\"><rect x=\"%d\" y=\"8\" width=\"10\" height=\"10\" "
        + "fill=\"%s\"/><text x=\"%d\" y=\"17\">Tackade ja</text><rect x=\"%d\" y=\"8\" width=\"10\" height=\"10\" "
        + "fill=\"%s\"/><text x=\"%d\" y=\"17\">Tackade nej</text></g>%n",
        LEFT + 4, ACCEPTED_COLOUR, LEFT + 18, LEFT + 104, DECLINED_COLOUR, LEFT + 118));
    return svg.append("</svg>").toString();
  }
}
