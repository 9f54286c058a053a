package se.finsam.ingest;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.SetTransaction;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * The Delta operations the loader relies on. Idempotence uses Delta's own idempotent writes: every
 * write carries an application id ({@code txnAppId}) naming the delivery, which Delta records in the
 * same atomic commit as the data; a second write with that id is skipped by Delta without a commit,
 * and two concurrent loads of one delivery conflict in Delta's optimistic concurrency check, so no lock
 * of our own is needed.
 */
public final class DeltaTables {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaTables.class);
  /** One delivery is written once per table: its application id carries this version forever. */
  static final long TXN_VERSION = 0;

  private DeltaTables() {}

  public static boolean exists(SparkSession spark, String path) {
    return DeltaTable.isDeltaTable(spark, path);
  }

  /** True when a write with this application id has been committed to the table at {@code path}. */
  public static boolean committed(SparkSession spark, String path, String appId) {
    return lastVersion(spark, path, appId).isPresent();
  }

  /**
   * The txnVersion of the last write committed with this application id, if any. Read from the version's
   * checksum file when it lists the table's application ids (Delta keeps up to 100 there), which spares
   * the snapshot's state reconstruction (three Spark jobs) that {@code Snapshot.transactions} costs: a
   * run over loaded deliveries asks this once per delivery and writes nothing.
   */
  static Optional<Long> lastVersion(SparkSession spark, String path, String appId) {
    if (!exists(spark, path)) {
      return Optional.empty();
    }
    Snapshot snapshot = DeltaLog.forTable(spark, path).update(false, Option.empty(), Option.empty());
    // Snapshot.setTransactionsIfKnown does not look at the checksum in Delta 3.3 (it reconstructs the state).
    Option<Seq<SetTransaction>> known = snapshot.checksumOpt().isDefined()
        ? snapshot.checksumOpt().get().setTransactions() : Option.empty();
    for (SetTransaction t : JavaConverters.seqAsJavaList(known.isDefined() ? known.get() : snapshot.setTransactions())) {
      if (t.appId().equals(appId)) {
        return Optional.of(t.version());
      }
    }
    return Optional.empty();
  }

  /**
   * Creates the table with exactly this schema (nullability included) unless it exists. The existence
   * check comes first because Delta's own "create if not exists" costs a command with a snapshot even
   * when the table is there, once per delivery. An existing table gains the schema's columns it lacks:
   * a contract may add optional columns, and a table written before keeps its rows with the new columns
   * empty. A new required column cannot be added to rows that lack it, which is an error naming it.
   *
   * @param properties the new table's properties (an existing table keeps its own)
   */
  public static void createIfMissing(SparkSession spark, String path, StructType schema, Map<String, String> properties,
      String... partitionColumns) {
    if (exists(spark, path)) {
      addMissingColumns(spark, path, schema);
      return;
    }
    DeltaTableBuilder builder = DeltaTable.createIfNotExists(spark).location(path).addColumns(schema);
    for (Map.Entry<String, String> p : properties.entrySet()) {
      builder = builder.property(p.getKey(), p.getValue());
    }
    if (partitionColumns.length > 0) {
      builder = builder.partitionedBy(partitionColumns);
    }
    builder.execute();
  }

  /** Adds the schema's columns that the existing table at {@code path} lacks (see {@link #createIfMissing}). */
  static void addMissingColumns(SparkSession spark, String path, StructType schema) {
    StructType current = DeltaLog.forTable(spark, path).update(false, Option.empty(), Option.empty()).schema();
    java.util.Set<String> present = new java.util.HashSet<>(java.util.Arrays.asList(current.fieldNames()));
    java.util.List<String> added = new java.util.ArrayList<>();
    for (StructField field : schema.fields()) {
      if (present.contains(field.name())) {
        continue;
      }
      if (!field.nullable()) {
        throw new IllegalStateException("the Delta table " + path + " lacks the required column " + field.name()
            + ", which its rows cannot be given; load its deliveries into a new table");
      }
      added.add("`" + field.name() + "` " + field.dataType().sql());
    }
    if (!added.isEmpty()) {
      spark.sql("ALTER TABLE delta.`" + path + "` ADD COLUMNS (" + String.join(", ", added) + ")");
      LOG.info("{}: added the columns {} that its contract has gained", path, added);
    }
  }

  /**
   * The txnVersion to write a delivery's rows under: 0 for its first load, one more than the last one
   * committed for a reload (Delta skips a write whose version it has already seen for the application id).
   */
  public static long nextVersion(SparkSession spark, String path, String appId) {
    return lastVersion(spark, path, appId).map(v -> v + 1).orElse(TXN_VERSION);
  }

  public static long version(SparkSession spark, String path) {
    return DeltaTable.forPath(spark, path).history(1).select("version").first().getLong(0);
  }

  public static void append(Dataset<Row> rows, String path, String appId) {
    rows.write().format("delta").mode(SaveMode.Append)
        .option("txnAppId", appId).option("txnVersion", TXN_VERSION)
        .save(path);
  }

  /**
   * Atomically replaces the rows matching {@code predicate} by {@code rows} (which must all match it),
   * recorded under the application id at {@code txnVersion} (see {@link #nextVersion}).
   */
  public static void replaceWhere(Dataset<Row> rows, String path, String predicate, String appId, long txnVersion) {
    replacing(rows, predicate).option("txnAppId", appId).option("txnVersion", txnVersion).save(path);
  }

  /** Atomically replaces the rows matching {@code predicate} by {@code rows}: written twice, it changes nothing more. */
  public static void replaceWhere(Dataset<Row> rows, String path, String predicate) {
    replacing(rows, predicate).save(path);
  }

  private static DataFrameWriter<Row> replacing(Dataset<Row> rows, String predicate) {
    return rows.write().format("delta").mode(SaveMode.Overwrite).option("replaceWhere", predicate);
  }
}
