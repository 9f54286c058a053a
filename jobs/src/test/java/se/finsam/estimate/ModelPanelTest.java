package se.finsam.estimate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.finsam.did.BasePeriod;
import se.finsam.did.ControlGroup;
import se.finsam.did.DidSettings;
import se.finsam.did.EstimationMethod;
import se.finsam.did.UnbalancedPanel;
import se.finsam.did.UnitRecord;
import se.finsam.spark.SharedSpark;

/**
 * One pivot serves every model: each model sees the persons of its subgroup with complete covariates,
 * dummies for the levels present in its subgroup, and the months of its own window.
 */
@ExtendWith(SharedSpark.class)
class ModelPanelTest {
  private static final ModelSpec MEN = new ModelSpec("MEN", "men", 201501, 201504, List.of(), "M", "", "");
  private static final ModelSpec ALL = new ModelSpec("M1", "all", 201501, 201504, List.of(), "", "", "");
  private static final ModelSpec SHORT = new ModelSpec("M2", "short", 201502, 201503, List.of(), "", "", "");
  private static final ModelSpec COVARIATES = new ModelSpec("M3", "x", 201501, 201504, List.of("utb", "alder"), "", "", "");
  private static final ModelSpec WOMEN_X = new ModelSpec("WX", "women x", 201501, 201504, List.of("utb"), "K", "", "");

  @Test
  void everyModelSeesItsSubgroupItsCovariatesAndItsMonths(SparkSession spark) {
    // pid, group, kon, utb, alder, team, vikt. Person 4 lacks alder; person 5 has no sex; only men have
    // utb "c"; person 3 has no team, person 4 no weight.
    Object[][] people = {
        {1L, 3, "M", "a", 30.0, "T1", 2.0}, {2L, 0, "K", "b", 40.0, "T1", 0.5}, {3L, 2, "M", "c", 50.0, null, 1.0},
        {4L, 0, "K", "a", null, "T2", null}, {5L, 3, null, "b", 60.0, "T2", 1.5}};
    StructType populationSchema = new StructType()
        .add("pid", DataTypes.LongType).add("group_period", DataTypes.IntegerType)
        .add("kon", DataTypes.StringType).add("utb", DataTypes.StringType).add("alder", DataTypes.DoubleType)
        .add("team", DataTypes.StringType).add("vikt", DataTypes.DoubleType);
    List<Row> population = new ArrayList<>();
    List<Row> months = new ArrayList<>();
    for (Object[] p : people) {
      population.add(RowFactory.create(p));
      for (int m = 1; m <= 4; m++) {
        // y = 10 pid + month; person 2 is not observed in month 4.
        Double y = (Long) p[0] == 2L && m == 4 ? null : 10.0 * (Long) p[0] + m;
        months.add(RowFactory.create(p[0], m, p[1], y, y == null ? null : -y));
      }
    }
    StructType monthSchema = new StructType()
        .add("pid", DataTypes.LongType).add("month_index", DataTypes.IntegerType)
        .add("group_index", DataTypes.IntegerType).add("y", DataTypes.DoubleType).add("z", DataTypes.DoubleType);
    Dataset<Row> pop = spark.createDataFrame(population, populationSchema);
    Dataset<Row> pm = spark.createDataFrame(months, monthSchema);

    try (ModelPanel panel = ModelPanel.of(pm, pop, List.of(MEN, ALL, SHORT, COVARIATES, WOMEN_X), List.of("y", "z"), 1, 4,
        ModelPanel.Sampling.none())) {
      // The intercept design is shared with MEN, which comes first, yet covers everybody.
      Map<Long, UnitRecord> all = units(panel.model(ALL, 4), "y", 1);
      assertEquals(List.of(1L, 2L, 3L, 4L, 5L), List.copyOf(all.keySet()));
      assertArrayEquals(new double[] {1.0}, all.get(4L).covariatesAt(0));
      assertArrayEquals(new double[] {11, 12, 13, 14}, all.get(1L).outcomes());
      assertArrayEquals(new double[] {21, 22, 23, Double.NaN}, all.get(2L).outcomes());
      assertEquals(3, all.get(1L).group());

      Map<Long, UnitRecord> men = units(panel.model(MEN, 4), "z", 2);
      assertEquals(List.of(1L, 3L), List.copyOf(men.keySet()));
      assertArrayEquals(new double[] {-32, -33, -34}, men.get(3L).outcomes());
      assertEquals(2, panel.model(MEN, 4).persons());

      // A shorter window: months 2..3 only.
      ModelPanel.Model shorter = panel.model(SHORT, 3);
      assertArrayEquals(new int[] {2, 3}, shorter.periods(2));
      assertArrayEquals(new double[] {52, 53}, units(shorter, "y", 2).get(5L).outcomes());

      // Covariates: person 4 (no alder) is out; utb's levels a, b, c give dummies for b and c.
      Map<Long, UnitRecord> x = units(panel.model(COVARIATES, 4), "y", 1);
      assertEquals(List.of(1L, 2L, 3L, 5L), List.copyOf(x.keySet()));
      assertArrayEquals(new double[] {1, 0, 1, 50}, x.get(3L).covariatesAt(0));
      assertArrayEquals(new double[] {1, 1, 0, 60}, x.get(5L).covariatesAt(0));

      // Women only: their levels are a and b, so one dummy (b), not a column of zeros for c.
      Map<Long, UnitRecord> women = units(panel.model(WOMEN_X, 4), "y", 1);
      assertEquals(List.of(2L, 4L), List.copyOf(women.keySet()));
      assertArrayEquals(new double[] {1, 1}, women.get(2L).covariatesAt(0));
      assertArrayEquals(new double[] {1, 0}, women.get(4L).covariatesAt(0));

      // Balanced, the summary counts the persons observed in every month of the window; otherwise
      // everybody observed at least once, with their observed months. Every rule that applies is listed,
      // also when it drops nobody.
      SampleSummary balanced = panel.model(ALL, 4).summary("y", 1, 1, 1, did(UnbalancedPanel.DROP_UNITS));
      assertEquals(5, balanced.members());
      assertEquals(4, balanced.persons());
      assertEquals(16, balanced.personMonths());
      assertEquals((11 + 31 + 41 + 51) / 4.0, balanced.preMean(), 1e-12);
      assertEquals(List.of(new SampleSummary.Drop(DropRules.treatedFirst(), 0)), balanced.drops());
      SampleSummary observed = panel.model(ALL, 4).summary("y", 1, 1, 1, did(UnbalancedPanel.PAIRS));
      assertEquals(5, observed.persons());
      assertEquals(19, observed.personMonths());
      assertEquals((11 + 21 + 31 + 41 + 51) / 5.0, observed.preMean(), 1e-12);
      assertEquals(1.0, all.get(1L).weight(), 0.0, "without a weight column everybody weighs 1");

      // A missing covariate drops the person from the models that use it, counted under its first one.
      SampleSummary complete = panel.model(COVARIATES, 4).summary("y", 1, 1, 1, did(UnbalancedPanel.PAIRS));
      assertEquals(List.of(5L, 4L), List.of(complete.members(), complete.persons()));
      assertEquals(List.of(new SampleSummary.Drop(DropRules.noCovariate("utb"), 0),
          new SampleSummary.Drop(DropRules.noCovariate("alder"), 1), new SampleSummary.Drop(DropRules.treatedFirst(), 0)),
          complete.drops());
      // From month 2 on, person 3 (start group 2) is treated in the first month: R drops such units.
      SampleSummary late = panel.model(SHORT, 3).summary("y", 2, 1, 1, did(UnbalancedPanel.PAIRS));
      assertEquals(List.of(5L, 4L), List.of(late.members(), late.persons()));
      assertEquals(List.of(new SampleSummary.Drop(DropRules.treatedFirst(), 1)), late.drops());
    }

    // With a cluster and a weight column: persons missing either are in no model (R drops such rows) and
    // are counted, each under one rule; persons of one team share a cluster key.
    try (ModelPanel panel = ModelPanel.of(pm, pop, List.of(ALL), List.of("y"), 1, 4, new ModelPanel.Sampling("team", "vikt"))) {
      List<UnitRecord> units = panel.model(ALL, 4).units("y", 1).collect();
      assertEquals(3, units.size(), "persons 3 (no team) and 4 (no weight) are out");
      Map<Double, Long> clusterByWeight = new TreeMap<>();
      units.forEach(u -> clusterByWeight.put(u.weight(), u.clusterKey()));
      assertEquals(List.of(0.5, 1.5, 2.0), List.copyOf(clusterByWeight.keySet()));
      assertEquals(clusterByWeight.get(0.5), clusterByWeight.get(2.0), "persons 1 and 2 are both in team T1");
      assertTrue(!clusterByWeight.get(1.5).equals(clusterByWeight.get(2.0)));
      SampleSummary summary = panel.model(ALL, 4).summary("y", 1, 1, 1, did(UnbalancedPanel.PAIRS));
      assertEquals(List.of(5L, 3L), List.of(summary.members(), summary.persons()));
      assertEquals(List.of(new SampleSummary.Drop(DropRules.noCluster("team"), 1),
          new SampleSummary.Drop(DropRules.noWeight("vikt"), 1), new SampleSummary.Drop(DropRules.treatedFirst(), 0)),
          summary.drops());
    }
  }

  private static DidSettings did(UnbalancedPanel gaps) {
    return new DidSettings(ControlGroup.NOT_YET_TREATED, BasePeriod.VARYING, 0, EstimationMethod.DR, gaps, 0);
  }

  @Test
  void theComparisonOnlyGroupsMonthsFromItsFirstMonthOnAreNotEstimated(SparkSession spark) {
    // The panel keeps every month; the estimation ends the month before the comparison-only group's
    // earliest treatment month (its persons have group_period 0): 2020-03 -> month_index 62 (2020-02).
    StructType schema = new StructType().add("pid", DataTypes.LongType).add("group_period", DataTypes.IntegerType)
        .add("treatment_period", DataTypes.IntegerType);
    Dataset<Row> population = spark.createDataFrame(List.of(RowFactory.create(1L, 201909, 201909),
        RowFactory.create(2L, 0, 202004), RowFactory.create(3L, 0, 202003)), schema);
    assertEquals(62, EstimateJob.lastUsableMonth(population, 201501, 202404));
    assertEquals(112, EstimateJob.lastUsableMonth(population.filter("pid = 1"), 201501, 202404),
        "without a comparison-only group the calendar's end");
  }

  private static Map<Long, UnitRecord> units(ModelPanel.Model model, String outcome, int from) {
    Map<Long, UnitRecord> byPid = new TreeMap<>(Comparator.naturalOrder());
    model.units(outcome, from).collect().forEach(u -> byPid.put(u.clusterKey(), u));
    return byPid;
  }
}
