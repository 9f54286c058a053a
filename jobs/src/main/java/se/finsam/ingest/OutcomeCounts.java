package se.finsam.ingest;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A delivery's report from its classified rows' counts ({@link ClassifiedRows#counts}): the rows per file
 * and outcome, and the quarantined rows per rule.
 */
final class OutcomeCounts {
  private final DeliveryManifest manifest;

  OutcomeCounts(DeliveryManifest manifest) {
    this.manifest = manifest;
  }

  /**
   * The counts, summed over {@code groups} (those of other deliveries left out); a file of the manifest
   * without rows counts zero.
   */
  DeliveryLoader.Report report(List<ClassifiedRows.Count> groups) {
    Map<String, long[]> byFile = new HashMap<>();
    Map<String, Long> rules = new TreeMap<>();
    for (ClassifiedRows.Count group : groups) {
      if (group.delivery() != null && !group.delivery().equals(manifest.deliveryId())) {
        continue;
      }
      long[] counts = byFile.computeIfAbsent(group.file(), f -> new long[3]);
      long n = group.rows();
      switch (group.outcome()) {
        case DeliveryValidation.CURATED -> counts[0] += n;
        case DeliveryValidation.QUARANTINED -> {
          counts[1] += n;
          rules.merge(group.ruleCode(), n, Long::sum);
        }
        case DeliveryValidation.COLLAPSED -> counts[2] += n;
        default -> throw new IllegalStateException("unknown outcome " + group.outcome());
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
