package se.finsam.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import se.finsam.jobs.Job;
import se.finsam.jobs.JobRunner;

/** The launcher's entry point: {@code ./finsam <job> [options]} dispatches to one job. */
public final class Finsam {
  /**
   * A job's name and how to make it. Only the job asked for is made: making them all loads every job's
   * classes and static tables (the matched design's contracts load Spark's types), seconds before a
   * short job such as {@code did} on a small CSV starts. FinsamTest checks each name against its job's.
   */
  private record Entry(String name, Supplier<Job> make) {}

  /** Every job, in chain order. */
  private static final List<Entry> ENTRIES = List.of(
      new Entry("init", () -> new InitJob()),
      new Entry("synth", () -> new se.finsam.synth.SynthJob()),
      new Entry("pseudonymise", () -> new se.finsam.linkage.PseudonymiseJob()),
      new Entry("ingest", () -> new se.finsam.ingest.IngestJob()),
      new Entry("panel", () -> new se.finsam.linkage.PanelJob()),
      new Entry("estimate", () -> new se.finsam.estimate.EstimateJob()),
      new Entry("report", () -> new se.finsam.report.ReportJob()),
      new Entry("compare-truth", () -> new se.finsam.estimate.CompareTruthJob()),
      new Entry("matched", () -> new se.finsam.matched.MatchedJob()),
      new Entry("compare-truth-matched", () -> new se.finsam.matched.MatchedTruthJob()),
      new Entry("kommunpanel", () -> new se.finsam.kommun.KommunPanelJob()),
      new Entry("kommun-estimate", () -> new se.finsam.kommun.KommunEstimateJob()),
      new Entry("kommun-report", () -> new se.finsam.kommun.KommunReportJob()),
      new Entry("followup", () -> new se.finsam.followup.FollowupJob()),
      new Entry("run", () -> new RunJob()),
      new Entry("did", () -> new se.finsam.did.DidJob()),
      new Entry("sql", () -> new se.finsam.explore.SqlJob()),
      new Entry("bench-did", () -> new se.finsam.did.DidBenchmarkJob()),
      new Entry("bench-disclosure", () -> new se.finsam.disclosure.DisclosureBenchmarkJob()));

  private Finsam() {}

  /** Every job, in chain order, each made now. */
  public static List<Job> jobs() {
    return ENTRIES.stream().map(e -> e.make().get()).toList();
  }

  /** A job by its name or by its main class (as spark-submit's --class names it). */
  public static Optional<Job> job(String name) {
    Optional<Job> byName = ENTRIES.stream().filter(e -> e.name().equals(name)).findFirst().map(e -> e.make().get());
    return byName.isPresent() ? byName
        : jobs().stream().filter(j -> j.getClass().getName().equals(name)).findFirst();
  }

  public static String help() {
    StringBuilder out = new StringBuilder("Usage: ./finsam <job> [options]   (./finsam <job> --help for its options)\n\nJobs:\n");
    for (Job job : jobs()) {
      out.append(String.format("  %-14s %s%n", job.name(), job.summary()));
    }
    return out.toString();
  }

  public static void main(String[] args) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      System.out.print(help());
      System.exit(args.length == 0 ? JobRunner.USAGE : JobRunner.OK);
    }
    Optional<Job> job = job(args[0]);
    if (job.isEmpty()) {
      System.err.println("finsam: unknown job '" + args[0] + "'\n");
      System.err.print(help());
      System.exit(JobRunner.USAGE);
    }
    JobRunner.exit(job.get(), Arrays.copyOfRange(args, 1, args.length));
  }
}
