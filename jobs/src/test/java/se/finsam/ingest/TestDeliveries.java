package se.finsam.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import se.finsam.config.ConfigLoader;
import se.finsam.jobs.Job;
import se.finsam.jobs.JobRunner;
import se.finsam.spark.SharedSpark;

/** Writes small hand-made deliveries (files plus a manifest computed from their bytes) and runs jobs on them. */
public final class TestDeliveries {
  private TestDeliveries() {}

  /**
   * Writes {@code files} (name to content) into {@code folder} and a manifest whose row counts are the
   * lines after the header and whose checksums are the files' SHA-256.
   */
  public static Path write(Path folder, String table, String deliveryId, int from, int to, String replaces,
                           String personId, Map<String, String> files) {
    return write(folder, table, deliveryId, from, to, replaces, personId, files, StandardCharsets.UTF_8, null);
  }

  /**
   * The same with the files' text encoded in {@code charset} and the manifest's {@code encoding} field
   * set to {@code declared} (left out when null, so the loader's default applies).
   */
  public static Path write(Path folder, String table, String deliveryId, int from, int to, String replaces,
                           String personId, Map<String, String> files, java.nio.charset.Charset charset, String declared) {
    try {
      Files.createDirectories(folder);
      List<String> entries = new ArrayList<>();
      for (Map.Entry<String, String> f : new java.util.TreeMap<>(files).entrySet()) {
        byte[] bytes = f.getValue().getBytes(charset);
        Files.write(folder.resolve(f.getKey()), bytes);
        long lines = f.getValue().chars().filter(c -> c == '\n').count();
        entries.add(String.format("{\"path\": \"%s\", \"rows\": %d, \"sha256\": \"%s\"}", f.getKey(), lines - 1, sha256(bytes)));
      }
      String manifest = "{\"source\": \"test\", \"table\": \"" + table + "\", \"delivery_id\": \"" + deliveryId + "\", "
          + "\"period_from\": " + from + ", \"period_to\": " + to + ", \"format\": \"csv\", \"delimiter\": \";\", "
          + (declared == null ? "" : "\"encoding\": \"" + declared + "\", ")
          + "\"person_id\": \"" + personId + "\", \"replaces\": " + (replaces == null ? "null" : "\"" + replaces + "\"") + ", "
          + "\"files\": [" + String.join(", ", entries) + "], \"flaws\": {}, \"exact_duplicates\": 0, \"overlapping_spells\": 0}";
      Files.writeString(folder.resolve(DeliveryManifest.FILE_NAME), manifest);
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What a job run printed and returned. */
  public record Run(int exitCode, String out, String err) {}

  /** Runs a job as the launcher would, on the shared test session. */
  public static Run run(Job job, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    JobRunner runner = new JobRunner(new ConfigLoader(Map.of(), TestDeliveries.class.getClassLoader()),
        config -> SharedSpark.session(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    int code = runner.execute(job, args);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
