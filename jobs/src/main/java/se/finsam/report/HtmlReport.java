package se.finsam.report;

import java.util.List;

/**
 * The report page: one self-contained HTML file (inline CSS, inline SVG, no scripts, fonts or links
 * to fetch) that reads offline and prints on A4 with each part on a new page and no table or figure
 * split across pages.
 */
public final class HtmlReport {
  private static final String CSS = """
      body { font-family: "Source Serif Pro", Georgia, "Times New Roman", serif; color: #1a1a1a;
             max-width: 1100px; margin: 2em auto; padding: 0 1.5em; line-height: 1.4; }
      h1 { font-size: 1.7em; margin-bottom: .2em; }
      h2 { font-size: 1.35em; border-bottom: 2px solid #1f5fa8; padding-bottom: .2em; margin-top: 2.2em; }
      h3 { font-size: 1.05em; margin: 1.6em 0 .4em; }
      h4 { font-size: .95em; font-weight: 600; margin: 1.1em 0 .3em; }
      .meta, .note, figcaption { color: #555; font-size: .88em; }
      nav ol { columns: 2; font-size: .92em; }
      table { border-collapse: collapse; margin: .3em 0 .4em; font-size: .9em; width: 100%;
              font-variant-numeric: tabular-nums; }
      thead th { border-top: 2px solid #333; border-bottom: 1px solid #333; font-weight: 600;
                 vertical-align: bottom; padding: .35em .5em; text-align: right; }
      thead th:first-child { text-align: left; }
      tbody td { padding: .25em .5em; text-align: right; vertical-align: top; white-space: nowrap; }
      tbody td:first-child { text-align: left; white-space: normal; }
      tbody tr:last-child td { border-bottom: 2px solid #333; }
      tr.heading td { font-style: italic; padding-top: .6em; }
      tr.sub td { color: #555; font-size: .92em; }
      tr.sub td:first-child { padding-left: 1.5em; }
      td .second { display: block; color: #555; font-size: .9em; }
      td.suppressed { color: #888; }
      figure { margin: 1.2em 0 2em; }
      svg.event-study, svg.bar-chart { max-width: 100%; height: auto; font-family: Helvetica, Arial, sans-serif; }
      svg .tick { font-size: 11px; fill: #333; } svg .axis { font-size: 12px; fill: #222; }
      svg .legend text { font-size: 12px; }
      section.part { page-break-before: always; break-before: page; }
      section.part:first-of-type { page-break-before: auto; break-before: auto; }
      @media print {
        @page { size: A4; margin: 14mm 12mm; }
        body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
        nav { display: none; }
        .table-block, figure { page-break-inside: avoid; break-inside: avoid; }
        thead { display: table-header-group; }
        h2, h3 { page-break-after: avoid; break-after: avoid; }
      }
      """;

  private HtmlReport() {}

  /** A titled part of the report: introduction text, then tables and figures. */
  public record Part(String id, String title, String intro, List<ReportTable> tables,
                     List<EventStudyFigure.Figure> figures) {}

  public static String render(String title, String subtitle, List<Part> parts) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(escape(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n")
        .append("<header><h1>").append(escape(title)).append("</h1>\n<p class=\"meta\">").append(escape(subtitle))
        .append("</p></header>\n<nav><h2>Innehåll</h2><ol>\n");
    for (Part part : parts) {
      html.append("<li><a href=\"#").append(part.id()).append("\">").append(escape(part.title())).append("</a></li>\n");
    }
    html.append("</ol></nav>\n");
    for (Part part : parts) {
      html.append("<section class=\"part\" id=\"").append(part.id()).append("\">\n<h2>")
          .append(escape(part.title())).append("</h2>\n");
      if (!part.intro().isEmpty()) {
        html.append("<p>").append(escape(part.intro())).append("</p>\n");
      }
      part.tables().forEach(t -> html.append(table(t)));
      for (EventStudyFigure.Figure f : part.figures()) {
        html.append("<figure id=\"").append(f.id()).append("\">\n<h3>").append(escape(f.title())).append("</h3>\n")
            .append(f.svg()).append("\n<figcaption>").append(escape(f.note()))
            .append(f.data() == null ? "" : " Data: <code>" + f.id() + ".csv</code>.").append("</figcaption>\n</figure>\n");
      }
      html.append("</section>\n");
    }
    html.append("</body>\n</html>\n");
    return html.toString();
  }

  static String table(ReportTable t) {
    StringBuilder html = new StringBuilder("<div class=\"table-block\" id=\"").append(t.id()).append("\">\n<h3>")
        .append(escape(t.title())).append("</h3>\n<table>\n<thead><tr><th></th>");
    t.columns().forEach(c -> html.append("<th>").append(escape(c)).append("</th>"));
    html.append("</tr></thead>\n<tbody>\n");
    for (ReportTable.Row row : t.rows()) {
      if (row.isHeading()) {
        if (!row.label().isEmpty()) { // an empty heading only ends the previous section
          html.append("<tr class=\"heading\"><td colspan=\"").append(t.columns().size() + 1).append("\">")
              .append(escape(row.label())).append("</td></tr>\n");
        }
        continue;
      }
      boolean sub = row.label().startsWith("  ");
      html.append(sub ? "<tr class=\"sub\">" : "<tr>").append("<td>").append(escape(row.label().strip())).append("</td>");
      for (ReportTable.Cell cell : row.cells()) {
        html.append(cell.suppressed() ? "<td class=\"suppressed\">" : "<td>");
        for (int i = 0; i < cell.lines().size(); i++) {
          String line = escape(cell.lines().get(i));
          html.append(i == 0 ? line : "<span class=\"second\">" + line + "</span>");
        }
        html.append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</tbody>\n</table>\n");
    if (!t.note().isEmpty()) {
      html.append("<p class=\"note\">Anm.: ").append(escape(t.note())).append(" Data: <code>").append(t.id())
          .append(".csv</code>.</p>\n");
    }
    return html.append("</div>\n").toString();
  }

  public static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
