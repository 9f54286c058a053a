package se.finsam.spark;

import org.apache.spark.SparkContext;

/**
 * Names what Spark runs, so the Spark UI and event log read as the work (outcome, model, pass), not as
 * a list of anonymous treeAggregates. Spark keeps job groups and descriptions per thread, so outcomes
 * estimated side by side in a pool each carry their own.
 */
public final class JobGroups {
  /** The current thread's description of its unit of work, the prefix of every job it starts. */
  private static final String WORK = "finsam.work";

  private JobGroups() {}

  /** Starts a unit of work on this thread: its jobs are in group {@code id}, described by {@code work}. */
  public static void enter(SparkContext sc, String id, String work) {
    sc.setJobGroup(id, work, false);
    sc.setLocalProperty(WORK, work);
  }

  /** Ends this thread's unit of work: its next jobs are in no group, undescribed. */
  public static void leave(SparkContext sc) {
    sc.clearJobGroup();
    sc.setLocalProperty(WORK, null);
  }

  /** Describes the next jobs of this thread's unit of work, e.g. "pass: sums of 42 statistics". */
  public static void step(SparkContext sc, String step) {
    String work = sc.getLocalProperty(WORK);
    sc.setJobDescription(work == null ? step : work + " - " + step);
  }
}
