package se.finsam.did;

import java.util.List;

/**
 * One aggregation of the ATT(g,t) (R's AGGTEobj).
 *
 * @param type the aggregation
 * @param elements per group, event time or period (empty for simple)
 * @param overall the overall summary
 * @param criticalValue for the elements' confidence intervals (uniform when bands were asked for)
 */
public record AggregatedEffects(AggregationType type, List<Element> elements, Element overall, double criticalValue) {
  /**
   * @param label group, event time or period (0 for the overall effect)
   * @param att the estimate
   * @param se its standard error
   * @param influence coefficients of its influence function on the unit vector z
   * @param cellWeights its linear form in the ATT(g,t): att = sum_k cellWeights[k] * effects[k].att, over the
   *     result's effects (zero for cells it does not use), so a publisher can declare the relation
   */
  public record Element(int label, double att, double se, double[] influence, double[] cellWeights) {}
}
