package se.finsam.estimate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.forall;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

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
 * The estimation samples of all models at once: each person of the population with its start group,
 * sex, the baseline covariates of every model's design and all outcomes month by month, pivoted in one
 * pass and kept on the executors. A model is then a filter over these persons (its subgroup, complete
 * covariates) and an outcome's units a narrow map, so what each model and outcome costs is the
 * estimator's own passes: no SQL planning, join or shuffle per model or outcome.
 *
 * <p>Months from the comparison-only start group's first month on are cut for everybody: from then on
 * no unit is untreated, so with not-yet-treated controls no ATT(g,t) can use them (seed 002's design;
 * R's att_gt drops them the same way when no never-treated group exists), and keeping them would make
 * the comparison group look unbalanced.
 */
public final class ModelPanel implements AutoCloseable {
  /**
   * A person's sex, covariates (intercept first) by design, null where one is missing or the person is
   * outside the design's subgroup, outcome by outcome and month (NaN where not observed), and the
   * person's cluster key and sampling weight (NaN when the cluster or weight is missing).
   */
  record Person(long pid, int group, String kon, double[][] covariates, double[][] outcomes, long cluster,
                double weight) implements Serializable {}

  /**
   * The columns of panel/population that give each person's cluster (empty: each person is its own
   * cluster) and sampling weight (empty: weight 1); a person missing either is in no model, as R drops
   * such rows.
   */
  public record Sampling(String cluster, String weight) implements Serializable {
    public static Sampling none() {
      return new Sampling("", "");
    }

    public boolean clustered() {
      return !cluster.isBlank();
    }
  }

  private final JavaRDD<Person> persons;
  private final List<String> designs;
  private final List<String> outcomes;
  private final int firstMonth;
  private final int lastMonth;

  private ModelPanel(JavaRDD<Person> persons, List<String> designs, List<String> outcomes, int firstMonth,
                     int lastMonth) {
    this.persons = persons;
    this.designs = designs;
    this.outcomes = outcomes;
    this.firstMonth = firstMonth;
    this.lastMonth = lastMonth;
  }

  /**
   * @param personMonths panel/person_month
   * @param population panel/population
   * @param models the models that will be asked for
   * @param firstMonth first month (month_index) any outcome of any model is estimated from
   * @param lastMonth last month (inclusive) of any model, already cut before the comparison group starts
   */
  public static ModelPanel of(Dataset<Row> personMonths, Dataset<Row> population, List<ModelSpec> models,
                              List<String> outcomes, int firstMonth, int lastMonth, Sampling sampling) {
    // String covariates become dummies for the levels present in the model's subgroup, so a design is
    // a subgroup and a formula; persons outside its subgroup get none. The intercept alone fits everybody.
    java.util.Map<String, ModelSpec> byDesign = new java.util.LinkedHashMap<>();
    models.forEach(m -> byDesign.putIfAbsent(design(m), m));
    List<Column> people = new ArrayList<>(List.of(col("pid"), col("kon"),
        (sampling.clustered() ? when(col(sampling.cluster()).isNotNull(), xxhash64(col(sampling.cluster())))
            : col("pid")).as("cl"),
        (sampling.weight().isBlank() ? lit(1.0) : col(sampling.weight()).cast("double")).as("w")));
    List<Column> firsts = new ArrayList<>();
    for (ModelSpec model : byDesign.values()) {
      Column subgroup = design(model).isEmpty() || model.kon().isEmpty() ? lit(true) : col("kon").equalTo(model.kon());
      Column design = UnitPivot.design(population.filter(subgroup), model.xformla()).x();
      String name = "x" + firsts.size();
      people.add(when(subgroup.and(forall(design, v -> v.isNotNull())), design).as(name));
      firsts.add(first(name).as(name));
    }
    Column[] y = outcomes.stream().map(o -> col(o).cast("double")).toArray(Column[]::new);
    int months = lastMonth - firstMonth + 1;
    int count = outcomes.size();
    int designs = byDesign.size();
    JavaRDD<Person> persons = personMonths
        .filter(col("month_index").between(firstMonth, lastMonth))
        .select(col("pid"), col("month_index"), col("group_index"), array(y).as("y"))
        .join(population.select(people.toArray(Column[]::new)), "pid")
        .groupBy("pid")
        .agg(first("group_index").as("g"), concat(List.of(first("kon").as("kon"), first("cl").as("cl"), first("w").as("w"),
            collect_list(struct(col("month_index"), col("y"))).as("obs")), firsts))
        .toJavaRDD()
        .map(r -> person(r, firstMonth, months, count, designs))
        .persist(StorageLevel.MEMORY_AND_DISK());
    // Later passes then carry no SQL plan in their tasks (see SparkUnits).
    SparkUnits.truncateLineage(persons);
    return new ModelPanel(persons, List.copyOf(byDesign.keySet()), List.copyOf(outcomes), firstMonth, lastMonth);
  }

  private static Column[] concat(List<Column> a, List<Column> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toArray(Column[]::new);
  }

  private static String design(ModelSpec model) {
    return model.covariates().isEmpty() ? "" : model.kon() + ":" + model.xformla();
  }

  private static Person person(Row r, int firstMonth, int months, int count, int designs) {
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
    double[][] x = new double[designs][];
    for (int d = 0; d < designs; d++) {
      int at = r.fieldIndex("x" + d);
      x[d] = r.isNullAt(at) ? null : r.<Double>getList(at).stream().mapToDouble(Double::doubleValue).toArray();
    }
    int kon = r.fieldIndex("kon");
    int cl = r.fieldIndex("cl");
    int w = r.fieldIndex("w");
    boolean sampled = !r.isNullAt(cl) && !r.isNullAt(w) && r.getDouble(w) >= 0;
    return new Person(r.getLong(r.fieldIndex("pid")), r.getInt(r.fieldIndex("g")), r.isNullAt(kon) ? null : r.getString(kon),
        x, y, sampled ? r.getLong(cl) : 0L, sampled ? r.getDouble(w) : Double.NaN);
  }

  /**
   * The view of one model: its persons (subgroup, complete covariates, cluster and weight) over the
   * months up to {@code lastMonth}.
   */
  public Model model(ModelSpec model, int lastMonth) {
    if (lastMonth > this.lastMonth) {
      throw new IllegalArgumentException(model.code() + " ends after the months pivoted (" + this.lastMonth + ")");
    }
    int design = designs.indexOf(design(model));
    if (design < 0) {
      throw new IllegalArgumentException(model.code() + " was not among the models pivoted");
    }
    String kon = model.kon();
    return new Model(persons.filter(p -> p.covariates()[design] != null && !Double.isNaN(p.weight())
            && (kon.isEmpty() || kon.equals(p.kon()))), design, lastMonth);
  }

  /** One model's estimation sample. */
  public final class Model {
    private final JavaRDD<Person> members;
    private final int design;
    private final int last;

    private Model(JavaRDD<Person> members, int design, int last) {
      this.members = members;
      this.design = design;
      this.last = last;
    }

    /** Persons in the model's subgroup with all covariates. */
    public long persons() {
      return members.count();
    }

    /** The months {@code from..last} as month indices: the periods of an outcome measured from {@code from}. */
    public int[] periods(int from) {
      int[] periods = new int[last - from + 1];
      for (int i = 0; i < periods.length; i++) {
        periods[i] = from + i;
      }
      return periods;
    }

    /**
     * One unit per person for {@code outcome} over the months {@code from..last}, with the person's
     * cluster (the person id unless a cluster column is configured) and weight.
     */
    public JavaRDD<UnitRecord> units(String outcome, int from) {
      int k = index(outcome);
      int start = from - firstMonth;
      int end = last - firstMonth + 1;
      int d = design;
      return members.map(p -> new UnitRecord(p.cluster(), p.group(), p.weight(), p.covariates()[d],
          Arrays.copyOfRange(p.outcomes()[k], start, end)));
    }

    /**
     * The model's persons for {@code outcome}, and of them those the estimator can use: observed in every
     * month from {@code from} when {@code balancedOnly} (units missing months are dropped), else observed
     * in at least one; the used persons' observed person-months and their mean of the outcome in the
     * pre-period (over their observed months there).
     */
    public SampleSummary summary(String outcome, int from, int preFrom, int preTo, boolean balancedOnly) {
      int preStart = Math.max(preFrom, from) - from;
      int preEnd = Math.min(preTo, last) - from;
      double[] s = new SparkUnits(units(outcome, from)).sum(5, (u, acc) -> {
        acc[4] += 1;
        if (balancedOnly ? !u.balanced() : u.firstObserved() < 0) {
          return;
        }
        acc[1] += 1;
        for (int m = 0; m < u.outcomes().length; m++) {
          if (u.observed(m)) {
            acc[0] += 1;
            if (m >= preStart && m <= preEnd) {
              acc[2] += u.outcomes()[m];
              acc[3] += 1;
            }
          }
        }
      });
      return new SampleSummary(Math.round(s[4]), Math.round(s[0]), Math.round(s[1]),
          s[3] == 0 ? Double.NaN : s[2] / s[3]);
    }
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
