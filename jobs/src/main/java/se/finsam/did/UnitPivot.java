package se.finsam.did;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;

/**
 * Turns a long panel (one row per unit and period) into one {@link UnitRecord} per unit, on the executors.
 * Covariates and weights are kept by period (R did reads them in each 2x2's earlier period, or in each
 * row's own period for an unbalanced panel); a unit whose covariates never change stores them once.
 * String covariates become dummies for every level but the first (R's treatment contrasts). Rows with a
 * missing value are dropped (R's complete.cases). As R (pre_process_did2 validate_args), the group and the
 * cluster must not vary within a unit, and weights must be non-negative. Its twin for a CSV that fits in
 * the driver, without Spark, is {@link DriverPivot}; both build the records with {@link UnitAssembly}.
 */
public final class UnitPivot {
  /**
   * The pivoted units, the sorted periods, the covariate names (intercept first), the rows read and those
   * of them with missing values, and the input rows, kept so that the input is parsed once, until the
   * units are materialised or collected.
   */
  public record Pivoted(JavaRDD<UnitRecord> units, int[] periods, List<String> covariates, long rows,
                        long incompleteRows, Dataset<Row> input) {
    public long completeRows() {
      return rows - incompleteRows;
    }

    /** The units kept and computed on the executors; the input rows they came from are then released. */
    public JavaRDD<UnitRecord> materialised() {
      units.persist(StorageLevel.MEMORY_AND_DISK()).count();
      return released(units);
    }

    /** The units in the driver; the input rows are then released. */
    public List<UnitRecord> collected() {
      return released(units.collect());
    }

    private <T> T released(T units) {
      input.unpersist();
      return units;
    }
  }

  private UnitPivot() {}

  /**
   * The regressors of a covariate formula as one array column, intercept first; string columns become
   * dummies for every level present in {@code data} but the first (R's treatment contrasts).
   */
  public record Design(List<String> names, Column x) {}

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
    return new Design(List.copyOf(names), x);
  }

  public static Pivoted pivot(Dataset<Row> long_, PanelColumns c) {
    Design design = design(long_, c.xformla());
    Column x = design.x();
    List<String> names = design.names();
    Dataset<Row> rows = long_.select(
        column(c.id()).as("id"), column(c.t()).cast(DataTypes.IntegerType).as("t"),
        column(c.y()).cast(DataTypes.DoubleType).as("y"), column(c.g()).cast(DataTypes.IntegerType).as("g"),
        (c.weights().isEmpty() ? lit(1.0) : column(c.weights())).cast(DataTypes.DoubleType).as("w"),
        column(c.cluster().isEmpty() ? c.id() : c.cluster()).cast(DataTypes.StringType).as("cluster"), x.as("x"))
        // Read once: the census below and the two groupings of the pivot would otherwise each parse the input.
        .persist(StorageLevel.MEMORY_AND_DISK());
    Column isComplete = complete(rows);
    // One job for the row counts and the periods (three separate queries cost a job and a plan each).
    Row census = rows.agg(count(lit(1)), count(when(isComplete, lit(1))), collect_set(when(isComplete, col("t"))))
        .first();
    long total = census.getLong(0);
    long incomplete = total - census.getLong(1);
    int[] periods = census.<Integer>getList(2).stream().mapToInt(Integer::intValue).sorted().toArray();
    int[] periodsCopy = periods.clone();
    Dataset<Row> complete = rows.filter(isComplete);
    // Covariates usually change rarely within a unit: grouping by (unit, covariate vector) first lets the
    // map-side partial aggregation ship each distinct vector once with its periods, instead of the vector
    // with every unit-period row.
    Dataset<Row> levels = complete.groupBy("id", "x").agg(collect_list("t").as("ts"))
        .groupBy("id").agg(collect_list(struct(col("x"), col("ts"))).as("levels"));
    JavaRDD<UnitRecord> units = complete.groupBy("id")
        .agg(min("g").as("g"), max("g").as("g_max"), min("cluster").as("cluster"), max("cluster").as("cluster_max"),
            min("w").as("w_min"), collect_list(struct(col("t"), col("y"), col("w"))).as("obs"))
        .join(levels, "id")
        .toJavaRDD()
        .map(r -> unit(r, periodsCopy));
    return new Pivoted(units, periods, List.copyOf(names), total, incomplete, rows);
  }

  /**
   * Whether a row has no missing value: what {@code na().drop()} keeps (no null in any column, no NaN in
   * a floating-point one) and no null among the covariates (R's complete.cases).
   */
  private static Column complete(Dataset<Row> rows) {
    Column all = org.apache.spark.sql.functions.forall(col("x"), v -> v.isNotNull());
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

  private static UnitRecord unit(Row r, int[] periods) {
    Object id = r.get(r.fieldIndex("id"));
    if (r.getInt(r.fieldIndex("g")) != r.getInt(r.fieldIndex("g_max"))) {
      throw new IllegalArgumentException("unit " + id + ": " + UnitAssembly.GROUP_RULE);
    }
    if (!r.getString(r.fieldIndex("cluster")).equals(r.getString(r.fieldIndex("cluster_max")))) {
      throw new IllegalArgumentException("unit " + id + ": " + UnitAssembly.CLUSTER_RULE);
    }
    if (r.getDouble(r.fieldIndex("w_min")) < 0) {
      throw new IllegalArgumentException("unit " + id + ": " + UnitAssembly.WEIGHT_RULE);
    }
    List<Row> obs = r.getList(r.fieldIndex("obs"));
    int[] periodIndex = new int[obs.size()];
    double[] y = new double[obs.size()];
    double[] w = new double[obs.size()];
    for (int i = 0; i < obs.size(); i++) {
      periodIndex[i] = Arrays.binarySearch(periods, obs.get(i).getInt(0));
      y[i] = obs.get(i).getDouble(1);
      w[i] = obs.get(i).getDouble(2);
    }
    List<Row> levelRows = r.getList(r.fieldIndex("levels"));
    double[][] levels = new double[levelRows.size()][];
    int[] levelByPeriod = new int[periods.length];
    for (int i = 0; i < levels.length; i++) {
      List<Object> x = levelRows.get(i).getList(0);
      levels[i] = x.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
      for (Object t : levelRows.get(i).getList(1)) {
        levelByPeriod[Arrays.binarySearch(periods, (Integer) t)] = i;
      }
    }
    return UnitAssembly.record(id, r.getString(r.fieldIndex("cluster")), r.getInt(r.fieldIndex("g")), periods,
        obs.size(), periodIndex, y, w, levels, levelByPeriod);
  }
}
