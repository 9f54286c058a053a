package se.finsam.estimate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import se.finsam.did.SparkUnits;
import se.finsam.did.UnitPivot;
import se.finsam.did.UnitRecord;

/**
 * One model's estimation sample for every outcome at once: each person of the model's subgroup with
 * its start group, baseline covariates and all outcomes month by month, pivoted in one pass and kept on
 * the executors. An outcome's units are then a narrow map over these persons, so what each outcome
 * costs is the estimator's own passes: no SQL planning, join or shuffle per outcome.
 *
 * <p>Months from the comparison-only start group's first month on are cut for everybody: from then on
 * no unit is untreated, so with not-yet-treated controls no ATT(g,t) can use them (seed 002's design;
 * R's att_gt drops them the same way when no never-treated group exists), and keeping them would make
 * the comparison group look unbalanced.
 */
public final class ModelPanel implements AutoCloseable {
  /** A person's covariates (intercept first) and outcome by outcome and month (NaN where not observed). */
  record Person(long pid, int group, double[] covariates, double[][] outcomes) implements Serializable {}

  private final JavaRDD<Person> persons;
  private final List<String> outcomes;
  private final int firstMonth;
  private final int lastMonth;
  private final long size;

  private ModelPanel(JavaRDD<Person> persons, List<String> outcomes, int firstMonth, int lastMonth, long size) {
    this.persons = persons;
    this.outcomes = outcomes;
    this.firstMonth = firstMonth;
    this.lastMonth = lastMonth;
    this.size = size;
  }

  /**
   * @param personMonths panel/person_month
   * @param population panel/population
   * @param firstMonth first month (month_index) any of the outcomes is estimated from
   * @param lastMonth last month (inclusive), already cut before the comparison group starts
   */
  public static ModelPanel of(Dataset<Row> personMonths, Dataset<Row> population, ModelSpec model,
                              List<String> outcomes, int firstMonth, int lastMonth) {
    Column subgroup = model.kon().isEmpty() ? lit(true) : col("kon").equalTo(model.kon());
    Dataset<Row> people = population.filter(subgroup);
    UnitPivot.Design design = UnitPivot.design(people, model.xformla());
    Dataset<Row> covariates = people.select(col("pid"), design.x().as("x"))
        .filter(org.apache.spark.sql.functions.forall(col("x"), v -> v.isNotNull()));
    Column[] y = outcomes.stream().map(o -> col(o).cast("double")).toArray(Column[]::new);
    int months = lastMonth - firstMonth + 1;
    int count = outcomes.size();
    JavaRDD<Person> persons = personMonths
        .filter(col("month_index").between(firstMonth, lastMonth))
        .select(col("pid"), col("month_index"), col("group_index"), array(y).as("y"))
        .join(covariates, "pid")
        .groupBy("pid")
        .agg(first("group_index").as("g"), first("x").as("x"), collect_list(struct(col("month_index"), col("y"))).as("obs"))
        .toJavaRDD()
        .map(r -> person(r, firstMonth, months, count))
        .persist(StorageLevel.MEMORY_AND_DISK());
    // Later passes then carry no SQL plan in their tasks (see SparkUnits).
    persons.rdd().localCheckpoint();
    long size = persons.count();
    return new ModelPanel(persons, List.copyOf(outcomes), firstMonth, lastMonth, size);
  }

  private static Person person(Row r, int firstMonth, int months, int count) {
    double[][] y = new double[count][months];
    for (double[] row : y) {
      Arrays.fill(row, Double.NaN);
    }
    for (Row o : r.<Row>getList(r.fieldIndex("obs"))) {
      int m = o.getInt(0) - firstMonth;
      List<Object> values = o.getList(1);
      for (int k = 0; k < count; k++) {
        Object v = values.get(k);
        if (v != null) {
          y[k][m] = (Double) v;
        }
      }
    }
    double[] x = r.<Double>getList(r.fieldIndex("x")).stream().mapToDouble(Double::doubleValue).toArray();
    return new Person(r.getLong(r.fieldIndex("pid")), r.getInt(r.fieldIndex("g")), x, y);
  }

  /** Persons in the model's subgroup with all covariates. */
  public long persons() {
    return size;
  }

  /** The months {@code from..lastMonth} as month indices: the periods of an outcome measured from {@code from}. */
  public int[] periods(int from) {
    int[] periods = new int[lastMonth - from + 1];
    for (int i = 0; i < periods.length; i++) {
      periods[i] = from + i;
    }
    return periods;
  }

  /** One unit per person for {@code outcome} over the months {@code from..lastMonth}; the person id is the cluster. */
  public JavaRDD<UnitRecord> units(String outcome, int from) {
    int k = index(outcome);
    int offset = from - firstMonth;
    return persons.map(p -> new UnitRecord(p.pid(), p.group(), 1.0, p.covariates(),
        Arrays.copyOfRange(p.outcomes()[k], offset, p.outcomes()[k].length)));
  }

  /**
   * The persons the balanced estimator keeps for {@code outcome} (observed in every month from
   * {@code from}), their person-months and their mean of the outcome in the pre-period.
   */
  public SampleSummary summary(String outcome, int from, int preFrom, int preTo) {
    int preStart = Math.max(preFrom, from) - from;
    int preEnd = Math.min(preTo, lastMonth) - from;
    double[] s = new SparkUnits(units(outcome, from)).sum(4, (u, acc) -> {
      if (!u.balanced()) {
        return;
      }
      acc[0] += u.outcomes().length;
      acc[1] += 1;
      for (int m = preStart; m <= preEnd; m++) {
        acc[2] += u.outcomes()[m];
        acc[3] += 1;
      }
    });
    return new SampleSummary(Math.round(s[0]), Math.round(s[1]), s[3] == 0 ? Double.NaN : s[2] / s[3]);
  }

  private int index(String outcome) {
    int k = outcomes.indexOf(outcome);
    if (k < 0) {
      throw new IllegalArgumentException(outcome + " is not among the outcomes pivoted: " + outcomes);
    }
    return k;
  }

  @Override
  public void close() {
    persons.unpersist(false);
  }
}
