package se.finsam.did;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import se.finsam.did.model.AttGt;
import se.finsam.did.model.Observation;
import se.finsam.did.model.Settings;
import se.finsam.jobs.SparkJobGroups;
import se.finsam.spark.SharedSpark;

/**
 * Property test on Spark: common's EngineMatchesModelTest designs ({@link RandomDesign}), written as a long
 * panel DataFrame and turned into units as {@code ./finsam did} does on the executors ({@link UnitPivot},
 * {@link DidJob#units}: {@link SparkUnits}, one unit per cluster without a
 * cluster variable, the shuffle by cluster key with one; the pivot's shuffle spreads them over several
 * partitions), agree with the reference model on every ATT(g,t), SE, aggregation and the pre-test to 1e-10
 * ({@link EngineModelAgreement}), and on three designs in the bootstrap draws. A subset of the designs, to keep
 * the class near a minute: positions in {@link RandomDesign#all()}, with 4 to 8 periods
 * <ul>
 *   <li>13: drimp, never treated, universal base, clusters, time-varying covariate, 8 periods (bootstrap);</li>
 *   <li>62: reg, pair balanced (missing rows), never treated, universal base, weights, clusters, time-varying
 *       covariate, 6 periods (bootstrap);</li>
 *   <li>70: ipw intercept only (the intercept-only logit), never treated, varying base, anticipation 1,
 *       unweighted, balanced, each unit its cluster: the grouped-moments path, 4 periods (bootstrap);</li>
 *   <li>85: dr, pair balanced, not yet treated, varying base, anticipation 1, 4 periods;</li>
 *   <li>91: dr, not yet treated, universal base, clusters, selection so strong that R's overlap guard leaves
 *       cells out, 6 periods;</li>
 *   <li>98: ipw-abadie, repeated cross sections (missing rows), not yet treated, varying base, anticipation 1,
 *       no clusters, cells left out by the overlap guard, 7 periods;</li>
 *   <li>112: drimp, not yet treated, varying base, weights, time-varying covariate, no clusters, 4 periods.</li>
 * </ul>
 * Every design with covariates has the categorical one (a string column, dummies by the pivot).
 * {@link #theSubsetCoversEveryDimension} checks this list against the designs.
 */
@ExtendWith(SharedSpark.class)
class SparkEngineMatchesModelTest {
  private static final int[] CHOSEN = {13, 62, 70, 85, 91, 98, 112};
  private static final Set<Integer> BOOTSTRAPPED = Set.of(13, 62, 70);
  private static final Set<Integer> GROUPED_MOMENTS = Set.of(70);
  private static final String[] LEVELS = {"a", "b", "c"};
  private static final String COALESCE = "spark.sql.adaptive.coalescePartitions.enabled";

  static Stream<Arguments> designs() {
    List<RandomDesign> all = RandomDesign.all().toList();
    return IntStream.of(CHOSEN).mapToObj(i -> Arguments.of(i, all.get(i)));
  }

  @ParameterizedTest(name = "design {0}: {1}")
  @MethodSource("designs")
  void sparkEngineEqualsModel(int index, RandomDesign design, SparkSession spark) throws Exception {
    // Adaptive execution would coalesce the pivot's shuffle partitions into one for data this small; a large
    // panel keeps several, whose partial sums are merged in another order than in memory.
    scala.Option<String> coalesce = spark.conf().getOption(COALESCE);
    spark.conf().set(COALESCE, "false");
    try {
      compareOnSpark(index, design, spark);
    } finally {
      if (coalesce.isDefined()) {
        spark.conf().set(COALESCE, coalesce.get());
      } else {
        spark.conf().unset(COALESCE);
      }
    }
  }

  private static void compareOnSpark(int index, RandomDesign design, SparkSession spark) throws Exception {
    boolean clustered = design.settings().clustered();
    UnitPivot.Pivoted pivoted = UnitPivot.pivot(longPanel(spark, design), new PanelColumns("y", "t", "id", "g",
        design.weighted() ? "w" : "", clustered ? "cl" : "", design.hasCovariates() ? xformla(design) : ""));
    assertArrayEquals(design.periods(), pivoted.periods());
    assertTrue(pivoted.units().getNumPartitions() > 1, "units over several partitions");
    UnitSource units = DidJob.units(pivoted, !clustered);
    assertInstanceOf(SparkUnits.class, units);
    assertEquals(!clustered, units.unitsAreClusters());
    try {
      AttGtFit[] fit = new AttGtFit[1];
      List<String> jobs = SparkJobGroups.during(spark,
          () -> fit[0] = AttGtEstimator.fit(units, design.periods(), design.engineSettings()));
      assertTrue(jobs.stream().anyMatch(j -> j.contains("pass: sums of")), "passes on the executors: " + jobs);
      assertEquals(GROUPED_MOMENTS.contains(index), jobs.stream().noneMatch(j -> j.contains("cluster pass")),
          "influence moments by group (no cluster pass) exactly where the design allows them: " + jobs);
      AttGt.Fit model = AttGt.estimate(design.rows(), design.settings());
      EngineModelAgreement.assertEstimatesAgree(design, model, fit[0].result());
      if (BOOTSTRAPPED.contains(index)) {
        EngineModelAgreement.assertBootstrapAgrees(design, model, fit[0], 99, design.seed() * 31);
      }
    } finally {
      pivoted.units().unpersist();
    }
  }

  /** The covariates as the columns they come from: x1, the categorical level as a string, x3. */
  private static String xformla(RandomDesign design) {
    return design.timeVarying() ? "x1+level+x3" : "x1+level";
  }

  /** The design's rows as a long panel (one row per unit and period observed). */
  private static Dataset<Row> longPanel(SparkSession spark, RandomDesign design) {
    List<StructField> fields = new ArrayList<>(List.of(
        DataTypes.createStructField("id", DataTypes.LongType, false),
        DataTypes.createStructField("t", DataTypes.IntegerType, false),
        DataTypes.createStructField("g", DataTypes.IntegerType, false),
        DataTypes.createStructField("cl", DataTypes.LongType, false),
        DataTypes.createStructField("w", DataTypes.DoubleType, false),
        DataTypes.createStructField("y", DataTypes.DoubleType, false)));
    if (design.hasCovariates()) {
      fields.add(DataTypes.createStructField("x1", DataTypes.DoubleType, false));
      fields.add(DataTypes.createStructField("level", DataTypes.StringType, false));
    }
    if (design.timeVarying()) {
      fields.add(DataTypes.createStructField("x3", DataTypes.DoubleType, false));
    }
    List<Row> rows = new ArrayList<>();
    for (Observation o : design.rows()) {
      List<Object> values = new ArrayList<>(List.of(o.id(), o.period(), o.group(), o.cluster(), o.weight(), o.outcome()));
      double[] x = o.covariates();
      if (design.hasCovariates()) {
        // x is (x1, level 1, level 2[, x3]): the dummies of a level column whose first level is left out.
        values.add(x[0]);
        values.add(LEVELS[x[1] == 1 ? 1 : x[2] == 1 ? 2 : 0]);
      }
      if (design.timeVarying()) {
        values.add(x[3]);
      }
      rows.add(RowFactory.create(values.toArray()));
    }
    return spark.createDataFrame(rows, DataTypes.createStructType(fields));
  }

  /** The chosen designs reach every method, comparison group, base period, kind of data and panel length above. */
  @Test
  void theSubsetCoversEveryDimension() {
    List<RandomDesign> all = RandomDesign.all().toList();
    List<RandomDesign> chosen = IntStream.of(CHOSEN).mapToObj(all::get).toList();
    EnumSet<Settings.Method> methods = EnumSet.noneOf(Settings.Method.class);
    EnumSet<Settings.Comparison> comparisons = EnumSet.noneOf(Settings.Comparison.class);
    EnumSet<Settings.BasePeriod> bases = EnumSet.noneOf(Settings.BasePeriod.class);
    EnumSet<Settings.Unbalanced> modes = EnumSet.noneOf(Settings.Unbalanced.class);
    chosen.forEach(d -> {
      methods.add(d.settings().method());
      comparisons.add(d.settings().comparison());
      bases.add(d.settings().basePeriod());
      boolean missingRows = d.rows().size() < d.periods().length * d.rows().stream().mapToLong(Observation::id).distinct().count();
      if (missingRows) {
        modes.add(d.settings().unbalanced());
      }
    });
    assertEquals(EnumSet.allOf(Settings.Method.class), methods);
    assertEquals(EnumSet.allOf(Settings.Comparison.class), comparisons);
    assertEquals(EnumSet.allOf(Settings.BasePeriod.class), bases);
    assertTrue(modes.containsAll(EnumSet.of(Settings.Unbalanced.CROSS_SECTIONS, Settings.Unbalanced.PAIRS)), modes.toString());
    assertTrue(chosen.stream().anyMatch(d -> d.settings().anticipation() > 0), "anticipation");
    assertTrue(chosen.stream().mapToInt(d -> d.periods().length).distinct().count() >= 3, "period counts");
    assertTrue(chosen.stream().anyMatch(RandomDesign::weighted), "weights");
    assertTrue(chosen.stream().anyMatch(d -> d.settings().clustered()), "clusters");
    assertTrue(chosen.stream().anyMatch(d -> !d.settings().clustered()), "each unit its cluster");
    assertTrue(chosen.stream().anyMatch(RandomDesign::timeVarying), "time-varying covariate");
    assertTrue(chosen.stream().anyMatch(d -> d.hasCovariates() && !d.timeVarying()), "time-invariant covariates");
    assertTrue(chosen.stream().anyMatch(d -> AttGt.estimate(d.rows(), d.settings()).cells().stream()
        .anyMatch(c -> !c.estimated())), "cells left out");
    for (int i : GROUPED_MOMENTS) {
      RandomDesign d = all.get(i);
      assertTrue(!d.hasCovariates() && !d.weighted() && !d.settings().clustered()
          && d.rows().size() == d.periods().length * d.rows().stream().mapToLong(Observation::id).distinct().count(), d.toString());
    }
    assertTrue(IntStream.of(CHOSEN).boxed().toList().containsAll(BOOTSTRAPPED));
    assertTrue(IntStream.of(CHOSEN).boxed().toList().containsAll(GROUPED_MOMENTS));
  }
}
