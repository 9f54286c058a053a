package se.finsam.did;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * One unit's complete rows as they are read, in the order read: the builder of both pivots. {@link DriverPivot}
 * adds a unit's rows one by one; {@link UnitPivot} adds them per run of consecutive rows within a partition and
 * merges the runs of a unit read in several partitions after its shuffle (hence serializable). Each added row is
 * checked against the unit's first: the group and the cluster must not change, weights must be non-negative.
 */
final class UnitRows implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The covariate vector without covariates; shared by every unit read in the driver. */
  static final double[] INTERCEPT = {1.0};

  private final Object key;
  private final int group;
  private final String cluster;
  /** Where the unit's first row was read ("file line n"), for the errors; null when not known. */
  private final String origin;
  private int n;
  private int[] t = new int[8];
  private double[] y = new double[8];
  private double firstWeight = Double.NaN;
  /** Weights by row, only once one differs from the first. */
  private double[] w;
  private final List<double[]> levels = new ArrayList<>(1);
  /** Each row's index into {@code levels}, only once there is a second level. */
  private int[] level;

  UnitRows(Object key, int group, String cluster, String origin) {
    this.key = key;
    this.group = group;
    this.cluster = cluster;
    this.origin = origin;
  }

  Object key() {
    return key;
  }

  /** Throws when a row of this unit (read at {@code file} line {@code line}, when file is not null) breaks a rule. */
  void check(Object file, long line, int g, String c, double weight) {
    if (g == group && c.equals(cluster) && weight >= 0) {
      return;
    }
    String at = (file == null ? "" : file + " line " + line + ": ") + "unit " + key + ": ";
    String first = origin == null ? "" : " (" + origin + ")";
    if (g != group) {
      throw new IllegalArgumentException(at + UnitAssembly.GROUP_RULE + "; here " + g + ", " + group + first);
    }
    if (!c.equals(cluster)) {
      throw new IllegalArgumentException(at + UnitAssembly.CLUSTER_RULE + "; here " + c + ", " + cluster + first);
    }
    if (weight < 0) {
      throw new IllegalArgumentException(at + UnitAssembly.WEIGHT_RULE + "; here " + weight);
    }
  }

  void add(int period, double outcome, double weight, double[] x) {
    if (n == t.length) {
      t = Arrays.copyOf(t, 2 * n);
      y = Arrays.copyOf(y, 2 * n);
      w = w == null ? null : Arrays.copyOf(w, 2 * n);
      level = level == null ? null : Arrays.copyOf(level, 2 * n);
    }
    if (n == 0) {
      firstWeight = weight;
    } else if (w == null && weight != firstWeight) {
      w = new double[t.length];
      Arrays.fill(w, 0, n, firstWeight);
    }
    if (w != null) {
      w[n] = weight;
    }
    int l = levelOf(x);
    if (l > 0 && level == null) {
      level = new int[t.length];
    }
    if (level != null) {
      level[n] = l;
    }
    t[n] = period;
    y[n] = outcome;
    n++;
  }

  /** Adds the rows of another part of the same unit (read elsewhere), checked as rows of this one. */
  void merge(UnitRows other) {
    for (int i = 0; i < other.n; i++) {
      double weight = other.w == null ? other.firstWeight : other.w[i];
      check(null, 0, other.group, other.cluster, weight);
      add(other.t[i], other.y[i], weight, other.levels.get(other.level == null ? 0 : other.level[i]));
    }
  }

  void addPeriodsTo(Set<Integer> periods) {
    for (int i = 0; i < n; i++) {
      periods.add(t[i]);
    }
  }

  /** The index of {@code x} among the unit's distinct covariate vectors, added when new. */
  private int levelOf(double[] x) {
    for (int i = levels.size() - 1; i >= 0; i--) {
      if (Arrays.equals(levels.get(i), x)) {
        return i;
      }
    }
    levels.add(x == INTERCEPT ? INTERCEPT : x.clone());
    return levels.size() - 1;
  }

  UnitRecord record(int[] periods) {
    int[] periodIndex = new int[n];
    int[] levelByPeriod = new int[periods.length];
    for (int i = 0; i < n; i++) {
      periodIndex[i] = Arrays.binarySearch(periods, t[i]);
      if (level != null) {
        levelByPeriod[periodIndex[i]] = level[i];
      }
    }
    double[] weights = w;
    if (weights == null) {
      weights = new double[n];
      Arrays.fill(weights, firstWeight);
    }
    return UnitAssembly.record(key, cluster, group, periods, n, periodIndex, y, weights,
        levels.toArray(new double[0][]), levelByPeriod);
  }
}
