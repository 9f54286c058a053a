package se.finsam.did;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.IntPredicate;

/**
 * R did's aggte (compute.aggte): simple, group, dynamic (event time) and calendar aggregations of the
 * ATT(g,t), with the part of the influence function that comes from estimating the group shares ("wif").
 * Cells that could not be estimated are left out, as aggte(na.rm = TRUE) does.
 *
 * <p>Every influence function here is a linear combination of the unit vector z of {@link InfluenceMoments},
 * so aggregation is arithmetic on coefficient vectors and needs no pass over the data.
 */
public final class Aggregator {
  /**
   * Event-time window of the dynamic aggregation; {@code maxE} also limits the post-treatment periods of
   * the simple and group aggregations, as in R.
   *
   * @param balanceE event time up to which only groups observed that long are used, null for all
   */
  public record Window(double minE, double maxE, Integer balanceE) implements Serializable {
    public static Window all() {
      return new Window(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, null);
    }
  }

  /**
   * A cell or sub-aggregate to be averaged: its estimate, share pg, group position, influence coefficients
   * and linear form in the ATT(g,t).
   */
  private record Item(double att, double share, int groupIndex, double[] influence, double[] cellWeights) {}

  private final AttGtResult result;
  private final Inference inference;
  private final List<Integer> cells = new ArrayList<>();
  private final int[] timeIndex;
  private final int[] groupTimeIndex;
  private final int firstTime;

  public Aggregator(AttGtResult result, Inference inference) {
    this.result = result;
    this.inference = inference;
    TreeSet<Integer> union = new TreeSet<>();
    for (int t : result.periods()) {
      union.add(t);
    }
    for (int g : result.groups()) {
      union.add(g);
    }
    List<Integer> positions = new ArrayList<>(union);
    int size = result.effects().size();
    timeIndex = new int[size];
    groupTimeIndex = new int[size];
    for (int k = 0; k < size; k++) {
      GroupTimeEffect e = result.effects().get(k);
      timeIndex[k] = positions.indexOf(e.cell().time());
      groupTimeIndex[k] = positions.indexOf(e.cell().group());
      if (e.estimated()) {
        cells.add(k);
      }
    }
    firstTime = union.first();
  }

  /** True when an estimated cell lies after treatment within max_e: the simple and group aggregations average it. */
  public boolean anyPostTreatment(Window window) {
    return cells.stream().anyMatch(k -> postWithin(k, window.maxE()));
  }

  public AggregatedEffects aggregate(AggregationType type, Window window) {
    return switch (type) {
      case SIMPLE -> simple(window);
      case GROUP -> group(window);
      case DYNAMIC -> dynamic(window);
      case CALENDAR -> calendar();
    };
  }

  private AggregatedEffects simple(Window window) {
    AggregatedEffects.Element overall = average(0, cellItems(k -> postWithin(k, window.maxE())), true);
    return new AggregatedEffects(AggregationType.SIMPLE, List.of(), overall, Double.NaN);
  }

  private AggregatedEffects group(Window window) {
    List<AggregatedEffects.Element> elements = new ArrayList<>();
    List<Item> groupItems = new ArrayList<>();
    for (int gi = 0; gi < result.groups().length; gi++) {
      int g = result.groups()[gi];
      List<Item> items = cellItems(k -> cell(k).group() == g && postWithin(k, window.maxE()));
      if (items.isEmpty()) {
        continue;
      }
      AggregatedEffects.Element element = average(g, items, false);
      elements.add(element);
      groupItems.add(new Item(element.att(), result.groupShare(gi), gi, element.influence(), element.cellWeights()));
    }
    return finish(AggregationType.GROUP, elements, average(0, groupItems, true));
  }

  private AggregatedEffects dynamic(Window window) {
    int maxTime = Integer.MIN_VALUE;
    for (int k : cells) {
      maxTime = Math.max(maxTime, cell(k).time());
    }
    int lastTime = maxTime;
    IntPredicate included = k -> window.balanceE() == null || lastTime - cell(k).group() >= window.balanceE();
    TreeSet<Integer> eventTimes = new TreeSet<>();
    for (int k : cells) {
      int e = cell(k).time() - cell(k).group();
      boolean inBalance = window.balanceE() == null
          || (e <= window.balanceE() && e >= window.balanceE() - lastTime + firstTime);
      if (included.test(k) && inBalance && e >= window.minE() && e <= window.maxE()) {
        eventTimes.add(e);
      }
    }
    if (eventTimes.isEmpty()) {
      throw new IllegalArgumentException("No event times fall within the requested window");
    }
    List<AggregatedEffects.Element> elements = new ArrayList<>();
    for (int e : eventTimes) {
      elements.add(average(e, cellItems(k -> cell(k).time() - cell(k).group() == e && included.test(k)), true));
    }
    return finish(AggregationType.DYNAMIC, elements, mean(elements.stream().filter(x -> x.label() >= 0).toList()));
  }

  private AggregatedEffects calendar() {
    int minGroup = Integer.MAX_VALUE;
    for (int k : cells) {
      minGroup = Math.min(minGroup, groupTimeIndex[k]);
    }
    TreeSet<Integer> times = new TreeSet<>();
    for (int k : cells) {
      if (timeIndex[k] >= minGroup && cell(k).post()) {
        times.add(cell(k).time());
      }
    }
    List<AggregatedEffects.Element> elements = new ArrayList<>();
    for (int t : times) {
      elements.add(average(t, cellItems(k -> cell(k).time() == t && cell(k).post()), true));
    }
    return finish(AggregationType.CALENDAR, elements, mean(elements));
  }

  private AggregatedEffects finish(AggregationType type, List<AggregatedEffects.Element> elements,
                                   AggregatedEffects.Element overall) {
    double critical = inference.aggregationCriticalValue(
        elements.stream().map(AggregatedEffects.Element::influence).toList());
    return new AggregatedEffects(type, List.copyOf(elements), overall, critical);
  }

  private CellSpec cell(int k) {
    return result.effects().get(k).cell();
  }

  /** R compares g <= t <= g + max_e on the positions of the periods, not their values. */
  private boolean postWithin(int k, double maxE) {
    return groupTimeIndex[k] <= timeIndex[k] && timeIndex[k] <= groupTimeIndex[k] + maxE;
  }

  private List<Item> cellItems(IntPredicate keep) {
    List<Item> items = new ArrayList<>();
    for (int k : cells) {
      if (keep.test(k)) {
        int gi = result.groupIndex(cell(k).group());
        double[] unit = new double[result.effects().size()];
        unit[k] = 1;
        items.add(new Item(result.effects().get(k).att(), result.groupShare(gi), gi, result.cellInfluence(k), unit));
      }
    }
    return items;
  }

  /**
   * The pg-weighted average of the items; with {@code estimatedShares} its influence function includes
   * R's wif term for the estimated shares pg = mean(w 1{G = g}).
   */
  private AggregatedEffects.Element average(int label, List<Item> items, boolean estimatedShares) {
    if (items.isEmpty()) {
      throw new IllegalArgumentException("No estimated ATT(g,t) for this aggregation");
    }
    InfluenceMoments moments = result.moments();
    double shareSum = items.stream().mapToDouble(Item::share).sum();
    double[] c = new double[moments.dimension()];
    double[] cellWeights = new double[result.effects().size()];
    double att = 0;
    for (Item item : items) {
      double weight = item.share() / shareSum;
      att += weight * item.att();
      LinearAlgebra.addScaled(c, 0, item.influence(), weight);
      LinearAlgebra.addScaled(cellWeights, 0, item.cellWeights(), weight);
    }
    if (estimatedShares) {
      // wif_i'att = sum_k att_k (w_i 1{G_i=g_k} - pg_k) / S - sum_j (w_i 1{G_i=g_j} - pg_j) * sum_k att_k pg_k / S^2
      double weightedAtt = items.stream().mapToDouble(i -> i.att() * i.share()).sum();
      for (Item item : items) {
        double coefficient = item.att() / shareSum - weightedAtt / (shareSum * shareSum);
        c[moments.groupIndex(item.groupIndex())] += coefficient;
        c[moments.constantIndex()] -= coefficient * item.share();
      }
    }
    return new AggregatedEffects.Element(label, att, inference.standardError(c), c, cellWeights);
  }

  /** The plain mean of elements (R's overall dynamic and calendar effects; shares are not estimated here). */
  private AggregatedEffects.Element mean(List<AggregatedEffects.Element> elements) {
    double[] c = new double[result.moments().dimension()];
    double[] cellWeights = new double[result.effects().size()];
    double att = 0;
    for (AggregatedEffects.Element e : elements) {
      att += e.att() / elements.size();
      LinearAlgebra.addScaled(c, 0, e.influence(), 1.0 / elements.size());
      LinearAlgebra.addScaled(cellWeights, 0, e.cellWeights(), 1.0 / elements.size());
    }
    return new AggregatedEffects.Element(0, att, inference.standardError(c), c, cellWeights);
  }

  /**
   * The simple aggregate as a weighted average of the event-time estimates, when it is one: an event time's
   * weight is the total weight of its cells in the simple aggregate, and within each event time both weigh
   * the cells alike (pg-proportional), which holds unless a window or balance_e cuts them differently.
   * A publisher that shows both declares the relation, so a withheld event time is not solved out of the
   * simple aggregate and the others.
   *
   * @return each event time's weight (0 for those the simple aggregate leaves out), or empty
   */
  public static java.util.Optional<java.util.Map<Integer, Double>> simpleWeights(AggregatedEffects simple,
                                                                              AggregatedEffects dynamic) {
    double[] s = simple.overall().cellWeights();
    java.util.Map<Integer, Double> weights = new java.util.TreeMap<>();
    double[] covered = new double[s.length];
    for (AggregatedEffects.Element e : dynamic.elements()) {
      double[] d = e.cellWeights();
      double w = 0;
      for (int k = 0; k < s.length; k++) {
        w += d[k] != 0 ? s[k] : 0;
      }
      for (int k = 0; k < s.length; k++) {
        if (Math.abs(d[k] * w - s[k] * (d[k] != 0 ? 1 : 0)) > 1e-12) {
          return java.util.Optional.empty();
        }
        covered[k] += d[k] != 0 ? 1 : 0;
      }
      weights.put(e.label(), w);
    }
    for (int k = 0; k < s.length; k++) {
      if (s[k] != 0 && covered[k] != 1) {
        return java.util.Optional.empty();
      }
    }
    return java.util.Optional.of(weights);
  }

  /**
   * Averages of the pre- and post-treatment event-time estimates (Stata's estat event): the pre average
   * leaves out event times without variance (the universal base period's fixed zero).
   */
  public record EventStudyAverages(AggregatedEffects.Element pre, AggregatedEffects.Element post) {}

  public EventStudyAverages eventStudyAverages(AggregatedEffects dynamic) {
    List<AggregatedEffects.Element> pre = dynamic.elements().stream()
        .filter(e -> e.label() < 0 && !Double.isNaN(e.se())).toList();
    List<AggregatedEffects.Element> post = dynamic.elements().stream().filter(e -> e.label() >= 0).toList();
    return new EventStudyAverages(pre.isEmpty() ? null : mean(pre), mean(post));
  }
}
