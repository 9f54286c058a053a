package se.finsam.spark;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one way finsam gets a SparkSession: Delta Lake's SQL extension and catalog always on, the
 * {@code finsam.spark.conf} block applied, and the master taken from configuration only when nobody
 * else (spark-submit, a test) has set it.
 */
public final class Sessions {
  public static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
  public static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";

  private Sessions() {}

  public static SparkSession getOrCreate(Config config, String appName) {
    SparkConf conf = conf(config);
    if (!conf.contains("spark.master") && config.hasPath("finsam.spark.master")) {
      conf.setMaster(config.getString("finsam.spark.master"));
    }
    conf.setIfMissing("spark.app.name", appName);
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /**
   * {@link #conf(Config)} of the defaults ({@code reference.conf}), for sessions built outside a job
   * (tests). No Config in the signature: the shaded jar relocates Typesafe Config.
   */
  public static SparkConf defaults() {
    return conf(com.typesafe.config.ConfigFactory.defaultReference());
  }

  /** Spark settings every finsam session has: Delta's extension and catalog and the {@code finsam.spark.conf} block. */
  public static SparkConf conf(Config config) {
    SparkConf conf = new SparkConf();
    conf.set("spark.sql.extensions", DELTA_EXTENSION);
    conf.set("spark.sql.catalog.spark_catalog", DELTA_CATALOG);
    if (config.hasPath("finsam.spark.conf")) {
      for (Map.Entry<String, ConfigValue> e : config.getConfig("finsam.spark.conf").entrySet()) {
        conf.set(unquote(e.getKey()), String.valueOf(e.getValue().unwrapped()));
      }
    }
    return conf;
  }

  private static String unquote(String key) {
    return key.replace("\"", "");
  }
}
