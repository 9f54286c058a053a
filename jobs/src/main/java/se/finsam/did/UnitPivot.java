package se.finsam.did;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Turns a long panel (one row per unit and period) into one {@link UnitRecord} per unit, on the executors.
 * Covariates and weights are kept by period (R did reads them in each 2x2's earlier period, or in each
 * row's own period for an unbalanced panel); a unit whose covariates never change stores them once.
 * String covariates become dummies for every level but the first (R's treatment contrasts). Rows with a
 * missing value are dropped (R's complete.cases). As R (pre_process_did2 validate_args), the group and the
 * cluster must not vary within a unit, and weights must be non-negative. Its twin for a CSV that fits in
 * the driver, without Spark, is {@link DriverPivot}; both build the records with {@link UnitRows}.
 *
 * <p>The input is read once, in one shuffle: each partition's consecutive rows of a unit (a long panel is
 * usually sorted by unit) become one {@link UnitRows}, so a unit crosses the shuffle as a few arrays rather
 * than as its rows, and the runs of a unit are merged after it, sorted by unit. A text column (a CSV read
 * without inferring types, {@link DidJob#read}) is read as {@code DriverPivot} reads it: periods and groups
 * as numbers truncated to integers, a unit id that is a number by its value (7, 7.0 and 007 are one unit).
 */
public final class UnitPivot {
  /**
   * The pivoted units (not yet computed), the sorted periods, the covariate names (intercept first), the
   * rows read and those of them with missing values.
   */
  public record Pivoted(JavaRDD<UnitRecord> units, int[] periods, List<String> covariates, long rows,
                        long incompleteRows) {
    public long completeRows() {
      return rows - incompleteRows;
    }

    /**
     * The units kept and computed on the executors: serialized, so that more of them stay in memory (a unit
     * of 112 periods is ~1 KB as objects; a million of them do not fit a 1 GiB heap), the rest on disk.
     */
    public JavaRDD<UnitRecord> materialised() {
      units.persist(StorageLevel.MEMORY_AND_DISK_SER()).count();
      return units;
    }
  }

  private UnitPivot() {}

  /**
   * The regressors of a covariate formula as one array column, intercept first; string columns become
   * dummies for every level present in {@code data} but the first (R's treatment contrasts).
   */
  public record Design(List<String> names, Column x, Column present) {}

  public static Design design(Dataset<Row> data, String xformla) {
    List<String> names = new ArrayList<>(List.of("(Intercept)"));
    List<Column> regressors = new ArrayList<>();
    for (String variable : PanelColumns.formulaTerms(xformla)) {
      if (data.schema().apply(variable).dataType() instanceof StringType) {
        List<String> levels = data.select(column(variable).as("level")).distinct().na().drop().sort("level").as(
            org.apache.spark.sql.Encoders.STRING()).collectAsList();
        for (String level : levels.subList(Math.min(1, levels.size()), levels.size())) {
          names.add(variable + level);
          regressors.add(when(column(variable).isNull(), lit(null)).otherwise(
              when(column(variable).equalTo(level), 1.0).otherwise(0.0)));
        }
      } else {
        names.add(variable);
        regressors.add(column(variable).cast(DataTypes.DoubleType));
      }
    }
    Column x = org.apache.spark.sql.functions.array(regressors.isEmpty()
        ? new Column[] {lit(1.0).cast(DataTypes.DoubleType)}
        : prepend(lit(1.0), regressors));
    // Whether every regressor is there, as a plain conjunction: a higher-order forall over x is evaluated
    // interpreted, row by row (about 2 % of the samples of a 200 000-person run's profile, did/BENCHMARKS.md).
    Column present = regressors.stream().map(Column::isNotNull).reduce(Column::and).orElse(lit(true));
    return new Design(List.copyOf(names), x, present);
  }

  public static Pivoted pivot(Dataset<Row> long_, PanelColumns c) {
    Design design = design(long_, c.xformla());
    boolean covariates = design.names().size() > 1;
    StructType schema = long_.schema();
    Dataset<Row> rows = long_.select(
        unitKey(c.id(), schema).as("id"), integer(c.t(), schema).as("t"),
        column(c.y()).cast(DataTypes.DoubleType).as("y"), integer(c.g(), schema).as("g"),
        (c.weights().isEmpty() ? lit(1.0) : column(c.weights())).cast(DataTypes.DoubleType).as("w"),
        column(c.cluster().isEmpty() ? c.id() : c.cluster()).cast(DataTypes.StringType).as("cluster"),
        design.x().as("x"), design.present().as("present"));
    JavaRDD<Row> read = rows.select(col("id"), col("t"), col("y"), col("g"), col("w"), col("cluster"),
        complete(rows).as("complete"), covariates ? col("x") : lit(null)).toJavaRDD();
    int partitions = long_.sparkSession().sessionState().conf().numShufflePartitions();
    JavaRDD<Object> merged = read.mapPartitionsToPair(partition -> new Runs(partition, covariates))
        .repartitionAndSortWithinPartitions(new HashPartitioner(partitions))
        .mapPartitions(Merged::new);
    // One job reads the input (and writes the shuffle); the units are made from the shuffle's output later.
    Census census = merged.aggregate(new Census(), Census::addPart, Census::addAll);
    int[] periods = census.periods.stream().mapToInt(Integer::intValue).toArray();
    JavaRDD<UnitRecord> units = merged.filter(u -> u instanceof UnitRows).map(u -> ((UnitRows) u).record(periods));
    return new Pivoted(units, periods, List.copyOf(design.names()), census.rows, census.incomplete);
  }

  /** The shuffle key of a unit's runs; the key of a partition's row counts sorts before every unit. */
  private static final String UNIT = "u";
  private static final String COUNTS = "c";

  /**
   * A partition's rows as runs: each run of consecutive complete rows of one unit becomes one {@link UnitRows}
   * (keyed "u" + unit), and the partition's counts of rows read and incomplete ones a {@code long[2]} (key "c").
   */
  private static final class Runs implements Iterator<Tuple2<String, Object>> {
    private final Iterator<Row> rows;
    private final boolean covariates;
    private final ArrayDeque<Tuple2<String, Object>> out = new ArrayDeque<>(2);
    private final long[] counts = new long[2];
    private UnitRows run;
    private String runKey;
    private boolean finished;

    Runs(Iterator<Row> rows, boolean covariates) {
      this.rows = rows;
      this.covariates = covariates;
    }

    @Override
    public boolean hasNext() {
      while (out.isEmpty() && !finished) {
        step();
      }
      return !out.isEmpty();
    }

    @Override
    public Tuple2<String, Object> next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      return out.poll();
    }

    private void step() {
      if (!rows.hasNext()) {
        endRun();
        out.add(new Tuple2<>(COUNTS, counts));
        finished = true;
        return;
      }
      Row r = rows.next();
      counts[0]++;
      if (!r.getBoolean(6)) {
        counts[1]++;
        return;
      }
      String key = r.getString(0);
      int g = r.getInt(3);
      String cluster = r.getString(5);
      if (run == null || !key.equals(runKey)) {
        endRun();
        run = new UnitRows(key, g, cluster, null);
        runKey = key;
      }
      double w = r.getDouble(4);
      run.check(null, 0, g, cluster, w);
      run.add(r.getInt(1), r.getDouble(2), w, covariates ? vector(r.getList(7)) : UnitRows.INTERCEPT);
    }

    private void endRun() {
      if (run != null) {
        out.add(new Tuple2<>(UNIT + runKey, run));
        run = null;
      }
    }

    private static double[] vector(List<Object> x) {
      double[] v = new double[x.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = ((Number) x.get(i)).doubleValue();
      }
      return v;
    }
  }

  /** A shuffle partition's runs, sorted by key, merged into one {@link UnitRows} per unit; the counts pass through. */
  private static final class Merged implements Iterator<Object> {
    private final Iterator<Tuple2<String, Object>> sorted;
    private Tuple2<String, Object> ahead;

    Merged(Iterator<Tuple2<String, Object>> sorted) {
      this.sorted = sorted;
      this.ahead = sorted.hasNext() ? sorted.next() : null;
    }

    @Override
    public boolean hasNext() {
      return ahead != null;
    }

    @Override
    public Object next() {
      if (ahead == null) {
        throw new java.util.NoSuchElementException();
      }
      Tuple2<String, Object> first = ahead;
      ahead = sorted.hasNext() ? sorted.next() : null;
      if (first._2() instanceof UnitRows unit) {
        while (ahead != null && ahead._1().equals(first._1())) {
          unit.merge((UnitRows) ahead._2());
          ahead = sorted.hasNext() ? sorted.next() : null;
        }
      }
      return first._2();
    }
  }

  /** The rows read, the incomplete ones and the periods of the complete ones. */
  private static final class Census implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    long rows;
    long incomplete;
    final TreeSet<Integer> periods = new TreeSet<>();

    Census addPart(Object part) {
      if (part instanceof long[] counts) {
        rows += counts[0];
        incomplete += counts[1];
      } else {
        ((UnitRows) part).addPeriodsTo(periods);
      }
      return this;
    }

    Census addAll(Census other) {
      rows += other.rows;
      incomplete += other.incomplete;
      periods.addAll(other.periods);
      return this;
    }
  }

  /**
   * The unit id as the key the rows are grouped by: a typed column's value as text; in a text column a number
   * by its value, as {@link DriverPivot} keys it (an integer without decimals, another number as a double).
   */
  private static Column unitKey(String name, StructType schema) {
    Column id = column(name);
    if (!(schema.apply(name).dataType() instanceof StringType)) {
      return id.cast(DataTypes.StringType);
    }
    Column d = id.cast(DataTypes.DoubleType);
    return when(d.isNull(), id)
        .when(d.equalTo(org.apache.spark.sql.functions.floor(d)).and(org.apache.spark.sql.functions.abs(d).lt(0x1p53)),
            d.cast(DataTypes.LongType).cast(DataTypes.StringType))
        .otherwise(d.cast(DataTypes.StringType));
  }

  /** An integer column (period, group): a text one as a number truncated, as {@link DriverPivot} reads it. */
  private static Column integer(String name, StructType schema) {
    Column c = column(name);
    return (schema.apply(name).dataType() instanceof StringType ? c.cast(DataTypes.DoubleType) : c)
        .cast(DataTypes.IntegerType);
  }

  /**
   * Whether a row has no missing value: what {@code na().drop()} keeps (no null in any column, no NaN in
   * a floating-point one) and no null among the covariates (R's complete.cases, the design's "present").
   */
  private static Column complete(Dataset<Row> rows) {
    Column all = col("present");
    for (StructField f : rows.schema().fields()) {
      Column c = col(f.name()).isNotNull();
      if (f.dataType() instanceof DoubleType || f.dataType() instanceof FloatType) {
        c = c.and(not(isnan(col(f.name()))));
      }
      all = c.and(all);
    }
    return all;
  }

  /** A user's column by name, quoted so that names like {@code first.treat} are not read as struct fields. */
  private static Column column(String name) {
    return col("`" + name.replace("`", "``") + "`");
  }

  private static Column[] prepend(Column head, List<Column> tail) {
    Column[] all = new Column[tail.size() + 1];
    all[0] = head;
    for (int i = 0; i < tail.size(); i++) {
      all[i + 1] = tail.get(i);
    }
    return all;
  }
}
