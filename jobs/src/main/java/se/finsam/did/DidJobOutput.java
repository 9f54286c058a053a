package se.finsam.did;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Writes the (small) results as CSV files with full double precision, through Hadoop so any file system works. */
public final class DidJobOutput {
  private final Path dir;
  private final FileSystem fs;

  public DidJobOutput(String dir, Configuration hadoop) throws IOException {
    this.dir = new Path(dir);
    this.fs = this.dir.getFileSystem(hadoop);
    fs.mkdirs(this.dir);
  }

  static String number(double v) {
    return Double.isNaN(v) ? "NA" : Double.toString(v);
  }

  public void attGt(AttGtResult result, Inference inference) throws IOException {
    List<double[]> cells = new java.util.ArrayList<>();
    for (int k = 0; k < result.effects().size(); k++) {
      cells.add(result.cellInfluence(k));
    }
    double critical = inference.criticalValue(cells);
    StringBuilder out = new StringBuilder("group,t,att,se,ci_lower,ci_upper,n_treated,n_control\n");
    for (int k = 0; k < result.effects().size(); k++) {
      GroupTimeEffect e = result.effects().get(k);
      double se = inference.standardError(cells.get(k));
      out.append(e.cell().group()).append(',').append(e.cell().time()).append(',').append(number(e.att()))
          .append(',').append(number(se)).append(',').append(number(e.att() - critical * se)).append(',')
          .append(number(e.att() + critical * se)).append(',').append(e.treated()).append(',')
          .append(e.controls()).append('\n');
    }
    write("att_gt.csv", out);
  }

  public void aggregation(AggregatedEffects agg) throws IOException {
    StringBuilder out = new StringBuilder("type,egt,att_egt,se_egt,overall_att,overall_se\n");
    String overall = number(agg.overall().att()) + "," + number(agg.overall().se()) + "\n";
    if (agg.elements().isEmpty()) {
      out.append(agg.type().rName()).append(",,,,").append(overall);
    }
    for (AggregatedEffects.Element e : agg.elements()) {
      out.append(agg.type().rName()).append(',').append(e.label()).append(',').append(number(e.att())).append(',')
          .append(number(e.se())).append(',').append(overall);
    }
    write("aggte_" + agg.type().rName() + ".csv", out);
  }

  public void eventStudyAverages(Aggregator.EventStudyAverages averages) throws IOException {
    StringBuilder out = new StringBuilder("period,att,se\n");
    if (averages.pre() != null) {
      out.append("pre,").append(number(averages.pre().att())).append(',').append(number(averages.pre().se())).append('\n');
    }
    out.append("post,").append(number(averages.post().att())).append(',').append(number(averages.post().se())).append('\n');
    write("event_study_averages.csv", out);
  }

  public void pretest(Optional<WaldPretest> test) throws IOException {
    StringBuilder out = new StringBuilder("W,df,pvalue\n");
    test.ifPresent(t -> out.append(number(t.statistic())).append(',').append(t.degreesOfFreedom()).append(',')
        .append(number(t.pValue())).append('\n'));
    write("pretest.csv", out);
  }

  public void warnings(List<String> warnings) throws IOException {
    write("warnings.txt", new StringBuilder(String.join("\n", warnings)).append(warnings.isEmpty() ? "" : "\n"));
  }

  private void write(String name, CharSequence content) throws IOException {
    try (Writer w = new OutputStreamWriter(fs.create(new Path(dir, name), true), StandardCharsets.UTF_8)) {
      w.append(content);
    }
  }
}
