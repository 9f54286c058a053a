package se.finsam.disclosure;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * A linear relation a reader knows holds between cells, by cell key: {@code sum(weights[k] * value(keys[k])) = 0}.
 * A total and its parts, women + men = all, arms = total, a mean overall and the group means weighted by
 * their sizes. Keys are global to a run, so a line may join cells of several tables (and designs) built
 * from one population; {@code population} names that population in the audit record.
 */
public record Line(String population, List<String> keys, double[] weights) implements Serializable {
  public Line {
    keys = List.copyOf(keys);
    weights = weights.clone();
    if (keys.size() != weights.length) {
      throw new IllegalArgumentException("a line needs one weight per cell: " + keys);
    }
    if (keys.size() < 2) {
      throw new IllegalArgumentException("a line relates at least two cells: " + keys);
    }
  }

  /** The parts add up to the total. */
  public static Line sum(String population, List<String> parts, String total) {
    String[] keys = parts.toArray(new String[parts.size() + 1]);
    keys[parts.size()] = total;
    double[] weights = new double[keys.length];
    Arrays.fill(weights, 1.0);
    weights[parts.size()] = -1.0;
    return new Line(population, Arrays.asList(keys), weights);
  }

  /**
   * The overall mean is the group means weighted by the groups' sizes:
   * {@code sum(n_g * mean_g) - n_all * mean_all = 0}.
   */
  public static Line weightedMean(String population, List<String> groups, double[] sizes, String all, double allSize) {
    String[] keys = groups.toArray(new String[groups.size() + 1]);
    keys[groups.size()] = all;
    double[] weights = Arrays.copyOf(sizes, keys.length);
    weights[groups.size()] = -allSize;
    return new Line(population, Arrays.asList(keys), weights);
  }
}
