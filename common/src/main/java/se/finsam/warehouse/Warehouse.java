package se.finsam.warehouse;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The warehouse root and its zones. A local folder by default; any Hadoop file system URI
 * ({@code hdfs://}, {@code s3a://}, {@code abfss://}) on a cluster. Paths are strings so that
 * DataFrame readers and writers take them unchanged.
 */
public final class Warehouse {
  public static final String AUDIT_TABLE = "audit";

  private final String root;

  private Warehouse(String root) {
    this.root = stripTrailingSlash(root);
  }

  public static Warehouse at(String root) {
    String normalised = URI.create(root.replace(" ", "%20")).getScheme() == null
        ? new java.io.File(root).getAbsoluteFile().toURI().toString()
        : root;
    return new Warehouse(normalised);
  }

  public static Warehouse fromConfig(Config config) {
    return at(config.getString("finsam.warehouse"));
  }

  public String root() {
    return root;
  }

  public String zone(Zone zone) {
    return root + "/" + zone.dirName();
  }

  /** Location of a table (or folder) inside a zone, e.g. {@code table(CURATED, "midas_ersattning")}. */
  public String table(Zone zone, String name) {
    return zone(zone) + "/" + name;
  }

  public String audit() {
    return root + "/" + AUDIT_TABLE;
  }

  /** Creates the root and every zone folder; harmless when they exist. */
  public void createZones(Configuration hadoop) {
    for (Zone zone : Zone.values()) {
      Path path = new Path(zone(zone));
      try {
        path.getFileSystem(hadoop).mkdirs(path);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create warehouse zone " + path, e);
      }
    }
  }

  public boolean exists(String location, Configuration hadoop) {
    Path path = new Path(location);
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      return fs.exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /** True when some file under {@code dir} (recursively) has a name ending with {@code suffix}. */
  public boolean hasFile(String dir, String suffix, Configuration hadoop) {
    Path path = new Path(dir);
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      return fs.exists(path) && !filesNamed(fs, path, suffix, 1).isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + path, e);
    }
  }

  /**
   * The first {@code most} files under {@code dir} (recursively) whose names end with {@code suffix}, by
   * {@code listStatus}: {@code listFiles} gives located statuses, which read every file's permission, on the
   * local file system without Hadoop's native library by an {@code ls -ld} process per file (raw/ holds every
   * delivery's data files). The walk stops at the {@code most}-th, so a check for one lists no more folders
   * than it needs (on an object store each folder is a request).
   */
  static List<Path> filesNamed(FileSystem fs, Path dir, String suffix, int most) throws IOException {
    List<Path> found = new ArrayList<>();
    collect(fs, dir, suffix, most, found);
    return found;
  }

  private static void collect(FileSystem fs, Path dir, String suffix, int most, List<Path> found) throws IOException {
    for (FileStatus status : fs.listStatus(dir)) {
      if (found.size() >= most) {
        return;
      }
      if (status.isDirectory()) {
        collect(fs, status.getPath(), suffix, most, found);
      } else if (status.getPath().getName().endsWith(suffix)) {
        found.add(status.getPath());
      }
    }
  }

  private static String stripTrailingSlash(String s) {
    return s.endsWith("/") && s.length() > 1 ? s.substring(0, s.length() - 1) : s;
  }

  @Override
  public String toString() {
    return root;
  }
}
