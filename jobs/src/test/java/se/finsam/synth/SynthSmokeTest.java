package se.finsam.synth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.finsam.spark.SharedSpark;

@ExtendWith(SharedSpark.class)
class SynthSmokeTest {
  @Test
  void smoke(SparkSession spark) throws Exception {
    Path out = Files.createTempDirectory("synth-smoke");
    SynthSettings s = SynthTestSupport.settings(Map.of("finsam.synth.flaw-rate", 0.003));
    long t0 = System.nanoTime();
    SynthJob.generate(spark, s, out.toString(), (what, rows) -> System.out.println("WROTE " + what + " " + rows));
    System.out.println("took " + (System.nanoTime() - t0) / 1e9);
    System.out.println(Files.readString(out.resolve("midas_ersattning/midas_ersattning-2010-01_2024-04-v1/_manifest.json")));
    spark.read().option("header", "true").csv(out.resolve("_truth/att_overall").toString()).show(50, false);
  }
}
