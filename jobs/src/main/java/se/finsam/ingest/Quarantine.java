package se.finsam.ingest;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import se.finsam.warehouse.Warehouse;
import se.finsam.warehouse.Zone;

/**
 * The quarantine table {@code quarantine/rows}: one row per rejected delivered row, with the rule it
 * broke, where it came from (delivery, file, 1-based row number) and the offending value, redacted when
 * it could be a personnummer. Shared by ingest (R01-R07, R09, R10; one commit per run, {@link QuarantineBatch})
 * and pseudonymise (R08, R09; one append per delivery).
 */
public final class Quarantine {
  public static final String TABLE = "rows";
  public static final StructType SCHEMA = new StructType()
      .add("source", DataTypes.StringType, false)
      .add("table", DataTypes.StringType, false)
      .add("delivery_id", DataTypes.StringType, false)
      .add("file", DataTypes.StringType, false)
      .add("row_number", DataTypes.LongType, false)
      .add("rule_code", DataTypes.StringType, false)
      .add("rule", DataTypes.StringType, false)
      .add("column_name", DataTypes.StringType, true)
      .add("value", DataTypes.StringType, true)
      .add("loaded_at", DataTypes.TimestampType, false);

  private Quarantine() {}

  public static String path(Warehouse warehouse) {
    return warehouse.table(Zone.QUARANTINE, TABLE);
  }

  /**
   * Quarantine rows from rows carrying {@code _file}, {@code _row_number}, {@code rule_code}, {@code rule},
   * {@code column_name} and an already redacted {@code value}.
   */
  public static Dataset<Row> rows(Dataset<Row> rejected, DeliveryManifest manifest) {
    return rows(rejected, functions.lit(manifest.source()), manifest.table(), functions.lit(manifest.deliveryId()));
  }

  /**
   * As {@link #rows(Dataset, DeliveryManifest)} for rows of several deliveries of one table, each carrying its
   * {@link DeliveryLoader#DELIVERY_ID}.
   */
  static Dataset<Row> rows(Dataset<Row> rejected, List<DeliveryManifest> manifests) {
    Column delivery = functions.col(DeliveryLoader.DELIVERY_ID);
    Column source = null;
    for (DeliveryManifest m : manifests) {
      Column of = delivery.equalTo(m.deliveryId());
      Column value = functions.lit(m.source());
      source = source == null ? functions.when(of, value) : source.when(of, value);
    }
    return rows(rejected, source, manifests.get(0).table(), delivery);
  }

  private static Dataset<Row> rows(Dataset<Row> rejected, Column source, String table, Column deliveryId) {
    return rejected.select(
        source.as("source"),
        functions.lit(table).as("table"),
        deliveryId.as("delivery_id"),
        functions.col(DeliveryReader.FILE).as("file"),
        functions.col(DeliveryReader.ROW_NUMBER).as("row_number"),
        functions.col(DeliveryValidation.RULE_CODE),
        functions.col(DeliveryValidation.RULE),
        functions.col(DeliveryValidation.COLUMN_NAME),
        functions.col(DeliveryValidation.VALUE),
        functions.current_timestamp().as("loaded_at"));
  }

  /** Appends once per application id (a re-run of the same step adds nothing). */
  public static void append(SparkSession spark, Warehouse warehouse, Dataset<Row> rows, String appId) {
    String path = path(warehouse);
    DeltaTables.createIfMissing(spark, path, SCHEMA, Map.of());
    // Rejected rows are few: one file per append instead of one per task.
    DeltaTables.append(rows.select(columns()).coalesce(1), path, appId);
  }

  static Column[] columns() {
    return java.util.Arrays.stream(SCHEMA.fieldNames()).map(functions::col).toArray(Column[]::new);
  }
}
