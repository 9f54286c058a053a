package se.finsam.disclosure;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import se.finsam.jobs.Job;
import se.finsam.jobs.JobContext;
import se.finsam.jobs.JobOption;
import se.finsam.jobs.JobRunner;
import se.finsam.report.ReportTable;

/**
 * Benchmark of the output checker (issue 18): generated tables of the seed 002 report's shape and size
 * (headline and before/after estimates of every outcome and model, event-study figures, Figure 1, B1 and
 * five balance tables with their lines) checked and audited in one call. Counts are drawn for a run of
 * {@code persons} persons with a share of small cells, so suppression and the audit have work to do.
 * Pure Java: no Spark work, no data read.
 */
public final class DisclosureBenchmarkJob implements Job {
  private static final String P = "finsam.bench-disclosure.";

  @Override
  public String name() {
    return "bench-disclosure";
  }

  @Override
  public String summary() {
    return "benchmark of the output checker and its audit on generated tables of the seed 002 report's size";
  }

  @Override
  public List<JobOption> options() {
    return List.of(
        JobOption.of("persons", P + "persons", "persons of the run the counts are drawn for"),
        JobOption.of("outcomes", P + "outcomes", "outcomes (rows of the estimate tables)"),
        JobOption.of("models", P + "models", "models (columns of the estimate tables)"),
        JobOption.of("small-share", P + "small-share", "share of cells with 0-4 persons"),
        JobOption.of("repeat", P + "repeat", "checks timed (the first warms the JIT)"));
  }

  @Override
  public void run(JobContext context) {
    Config c = context.config().getConfig("finsam.bench-disclosure");
    DisclosureSettings settings = DisclosureSettings.from(context.config());
    List<TableDraft> drafts = drafts(c.getLong("persons"), c.getInt("outcomes"), c.getInt("models"),
        c.getDouble("small-share"), new Random(20261202));
    long cells = drafts.stream().mapToLong(d -> d.rows().stream().mapToLong(r -> r.cells().size()).sum()).sum();
    long lines = drafts.stream().mapToLong(d -> d.lines().size()).sum();
    context.metrics().read("generated tables", drafts.size());
    for (int i = 0; i < c.getInt("repeat"); i++) {
      long start = System.nanoTime();
      CheckedOutputs checked = new OutputChecker(settings).check(drafts);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.println(String.format(Locale.ROOT, "bench-disclosure: %d tables, %d cells, %d lines, %d withheld "
          + "(%d by the audit), audit %s, %.2f s", drafts.size(), cells, lines, checked.withheld().size(),
          checked.count(Rule.AUDIT), checked.passed() ? "passed" : "FAILED", seconds));
    }
  }

  /** Tables of the seed 002 report's shape. */
  static List<TableDraft> drafts(long persons, int outcomes, int models, double smallShare, Random random) {
    List<TableDraft> drafts = new ArrayList<>();
    List<String> columns = new ArrayList<>();
    for (int m = 0; m < models; m++) {
      columns.add("M" + m);
    }
    long participants = Math.max(50, persons / 10);
    for (String type : List.of("headline", "before-after")) {
      for (int family = 0; family < 9; family++) {
        TableDraft t = new TableDraft(type + family, type + family, "", columns);
        for (int o = family; o < outcomes; o += 9) {
          for (String row : type.equals("headline") ? List.of("overall") : List.of("pre", "post")) {
            List<TableDraft.DraftCell> cells = new ArrayList<>();
            for (int m = 0; m < models; m++) {
              long treated = count(participants / 2, smallShare / 4, random);
              cells.add(cell(Statistic.estimate(random.nextGaussian() * 100, treated, participants - treated),
                  "estimate/" + o + "/" + m + "/" + row));
            }
            t.row("o" + o + " " + row, cells);
          }
        }
        drafts.add(t);
      }
    }
    for (int f = 0; f < 6; f++) {
      TableDraft t = new TableDraft("figure" + f, "figure" + f, "", List.of("M0"));
      for (int e = -40; e <= 20; e++) {
        long treated = count(participants / 2, smallShare, random);
        t.row(String.valueOf(e), List.of(cell(Statistic.estimate(random.nextGaussian(), treated, participants),
            "dynamic/" + f + "/" + e)));
      }
      drafts.add(t);
    }
    drafts.add(countTable("figur_1", 60, 2, participants / 60, smallShare, random));
    drafts.add(countTable("tabell_b1", 9, 2, participants / 9, smallShare, random));
    for (int b = 3; b <= 7; b++) {
      TableDraft t = new TableDraft("tabell_b" + b, "tabell_b" + b, "", List.of("all", "a", "b"));
      for (int v = 0; v < 30; v++) {
        long na = count(participants / 2, smallShare, random);
        long nb = count(participants / 2, smallShare, random);
        double ma = random.nextDouble() * 1000;
        double mb = random.nextDouble() * 1000;
        double all = (na * ma + nb * mb) / Math.max(1, na + nb);
        String key = "b" + b + "/" + v + "/";
        t.row("v" + v, List.of(cell(Statistic.mean(all, na + nb), key + "all"), cell(Statistic.mean(ma, na), key + "a"),
            cell(Statistic.mean(mb, nb), key + "b")));
        t.relate(Line.weightedMean("b" + b, List.of(key + "a", key + "b"), new double[] {na, nb}, key + "all", na + nb));
      }
      drafts.add(t);
    }
    return drafts;
  }

  private static TableDraft countTable(String id, int rows, int columns, long typical, double smallShare,
                                       Random random) {
    CountTable layout = new CountTable(id, rows, columns);
    long[][] interior = new long[rows][columns];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < columns; j++) {
        interior[i][j] = count(typical, smallShare, random);
      }
    }
    List<String> headings = new ArrayList<>();
    for (int j = 0; j <= columns; j++) {
      headings.add("c" + j);
    }
    TableDraft t = new TableDraft(id, id, "", headings).relate(layout.lines(id));
    long[] columnTotal = new long[columns];
    for (int i = 0; i <= rows; i++) {
      List<TableDraft.DraftCell> cells = new ArrayList<>();
      long rowTotal = 0;
      for (int j = 0; j < columns; j++) {
        long v = i < rows ? interior[i][j] : columnTotal[j];
        if (i < rows) {
          columnTotal[j] += v;
        }
        rowTotal += v;
        cells.add(cell(Statistic.count(v), i < rows ? layout.cell(i, j) : layout.columnTotal(j)));
      }
      cells.add(cell(Statistic.count(rowTotal), i < rows ? layout.rowTotal(i) : layout.grandTotal()));
      t.row("r" + i, cells);
    }
    return t;
  }

  private static long count(long typical, double smallShare, Random random) {
    return random.nextDouble() < smallShare ? random.nextInt(5) : typical / 2 + (long) (random.nextDouble() * typical);
  }

  private static TableDraft.DraftCell cell(Statistic s, String key) {
    return TableDraft.DraftCell.of(ReportTable.Cell.of(List.of(String.valueOf(s.value())), Map.of("value", s.value())),
        s, key);
  }

  public static void main(String[] args) {
    JobRunner.exit(new DisclosureBenchmarkJob(), args);
  }
}
