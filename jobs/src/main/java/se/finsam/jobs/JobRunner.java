package se.finsam.jobs;

import com.typesafe.config.Config;
import java.io.File;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.finsam.config.ConfigLoader;
import se.finsam.config.ConfigReport;
import se.finsam.spark.Sessions;
import se.finsam.warehouse.AuditLog;
import se.finsam.warehouse.AuditRecord;
import se.finsam.warehouse.PendingAudit;
import se.finsam.warehouse.Warehouse;

/**
 * Runs one job: parses its command line, loads the configuration, logs it (secrets redacted), runs the
 * job, records the run in the audit table and logs what was read and written. Exit codes: 0 success,
 * 1 the job failed, 2 a wrong command line.
 */
public final class JobRunner {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  /** Exit code of a run that found nothing new to do when asked to require it. */
  public static final int NOTHING_NEW = 99;
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final ConfigLoader loader;
  private final Function<Config, SparkSession> sessions;
  private final PrintStream out;
  private final PrintStream err;
  private boolean startedSession;

  public JobRunner(ConfigLoader loader, Function<Config, SparkSession> sessions, PrintStream out, PrintStream err) {
    this.loader = loader;
    this.sessions = sessions;
    this.out = out;
    this.err = err;
  }

  public static JobRunner forProcess() {
    return new JobRunner(ConfigLoader.fromProcess(),
        config -> Sessions.getOrCreate(config, "finsam"), System.out, System.err);
  }

  /** Entry point for a job's own main class: runs it, stops Spark, exits with the run's code. */
  public static void exit(Job job, String[] args) {
    JobRunner runner = forProcess();
    int code = runner.execute(job, args);
    // A run that needed no session leaves Spark's classes unloaded; asking for the active one would load them.
    if (runner.startedSession) {
      SparkSession.getActiveSession().foreach(s -> {
        s.stop();
        return null;
      });
    }
    System.exit(code);
  }

  /**
   * Parses, loads, validates and runs. {@code -Dkey=value} arguments are system properties for the run
   * (the configuration layer and Spark read them) and are put back as they were afterwards, so a run in
   * a longer-lived JVM (tests, a chain) leaves none behind for the next.
   */
  public int execute(Job job, String[] args) {
    Map<String, String> previous = new java.util.HashMap<>();
    try {
      Arguments arguments;
      Config config;
      try {
        arguments = Arguments.parse(job, args);
        arguments.systemProperties().forEach((key, value) -> {
          previous.putIfAbsent(key, System.getProperty(key));
          System.setProperty(key, value);
        });
        config = loader.load(arguments.profile(), arguments.confFile(), arguments.overrides());
        if (arguments.help()) {
          out.print(usage(job, config));
          return OK;
        }
        checkRequired(job, config);
        job.validate(config);
      } catch (UsageException e) {
        err.println("finsam " + job.name() + ": " + e.getMessage());
        err.println("Run './finsam " + job.name() + " --help' for its options.");
        return USAGE;
      } catch (IllegalArgumentException | com.typesafe.config.ConfigException e) {
        err.println("finsam " + job.name() + ": configuration error: " + e.getMessage());
        return USAGE;
      }
      return run(job, config);
    } finally {
      previous.forEach((key, value) -> {
        if (value == null) {
          System.clearProperty(key);
        } else {
          System.setProperty(key, value);
        }
      });
    }
  }

  /** What one run of a job did, for the chain's progress lines. */
  public record Outcome(String job, String status, JobMetrics metrics, Duration took, boolean nothingNew) {
    public boolean succeeded() {
      return AuditRecord.SUCCEEDED.equals(status);
    }

    public int exitCode() {
      return !succeeded() ? FAILED : nothingNew ? NOTHING_NEW : OK;
    }
  }

  int run(Job job, Config config) {
    return runJob(job, config).exitCode();
  }

  /** Runs a job with a loaded configuration: logs, runs, audits. Never throws for a failing job. */
  public Outcome runJob(Job job, Config config) {
    Instant start = Instant.now();
    String runId = config.getString("finsam.run-id").isEmpty()
        ? RUN_ID_TIME.format(start) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(1 << 16))
        : config.getString("finsam.run-id");
    LOG.info("{} run {} starting; effective configuration (secrets redacted):\n{}",
        job.name(), runId, ConfigReport.render(config));
    JobMetrics metrics = new JobMetrics();
    String status = AuditRecord.SUCCEEDED;
    String message = "";
    boolean nothingNew = false;
    JobContext context = null;
    try {
      Warehouse warehouse = Warehouse.fromConfig(config);
      String checkpoints = checkpointDir(config, warehouse, runId);
      context = JobContext.withLazySession(runId, config, () -> session(config, warehouse, checkpoints), warehouse,
          metrics);
      job.inputsFingerprint(context).ifPresent(metrics::inputsFingerprint);
      job.run(context);
    } catch (NothingNewException e) {
      nothingNew = true;
      message = e.getMessage();
      LOG.info("{} run {}: {}", job.name(), runId, message);
    } catch (Exception | LinkageError e) {
      status = AuditRecord.FAILED;
      message = e.getClass().getSimpleName() + ": " + e.getMessage();
      LOG.error("{} run {} failed: {}", job.name(), runId, message, e);
      err.println("finsam " + job.name() + " failed: " + message);
    }
    String checkpoints = context == null ? null : checkpointDir(config, context.warehouse(), runId);
    if (checkpoints != null && context.sparkStarted()) {
      deleteQuietly(checkpoints, context.spark());
    }
    Instant end = Instant.now();
    // Without a context (the warehouse root is not a valid location) there is nowhere to record the run.
    if (context != null && !audited(context, new AuditRecord(runId, job.name(), start, end, status,
        metrics.total(JobMetrics.Kind.READ), metrics.total(JobMetrics.Kind.WROTE),
        metrics.total(JobMetrics.Kind.REJECTED), ConfigReport.hash(config),
        metrics.inputsFingerprint(), metrics.describe() + (message.isEmpty() ? "" : "; " + message)))) {
      status = AuditRecord.FAILED;
    }
    Duration took = Duration.between(start, end);
    LOG.info("{} run {} {} in {} s: {}", job.name(), runId, status.toLowerCase(),
        String.format("%.1f", took.toMillis() / 1000.0), metrics.describe());
    return new Outcome(job.name(), status, metrics, took, nothingNew);
  }

  /**
   * Records the run: appended to the audit table when the run has a session, else left waiting in
   * {@link PendingAudit} for the next run with one. False when it could not be recorded.
   */
  private static boolean audited(JobContext context, AuditRecord record) {
    Warehouse warehouse = context.warehouse();
    try {
      if (context.sparkStarted()) {
        new AuditLog(context.spark(), warehouse).append(record);
      } else {
        warehouse.createZones(context.hadoop());
        new PendingAudit(warehouse, context.hadoop()).write(record);
        LOG.info("{} run {} started no Spark session: its audit row waits in {}/{} for the next run with one",
            record.job(), record.runId(), warehouse.root(), PendingAudit.FOLDER);
      }
      return true;
    } catch (RuntimeException e) {
      LOG.error("could not record run {} in the audit table", record.runId(), e);
      return false;
    }
  }

  /**
   * The run's session, started when the job first asks for it: the warehouse's zones, the checkpoint folder
   * and the audit rows of earlier runs without a session ({@link PendingAudit}) are seen to then.
   */
  private SparkSession session(Config config, Warehouse warehouse, String checkpoints) {
    SparkSession spark = sessions.apply(config);
    startedSession = true;
    warehouse.createZones(spark.sparkContext().hadoopConfiguration());
    if (checkpoints != null) {
      spark.sparkContext().setCheckpointDir(checkpoints);
    }
    new AuditLog(spark, warehouse).foldPending();
    return spark;
  }

  /**
   * Where lineage is truncated reliably ({@code finsam.spark.reliable-checkpoints}: on a cluster, where
   * an executor can be lost): the run's folder under the warehouse, removed when the run ends.
   */
  private static String checkpointDir(Config config, Warehouse warehouse, String runId) {
    return config.getBoolean("finsam.spark.reliable-checkpoints") ? warehouse.root() + "/_checkpoints/" + runId : null;
  }

  private static void deleteQuietly(String dir, SparkSession spark) {
    try {
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dir);
      path.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(path, true);
    } catch (java.io.IOException | RuntimeException e) {
      LOG.warn("could not remove the checkpoints under {}: {}", dir, e.getMessage());
    }
  }

  private static void checkRequired(Job job, Config config) {
    for (JobOption option : job.options()) {
      if (option.required() && (!config.hasPath(option.path()) || config.getString(option.path()).isBlank())) {
        throw new UsageException("missing required option --" + option.name());
      }
    }
  }

  static String usage(Job job, Config config) {
    StringBuilder out = new StringBuilder();
    out.append("Usage: ./finsam ").append(job.name()).append(" [options]\n")
        .append(job.summary()).append("\n\nOptions:\n");
    List<JobOption> all = new java.util.ArrayList<>(job.options());
    all.add(JobOption.of("conf", "", "configuration file laid over the profile"));
    all.add(JobOption.of("profile", "finsam.profile", "configuration overlay from conf/ (local, cluster)"));
    all.add(JobOption.flag("help", "", "this help"));
    for (JobOption o : all) {
      String head = "  --" + o.name() + (o.flag() ? "" : " VALUE");
      out.append(String.format("%-34s %s", head, o.help()));
      if (o.required()) {
        out.append(" (required)");
      } else if (o.repeatable()) {
        out.append(" (repeatable)");
      } else if (!o.path().isEmpty() && config.hasPath(o.path())) {
        out.append(" (default: ").append(ConfigReport.isSecret(o.path()) ? ConfigReport.REDACTED
            : config.getValue(o.path()).render(com.typesafe.config.ConfigRenderOptions.concise())).append(')');
      }
      out.append('\n');
    }
    out.append("\nAlso: -Dfinsam.<path>=<value> and FINSAM_<PATH> environment variables override configuration.\n");
    return out.toString();
  }

  /** The parsed command line of one job. */
  record Arguments(boolean help, Optional<String> profile, Optional<File> confFile,
                   Map<String, Object> overrides, Map<String, String> systemProperties) {

    static Arguments parse(Job job, String[] args) {
      boolean help = false;
      Optional<String> profile = Optional.empty();
      Optional<File> conf = Optional.empty();
      Map<String, Object> overrides = new LinkedHashMap<>();
      Map<String, String> props = new LinkedHashMap<>();
      Map<String, List<String>> lists = new LinkedHashMap<>();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("--help") || arg.equals("-h")) {
          help = true;
          continue;
        }
        if (arg.startsWith("-D") && arg.contains("=")) {
          props.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
          continue;
        }
        if (!arg.startsWith("--")) {
          throw new UsageException("unexpected argument '" + arg + "'");
        }
        String name = arg.substring(2);
        String inlineValue = null;
        if (name.contains("=")) {
          inlineValue = name.substring(name.indexOf('=') + 1);
          name = name.substring(0, name.indexOf('='));
        }
        if (name.equals("conf") || name.equals("profile")) {
          String value = inlineValue != null ? inlineValue : valueAfter(args, i++, name);
          if (name.equals("conf")) {
            conf = Optional.of(new File(value));
          } else {
            profile = Optional.of(value);
          }
          continue;
        }
        JobOption option = find(job, name);
        if (option.flag()) {
          overrides.put(option.path(), inlineValue == null ? Boolean.TRUE : Boolean.valueOf(inlineValue));
        } else if (option.repeatable()) {
          lists.computeIfAbsent(option.path(), p -> new java.util.ArrayList<>())
              .add(inlineValue != null ? inlineValue : valueAfter(args, i++, name));
        } else {
          overrides.put(option.path(), inlineValue != null ? inlineValue : valueAfter(args, i++, name));
        }
      }
      overrides.putAll(lists);
      return new Arguments(help, profile, conf, overrides, props);
    }

    private static JobOption find(Job job, String name) {
      return job.options().stream().filter(o -> o.name().equals(name)).findFirst()
          .orElseThrow(() -> new UsageException("unknown option --" + name));
    }

    private static String valueAfter(String[] args, int i, String name) {
      if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
        throw new UsageException("option --" + name + " needs a value");
      }
      return args[i + 1];
    }
  }
}
