package se.finsam.ingest;

import com.typesafe.config.Config;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.finsam.jobs.Job;
import se.finsam.jobs.JobContext;
import se.finsam.jobs.JobMetrics;
import se.finsam.jobs.JobOption;
import se.finsam.jobs.JobRunner;
import se.finsam.schemas.CodeLists;
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
        JobOption.of("max-quarantine-share", "finsam.ingest.max-quarantine-share",
            "reject a delivery whose share of quarantined rows exceeds this"),
        JobOption.of("warehouse", "finsam.warehouse", "warehouse root"));
  }

  @Override
  public void run(JobContext context) {
    Config config = context.config();
    String delivery = config.getString("finsam.ingest.delivery");
    boolean all = config.getBoolean("finsam.ingest.all");
    if (delivery.isBlank() == !all) {
      throw new IllegalArgumentException("give either --delivery <manifest or folder> or --all");
    }
    org.apache.hadoop.conf.Configuration hadoop = context.spark().sparkContext().hadoopConfiguration();
    List<DeliveryManifest> manifests = all
        ? DeliveryLoader.loadOrder(discover(context.warehouse().zone(Zone.RAW), hadoop))
        : List.of(DeliveryManifest.read(delivery, hadoop));
    context.metrics().inputsFingerprint(fingerprint(manifests));
    DeliveryLoader loader = new DeliveryLoader(context.spark(), context.warehouse(), CodeLists.from(config),
        new DeliveryLoader.Settings(config.getDouble("finsam.ingest.max-quarantine-share"),
            config.getInt("finsam.ingest.test-hooks.fail-write-partitions")));
    List<String> failures = new ArrayList<>();
    for (DeliveryManifest manifest : manifests) {
      if (all && manifest.carriesPersonnummer()) {
        LOG.warn("skipping {}: it carries personnummer; run ./finsam pseudonymise on it first", manifest.deliveryId());
        continue;
      }
      try {
        record(context.metrics(), loader.load(manifest));
      } catch (DeliveryException e) {
        if (!all) {
          throw e;
        }
        LOG.error("delivery {} not loaded: {}", manifest.deliveryId(), e.getMessage());
        failures.add(e.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      throw new DeliveryException(failures.size() + " of " + manifests.size() + " deliveries not loaded: "
          + String.join(" | ", failures));
    }
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

  /** Every {@code raw/<table>/<delivery>/_manifest.json}; folders starting with {@code _} (truth) are not tables. */
  static List<DeliveryManifest> discover(String raw, org.apache.hadoop.conf.Configuration hadoop) {
    return DeliveryManifest.findAll(raw, "[!_]*", hadoop);
  }

  /** The deliveries and their file checksums: the same inputs give the same fingerprint. */
  static String fingerprint(List<DeliveryManifest> manifests) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (DeliveryManifest m : manifests) {
        digest.update(m.deliveryId().getBytes(StandardCharsets.UTF_8));
        for (DeliveryManifest.FileEntry f : m.files()) {
          digest.update((f.path() + ":" + f.sha256()).getBytes(StandardCharsets.UTF_8));
        }
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void main(String[] args) {
    JobRunner.exit(new IngestJob(), args);
  }
}
