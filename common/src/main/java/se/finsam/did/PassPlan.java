package se.finsam.did;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pass over the units for all cells: collects the {@link Statistic}s every unfinished cell requests,
 * computes each distinct one once and hands every cell its answers in the order it asked.
 *
 * <p>Two requests are one computation when they are equal as values and read the same observations: a
 * statistic that does not read outcomes over the cell's units (its unit set: treated group, comparison
 * groups present and the periods whose covariates and weights it sees, as {@link AttGtEstimator} states
 * them), one that reads outcomes over those units in the cell's two periods. So cells over the same units
 * at the same propensity score iterate share their logit sums (the not-yet-treated cells of a group
 * before the first later cohort turns treated, say), and nothing else needs to know it. Statistics summed
 * together that need the propensity score at the same coefficients ({@link Statistic.AtScore}) get it
 * computed once per observation. Given {@link SharedSums}, a statistic that does not read outcomes and
 * that an earlier estimate over the same units computed is answered from it, and a pass whose every
 * request is answered so does not run.
 */
final class PassPlan {
  private final CellSpec[] observers;
  private final Statistic[][] statistics;
  private final int[][] offsets;
  /**
   * Per observer and statistic: -1 if it needs no propensity score, else the index of the first of the
   * observer's statistics at the same score, which computes it for the others.
   */
  private final int[][] scoreSources;
  private final int dimension;
  /** Per cell, the index into the flat sums of each of its answers. */
  private final int[][] answerOffsets;
  private final int[][] answerDimensions;
  /** Per cell and request: the sums known from {@link SharedSums}, or null when the pass computes them. */
  private final double[][][] known;
  /** Per observer and statistic: its key in {@link SharedSums}, null when it reads outcomes or none is kept. */
  private final Object[][] keys;
  private final SharedSums shared;
  private final int requested;
  private final int computed;

  private PassPlan(CellSpec[] observers, Statistic[][] statistics, int[][] offsets, int dimension,
                   int[][] answerOffsets, int[][] answerDimensions, double[][][] known, Object[][] keys,
                   SharedSums shared, int requested, int computed) {
    this.observers = observers;
    this.statistics = statistics;
    this.offsets = offsets;
    this.scoreSources = new int[statistics.length][];
    for (int o = 0; o < statistics.length; o++) {
      scoreSources[o] = scoreSources(statistics[o]);
    }
    this.dimension = dimension;
    this.answerOffsets = answerOffsets;
    this.answerDimensions = answerDimensions;
    this.known = known;
    this.keys = keys;
    this.shared = shared;
    this.requested = requested;
    this.computed = computed;
  }

  /**
   * The plan for the requests of {@code states} (null or finished: none). With {@code deduplicate} false
   * every request is computed for its own cell (the plain path, for tests).
   *
   * @param unitSets per cell, a value equal for cells over the same units and covariate periods
   * @param shared sums kept from earlier estimates over the same units, or null
   */
  static PassPlan of(CellSpec[] specs, List<?> unitSets, CellEstimation[] states, boolean deduplicate,
                     SharedSums shared) {
    Map<Object, Integer> index = new LinkedHashMap<>();
    List<Statistic> distinct = new ArrayList<>();
    List<Integer> observer = new ArrayList<>();
    List<Object> sharedKeys = new ArrayList<>();
    List<double[]> knownSums = new ArrayList<>();
    int[][] ids = new int[states.length][];
    int requested = 0;
    for (int c = 0; c < states.length; c++) {
      List<Statistic> requests = states[c] == null || states[c].finished() ? List.of() : states[c].requests();
      ids[c] = new int[requests.size()];
      for (int r = 0; r < requests.size(); r++) {
        Statistic s = requests.get(r);
        Object units = !deduplicate ? c
            : s.readsOutcomes() ? List.of(unitSets.get(c), specs[c].currentIndex(), specs[c].baseIndex())
            : unitSets.get(c);
        int cell = c;
        ids[c][r] = index.computeIfAbsent(List.of(units, s), key -> {
          Object sharedKey = shared != null && !s.readsOutcomes() ? key : null;
          distinct.add(s);
          observer.add(cell);
          sharedKeys.add(sharedKey);
          knownSums.add(sharedKey == null ? null : shared.get(sharedKey));
          return distinct.size() - 1;
        });
      }
      requested += requests.size();
    }
    // Grouped by the cell whose observations they are summed over, so a unit is observed once per such cell.
    Map<Integer, List<Integer>> byObserver = new LinkedHashMap<>();
    for (int i = 0; i < distinct.size(); i++) {
      if (knownSums.get(i) == null) {
        byObserver.computeIfAbsent(observer.get(i), x -> new ArrayList<>()).add(i);
      }
    }
    int[] start = new int[distinct.size()];
    CellSpec[] observers = new CellSpec[byObserver.size()];
    Statistic[][] statistics = new Statistic[byObserver.size()][];
    int[][] offsets = new int[byObserver.size()][];
    Object[][] keys = new Object[byObserver.size()][];
    int dimension = 0;
    int computed = 0;
    int o = 0;
    for (Map.Entry<Integer, List<Integer>> e : byObserver.entrySet()) {
      observers[o] = specs[e.getKey()];
      statistics[o] = new Statistic[e.getValue().size()];
      offsets[o] = new int[e.getValue().size()];
      keys[o] = new Object[e.getValue().size()];
      for (int j = 0; j < e.getValue().size(); j++) {
        int i = e.getValue().get(j);
        statistics[o][j] = distinct.get(i);
        keys[o][j] = sharedKeys.get(i);
        offsets[o][j] = dimension;
        computed++;
        start[i] = dimension;
        dimension += distinct.get(i).dimension();
      }
      o++;
    }
    int[][] answerOffsets = new int[states.length][];
    int[][] answerDimensions = new int[states.length][];
    double[][][] known = new double[states.length][][];
    for (int c = 0; c < states.length; c++) {
      answerOffsets[c] = new int[ids[c].length];
      answerDimensions[c] = new int[ids[c].length];
      known[c] = new double[ids[c].length][];
      for (int r = 0; r < ids[c].length; r++) {
        answerOffsets[c][r] = start[ids[c][r]];
        answerDimensions[c][r] = distinct.get(ids[c][r]).dimension();
        known[c][r] = knownSums.get(ids[c][r]);
      }
    }
    return new PassPlan(observers, statistics, offsets, dimension, answerOffsets, answerDimensions, known, keys,
        shared, requested, computed);
  }

  private static int[] scoreSources(Statistic[] statistics) {
    int[] sources = new int[statistics.length];
    for (int j = 0; j < statistics.length; j++) {
      Coefficients score = statistics[j] instanceof Statistic.AtScore s ? s.score() : null;
      sources[j] = -1;
      for (int i = 0; i <= j && score != null && sources[j] < 0; i++) {
        if (statistics[i] instanceof Statistic.AtScore s && score.equals(s.score())) {
          sources[j] = i;
        }
      }
    }
    return sources;
  }

  /** Statistics the cells asked for, counting duplicates. */
  int requested() {
    return requested;
  }

  /** Distinct statistics the pass computes (not those known from {@link SharedSums}). */
  int computed() {
    return computed;
  }

  boolean isEmpty() {
    return requested == 0;
  }

  /** Runs the pass: per cell, one answer per request, in the order of its requests (none for idle cells). */
  List<List<double[]>> run(UnitSource units) {
    CellSpec[] specs = observers;
    Statistic[][] stats = statistics;
    int[][] at = offsets;
    int[][] sources = scoreSources;
    int most = java.util.Arrays.stream(stats).mapToInt(s -> s.length).max().orElse(0);
    double[] sums = specs.length == 0 ? new double[0] : units.sum(dimension, (u, acc) -> {
      CellObservation[] obs = new CellObservation[2];
      double[] scores = new double[most];
      for (int o = 0; o < specs.length; o++) {
        int m = specs[o].observe(u, obs);
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < stats[o].length; j++) {
            int source = sources[o][j];
            if (source < 0) {
              stats[o][j].accumulate(obs[i], acc, at[o][j]);
              continue;
            }
            Statistic.AtScore scored = (Statistic.AtScore) stats[o][j];
            if (source == j) {
              scores[j] = scored.propensity(obs[i]);
            }
            scored.accumulate(obs[i], scores[source], acc, at[o][j]);
          }
        }
      }
    });
    for (int o = 0; o < keys.length; o++) {
      for (int j = 0; j < keys[o].length; j++) {
        if (keys[o][j] != null) {
          shared.put(keys[o][j], LinearAlgebra.slice(sums, offsets[o][j], statistics[o][j].dimension()));
        }
      }
    }
    List<List<double[]>> answers = new ArrayList<>();
    for (int c = 0; c < answerOffsets.length; c++) {
      List<double[]> own = new ArrayList<>();
      for (int r = 0; r < answerOffsets[c].length; r++) {
        own.add(known[c][r] != null ? known[c][r].clone()
            : LinearAlgebra.slice(sums, answerOffsets[c][r], answerDimensions[c][r]));
      }
      answers.add(own);
    }
    return answers;
  }
}
