package se.finsam.disclosure;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The largest contributions to kronor magnitudes, for the dominance rule: per group and column the
 * {@code n} largest values of a per-person frame ({@link GroupSummaries}); only those few values per cell
 * reach the driver (they are never published, only compared with the cell's total). The whole population's
 * largest are the largest of its groups'.
 */
public final class TopContributions {
  /** The key of the whole population's entry. */
  public static final String ALL = GroupSummaries.ALL;

  private TopContributions() {}

  /**
   * @param persons one row per person
   * @param group the column of the person's group
   * @param columns the magnitude columns
   * @return per group (and {@link #ALL}) and column with values, the largest values, largest first
   */
  public static Map<String, Map<String, double[]>> largest(Dataset<Row> persons, String group, List<String> columns,
                                                            int n) {
    Map<String, Map<String, double[]>> out = new HashMap<>();
    if (columns.isEmpty()) {
      return out;
    }
    GroupSummaries summaries = GroupSummaries.of(persons, group,
        columns.stream().map(c -> new GroupSummaries.Spec(c, false, true)).toList(), n);
    for (String g : summaries.groups()) {
      for (String c : columns) {
        double[] values = summaries.summary(g, c).largest();
        if (values.length > 0) {
          out.computeIfAbsent(g, k -> new HashMap<>()).put(c, values);
        }
      }
    }
    return out;
  }
}
