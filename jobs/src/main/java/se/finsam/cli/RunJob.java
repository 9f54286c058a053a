package se.finsam.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueFactory;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import se.finsam.config.ConfigLoader;
import se.finsam.spark.DriverHeap;
import se.finsam.warehouse.AuditLog;
import se.finsam.warehouse.Zone;
import se.finsam.jobs.Job;
import se.finsam.jobs.JobContext;
import se.finsam.jobs.JobMetrics;
import se.finsam.jobs.JobOption;
import se.finsam.jobs.JobRunner;
import se.finsam.jobs.UsageException;

/**
 * The chain of one design (seed 002's by default: synth → ingest → panel → estimate → report), each step audited as its own job run
 * under the chain's run id, and skipped when its inputs fingerprint equals that of its last successful
 * run. Synthetic data are generated only in local mode, when asked or when the raw zone is empty.
 */
public final class RunJob implements Job {
  private final PrintStream progress;
  private final Function<String, Optional<Job>> jobs;

  public RunJob() {
    this(System.out, Finsam::job);
  }

  RunJob(PrintStream progress, Function<String, Optional<Job>> jobs) {
    this.progress = progress;
    this.jobs = jobs;
  }

  @Override
  public String name() {
    return "run";
  }

  @Override
  public String summary() {
    return "run a design's chain (default seed002: synth -> ingest -> panel -> estimate -> report), skipping unchanged steps";
  }

  @Override
  public List<JobOption> options() {
    return List.of(
        JobOption.of("warehouse", "finsam.warehouse", "warehouse root"),
        JobOption.of("design", "finsam.run.design", "the design whose chain runs (its steps: finsam.run.designs.<design>)"),
        JobOption.of("from", "finsam.run.from", "start the chain at this step (and run it even if unchanged)"),
        JobOption.of("only", "finsam.run.only", "run only this step (even if unchanged)"),
        JobOption.of("period", "finsam.run.period", "re-run the deliveries of one period, YYYY-MM"),
        JobOption.flag("synth", "finsam.run.synth", "generate synthetic registers even if raw/ has deliveries (local mode)"),
        JobOption.flag("force", "finsam.run.force", "run every selected step even if its inputs are unchanged"),
        JobOption.of("persons", "finsam.synth.persons", "synthetic persons when synth runs"),
        JobOption.of("seed", "finsam.synth.seed", "seed of the synthetic registers"));
  }

  @Override
  public void run(JobContext outer) {
    JobContext context = withDesignSettings(outer);
    Config config = context.config();
    List<String> steps = selectedSteps(config);
    JobRunner runner = new JobRunner(ConfigLoader.fromProcess(), c -> context.spark(), progress, System.err);
    // The chain's ingest loads every delivery under raw/ (of one period with --period).
    Config chainConfig = config.withValue("finsam.run-id", ConfigValueFactory.fromAnyRef(context.runId()))
        .withValue("finsam.ingest.all", ConfigValueFactory.fromAnyRef(true))
        .withValue("finsam.ingest.delivery", ConfigValueFactory.fromAnyRef(""))
        .withValue("finsam.ingest.period", ConfigValueFactory.fromAnyRef(config.getString("finsam.run.period")));
    AuditLog audit = new AuditLog(context.spark(), context.warehouse());
    List<String> summary = new ArrayList<>();
    progress.printf("finsam run %s: design %s, steps %s, warehouse %s%n", context.runId(),
        config.getString("finsam.run.design"), String.join(" -> ", steps), context.warehouse().root());
    for (String step : steps) {
      Config stepConfig = step.equals("report") ? withResultsRunId(chainConfig, audit) : chainConfig;
      Job job = jobs.apply(step).orElseThrow(() -> new IllegalStateException("the chain names an unknown job " + step));
      boolean explicit = step.equals(config.getString("finsam.run.from")) || step.equals(config.getString("finsam.run.only"));
      Optional<String> skip = skipReason(job, context, stepConfig, audit, explicit);
      if (skip.isPresent()) {
        progress.printf("  %-9s skipped: %s%n", step, skip.get());
        summary.add(String.format("%-9s skipped", step));
        continue;
      }
      progress.printf("  %-9s running ...%n", step);
      DriverHeap.resetPeak();
      JobRunner.Outcome outcome = runner.runJob(job, stepConfig);
      double seconds = Math.max(outcome.took().toMillis() / 1000.0, 0.001);
      long rowsIn = outcome.metrics().total(JobMetrics.Kind.READ);
      long rowsOut = outcome.metrics().total(JobMetrics.Kind.WROTE);
      String line = String.format("%-9s %-9s %,14d %,14d %,10d %9.1f %,12.0f %,9d", step,
          outcome.status().toLowerCase(), rowsIn, rowsOut, outcome.metrics().total(JobMetrics.Kind.REJECTED),
          seconds, Math.max(rowsIn, rowsOut) / seconds, DriverHeap.peakBytes() >> 20);
      progress.println("  " + line);
      summary.add(line);
      context.metrics().read(step, outcome.metrics().total(JobMetrics.Kind.READ));
      context.metrics().wrote(step, outcome.metrics().total(JobMetrics.Kind.WROTE));
      context.metrics().rejected(step, outcome.metrics().total(JobMetrics.Kind.REJECTED));
      if (!outcome.succeeded()) {
        throw new IllegalStateException("step " + step + " failed; the chain stops here (see the log above)");
      }
    }
    progress.println("finsam run " + context.runId() + " done:");
    progress.printf("  %-9s %-9s %14s %14s %10s %9s %12s %9s%n", "step", "status", "rows in", "rows out",
        "rejected", "seconds", "rows/s", "heap MiB");
    summary.forEach(l -> progress.println("  " + l));
    latestReport(audit, context).ifPresent(r -> progress.println("report: " + r));
  }

  /**
   * The report shows the results of the last successful estimate: this run's when the estimate step
   * ran, an earlier run's when its inputs were unchanged and it was skipped.
   */
  private static Config withResultsRunId(Config config, AuditLog audit) {
    return audit.lastSuccessfulRunId("estimate")
        .map(id -> config.withValue("finsam.run-id", ConfigValueFactory.fromAnyRef(id)))
        .orElse(config);
  }

  static List<String> selectedSteps(Config config) {
    List<String> all = designSteps(config);
    String only = config.getString("finsam.run.only");
    String from = config.getString("finsam.run.from");
    for (String named : List.of(only, from)) {
      if (!named.isEmpty() && !all.contains(named)) {
        throw new UsageException("unknown step '" + named + "'; the steps are " + String.join(", ", all));
      }
    }
    if (!only.isEmpty()) {
      return List.of(only);
    }
    return from.isEmpty() ? all : all.subList(all.indexOf(from), all.size());
  }

  /**
   * The design's own settings ({@code finsam.run.design-settings.<design>}, relative to {@code finsam},
   * e.g. the calendar and population mix of its synthetic registers) laid over the configuration.
   */
  static JobContext withDesignSettings(JobContext context) {
    String path = ConfigUtil.joinPath("finsam", "run", "design-settings", context.config().getString("finsam.run.design"));
    if (!context.config().hasPath(path)) {
      return context;
    }
    Config config = context.config().getConfig(path).atKey("finsam").withFallback(context.config());
    return new JobContext(context.runId(), config, context.spark(), context.warehouse(), context.metrics());
  }

  /** Before anything runs: the design and its steps exist, and each step's own settings are valid (exit 2). */
  @Override
  public void validate(Config config) {
    for (String step : selectedSteps(config)) {
      jobs.apply(step).orElseThrow(() -> new UsageException("the design " + config.getString("finsam.run.design")
          + " names an unknown job " + step)).validate(config);
    }
  }

  /** The steps of the configured design; an unknown design is a usage error naming the known ones. */
  static List<String> designSteps(Config config) {
    String design = config.getString("finsam.run.design");
    Config designs = config.getConfig("finsam.run.designs");
    if (design.isBlank() || !designs.hasPath(ConfigUtil.joinPath(design))) {
      throw new UsageException("unknown design '" + design + "'; the designs are "
          + String.join(", ", new java.util.TreeSet<>(designs.root().keySet())));
    }
    return designs.getStringList(ConfigUtil.joinPath(design));
  }

  private Optional<String> skipReason(Job job, JobContext context, Config stepConfig, AuditLog audit, boolean explicit) {
    if (job.name().equals("synth")) {
      return synthSkipReason(context, explicit);
    }
    if (explicit || context.config().getBoolean("finsam.run.force") || !context.config().getString("finsam.run.period").isEmpty()) {
      return Optional.empty();
    }
    Optional<String> now = job.inputsFingerprint(new JobContext(stepConfig.getString("finsam.run-id"), stepConfig, context.spark(),
        context.warehouse(), new JobMetrics()));
    Optional<String> last = audit.lastSuccessfulFingerprint(job.name());
    return now.isPresent() && now.equals(last)
        ? Optional.of("inputs unchanged since its last successful run")
        : Optional.empty();
  }

  private static Optional<String> synthSkipReason(JobContext context, boolean explicit) {
    String master = context.spark().sparkContext().master();
    if (!master.startsWith("local")) {
      return Optional.of("synthetic registers are generated only in local mode (master is " + master + ")");
    }
    if (explicit || context.config().getBoolean("finsam.run.synth")) {
      return Optional.empty();
    }
    boolean hasDeliveries = context.warehouse().hasFile(context.warehouse().zone(Zone.RAW), "_manifest.json",
        context.spark().sparkContext().hadoopConfiguration());
    return hasDeliveries ? Optional.of("raw/ already has deliveries (use --synth to regenerate)") : Optional.empty();
  }

  private static Optional<String> latestReport(AuditLog audit, JobContext context) {
    return audit.lastSuccessfulRunId("report")
        .map(id -> context.warehouse().table(Zone.REPORTS, id) + "/index.html");
  }

  public static void main(String[] args) {
    JobRunner.exit(new RunJob(), args);
  }
}
