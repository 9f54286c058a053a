package se.finsam.results;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The contract between the estimation step (writer) and the report (reader): the Delta tables of the
 * warehouse's {@code results/} zone, one row per run id, outcome and model. Time columns are the
 * panel's {@code month_index} (months since the calendar's first month, that month = 1).
 */
public final class ResultSchemas {
  /** Table names inside {@code results/}. */
  public static final String ATT_GT = "att_gt";
  public static final String AGGTE = "aggte";
  public static final String PRETEST = "pretest";
  public static final String SAMPLE = "sample";
  public static final String WARNINGS = "warnings";

  /** Aggregation types of {@code aggte.type}. */
  public static final String SIMPLE = "simple";
  public static final String GROUP = "group";
  public static final String DYNAMIC = "dynamic";
  public static final String CALENDAR = "calendar";
  public static final String PRE_AVERAGE = "pre_average";
  public static final String POST_AVERAGE = "post_average";
  public static final List<String> AGGREGATION_TYPES =
      List.of(SIMPLE, GROUP, DYNAMIC, CALENDAR, PRE_AVERAGE, POST_AVERAGE);

  /** Model codes of seed 002's five specifications. */
  public static final List<String> MODELS = List.of("M1", "M2", "M3", "MEN", "WOMEN");

  /**
   * ATT(g,t): one row per start group (its treatment month) and month. event_time = t - group.
   * {@code reason} says why a cell has no estimate (too few units, no overlap, a singular design), else null.
   */
  public static final StructType ATT_GT_SCHEMA = new StructType()
      .add("run_id", StringType, false)
      .add("outcome", StringType, false)
      .add("model", StringType, false)
      .add("group", IntegerType, false)
      .add("t", IntegerType, false)
      .add("event_time", IntegerType, false)
      .add("att", DoubleType, true)
      .add("se", DoubleType, true)
      .add("ci_lower", DoubleType, true)
      .add("ci_upper", DoubleType, true)
      .add("n_treated", LongType, false)
      .add("n_control", LongType, false)
      .add("reason", StringType, true);

  /**
   * Aggregations of ATT(g,t). {@code egt} is the group, event time or calendar month of an element;
   * null for the overall of a type (pre/post averages have only the overall). {@code n_obs} counts the
   * person-months of the estimation sample, {@code pre_mean} is the participants' mean in the
   * pre-period (seed 002: Aug 2018 - Jul 2019) and {@code relative_effect} = att / pre_mean.
   */
  public static final StructType AGGTE_SCHEMA = new StructType()
      .add("run_id", StringType, false)
      .add("outcome", StringType, false)
      .add("model", StringType, false)
      .add("type", StringType, false)
      .add("egt", IntegerType, true)
      .add("att", DoubleType, true)
      .add("se", DoubleType, true)
      .add("ci_lower", DoubleType, true)
      .add("ci_upper", DoubleType, true)
      .add("p_value", DoubleType, true)
      .add("n_obs", LongType, false)
      .add("n_persons", LongType, false)
      .add("pre_mean", DoubleType, true)
      .add("relative_effect", DoubleType, true)
      // An event time's weight in the simple aggregate (dynamic rows, when the simple is their weighted average).
      .add("simple_weight", DoubleType, true);

  /** Wald pre-test of parallel trends (all pre-treatment ATT(g,t) = 0). */
  public static final StructType PRETEST_SCHEMA = new StructType()
      .add("run_id", StringType, false)
      .add("outcome", StringType, false)
      .add("model", StringType, false)
      .add("W", DoubleType, true)
      .add("df", IntegerType, true)
      .add("pvalue", DoubleType, true);

  /**
   * Who each estimation used: the persons of the model (its subgroup), those the estimator used and
   * those dropped, and per rule how many it dropped ({@code drops}, in the report's words: no cluster,
   * no valid weight, each missing covariate, treated in the first month, and last the outcome's rule for
   * persons missing months; each dropped person under the first rule it fails, so the rules' persons add
   * up to {@code persons_dropped}; null in rows of a warehouse written before the column existed), how the
   * panel's gaps (deaths, emigration, an outcome's age window) were treated ({@code unbalanced_panel}:
   * drop, cross-sections or pairs), and the 2x2 estimator that ran ({@code est_method}, the model's own or
   * {@code finsam.estimate.est-method}; null in rows of a warehouse written before the column existed).
   * {@code person_months} counts the observed person-months.
   */
  public static final StructType SAMPLE_SCHEMA = new StructType()
      .add("run_id", StringType, false)
      .add("outcome", StringType, false)
      .add("model", StringType, false)
      .add("persons", LongType, false)
      .add("persons_used", LongType, false)
      .add("persons_dropped", LongType, false)
      .add("drops", DataTypes.createArrayType(new StructType()
          .add("rule", StringType, false)
          .add("persons", LongType, false), false), true)
      .add("unbalanced_panel", StringType, false)
      .add("person_months", LongType, false)
      .add("est_method", StringType, true);

  /** The estimator's warnings (what it dropped or could not estimate), in words, one row each. */
  public static final StructType WARNINGS_SCHEMA = new StructType()
      .add("run_id", StringType, false)
      .add("outcome", StringType, false)
      .add("model", StringType, false)
      .add("message", StringType, false);

  private ResultSchemas() {}
}
