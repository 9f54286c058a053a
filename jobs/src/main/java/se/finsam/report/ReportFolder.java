package se.finsam.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A run's report folder, {@code reports/<run>/}, into which every design publishes (seed 002's
 * {@code index.html}, {@code matchning.html}, {@code kommun.html}, ...). A design replaces only its own files:
 * what it published before under the run and no longer publishes is removed, tracked by the design's manifest
 * {@code _<design>.files}, which is written last. Each file is written under a hidden temporary name and renamed
 * into place, so a reader (or a failed run) never leaves a half-written file under a published name.
 */
public final class ReportFolder {
  private final FileSystem fs;
  private final Path dir;

  private ReportFolder(FileSystem fs, Path dir) {
    this.fs = fs;
    this.dir = dir;
  }

  /** The folder at {@code dir} (a warehouse path, any Hadoop file system). */
  public static ReportFolder at(String dir, Configuration hadoop) throws IOException {
    Path path = new Path(dir);
    FileSystem fs = path.getFileSystem(hadoop);
    fs.setWriteChecksum(false); // no .crc side files next to the published report on a local warehouse
    return new ReportFolder(fs, path);
  }

  /** What one publication did. */
  public record Published(String design, List<String> written, List<String> removed) {}

  /** One design's files, name to content, written as UTF-8 in the order given (put the page last). */
  public static final class Files {
    private final Map<String, String> files = new LinkedHashMap<>();

    public Files add(String name, String content) {
      if (name.isEmpty() || name.contains("/") || name.startsWith(".") || name.startsWith("_")) {
        throw new IllegalArgumentException("a published file name is a plain visible name, not '" + name + "'");
      }
      if (files.putIfAbsent(name, content) != null) {
        throw new IllegalArgumentException("file '" + name + "' is published twice in one report");
      }
      return this;
    }

    public Files addTables(java.util.Collection<ReportTable> tables, java.util.function.UnaryOperator<String> name) {
      tables.forEach(t -> add(name.apply(t.id()) + ".csv", t.csv()));
      return this;
    }
  }

  /** Publishes {@code design}'s files, replacing what it published before in this folder and nothing else. */
  public Published publish(String design, Files files) throws IOException {
    if (!design.matches("[a-z0-9-]+")) {
      throw new IllegalArgumentException("design name must be lower-case letters, digits and '-': " + design);
    }
    fs.mkdirs(dir);
    // Two designs writing one name would overwrite each other's file and then delete it as stale.
    for (String other : designs()) {
      if (!other.equals(design)) {
        for (String name : read(new Path(dir, "_" + other + ".files")).split("\n")) {
          if (files.files.containsKey(name)) {
            throw new IllegalStateException("design " + design + " would overwrite " + name + " in " + dir
                + ", which design " + other + " published");
          }
        }
      }
    }
    Path manifest = new Path(dir, "_" + design + ".files");
    List<String> before = fs.exists(manifest) ? List.of(read(manifest).split("\n")) : List.of();
    for (Map.Entry<String, String> f : files.files.entrySet()) {
      replace(new Path(dir, f.getKey()), f.getValue());
    }
    Set<String> now = files.files.keySet();
    List<String> removed = new ArrayList<>();
    for (String old : before) {
      if (!old.isBlank() && !now.contains(old) && fs.delete(new Path(dir, old), false)) {
        removed.add(old);
      }
    }
    replace(manifest, String.join("\n", now) + "\n");
    return new Published(design, List.copyOf(now), removed);
  }

  /** The designs that have published into this folder, by their manifests. */
  public List<String> designs() throws IOException {
    if (!fs.exists(dir)) {
      return List.of();
    }
    List<String> designs = new ArrayList<>();
    for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(dir)) {
      String name = f.getPath().getName();
      if (name.startsWith("_") && name.endsWith(".files")) {
        designs.add(name.substring(1, name.length() - ".files".length()));
      }
    }
    designs.sort(null);
    return designs;
  }

  /** What {@code design} published here, file name to content, as its manifest lists it. */
  public Map<String, String> read(String design) throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    Path manifest = new Path(dir, "_" + design + ".files");
    if (fs.exists(manifest)) {
      for (String name : read(manifest).split("\n")) {
        if (!name.isBlank()) {
          files.put(name, read(new Path(dir, name)));
        }
      }
    }
    return files;
  }

  private void replace(Path target, String content) throws IOException {
    Path tmp = new Path(dir, "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    try (OutputStream out = fs.create(tmp, false)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
    // Hadoop's rename does not overwrite; the window between delete and rename leaves the name absent, never partial.
    fs.delete(target, false);
    if (!fs.rename(tmp, target)) {
      fs.delete(tmp, false);
      throw new IOException("could not move " + tmp + " to " + target);
    }
  }

  private String read(Path path) throws IOException {
    try (FSDataInputStream in = fs.open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
