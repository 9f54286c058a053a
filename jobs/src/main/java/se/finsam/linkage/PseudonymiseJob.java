package se.finsam.linkage;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import se.finsam.ingest.DeliveryException;
import se.finsam.ingest.DeliveryFiles;
import se.finsam.ingest.DeliveryManifest;
import se.finsam.ingest.DeliveryReader;
import se.finsam.ingest.DeliveryValidation;
import se.finsam.ingest.Quarantine;
import se.finsam.jobs.Job;
import se.finsam.jobs.JobContext;
import se.finsam.jobs.JobOption;
import se.finsam.jobs.JobRunner;
import se.finsam.schemas.Contracts;
import se.finsam.schemas.Rule;
import se.finsam.schemas.TableContract;

/**
 * {@code ./finsam pseudonymise --input <raw delivery with personnummer> --output <delivery folder>}:
 * writes the same delivery with {@code pid} instead of {@code personnummer} and a new manifest
 * (recomputed checksums and row counts). Invalid numbers (R08) and malformed lines (R09) go to
 * quarantine, redacted, and are left out of the output. Refuses to run without a key, and fails
 * without writing anything when two distinct numbers get the same pid.
 */
public final class PseudonymiseJob implements Job {
  private final Map<String, String> environment;

  public PseudonymiseJob() {
    this(System.getenv());
  }

  /** With an explicit environment, from which the key variable is read (tests). */
  public PseudonymiseJob(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Override
  public String name() {
    return "pseudonymise";
  }

  @Override
  public String summary() {
    return "replace personnummer by a keyed pseudonymous pid in a raw delivery";
  }

  @Override
  public List<JobOption> options() {
    return List.of(
        JobOption.required("input", "finsam.pseudonymise.input", "raw delivery folder (or manifest) carrying personnummer"),
        JobOption.required("output", "finsam.pseudonymise.output", "folder to write the pseudonymised delivery to (must not exist)"),
        JobOption.of("warehouse", "finsam.warehouse", "warehouse root (its quarantine receives invalid numbers)"));
  }

  @Override
  public void run(JobContext context) {
    Config config = context.config();
    byte[] key = PseudonymKey.load(config, environment);
    SparkSession spark = context.spark();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    DeliveryManifest manifest = DeliveryManifest.read(config.getString("finsam.pseudonymise.input"), hadoop);
    if (!manifest.carriesPersonnummer()) {
      throw new DeliveryException(manifest.deliveryId() + ": person_id is '" + manifest.personId()
          + "', not personnummer: nothing to pseudonymise");
    }
    TableContract contract = Contracts.byName(manifest.table());
    if (contract.personColumn().isEmpty()) {
      throw new DeliveryException(manifest.table() + " has no person column to pseudonymise");
    }
    List<String> outputColumns = contract.columnNames();
    int personIndex = outputColumns.indexOf(contract.personColumn());
    List<String> inputColumns = new ArrayList<>(outputColumns);
    inputColumns.set(personIndex, DeliveryManifest.PERSONNUMMER);

    DeliveryFiles.checkPresentAndChecksums(manifest, hadoop);
    Dataset<Row> raw = DeliveryReader.read(spark, manifest, inputColumns, contract.columnsMayBeAbsent());
    Map<String, Long> rowsByFile = new TreeMap<>();
    for (Row r : raw.groupBy(DeliveryReader.FILE).count().collectAsList()) {
      rowsByFile.put(r.getString(0), r.getLong(1));
    }
    DeliveryFiles.checkRowCounts(manifest, rowsByFile);
    long read = rowsByFile.values().stream().mapToLong(Long::longValue).sum();
    context.metrics().read(manifest.folder(), read);

    Broadcast<byte[]> keyBroadcast = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(key);
    Dataset<Row> pseudonymised = Pseudonymiser.pseudonymise(raw, outputColumns, personIndex, keyBroadcast,
        config.getInt("finsam.pseudonymise.test-hooks.pid-bits")).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long collisions = Pseudonymiser.collisions(pseudonymised).count();
      if (collisions > 0) {
        throw new DeliveryException(manifest.deliveryId() + ": " + collisions + " pid(s) derived from more than one "
            + "distinct number (pseudonym collision); nothing written. Pids must be unique: report this, do not retry with another key silently");
      }
      Dataset<Row> rejected = pseudonymised.filter(functions.col(DeliveryValidation.RULE_CODE).isNotNull());
      Map<String, Long> rejectedByRule = new TreeMap<>();
      for (Row r : rejected.groupBy(DeliveryValidation.RULE_CODE).count().collectAsList()) {
        rejectedByRule.put(r.getString(0), r.getLong(1));
      }
      String output = new Path(config.getString("finsam.pseudonymise.output")).toString();
      Dataset<Row> valid = pseudonymised.filter(functions.col(DeliveryValidation.RULE_CODE).isNull())
          .select(outputColumns.stream().map(functions::col).toArray(Column[]::new));
      write(valid, manifest, output);
      List<DeliveryManifest.FileEntry> files = describeFiles(spark, manifest, output);
      long written = files.stream().mapToLong(DeliveryManifest.FileEntry::rows).sum();
      long rejectedRows = rejectedByRule.values().stream().mapToLong(Long::longValue).sum();
      if (written + rejectedRows != read) {
        throw new IllegalStateException(manifest.deliveryId() + ": read " + read + " rows but wrote " + written
            + " and quarantined " + rejectedRows);
      }
      if (rejectedRows > 0) {
        Quarantine.append(spark, context.warehouse(), Quarantine.rows(rejected, manifest),
            "finsam-pseudonymise:" + manifest.deliveryId());
      }
      // The rows left out are no longer flaws of the written delivery.
      Map<String, Long> flaws = new LinkedHashMap<>(manifest.flaws());
      flaws.remove(Rule.INVALID_PERSONNUMMER.code());
      flaws.remove(Rule.MALFORMED_ROW.code());
      manifest.rewritten(fileSystemPath(output, hadoop), Pseudonymiser.PID, files, flaws).write(hadoop);
      context.metrics().wrote(output, written);
      context.metrics().rejected("quarantine/rows from " + manifest.deliveryId() + " " + rejectedByRule, rejectedRows);
    } finally {
      pseudonymised.unpersist();
      keyBroadcast.destroy();
      Arrays.fill(key, (byte) 0);
    }
  }

  private static void write(Dataset<Row> rows, DeliveryManifest manifest, String output) {
    if (manifest.isCsv()) {
      rows.write().mode(SaveMode.ErrorIfExists)
          .option("header", "true")
          .option("sep", String.valueOf(manifest.delimiter()))
          .option("quote", "\"")
          .option("escape", "\"")
          .option("nullValue", "")
          // Values are passed on exactly as delivered, flaws included.
          .option("ignoreLeadingWhiteSpace", "false")
          .option("ignoreTrailingWhiteSpace", "false")
          .option("lineSep", "\n")
          .csv(output);
    } else {
      rows.write().mode(SaveMode.ErrorIfExists).parquet(output);
    }
  }

  /** The written data files with their data rows and checksums. */
  private static List<DeliveryManifest.FileEntry> describeFiles(SparkSession spark, DeliveryManifest manifest, String output) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    String pattern = output + "/part-*" + (manifest.isCsv() ? ".csv" : ".parquet");
    Dataset<Row> files = manifest.isCsv() ? spark.read().text(pattern) : spark.read().parquet(pattern);
    Map<String, Long> lines = new TreeMap<>();
    for (Row r : files.groupBy(functions.col("_metadata.file_name")).count().collectAsList()) {
      lines.put(r.getString(0), r.getLong(1));
    }
    List<DeliveryManifest.FileEntry> entries = new ArrayList<>();
    try {
      Path dir = new Path(output);
      for (FileStatus status : dir.getFileSystem(hadoop).globStatus(new Path(pattern))) {
        String name = status.getPath().getName();
        long n = lines.getOrDefault(name, 0L);
        long rows = manifest.isCsv() ? Math.max(0, n - 1) : n;
        entries.add(new DeliveryManifest.FileEntry(name, rows, DeliveryFiles.sha256(status.getPath(), hadoop)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + output, e);
    }
    return entries;
  }

  private static String fileSystemPath(String output, Configuration hadoop) {
    Path path = new Path(output);
    try {
      return path.getFileSystem(hadoop).makeQualified(path).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void main(String[] args) {
    JobRunner.exit(new PseudonymiseJob(), args);
  }
}
