package se.finsam.warehouse;

import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The warehouse's Delta table of every job run: appended once per run, read to skip unchanged work. */
public final class AuditLog {
  public static final StructType SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("job", DataTypes.StringType, false)
      .add("started_at", DataTypes.TimestampType, false)
      .add("ended_at", DataTypes.TimestampType, false)
      .add("status", DataTypes.StringType, false)
      .add("rows_in", DataTypes.LongType, false)
      .add("rows_out", DataTypes.LongType, false)
      .add("rows_rejected", DataTypes.LongType, false)
      .add("config_hash", DataTypes.StringType, false)
      .add("inputs_fingerprint", DataTypes.StringType, true)
      .add("details", DataTypes.StringType, true);

  private final SparkSession spark;
  private final Warehouse warehouse;

  public AuditLog(SparkSession spark, Warehouse warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
  }

  public void append(AuditRecord record) {
    rows(record).write().format("delta").mode(SaveMode.Append).save(warehouse.audit());
  }

  /**
   * Appends the rows of runs without a session ({@link PendingAudit}) and removes their files. Each is its
   * own idempotent Delta commit (txnAppId = the pending file's unique name), so a fold interrupted after a
   * commit skips that row the next time instead of appending it again.
   */
  public void foldPending() {
    PendingAudit pending = new PendingAudit(warehouse, spark.sparkContext().hadoopConfiguration());
    for (PendingAudit.Entry entry : pending.read()) {
      rows(entry.record()).write().format("delta").mode(SaveMode.Append)
          .option("txnAppId", "finsam-audit-pending-" + entry.name()).option("txnVersion", 0)
          .save(warehouse.audit());
      pending.remove(entry);
    }
  }

  private Dataset<Row> rows(AuditRecord record) {
    return spark.createDataFrame(List.of(RowFactory.create(record.toRowValues())), SCHEMA).coalesce(1);
  }

  public Dataset<Row> read() {
    if (!warehouse.exists(warehouse.audit(), spark.sparkContext().hadoopConfiguration())) {
      return spark.createDataFrame(List.of(), SCHEMA);
    }
    return spark.read().format("delta").load(warehouse.audit());
  }

  /** The fingerprint of the last successful run of {@code job}, if any. */
  public Optional<String> lastSuccessfulFingerprint(String job) {
    return lastSuccessful(job, "inputs_fingerprint");
  }

  /** The run id of the last successful run of {@code job}, if any. */
  public Optional<String> lastSuccessfulRunId(String job) {
    return lastSuccessful(job, "run_id");
  }

  private Optional<String> lastSuccessful(String job, String column) {
    List<Row> rows = read()
        .filter(functions.col("job").equalTo(job).and(functions.col("status").equalTo(AuditRecord.SUCCEEDED)))
        .orderBy(functions.col("ended_at").desc())
        .select(column)
        .limit(1)
        .collectAsList();
    return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0).getString(0));
  }
}
