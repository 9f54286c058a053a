package se.finsam.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import se.finsam.disclosure.TableDraft;
import se.finsam.report.ReportTable.Cell;

/**
 * An event-study figure like seed 002 Figures 2-7 as inline SVG: one point per event month with its
 * 95 % interval, months before the first meeting in red and from it on in blue, a dashed zero line.
 * The figure's data is a draft for the output checker (each point under its estimate's key, so a month
 * is withheld in the figure exactly when it is in a table); the SVG is drawn from the checked data, and
 * withheld months are left out of the plot (and marked ".." in the figure's CSV).
 */
public final class EventStudyFigure {
  static final String PRE_COLOUR = "#c0392b";
  static final String POST_COLOUR = "#1f5fa8";
  private static final int WIDTH = 760;
  private static final int HEIGHT = 330;
  private static final int LEFT = 78;
  private static final int RIGHT = 16;
  private static final int TOP = 28;
  private static final int BOTTOM = 48;

  private EventStudyFigure() {}

  /**
   * A rendered figure with the table of its points; a figure of several panels has the panels' markup
   * as its drawing and no table of its own (each panel names its own).
   */
  public record Figure(String id, String title, String note, String svg, ReportTable data, int points) {}

  /**
   * How the event-time axis is worded: its unit (singular, plural), the event it counts from and that
   * event's own period (time 0).
   */
  public record TimeAxis(String unit, String units, String axisLabel, String afterLegend, String around, String zero) {
    /** Seed 002: months around the first team meeting. */
    public static final TimeAxis MEETING_MONTHS = new TimeAxis("månad", "månader",
        "Månader före (−) och efter första mötet med teamen", "Efter (från första mötet)", "kring första mötet",
        "mötesmånaden");
  }

  /** A figure before the output checker: its data as a draft, and how to draw it from the checked data. */
  public record Draft(TableDraft data, java.util.function.Function<ReportTable, Figure> render) {}

  /**
   * A numbered figure of several panels (seed 002 Figure 5), each panel a {@link Draft} with its own
   * axis, caption and data; one panel is the figure itself.
   */
  public record Panelled(String id, String title, String note, List<Draft> panels) {
    public Panelled {
      panels = List.copyOf(panels);
    }

    /** Draws every panel from its checked data and puts them under the figure's caption and note. */
    public Figure render(Map<String, ReportTable> published) {
      List<Figure> drawn = panels.stream().map(p -> p.render().apply(published.get(p.data().id()))).toList();
      if (drawn.size() == 1) {
        return drawn.get(0);
      }
      StringBuilder html = new StringBuilder();
      for (Figure panel : drawn) {
        html.append("<div class=\"panel\" id=\"").append(panel.id()).append("\">\n<h4>")
            .append(HtmlReport.escape(panel.title())).append("</h4>\n").append(panel.svg())
            .append("\n<p class=\"note\">").append(HtmlReport.escape(panel.note())).append(" Data: <code>")
            .append(panel.id()).append(".csv</code>.</p>\n</div>\n");
      }
      return new Figure(id, title, note, html.toString(), null, drawn.stream().mapToInt(Figure::points).sum());
    }
  }

  /** @param estimates the dynamic estimates inside the window, in event-time order */
  public static Draft draft(String id, String title, String yLabel, int[] window, List<Estimate> estimates,
                            String modelLabel) {
    return draft(id, title, yLabel, window, estimates, modelLabel, TimeAxis.MEETING_MONTHS);
  }

  /** As above, with the event-time axis worded by {@code axis}. */
  public static Draft draft(String id, String title, String yLabel, int[] window, List<Estimate> estimates,
                            String modelLabel, TimeAxis axis) {
    return draft(id, title, yLabel, window, estimates, modelLabel, "", axis);
  }

  /**
   * As above, with {@code measured} (the calendar months the estimates rest on, "" when not stated)
   * after the window in the note.
   */
  public static Draft draft(String id, String title, String yLabel, int[] window, List<Estimate> estimates,
                            String modelLabel, String measured, TimeAxis axis) {
    String note = "Skattning och 95 % konfidensintervall per " + axis.unit() + ", " + modelLabel + ", från " + window[0]
        + " till " + window[1] + " " + axis.units() + " " + axis.around() + (measured.isEmpty() ? "" : ", " + measured)
        + "; rött före, blått från och med " + axis.zero() + " (0). Streckad linje = noll.";
    TableDraft data = new TableDraft(id, title, note, List.of(modelLabel));
    for (Estimate e : estimates) {
      Map<String, Object> values = new LinkedHashMap<>();
      values.put("event_time", e.egt());
      values.put("att", e.att());
      values.put("se", e.se());
      values.put("ci_lower", e.ciLower());
      values.put("ci_upper", e.ciUpper());
      values.put("treated_persons", e.treatedPersons());
      values.put("comparison_persons", e.comparisonPersons());
      data.row(String.valueOf(e.egt()), List.of(TableDraft.DraftCell.of(
          Cell.of(List.of(SwedishFormat.number(e.att())), values), e.statistic(), e.key())));
    }
    return new Draft(data, checked -> render(checked, yLabel, window, estimates, axis));
  }

  /** Draws the checked data: the points whose row is not withheld. */
  static Figure render(ReportTable checked, String yLabel, int[] window, List<Estimate> estimates, TimeAxis axis) {
    String title = checked.title();
    List<Estimate> published = new ArrayList<>();
    for (int i = 0; i < estimates.size(); i++) {
      if (!checked.rows().get(i).cells().get(0).suppressed()) {
        published.add(estimates.get(i));
      }
    }
    List<Estimate> shown = published.stream()
        .filter(e -> !Double.isNaN(e.ciLower()) && !Double.isNaN(e.ciUpper())).toList();
    double lo = 0;
    double hi = 0;
    for (Estimate e : shown) {
      lo = Math.min(lo, e.ciLower());
      hi = Math.max(hi, e.ciUpper());
    }
    if (hi - lo <= 0) {
      hi = lo + 1;
    }
    double step = niceStep((hi - lo) / 5);
    double yMin = Math.floor(lo / step) * step;
    double yMax = Math.ceil(hi / step) * step;
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    java.util.function.DoubleUnaryOperator x = e -> LEFT + (e - window[0] + 0.5) / (window[1] - window[0] + 1) * plotW;
    java.util.function.DoubleUnaryOperator y = v -> TOP + (yMax - v) / (yMax - yMin) * plotH;

    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"event-study\" "
        + "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">%n",
        WIDTH, HEIGHT, WIDTH, HEIGHT, HtmlReport.escape(title)));
    svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fff\" stroke=\"#999\"/>%n",
        LEFT, TOP, plotW, plotH));
    int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9)) + (isHalfStep(step) ? 1 : 0);
    for (double v = yMin; v <= yMax + step / 2; v += step) {
      double py = y.applyAsDouble(v);
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" class=\"tick\">%s</text>%n",
          LEFT, LEFT + plotW, py, py, LEFT - 6, py + 4, SwedishFormat.fixed(Math.abs(v) < step / 1e6 ? 0 : v, decimals)));
    }
    int xStep = window[1] - window[0] > 40 ? 10 : 5;
    for (int e = (int) Math.ceil(window[0] / (double) xStep) * xStep; e <= window[1]; e += xStep) {
      double px = x.applyAsDouble(e);
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#555\"/>"
          + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"tick\">%s</text>%n",
          px, px, TOP + plotH, TOP + plotH + 5, px, TOP + plotH + 18, SwedishFormat.integer(e)));
    }
    double zero = y.applyAsDouble(0);
    svg.append(String.format(Locale.ROOT, "<line class=\"zero\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" "
        + "stroke=\"#333\" stroke-dasharray=\"6 4\"/>%n", LEFT, LEFT + plotW, zero, zero));
    for (Estimate e : shown) {
      String colour = e.egt() < 0 ? PRE_COLOUR : POST_COLOUR;
      double px = x.applyAsDouble(e.egt());
      svg.append(String.format(Locale.ROOT, "<g class=\"point %s\"><title>%s: %s (%s till %s)</title>"
          + "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1.4\"/>"
          + "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.8\" fill=\"%s\"/></g>%n",
          e.egt() < 0 ? "pre" : "post", SwedishFormat.integer(e.egt()), SwedishFormat.number(e.att()),
          SwedishFormat.number(e.ciLower()), SwedishFormat.number(e.ciUpper()),
          px, px, y.applyAsDouble(e.ciLower()), y.applyAsDouble(e.ciUpper()), colour,
          px, y.applyAsDouble(e.att()), colour));
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"axis\">"
        + "%s</text>%n", LEFT + plotW / 2.0, HEIGHT - 8, HtmlReport.escape(axis.axisLabel())));
    svg.append(String.format(Locale.ROOT, "<text transform=\"translate(16 %.1f) rotate(-90)\" text-anchor=\"middle\" "
        + "class=\"axis\">%s</text>%n", TOP + plotH / 2.0, HtmlReport.escape(yLabel)));
    svg.append(String.format(Locale.ROOT, "<g class=\"legend\"><circle cx=\"%d\" cy=\"14\" r=\"4\" fill=\"%s\"/>"
        + "<text x=\"%d\" y=\"18\">Före</text><circle cx=\"%d\" cy=\"14\" r=\"4\" fill=\"%s\"/>"
        + "<text x=\"%d\" y=\"18\">%s</text></g>%n",
        LEFT + 4, PRE_COLOUR, LEFT + 12, LEFT + 64, POST_COLOUR, LEFT + 72, HtmlReport.escape(axis.afterLegend())));
    svg.append("</svg>");

    int withheld = estimates.size() - published.size();
    String note = checked.note()
        + (withheld > 0 ? " " + withheld + " " + axis.units() + " visas inte (röjandekontroll)." : "");
    return new Figure(checked.id(), title, note, svg.toString(),
        new ReportTable(checked.id(), title, note, checked.columns(), checked.rows()), shown.size());
  }

  /** 1, 2, 2.5 or 5 times a power of ten, at least {@code raw}. */
  public static double niceStep(double raw) {
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * power >= raw) {
        return m * power;
      }
    }
    return 10 * power;
  }

  private static boolean isHalfStep(double step) {
    double mantissa = step / Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
    return Math.abs(mantissa - 2.5) < 1e-9;
  }
}
