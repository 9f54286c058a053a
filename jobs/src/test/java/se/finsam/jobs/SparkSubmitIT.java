package se.finsam.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import se.finsam.spark.SharedSpark;
import se.finsam.warehouse.AuditLog;
import se.finsam.warehouse.Warehouse;

/**
 * Runs a job from the shaded jar through {@code org.apache.spark.deploy.SparkSubmit} (the class the
 * spark-submit script runs), with Spark's own jars from Maven on the classpath, the way a cluster does.
 */
@ExtendWith(SharedSpark.class)
class SparkSubmitIT {
  @TempDir Path dir;

  /** Runs SparkSubmit in a child JVM and returns its exit code; output goes to {@code log}. */
  static int sparkSubmit(Path log, String... submitArgs) throws Exception {
    String jar = System.getProperty("finsam.jobs.jar");
    String sparkClasspath = Files.readString(Path.of(System.getProperty("finsam.spark.classpath"))).trim();
    assertTrue(new File(jar).isFile(), "shaded jar missing: " + jar);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.addAll(Arrays.asList(System.getProperty("finsam.jvm.opens", "").split(" ")));
    command.addAll(List.of("-cp", sparkClasspath, "org.apache.spark.deploy.SparkSubmit"));
    command.addAll(Arrays.asList(submitArgs).subList(0, submitArgs.length - 1));
    command.add(jar);
    command.addAll(Arrays.asList(submitArgs[submitArgs.length - 1].split(" ")));
    command.removeIf(String::isEmpty);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), "spark-submit timed out");
    return process.exitValue();
  }

  @Test
  void aJobRunsUnchangedUnderSparkSubmitFromTheShadedJar(SparkSession spark) throws Exception {
    Path warehouse = dir.resolve("wh");
    Path log = dir.resolve("submit.log");
    int code = sparkSubmit(log, "--master", "local[2]", "--class", "se.finsam.cli.InitJob",
        "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=localhost",
        "--profile cluster --warehouse " + warehouse);
    String output = Files.readString(log);
    assertEquals(0, code, output);
    assertTrue(output.contains("finsam.profile = \"cluster\""), output);

    List<Row> audit = new AuditLog(spark, Warehouse.at(warehouse.toString())).read().collectAsList();
    assertEquals(1, audit.size());
    assertEquals("init", audit.get(0).getAs("job"));
    assertEquals("SUCCEEDED", audit.get(0).getAs("status"));
  }

  @Test
  void aWrongOptionUnderSparkSubmitExitsWithTwo() throws Exception {
    Path log = dir.resolve("submit.log");
    int code = sparkSubmit(log, "--master", "local[1]", "--class", "se.finsam.cli.InitJob", "--nonsense 1");
    assertEquals(2, code, Files.readString(log));
    assertTrue(Files.readString(log).contains("unknown option --nonsense"));
  }
}
