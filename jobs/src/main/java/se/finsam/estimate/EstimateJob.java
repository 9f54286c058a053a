package se.finsam.estimate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.finsam.did.BasePeriod;
import se.finsam.did.ControlGroup;
import se.finsam.did.Distributions;
import se.finsam.did.EstimateSettings;
import se.finsam.did.EstimationMethod;
import se.finsam.did.SharedSums;
import se.finsam.did.StaggeredDid;
import se.finsam.did.UnbalancedPanel;
import se.finsam.jobs.Job;
import se.finsam.jobs.JobContext;
import se.finsam.jobs.JobOption;
import se.finsam.jobs.JobRunner;
import se.finsam.jobs.UsageException;
import se.finsam.linkage.Periods;
import se.finsam.results.ResultSchemas;
import se.finsam.spark.JobGroups;
import se.finsam.warehouse.Fingerprint;
import se.finsam.warehouse.Zone;

/**
 * Seed 002's estimation: for every outcome of the catalogue and every model specification, the
 * staggered DiD over start groups with not-yet-treated controls and a varying base period, with the
 * model's 2x2 estimator (its own est-method or finsam.estimate.est-method; doubly robust by default); ATT(g,t), the four aggregations, the pre/post event-time averages and the pre-test go to the
 * result tables under the run id. Only aggregates reach the driver.
 */
public final class EstimateJob implements Job {
  private static final Logger LOG = LoggerFactory.getLogger(EstimateJob.class);
  private static final String P = "finsam.estimate.";

  @Override
  public String name() {
    return "estimate";
  }

  @Override
  public String summary() {
    return "estimate every outcome under seed 002's five models on the panel (staggered DR DiD)";
  }

  @Override
  public List<JobOption> options() {
    return List.of(
        JobOption.of("warehouse", "finsam.warehouse", "warehouse root"),
        JobOption.of("run-id", "finsam.run-id", "run id the results are written under (default: this run's)"),
        JobOption.of("outcomes", P + "only-outcomes", "comma-separated outcomes to estimate (empty: the whole catalogue)"),
        JobOption.of("models", P + "only-models", "comma-separated model codes (empty: all)"),
        JobOption.of("est-method", P + "est-method", EstimationMethod.names()
            + " (R did's ipw = Stata csdid's stdipw; Stata csdid's ipw = ipw-abadie); a model's own est-method wins"),
        JobOption.of("control-group", P + "control-group", "notyettreated | nevertreated"),
        JobOption.flag("bootstrap", P + "bootstrap.enabled", "multiplier bootstrap instead of analytical standard errors"));
  }

  @Override
  public Optional<String> inputsFingerprint(JobContext context) {
    Fingerprint f = Fingerprint.using(context.spark().sparkContext().hadoopConfiguration())
        .addDeltaVersion(context.warehouse().table(Zone.PANEL, "population"))
        .addDeltaVersion(context.warehouse().table(Zone.PANEL, "person_month"))
        .addConfig(context.config(), "finsam.estimate")
        .addConfig(context.config(), "finsam.outcomes");
    return Optional.of(f.value());
  }

  /** Every Spark job of the run carries a group and a description (the Spark UI reads as the work). */
  @Override
  public void run(JobContext context) {
    SparkContext sc = context.spark().sparkContext();
    JobGroups.enter(sc, "estimate/panel", "estimate: the models' samples from the panel");
    try {
      estimateAll(context);
    } finally {
      JobGroups.leave(sc);
    }
  }

  private void estimateAll(JobContext context) {
    Config config = context.config();
    SparkSession spark = context.spark();
    Dataset<Row> population = spark.read().format("delta").load(context.warehouse().table(Zone.PANEL, "population"));
    Dataset<Row> personMonths = spark.read().format("delta").load(context.warehouse().table(Zone.PANEL, "person_month"));
    int origin = config.getInt("finsam.panel.from");
    int lastMonth = lastUsableMonth(population, origin, config.getInt("finsam.panel.to"));
    int preFrom = Periods.index(config.getInt(P + "pre-period.from"), origin);
    int preTo = Periods.index(config.getInt(P + "pre-period.to"), origin);
    ModelPanel.Sampling sampling = new ModelPanel.Sampling(config.getString(P + "cluster"), config.getString(P + "weights"));

    List<Row> attGt = new ArrayList<>();
    List<Row> aggte = new ArrayList<>();
    List<Row> pretest = new ArrayList<>();
    List<Row> samples = new ArrayList<>();
    List<Row> warnings = new ArrayList<>();
    Map<ModelSpec, Window> windows = new LinkedHashMap<>();
    for (ModelSpec model : models(config)) {
      int last = Math.min(Periods.index(model.to(), origin), lastMonth);
      Map<String, Integer> firsts = new LinkedHashMap<>();
      for (Map.Entry<String, Integer> outcome : outcomes(config).entrySet()) {
        int first = Math.max(Periods.index(model.from(), origin), Periods.index(outcome.getValue(), origin));
        if (first >= last) {
          LOG.warn("estimate: {} under {} has no window ({}..{}); skipped", outcome.getKey(), model.code(), first, last);
        } else {
          firsts.put(outcome.getKey(), first);
        }
      }
      if (!firsts.isEmpty()) {
        windows.put(model, new Window(firsts, last));
      }
    }
    int estimated = 0;
    if (!windows.isEmpty()) {
      int first = windows.values().stream().mapToInt(Window::first).min().getAsInt();
      int last = windows.values().stream().mapToInt(Window::last).max().getAsInt();
      List<String> pivoted = windows.values().stream().flatMap(w -> w.firsts().keySet().stream()).distinct().toList();
      List<Plan> plans = windows.entrySet().stream()
          .map(e -> new Plan(e.getKey(), e.getValue(), settings(config, e.getKey()))).toList();
      // Outcomes run side by side: one outcome's inference and aggregations and another's passes then
      // leave no core idle. Results are kept in catalogue order.
      int parallel = config.getInt(P + "parallel-outcomes");
      boolean shareSums = config.getBoolean(P + "share-sums");
      String runId = context.runId();
      List<Estimation> estimations;
      try (ModelPanel panel = ModelPanel.of(personMonths, population, List.copyOf(windows.keySet()), pivoted, first, last,
          sampling)) {
        if (fitsOneTask(spark, config, panel)) {
          estimations = panel.inOneTask(persons -> estimateModels(plans, persons::model, runId, parallel, shareSums,
              preFrom, preTo, (group, description) -> { }));
        } else {
          SparkContext sc = spark.sparkContext();
          estimations = estimateModels(plans, panel::model, runId, parallel, shareSums, preFrom, preTo,
              (group, description) -> JobGroups.enter(sc, group, description));
        }
      }
      for (Estimation e : estimations) {
        attGt.addAll(e.attGt());
        aggte.addAll(e.aggte());
        pretest.addAll(e.pretest());
        samples.add(e.sample());
        warnings.addAll(e.warnings());
        context.metrics().read(e.outcome() + "/" + e.model() + " person-months", e.personMonths());
        estimated++;
      }
    }
    JobGroups.enter(spark.sparkContext(), "estimate/results", "estimate: results of run " + context.runId());
    write(context, ResultSchemas.ATT_GT, attGt, ResultSchemas.ATT_GT_SCHEMA);
    write(context, ResultSchemas.AGGTE, aggte, ResultSchemas.AGGTE_SCHEMA);
    write(context, ResultSchemas.PRETEST, pretest, ResultSchemas.PRETEST_SCHEMA);
    write(context, ResultSchemas.SAMPLE, samples, ResultSchemas.SAMPLE_SCHEMA);
    write(context, ResultSchemas.WARNINGS, warnings, ResultSchemas.WARNINGS_SCHEMA);
    LOG.info("estimate: {} outcome-model estimations under run {}", estimated, context.runId());
  }

  /**
   * True when the pivoted persons fit in {@code finsam.estimate.one-task-heap-share} of an executor's heap
   * (in local mode, of this JVM's): every model and outcome is then estimated in one task
   * ({@link ModelPanel#inOneTask}), where each of the estimator's passes is a loop over the persons rather
   * than a Spark job (12.5 per outcome and model at 30 000 persons, each costing its scheduling;
   * did/BENCHMARKS.md). Only result rows come back, so the driver's memory does not grow with the persons.
   */
  private static boolean fitsOneTask(SparkSession spark, Config config, ModelPanel panel) {
    double share = config.getDouble(P + "one-task-heap-share");
    if (share == 0) {
      LOG.info("estimate: by passes over the executors ({}one-task-heap-share = 0)", P);
      return false;
    }
    SparkContext sc = spark.sparkContext();
    long heap = sc.isLocal() ? Runtime.getRuntime().maxMemory() : sc.getConf().getSizeAsBytes("spark.executor.memory", "1g");
    long budget = (long) (share * heap);
    ModelPanel.Size size = panel.size();
    boolean fits = size.bytes() <= budget;
    LOG.info("estimate: {} persons take {} MiB in a heap; {}one-task-heap-share = {} of an executor's {} MiB is {} MiB: {}",
        size.persons(), String.format("%.1f", size.bytes() / 1048576.0), P, share, heap >> 20, budget >> 20,
        fits ? "every model is estimated in one task" : "by passes over the executors");
    return fits;
  }

  /** Where a model's sample comes from: the executors' persons or the list in a task. */
  private interface Samples {
    ModelPanel.Model model(ModelSpec model, int lastMonth);
  }

  /** Names the Spark jobs that follow (a job group on the driver; nothing inside a task). */
  private interface Labels {
    void enter(String group, String description);
  }

  /** A model with its months and its estimator settings, as shipped to a task. */
  private record Plan(ModelSpec model, Window months, EstimateSettings settings) implements Serializable {}

  /** Every plan's outcomes estimated, model by model and in catalogue order, {@code parallel} at a time. */
  private static List<Estimation> estimateModels(List<Plan> plans, Samples samples, String runId, int parallel,
                                                 boolean shareSums, int preFrom, int preTo, Labels labels) {
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Estimation> all = new ArrayList<>();
      for (Plan plan : plans) {
        ModelSpec model = plan.model();
        labels.enter("estimate/" + model.code(), "estimate " + model.code() + ": its sample");
        ModelPanel.Model sample = samples.model(model, plan.months().last());
        LOG.info("estimate {}: {} persons, months {}..{}, units missing months: {}, estimated {}", model.code(),
            sample.persons(), plan.months().first(), plan.months().last(),
            plan.settings().did().unbalancedPanel().code(), sample.inTask() ? "in one task" : "by passes");
        // Outcomes observed in the same months share their outcome-free sums (logit steps, X'WX): the first
        // of each group is estimated before the rest of it, which then skip those passes.
        Map<String, String> groups = shareSums ? sample.observedMonthGroups(plan.months().firsts())
            : plan.months().firsts().keySet().stream().collect(Collectors.toMap(o -> o, o -> o));
        Map<String, SharedSums> shared = new HashMap<>();
        Map<String, CompletableFuture<Estimation>> started = new HashMap<>();
        List<CompletableFuture<Estimation>> futures = new ArrayList<>();
        for (Map.Entry<String, Integer> window : plan.months().firsts().entrySet()) {
          String outcome = window.getKey();
          int from = window.getValue();
          String first = groups.get(outcome);
          SharedSums sums = shareSums ? shared.computeIfAbsent(first, k -> new SharedSums()) : null;
          Supplier<Estimation> task = () -> {
            labels.enter("estimate/" + model.code() + "/" + outcome, "estimate " + outcome + " under " + model.code());
            return estimate(runId, plan.settings(), sample, model, outcome, from, preFrom, preTo, sums);
          };
          CompletableFuture<Estimation> future = first.equals(outcome) ? CompletableFuture.supplyAsync(task, pool)
              : started.get(first).thenApplyAsync(done -> task.get(), pool);
          started.put(outcome, future);
          futures.add(future);
        }
        for (Future<Estimation> future : futures) {
          all.add(get(future));
        }
        if (shareSums) {
          LOG.info("estimate {}: {} outcomes in {} patterns of observed months; {} sums answered from an outcome "
              + "observed in the same months", model.code(), futures.size(), shared.size(),
              shared.values().stream().mapToLong(SharedSums::reused).sum());
        }
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  /** A model's months: each outcome's first month and the model's last. */
  private record Window(Map<String, Integer> firsts, int last) implements Serializable {
    int first() {
      return firsts.values().stream().mapToInt(Integer::intValue).min().getAsInt();
    }
  }

  /**
   * One outcome under one model: its result rows (the pre-test's at most one), who it used and what the
   * estimator warned about; what a task returns.
   */
  private record Estimation(String outcome, String model, List<Row> attGt, List<Row> aggte, List<Row> pretest,
                            Row sample, List<Row> warnings, long personMonths) implements Serializable {}

  private static Estimation estimate(String runId, EstimateSettings settings, ModelPanel.Model sample,
                                     ModelSpec model, String outcome, int from, int preFrom, int preTo,
                                     SharedSums shared) {
    UnbalancedPanel gaps = settings.did().unbalancedPanel();
    SampleSummary summary = sample.summary(outcome, from, preFrom, preTo, settings.did());
    StaggeredDid.Result result = StaggeredDid.estimate(sample.source(outcome, from, settings.clustered()),
        sample.periods(from), settings, shared);
    result.warnings().forEach(w -> LOG.info("estimate {} {}: {}", outcome, model.code(), w));
    double pointwise = Distributions.normalQuantile(1 - settings.alp() / 2);
    ResultRows rows = new ResultRows(runId, outcome, model.code(), summary);
    List<Row> aggte = rows.aggregations(result, pointwise);
    long used = Math.round(result.attGt().moments().units());
    return new Estimation(outcome, model.code(), rows.attGt(result.attGt(), result.inference()), aggte,
        result.pretest().map(rows::pretest).stream().toList(), rows.sample(used, DropRules.outcome(gaps), gaps.code(),
            settings.did().method().optionName()),
        result.warnings().stream().map(rows::warning).toList(), summary.personMonths());
  }

  /** Seed 002's estimator settings for one model ({@code finsam.estimate.*}), each checked as it is read. */
  static EstimateSettings settings(Config config, ModelSpec model) {
    String gaps = model.unbalancedPanel().isBlank() ? config.getString(P + "unbalanced-panel") : model.unbalancedPanel();
    String method = model.estMethod().isBlank() ? config.getString(P + "est-method") : model.estMethod();
    Config window = config.getConfig(P + "event-window");
    return EstimateSettings.builder()
        .controlGroup(ControlGroup.parse(config.getString(P + "control-group")))
        .basePeriod(BasePeriod.parse(config.getString(P + "base-period")))
        .anticipation(config.getInt(P + "anticipation"))
        .method(EstimationMethod.parse(method))
        .unbalancedPanel(UnbalancedPanel.parse(gaps))
        .formulaVariables(model.covariates().size())
        .alp(config.getDouble(P + "alp"))
        .bootstrap(config.getBoolean(P + "bootstrap.enabled"))
        .uniformBands(config.getBoolean(P + "bootstrap.uniform-bands"))
        .iterations(config.getInt(P + "bootstrap.iterations"))
        .seed(config.getLong(P + "bootstrap.seed"))
        .window(window.getString("min-e"), window.getString("max-e"), window.getString("balance-e"))
        .clustered(!config.getString(P + "cluster").isBlank())
        .build();
  }

  /**
   * Before anything is read or written: every model and outcome named exists, and every model's
   * settings are valid; otherwise a usage error (exit 2).
   */
  @Override
  public void validate(Config config) {
    for (ModelSpec model : models(config)) {
      settings(config, model);
    }
    outcomes(config);
    config.getBoolean(P + "share-sums"); // a value that is not a boolean stops the run here, before any read
    double share = config.getDouble(P + "one-task-heap-share");
    if (!(share >= 0 && share < 1)) {
      throw new UsageException(P + "one-task-heap-share must be at least 0 and below 1, not " + share);
    }
  }

  private static Estimation get(Future<Estimation> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("estimate interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }

  /**
   * The last month before the comparison-only start group begins (see {@link ModelPanel}): the panel
   * keeps every month of every person, and this is where that group's months from its first month on
   * (and everybody's) are left out of the estimation (SPEC 6).
   */
  static int lastUsableMonth(Dataset<Row> population, int origin, int panelTo) {
    Row first = population.filter(col("group_period").equalTo(0)).agg(min("treatment_period")).first();
    int end = Periods.index(panelTo, origin);
    return first.isNullAt(0) ? end : Math.min(end, Periods.index(first.getInt(0), origin) - 1);
  }

  private static List<ModelSpec> models(Config config) {
    List<String> only = csv(config.getString(P + "only-models"));
    List<ModelSpec> all = config.getConfigList(P + "models").stream().map(ModelSpec::from).toList();
    List<String> codes = all.stream().map(ModelSpec::code).toList();
    for (String code : only) {
      if (!codes.contains(code)) {
        throw new UsageException("unknown model '" + code + "'; the models are " + String.join(", ", codes));
      }
    }
    return all.stream().filter(m -> only.isEmpty() || only.contains(m.code())).toList();
  }

  /** Outcome name to its first measured month (YYYYMM), in catalogue order. */
  private static Map<String, Integer> outcomes(Config config) {
    List<String> only = csv(config.getString(P + "only-outcomes"));
    Map<String, Integer> outcomes = new LinkedHashMap<>();
    for (Config o : config.getConfigList("finsam.outcomes")) {
      if (only.isEmpty() || only.contains(o.getString("name"))) {
        outcomes.put(o.getString("name"), o.getInt("first-period"));
      }
    }
    for (String name : only) {
      if (!outcomes.containsKey(name)) {
        throw new UsageException("unknown outcome '" + name + "'; the catalogue is finsam.outcomes");
      }
    }
    return outcomes;
  }

  private static List<String> csv(String s) {
    return s.isBlank() ? List.of() : List.of(s.trim().split("\\s*,\\s*"));
  }

  /** Replaces this run's rows of a result table (atomically, by Delta's replaceWhere). */
  public static void write(JobContext context, String table, List<Row> rows, StructType schema) {
    String path = context.warehouse().table(Zone.RESULTS, table);
    JobGroups.step(context.spark().sparkContext(), "write results/" + table);
    // mergeSchema: a warehouse written before a column was added to the contract takes the new column.
    context.spark().createDataFrame(rows, schema).coalesce(1).write().format("delta")
        .mode(SaveMode.Overwrite).option("mergeSchema", "true")
        .option("replaceWhere", "run_id = '" + context.runId().replace("'", "") + "'")
        .save(path);
    context.metrics().wrote("results/" + table, rows.size());
  }

  public static void main(String[] args) {
    JobRunner.exit(new EstimateJob(), args);
  }
}
