package se.finsam.estimate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import se.finsam.config.ConfigLoader;
import se.finsam.jobs.JobRunner;
import se.finsam.spark.SharedSpark;

/**
 * The estimate step on a panel laid out like panel/population and panel/person_month, built from R
 * did's mpdta (each year one "month"), must give R's not-yet-treated doubly robust results; a second
 * outcome (twice lemp), estimated side by side with it, gets exactly twice its effects.
 */
@ExtendWith(SharedSpark.class)
class EstimateJobTest {
  @TempDir Path dir;

  private static Path reference() {
    String shared = System.getProperty("finsam.shared.dir");
    return (shared != null ? Path.of(shared) : Path.of("../../shared")).resolve("reference");
  }

  private static List<String[]> csv(String name, String scenario) throws IOException {
    return Files.readAllLines(reference().resolve(name)).stream().skip(1)
        .map(l -> l.replace("\"", "").split(",")).filter(r -> r[0].equals(scenario)).toList();
  }

  @Test
  void mpdtaAsAPanelGivesRsNotYetTreatedEstimates(SparkSession spark) throws Exception {
    String warehouse = dir.resolve("wh").toString();
    Dataset<Row> mpdta = spark.read().option("header", "true").option("inferSchema", "true")
        .csv(reference().resolve("mpdta.csv").toString());
    // Year 2003 is month_index 1; group_index is the first treated year's index, 0 for never treated.
    Dataset<Row> months = mpdta.select(col("countyreal").cast("long").as("pid"),
        col("year").minus(2002).as("month_index"),
        when(col("`first.treat`").equalTo(0), lit(0)).otherwise(col("`first.treat`").minus(2002)).as("group_index"),
        col("lemp"), col("lemp").multiply(2).as("lemp2"));
    months.write().format("delta").save(warehouse + "/panel/person_month");
    mpdta.filter(col("year").equalTo(2003)).select(col("countyreal").cast("long").as("pid"),
        when(col("`first.treat`").equalTo(0), lit(0)).otherwise(lit(1)).as("group_period"),
        when(col("`first.treat`").equalTo(0), lit(null).cast("int")).otherwise(lit(201502)).as("treatment_period"),
        lit("K").as("kon"))
        .write().format("delta").save(warehouse + "/panel/population");
    Path conf = Files.writeString(dir.resolve("mpdta.conf"), String.join("\n",
        "finsam.outcomes = [{ name = lemp, family = 1, label = lemp, first-period = 201501 },",
        "  { name = lemp2, family = 1, label = lemp2, first-period = 201501 }]",
        "finsam.estimate.parallel-outcomes = 2",
        "finsam.panel { from = 201501, to = 201505 }",
        "finsam.estimate.pre-period { from = 201501, to = 201501 }",
        "finsam.estimate.only-models = M1",
        "finsam.estimate.models = [{ code = M1, label = M1, from = 201501, to = 201505, covariates = [], kon = \"\" }]"));

    int code = new JobRunner(new ConfigLoader(Map.of("FINSAM_WAREHOUSE", warehouse), getClass().getClassLoader()),
        c -> spark, System.out, System.err).execute(new EstimateJob(),
            new String[] {"--conf", conf.toString(), "--run-id", "mpdta"});
    assertEquals(0, code);

    Dataset<Row> both = spark.read().format("delta").load(warehouse + "/results/att_gt");
    Dataset<Row> attGt = both.filter(col("outcome").equalTo("lemp"));
    Dataset<Row> doubled = both.filter(col("outcome").equalTo("lemp2"));
    List<String[]> expected = csv("mpdta_r_did_attgt.csv", "mpdta_nyt_dr");
    assertEquals(expected.size(), attGt.count());
    for (String[] r : expected) {
      Row got = attGt.filter(col("group").equalTo(Integer.parseInt(r[1]) - 2002)
          .and(col("t").equalTo(Integer.parseInt(r[2]) - 2002))).first();
      assertEquals(Double.parseDouble(r[3]), got.<Double>getAs("att"), 1e-8, "att " + r[1] + "," + r[2]);
      assertEquals(Double.parseDouble(r[4]), got.<Double>getAs("se"), Double.parseDouble(r[4]) * 0.01);
      assertEquals(got.<Integer>getAs("t") - got.<Integer>getAs("group"), got.<Integer>getAs("event_time"));
      Row twice = doubled.filter(col("group").equalTo(got.<Integer>getAs("group"))
          .and(col("t").equalTo(got.<Integer>getAs("t")))).first();
      assertEquals(2 * got.<Double>getAs("att"), twice.<Double>getAs("att"), 1e-12);
      assertEquals(2 * got.<Double>getAs("se"), twice.<Double>getAs("se"), 1e-12);
    }
    assertEquals(expected.size(), doubled.count());

    Dataset<Row> aggte = spark.read().format("delta").load(warehouse + "/results/aggte").filter(col("outcome").equalTo("lemp"));
    for (String[] r : csv("mpdta_r_did_aggte.csv", "mpdta_nyt_dr")) {
      Row overall = aggte.filter(col("type").equalTo(r[1]).and(col("egt").isNull())).first();
      assertEquals(Double.parseDouble(r[5]), overall.<Double>getAs("att"), 1e-8, r[1]);
      assertEquals(Double.parseDouble(r[6]), overall.<Double>getAs("se"), Double.parseDouble(r[6]) * 0.01, r[1]);
      assertEquals(2500L, (long) overall.<Long>getAs("n_obs"), "500 counties x 5 years");
      assertEquals(500L, (long) overall.<Long>getAs("n_persons"));
    }
    assertTrue(aggte.filter(col("type").equalTo("post_average")).count() == 1);
    Row pretest = spark.read().format("delta").load(warehouse + "/results/pretest").filter(col("outcome").equalTo("lemp")).first();
    assertEquals(Double.parseDouble(csv("mpdta_r_did_pretest.csv", "mpdta_nyt_dr").get(0)[1]),
        pretest.<Double>getAs("W"), 1e-6);
  }
}
