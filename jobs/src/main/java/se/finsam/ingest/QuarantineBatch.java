package se.finsam.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.finsam.warehouse.Warehouse;
import se.finsam.warehouse.Zone;

/**
 * The quarantine rows of one ingest run, committed to {@code quarantine/rows} in one Delta commit at the
 * end of the run instead of one per delivery: each Delta commit costs its log replay, its snapshot and
 * the commit itself, seconds for a delivery's few rejected rows.
 *
 * <p>A delivery's rejected rows are written as Parquet to
 * {@code <warehouse>/_staging/quarantine/<table>/<delivery>/<txnVersion>/} before its curated commit,
 * {@code txnVersion} being the one that commit carries. The run's commit replaces the quarantine rows
 * of every staged delivery ({@code replaceWhere delivery_id IN (...)}), so committing a delivery's rows
 * twice adds nothing and a reload's rows replace its earlier ones (also by none), and then deletes the
 * staged folders. It commits the folders staged by this run and not withdrawn (a delivery whose curated
 * write failed withdraws its own), and any folder left by a run that stopped between a delivery's
 * curated commit and the quarantine commit: curated then holds the delivery's application id at the
 * staged txnVersion. Any other leftover belongs to a load that never committed; it is deleted, and the
 * delivery, not loaded, is staged again when it is loaded. Deliveries loaded in one commit stage their rows
 * in one folder, that of the first of them, which lists them ({@link #stageTogether}).
 */
final class QuarantineBatch {
  static final String STAGING = "_staging/quarantine";
  /** In a folder of {@link #stageTogether}: the deliveries whose rows it holds, one per line. */
  static final String DELIVERIES = "_deliveries";
  private static final Logger LOG = LoggerFactory.getLogger(QuarantineBatch.class);

  private final SparkSession spark;
  private final Warehouse warehouse;
  /** table/delivery/txnVersion of the folders this run staged for its commit. */
  private final Set<String> staged = ConcurrentHashMap.newKeySet();

  QuarantineBatch(SparkSession spark, Warehouse warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
  }

  /** Stages a delivery's quarantine rows ({@link Quarantine#rows}) for the run's commit. */
  void stage(Dataset<Row> rows, DeliveryManifest manifest, long txnVersion) {
    // Rejected rows are few: one file per delivery.
    rows.select(Quarantine.columns()).coalesce(1).write().mode(SaveMode.Overwrite).parquet(folder(manifest, txnVersion));
    staged.add(key(manifest.table(), manifest.deliveryId(), txnVersion));
  }

  /**
   * Stages the quarantine rows of deliveries committed together ({@link DeliveryLoader#loadTogether}), rows of
   * {@link Quarantine#rows(Dataset, List)}, in one write to the folder of the first of them, {@code first}
   * (whose application id their one curated commit records with the others'). The folder lists the deliveries
   * whose rows it holds in {@value #DELIVERIES}, written before the rows, so that a folder with its
   * {@code _SUCCESS} has it; {@link #withdraw} with {@code first} takes them back.
   */
  void stageTogether(Dataset<Row> rows, String table, String first, List<String> deliveries, long txnVersion) {
    Path folder = new Path(folder(table, first, txnVersion));
    try {
      FileSystem fs = folder.getFileSystem(hadoop());
      fs.delete(folder, true);
      try (java.io.OutputStream out = fs.create(new Path(folder, DELIVERIES))) {
        out.write(String.join("\n", deliveries).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage the quarantine rows of " + deliveries + " in " + folder, e);
    }
    rows.select(Quarantine.columns()).coalesce(1).write().mode(SaveMode.Append).parquet(folder.toString());
    staged.add(key(table, first, txnVersion));
  }

  /** Takes back a delivery's staged rows: its load failed after staging them, so it leaves none. */
  void withdraw(DeliveryManifest manifest, long txnVersion) {
    staged.remove(key(manifest.table(), manifest.deliveryId(), txnVersion));
    Path folder = new Path(folder(manifest, txnVersion));
    try {
      folder.getFileSystem(hadoop()).delete(folder, true);
    } catch (IOException e) {
      // Left behind it is harmless: not committed in curated, it is deleted by the next commit.
      LOG.warn("could not delete {}: {}", folder, e.toString());
    }
  }

  /** Commits the staged rows in one Delta commit and deletes the staged folders. Returns the deliveries committed. */
  Set<String> commit() {
    Path root = new Path(warehouse.root(), STAGING);
    try {
      FileSystem fs = root.getFileSystem(hadoop());
      FileStatus[] found = fs.globStatus(new Path(root, "*/*/*"));
      List<String> folders = new ArrayList<>();
      Set<String> deliveries = new TreeSet<>();
      for (FileStatus f : found == null ? new FileStatus[0] : found) {
        String table = f.getPath().getParent().getParent().getName();
        String delivery = f.getPath().getParent().getName();
        long txnVersion = Long.parseLong(f.getPath().getName());
        if (fs.exists(new Path(f.getPath(), "_SUCCESS"))
            && (staged.contains(key(table, delivery, txnVersion)) || curatedAt(table, delivery, txnVersion))) {
          folders.add(f.getPath().toString());
          Path listed = new Path(f.getPath(), DELIVERIES);
          if (fs.exists(listed)) {
            try (java.io.InputStream in = fs.open(listed)) {
              deliveries.addAll(List.of(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")));
            }
          } else {
            deliveries.add(delivery);
          }
        }
      }
      if (!folders.isEmpty()) {
        String path = Quarantine.path(warehouse);
        DeltaTables.createIfMissing(spark, path, Quarantine.SCHEMA, Map.of());
        Dataset<Row> rows = spark.read().schema(Quarantine.SCHEMA).parquet(folders.toArray(new String[0]));
        DeltaTables.replaceWhere(rows.select(Quarantine.columns()).coalesce(1), path, "delivery_id IN ("
            + deliveries.stream().map(d -> "'" + d.replace("'", "''") + "'").collect(Collectors.joining(", ")) + ")");
        LOG.info("quarantine/rows: the rows of {} deliveries committed at once", deliveries.size());
      }
      // Also the folders of loads that never committed, and the empty ones withdrawn rows leave.
      fs.delete(root, true);
      staged.clear();
      return deliveries;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list or delete the staged quarantine rows under " + root, e);
    }
  }

  private boolean curatedAt(String table, String delivery, long txnVersion) {
    return DeltaTables.lastVersion(spark, warehouse.table(Zone.CURATED, table), DeliveryLoader.appId(delivery))
        .filter(v -> v == txnVersion).isPresent();
  }

  private String folder(DeliveryManifest manifest, long txnVersion) {
    return folder(manifest.table(), manifest.deliveryId(), txnVersion);
  }

  private String folder(String table, String delivery, long txnVersion) {
    return warehouse.root() + "/" + STAGING + "/" + key(table, delivery, txnVersion);
  }

  private static String key(String table, String delivery, long txnVersion) {
    return table + "/" + delivery + "/" + txnVersion;
  }

  private org.apache.hadoop.conf.Configuration hadoop() {
    return spark.sparkContext().hadoopConfiguration();
  }
}
