package se.finsam.jobs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;

/** The "group | description" of every Spark job that a piece of driver code starts, for the job-group tests. */
public final class SparkJobGroups {
  private SparkJobGroups() {}

  /** Callable that may throw, as a job's run does. */
  public interface Action {
    void run() throws Exception;
  }

  public static List<String> during(SparkSession spark, Action action) throws Exception {
    SparkContext sc = spark.sparkContext();
    List<String> jobs = Collections.synchronizedList(new ArrayList<>());
    SparkListener listener = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart start) {
        jobs.add(start.properties().getProperty("spark.jobGroup.id") + " | "
            + start.properties().getProperty("spark.job.description"));
      }
    };
    sc.addSparkListener(listener);
    try {
      action.run();
      sc.listenerBus().waitUntilEmpty();
    } finally {
      sc.removeSparkListener(listener);
    }
    return List.copyOf(jobs);
  }
}
