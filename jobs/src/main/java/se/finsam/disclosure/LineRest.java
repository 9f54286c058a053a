package se.finsam.disclosure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The unpublished rest of a total whose published parts fall short of it: women + men = all fails when
 * some persons' sex is unknown, yet a reader still gets those persons' count (all − women − men), and their
 * mean from the weighted means, by subtraction. The rest becomes a hidden cell ({@link TableDraft#hidden})
 * and the line is completed with it, so the checker applies the primary rules to the rest and protects a
 * small one with a published partner instead of leaving the subtraction unaudited.
 *
 * @param line the completed line: the parts, the rest, the total
 * @param key the rest's cell key
 * @param statistic the rest: a count of persons, or a mean over them
 */
public record LineRest(Line line, String key, Statistic statistic) {

  /**
   * The rest of {@code line} when it is a sum of counts or a weighted mean of means or kronor magnitudes,
   * whose parts cover fewer persons than the total (by at least one whole person); otherwise empty.
   */
  public static Optional<LineRest> of(Line line, Map<String, Statistic> statistics) {
    int parts = line.keys().size() - 1;
    double[] w = line.weights();
    if (w[parts] >= 0 || Arrays.stream(w, 0, parts).anyMatch(x -> x <= 0)) {
      return Optional.empty();
    }
    List<Statistic> stats = new ArrayList<>();
    for (String key : line.keys()) {
      Statistic s = statistics.get(key);
      if (s == null || !Double.isFinite(s.value())) {
        return Optional.empty();
      }
      stats.add(s);
    }
    String total = line.keys().get(parts);
    String key = total + "/rest(" + String.join("+", line.keys().subList(0, parts)) + ")";
    boolean sum = Arrays.stream(w).allMatch(x -> Math.abs(x) == 1.0);
    if (sum && stats.stream().allMatch(s -> s.kind() == Statistic.Kind.COUNT)) {
      double rest = stats.get(parts).value() - stats.subList(0, parts).stream().mapToDouble(Statistic::value).sum();
      long persons = Math.round(rest);
      if (persons < 1 || Math.abs(rest - persons) > 1e-6) {
        return Optional.empty();
      }
      return Optional.of(new LineRest(Line.sum(line.population(), withRest(line, key), total), key,
          Statistic.count(persons)));
    }
    boolean means = stats.stream().allMatch(s -> s.kind() == Statistic.Kind.MEAN || s.kind() == Statistic.Kind.MAGNITUDE);
    double size = -w[parts] - Arrays.stream(w, 0, parts).sum();
    long persons = Math.round(size);
    if (sum || !means || persons < 1 || Math.abs(size - persons) > 1e-6) {
      return Optional.empty();
    }
    double weighted = -w[parts] * stats.get(parts).value();
    for (int k = 0; k < parts; k++) {
      weighted -= w[k] * stats.get(k).value();
    }
    double[] sizes = Arrays.copyOf(w, parts + 1);
    sizes[parts] = persons;
    return Optional.of(new LineRest(Line.weightedMean(line.population(), withRest(line, key), sizes, total, -w[parts]),
        key, Statistic.mean(weighted / persons, persons)));
  }

  private static List<String> withRest(Line line, String key) {
    List<String> keys = new ArrayList<>(line.keys().subList(0, line.keys().size() - 1));
    keys.add(key);
    return keys;
  }
}
