package se.finsam.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.FileAction;
import org.apache.spark.sql.delta.actions.Metadata;
import org.apache.spark.sql.delta.actions.SetTransaction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.Tuple2;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * A delivery's rows written as the files of a Delta transaction and committed later, or never: the
 * loader commits only once the rows' counts, taken from the cache this write filled, pass the manifest's
 * and the quarantine share's checks, so the delivery's files are read once. Delta's DataFrame writer
 * commits inside the write, which needed a counting pass before it.
 *
 * <p>The commit carries the delivery's application id ({@code txnAppId}/{@code txnVersion}) like the
 * writer's, or one per delivery when the files hold several deliveries' rows
 * ({@link DeliveryLoader#loadTogether}). It does not ask Delta whether the id has committed before ({@code txnVersion} on the
 * transaction reconstructs the table's state, three Spark jobs per write): the loader has answered that
 * from the checksum ({@link DeltaTables#lastVersion}), and the id is recorded as read by the transaction,
 * so a concurrent commit of the same delivery still fails Delta's conflict check. A new table is created
 * by the commit of its first delivery, with exactly the given schema (the writer would make every column
 * nullable), instead of by a CREATE commit of its own.
 */
final class PendingWrite {
  private static final Logger LOG = LoggerFactory.getLogger(PendingWrite.class);

  private final DeltaLog log;
  private final OptimisticTransaction txn;
  private final Seq<FileAction> files;
  private boolean commitAttempted;

  private PendingWrite(DeltaLog log, OptimisticTransaction txn, Seq<FileAction> files) {
    this.log = log;
    this.txn = txn;
    this.files = files;
  }

  /**
   * Writes {@code rows} (the table's columns, in any order, with its types) as files of the table at
   * {@code path}, which is created with {@code schema}, {@code partitionColumns} and the table properties
   * {@code properties} by the commit if it does not exist. An existing table must hold the schema's columns
   * with the same types.
   */
  static PendingWrite write(SparkSession spark, String path, StructType schema, List<String> partitionColumns,
      Map<String, String> properties, Dataset<Row> rows) {
    DeltaLog log = DeltaLog.forTable(spark, path);
    OptimisticTransaction txn = log.startTransaction();
    StructType table;
    if (txn.readVersion() < 0) {
      table = schema;
      txn.updateMetadataForNewTable(newTable(schema, partitionColumns, properties));
    } else {
      table = txn.metadata().schema();
    }
    // Delta's writer would cast or refuse mismatched columns; the transaction writes what it is given.
    List<Column> columns = new ArrayList<>();
    for (StructField field : table.fields()) {
      if (!java.util.Arrays.asList(rows.columns()).contains(field.name())
          || !rows.schema().apply(field.name()).dataType().equals(field.dataType())) {
        throw new IllegalStateException("the Delta table " + path + " has the column " + field.name() + " "
            + field.dataType().sql() + ", which the rows to write lack: " + rows.schema().simpleString());
      }
      columns.add(functions.col(field.name()));
    }
    Seq<FileAction> files = txn.writeFiles(rows.select(columns.toArray(new Column[0])));
    return new PendingWrite(log, txn, files);
  }

  private static Metadata newTable(StructType schema, List<String> partitionColumns, Map<String, String> properties) {
    scala.collection.immutable.Map<String, String> configuration = Metadata.apply$default$7();
    for (Map.Entry<String, String> p : properties.entrySet()) {
      configuration = configuration.$plus(new Tuple2<>(p.getKey(), p.getValue()));
    }
    return new Metadata(Metadata.apply$default$1(), Metadata.apply$default$2(), Metadata.apply$default$3(),
        Metadata.apply$default$4(), schema.json(), JavaConverters.asScalaBuffer(partitionColumns).toList(),
        configuration, Metadata.apply$default$8());
  }

  /**
   * Commits the files in one Delta commit recorded under each application id at its {@code txnVersion}
   * (several when the files hold several deliveries' rows), with {@code userMetadata} in the commit's info.
   */
  void commit(Map<String, Long> txnVersions, Optional<String> userMetadata) {
    commitAttempted = true;
    List<Action> actions = new ArrayList<>(JavaConverters.seqAsJavaList(files));
    long now = System.currentTimeMillis();
    txnVersions.forEach((appId, version) -> {
      txn.readTxn().$plus$eq(appId);
      actions.add(new SetTransaction(appId, version, Option.apply(now)));
    });
    txn.commit(JavaConverters.asScalaBuffer(actions).toList(), new DeltaOperations.Write(SaveMode.Append,
        Option.empty(), Option.empty(), Option.apply(userMetadata.orElse(null))));
  }

  /**
   * Deletes the written files, which no commit references. Not after a commit was attempted: one that
   * failed after writing its log entry (a post-commit hook) may reference them, and an unreferenced file
   * is only garbage.
   */
  void abandon() {
    if (commitAttempted) {
      return;
    }
    for (FileAction f : JavaConverters.seqAsJavaList(files)) {
      if (f instanceof AddFile add) {
        Path file = add.absolutePath(log);
        try {
          file.getFileSystem(log.newDeltaHadoopConf()).delete(file, false);
        } catch (IOException e) {
          LOG.warn("could not delete the uncommitted file {}: {}", file, e.toString());
        }
      }
    }
  }
}
