package se.finsam.explore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import se.finsam.warehouse.Warehouse;
import se.finsam.warehouse.Zone;

/**
 * The warehouse's Delta tables as SQL views: every folder with a {@code _delta_log} under the chosen
 * zones becomes {@code <zone>_<path>} ({@code curated/midas_ersattning} is {@code curated_midas_ersattning},
 * {@code results/disclosure/R} is {@code results_disclosure_r}), the audit table {@code audit}.
 */
public final class WarehouseViews {
  /** Tables nest at most this deep below a zone (results/disclosure/<run id> is two). */
  private static final int MAX_DEPTH = 3;
  public static final String AUDIT_VIEW = "audit";

  public record View(String name, String location) {}

  private WarehouseViews() {}

  /** Finds the tables and registers each as a temporary view of {@code spark}, in zone order. */
  public static List<View> register(SparkSession spark, Warehouse warehouse, List<Zone> zones) {
    List<View> views = find(warehouse, zones, spark.sparkContext().hadoopConfiguration());
    for (View v : views) {
      spark.read().format("delta").load(v.location()).createOrReplaceTempView(v.name());
    }
    return views;
  }

  static List<View> find(Warehouse warehouse, List<Zone> zones, Configuration hadoop) {
    List<View> views = new ArrayList<>();
    for (Zone zone : zones) {
      collect(new Path(warehouse.zone(zone)), zone.dirName(), 1, hadoop, views);
    }
    if (isTable(new Path(warehouse.audit()), hadoop)) {
      views.add(new View(AUDIT_VIEW, warehouse.audit()));
    }
    List<String> names = views.stream().map(View::name).toList();
    for (String name : names) {
      if (names.indexOf(name) != names.lastIndexOf(name)) {
        throw new IllegalStateException("two tables would both be the view " + name + ": "
            + views.stream().filter(v -> v.name().equals(name)).map(View::location).toList());
      }
    }
    return views;
  }

  private static void collect(Path dir, String name, int depth, Configuration hadoop, List<View> views) {
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      if (!fs.exists(dir)) {
        return;
      }
      FileStatus[] children = fs.listStatus(dir);
      java.util.Arrays.sort(children);
      for (FileStatus child : children) {
        String childName = child.getPath().getName();
        if (!child.isDirectory() || childName.startsWith("_") || childName.startsWith(".")) {
          continue;
        }
        String viewName = name + "_" + childName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (isTable(child.getPath(), hadoop)) {
          views.add(new View(viewName, child.getPath().toString()));
        } else if (depth < MAX_DEPTH) {
          collect(child.getPath(), viewName, depth + 1, hadoop, views);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static boolean isTable(Path dir, Configuration hadoop) {
    try {
      return dir.getFileSystem(hadoop).exists(new Path(dir, "_delta_log"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir, e);
    }
  }
}
