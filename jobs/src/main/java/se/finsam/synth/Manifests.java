package se.finsam.synth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import se.finsam.schemas.TableContract;

/**
 * The deliveries' folders {@code <raw>/<table>/<delivery_id>/} and their {@code _manifest.json}: the part
 * files with rows counted and SHA-256 computed from the written bytes, and the flaw counts by rule.
 */
final class Manifests {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final SparkSession spark;
  private final SynthSettings s;
  private final String raw;

  Manifests(SparkSession spark, SynthSettings s, String raw) {
    this.spark = spark;
    this.s = s;
    this.raw = raw;
  }

  /** A written delivery: its id, where it is, how many rows. */
  record Written(String deliveryId, String path, long rows) {}

  /** The delivery's folder under the raw zone. */
  String dir(TableContract contract, String deliveryId) {
    return raw + "/" + contract.name() + "/" + deliveryId;
  }

  /**
   * Writes the manifest of a delivery whose part files are in place: rows counted and SHA-256 computed
   * from the files as written, flaw counts as generated.
   */
  Written manifest(TableContract contract, String deliveryId, int periodFrom, int periodTo, String replaces,
                   Map<String, Long> flawCounts) throws IOException {
    String path = dir(contract, deliveryId);
    List<Map<String, Object>> files = new ArrayList<>();
    long total = 0;
    Path dir = new Path(path);
    FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
    fs.mkdirs(dir);
    FileStatus[] statuses = fs.listStatus(dir);
    Arrays.sort(statuses, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
    for (FileStatus status : statuses) {
      String name = status.getPath().getName();
      if (!name.startsWith("part-")) {
        // Markers such as _SUCCESS are not part of the delivery (an older manifest is rewritten below).
        if (!name.equals("_manifest.json")) {
          fs.delete(status.getPath(), false);
        }
        continue;
      }
      long rowsInFile = s.format().equals("csv") ? csvRows(fs, status.getPath())
          : spark.read().parquet(status.getPath().toString()).count();
      total += rowsInFile;
      Map<String, Object> file = new LinkedHashMap<>();
      file.put("path", name);
      file.put("rows", rowsInFile);
      file.put("sha256", sha256(fs, status.getPath()));
      files.add(file);
    }
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("source", contract.source());
    manifest.put("table", contract.name());
    manifest.put("delivery_id", deliveryId);
    manifest.put("period_from", periodFrom);
    manifest.put("period_to", periodTo);
    manifest.put("format", s.format());
    manifest.put("delimiter", s.format().equals("csv") ? s.delimiter() : null);
    manifest.put("person_id", contract.personColumn().isEmpty() ? null : s.personnummer() ? "personnummer" : "pid");
    manifest.put("replaces", replaces);
    manifest.put("files", files);
    Map<String, Long> rules = new TreeMap<>();
    flawCounts.forEach((flaw, n) -> {
      if (flaw.startsWith("R")) {
        rules.put(flaw, n);
      }
    });
    manifest.put("flaws", rules);
    manifest.put("exact_duplicates", flawCounts.getOrDefault(Flaws.DUPLICATE, 0L));
    manifest.put("overlapping_spells", flawCounts.getOrDefault(Flaws.OVERLAP, 0L));
    try (OutputStream out = fs.create(new Path(dir, "_manifest.json"), true)) {
      out.write(JSON.writeValueAsString(manifest).getBytes(StandardCharsets.UTF_8));
    }
    dropChecksums(fs, dir);
    return new Written(deliveryId, path, total);
  }

  /** The local file system's hidden {@code .crc} files are not part of the delivery. */
  private static void dropChecksums(FileSystem fs, Path dir) throws IOException {
    if (fs instanceof ChecksumFileSystem checksummed) {
      FileSystem raw = checksummed.getRawFileSystem();
      for (FileStatus status : raw.listStatus(dir)) {
        if (checksummed.isChecksumFile(status.getPath())) {
          raw.delete(status.getPath(), false);
        }
      }
    }
  }

  /** Data rows of a CSV file: its lines less the header (values never hold line breaks). */
  private static long csvRows(FileSystem fs, Path file) throws IOException {
    long lines = 0;
    byte[] buffer = new byte[1 << 16];
    int last = '\n';
    try (InputStream in = fs.open(file)) {
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
        last = buffer[n - 1];
      }
    }
    if (last != '\n') {
      lines++;
    }
    return Math.max(0, lines - 1);
  }

  private static String sha256(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
