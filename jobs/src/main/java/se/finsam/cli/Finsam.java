package se.finsam.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import se.finsam.jobs.Job;
import se.finsam.jobs.JobRunner;

/** The launcher's entry point: {@code ./finsam <job> [options]} dispatches to one job. */
public final class Finsam {
  /** Every job, in chain order. */
  public static final List<Job> JOBS = List.of(
      new InitJob(),
      new se.finsam.synth.SynthJob(),
      new se.finsam.linkage.PseudonymiseJob(),
      new se.finsam.ingest.IngestJob(),
      new se.finsam.linkage.PanelJob(),
      new se.finsam.estimate.EstimateJob(),
      new se.finsam.report.ReportJob(),
      new se.finsam.estimate.CompareTruthJob(),
      new se.finsam.matched.MatchedJob(),
      new se.finsam.matched.MatchedTruthJob(),
      new se.finsam.kommun.KommunPanelJob(),
      new se.finsam.kommun.KommunEstimateJob(),
      new se.finsam.kommun.KommunReportJob(),
      new se.finsam.followup.FollowupJob(),
      new RunJob(),
      new se.finsam.did.DidJob(),
      new se.finsam.explore.SqlJob(),
      new se.finsam.did.DidBenchmarkJob(),
      new se.finsam.disclosure.DisclosureBenchmarkJob());

  private Finsam() {}

  /** A job by its name or by its main class (as spark-submit's --class names it). */
  public static Optional<Job> job(String name) {
    return JOBS.stream().filter(j -> j.name().equals(name) || j.getClass().getName().equals(name)).findFirst();
  }

  public static String help() {
    StringBuilder out = new StringBuilder("Usage: ./finsam <job> [options]   (./finsam <job> --help for its options)\n\nJobs:\n");
    for (Job job : JOBS) {
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
