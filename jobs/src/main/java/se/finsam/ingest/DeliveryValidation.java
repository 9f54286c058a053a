package se.finsam.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import se.finsam.schemas.Rule;
import se.finsam.schemas.TableContract;

/**
 * Classifies every delivered row: {@link #CURATED} (valid, first of its business key),
 * {@link #COLLAPSED} (an exact duplicate of a curated row: same business key and same typed values),
 * or {@link #QUARANTINED} with the rule it broke. A business key whose valid rows differ in any other
 * column is a conflict: all of its rows go to quarantine under R07, because the loader cannot know
 * which one is right. Exact duplicates of a conflicting key count as R07 too (they are rows of the key).
 * One output row per input row, so the counts of the three outcomes add up to the rows read.
 */
public final class DeliveryValidation {
  public static final String OUTCOME = "_outcome";
  public static final String CURATED = "CURATED";
  public static final String COLLAPSED = "COLLAPSED";
  public static final String QUARANTINED = "QUARANTINED";
  public static final String RULE_CODE = "rule_code";
  public static final String RULE = "rule";
  public static final String COLUMN_NAME = "column_name";
  public static final String VALUE = "value";
  public static final String REDACTED = "<redacted>";
  private static final String PERSONNUMMER_LIKE = "^\\d{6}(\\d{2})?[-+]?\\d{4}\\z";

  private DeliveryValidation() {}

  /**
   * @param raw rows of {@link DeliveryReader#read} with the contract's columns
   * @param partitions the classified rows come in this many partitions (hashed by business key), so that
   *     every later pass over them (counting, the writes, the files written) has as many tasks
   */
  public static Dataset<Row> classify(Dataset<Row> raw, TableContract contract, RowValidator validator, int partitions) {
    List<Column> checked = new ArrayList<>();
    contract.columns().forEach(c -> checked.add(RowValidator.typedValue(c).as(c.name())));
    checked.add(col(DeliveryReader.FILE));
    checked.add(col(DeliveryReader.ROW_NUMBER));
    checked.add(validator.violation().as("_violation"));
    Dataset<Row> withViolation = validator.withTyped(raw).select(checked.toArray(new Column[0]));
    List<Column> flat = new ArrayList<>();
    contract.columnNames().forEach(c -> flat.add(col(c)));
    flat.add(col(DeliveryReader.FILE));
    flat.add(col(DeliveryReader.ROW_NUMBER));
    flat.add(col("_violation." + RowValidator.RULE_CODE).as(RULE_CODE));
    flat.add(col("_violation." + RowValidator.RULE).as(RULE));
    flat.add(col("_violation." + RowValidator.COLUMN_NAME).as(COLUMN_NAME));
    flat.add(redacted(col("_violation." + RowValidator.COLUMN_NAME), col("_violation." + RowValidator.VALUE)).as(VALUE));
    return withDuplicates(withViolation.select(flat.toArray(new Column[0])), contract, partitions);
  }

  private static Dataset<Row> withDuplicates(Dataset<Row> checked, TableContract contract, int partitions) {
    List<Column> key = new ArrayList<>();
    contract.businessKey().forEach(k -> key.add(col(k)));
    List<Column> others = new ArrayList<>();
    contract.columnNames().stream().filter(c -> !contract.businessKey().contains(c)).forEach(c -> others.add(col(c)));
    Column valid = col(RULE_CODE).isNull();
    List<Column> partition = new ArrayList<>(key);
    partition.add(valid);
    // Unordered windows by key: the rows of a key differ somewhere iff the smallest and the largest of their
    // other columns differ, and the first row of a key is the one at the smallest (file, row number).
    // Cheaper than collecting the set of variants and numbering the rows in a second, ordered window.
    // The structs are compared only for keys with more than one row: a window copies a struct into its
    // buffer at every row it aggregates, and most keys have one row, so their structs are left null and
    // the rows counted first, by a primitive count in a window of its own (Spark computes the aggregates
    // of each window, however often they appear below, in one operator; the second needs no second sort).
    WindowSpec byKey = Window.partitionBy(partition.toArray(new Column[0]));
    Column repeated = col("_repeated");
    Column variant = when(repeated, others.isEmpty() ? lit(1) : struct(others.toArray(new Column[0])));
    Column place = struct(col(DeliveryReader.FILE), col(DeliveryReader.ROW_NUMBER));
    Column conflict = valid.and(repeated).and(min(variant).over(byKey).notEqual(max(variant).over(byKey)));
    Column first = not(repeated).or(min(when(repeated, place)).over(byKey).equalTo(place));
    List<Column> classified = new ArrayList<>();
    contract.columnNames().forEach(c -> classified.add(col(c)));
    classified.add(col(DeliveryReader.FILE));
    classified.add(col(DeliveryReader.ROW_NUMBER));
    classified.add(when(valid.and(not(conflict)), when(first, lit(CURATED)).otherwise(lit(COLLAPSED)))
        .otherwise(lit(QUARANTINED)).as(OUTCOME));
    classified.add(when(conflict, lit(Rule.DUPLICATE_CONFLICT.code())).otherwise(col(RULE_CODE)).as(RULE_CODE));
    classified.add(when(conflict, lit(Rule.DUPLICATE_CONFLICT.name())).otherwise(col(RULE)).as(RULE));
    classified.add(when(conflict, lit(String.join(",", contract.businessKey()))).otherwise(col(COLUMN_NAME)).as(COLUMN_NAME));
    classified.add(when(conflict, concat_ws(",", key.stream().map(k -> k.cast(DataTypes.StringType)).toArray(Column[]::new)))
        .otherwise(col(VALUE)).as(VALUE));
    // Hashed by the window's own keys, so this exchange is the window's (no second shuffle); with
    // spark.sql.shuffle.partitions instead, a delivery of 200 rows would run and write in 8 tasks. Two
    // selects (the second window reads the first's count), not a column at a time: each step of a chain
    // analyses the whole plan again, its validation expressions included, which for a small delivery was a
    // good part of the driver's work.
    return checked.repartition(partitions, partition.toArray(new Column[0]))
        .select(col("*"), count(lit(1)).over(byKey).gt(1).as("_repeated"))
        .select(classified.toArray(new Column[0]));
  }

  /**
   * What a quarantine row may show of a value: a value shaped like a personnummer or samordningsnummer
   * (10 or 12 digits, optionally with - or + before the last four), and any value of a personnummer
   * column, is redacted: a raw number must not reach the warehouse, not even a bad one. A 12-digit pid
   * is redacted too; over-redacting a pseudonym costs nothing.
   */
  public static Column redacted(Column column, Column value) {
    return when(column.equalTo(DeliveryManifest.PERSONNUMMER).or(value.rlike(PERSONNUMMER_LIKE)), lit(REDACTED))
        .otherwise(value);
  }
}
