package se.finsam.did.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.function.IntPredicate;

/**
 * R did's {@code aggte} / {@code compute.aggte}: the simple, group (selective), dynamic (event study) and
 * calendar aggregations of Callaway and Sant'Anna (2021), section 3 (eqs. (3.3)-(3.11)), with the part of the
 * influence function that comes from estimating the group shares pg = mean(w 1{G = g}) (R's {@code wif}).
 * Cells that could not be estimated are left out (R's {@code na.rm = TRUE}).
 *
 * <p>As in R, "t" and "g" are compared as positions (R's {@code orig2t}) in the sorted union of all periods
 * and the groups, not as values.
 */
public final class Aggte {
  public enum Type { SIMPLE, GROUP, DYNAMIC, CALENDAR }

  /** One aggregated estimate with its influence function over the units. */
  public record Estimate(int label, double att, double se, double[] influence) {}

  /** @param elements per group, event time or period (empty for simple) */
  public record Result(Type type, List<Estimate> elements, Estimate overall) {}

  private final AttGt.Fit fit;
  private final List<AttGt.Cell> cells;
  private final List<Integer> times;
  private final List<Integer> positions;
  private final double[] pg;

  private Aggte(AttGt.Fit fit) {
    this.fit = fit;
    this.cells = fit.cells().stream().filter(AttGt.Cell::estimated).toList();
    // R (na.rm = TRUE) drops the cells without an estimate before it lists the cells' periods.
    TreeSet<Integer> t = new TreeSet<>();
    cells.forEach(c -> t.add(c.time()));
    this.times = new ArrayList<>(t);
    Arrays.stream(fit.periods()).forEach(t::add);
    Arrays.stream(fit.groups()).forEach(t::add);
    this.positions = new ArrayList<>(t);
    this.pg = new double[fit.groups().length];
    for (int k = 0; k < pg.length; k++) {
      double s = 0;
      for (int i = 0; i < fit.units(); i++) {
        s += fit.unitGroups()[i] == fit.groups()[k] ? fit.unitWeights()[i] : 0;
      }
      pg[k] = s / fit.units();
    }
  }

  /** All aggregations without a window (R's defaults min_e = -Inf, max_e = Inf, balance_e = NULL). */
  public static Result aggregate(AttGt.Fit fit, Type type) {
    return aggregate(fit, type, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, null);
  }

  /**
   * @param maxE also limits the post-treatment cells of simple and group, as in R
   * @param balanceE dynamic only: keep groups observed at least this many periods after treatment, null for all
   */
  public static Result aggregate(AttGt.Fit fit, Type type, double minE, double maxE, Integer balanceE) {
    Aggte a = new Aggte(fit);
    return switch (type) {
      case SIMPLE -> new Result(type, List.of(), a.weighted(0, c -> a.postWithin(c, maxE)));
      case GROUP -> a.group(maxE);
      case DYNAMIC -> a.dynamic(minE, maxE, balanceE);
      case CALENDAR -> a.calendar();
    };
  }

  /** Position of a period (or group) in the fit's period list, R's orig2t. */
  private int position(int period) {
    return positions.indexOf(period);
  }

  private boolean postWithin(AttGt.Cell c, double maxE) {
    int g = position(c.group());
    int t = position(c.time());
    return g <= t && t <= g + maxE;
  }

  private double share(int group) {
    return pg[Arrays.binarySearch(fit.groups(), group)];
  }

  /** Group: the plain mean over a group's post-treatment cells, then the pg-weighted mean over groups (eq. 3.7). */
  private Result group(double maxE) {
    List<Estimate> elements = new ArrayList<>();
    List<double[]> weightsOfGroups = new ArrayList<>();
    for (int g : fit.groups()) {
      List<AttGt.Cell> in = select(c -> c.group() == g && postWithin(c, maxE));
      if (in.isEmpty()) {
        continue;
      }
      double[] inf = new double[fit.units()];
      double att = 0;
      for (AttGt.Cell c : in) {
        att += c.att() / in.size();
        addScaled(inf, c.influence(), 1.0 / in.size());
      }
      elements.add(new Estimate(g, att, fit.standardError(inf), inf));
      weightsOfGroups.add(new double[] {g, share(g), att});
    }
    double total = weightsOfGroups.stream().mapToDouble(x -> x[1]).sum();
    double[] inf = new double[fit.units()];
    double att = 0;
    for (int k = 0; k < elements.size(); k++) {
      double weight = weightsOfGroups.get(k)[1] / total;
      att += weight * elements.get(k).att();
      addScaled(inf, elements.get(k).influence(), weight);
    }
    addScaled(inf, weightInfluence(weightsOfGroups), 1);
    return new Result(Type.GROUP, elements, new Estimate(0, att, fit.standardError(inf), inf));
  }

  /** Dynamic: pg-weighted means by event time e = t - g (eq. 3.8); the overall is the mean over e >= 0. */
  private Result dynamic(double minE, double maxE, Integer balanceE) {
    // R: t2orig(maxT) is the last cell's period, t2orig(1) the first of all periods and groups.
    int lastTime = times.get(times.size() - 1);
    int firstTime = positions.get(0);
    IntPredicate included = g -> balanceE == null || lastTime - g >= balanceE;
    TreeSet<Integer> events = new TreeSet<>();
    for (AttGt.Cell c : cells) {
      int e = c.time() - c.group();
      boolean inBalance = balanceE == null || (e <= balanceE && e >= balanceE - lastTime + firstTime);
      if (included.test(c.group()) && inBalance && e >= minE && e <= maxE) {
        events.add(e);
      }
    }
    List<Estimate> elements = new ArrayList<>();
    for (int e : events) {
      elements.add(weighted(e, c -> c.time() - c.group() == e && included.test(c.group())));
    }
    return new Result(Type.DYNAMIC, elements, mean(elements.stream().filter(x -> x.label() >= 0).toList()));
  }

  /** Calendar: pg-weighted means over the groups treated by t, for t from the first group on (eq. 3.10). */
  private Result calendar() {
    int firstGroup = cells.stream().mapToInt(c -> position(c.group())).min().orElseThrow();
    List<Estimate> elements = new ArrayList<>();
    for (int t : times) {
      // A period whose post-treatment cells all lack an estimate is left out (R would average nothing).
      if (position(t) >= firstGroup && cells.stream().anyMatch(c -> c.time() == t && c.group() <= t)) {
        elements.add(weighted(t, c -> c.time() == t && c.group() <= c.time()));
      }
    }
    return new Result(Type.CALENDAR, elements, mean(elements));
  }

  private List<AttGt.Cell> select(java.util.function.Predicate<AttGt.Cell> keep) {
    return cells.stream().filter(keep).toList();
  }

  /** sum_k att_k pg_k / sum pg over the selected cells, influence with R's wif. */
  private Estimate weighted(int label, java.util.function.Predicate<AttGt.Cell> keep) {
    List<AttGt.Cell> in = select(keep);
    if (in.isEmpty()) {
      throw new IllegalArgumentException("no estimated ATT(g,t) for " + label);
    }
    double total = in.stream().mapToDouble(c -> share(c.group())).sum();
    double[] inf = new double[fit.units()];
    double att = 0;
    List<double[]> items = new ArrayList<>();
    for (AttGt.Cell c : in) {
      double weight = share(c.group()) / total;
      att += weight * c.att();
      addScaled(inf, c.influence(), weight);
      items.add(new double[] {c.group(), share(c.group()), c.att()});
    }
    addScaled(inf, weightInfluence(items), 1);
    return new Estimate(label, att, fit.standardError(inf), inf);
  }

  /**
   * R's {@code wif(keepers, pg, weights.ind, G, group) %*% att}: with items (g_k, pg_k, att_k),
   * if1_ik = (w_i 1{G_i = g_k} - pg_k) / S, if2_ik = sum_j (w_i 1{G_i = g_j} - pg_j) pg_k / S^2, S = sum pg_k.
   */
  private double[] weightInfluence(List<double[]> items) {
    double total = items.stream().mapToDouble(x -> x[1]).sum();
    double[] out = new double[fit.units()];
    for (int i = 0; i < fit.units(); i++) {
      double sumDeviation = 0;
      for (double[] item : items) {
        sumDeviation += deviation(i, item);
      }
      double s = 0;
      for (double[] item : items) {
        double if1 = deviation(i, item) / total;
        double if2 = sumDeviation * item[1] / (total * total);
        s += (if1 - if2) * item[2];
      }
      out[i] = s;
    }
    return out;
  }

  private double deviation(int unit, double[] item) {
    return (fit.unitGroups()[unit] == (int) item[0] ? fit.unitWeights()[unit] : 0) - item[1];
  }

  private Estimate mean(List<Estimate> elements) {
    double[] inf = new double[fit.units()];
    double att = 0;
    for (Estimate e : elements) {
      att += e.att() / elements.size();
      addScaled(inf, e.influence(), 1.0 / elements.size());
    }
    return new Estimate(0, att, fit.standardError(inf), inf);
  }

  private static void addScaled(double[] acc, double[] v, double f) {
    for (int i = 0; i < acc.length; i++) {
      acc[i] += f * v[i];
    }
  }
}
