package se.finsam.spark;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving every test class of a JVM the same local SparkSession with Delta Lake
 * configured (spark-testing-base's own base classes are JUnit 4). Use with
 * {@code @ExtendWith(SharedSpark.class)} and take a {@link SparkSession} parameter, or call {@link #session()}.
 * The session lives until the JVM exits.
 */
public final class SharedSpark implements ParameterResolver {
  private static SparkSession session;

  public static synchronized SparkSession session() {
    if (session == null) {
      try {
        Path scratch = Files.createTempDirectory("finsam-spark-");
        // The jobs' own settings (common reference.conf: Delta, time zone, codegen limit, ...), then the test's.
        session = SparkSession.builder()
            .config(Sessions.defaults())
            .master("local[2]")
            .appName("finsam-tests")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.default.parallelism", "4")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "localhost")
            .config("spark.sql.warehouse.dir", scratch.resolve("spark-warehouse").toString())
            .config("spark.databricks.delta.snapshotPartitions", "2")
            .getOrCreate();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return session;
  }

  /**
   * spark-testing-base's DataFrame equality (schema and rows in order; doubles within {@code tol}),
   * used without its JUnit 4 lifecycle.
   */
  public static void assertDataFrameEquals(Dataset<Row> expected, Dataset<Row> actual, double tol) {
    new JavaDataFrameSuiteBase().assertDataFrameApproximateEquals(expected, actual, tol);
  }

  /** As {@link #assertDataFrameEquals} but ignoring row order. */
  public static void assertDataFrameNoOrderEquals(Dataset<Row> expected, Dataset<Row> actual) {
    new JavaDataFrameSuiteBase().assertDataFrameNoOrderEquals(expected, actual);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SparkSession.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return session();
  }
}
