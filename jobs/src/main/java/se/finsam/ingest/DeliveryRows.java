package se.finsam.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.CommitInfo;
import org.apache.spark.sql.delta.actions.FileAction;
import org.apache.spark.sql.delta.actions.SetTransaction;
import scala.Option;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * The rows each delivery holds in a curated table, read from the table's Delta log instead of its files,
 * where the log proves them: every commit that added files is the load of one delivery (tagged with its
 * application id, {@link DeliveryLoader#appId}) or of several deliveries loaded together (one application id
 * each, and the rows of each in the commit's user metadata, {@link #metadata}, which must add up to the rows
 * the commit's files hold), and no commit ever removed a file, so a delivery's rows are exactly those its
 * commit added (Delta's numRecords per file). Counting them in the files instead reads every row's delivery
 * id: the curated zone's tens of millions of rows for one table of the report.
 */
public final class DeliveryRows {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROWS = "finsam.curated_rows";

  private DeliveryRows() {}

  /** The user metadata of a commit of several deliveries' rows: how many rows each brought. */
  static String metadata(Map<String, Long> rowsByDelivery) {
    try {
      return JSON.writeValueAsString(Map.of(ROWS, new TreeMap<>(rowsByDelivery)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The deliveries with rows and their rows, in delivery order; empty when the log does not prove them (a
   * correction or reload replaced rows, a file without statistics, a commit of files without a delivery or
   * whose deliveries' rows it does not state, a log whose first commits were cleaned up): then the rows must
   * be counted.
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
      Set<String> deliveries = new TreeSet<>();
      Option<String> metadata = Option.empty();
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
          deliveries.add(txn.appId().substring(DeliveryLoader.APP_ID_PREFIX.length()));
        } else if (action instanceof CommitInfo info) {
          metadata = info.userMetadata();
        }
      }
      if (!adds) {
        continue;
      }
      if (deliveries.size() == 1) {
        rows.merge(deliveries.iterator().next(), added, Long::sum);
        continue;
      }
      Optional<Map<String, Long>> stated = metadata.isEmpty() ? Optional.empty() : rowsOf(metadata.get());
      if (deliveries.isEmpty() || stated.isEmpty() || !stated.get().keySet().equals(deliveries)
          || stated.get().values().stream().mapToLong(Long::longValue).sum() != added) {
        return Optional.empty();
      }
      stated.get().forEach((delivery, n) -> {
        if (n > 0) {
          rows.merge(delivery, n, Long::sum);
        }
      });
    }
    return expected == 0 ? Optional.empty() : Optional.of(rows);
  }

  /** The rows per delivery a commit's user metadata states, if it is {@link #metadata}'s. */
  private static Optional<Map<String, Long>> rowsOf(String metadata) {
    try {
      JsonNode stated = JSON.readTree(metadata).path(ROWS);
      if (!stated.isObject()) {
        return Optional.empty();
      }
      Map<String, Long> rows = new TreeMap<>();
      for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) stated::fields) {
        if (!e.getValue().canConvertToLong()) {
          return Optional.empty();
        }
        rows.put(e.getKey(), e.getValue().longValue());
      }
      return Optional.of(rows);
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
