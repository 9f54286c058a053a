package se.finsam.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Reads the data files of a raw delivery as strings, one row per data row, each tagged with its file
 * (path relative to the delivery folder) and its 1-based row number in that file (header not counted).
 *
 * <p>Row numbers must be right, because a supplier fixes a file by them. A CSV file is never split:
 * one task reads it from the first line to the last and counts (see {@link CsvFileLines}), so the
 * numbers are exact without an extra pass; the files of a delivery are read in parallel. Parquet files
 * use Spark's {@code _metadata.row_index}, the row's position in its file, exact however many
 * partitions a file is split into. Empty CSV fields are null.
 */
public final class DeliveryReader {
  public static final String FILE = "_file";
  public static final String ROW_NUMBER = "_row_number";
  /**
   * Why a CSV line has no values: "N fields, the header has M", M counted in that file's own header (what
   * the supplier sees, also when it leaves out a column that {@code mayBeAbsent}); null for a well-formed row.
   */
  public static final String MALFORMED = "_malformed";
  /** The first and last month (YYYYMM) of the period of a row's delivery, in rows of {@link #readTogether}. */
  public static final String PERIOD_FROM = "_period_from";
  public static final String PERIOD_TO = "_period_to";
  /** The name of the RDD of a CSV delivery's rows as read from its files, followed by the delivery's id. */
  static final String FILES_OF = "files of ";

  private DeliveryReader() {}

  /** The schema of what {@link #read} returns for the given columns. */
  public static StructType schema(List<String> columns) {
    StructType schema = new StructType();
    for (String c : columns) {
      schema = schema.add(c, DataTypes.StringType, true);
    }
    return schema.add(FILE, DataTypes.StringType, false)
        .add(ROW_NUMBER, DataTypes.LongType, false)
        .add(MALFORMED, DataTypes.StringType, true);
  }

  /**
   * {@link #schema} followed by the row's delivery: {@link DeliveryLoader#DELIVERY_ID}, {@link #PERIOD_FROM},
   * {@link #PERIOD_TO}.
   */
  static StructType withDelivery(StructType schema) {
    return schema.add(DeliveryLoader.DELIVERY_ID, DataTypes.StringType, false)
        .add(PERIOD_FROM, DataTypes.IntegerType, false)
        .add(PERIOD_TO, DataTypes.IntegerType, false);
  }

  /**
   * @param columns the columns every file must have (in any order), returned in this order
   */
  public static Dataset<Row> read(SparkSession spark, DeliveryManifest manifest, List<String> columns) {
    return read(spark, manifest, columns, Set.of());
  }

  /** As {@link #read(SparkSession, DeliveryManifest, List, Set, int)} with up to {@code spark.default.parallelism} tasks. */
  public static Dataset<Row> read(SparkSession spark, DeliveryManifest manifest, List<String> columns,
                                  Set<String> mayBeAbsent) {
    return read(spark, manifest, columns, mayBeAbsent, spark.sparkContext().defaultParallelism());
  }

  /**
   * @param columns the columns of the files (in any order), returned in this order
   * @param mayBeAbsent those of {@code columns} a file may leave out (a contract's later additions): empty in
   *     every row of such a file
   * @param tasks at most this many tasks read a CSV delivery's files (each file still whole in one task)
   */
  public static Dataset<Row> read(SparkSession spark, DeliveryManifest manifest, List<String> columns,
                                  Set<String> mayBeAbsent, int tasks) {
    return read(spark, List.of(manifest), columns, mayBeAbsent, tasks, false);
  }

  /**
   * The rows of several deliveries of one contract, as {@link #read} gives each one's, each row followed by
   * its delivery ({@link #withDelivery}): one read of all their files, whatever their delimiters and
   * encodings.
   */
  static Dataset<Row> readTogether(SparkSession spark, List<DeliveryManifest> manifests, List<String> columns,
                                   Set<String> mayBeAbsent, int tasks) {
    return read(spark, manifests, columns, mayBeAbsent, tasks, true);
  }

  private static Dataset<Row> read(SparkSession spark, List<DeliveryManifest> manifests, List<String> columns,
                                   Set<String> mayBeAbsent, int tasks, boolean withDelivery) {
    Dataset<Row> all = null;
    List<DeliveryManifest> csv = new ArrayList<>();
    for (DeliveryManifest manifest : manifests) {
      if (manifest.files().isEmpty()) {
        throw new DeliveryException(manifest.deliveryId() + ": the manifest lists no files");
      }
      if (manifest.isCsv()) {
        csv.add(manifest);
        continue;
      }
      for (DeliveryManifest.FileEntry file : manifest.files()) {
        Dataset<Row> one = readParquet(spark, manifest, file, columns, mayBeAbsent, withDelivery);
        all = all == null ? one : all.unionByName(one);
      }
    }
    if (!csv.isEmpty()) {
      Dataset<Row> rows = readCsv(spark, csv, columns, mayBeAbsent, tasks, withDelivery);
      all = all == null ? rows : rows.unionByName(all);
    }
    return all;
  }

  private static Dataset<Row> readCsv(SparkSession spark, List<DeliveryManifest> manifests, List<String> columns,
                                      Set<String> mayBeAbsent, int tasks, boolean withDelivery) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    List<CsvFileLines.File> files = new ArrayList<>();
    for (DeliveryManifest manifest : manifests) {
      CsvFileLines.Delivery delivery = CsvFileLines.Delivery.of(manifest);
      for (DeliveryManifest.FileEntry file : manifest.files()) {
        String path = manifest.path(file);
        List<String> header = Arrays.asList(CsvLine.split(firstLine(manifest, file, hadoop), manifest.delimiter()));
        checkColumns(manifest, file, header, columns, mayBeAbsent);
        int[] positions = columns.stream().mapToInt(header::indexOf).toArray();
        files.add(new CsvFileLines.File(file.path(), path, positions, header.size(), delivery));
      }
    }
    // Each file read whole by one task (see CsvFileLines), the files of a delivery in parallel; a small
    // delivery in fewer tasks, where each task costs more than its rows.
    JavaRDD<InternalRow> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(files, Math.max(1, Math.min(files.size(), tasks)))
        .mapPartitions(new CsvFileLines(columns.size(), withDelivery, new SerializableConfiguration(hadoop)))
        .setName(FILES_OF + manifests.stream().map(DeliveryManifest::deliveryId).collect(Collectors.joining(", ")));
    return RowFrames.of(spark, rows.rdd(), withDelivery ? withDelivery(schema(columns)) : schema(columns), List.of());
  }

  private static Dataset<Row> readParquet(SparkSession spark, DeliveryManifest manifest, DeliveryManifest.FileEntry file,
                                          List<String> columns, Set<String> mayBeAbsent, boolean withDelivery) {
    Dataset<Row> df = spark.read().parquet(manifest.path(file));
    List<String> found = Arrays.asList(df.columns());
    checkColumns(manifest, file, found, columns, mayBeAbsent);
    List<Column> select = new ArrayList<>();
    for (String c : columns) {
      // Flawed values must survive, so deliveries write every column as a string; a typed file is read as text.
      select.add((found.contains(c) ? functions.col(c) : functions.lit(null)).cast(DataTypes.StringType).as(c));
    }
    select.add(functions.lit(file.path()).as(FILE));
    select.add(functions.col("_metadata.row_index").plus(1).as(ROW_NUMBER));
    select.add(functions.lit(null).cast(DataTypes.StringType).as(MALFORMED));
    if (withDelivery) {
      select.add(functions.lit(manifest.deliveryId()).as(DeliveryLoader.DELIVERY_ID));
      select.add(functions.lit(manifest.periodFrom()).as(PERIOD_FROM));
      select.add(functions.lit(manifest.periodTo()).as(PERIOD_TO));
    }
    return df.select(select.toArray(new Column[0]));
  }

  private static void checkColumns(DeliveryManifest manifest, DeliveryManifest.FileEntry file, List<String> found,
                                   List<String> expected, Set<String> mayBeAbsent) {
    Set<String> missing = new LinkedHashSet<>(expected);
    found.forEach(missing::remove);
    Set<String> absent = new LinkedHashSet<>(missing);
    absent.retainAll(mayBeAbsent);
    missing.removeAll(mayBeAbsent);
    Set<String> unexpected = new LinkedHashSet<>(found);
    expected.forEach(unexpected::remove);
    if (!missing.isEmpty() || !unexpected.isEmpty() || found.size() + absent.size() != expected.size()) {
      throw new DeliveryException(manifest.deliveryId() + ": file " + file.path() + " of table " + manifest.table()
          + " has the wrong columns: missing " + missing + ", unexpected "
          + unexpected.stream().map(StrictText::printable).toList()
          + (found.size() != new LinkedHashSet<>(found).size() ? ", repeated columns" : ""));
    }
  }

  private static String firstLine(DeliveryManifest manifest, DeliveryManifest.FileEntry file, Configuration hadoop) {
    Path p = new Path(manifest.path(file));
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getFileSystem(hadoop).open(p),
        StrictText.decoder(manifest.encoding())))) {
      String line = in.readLine();
      if (line == null) {
        throw new DeliveryException("file " + p + " is empty: a CSV delivery file starts with a header");
      }
      return line.startsWith("\uFEFF") ? line.substring(1) : line;
    } catch (CharacterCodingException e) {
      throw StrictText.invalid(manifest.deliveryId(), file.path(), manifest.encoding(), 1, -1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p, e);
    }
  }
}
