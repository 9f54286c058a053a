package se.finsam.did;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import se.finsam.jobs.SparkJobGroups;
import se.finsam.spark.JobGroups;
import se.finsam.spark.SharedSpark;

/** What the estimator's Spark jobs are called, and lineage truncation to a reliable checkpoint directory. */
@ExtendWith(SharedSpark.class)
class SparkUnitsClusterTest {
  @TempDir Path dir;

  /** 60 units over 4 periods, cohorts 0 and 3, outcomes a pure function of unit and period. */
  private static List<UnitRecord> units() {
    List<UnitRecord> units = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      int group = i % 3 == 0 ? 3 : 0;
      double[] y = new double[4];
      for (int t = 0; t < 4; t++) {
        y[t] = Math.sin(i * 1.7 + t) + 0.1 * t + (group > 0 && t >= 2 ? 0.5 : 0);
      }
      units.add(new UnitRecord(i, group, 1.0, new double[] {1.0}, y));
    }
    return units;
  }

  private static final EstimateSettings SETTINGS = EstimateSettings.builder().build();
  private static final int[] PERIODS = {1, 2, 3, 4};

  @Test
  void unitsCheckpointedReliablyGiveTheSameEstimates(SparkSession spark) throws Exception {
    SparkContext sc = spark.sparkContext();
    StaggeredDid.Result local = StaggeredDid.estimate(new LocalUnits(units()), PERIODS, SETTINGS);
    try {
      sc.setCheckpointDir(dir.resolve("checkpoints").toString());
      var rdd = JavaSparkContext.fromSparkContext(sc).parallelize(units(), 3);
      StaggeredDid.Result spread = StaggeredDid.estimate(SparkUnits.oneUnitPerCluster(rdd), PERIODS, SETTINGS);
      for (int k = 0; k < local.attGt().effects().size(); k++) {
        assertEquals(local.attGt().effects().get(k).att(), spread.attGt().effects().get(k).att(), 1e-12);
      }
      try (var files = Files.walk(dir.resolve("checkpoints"))) {
        assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("part-")),
            "the transformed units were written to the checkpoint directory");
      }
    } finally {
      sc.checkpointDir_$eq(scala.Option.empty());
    }
    assertFalse(sc.getCheckpointDir().isDefined());
  }

  @Test
  void everyJobOfAnEstimateSaysWhatItIs(SparkSession spark) throws Exception {
    SparkContext sc = spark.sparkContext();
    List<String> jobs = SparkJobGroups.during(spark, () -> {
      JobGroups.enter(sc, "estimate/M1/y", "estimate y under M1");
      try {
        StaggeredDid.estimate(SparkUnits.oneUnitPerCluster(JavaSparkContext.fromSparkContext(sc).parallelize(units(), 2)),
            PERIODS, SETTINGS);
      } finally {
        JobGroups.leave(sc);
      }
    });
    assertFalse(jobs.isEmpty());
    assertTrue(jobs.stream().allMatch(j -> j.startsWith("estimate/M1/y | estimate y under M1 - ")), jobs.toString());
    assertTrue(jobs.stream().anyMatch(j -> j.contains("pass: sums of")), jobs.toString());
  }
}
