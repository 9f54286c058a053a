package se.finsam.estimate;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import se.finsam.did.UnbalancedPanel;
import se.finsam.did.model.Aggte;
import se.finsam.did.model.AttGt;
import se.finsam.did.model.Observation;
import se.finsam.did.model.Settings;
import se.finsam.spark.SharedSpark;

/**
 * The estimate step's sampling settings take effect, in one run on R's simulated panel (shared/reference
 * sim_panel.csv: 600 persons, 8 months, start groups 4, 6, 8 and never treated, x1, factor x2, cluster cl,
 * weight w) plus six hand-made persons the sample must drop or must not count: with {@code cluster = cl},
 * {@code weights = w} and the event window (-3, 2, 1), model X1 (dr, ~x1) gives R's weighted ATT(g,t)
 * (scenario 5: the data without the six) and the reference model's clustered SEs, and its aggregations are
 * the reference model's over the window; model ABADIE (ipw-abadie, ~x1 + x2) is the reference model's
 * ipw_did_panel. Each dropped person is counted under its rule in results/sample.
 */
@ExtendWith(SharedSpark.class)
class EstimateSamplingTest {
  @TempDir Path dir;

  /**
   * The hand-made persons: id, start group, cluster, weight, x1, x2. 1001 has no cluster; 1002 no weight and
   * 1003 a negative one; 1004 no x1; 1005 no x2 and weight 0, so it is used by X1 (R keeps a zero weight)
   * without moving its ATT, and dropped by ABADIE; 1006 is treated in the first month. Their outcome is far
   * from everybody's, so any of them counted in a mean would move the estimates.
   */
  private static final Object[][] EXTRA = {
      {1001L, 4, null, 1.0, 0.5, "a"}, {1002L, 4, 1, null, 0.5, "a"}, {1003L, 0, 2, -1.0, 0.5, "b"},
      {1004L, 4, 3, 1.0, null, "b"}, {1005L, 4, 4, 0.0, 0.3, null}, {1006L, 1, 5, 1.0, 0.1, "c"}};

  private static double extraOutcome(long id, int t) {
    return 40.0 + 10.0 * t * (id % 3);
  }

  /** sim_panel.csv's rows: id, t, g, cl, w, x1, x2, x3, y. */
  private static List<String[]> simPanel() throws IOException {
    return Files.readAllLines(EstimateJobTest.reference().resolve("sim_panel.csv")).stream().skip(1)
        .map(l -> l.replace("\"", "").split(",")).toList();
  }

  private static void writePanel(SparkSession spark, String warehouse, List<String[]> sim) {
    StructType population = new StructType().add("pid", DataTypes.LongType).add("group_period", DataTypes.IntegerType)
        .add("treatment_period", DataTypes.IntegerType).add("kon", DataTypes.StringType)
        .add("cl", DataTypes.IntegerType).add("w", DataTypes.DoubleType).add("x1", DataTypes.DoubleType)
        .add("x2", DataTypes.StringType);
    StructType months = new StructType().add("pid", DataTypes.LongType).add("month_index", DataTypes.IntegerType)
        .add("group_index", DataTypes.IntegerType).add("y", DataTypes.DoubleType);
    List<Row> persons = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    for (String[] r : sim) {
      int g = Integer.parseInt(r[2]);
      if (r[1].equals("1")) {
        persons.add(RowFactory.create(Long.parseLong(r[0]), g == 0 ? 0 : 1, g == 0 ? null : 201501, "K",
            Integer.parseInt(r[3]), Double.parseDouble(r[4]), Double.parseDouble(r[5]), r[6]));
      }
      rows.add(RowFactory.create(Long.parseLong(r[0]), Integer.parseInt(r[1]), g, Double.parseDouble(r[8])));
    }
    for (Object[] p : EXTRA) {
      int g = (Integer) p[1];
      persons.add(RowFactory.create(p[0], g == 0 ? 0 : 1, g == 0 ? null : 201501, "K", p[2], p[3], p[4], p[5]));
      for (int t = 1; t <= 8; t++) {
        rows.add(RowFactory.create(p[0], t, g, extraOutcome((Long) p[0], t)));
      }
    }
    spark.createDataFrame(persons, population).write().format("delta").save(warehouse + "/panel/population");
    spark.createDataFrame(rows, months).write().format("delta").save(warehouse + "/panel/person_month");
  }

  /**
   * The reference model's data: sim_panel's rows with {@code covariates} (x1; x2 as the dummies x2b, x2c),
   * cluster cl, weight w or 1, and person 1005 (weight 0) when {@code withZeroWeight}.
   */
  private static List<Observation> observations(List<String[]> sim, boolean x2, boolean weighted, boolean withZeroWeight) {
    List<Observation> data = new ArrayList<>();
    for (String[] r : sim) {
      double x1 = Double.parseDouble(r[5]);
      data.add(new Observation(Long.parseLong(r[0]), Integer.parseInt(r[1]), Integer.parseInt(r[2]),
          Long.parseLong(r[3]), weighted ? Double.parseDouble(r[4]) : 1.0,
          x2 ? new double[] {x1, r[6].equals("b") ? 1 : 0, r[6].equals("c") ? 1 : 0} : new double[] {x1},
          Double.parseDouble(r[8])));
    }
    if (withZeroWeight) {
      for (int t = 1; t <= 8; t++) {
        data.add(new Observation(1005L, t, 4, 4L, 0.0, new double[] {0.3}, extraOutcome(1005L, t)));
      }
    }
    return data;
  }

  private static AttGt.Fit model(List<Observation> data, Settings.Method method, boolean clustered, int variables) {
    return AttGt.estimate(data, new Settings(Settings.Comparison.NEVER_TREATED, Settings.BasePeriod.VARYING, 0, method,
        Settings.Unbalanced.DROP_UNITS, clustered, variables));
  }

  /** R's att_gt of a scenario in sim_r_did_attgt.csv: "group,t" to {att, se}. */
  private static Map<String, double[]> r(String scenario) throws IOException {
    Map<String, double[]> cells = new HashMap<>();
    Files.readAllLines(EstimateJobTest.reference().resolve("sim_r_did_attgt.csv")).stream().skip(1)
        .map(l -> l.replace("\"", "").split(",")).filter(r -> r[0].equals(scenario))
        .forEach(r -> cells.put(r[1] + "," + r[2], new double[] {Double.parseDouble(r[3]), Double.parseDouble(r[4])}));
    return cells;
  }

  private static Map<String, Row> byCell(Dataset<Row> attGt, String model) {
    Map<String, Row> cells = new HashMap<>();
    attGt.filter(col("model").equalTo(model)).collectAsList()
        .forEach(r -> cells.put(r.<Integer>getAs("group") + "," + r.<Integer>getAs("t"), r));
    return cells;
  }

  @Test
  void clusterWeightsAndEventWindowTakeEffectAndEveryDropIsCounted(SparkSession spark) throws Exception {
    String warehouse = dir.resolve("wh").toString();
    List<String[]> sim = simPanel();
    writePanel(spark, warehouse, sim);
    Path conf = EstimateConf.months(8).outcomes("y").model("X1", "covariates = [x1]")
        .model("ABADIE", "covariates = [x1, x2]", "est-method = ipw-abadie")
        .set("finsam.estimate.control-group = nevertreated").set("finsam.estimate.cluster = cl")
        .set("finsam.estimate.weights = w")
        .set("finsam.estimate.event-window { min-e = \"-3\", max-e = \"2\", balance-e = \"1\" }")
        .write(dir.resolve("sampling.conf"));
    assertEquals(0, EstimateConf.runner(spark, warehouse).execute(new EstimateJob(),
        new String[] {"--conf", conf.toString(), "--run-id", "sampling"}));
    Dataset<Row> attGt = spark.read().format("delta").load(warehouse + "/results/att_gt");
    Dataset<Row> aggte = spark.read().format("delta").load(warehouse + "/results/aggte");

    // Weights: X1's ATT(g,t) are R's weighted ones on the data without the six (scenario 5), which are
    // not R's unweighted ones (scenario 6, the same call without weights, clustered).
    Map<String, Row> x1 = byCell(attGt, "X1");
    Map<String, double[]> weighted = r("sim_w_nev_dr_x1");
    Map<String, double[]> unweighted = r("sim_cl_nev_dr_x1");
    assertEquals(weighted.keySet(), x1.keySet());
    double fromUnweighted = 0;
    for (Map.Entry<String, double[]> cell : weighted.entrySet()) {
      assertEquals(cell.getValue()[0], x1.get(cell.getKey()).<Double>getAs("att"), 1e-8, "ATT(" + cell.getKey() + ")");
      fromUnweighted = Math.max(fromUnweighted, Math.abs(cell.getValue()[0] - unweighted.get(cell.getKey())[0]));
    }
    assertTrue(fromUnweighted > 1e-3, "the weights change the ATTs: " + fromUnweighted);

    // Clusters: X1's SEs are the reference model's clustered ones on the units X1 used (person 1005 with
    // its zero weight among them), which differ from the unclustered ones.
    AttGt.Fit clustered = model(observations(sim, false, true, true), Settings.Method.DR, true, 1);
    AttGt.Fit perPerson = model(observations(sim, false, true, true), Settings.Method.DR, false, 1);
    double fromPerPerson = 0;
    for (int k = 0; k < clustered.cells().size(); k++) {
      AttGt.Cell c = clustered.cells().get(k);
      Row got = x1.get(c.group() + "," + c.time());
      assertEquals(c.att(), got.<Double>getAs("att"), 1e-9, "model ATT(" + c.group() + "," + c.time() + ")");
      assertEquals(c.se(), got.<Double>getAs("se"), 1e-9 * c.se(), "clustered SE(" + c.group() + "," + c.time() + ")");
      fromPerPerson = Math.max(fromPerPerson, Math.abs(c.se() / perPerson.cells().get(k).se() - 1));
    }
    assertTrue(fromPerPerson > 0.05, "clustering changes the SEs: " + fromPerPerson);

    // The event window (R's min_e = -3, max_e = 2, balance_e = 1): start group 8 has no month after its
    // first, so event times run -3..1 (R caps them at balance_e), and the overall is the mean of e = 0, 1.
    // Simple and group are cut at max_e too, as in R. All as the reference model aggregates the same fit.
    Dataset<Row> x1Aggte = aggte.filter(col("model").equalTo("X1"));
    Aggte.Result dynamic = Aggte.aggregate(clustered, Aggte.Type.DYNAMIC, -3, 2, 1);
    List<Row> events = x1Aggte.filter(col("type").equalTo("dynamic").and(col("egt").isNotNull())).orderBy("egt")
        .collectAsList();
    assertEquals(List.of(-3, -2, -1, 0, 1), events.stream().map(r -> r.<Integer>getAs("egt")).toList());
    for (int i = 0; i < events.size(); i++) {
      Aggte.Estimate e = dynamic.elements().get(i);
      assertEquals(e.label(), (int) events.get(i).<Integer>getAs("egt"));
      assertEquals(e.att(), events.get(i).<Double>getAs("att"), 1e-9, "e = " + e.label());
      assertEquals(e.se(), events.get(i).<Double>getAs("se"), 1e-9 * e.se(), "e = " + e.label());
    }
    Row overall = x1Aggte.filter(col("type").equalTo("dynamic").and(col("egt").isNull())).first();
    assertEquals((events.get(3).<Double>getAs("att") + events.get(4).<Double>getAs("att")) / 2, overall.<Double>getAs("att"),
        1e-12);
    assertEquals(dynamic.overall().se(), overall.<Double>getAs("se"), 1e-9 * dynamic.overall().se());
    for (Aggte.Type type : List.of(Aggte.Type.SIMPLE, Aggte.Type.GROUP)) {
      Aggte.Estimate want = Aggte.aggregate(clustered, type, -3, 2, 1).overall();
      Row got = x1Aggte.filter(col("type").equalTo(type.name().toLowerCase(java.util.Locale.ROOT))
          .and(col("egt").isNull())).first();
      assertEquals(want.att(), got.<Double>getAs("att"), 1e-9, type.name());
      assertEquals(want.se(), got.<Double>getAs("se"), 1e-9 * want.se(), type.name());
    }

    // Stata's ipw (Abadie, unnormalised weights): ABADIE is the reference model's ipw_did_panel per cell on
    // the 600 persons (1005 lacks x2), weighted and clustered, and is not the normalised ipw (stdipw).
    Map<String, Row> abadie = byCell(attGt, "ABADIE");
    AttGt.Fit want = model(observations(sim, true, true, false), Settings.Method.IPW_ABADIE, true, 2);
    AttGt.Fit std = model(observations(sim, true, true, false), Settings.Method.IPW, true, 2);
    assertEquals(want.cells().size(), abadie.size());
    double fromStd = 0;
    for (int k = 0; k < want.cells().size(); k++) {
      AttGt.Cell c = want.cells().get(k);
      Row got = abadie.get(c.group() + "," + c.time());
      assertEquals(c.att(), got.<Double>getAs("att"), 1e-9, "ipw-abadie ATT(" + c.group() + "," + c.time() + ")");
      assertEquals(c.se(), got.<Double>getAs("se"), 1e-9 * c.se(), "ipw-abadie SE(" + c.group() + "," + c.time() + ")");
      fromStd = Math.max(fromStd, Math.abs(c.att() - std.cells().get(k).att()));
    }
    assertTrue(fromStd > 1e-4, "ipw-abadie is not stdipw here: " + fromStd);

    // Who was used and why the others were dropped, each under the first rule it fails.
    Dataset<Row> samples = spark.read().format("delta").load(warehouse + "/results/sample");
    String cluster = DropRules.noCluster("cl") + ": 1";
    String weight = DropRules.noWeight("w") + ": 2";
    String first = DropRules.treatedFirst() + ": 1";
    String outcome = DropRules.outcome(UnbalancedPanel.PAIRS) + ": 0";
    Row x1Sample = samples.filter(col("model").equalTo("X1")).first();
    assertEquals(List.of(606L, 601L, 5L), List.of(x1Sample.<Long>getAs("persons"), x1Sample.<Long>getAs("persons_used"),
        x1Sample.<Long>getAs("persons_dropped")));
    assertEquals(List.of(cluster, weight, DropRules.noCovariate("x1") + ": 1", first, outcome),
        EstimateJobTest.drops(x1Sample));
    Row abadieSample = samples.filter(col("model").equalTo("ABADIE")).first();
    assertEquals(List.of(606L, 600L, 6L), List.of(abadieSample.<Long>getAs("persons"),
        abadieSample.<Long>getAs("persons_used"), abadieSample.<Long>getAs("persons_dropped")));
    assertEquals(List.of(cluster, weight, DropRules.noCovariate("x1") + ": 1", DropRules.noCovariate("x2") + ": 1", first,
        outcome), EstimateJobTest.drops(abadieSample));
    // The effect rows count the persons the estimator used.
    assertEquals(601L, (long) overall.<Long>getAs("n_persons"));
  }
}
