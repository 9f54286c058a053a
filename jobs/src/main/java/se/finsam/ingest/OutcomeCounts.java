package se.finsam.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import se.finsam.schemas.Rule;

/**
 * A delivery's classified rows counted per file and outcome, and its quarantined rows per rule, as one
 * aggregate column per count: the files are the manifest's and the rules the contract's, so the counts
 * are known up front and need no grouping. The same columns serve as a {@code Dataset.observe} metric on
 * the curated write, which then counts in the pass that writes, or as a query of their own.
 */
final class OutcomeCounts {
  private static final String[] OUTCOMES = {DeliveryValidation.CURATED, DeliveryValidation.QUARANTINED,
      DeliveryValidation.COLLAPSED};

  private final DeliveryManifest manifest;

  OutcomeCounts(DeliveryManifest manifest) {
    this.manifest = manifest;
  }

  /** The counts as aggregate columns over the classified rows (at least one). */
  private List<Column> columns() {
    List<Column> columns = new ArrayList<>();
    for (int f = 0; f < manifest.files().size(); f++) {
      Column inFile = col(DeliveryReader.FILE).equalTo(lit(manifest.files().get(f).path()));
      for (String outcome : OUTCOMES) {
        columns.add(count(when(inFile.and(col(DeliveryValidation.OUTCOME).equalTo(lit(outcome))), lit(1)))
            .as(fileName(f, outcome)));
      }
    }
    for (Rule rule : Rule.values()) {
      columns.add(count(when(col(DeliveryValidation.OUTCOME).equalTo(lit(DeliveryValidation.QUARANTINED))
          .and(col(DeliveryValidation.RULE_CODE).equalTo(lit(rule.code()))), lit(1))).as(ruleName(rule)));
    }
    return columns;
  }

  /** The rows, counted by {@code observation} in whichever pass reads them (see {@link #observed}). */
  Dataset<Row> observe(Dataset<Row> classified, Observation observation) {
    List<Column> columns = columns();
    return classified.observe(observation, columns.get(0), columns.subList(1, columns.size()).toArray(new Column[0]));
  }

  /** The counts by a query of their own. */
  DeliveryLoader.Report query(Dataset<Row> classified) {
    List<Column> columns = columns();
    Row row = classified.agg(columns.get(0), columns.subList(1, columns.size()).toArray(new Column[0])).first();
    return report(name -> row.getLong(row.fieldIndex(name)));
  }

  /** The counts from {@code Observation.getAsJava()} of an observation with {@link #columns()}. */
  DeliveryLoader.Report observed(Map<String, Object> metrics) {
    return report(name -> ((Number) metrics.get(name)).longValue());
  }

  private DeliveryLoader.Report report(ToLongFunction<String> value) {
    Map<String, DeliveryLoader.FileCounts> files = new LinkedHashMap<>();
    for (int f = 0; f < manifest.files().size(); f++) {
      long curated = value.applyAsLong(fileName(f, DeliveryValidation.CURATED));
      long quarantined = value.applyAsLong(fileName(f, DeliveryValidation.QUARANTINED));
      long collapsed = value.applyAsLong(fileName(f, DeliveryValidation.COLLAPSED));
      files.put(manifest.files().get(f).path(),
          new DeliveryLoader.FileCounts(curated + quarantined + collapsed, curated, quarantined, collapsed));
    }
    Map<String, Long> rules = new TreeMap<>();
    for (Rule rule : Rule.values()) {
      long n = value.applyAsLong(ruleName(rule));
      if (n > 0) {
        rules.put(rule.code(), n);
      }
    }
    return new DeliveryLoader.Report(manifest, false, files, rules);
  }

  private static String fileName(int file, String outcome) {
    return "file" + file + "_" + outcome;
  }

  private static String ruleName(Rule rule) {
    return "rule_" + rule.code();
  }
}
