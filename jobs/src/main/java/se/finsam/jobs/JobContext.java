package se.finsam.jobs;

import com.typesafe.config.Config;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import se.finsam.warehouse.Warehouse;

/**
 * Everything a job needs: its effective configuration, the session, the warehouse and its metrics. The
 * session is started on the first call of {@link #spark()}, so a job that reads and writes only in the
 * driver (the generic did on a small CSV) runs without one.
 */
public final class JobContext {
  private final String runId;
  private final Config config;
  private final Supplier<SparkSession> sessions;
  private final Warehouse warehouse;
  private final JobMetrics metrics;
  private SparkSession spark;

  public JobContext(String runId, Config config, SparkSession spark, Warehouse warehouse, JobMetrics metrics) {
    this(runId, config, () -> spark, warehouse, metrics);
  }

  /** A context whose session {@code sessions} starts when the job first asks for it. */
  public static JobContext withLazySession(String runId, Config config, Supplier<SparkSession> sessions,
                                           Warehouse warehouse, JobMetrics metrics) {
    return new JobContext(runId, config, sessions, warehouse, metrics);
  }

  private JobContext(String runId, Config config, Supplier<SparkSession> sessions, Warehouse warehouse,
                     JobMetrics metrics) {
    this.runId = runId;
    this.config = config;
    this.sessions = sessions;
    this.warehouse = warehouse;
    this.metrics = metrics;
  }

  public String runId() {
    return runId;
  }

  public Config config() {
    return config;
  }

  /** The session, started now if this is the first call. */
  public synchronized SparkSession spark() {
    if (spark == null) {
      spark = sessions.get();
    }
    return spark;
  }

  /** Whether {@link #spark()} has been called. */
  public synchronized boolean sparkStarted() {
    return spark != null;
  }

  public Warehouse warehouse() {
    return warehouse;
  }

  public JobMetrics metrics() {
    return metrics;
  }

  /**
   * The Hadoop settings for file system access: the session's once it runs, otherwise Hadoop's defaults
   * with the {@code spark.hadoop.*} keys of {@code finsam.spark.conf} (as Spark would copy them), so that a
   * driver-only job does not start a session for its files.
   */
  public synchronized Configuration hadoop() {
    return spark != null ? spark.sparkContext().hadoopConfiguration() : hadoop(config);
  }

  static Configuration hadoop(Config config) {
    Configuration hadoop = new Configuration();
    if (config.hasPath("finsam.spark.conf")) {
      for (Map.Entry<String, com.typesafe.config.ConfigValue> e : config.getConfig("finsam.spark.conf").entrySet()) {
        String key = e.getKey().replace("\"", "");
        if (key.startsWith("spark.hadoop.")) {
          hadoop.set(key.substring("spark.hadoop.".length()), String.valueOf(e.getValue().unwrapped()));
        }
      }
    }
    return hadoop;
  }
}
