package se.finsam.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
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
   * @return the rows with the contract's columns, where each was delivered, the outcome and the broken rule;
   *     for a partitioned contract also its partition year ({@link TableContract#PARTITION_COLUMN}), by which
   *     each partition's rows are ordered
   */
  public static Dataset<Row> classify(Dataset<Row> raw, TableContract contract, RowValidator validator, int partitions) {
    return classify(checked(raw, contract, validator), contract, partitions);
  }

  /**
   * The rows of {@link DeliveryReader#read} typed, each with the rule it broke, if any, and for a partitioned
   * contract its partition year: what {@link #classify(Dataset, TableContract, int)} takes. Rows of
   * {@link DeliveryReader#readTogether} keep their {@link DeliveryLoader#DELIVERY_ID}.
   */
  static Dataset<Row> checked(Dataset<Row> raw, TableContract contract, RowValidator validator) {
    boolean deliveries = List.of(raw.columns()).contains(DeliveryLoader.DELIVERY_ID);
    List<Column> checked = new ArrayList<>();
    contract.columns().forEach(c -> checked.add(RowValidator.typedValue(c).as(c.name())));
    checked.add(col(DeliveryReader.FILE));
    checked.add(col(DeliveryReader.ROW_NUMBER));
    checked.add(validator.violation().as("_violation"));
    if (deliveries) {
      checked.add(col(DeliveryLoader.DELIVERY_ID));
    }
    Dataset<Row> withViolation = validator.withTyped(raw).select(checked.toArray(new Column[0]));
    List<Column> flat = new ArrayList<>();
    contract.columnNames().forEach(c -> flat.add(col(c)));
    flat.add(col(DeliveryReader.FILE));
    flat.add(col(DeliveryReader.ROW_NUMBER));
    flat.add(col("_violation." + RowValidator.RULE_CODE).as(RULE_CODE));
    flat.add(col("_violation." + RowValidator.RULE).as(RULE));
    flat.add(col("_violation." + RowValidator.COLUMN_NAME).as(COLUMN_NAME));
    flat.add(redacted(col("_violation." + RowValidator.COLUMN_NAME), col("_violation." + RowValidator.VALUE)).as(VALUE));
    if (contract.partitioned()) {
      flat.add(partitionYear(contract).as(TableContract.PARTITION_COLUMN));
    }
    if (deliveries) {
      flat.add(col(DeliveryLoader.DELIVERY_ID));
    }
    return withViolation.select(flat.toArray(new Column[0]));
  }

  /**
   * Classifies {@link #checked} rows. Rows that carry {@link DeliveryLoader#DELIVERY_ID} (several deliveries
   * of one table loaded together) are compared with the rows of their own delivery only, and keep the column:
   * two deliveries may each bring a row of one business key, as when they are loaded one at a time.
   */
  static Dataset<Row> classify(Dataset<Row> checked, TableContract contract, int partitions) {
    List<Column> key = new ArrayList<>();
    contract.businessKey().forEach(k -> key.add(col(k)));
    List<String> others = contract.columnNames().stream().filter(c -> !contract.businessKey().contains(c)).toList();
    boolean deliveries = List.of(checked.columns()).contains(DeliveryLoader.DELIVERY_ID);
    List<String> compared = new ArrayList<>(contract.businessKey());
    if (deliveries) {
      compared.add(DeliveryLoader.DELIVERY_ID);
    }
    // Hashed by the business key, so that each task holds every row of its keys (DuplicateFlags); with
    // spark.sql.shuffle.partitions instead, a delivery of 200 rows would run and write in 8 tasks.
    Dataset<Row> byKey = checked.repartition(partitions, compared.stream().map(functions::col).toArray(Column[]::new));
    Optional<String> year = contract.partitioned() ? Optional.of(TableContract.PARTITION_COLUMN) : Optional.empty();
    Dataset<Row> rows = DuplicateFlags.flag(byKey, compared, others, year, "duplicate check of " + contract.name());
    Column valid = col(RULE_CODE).isNull();
    Column conflict = col(DuplicateFlags.CONFLICT);
    List<Column> classified = new ArrayList<>();
    contract.columnNames().forEach(c -> classified.add(col(c)));
    classified.add(col(DeliveryReader.FILE));
    classified.add(col(DeliveryReader.ROW_NUMBER));
    classified.add(when(valid.and(not(conflict)), when(col(DuplicateFlags.FIRST), lit(CURATED)).otherwise(lit(COLLAPSED)))
        .otherwise(lit(QUARANTINED)).as(OUTCOME));
    classified.add(when(conflict, lit(Rule.DUPLICATE_CONFLICT.code())).otherwise(col(RULE_CODE)).as(RULE_CODE));
    classified.add(when(conflict, lit(Rule.DUPLICATE_CONFLICT.name())).otherwise(col(RULE)).as(RULE));
    classified.add(when(conflict, lit(String.join(",", contract.businessKey()))).otherwise(col(COLUMN_NAME)).as(COLUMN_NAME));
    classified.add(when(conflict, concat_ws(",", key.stream().map(k -> k.cast(DataTypes.StringType)).toArray(Column[]::new)))
        .otherwise(col(VALUE)).as(VALUE));
    year.ifPresent(y -> classified.add(col(y)));
    if (deliveries) {
      classified.add(col(DeliveryLoader.DELIVERY_ID));
    }
    return rows.select(classified.toArray(new Column[0]));
  }

  /** The year of a partitioned contract's time column: its curated table's partition. */
  private static Column partitionYear(TableContract contract) {
    String time = contract.timeColumn().orElseThrow();
    DataType type = contract.column(time).type();
    if (type.equals(DataTypes.DateType)) {
      return functions.year(col(time));
    }
    return contract.column(time).isPeriod() ? functions.floor(col(time).divide(100)).cast(DataTypes.IntegerType) : col(time);
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
