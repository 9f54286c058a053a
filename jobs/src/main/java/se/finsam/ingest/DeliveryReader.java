package se.finsam.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the data files of a raw delivery as strings, one row per data row, each tagged with its file
 * (path relative to the delivery folder) and its 1-based row number in that file (header not counted).
 *
 * <p>Row numbers must be right, because a supplier fixes a file by them. CSV files are read line by
 * line per file with {@code zipWithIndex}, which numbers the lines of one file in order across its
 * splits; Parquet files use Spark's {@code _metadata.row_index}, the row's position in its file. Both
 * are exact however many partitions a file is split into. Empty CSV fields are null.
 */
public final class DeliveryReader {
  public static final String FILE = "_file";
  public static final String ROW_NUMBER = "_row_number";
  /** Number of fields of a CSV line whose count differs from the header's; null for a well-formed row. */
  public static final String MALFORMED_FIELDS = "_malformed_fields";

  private DeliveryReader() {}

  /** The schema of what {@link #read} returns for the given columns. */
  public static StructType schema(List<String> columns) {
    StructType schema = new StructType();
    for (String c : columns) {
      schema = schema.add(c, DataTypes.StringType, true);
    }
    return schema.add(FILE, DataTypes.StringType, false)
        .add(ROW_NUMBER, DataTypes.LongType, false)
        .add(MALFORMED_FIELDS, DataTypes.IntegerType, true);
  }

  /**
   * @param columns the columns every file must have (in any order), returned in this order
   */
  public static Dataset<Row> read(SparkSession spark, DeliveryManifest manifest, List<String> columns) {
    Dataset<Row> all = null;
    for (DeliveryManifest.FileEntry file : manifest.files()) {
      Dataset<Row> one = manifest.isCsv() ? readCsv(spark, manifest, file, columns) : readParquet(spark, manifest, file, columns);
      all = all == null ? one : all.unionByName(one);
    }
    if (all == null) {
      throw new DeliveryException(manifest.deliveryId() + ": the manifest lists no files");
    }
    return all;
  }

  private static Dataset<Row> readCsv(SparkSession spark, DeliveryManifest manifest, DeliveryManifest.FileEntry file,
                                      List<String> columns) {
    String path = manifest.path(file);
    char delimiter = manifest.delimiter();
    String[] header = CsvLine.split(firstLine(path, spark.sparkContext().hadoopConfiguration()), delimiter);
    checkColumns(manifest, file, Arrays.asList(header), columns);
    int[] positions = columns.stream().mapToInt(c -> Arrays.asList(header).indexOf(c)).toArray();
    int headerFields = header.length;
    String name = file.path();
    JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext()).textFile(path)
        .zipWithIndex()
        .filter(line -> line._2() > 0)
        .map(line -> {
          String[] fields = CsvLine.split(line._1(), delimiter);
          Object[] values = new Object[positions.length + 3];
          boolean wellFormed = fields.length == headerFields;
          for (int i = 0; wellFormed && i < positions.length; i++) {
            String v = fields[positions[i]];
            values[i] = v.isEmpty() ? null : v;
          }
          values[positions.length] = name;
          values[positions.length + 1] = line._2();
          values[positions.length + 2] = wellFormed ? null : fields.length;
          return RowFactory.create(values);
        });
    return spark.createDataFrame(rows, schema(columns));
  }

  private static Dataset<Row> readParquet(SparkSession spark, DeliveryManifest manifest, DeliveryManifest.FileEntry file,
                                          List<String> columns) {
    Dataset<Row> df = spark.read().parquet(manifest.path(file));
    checkColumns(manifest, file, Arrays.asList(df.columns()), columns);
    List<Column> select = new ArrayList<>();
    for (String c : columns) {
      // Flawed values must survive, so deliveries write every column as a string; a typed file is read as text.
      select.add(functions.col(c).cast(DataTypes.StringType).as(c));
    }
    select.add(functions.lit(file.path()).as(FILE));
    select.add(functions.col("_metadata.row_index").plus(1).as(ROW_NUMBER));
    select.add(functions.lit(null).cast(DataTypes.IntegerType).as(MALFORMED_FIELDS));
    return df.select(select.toArray(new Column[0]));
  }

  private static void checkColumns(DeliveryManifest manifest, DeliveryManifest.FileEntry file, List<String> found,
                                   List<String> expected) {
    Set<String> missing = new LinkedHashSet<>(expected);
    found.forEach(missing::remove);
    Set<String> unexpected = new LinkedHashSet<>(found);
    expected.forEach(unexpected::remove);
    if (!missing.isEmpty() || !unexpected.isEmpty() || found.size() != expected.size()) {
      throw new DeliveryException(manifest.deliveryId() + ": file " + file.path() + " of table " + manifest.table()
          + " has the wrong columns: missing " + missing + ", unexpected " + unexpected
          + (found.size() != new LinkedHashSet<>(found).size() ? ", repeated columns" : ""));
    }
  }

  private static String firstLine(String path, Configuration hadoop) {
    Path p = new Path(path);
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getFileSystem(hadoop).open(p), StandardCharsets.UTF_8))) {
      String line = in.readLine();
      if (line == null) {
        throw new DeliveryException("file " + path + " is empty: a CSV delivery file starts with a header");
      }
      return line.startsWith("\uFEFF") ? line.substring(1) : line;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
