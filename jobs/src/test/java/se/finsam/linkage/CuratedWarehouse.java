package se.finsam.linkage;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.year;

import java.util.ArrayList;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import se.finsam.schemas.Contracts;
import se.finsam.schemas.TableContract;
import se.finsam.warehouse.Warehouse;
import se.finsam.warehouse.Zone;

/** Writes curated Delta tables as the shared layout has them (contract columns, part_ar, _delivery_id). */
public final class CuratedWarehouse {
  private CuratedWarehouse() {}

  /**
   * Every contract's table: the given rows, or an empty table; an optional input ({@link Contracts#OPTIONAL})
   * not given is left absent, as a warehouse without its deliveries has it.
   */
  public static void write(SparkSession spark, Warehouse warehouse, Map<TableContract, Dataset<Row>> tables) {
    for (TableContract contract : Contracts.ALL) {
      if (Contracts.OPTIONAL.contains(contract) && !tables.containsKey(contract)) {
        continue;
      }
      Dataset<Row> rows = tables.getOrDefault(contract,
          spark.createDataFrame(new ArrayList<Row>(), contract.schema()));
      Dataset<Row> typed = rows.select(contract.columnNames().stream().map(c -> col(c).cast(contract.column(c).type()))
          .toArray(Column[]::new)).withColumn("_delivery_id", lit(contract.name() + "-test"));
      String path = warehouse.table(Zone.CURATED, contract.name());
      if (contract.partitioned()) {
        String time = contract.timeColumn().orElseThrow();
        Column partAr = time.equals("period") ? col(time).divide(100).cast("int")
            : time.equals("ar") ? col(time) : year(col(time));
        typed.withColumn(TableContract.PARTITION_COLUMN, partAr).write().format("delta").mode("overwrite")
            .partitionBy(TableContract.PARTITION_COLUMN).save(path);
      } else {
        typed.write().format("delta").mode("overwrite").save(path);
      }
    }
  }
}
