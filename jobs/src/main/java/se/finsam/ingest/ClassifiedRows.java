package se.finsam.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.execution.SQLExecution;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.RDDBlockId;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.unsafe.types.UTF8String;
import scala.reflect.ClassTag$;

/**
 * A delivery's classified rows ({@link DeliveryValidation#classify}) as the curated write reads them,
 * with what the loader needs of them after the write taken on the way: the rows per file, outcome and
 * rule, and the quarantined rows.
 *
 * <p>Spark gives one output per pass. Caching every classified row, so that the counts and the
 * quarantine could read them again, cost about a fifth of a large ingest's CPU (building column batches
 * of every column, for rows of which one in 150 is read again; README, Throughput). Here each task of the
 * write keeps its partition's counts and quarantined rows as the rows pass it, and once they have all
 * passed stores what it kept as the cached partition of a second RDD over the same rows, the side. A job
 * over the side finds those partitions in the block manager; one that no write task stored (a correction
 * is counted before it is written) or whose block was lost is computed from the same rows, like any
 * cached partition. The rows are the shuffle's output, so that computes the duplicate check again, not
 * the read.
 */
final class ClassifiedRows {
  /** What the RDD of the rows passing the tap is called, with the delivery id, in Spark's UI and events. */
  static final String ROWS_OF = "classified rows of ";

  /**
   * One count of {@link #counts}: a partition's rows of a file with an outcome and, when quarantined, a rule;
   * with the delivery when the rows carry {@link DeliveryLoader#DELIVERY_ID}, else null.
   */
  record Count(String delivery, String file, String outcome, String ruleCode, long rows) implements Serializable {}

  private final SparkSession session;
  private final Dataset<Row> rows;
  private final JavaRDD<Side> side;
  private final StructType quarantinedSchema;

  private ClassifiedRows(SparkSession session, Dataset<Row> rows, JavaRDD<Side> side, StructType quarantinedSchema) {
    this.session = session;
    this.rows = rows;
    this.side = side;
    this.quarantinedSchema = quarantinedSchema;
  }

  /**
   * @param classified rows of {@link DeliveryValidation#classify}
   * @param deliveries whose rows they are, for their name in Spark's UI
   */
  static ClassifiedRows of(Dataset<Row> classified, String deliveries) {
    String name = ROWS_OF + deliveries;
    Layout layout = new Layout(classified.schema());
    JavaRDD<InternalRow> base = RowFrames.rows(classified, name).toJavaRDD();
    JavaRDD<Side> side = base.mapPartitions(layout::side).persist(StorageLevel.MEMORY_AND_DISK());
    JavaRDD<InternalRow> tapped = base.mapPartitions(new Tap(layout, side.id())).setName(name);
    SparkSession session = classified.sparkSession();
    // The tap keeps the rows' order, which the curated write can then use.
    Dataset<Row> rows = RowFrames.of(session, tapped.rdd(), classified.schema(), RowFrames.orderedBy(classified));
    return new ClassifiedRows(session, rows, side, layout.quarantinedSchema());
  }

  /** The classified rows, for the curated write; their task stores the side as they pass. */
  Dataset<Row> rows() {
    return rows;
  }

  /**
   * The rows per partition, file, outcome and rule (rule null unless quarantined): a file's rows with one
   * outcome and rule are the sum of their counts ({@link OutcomeCounts} adds them up).
   */
  List<Count> counts() {
    return SQLExecution.withSQLConfPropagated(session, () -> side.flatMap(s -> s.counts().iterator()).collect());
  }

  /**
   * The quarantined rows' {@link DeliveryReader#FILE}, {@link DeliveryReader#ROW_NUMBER},
   * {@link DeliveryValidation#RULE_CODE}, {@link DeliveryValidation#RULE}, {@link DeliveryValidation#COLUMN_NAME}
   * and {@link DeliveryValidation#VALUE}, and {@link DeliveryLoader#DELIVERY_ID} when the rows carry it.
   */
  Dataset<Row> quarantined() {
    return RowFrames.of(session, side.flatMap(s -> s.quarantined.iterator()).rdd(), quarantinedSchema, List.of());
  }

  /** Drops the side's blocks. */
  void release() {
    side.unpersist(false);
  }

  /** Where a {@link Side} finds what it keeps in a classified row. */
  private static final class Layout implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final List<String> QUARANTINED = List.of(DeliveryReader.FILE, DeliveryReader.ROW_NUMBER,
        DeliveryValidation.RULE_CODE, DeliveryValidation.RULE, DeliveryValidation.COLUMN_NAME, DeliveryValidation.VALUE);

    private final StructType schema;
    private final int file;
    private final int outcome;
    private final int ruleCode;
    private final int delivery;
    private final List<String> quarantined;

    Layout(StructType schema) {
      this.schema = schema;
      this.file = schema.fieldIndex(DeliveryReader.FILE);
      this.outcome = schema.fieldIndex(DeliveryValidation.OUTCOME);
      this.ruleCode = schema.fieldIndex(DeliveryValidation.RULE_CODE);
      this.delivery = List.of(schema.fieldNames()).indexOf(DeliveryLoader.DELIVERY_ID);
      this.quarantined = new ArrayList<>(QUARANTINED);
      if (delivery >= 0) {
        quarantined.add(DeliveryLoader.DELIVERY_ID);
      }
    }

    StructType quarantinedSchema() {
      return new StructType(quarantined.stream().map(c -> schema.fields()[schema.fieldIndex(c)]).toArray(StructField[]::new));
    }

    UnsafeProjection quarantinedProjection() {
      return RowFrames.projection(schema, quarantined.stream().mapToInt(schema::fieldIndex).toArray());
    }

    /** The side of a partition's rows, computed from them (no write task stored it). */
    Iterator<Side> side(Iterator<InternalRow> rows) {
      Side side = new Side(this);
      rows.forEachRemaining(side::add);
      return List.of(side).iterator();
    }
  }

  /** What the loader needs of one partition's rows after the write. */
  static final class Side implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final UTF8String QUARANTINED_OUTCOME = UTF8String.fromString(DeliveryValidation.QUARANTINED);
    private final transient Layout layout;
    private final transient UnsafeProjection project;
    private final Map<Key, long[]> counts = new HashMap<>();
    private final List<InternalRow> quarantined = new ArrayList<>();

    Side(Layout layout) {
      this.layout = layout;
      this.project = layout.quarantinedProjection();
    }

    void add(InternalRow row) {
      UTF8String outcome = row.getUTF8String(layout.outcome);
      Key key = new Key(layout.delivery < 0 ? null : row.getUTF8String(layout.delivery), row.getUTF8String(layout.file),
          outcome, row.isNullAt(layout.ruleCode) ? null : row.getUTF8String(layout.ruleCode));
      long[] n = counts.get(key);
      if (n == null) {
        // The key's strings point into the row, which the next row may overwrite.
        n = new long[1];
        counts.put(key.copy(), n);
      }
      n[0]++;
      if (QUARANTINED_OUTCOME.equals(outcome)) {
        quarantined.add(project.apply(row).copy());
      }
    }

    List<Count> counts() {
      List<Count> out = new ArrayList<>();
      counts.forEach((k, n) -> out.add(new Count(k.delivery() == null ? null : k.delivery().toString(),
          k.file().toString(), k.outcome().toString(), k.ruleCode() == null ? null : k.ruleCode().toString(), n[0])));
      return out;
    }
  }

  private record Key(UTF8String delivery, UTF8String file, UTF8String outcome, UTF8String ruleCode) implements Serializable {
    Key copy() {
      return new Key(delivery == null ? null : delivery.clone(), file.clone(), outcome.clone(),
          ruleCode == null ? null : ruleCode.clone());
    }
  }

  /**
   * Passes a partition's rows on to the write, keeping their {@link Side}, and stores it as the side's
   * cached partition once the last row has passed. A task that fails or is cut short stores nothing; a
   * second attempt finds the first's block, if any, already there, with the same content.
   */
  private static final class Tap implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
    private static final long serialVersionUID = 1L;
    private final Layout layout;
    private final int sideId;

    Tap(Layout layout, int sideId) {
      this.layout = layout;
      this.sideId = sideId;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
      Side side = new Side(layout);
      int partition = TaskContext.getPartitionId();
      return new Iterator<>() {
        private boolean stored;

        @Override
        public boolean hasNext() {
          if (rows.hasNext()) {
            return true;
          }
          if (!stored) {
            stored = true;
            SparkEnv.get().blockManager().putSingle(new RDDBlockId(sideId, partition), side,
                StorageLevel.MEMORY_AND_DISK(), true, ClassTag$.MODULE$.apply(Side.class));
          }
          return false;
        }

        @Override
        public InternalRow next() {
          InternalRow row = rows.next();
          side.add(row);
          return row;
        }
      };
    }
  }
}
