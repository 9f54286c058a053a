package se.finsam.matched;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import se.finsam.disclosure.TableDraft;
import se.finsam.report.EventStudyFigure;
import se.finsam.report.HtmlReport;
import se.finsam.report.ReportTable;
import se.finsam.report.SwedishFormat;

/**
 * Seed 000 Diagrams 1-3: the yearly share of the treated (utfallsgrupp) and of their referents, one line
 * each, for every outcome row of the figure's data. The data is a draft of share cells under the same keys
 * as tables 2-11, so the output checker treats a year's share alike everywhere; the lines are drawn from the
 * checked table only (its cells' {@code andel}), so a withheld share is a gap in its line.
 */
final class ShareTrendFigure {
  static final String TREATED_COLOUR = "#1f5fa8";
  static final String REFERENT_COLOUR = "#e0a44a";
  /** Line styles of the outcome rows of one figure (Diagram 2 has two). */
  private static final List<String> DASHES = List.of("", "6 4", "2 3", "8 3 2 3");
  private static final int WIDTH = 760;
  private static final int HEIGHT = 330;
  private static final int LEFT = 64;
  private static final int RIGHT = 16;
  private static final int TOP = 34;
  private static final int BOTTOM = 48;

  private ShareTrendFigure() {}

  /**
   * @param data rows = outcomes; per year of {@code years} two share cells (treated, referents) with value
   *     {@code andel}
   * @param baseYear the insats year, marked in the figure
   */
  static EventStudyFigure.Draft draft(TableDraft data, List<Integer> years, int baseYear) {
    return new EventStudyFigure.Draft(data, checked -> new EventStudyFigure.Figure(checked.id(), checked.title(),
        checked.note(), svg(checked, years, baseYear), checked, plotted(checked).size()));
  }

  /** A plotted point: outcome row, group (0 treated, 1 referents), year and share. */
  record Point(int row, int group, int year, double share) {}

  /** The points the checked table publishes: every share cell not withheld and with a value. */
  static List<Point> plotted(ReportTable checked) {
    List<Point> points = new ArrayList<>();
    List<ReportTable.Row> rows = checked.rows();
    for (int i = 0; i < rows.size(); i++) {
      List<ReportTable.Cell> cells = rows.get(i).cells();
      for (int j = 0; j < cells.size(); j++) {
        Object share = cells.get(j).values().get("andel");
        if (!cells.get(j).suppressed() && share != null) {
          points.add(new Point(i, j % 2, Integer.parseInt(checked.columns().get(j).split(" ")[0]), (Double) share));
        }
      }
    }
    return points;
  }

  private static String svg(ReportTable checked, List<Integer> years, int baseYear) {
    List<Point> points = plotted(checked);
    double top = points.stream().mapToDouble(p -> 100 * p.share()).max().orElse(0);
    double step = EventStudyFigure.niceStep(Math.max(1, top) / 5);
    double yMax = Math.max(step, Math.ceil(top / step) * step);
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    java.util.function.IntToDoubleFunction x = year -> LEFT + (years.indexOf(year) + 0.5) / years.size() * plotW;
    java.util.function.DoubleUnaryOperator y = v -> TOP + (yMax - v) / yMax * plotH;
    StringBuilder svg = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
        + "class=\"event-study\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">%n",
        WIDTH, HEIGHT, WIDTH, HEIGHT, HtmlReport.escape(checked.title())));
    svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fff\" stroke=\"#999\"/>%n",
        LEFT, TOP, plotW, plotH));
    // As many decimals as the step has (a step of 2,5 % shows 7,5).
    int decimals = step == Math.rint(step) ? 0 : 10 * step == Math.rint(10 * step) ? 1 : 2;
    for (double v = 0; v <= yMax + step / 2; v += step) {
      double py = y.applyAsDouble(v);
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" class=\"tick\">%s</text>%n",
          LEFT, LEFT + plotW, py, py, LEFT - 6, py + 4, SwedishFormat.fixed(v, decimals)));
    }
    for (int year : years) {
      double px = x.applyAsDouble(year);
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"tick\">%d</text>%n",
          px, TOP + plotH + 18, year));
    }
    if (years.contains(baseYear)) {
      double px = x.applyAsDouble(baseYear);
      svg.append(String.format(Locale.ROOT, "<line class=\"insatsar\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" "
          + "stroke=\"#888\" stroke-dasharray=\"2 3\"/>%n", px, px, TOP, TOP + plotH));
    }
    for (int row = 0; row < checked.rows().size(); row++) {
      for (int group = 0; group < 2; group++) {
        int r = row;
        int g = group;
        List<Point> line = points.stream().filter(p -> p.row() == r && p.group() == g).toList();
        svg.append(path(line, years, x, y, group, DASHES.get(row % DASHES.size())));
        for (Point p : line) {
          svg.append(String.format(Locale.ROOT, "<circle class=\"point\" data-rad=\"%d\" data-grupp=\"%s\" data-ar=\"%d\" "
              + "data-andel=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s, %s %d: %s %%</title></circle>%n",
              row, group == 0 ? "U" : "R", p.year(), Double.toString(p.share()), x.applyAsDouble(p.year()),
              y.applyAsDouble(100 * p.share()), colour(group), HtmlReport.escape(checked.rows().get(row).label()),
              group == 0 ? "utfallsgrupp" : "referensgrupp", p.year(), SwedishFormat.fixed(100 * p.share(), 1)));
        }
      }
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"axis\">År (prickad "
        + "linje = insatsåret %d)</text>%n", LEFT + plotW / 2.0, HEIGHT - 8, baseYear));
    svg.append(String.format(Locale.ROOT, "<text transform=\"translate(16 %.1f) rotate(-90)\" text-anchor=\"middle\" "
        + "class=\"axis\">Andel (%%)</text>%n", TOP + plotH / 2.0));
    svg.append(legend(checked));
    return svg.append("</svg>").toString();
  }

  /** The line through a group's published points; a year without a published share breaks it. */
  private static String path(List<Point> line, List<Integer> years, java.util.function.IntToDoubleFunction x,
                             java.util.function.DoubleUnaryOperator y, int group, String dash) {
    StringBuilder d = new StringBuilder();
    int previous = Integer.MIN_VALUE;
    for (Point p : line) {
      boolean joined = years.indexOf(p.year()) == previous + 1;
      d.append(String.format(Locale.ROOT, "%s%.1f %.1f ", joined ? "L" : "M", x.applyAsDouble(p.year()),
          y.applyAsDouble(100 * p.share())));
      previous = years.indexOf(p.year());
    }
    return d.isEmpty() ? "" : String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\"%s/>%n",
        d.toString().trim(), colour(group), dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"");
  }

  private static String legend(ReportTable checked) {
    StringBuilder legend = new StringBuilder("<g class=\"legend\">");
    legend.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"14\" r=\"4\" fill=\"%s\"/><text x=\"%d\" y=\"18\">"
        + "Utfallsgrupp</text><circle cx=\"%d\" cy=\"14\" r=\"4\" fill=\"%s\"/><text x=\"%d\" y=\"18\">Referensgrupp</text>",
        LEFT + 4, TREATED_COLOUR, LEFT + 12, LEFT + 110, REFERENT_COLOUR, LEFT + 118));
    if (checked.rows().size() > 1) {
      for (int row = 0; row < checked.rows().size(); row++) {
        int x0 = LEFT + 240 + 200 * row;
        String dash = DASHES.get(row % DASHES.size());
        legend.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"14\" y2=\"14\" stroke=\"#333\" "
            + "stroke-width=\"1.8\"%s/><text x=\"%d\" y=\"18\">%s</text>", x0, x0 + 24,
            dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"", x0 + 30,
            HtmlReport.escape(checked.rows().get(row).label())));
      }
    }
    return legend.append("</g>\n").toString();
  }

  private static String colour(int group) {
    return group == 0 ? TREATED_COLOUR : REFERENT_COLOUR;
  }
}
