package se.finsam.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/**
 * SQL settings changed for one piece of work and put back after it. A job that tunes the session for its
 * own write or cache must not leave the tuning to the jobs after it in a chain, which share the session.
 */
public final class SessionSettings {
  private SessionSettings() {}

  /**
   * Runs {@code work} with {@code settings} set on the session; after it, even when it throws, each key has
   * its earlier value again, or none if it had none.
   */
  public static void during(SparkSession spark, Map<String, String> settings, Runnable work) {
    RuntimeConfig conf = spark.conf();
    Map<String, Option<String>> before = new LinkedHashMap<>();
    try {
      settings.forEach((key, value) -> {
        before.put(key, conf.getOption(key));
        conf.set(key, value);
      });
      work.run();
    } finally {
      before.forEach((key, value) -> {
        if (value.isDefined()) {
          conf.set(key, value.get());
        } else {
          conf.unset(key);
        }
      });
    }
  }
}
