package se.finsam.ingest;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Ascending$;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.NullsFirst$;
import org.apache.spark.sql.catalyst.expressions.SortOrder;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.plans.physical.UnknownPartitioning;
import org.apache.spark.sql.catalyst.types.DataTypeUtils;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.SQLExecution;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * Frames over RDDs of Spark's internal rows (the ingest's own steps between Spark's operators), which can
 * say how each partition's rows are ordered. The curated write needs its rows ordered by partition year
 * within each task; when the plan knows they are, Spark's file writer does not sort them again.
 */
final class RowFrames {
  private RowFrames() {}

  /**
   * A frame of {@code rows}, whose every partition is ordered by {@code orderedBy}'s columns, each
   * ascending with nulls first (the order Spark's writer asks for).
   */
  static Dataset<Row> of(SparkSession session, RDD<InternalRow> rows, StructType schema, List<String> orderedBy) {
    Seq<AttributeReference> output = DataTypeUtils.toAttributes(schema);
    List<SortOrder> ordering = new ArrayList<>();
    for (String column : orderedBy) {
      AttributeReference attribute = output.apply(schema.fieldIndex(column));
      ordering.add(new SortOrder(attribute, Ascending$.MODULE$, NullsFirst$.MODULE$, JavaConverters
          .asScalaBuffer(new ArrayList<Expression>()).toSeq()));
    }
    @SuppressWarnings("unchecked")
    Seq<Attribute> attributes = (Seq<Attribute>) (Seq<?>) output;
    LogicalRDD plan = new LogicalRDD(attributes, rows, new UnknownPartitioning(0),
        JavaConverters.asScalaBuffer(ordering).toSeq(), false, session, Option.empty(), Option.empty());
    return Dataset.ofRows(session, plan);
  }

  /** Expressions reading the columns at {@code ordinals} of an internal row of {@code schema}. */
  static List<Expression> references(StructType schema, int... ordinals) {
    List<Expression> columns = new ArrayList<>();
    for (int o : ordinals) {
      columns.add(new BoundReference(o, schema.fields()[o].dataType(), schema.fields()[o].nullable()));
    }
    return columns;
  }

  /** A projection of an internal row of {@code schema} onto the columns at {@code ordinals}. */
  static UnsafeProjection projection(StructType schema, int... ordinals) {
    return UnsafeProjection.create(JavaConverters.asScalaBuffer(references(schema, ordinals)).toSeq());
  }

  /**
   * The frame's internal rows, for a step of the ingest's own. Its plan runs under an execution id named
   * {@code name}: adaptive execution runs a plan's shuffle map side here, as an action of its own, and its
   * tasks see the session's SQL settings (a small delivery's interpreted expressions among them).
   */
  static RDD<InternalRow> rows(Dataset<Row> frame, String name) {
    QueryExecution execution = frame.queryExecution();
    return SQLExecution.withNewExecutionId(execution, Option.apply(name), execution::toRdd);
  }

  /** The columns by which the frame's plan orders each partition, ascending with nulls first: a prefix of its ordering. */
  static List<String> orderedBy(Dataset<Row> frame) {
    List<String> columns = new ArrayList<>();
    for (SortOrder order : JavaConverters.seqAsJavaList(frame.queryExecution().executedPlan().outputOrdering())) {
      if (!(order.child() instanceof Attribute attribute) || !order.isAscending()
          || order.nullOrdering() != NullsFirst$.MODULE$) {
        break;
      }
      columns.add(attribute.name());
    }
    return columns;
  }
}
