package se.finsam.disclosure;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import se.finsam.report.ReportFolder;

/**
 * A run's record of what each design published, cell by cell, so that tables of several designs over one
 * population are protected against each other although the designs publish one after another. A design
 * is checked against what the run's other designs published ({@link #prior}) and then recorded
 * ({@link #record}); earlier publications are never reopened, so a later design adds its own partners.
 *
 * <p>The record holds the values of withheld cells, so it lives in the warehouse's results zone
 * ({@code results/disclosure/<run>/<design>.cells}), never beside the published report. It is written like a
 * report folder (hidden temporary file renamed into place, one manifest per design).
 */
public final class RunLedger {
  private static final String CELL = "cell";
  private static final String LINE = "line";
  /** The last field of a hidden cell's record (empty for a published one). */
  private static final String HIDDEN = "hidden";

  private final ReportFolder folder;

  private RunLedger(ReportFolder folder) {
    this.folder = folder;
  }

  /** The ledger of run {@code runId} in the job's warehouse. */
  public static RunLedger of(se.finsam.jobs.JobContext context, String runId) throws IOException {
    return at(context.warehouse().table(se.finsam.warehouse.Zone.RESULTS, "disclosure/" + runId),
        context.spark().sparkContext().hadoopConfiguration());
  }

  /** The ledger of one run at {@code dir} (a warehouse path, any Hadoop file system). */
  public static RunLedger at(String dir, Configuration hadoop) throws IOException {
    return new RunLedger(ReportFolder.at(dir, hadoop));
  }

  /** The check of a design's drafts against what the run's other designs published. */
  @FunctionalInterface
  public interface Check {
    CheckedOutputs against(Prior prior);
  }

  /**
   * The one disclosure step of every design: checks its drafts against what the run's other designs
   * published and records the outcome before the design publishes anything. A record whose publication
   * then fails only makes later designs more careful; a publication without its record would let a later
   * design publish a differencing partner.
   */
  public CheckedOutputs checkAndRecord(String design, Check check) throws IOException {
    CheckedOutputs checked = check.against(prior(design));
    record(design, checked);
    return checked;
  }

  /** Everything the run's designs other than {@code design} have published. */
  public Prior prior(String design) throws IOException {
    List<Prior.Cell> cells = new ArrayList<>();
    List<Line> lines = new ArrayList<>();
    for (String other : folder.designs()) {
      if (other.equals(design)) {
        continue;
      }
      for (Map.Entry<String, String> file : folder.read(other).entrySet()) {
        parse(other, file.getKey(), file.getValue(), cells, lines);
      }
    }
    return new Prior(cells, lines);
  }

  /** Records what {@code design} publishes, replacing its earlier record in the run. */
  public void record(String design, CheckedOutputs checked) throws IOException {
    StringBuilder out = new StringBuilder();
    for (Prior.Cell c : checked.cells()) {
      Statistic s = c.statistic();
      out.append(String.join("\t", CELL, escape(c.table()), escape(c.row()), escape(c.column()), escape(c.key()),
          s.kind().name(), Double.toString(s.value()), Long.toString(s.persons()), Long.toString(s.denominator()),
          String.join(",", Arrays.stream(s.top()).mapToObj(Double::toString).toList()), Long.toString(s.comparison()),
          Double.toString(s.lower()), c.rule() == null ? "" : c.rule().name(), c.hidden() ? HIDDEN : "")).append('\n');
    }
    for (Line l : checked.lines()) {
      out.append(LINE).append('\t').append(escape(l.population()));
      for (int k = 0; k < l.keys().size(); k++) {
        out.append('\t').append(escape(l.keys().get(k))).append('\t').append(l.weights()[k]);
      }
      out.append('\n');
    }
    folder.publish(design, new ReportFolder.Files().add(design + ".cells", out.toString()));
  }

  private static void parse(String design, String file, String content, List<Prior.Cell> cells, List<Line> lines) {
    String[] rows = content.split("\n");
    for (int n = 0; n < rows.length; n++) {
      if (rows[n].isEmpty()) {
        continue;
      }
      String[] f = rows[n].split("\t", -1);
      try {
        // 13 fields: a record written before hidden cells existed.
        if (f[0].equals(CELL) && (f.length == 13 || f.length == 14 && (f[13].isEmpty() || f[13].equals(HIDDEN)))) {
          double[] top = f[9].isEmpty() ? new double[0] : Arrays.stream(f[9].split(",")).mapToDouble(Double::parseDouble).toArray();
          Statistic s = new Statistic(Statistic.Kind.valueOf(f[5]), Double.parseDouble(f[6]), Long.parseLong(f[7]),
              Long.parseLong(f[8]), top, Long.parseLong(f[10]), Double.parseDouble(f[11]));
          cells.add(new Prior.Cell(design, unescape(f[1]), unescape(f[2]), unescape(f[3]), unescape(f[4]), s,
              f[12].isEmpty() ? null : Rule.valueOf(f[12]), f.length == 14 && f[13].equals(HIDDEN)));
        } else if (f[0].equals(LINE) && f.length >= 6 && f.length % 2 == 0) {
          List<String> keys = new ArrayList<>();
          double[] weights = new double[(f.length - 2) / 2];
          for (int k = 0; k < weights.length; k++) {
            keys.add(unescape(f[2 + 2 * k]));
            weights[k] = Double.parseDouble(f[3 + 2 * k]);
          }
          lines.add(new Line(unescape(f[1]), keys, weights));
        } else {
          throw new IllegalArgumentException("neither a cell of 13 or 14 fields nor a line of key-weight pairs");
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("disclosure ledger " + file + " of design " + design + ", line " + (n + 1)
            + ": " + e.getMessage(), e);
      }
    }
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
  }

  private static String unescape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char next = s.charAt(++i);
        out.append(next == 't' ? '\t' : next == 'n' ? '\n' : next);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
