package se.finsam.ingest;

import static org.apache.spark.sql.functions.col;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A delivery's classified rows counted per file and outcome, and its quarantined rows per rule, by one
 * grouped query over three of their columns. It runs on the cache that the curated write (or the
 * replacing path's first pass) has filled, so it reads those three columns only; counting in the write
 * itself ({@code Dataset.observe}) evaluated one conditional count per file, outcome and rule for every
 * row, about a tenth of a large ingest's CPU (README, Throughput).
 */
final class OutcomeCounts {
  private final DeliveryManifest manifest;

  OutcomeCounts(DeliveryManifest manifest) {
    this.manifest = manifest;
  }

  /** The counts; a file of the manifest without rows counts zero. */
  DeliveryLoader.Report query(Dataset<Row> classified) {
    Map<String, long[]> byFile = new HashMap<>();
    Map<String, Long> rules = new TreeMap<>();
    for (Row group : classified.groupBy(col(DeliveryReader.FILE), col(DeliveryValidation.OUTCOME),
        col(DeliveryValidation.RULE_CODE)).count().collectAsList()) {
      long[] counts = byFile.computeIfAbsent(group.getString(0), f -> new long[3]);
      long n = group.getLong(3);
      switch (group.getString(1)) {
        case DeliveryValidation.CURATED -> counts[0] += n;
        case DeliveryValidation.QUARANTINED -> {
          counts[1] += n;
          rules.merge(group.getString(2), n, Long::sum);
        }
        case DeliveryValidation.COLLAPSED -> counts[2] += n;
        default -> throw new IllegalStateException("unknown outcome " + group.getString(1));
      }
    }
    Map<String, DeliveryLoader.FileCounts> files = new LinkedHashMap<>();
    for (DeliveryManifest.FileEntry file : manifest.files()) {
      long[] c = byFile.getOrDefault(file.path(), new long[3]);
      files.put(file.path(), new DeliveryLoader.FileCounts(c[0] + c[1] + c[2], c[0], c[1], c[2]));
    }
    return new DeliveryLoader.Report(manifest, false, files, rules);
  }
}
