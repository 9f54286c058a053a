package se.finsam.ingest;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.FileAction;
import org.apache.spark.sql.delta.actions.SetTransaction;
import scala.Option;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * The rows each delivery holds in a curated table, read from the table's Delta log instead of its files,
 * where the log proves them: every commit that added files is one delivery's load (tagged with its
 * application id, {@link DeliveryLoader#appId}) and no commit ever removed a file, so a delivery's rows are
 * exactly those its commit added (Delta's numRecords per file). Counting them in the files instead reads
 * every row's delivery id: the curated zone's tens of millions of rows for one table of the report.
 */
public final class DeliveryRows {
  private DeliveryRows() {}

  /**
   * The deliveries with rows and their rows, in delivery order; empty when the log does not prove them (a
   * correction or reload replaced rows, a file without statistics, a commit of files without exactly one
   * delivery, a log whose first commits were cleaned up): then the rows must be counted.
   */
  public static Optional<Map<String, Long>> fromLog(SparkSession spark, String path) {
    DeltaLog log = DeltaLog.forTable(spark, path);
    Map<String, Long> rows = new TreeMap<>();
    Iterator<Tuple2<Object, Seq<Action>>> commits = log.getChanges(0, false);
    long expected = 0;
    while (commits.hasNext()) {
      Tuple2<Object, Seq<Action>> commit = commits.next();
      if ((Long) commit._1() != expected++) {
        return Optional.empty();
      }
      String delivery = null;
      int deliveries = 0;
      long added = 0;
      boolean adds = false;
      for (Action action : JavaConverters.seqAsJavaList(commit._2())) {
        if (action instanceof AddFile file) {
          Option<Object> records = file.numLogicalRecords();
          if (records.isEmpty() || file.deletionVector() != null) {
            return Optional.empty();
          }
          added += (Long) records.get();
          adds = true;
        } else if (action instanceof FileAction) { // a removed file, or a change-data file
          return Optional.empty();
        } else if (action instanceof SetTransaction txn && txn.appId().startsWith(DeliveryLoader.APP_ID_PREFIX)) {
          delivery = txn.appId().substring(DeliveryLoader.APP_ID_PREFIX.length());
          deliveries++;
        }
      }
      if (adds && deliveries != 1) {
        return Optional.empty();
      }
      if (added > 0) {
        rows.merge(delivery, added, Long::sum);
      }
    }
    return expected == 0 ? Optional.empty() : Optional.of(rows);
  }
}
