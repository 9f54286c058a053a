package se.finsam.linkage;

import java.sql.Date;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import se.finsam.schemas.TableContract;

/** Hand-written curated rows typed by a contract's schema, for tests. */
public final class CuratedRows {
  private CuratedRows() {}

  public static Dataset<Row> of(SparkSession spark, TableContract contract, Object[]... rows) {
    List<Row> list = Arrays.stream(rows).map(RowFactory::create).collect(Collectors.toList());
    return spark.createDataFrame(list, contract.schema());
  }

  public static Date d(String iso) {
    return Date.valueOf(iso);
  }
}
