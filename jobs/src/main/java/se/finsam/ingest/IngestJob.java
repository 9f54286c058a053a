package se.finsam.ingest;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.finsam.jobs.Job;
import se.finsam.jobs.JobContext;
import se.finsam.jobs.JobMetrics;
import se.finsam.jobs.JobOption;
import se.finsam.jobs.JobRunner;
import se.finsam.jobs.NothingNewException;
import se.finsam.warehouse.Fingerprint;
import se.finsam.schemas.CodeLists;
import se.finsam.spark.SessionSettings;
import se.finsam.warehouse.Zone;

/**
 * {@code ./finsam ingest --delivery <manifest or folder>} or {@code --all}: loads raw deliveries into
 * the curated zone (see {@link DeliveryLoader}); with {@code --all} every delivery under {@code raw/}
 * not loaded yet, originals before their corrections. The audit row counts rows read, written to
 * curated, and rejected (quarantined plus exact duplicates collapsed), so read = wrote + rejected.
 */
public final class IngestJob implements Job {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  @Override
  public String name() {
    return "ingest";
  }

  @Override
  public String summary() {
    return "validate raw deliveries and load them into curated Delta tables (bad rows to quarantine)";
  }

  @Override
  public List<JobOption> options() {
    return List.of(
        JobOption.of("delivery", "finsam.ingest.delivery", "a delivery's _manifest.json or its folder"),
        JobOption.flag("all", "finsam.ingest.all", "load every delivery under raw/ that is not loaded yet"),
        JobOption.of("period", "finsam.ingest.period", "with --all: only deliveries whose period covers YYYY-MM"),
        JobOption.flag("require-new", "finsam.ingest.require-new",
            "exit with code 99 when no delivery was new (a scheduler's short-circuit)"),
        JobOption.of("max-quarantine-share", "finsam.ingest.max-quarantine-share",
            "reject a delivery whose share of quarantined rows exceeds this"),
        JobOption.of("warehouse", "finsam.warehouse", "warehouse root"));
  }

  @Override
  public void validate(Config config) {
    requireAtLeast("finsam.ingest.parallel-tables", config.getInt("finsam.ingest.parallel-tables"), 1);
    requireAtLeast("finsam.ingest.deliveries-per-commit", config.getInt("finsam.ingest.deliveries-per-commit"), 1);
    requireAtLeast("finsam.ingest.rows-per-task", config.getLong("finsam.ingest.rows-per-task"), 1);
    requireAtLeast("finsam.ingest.codegen-min-rows", config.getLong("finsam.ingest.codegen-min-rows"), 0);
  }

  private static void requireAtLeast(String path, long value, long least) {
    if (value < least) {
      throw new IllegalArgumentException(path + " must be at least " + least + ", not " + value);
    }
  }

  @Override
  public void run(JobContext context) {
    Config config = context.config();
    String delivery = config.getString("finsam.ingest.delivery");
    boolean all = config.getBoolean("finsam.ingest.all");
    if (delivery.isBlank() == !all) {
      throw new IllegalArgumentException("give either --delivery <manifest or folder> or --all");
    }
    int snapshotPartitions = config.getInt("finsam.ingest.delta-snapshot-partitions");
    if (snapshotPartitions > 0) {
      context.spark().conf().set("spark.databricks.delta.snapshotPartitions", snapshotPartitions);
    }
    org.apache.hadoop.conf.Configuration hadoop = context.spark().sparkContext().hadoopConfiguration();
    List<DeliveryManifest> manifests = all
        ? DeliveryLoader.loadOrder(rerunOf(discover(context.warehouse().zone(Zone.RAW), hadoop, context.metrics()),
            config.getString("finsam.ingest.period")))
        : List.of(DeliveryManifest.read(delivery, hadoop));
    List<String> ids = manifests.stream().map(m -> m.table() + "/" + m.deliveryId()).toList();
    String wanted = manifests.size() + " deliveries (" + String.join(", ", ids.subList(0, Math.min(5, ids.size())))
        + (ids.size() > 5 ? ", ..." : "") + ")";
    IngestLock lock;
    try {
      lock = IngestLock.acquire(context.warehouse().root(), hadoop, context.runId(),
          config.getDuration("finsam.ingest.lock.wait"), wanted);
    } catch (DeliveryException e) {
      context.metrics().read("nothing: " + wanted + " not read while another ingest holds the lock", 0);
      throw e;
    }
    // Only this job's files: the steps after it in a chain write other data.
    Map<String, String> settings = Map.of(
        ParquetOutputFormat.ENABLE_DICTIONARY, String.valueOf(config.getBoolean("finsam.ingest.parquet-dictionary")));
    try (lock) {
      SessionSettings.during(context.spark(), settings, () -> load(context, manifests, all));
    }
  }

  private void load(JobContext context, List<DeliveryManifest> manifests, boolean all) {
    Config config = context.config();
    QuarantineBatch quarantine = new QuarantineBatch(context.spark(), context.warehouse());
    DeliveryLoader loader = new DeliveryLoader(context.spark(), context.warehouse(), CodeLists.from(config),
        new DeliveryLoader.Settings(config.getDouble("finsam.ingest.max-quarantine-share"),
            config.getInt("finsam.ingest.test-hooks.fail-write-partitions"), config.getLong("finsam.ingest.rows-per-task"),
            config.getLong("finsam.ingest.codegen-min-rows")),
        quarantine);
    // A re-run of one period (--period) validates and loads its deliveries again, loaded or not.
    boolean reload = all && !config.getString("finsam.ingest.period").isBlank();
    List<DeliveryManifest> wanted = new ArrayList<>();
    for (DeliveryManifest manifest : manifests) {
      if (all && manifest.carriesPersonnummer()) {
        LOG.warn("skipping {}: it carries personnummer; run ./finsam pseudonymise on it first", manifest.deliveryId());
      } else {
        wanted.add(manifest);
      }
    }
    List<Outcome> outcomes;
    try {
      outcomes = TableGroups.load(wanted, config.getInt("finsam.ingest.parallel-tables"), new TableGroups.Loads<>() {
        @Override
        public Outcome one(DeliveryManifest manifest) {
          try {
            return new Outcome(loader.load(manifest, reload), null);
          } catch (DeliveryException e) {
            if (!all) {
              throw e;
            }
            LOG.error("delivery {} not loaded: {}", manifest.deliveryId(), e.getMessage());
            return new Outcome(null, e.getMessage());
          }
        }

        @Override
        public boolean joinable(DeliveryManifest manifest) {
          return !reload && manifest.replaces().isEmpty();
        }

        @Override
        public int mostTogether() {
          return config.getInt("finsam.ingest.deliveries-per-commit");
        }

        @Override
        public Optional<List<Outcome>> together(List<DeliveryManifest> run) {
          return loader.loadTogether(run).map(reports -> reports.stream().map(r -> new Outcome(r, null)).toList());
        }
      });
    } catch (Throwable e) { // also Spark's checked SparkException of a failed write
      // The deliveries loaded before the failure keep their quarantine rows (a rejected one its list of bad rows).
      try {
        quarantine.commit();
      } catch (RuntimeException c) {
        e.addSuppressed(c);
      }
      throw e;
    }
    quarantine.commit();
    List<String> failures = new ArrayList<>();
    int loaded = 0;
    for (Outcome outcome : outcomes) {
      if (outcome.failure() != null) {
        failures.add(outcome.failure());
      } else {
        record(context.metrics(), outcome.report());
        loaded += outcome.report().skipped() ? 0 : 1;
      }
    }
    if (!failures.isEmpty()) {
      throw new DeliveryException(failures.size() + " of " + manifests.size() + " deliveries not loaded: "
          + String.join(" | ", failures));
    }
    if (loaded == 0 && config.getBoolean("finsam.ingest.require-new")) {
      throw new NothingNewException("no new delivery among the " + manifests.size() + " under raw/");
    }
  }

  /** What loading one delivery came to: its report, or why it was not loaded. */
  record Outcome(DeliveryLoader.Report report, String failure) {}

  @Override
  public Optional<String> inputsFingerprint(JobContext context) {
    return Optional.of(Fingerprint.using(context.spark().sparkContext().hadoopConfiguration())
        .addFiles(context.warehouse().zone(Zone.RAW), "_manifest.json")
        .addConfig(context.config(), "finsam.ingest")
        .addConfig(context.config(), "finsam.codes")
        .value());
  }

  /**
   * The deliveries a re-run of {@code period} loads again: those whose period covers it, and the
   * corrections of these (transitively), since reloading an original brings back the rows its
   * correction replaced until the correction is reloaded after it. All when the period is empty.
   */
  static List<DeliveryManifest> rerunOf(List<DeliveryManifest> manifests, String period) {
    List<DeliveryManifest> chosen = new ArrayList<>(inPeriod(manifests, period));
    for (int i = 0; i < chosen.size(); i++) {
      String id = chosen.get(i).deliveryId();
      for (DeliveryManifest m : manifests) {
        if (m.replaces().filter(id::equals).isPresent() && !chosen.contains(m)) {
          chosen.add(m);
        }
      }
    }
    return chosen;
  }

  /** Deliveries whose period covers {@code period} (YYYY-MM), or all when it is empty. */
  static List<DeliveryManifest> inPeriod(List<DeliveryManifest> manifests, String period) {
    if (period.isBlank()) {
      return manifests;
    }
    if (!period.matches("\\d{4}-(0[1-9]|1[0-2])")) {
      throw new IllegalArgumentException("--period must be YYYY-MM, not '" + period + "'");
    }
    int yyyymm = Integer.parseInt(period.replace("-", ""));
    return manifests.stream().filter(m -> m.periodFrom() <= yyyymm && yyyymm <= m.periodTo()).toList();
  }

  private static void record(JobMetrics metrics, DeliveryLoader.Report report) {
    DeliveryManifest m = report.manifest();
    if (report.skipped()) {
      metrics.read("raw/" + m.table() + "/" + m.deliveryId() + " (already loaded, skipped)", 0);
      return;
    }
    report.files().forEach((file, counts) -> LOG.info("{} {}: {} rows read, {} curated, {} quarantined, {} exact duplicates collapsed",
        m.deliveryId(), file, counts.read(), counts.curated(), counts.quarantined(), counts.collapsed()));
    if (!report.rules().isEmpty()) {
      LOG.info("{}: quarantined rows by rule {}", m.deliveryId(), report.rules());
    }
    metrics.read("raw/" + m.table() + "/" + m.deliveryId(), report.read());
    metrics.wrote("curated/" + m.table() + " from " + m.deliveryId(), report.curated());
    metrics.rejected("quarantine/rows from " + m.deliveryId(), report.quarantined());
    metrics.rejected("exact duplicates collapsed in " + m.deliveryId(), report.collapsed());
  }

  /**
   * Every {@code raw/<table>/<delivery>/_manifest.json}; folders starting with {@code _} (truth) are not
   * tables. A delivery folder without a manifest is skipped, and said so in the log and the audit row.
   */
  static List<DeliveryManifest> discover(String raw, org.apache.hadoop.conf.Configuration hadoop, JobMetrics metrics) {
    Path folders = new Path(raw + "/[!_]*/*");
    try {
      FileStatus[] found = folders.getFileSystem(hadoop).globStatus(folders);
      for (FileStatus folder : found == null ? new FileStatus[0] : found) {
        if (folder.isDirectory() && !folder.getPath().getFileSystem(hadoop)
            .exists(new Path(folder.getPath(), DeliveryManifest.FILE_NAME))) {
          String name = folder.getPath().getParent().getName() + "/" + folder.getPath().getName();
          LOG.warn("skipping raw/{}: it has no {} (a delivery is loaded only with its manifest)", name,
              DeliveryManifest.FILE_NAME);
          metrics.read("raw/" + name + " (skipped: no " + DeliveryManifest.FILE_NAME + ")", 0);
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot list deliveries under " + raw, e);
    }
    return DeliveryManifest.findAll(raw, "[!_]*", hadoop);
  }


  public static void main(String[] args) {
    JobRunner.exit(new IngestJob(), args);
  }
}
