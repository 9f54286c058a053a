package se.finsam.disclosure;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Per group and column of a per-person frame: the persons, and of each column's values the count, mean,
 * sample variance, non-zero count, minimum and the n largest (for the dominance rule). One pass over the
 * persons without a shuffle of its own: each task summarises its persons and only those summaries reach the
 * driver, which merges them;
 * the whole population's ({@link #ALL}) are its groups' merged. A person whose group is null is in none.
 *
 * <p>Not Spark's aggregates: a table's dozens of columns times five statistics make an aggregate too wide
 * for whole-stage code generation, so every task generated its projections again (0.4-2 s per balance table of
 * 26 000 persons), and the largest values took a window over the exploded persons, several jobs more (report
 * README, "Time"). Means and variances are merged as Spark merges them (Chan et al.'s update of the count,
 * mean and squared deviations), so they agree with {@code avg} and {@code var_samp} to rounding.
 */
public final class GroupSummaries {
  /** The key of the whole population. */
  public static final String ALL = "";

  /**
   * A column to summarise.
   *
   * @param nonZeroOnly the count, mean, variance and minimum over the non-zero values only ("of those who
   *     ever had one"); the non-zero count and the largest values are over all values either way
   * @param ranked whether its largest values are kept
   */
  public record Spec(String column, boolean nonZeroOnly, boolean ranked) implements Serializable {}

  /**
   * One column in one group; mean and minimum NaN without values, the variance NaN with fewer than two.
   *
   * @param largest the largest values, largest first (empty when the column is not ranked)
   */
  public record Summary(long n, double mean, double variance, long nonZero, double min, double[] largest) {
    public static final Summary EMPTY = new Summary(0, Double.NaN, Double.NaN, 0, Double.NaN, new double[0]);
  }

  private final Map<String, Group> groups;

  private GroupSummaries(Map<String, Group> groups) {
    this.groups = groups;
  }

  /**
   * @param persons one row per person
   * @param group the column of the person's group (compared as a string)
   * @param n how many largest values to keep per group and ranked column
   */
  public static GroupSummaries of(Dataset<Row> persons, String group, List<Spec> columns, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be at least 0, got " + n);
    }
    List<Spec> specs = List.copyOf(columns);
    List<Column> select = new ArrayList<>(List.of(col(group).cast("string")));
    specs.forEach(s -> select.add(col(s.column()).cast("double")));
    List<Map<String, Group>> partials = persons.select(select.toArray(Column[]::new)).javaRDD().mapPartitions(rows -> {
      Map<String, Group> partial = new LinkedHashMap<>();
      while (rows.hasNext()) {
        Row r = rows.next();
        if (!r.isNullAt(0)) {
          partial.computeIfAbsent(r.getString(0), g -> new Group(specs, n)).add(r);
        }
      }
      return List.of(partial).iterator();
    }).collect();
    // Merged in a fixed order (partitions as collected, groups by name), so a run's sums are reproducible.
    Map<String, Group> merged = new TreeMap<>();
    for (Map<String, Group> partial : partials) {
      partial.forEach((g, s) -> merged.merge(g, s, Group::merge));
    }
    if (!merged.isEmpty()) {
      Group all = new Group(specs, n);
      merged.values().forEach(all::merge);
      merged.put(ALL, all);
    }
    return new GroupSummaries(merged);
  }

  /** The groups with persons, and {@link #ALL} when there are any. */
  public List<String> groups() {
    return List.copyOf(groups.keySet());
  }

  /** The persons of a group (0 for a group nobody is in). */
  public long persons(String group) {
    Group g = groups.get(group);
    return g == null ? 0 : g.persons;
  }

  /** A column's summary in a group ({@link Summary#EMPTY} for a group nobody is in). */
  public Summary summary(String group, String column) {
    Group g = groups.get(group);
    return g == null ? Summary.EMPTY : g.summary(column);
  }

  /** The persons of one group in one task, or merged. */
  private static final class Group implements Serializable {
    private final List<Spec> specs;
    private long persons;
    private final Moments[] moments;

    Group(List<Spec> specs, int n) {
      this.specs = specs;
      moments = new Moments[specs.size()];
      for (int i = 0; i < moments.length; i++) {
        moments[i] = new Moments(specs.get(i).ranked() ? n : 0);
      }
    }

    void add(Row r) {
      persons++;
      for (int i = 0; i < moments.length; i++) {
        if (!r.isNullAt(i + 1)) {
          moments[i].add(r.getDouble(i + 1), specs.get(i).nonZeroOnly());
        }
      }
    }

    Group merge(Group other) {
      persons += other.persons;
      for (int i = 0; i < moments.length; i++) {
        moments[i].merge(other.moments[i]);
      }
      return this;
    }

    Summary summary(String column) {
      for (int i = 0; i < specs.size(); i++) {
        if (specs.get(i).column().equals(column)) {
          return moments[i].summary();
        }
      }
      throw new IllegalArgumentException("not a summarised column: " + column);
    }
  }

  /** One column's values: count, sum, running mean and squared deviations, non-zero count, minimum, largest. */
  private static final class Moments implements Serializable {
    private long n;
    private double sum;
    private double mean;
    private double m2;
    private long nonZero;
    private double min = Double.NaN;
    /** The largest values so far, ascending; {@code size} of them are filled. */
    private final double[] top;
    private int size;

    Moments(int keep) {
      top = new double[keep];
    }

    void add(double x, boolean nonZeroOnly) {
      keep(x);
      if (x != 0) {
        nonZero++;
      } else if (nonZeroOnly) {
        return;
      }
      n++;
      sum += x;
      double delta = x - mean;
      double deltaN = delta / n;
      mean += deltaN;
      m2 += delta * (delta - deltaN);
      // Double.compare puts NaN above every number, as Spark's min does.
      min = n == 1 || Double.compare(x, min) < 0 ? x : min;
    }

    void merge(Moments o) {
      for (int k = 0; k < o.size; k++) {
        keep(o.top[k]);
      }
      nonZero += o.nonZero;
      if (o.n == 0) {
        return;
      }
      if (n == 0) {
        min = o.min;
      } else if (Double.compare(o.min, min) < 0) {
        min = o.min;
      }
      long total = n + o.n;
      double delta = o.mean - mean;
      double deltaN = delta / total;
      m2 += o.m2 + delta * deltaN * n * o.n;
      mean += deltaN * o.n;
      sum += o.sum;
      n = total;
    }

    /** Keeps x if it is among the largest (a sorted insert: n is a handful). */
    private void keep(double x) {
      if (top.length == 0) {
        return;
      }
      if (size < top.length) {
        int k = size++;
        while (k > 0 && top[k - 1] > x) {
          top[k] = top[k - 1];
          k--;
        }
        top[k] = x;
      } else if (x > top[0]) {
        int k = 0;
        while (k + 1 < size && top[k + 1] < x) {
          top[k] = top[k + 1];
          k++;
        }
        top[k] = x;
      }
    }

    Summary summary() {
      double[] largest = new double[size];
      for (int k = 0; k < size; k++) {
        largest[k] = top[size - 1 - k];
      }
      return new Summary(n, n == 0 ? Double.NaN : sum / n, n < 2 ? Double.NaN : m2 / (n - 1), nonZero,
          n == 0 ? Double.NaN : min, largest);
    }
  }
}
