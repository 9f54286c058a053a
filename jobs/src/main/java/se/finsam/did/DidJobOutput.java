package se.finsam.did;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Serializable;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import se.finsam.disclosure.CheckedOutputs;
import se.finsam.disclosure.DisclosureSettings;
import se.finsam.disclosure.Line;
import se.finsam.disclosure.OutputChecker;
import se.finsam.disclosure.Statistic;
import se.finsam.disclosure.TableDraft;
import se.finsam.report.ReportTable;

/**
 * The generic {@code did} command's CSV files (R's column names, full double precision), collected and
 * then written one of two ways: unchecked into {@value #UNCHECKED} with a {@value #MARKER} file (for the
 * analyst inside the secure environment), or through the output checker into the output folder itself
 * with {@code checked_outputs.csv} ({@code --publish}). Every estimate is an {@code ESTIMATE} cell with
 * the treated and comparison persons behind it; the pre-test follows the pre-period ATT(g,t). A cell that
 * could not be estimated keeps its row, with NA and the estimator's reason (the estimate step's att_gt.reason).
 */
public final class DidJobOutput implements Serializable {
  /** The sub-folder of unchecked outputs; its name and marker file say they are not for publication. */
  public static final String UNCHECKED = "not_for_publication";
  public static final String MARKER = "NOT_FOR_PUBLICATION.txt";
  public static final String CHECKED_OUTPUTS = "checked_outputs.csv";

  /** Some value columns of a row that stand or fall together (one estimate, or the overall effect). */
  private record Values(String fields, int width, Statistic statistic, String key, List<String> follows)
      implements Serializable {}

  private record CsvRow(String labels, List<Values> values) implements Serializable {}

  private record CsvFile(String name, String header, List<String> valueGroups, List<CsvRow> rows)
      implements Serializable {}

  private final List<CsvFile> files = new ArrayList<>();
  private final List<Line> lines = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  static String number(double v) {
    return Double.isNaN(v) ? "NA" : Double.toString(v);
  }

  public void attGt(AttGtResult result, Inference inference) {
    List<double[]> cells = new ArrayList<>();
    for (int k = 0; k < result.effects().size(); k++) {
      cells.add(result.cellInfluence(k));
    }
    double critical = inference.criticalValue(cells);
    List<CsvRow> rows = new ArrayList<>();
    for (int k = 0; k < result.effects().size(); k++) {
      GroupTimeEffect e = result.effects().get(k);
      double se = inference.standardError(cells.get(k));
      String fields = number(e.att()) + "," + number(se) + "," + number(e.att() - critical * se) + ","
          + number(e.att() + critical * se) + "," + e.treated() + "," + e.controls() + "," + text(e.problem());
      rows.add(new CsvRow(e.cell().group() + "," + e.cell().time(), List.of(new Values(fields, 7,
          Statistic.estimate(e.att(), e.treated(), e.controls()), cellKey(e), List.of()))));
    }
    files.add(new CsvFile("att_gt.csv", "group,t,att,se,ci_lower,ci_upper,n_treated,n_control,reason", List.of("att"),
        rows));
  }

  /** A text field, quoted as R's write.csv does; empty when there is no text (an estimated cell has no reason). */
  static String text(String value) {
    return value.isEmpty() ? "" : "\"" + value.replace("\"", "\"\"") + "\"";
  }

  public void aggregation(AggregatedEffects agg, AttGtResult result) {
    String type = agg.type().rName();
    Persons persons = new Persons(result.effects());
    Values overall = new Values(number(agg.overall().att()) + "," + number(agg.overall().se()), 2,
        Statistic.estimate(agg.overall().att(), persons.overallTreated(), persons.comparison(e -> true)),
        "did/aggte/" + type + "/overall", List.of());
    relate(overall.key(), agg.overall(), result);
    List<CsvRow> rows = new ArrayList<>();
    if (agg.elements().isEmpty()) {
      rows.add(new CsvRow(type + ",", List.of(new Values(",", 2, Statistic.none(), null, List.of()), overall)));
    }
    for (AggregatedEffects.Element e : agg.elements()) {
      Statistic s = Statistic.estimate(e.att(), persons.elementTreated(agg.type(), e.label()),
          persons.elementComparison(agg.type(), e.label()));
      rows.add(new CsvRow(type + "," + e.label(), List.of(new Values(number(e.att()) + "," + number(e.se()), 2, s,
          "did/aggte/" + type + "/" + e.label(), List.of()), overall)));
      relate("did/aggte/" + type + "/" + e.label(), e, result);
    }
    files.add(new CsvFile("aggte_" + type + ".csv", "type,egt,att_egt,se_egt,overall_att,overall_se",
        List.of("element", "overall"), rows));
  }

  public void eventStudyAverages(Aggregator.EventStudyAverages averages, AttGtResult result) {
    Persons persons = new Persons(result.effects());
    List<CsvRow> rows = new ArrayList<>();
    if (averages.pre() != null) {
      rows.add(new CsvRow("pre", List.of(new Values(number(averages.pre().att()) + "," + number(averages.pre().se()), 2,
          Statistic.estimate(averages.pre().att(), persons.rangeTreated(false), persons.comparison(e -> eventTime(e) < 0)),
          "did/event_study/pre", List.of()))));
      relate("did/event_study/pre", averages.pre(), result);
    }
    rows.add(new CsvRow("post", List.of(new Values(number(averages.post().att()) + "," + number(averages.post().se()), 2,
        Statistic.estimate(averages.post().att(), persons.rangeTreated(true), persons.comparison(e -> eventTime(e) >= 0)),
        "did/event_study/post", List.of()))));
    relate("did/event_study/post", averages.post(), result);
    files.add(new CsvFile("event_study_averages.csv", "period,att,se", List.of("average"), rows));
  }

  /**
   * Every aggregate is a weighted average of the ATT(g,t) that att_gt.csv publishes, with weights a reader
   * can estimate from the published group sizes: declared, so that a withheld cell (a small start group's
   * ATT(g,t) or its group aggregate) cannot be solved from the overall effect and the other cells.
   */
  private void relate(String key, AggregatedEffects.Element aggregate, AttGtResult result) {
    List<String> keys = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    for (int k = 0; k < aggregate.cellWeights().length; k++) {
      if (aggregate.cellWeights()[k] != 0) {
        keys.add(cellKey(result.effects().get(k)));
        weights.add(aggregate.cellWeights()[k]);
      }
    }
    keys.add(key);
    weights.add(-1.0);
    lines.add(new Line("did", keys, weights.stream().mapToDouble(Double::doubleValue).toArray()));
  }

  /** The pre-test is published only when every pre-period ATT(g,t) it tests is. */
  public void pretest(Optional<WaldPretest> test, AttGtResult result) {
    List<String> follows = result.effects().stream().filter(e -> !e.cell().post()).map(DidJobOutput::cellKey).toList();
    List<CsvRow> rows = new ArrayList<>();
    test.ifPresent(t -> rows.add(new CsvRow("", List.of(new Values(number(t.statistic()) + "," + t.degreesOfFreedom()
        + "," + number(t.pValue()), 3, Statistic.none(), null, follows)))));
    files.add(new CsvFile("pretest.csv", "W,df,pvalue", List.of("test"), rows));
  }

  public void warnings(List<String> list) {
    warnings.addAll(list);
  }

  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  /** Rows of att_gt.csv: one per cell. */
  public int cells() {
    return files.stream().filter(f -> f.name().equals("att_gt.csv")).mapToInt(f -> f.rows().size()).sum();
  }

  /** Writes everything unchecked into {@code <dir>/}{@value #UNCHECKED}, marked not for publication. */
  public void writeUnchecked(String dir, Configuration hadoop) throws IOException {
    Path folder = new Path(dir, UNCHECKED);
    FileSystem fs = folder.getFileSystem(hadoop);
    fs.mkdirs(folder);
    write(fs, new Path(folder, MARKER), "Unchecked outputs of ./finsam did: small cells are NOT withheld. Not for "
        + "publication; run ./finsam did --publish to write checked files.\n");
    for (CsvFile f : files) {
      StringBuilder out = new StringBuilder(f.header()).append('\n');
      for (CsvRow r : f.rows()) {
        out.append(r.labels());
        r.values().forEach(v -> out.append(r.labels().isEmpty() ? "" : ",").append(v.fields()));
        out.append('\n');
      }
      write(fs, new Path(folder, f.name()), out);
    }
    write(fs, new Path(folder, "warnings.txt"), String.join("\n", warnings) + (warnings.isEmpty() ? "" : "\n"));
  }

  /**
   * Checks every file with the output checker and writes the checked files and {@value #CHECKED_OUTPUTS}
   * into {@code dir}; withheld values are {@code ..}. Warnings (free text) are logged, not published.
   */
  public CheckedOutputs publish(String dir, Configuration hadoop, DisclosureSettings settings) throws IOException {
    List<TableDraft> drafts = new ArrayList<>();
    for (CsvFile f : files) {
      TableDraft d = new TableDraft(f.name(), f.name(), "", f.valueGroups());
      for (CsvRow r : f.rows()) {
        d.row(r.labels(), r.values().stream().map(v -> new TableDraft.DraftCell(ReportTable.Cell.of(List.of(v.fields()),
            Map.of("fields", v.fields())), v.statistic(), v.key(), v.follows())).toList());
      }
      drafts.add(d);
    }
    CheckedOutputs checked = new OutputChecker(settings).check(drafts, lines);
    Path folder = new Path(dir);
    FileSystem fs = folder.getFileSystem(hadoop);
    fs.mkdirs(folder);
    for (int i = 0; i < files.size(); i++) {
      CsvFile f = files.get(i);
      ReportTable t = checked.tables().get(i);
      StringBuilder out = new StringBuilder(f.header()).append('\n');
      for (int r = 0; r < f.rows().size(); r++) {
        CsvRow row = f.rows().get(r);
        out.append(row.labels());
        for (int c = 0; c < row.values().size(); c++) {
          Values v = row.values().get(c);
          boolean withheld = t.rows().get(r).cells().get(c).suppressed();
          String fields = withheld ? String.join(",", java.util.Collections.nCopies(v.width(), ReportTable.SUPPRESSED))
              : v.fields();
          out.append(row.labels().isEmpty() ? "" : ",").append(fields);
        }
        out.append('\n');
      }
      write(fs, new Path(folder, f.name()), out);
    }
    write(fs, new Path(folder, CHECKED_OUTPUTS), checked.csv());
    return checked.requirePassed();
  }

  private static String cellKey(GroupTimeEffect e) {
    return "did/att_gt/" + e.cell().group() + "/" + e.cell().time();
  }

  private static int eventTime(GroupTimeEffect e) {
    return e.cell().time() - e.cell().group();
  }

  /**
   * The persons behind an aggregate, from the ATT(g,t) cells: treated persons of a group are its largest
   * cell; an event time, period or the overall sums over the groups; comparison persons are the largest
   * cell's (comparison units overlap across groups).
   */
  private record Persons(List<GroupTimeEffect> effects) {
    long sumOverGroups(java.util.function.Predicate<GroupTimeEffect> which) {
      Map<Integer, Long> byGroup = new java.util.HashMap<>();
      effects.stream().filter(GroupTimeEffect::estimated).filter(which)
          .forEach(e -> byGroup.merge(e.cell().group(), e.treated(), Math::max));
      return byGroup.values().stream().mapToLong(Long::longValue).sum();
    }

    long overallTreated() {
      return sumOverGroups(e -> true);
    }

    long rangeTreated(boolean post) {
      return sumOverGroups(e -> (eventTime(e) >= 0) == post);
    }

    long comparison(java.util.function.Predicate<GroupTimeEffect> which) {
      return max(which, GroupTimeEffect::controls);
    }

    long max(java.util.function.Predicate<GroupTimeEffect> which, ToLongFunction<GroupTimeEffect> count) {
      return effects.stream().filter(GroupTimeEffect::estimated).filter(which).mapToLong(count).max().orElse(0);
    }

    java.util.function.Predicate<GroupTimeEffect> element(AggregationType type, int label) {
      return switch (type) {
        case GROUP -> e -> e.cell().group() == label;
        case DYNAMIC -> e -> eventTime(e) == label;
        case CALENDAR -> e -> e.cell().time() == label && e.cell().post();
        case SIMPLE -> e -> true;
      };
    }

    long elementTreated(AggregationType type, int label) {
      return sumOverGroups(element(type, label));
    }

    long elementComparison(AggregationType type, int label) {
      return comparison(element(type, label));
    }
  }

  private static void write(FileSystem fs, Path path, CharSequence content) throws IOException {
    try (Writer w = new OutputStreamWriter(fs.create(path, true), StandardCharsets.UTF_8)) {
      w.append(content);
    }
  }
}
