package se.finsam.linkage;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The person-month grid: one row per person of the population and month of the calendar, with every
 * source's monthly facts.
 *
 * <p>All sources and the population go through one shuffle by {@code pid} as narrow rows
 * ({@code pid, period, source, values}), sorted by pid within each partition; each person's rows are
 * then assembled into a months × columns array in plain Java and emitted as that person's calendar.
 * This replaces a wide hash aggregation on {@code pid, period} over a union of wide, mostly null rows,
 * which spilled at 100 000 persons. Only one person's rows and calendar are held at a time.
 */
public final class PersonMonths {
  /** Columns that come from the population, not from a source. */
  public static final List<String> PERSON_COLUMNS = List.of("startgrupp", "group_period", "fodelsear", "exit_period");
  private static final int POPULATION = -1;
  private static final String FACTS = "facts";

  private PersonMonths() {}

  /**
   * Every person of {@code population} times every month from..to, with the facts' columns. Each fact
   * table has {@code pid, period} and numeric columns of its own (no two tables share a column); a
   * table may have several rows per pid-month as long as each column is set on at most one of them
   * (several rows setting one column keep the largest value). A month without a value in a column gets
   * 0: the source covers the whole calendar, so no row means nothing paid or registered that month.
   * Facts of persons outside the population and months outside the calendar fall away.
   */
  public static Dataset<Row> combine(Dataset<Row> population, List<Dataset<Row>> facts, int from, int to) {
    DataType[] personTypes = PERSON_COLUMNS.stream().map(c -> population.schema().apply(c).dataType())
        .toArray(DataType[]::new);
    Set<String> seen = new LinkedHashSet<>(List.of("pid", "period"));
    seen.addAll(PERSON_COLUMNS);
    List<StructField> factFields = new ArrayList<>();
    int[] offsets = new int[facts.size()];
    Dataset<Row> narrow = population.select(col("pid"), lit(0).as("period"), lit(POPULATION).as("source"),
        values(PERSON_COLUMNS));
    for (int i = 0; i < facts.size(); i++) {
      offsets[i] = factFields.size();
      List<String> columns = new ArrayList<>();
      for (StructField field : facts.get(i).schema().fields()) {
        if (!field.name().equals("pid") && !field.name().equals("period")) {
          if (!seen.add(field.name())) {
            throw new IllegalArgumentException("column " + field.name() + " comes from two sources");
          }
          columns.add(field.name());
          factFields.add(field);
        }
      }
      narrow = narrow.unionByName(facts.get(i).filter(col("period").between(from, to))
          .select(col("pid"), col("period"), lit(i).as("source"), values(columns)));
    }
    // The assembler emits the facts as one array (a small row encoder); a projection names and types them.
    StructType schema = new StructType().add("pid", DataTypes.LongType, false).add("period", DataTypes.IntegerType, false);
    for (int c = 0; c < personTypes.length; c++) {
      schema = schema.add(PERSON_COLUMNS.get(c), personTypes[c], true);
    }
    schema = schema.add(FACTS, DataTypes.createArrayType(DataTypes.DoubleType, false), false);
    List<Column> named = new ArrayList<>(List.of(col("pid"), col("period")));
    PERSON_COLUMNS.forEach(c -> named.add(col(c)));
    for (int k = 0; k < factFields.size(); k++) {
      StructField field = factFields.get(k);
      named.add(col(FACTS).getItem(k).cast(field.dataType()).as(field.name()));
    }
    Assembler assembler = new Assembler(Periods.range(from, to).stream().mapToInt(Integer::intValue).toArray(),
        offsets, personTypes, factFields.size());
    return narrow.repartition(col("pid")).sortWithinPartitions("pid")
        .mapPartitions(assembler, Encoders.row(schema))
        .select(named.toArray(new Column[0]));
  }

  /** The columns as one array of doubles, NaN for null (the facts' values are counts and kronor, never NaN). */
  private static Column values(List<String> columns) {
    return array(columns.stream().map(c -> coalesce(col(c).cast("double"), lit(Double.NaN))).toArray(Column[]::new))
        .as("values");
  }

  /**
   * Turns the pid-sorted narrow rows of one partition into the persons' calendars. Rows of a pid
   * without a population row are dropped.
   */
  private static final class Assembler implements MapPartitionsFunction<Row, Row>, Serializable {
    private final int[] periods;
    private final int[] offsets;
    private final DataType[] personTypes;
    private final int factCount;

    Assembler(int[] periods, int[] offsets, DataType[] personTypes, int factCount) {
      this.periods = periods;
      this.offsets = offsets;
      this.personTypes = personTypes;
      this.factCount = factCount;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      double[][] facts = new double[periods.length][factCount];
      return SortedGroups.flatMap(rows, (first, row) -> first.getLong(0) == row.getLong(0), p -> calendar(p, facts));
    }

    /** The calendar of the person whose rows are given, none without a population row; {@code facts} is scratch space. */
    private Iterator<Row> calendar(List<Row> rows, double[][] facts) {
      Object[] person = null;
      for (double[] m : facts) {
        Arrays.fill(m, Double.NaN);
      }
      for (Row row : rows) {
        List<Double> values = row.getList(3);
        int source = row.getInt(2);
        if (source == POPULATION) {
          person = new Object[personTypes.length];
          for (int c = 0; c < person.length; c++) {
            double v = values.get(c);
            person[c] = Double.isNaN(v) ? null : box(v, personTypes[c]);
          }
        } else {
          double[] slot = facts[Arrays.binarySearch(periods, row.getInt(1))];
          for (int c = 0; c < values.size(); c++) {
            double v = values.get(c);
            int at = offsets[source] + c;
            if (!Double.isNaN(v) && (Double.isNaN(slot[at]) || v > slot[at])) {
              slot[at] = v;
            }
          }
        }
      }
      if (person == null) {
        return Collections.emptyIterator();
      }
      List<Row> calendar = new ArrayList<>(periods.length);
      for (int month = 0; month < periods.length; month++) {
        Object[] out = new Object[3 + person.length];
        out[0] = rows.get(0).getLong(0);
        out[1] = periods[month];
        System.arraycopy(person, 0, out, 2, person.length);
        double[] values = facts[month].clone();
        for (int c = 0; c < values.length; c++) {
          if (Double.isNaN(values[c])) {
            values[c] = 0.0;
          }
        }
        out[out.length - 1] = values;
        calendar.add(RowFactory.create(out));
      }
      return calendar.iterator();
    }

    private static Object box(double v, DataType type) {
      if (DataTypes.IntegerType.equals(type)) {
        return (int) v;
      } else if (DataTypes.LongType.equals(type)) {
        return (long) v;
      }
      throw new IllegalArgumentException("population columns are int or long, not " + type);
    }
  }

  /** Adds {@code month_index}, {@code group_index} (0 = never treated) and the partition {@code part_ar}. */
  public static Dataset<Row> withTimeIndex(Dataset<Row> personMonths, int origin) {
    return personMonths
        .withColumn("month_index", Periods.index(col("period"), origin))
        .withColumn("group_index", when(col("group_period").equalTo(0), lit(0))
            .otherwise(Periods.index(col("group_period"), origin)))
        .withColumn("part_ar", col("period").divide(100).cast("int"));
  }
}
