package se.finsam.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import se.finsam.cli.InitJob;
import se.finsam.config.ConfigLoader;
import se.finsam.spark.SharedSpark;
import se.finsam.warehouse.AuditLog;
import se.finsam.warehouse.PendingAudit;
import se.finsam.warehouse.Warehouse;

@ExtendWith(SharedSpark.class)
class JobRunnerTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private JobRunner runner(Map<String, String> env) {
    return new JobRunner(new ConfigLoader(env, getClass().getClassLoader()), c -> SharedSpark.session(),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static final class FailingJob implements Job {
    @Override public String name() { return "failing"; }
    @Override public String summary() { return "fails on purpose"; }
    @Override public List<JobOption> options() {
      return List.of(JobOption.required("input", "finsam.failing.input", "an input"),
          JobOption.flag("loud", "finsam.failing.loud", "a flag"));
    }
    @Override public void run(JobContext context) {
      context.metrics().read("input", 3);
      throw new IllegalStateException("broken input " + context.config().getString("finsam.failing.input"));
    }
  }

  @Test
  void unknownOptionExitsWithTwoAndNamesIt() {
    assertEquals(JobRunner.USAGE, runner(Map.of()).execute(new InitJob(), new String[] {"--bogus", "1"}));
    assertTrue(err.toString().contains("unknown option --bogus"), err.toString());
  }

  @Test
  void missingRequiredOptionAndMissingValueExitWithTwo() {
    assertEquals(JobRunner.USAGE, runner(Map.of()).execute(new FailingJob(), new String[] {}));
    assertTrue(err.toString().contains("missing required option --input"), err.toString());
    assertEquals(JobRunner.USAGE, runner(Map.of()).execute(new FailingJob(), new String[] {"--input"}));
    assertTrue(err.toString().contains("option --input needs a value"), err.toString());
  }

  @Test
  void helpListsOptionsWithEffectiveDefaults() {
    int code = runner(Map.of("FINSAM_WAREHOUSE", "/data/wh")).execute(new InitJob(), new String[] {"--help"});
    assertEquals(JobRunner.OK, code);
    String help = out.toString();
    assertTrue(help.contains("--warehouse VALUE"), help);
    assertTrue(help.contains("(default: \"/data/wh\")"), help);
    assertTrue(help.contains("--profile"), help);
  }

  @Test
  void successfulAndFailedRunsAreAuditedAndSecretsStayOutOfTheLog(SparkSession spark) {
    StringWriter log = new StringWriter();
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    WriterAppender appender = WriterAppender.newBuilder().setName("capture").setTarget(log)
        .setLayout(PatternLayout.newBuilder().withPattern("%m%n").build()).build();
    appender.start();
    context.getConfiguration().getRootLogger().addAppender(appender, org.apache.logging.log4j.Level.INFO, null);
    context.getConfiguration().getLoggerConfig("se.finsam").addAppender(appender, org.apache.logging.log4j.Level.INFO, null);
    context.updateLoggers();
    String warehouse = dir.resolve("wh").toString();
    Map<String, String> env = Map.of("FINSAM_WAREHOUSE", warehouse, "FINSAM_OBJECTSTORE_SECRET", "s3cr3t-value-xyz");
    try {
      assertEquals(JobRunner.OK, runner(env).execute(new InitJob(), new String[] {}));
      assertEquals(JobRunner.FAILED, runner(env).execute(new FailingJob(), new String[] {"--input", "x.csv", "--loud"}));
    } finally {
      context.getConfiguration().getRootLogger().removeAppender("capture");
      context.getConfiguration().getLoggerConfig("se.finsam").removeAppender("capture");
      context.updateLoggers();
    }
    String logged = log.toString();
    assertTrue(logged.contains("finsam.objectstore.secret = <redacted>"), logged);
    assertFalse(logged.contains("s3cr3t-value-xyz"), "a secret reached the log");
    assertTrue(logged.contains("failing run") && logged.contains("broken input x.csv"), logged);
    assertTrue(err.toString().contains("finsam failing failed: IllegalStateException: broken input x.csv"));

    // The failing job started no session: its row waits beside the table until the next run with one folds it in.
    Path pending = dir.resolve("wh").resolve(PendingAudit.FOLDER);
    assertEquals(1, pending.toFile().list((d, name) -> name.endsWith(".properties")).length);
    assertEquals(1L, new AuditLog(spark, Warehouse.at(warehouse)).read().count());
    assertEquals(JobRunner.OK, runner(env).execute(new InitJob(), new String[] {}));
    assertEquals(0, pending.toFile().list((d, name) -> name.endsWith(".properties")).length);
    List<Row> audit = new AuditLog(spark, Warehouse.at(warehouse)).read().orderBy("started_at").collectAsList();
    assertEquals(3, audit.size());
    assertEquals("init", audit.get(0).getAs("job"));
    assertEquals("SUCCEEDED", audit.get(0).getAs("status"));
    assertEquals("failing", audit.get(1).getAs("job"));
    assertEquals("FAILED", audit.get(1).getAs("status"));
    assertEquals(3L, (long) audit.get(1).getAs("rows_in"));
    assertTrue(((String) audit.get(1).getAs("details")).contains("broken input x.csv"));
    assertEquals("init", audit.get(2).getAs("job"));
    for (String zone : List.of("raw", "curated", "quarantine", "panel", "results", "reports")) {
      assertTrue(dir.resolve("wh").resolve(zone).toFile().isDirectory(), zone);
    }
  }
}
