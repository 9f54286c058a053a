package se.finsam.estimate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.storage.StorageLevel;
import se.finsam.did.DidSettings;
import se.finsam.did.LocalUnits;
import se.finsam.did.SparkUnits;
import se.finsam.did.UnbalancedPanel;
import se.finsam.did.UnitPivot;
import se.finsam.did.UnitRecord;
import se.finsam.did.UnitSource;
import se.finsam.spark.JobGroups;
import se.finsam.spark.OneTask;

/**
 * The estimation samples of all models at once: each person of the population with its start group,
 * sex, the baseline covariates of every model's design and all outcomes month by month, pivoted in one
 * pass and kept on the executors. A model is then a filter over these persons (its subgroup, complete
 * covariates) and an outcome's units a narrow map, so what each model and outcome costs is the estimator's
 * own passes: no SQL planning, join or shuffle per model or outcome. Persons that fit one executor's heap
 * can instead be estimated in one task ({@link #inOneTask}), where each pass is a loop, not a Spark job;
 * either way the driver receives only results, never persons.
 *
 * <p>Months from the comparison-only start group's first month on are cut for everybody: from then on
 * no unit is untreated, so with not-yet-treated controls no ATT(g,t) can use them (seed 002's design;
 * R's att_gt drops them the same way when no never-treated group exists), and keeping them would make
 * the comparison group look unbalanced.
 */
public final class ModelPanel implements AutoCloseable {
  /**
   * A person's sex, covariates (intercept first) by design, null where one is missing or the person is
   * outside the design's subgroup, and then the index of the first missing covariate among the design's
   * ({@code missing}, -1 when none is missing or the person is outside the subgroup); outcome by outcome
   * and month (NaN where not observed); the person's cluster key and sampling weight, and which of them
   * keeps the person out of every model ({@code excluded}, null when neither).
   */
  record Person(long pid, int group, String kon, double[][] covariates, int[] missing, double[][] outcomes,
                long cluster, double weight, Exclusion excluded) implements Serializable {}

  /** Why a person is in no model: R drops rows with a missing cluster or weight; it refuses a negative weight. */
  enum Exclusion { CLUSTER, WEIGHT }

  /**
   * The columns of panel/population that give each person's cluster (empty: each person is its own
   * cluster) and sampling weight (empty: weight 1). A person whose cluster is missing, or whose weight is
   * missing, not a number or negative, is in no model and is counted as dropped for it (R drops rows with
   * a missing cluster or weight and stops at a negative weight; a zero weight is kept, as R does).
   */
  public record Sampling(String cluster, String weight) implements Serializable {
    public static Sampling none() {
      return new Sampling("", "");
    }

    public boolean clustered() {
      return !cluster.isBlank();
    }

    public boolean weighted() {
      return !weight.isBlank();
    }
  }

  /**
   * What the pivot holds besides the persons, shipped with them to a task: the designs and outcomes by
   * index, the months pivoted and the sampling columns.
   */
  private record Layout(List<String> designs, List<String> outcomes, int firstMonth, int lastMonth, Sampling sampling)
      implements Serializable {
    /** The index of {@code model}'s design, checked against what was pivoted. */
    int design(ModelSpec model, int last) {
      if (last > lastMonth) {
        throw new IllegalArgumentException(model.code() + " ends after the months pivoted (" + lastMonth + ")");
      }
      int design = designs.indexOf(ModelPanel.design(model));
      if (design < 0) {
        throw new IllegalArgumentException(model.code() + " was not among the models pivoted");
      }
      return design;
    }

    int index(String outcome) {
      int k = outcomes.indexOf(outcome);
      if (k < 0) {
        throw new IllegalArgumentException(outcome + " is not among the outcomes pivoted: " + outcomes);
      }
      return k;
    }
  }

  private final JavaRDD<Person> persons;
  private final Layout layout;

  private ModelPanel(JavaRDD<Person> persons, Layout layout) {
    this.persons = persons;
    this.layout = layout;
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
    Map<String, ModelSpec> byDesign = new LinkedHashMap<>();
    models.forEach(m -> byDesign.putIfAbsent(design(m), m));
    List<Column> people = new ArrayList<>(List.of(col("pid"), col("kon"),
        (sampling.clustered() ? when(col(sampling.cluster()).isNotNull(), xxhash64(col(sampling.cluster())))
            : col("pid")).as("cl"),
        (sampling.weighted() ? validWeight(col(sampling.weight()).cast("double")) : lit(1.0)).as("w")));
    List<Column> firsts = new ArrayList<>();
    int d = 0;
    for (ModelSpec model : byDesign.values()) {
      Column subgroup = design(model).isEmpty() || model.kon().isEmpty() ? lit(true) : col("kon").equalTo(model.kon());
      Column design = UnitPivot.design(population.filter(subgroup), model.xformla()).x();
      Column missing = firstMissing(population, model.covariates());
      people.add(when(subgroup.and(missing.isNull()), design).as("x" + d));
      people.add(when(subgroup, missing).as("m" + d));
      firsts.add(first("x" + d).as("x" + d));
      firsts.add(first("m" + d).as("m" + d));
      d++;
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
    return new ModelPanel(persons, new Layout(List.copyOf(byDesign.keySet()), List.copyOf(outcomes), firstMonth,
        lastMonth, sampling));
  }

  /** The weight where it is a finite number of at least zero, else null. */
  private static Column validWeight(Column w) {
    return when(w.isNotNull().and(not(isnan(w))).and(w.geq(0)).and(w.notEqual(Double.POSITIVE_INFINITY)), w);
  }

  /**
   * The index of the first of {@code covariates} that is missing (null, or NaN or not a number where the
   * design reads it as one), null when none is: R's complete.cases over the formula's variables.
   */
  private static Column firstMissing(Dataset<Row> population, List<String> covariates) {
    Column missing = lit(null).cast("int");
    for (int k = covariates.size() - 1; k >= 0; k--) {
      Column c = col(covariates.get(k));
      Column absent = population.schema().apply(covariates.get(k)).dataType() instanceof StringType ? c.isNull()
          : c.cast("double").isNull().or(isnan(c.cast("double")));
      missing = when(absent, lit(k)).otherwise(missing);
    }
    return missing;
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
    int[] missing = new int[designs];
    for (int d = 0; d < designs; d++) {
      int at = r.fieldIndex("x" + d);
      x[d] = r.isNullAt(at) ? null : r.<Double>getList(at).stream().mapToDouble(Double::doubleValue).toArray();
      int m = r.fieldIndex("m" + d);
      missing[d] = r.isNullAt(m) ? -1 : r.getInt(m);
    }
    int kon = r.fieldIndex("kon");
    int cl = r.fieldIndex("cl");
    int w = r.fieldIndex("w");
    Exclusion excluded = r.isNullAt(cl) ? Exclusion.CLUSTER : r.isNullAt(w) ? Exclusion.WEIGHT : null;
    return new Person(r.getLong(r.fieldIndex("pid")), r.getInt(r.fieldIndex("g")), r.isNullAt(kon) ? null : r.getString(kon),
        x, missing, y, excluded == null ? r.getLong(cl) : 0L, excluded == null ? r.getDouble(w) : Double.NaN, excluded);
  }

  /** The view of one model: its subgroup's persons over the months up to {@code lastMonth}. */
  public Model model(ModelSpec model, int lastMonth) {
    int design = layout.design(model, lastMonth);
    String kon = model.kon();
    return new Model(layout, persons.filter(p -> inSubgroup(p, kon)), null, design, lastMonth, model.covariates());
  }

  private static boolean inSubgroup(Person p, String kon) {
    return kon.isEmpty() || kon.equals(p.kon());
  }

  private static boolean isMember(Person p, int design) {
    return p.excluded() == null && p.covariates()[design] != null;
  }

  /**
   * How much the persons take in one JVM's heap: their number and the bytes of their arrays (every outcome
   * by month, the covariates of every design) and objects, summed over the executors' copy in one pass.
   * Nothing is guessed per person but the JVM's object headers.
   */
  public Size size() {
    JobGroups.step(persons.context(), "the persons' size in one heap");
    double[] s = persons.treeAggregate(new double[2], (acc, p) -> {
      acc[0] += 1;
      acc[1] += bytes(p);
      return acc;
    }, SparkUnits::add);
    return new Size(Math.round(s[0]), Math.round(s[1]));
  }

  /** Persons and their bytes in a JVM heap. */
  public record Size(long persons, long bytes) {}

  // A compressed-oops heap: 16 bytes of header per array, 8 per reference or double, 4 per int; the
  // person, its sex (a string of one character) and its exclusion reference ~100 bytes.
  private static long bytes(Person p) {
    long bytes = 100 + 16 + 4L * p.missing().length + 16 + 8L * p.covariates().length + 16 + 8L * p.outcomes().length;
    for (double[] x : p.covariates()) {
      bytes += x == null ? 0 : 16 + 8L * x.length;
    }
    for (double[] y : p.outcomes()) {
      bytes += 16 + 8L * y.length;
    }
    return bytes;
  }

  /** Work over every person in one task; it returns result rows, never persons. */
  public interface OneTaskWork<R> extends Serializable {
    List<R> run(InTask persons);
  }

  /**
   * Runs {@code work} in one task that holds every person (one Spark job: the cached partitions are
   * coalesced, without a shuffle, into the task of one executor) and brings its results to the driver.
   */
  public <R> List<R> inOneTask(OneTaskWork<R> work) {
    JobGroups.step(persons.context(), "every model and outcome in one task");
    Layout shipped = layout;
    return OneTask.run(persons, all -> work.run(new InTask(shipped, all)));
  }

  /** The persons inside {@link #inOneTask}'s task: models are views of a list, estimated on {@link LocalUnits}. */
  public static final class InTask {
    private final Layout layout;
    private final List<Person> persons;

    private InTask(Layout layout, List<Person> persons) {
      this.layout = layout;
      this.persons = persons;
    }

    /** As {@link ModelPanel#model}. */
    public Model model(ModelSpec model, int lastMonth) {
      int design = layout.design(model, lastMonth);
      String kon = model.kon();
      return new Model(layout, null, persons.stream().filter(p -> inSubgroup(p, kon)).toList(), design, lastMonth,
          model.covariates());
    }
  }

  /**
   * One model's estimation sample: the persons of its subgroup, and of them its members, those with a
   * cluster, a valid weight and all covariates; on the executors, or in a list inside {@link #inOneTask}.
   */
  public static final class Model {
    private final Layout layout;
    private final JavaRDD<Person> subgroup;
    private final List<Person> subgroupInTask;
    private final int design;
    private final int last;
    private final List<String> covariates;

    private Model(Layout layout, JavaRDD<Person> subgroup, List<Person> subgroupInTask, int design, int last,
                  List<String> covariates) {
      this.layout = layout;
      this.subgroup = subgroup;
      this.subgroupInTask = subgroupInTask;
      this.design = design;
      this.last = last;
      this.covariates = covariates;
    }

    /** True inside {@link #inOneTask}: the persons are a list and the estimates run on {@link LocalUnits}. */
    public boolean inTask() {
      return subgroupInTask != null;
    }

    /** Persons in the model's subgroup with a cluster, a valid weight and all covariates. */
    public long persons() {
      int d = design;
      return inTask() ? subgroupInTask.stream().filter(p -> isMember(p, d)).count()
          : subgroup.filter(p -> isMember(p, d)).count();
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
     * One unit per member for {@code outcome} over the months {@code from..last}, with the person's
     * cluster (the person id unless a cluster column is configured) and weight; on the executors.
     */
    public JavaRDD<UnitRecord> units(String outcome, int from) {
      if (inTask()) {
        throw new IllegalStateException("the persons are a list in a task");
      }
      UnitMaker make = unitMaker(outcome, from);
      int d = design;
      return subgroup.filter(p -> isMember(p, d)).map(make::unit);
    }

    /**
     * The units of {@link #units} where the persons are: in a task a {@link LocalUnits}, on the executors a
     * {@link SparkUnits}, whose cluster sums need no shuffle when each person is its own cluster
     * ({@code clustered} false).
     */
    public UnitSource source(String outcome, int from, boolean clustered) {
      if (inTask()) {
        UnitMaker make = unitMaker(outcome, from);
        return new LocalUnits(subgroupInTask.stream().filter(p -> isMember(p, design)).map(make::unit).toList());
      }
      JavaRDD<UnitRecord> units = units(outcome, from);
      return clustered ? new SparkUnits(units) : SparkUnits.oneUnitPerCluster(units);
    }

    /**
     * {@code firsts}' outcomes (each from its first month) in groups whose units hold the same but for the
     * outcomes' values: the same months and, member by member, the same of them observed. The estimates of
     * one group may share {@link se.finsam.did.SharedSums}. Each outcome maps to its group's first outcome in
     * {@code firsts}' order. One pass over the persons: in a task a loop, on the executors a Spark job.
     */
    public Map<String, String> observedMonthGroups(Map<String, Integer> firsts) {
      List<String> names = List.copyOf(firsts.keySet());
      int n = names.size();
      int[] outcomes = new int[n];
      int[] starts = new int[n];
      for (int i = 0; i < n; i++) {
        outcomes[i] = layout.index(names.get(i));
        starts[i] = firsts.get(names.get(i)) - layout.firstMonth();
      }
      ObservedMonths patterns = new ObservedMonths(design, outcomes, starts, last - layout.firstMonth() + 1);
      double[] differ = sum(n * n, patterns::add, "sample: outcomes observed in the same months");
      // Equal patterns are an equivalence, so an outcome's first equal is its group's first.
      Map<String, String> groups = new LinkedHashMap<>();
      for (int j = 0; j < n; j++) {
        int i = 0;
        while (i < j && (starts[i] != starts[j] || differ[i * n + j] != 0)) {
          i++;
        }
        groups.put(names.get(j), names.get(i));
      }
      return groups;
    }

    /** Sums of {@code dimension} values over the subgroup: in a task a loop, else a Spark job ({@code step}). */
    private double[] sum(int dimension, PersonSums add, String step) {
      if (inTask()) {
        double[] acc = new double[dimension];
        for (Person p : subgroupInTask) {
          add.add(acc, p);
        }
        return acc;
      }
      JobGroups.step(subgroup.context(), step);
      return subgroup.treeAggregate(new double[dimension], add::add, SparkUnits::add);
    }

    private UnitMaker unitMaker(String outcome, int from) {
      return new UnitMaker(design, layout.index(outcome), from - layout.firstMonth(), last - layout.firstMonth() + 1);
    }

    /**
     * The model's subgroup for {@code outcome}: its persons, those dropped by each rule of the sample
     * (no cluster, no valid weight, each covariate missing, and then the estimator's rule for persons
     * already treated in the first month, {@code from}; a person counts under the first rule it fails),
     * and of the rest those the estimator can use: observed in every month from {@code from} when
     * {@code did} drops units missing months, else observed in at least one; the used persons' observed
     * person-months and their mean of the outcome in the pre-period (over their observed months there).
     */
    public SampleSummary summary(String outcome, int from, int preFrom, int preTo, DidSettings did) {
      Tally tally = new Tally(unitMaker(outcome, from), Math.max(preFrom, from) - from, Math.min(preTo, last) - from,
          from + did.anticipation(), did.unbalancedPanel() == UnbalancedPanel.DROP_UNITS);
      double[] s = sum(Tally.RULES + covariates.size(), tally::add, "sample: persons used and dropped");
      Sampling sampling = layout.sampling();
      List<SampleSummary.Drop> drops = new ArrayList<>();
      if (sampling.clustered()) {
        drops.add(new SampleSummary.Drop(DropRules.noCluster(sampling.cluster()), Math.round(s[5])));
      }
      if (sampling.weighted()) {
        drops.add(new SampleSummary.Drop(DropRules.noWeight(sampling.weight()), Math.round(s[6])));
      }
      for (int c = 0; c < covariates.size(); c++) {
        drops.add(new SampleSummary.Drop(DropRules.noCovariate(covariates.get(c)), Math.round(s[Tally.RULES + c])));
      }
      drops.add(new SampleSummary.Drop(DropRules.treatedFirst(), Math.round(s[7])));
      return new SampleSummary(Math.round(s[0]), Math.round(s[1]), Math.round(s[2]),
          s[4] == 0 ? Double.NaN : s[3] / s[4], drops);
    }
  }

  /** A person's unit for one design, one outcome and the months {@code start..end - 1} of the pivot. */
  private record UnitMaker(int design, int outcome, int start, int end) implements Serializable {
    UnitRecord unit(Person p) {
      return ModelPanel.unit(p, design, outcome, start, end);
    }
  }

  /** What a person adds to a model's sums (the same on the executors and in a task). */
  private interface PersonSums extends Serializable {
    double[] add(double[] acc, Person p);
  }

  /**
   * Which pairs of outcomes from the same first month differ, for some member, in the months they observe
   * ({@code differ[i * n + j]} above 0, for i below j); the months {@code start..end - 1} of the pivot as bits.
   */
  private record ObservedMonths(int design, int[] outcomes, int[] starts, int end) implements Serializable {
    double[] add(double[] differ, Person p) {
      if (!isMember(p, design)) {
        return differ;
      }
      int n = outcomes.length;
      long[][] observed = new long[n][];
      for (int i = 0; i < n; i++) {
        double[] y = p.outcomes()[outcomes[i]];
        long[] bits = new long[(end - starts[i] + 63) >>> 6];
        for (int m = starts[i]; m < end; m++) {
          if (!Double.isNaN(y[m])) {
            bits[(m - starts[i]) >>> 6] |= 1L << (m - starts[i]);
          }
        }
        observed[i] = bits;
      }
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          if (starts[i] == starts[j] && !Arrays.equals(observed[i], observed[j])) {
            differ[i * n + j] = 1;
          }
        }
      }
      return differ;
    }
  }

  /**
   * One outcome's sample counts, person by person (the same on the executors and in a task): persons,
   * person-months, used, pre-period sum and months; no cluster, no weight, treated in the first month; then
   * each covariate.
   */
  private record Tally(UnitMaker units, int preStart, int preEnd, int treatedBy, boolean balancedOnly)
      implements Serializable {
    static final int RULES = 8;

    double[] add(double[] acc, Person p) {
      acc[0] += 1;
      if (p.excluded() != null) {
        acc[p.excluded() == Exclusion.CLUSTER ? 5 : 6] += 1;
      } else if (p.missing()[units.design()] >= 0) {
        acc[RULES + p.missing()[units.design()]] += 1;
      } else if (p.group() != 0 && p.group() <= treatedBy) {
        acc[7] += 1;
      } else {
        UnitRecord u = units.unit(p);
        if (balancedOnly ? u.balanced() : u.firstObserved() >= 0) {
          acc[2] += 1;
          for (int m = 0; m < u.outcomes().length; m++) {
            if (u.observed(m)) {
              acc[1] += 1;
              if (m >= preStart && m <= preEnd) {
                acc[3] += u.outcomes()[m];
                acc[4] += 1;
              }
            }
          }
        }
      }
      return acc;
    }
  }

  private static UnitRecord unit(Person p, int design, int outcome, int start, int end) {
    return new UnitRecord(p.cluster(), p.group(), p.weight(), p.covariates()[design],
        Arrays.copyOfRange(p.outcomes()[outcome], start, end));
  }

  @Override
  public void close() {
    persons.unpersist(false);
  }
}
