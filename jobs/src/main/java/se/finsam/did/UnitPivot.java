package se.finsam.did;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;

/**
 * Turns a long panel (one row per unit and period) into one {@link UnitRecord} per unit, on the executors.
 * Covariates are read in the unit's first period (the spec's baseline covariates); string covariates
 * become dummies for every level but the first (R's treatment contrasts); weights and clusters must not
 * vary within a unit and are read from one row.
 */
public final class UnitPivot {
  /** Column names and the covariate formula. */
  public record Columns(String y, String t, String id, String g, String weights, String cluster, String xformla) {}

  /** The pivoted units, the sorted periods, the covariate names (intercept first) and rows with missing values. */
  public record Pivoted(JavaRDD<UnitRecord> units, int[] periods, List<String> covariates, long incompleteRows) {}

  private UnitPivot() {}

  public static Pivoted pivot(Dataset<Row> long_, Columns c) {
    List<String> names = new ArrayList<>(List.of("(Intercept)"));
    List<Column> regressors = new ArrayList<>();
    for (String variable : formulaTerms(c.xformla())) {
      if (long_.schema().apply(variable).dataType() instanceof StringType) {
        List<String> levels = long_.select(column(variable).as("level")).distinct().na().drop().sort("level").as(
            org.apache.spark.sql.Encoders.STRING()).collectAsList();
        for (String level : levels.subList(1, levels.size())) {
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
    Dataset<Row> rows = long_.select(
        column(c.id()).as("id"), column(c.t()).cast(DataTypes.IntegerType).as("t"),
        column(c.y()).cast(DataTypes.DoubleType).as("y"), column(c.g()).cast(DataTypes.IntegerType).as("g"),
        (c.weights().isEmpty() ? lit(1.0) : column(c.weights())).cast(DataTypes.DoubleType).as("w"),
        column(c.cluster().isEmpty() ? c.id() : c.cluster()).cast(DataTypes.StringType).as("cluster"), x.as("x"));
    Dataset<Row> complete = rows.na().drop().filter(org.apache.spark.sql.functions.forall(col("x"), v -> v.isNotNull()));
    long incomplete = rows.count() - complete.count();
    int[] periods = complete.select("t").distinct().as(org.apache.spark.sql.Encoders.INT()).collectAsList()
        .stream().mapToInt(Integer::intValue).sorted().toArray();
    int[] periodsCopy = periods.clone();
    JavaRDD<UnitRecord> units = complete.groupBy("id")
        .agg(first("g").as("g"), first("w").as("w"), first("cluster").as("cluster"),
            collect_list(struct(col("t"), col("y"), col("x"))).as("obs"))
        .toJavaRDD()
        .map(r -> unit(r, periodsCopy));
    return new Pivoted(units, periods, List.copyOf(names), incomplete);
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

  static List<String> formulaTerms(String xformla) {
    String rhs = xformla.replace("~", "").trim();
    return Arrays.stream(rhs.split("\\+")).map(String::trim).filter(s -> !s.isEmpty() && !s.equals("1")).toList();
  }

  private static UnitRecord unit(Row r, int[] periods) {
    double[] outcomes = new double[periods.length];
    Arrays.fill(outcomes, Double.NaN);
    List<Row> obs = r.getList(r.fieldIndex("obs"));
    int firstT = Integer.MAX_VALUE;
    double[] covariates = null;
    for (Row o : obs) {
      int t = o.getInt(0);
      outcomes[Arrays.binarySearch(periods, t)] = o.getDouble(1);
      if (t < firstT) {
        firstT = t;
        covariates = o.getList(2).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
      }
    }
    return new UnitRecord(clusterKey(r.getString(r.fieldIndex("cluster"))), r.getInt(r.fieldIndex("g")),
        r.getDouble(r.fieldIndex("w")), covariates, outcomes);
  }

  /** Integer ids keep their value; other ids are hashed (FNV-1a, 64 bit), stable across runs and machines. */
  static long clusterKey(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      long h = 0xcbf29ce484222325L;
      for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
        h = (h ^ (b & 0xff)) * 0x100000001b3L;
      }
      return h;
    }
  }
}
