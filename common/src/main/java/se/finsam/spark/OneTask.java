package se.finsam.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * Work over every element of an RDD in one task: the partitions are coalesced, without a shuffle, into the
 * task of one executor, which holds them as a list, and only the work's results come back to the driver.
 * For data small enough for one executor's heap, where a Spark job per step would cost more in scheduling
 * than the step itself; the elements themselves never reach the driver.
 */
public final class OneTask {
  private OneTask() {}

  /** What the task does with every element; it returns results, never the elements. */
  public interface Work<T, R> extends Serializable {
    List<R> run(List<T> all) throws Exception;
  }

  /** Runs {@code work} as one Spark job of one task; an RDD without partitions gives no results. */
  public static <T, R> List<R> run(JavaRDD<T> rdd, Work<T, R> work) {
    return rdd.coalesce(1).mapPartitions(it -> {
      List<T> all = new ArrayList<>();
      it.forEachRemaining(all::add);
      return work.run(all).iterator();
    }).collect();
  }
}
