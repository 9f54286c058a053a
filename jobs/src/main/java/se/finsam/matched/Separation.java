package se.finsam.matched;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The categories of the matching variables in which a logit's outcome does not vary (nobody or everybody
 * has it), and the cells left when their persons are set aside.
 *
 * <p>A category without variation separates the data: its coefficient has no finite maximum (it runs to
 * −∞ or +∞), and Newton's method does not converge. In that limit its persons are predicted exactly and
 * add nothing to the likelihood, whatever the other coefficients, so the maximum of the other coefficients
 * is the fit on the remaining persons without that dummy. That is what a standard GLM approaches (its
 * reported treatment estimate and SE converge to it while the separated coefficient grows without bound),
 * and it is not the same as merging the category into the reference, which would change the other
 * estimates. Setting a category aside can leave another without variation, so the search repeats until
 * none is left. The reference category is tested like the others: without variation it is set aside and
 * the next present category becomes the reference. Separation by a combination of categories is not
 * found here; such a fit still does not converge.
 *
 * @param kept the cells of the categories with variation
 * @param dropped "variable=category" of each category set aside, in the order found, with whether everyone
 *     in it has the outcome (the limit of its probability is then 1, otherwise 0)
 */
public record Separation(List<LogitAnalysis.Cell> kept, Map<String, Boolean> dropped) {

  public static Separation of(List<LogitAnalysis.Cell> cells, List<String> variables, ToLongFunction<LogitAnalysis.Cell> ones) {
    List<LogitAnalysis.Cell> kept = new ArrayList<>(cells);
    Map<String, Boolean> dropped = new LinkedHashMap<>();
    String found;
    do {
      found = null;
      for (int i = 0; i < variables.size() && found == null; i++) {
        int index = i;
        for (String category : MatchedPopulation.VARIABLES.get(variables.get(i))) {
          long persons = 0;
          long with = 0;
          for (LogitAnalysis.Cell c : kept) {
            if (c.categories().get(index).equals(category)) {
              persons += c.persons();
              with += ones.applyAsLong(c);
            }
          }
          if (persons > 0 && (with == 0 || with == persons)) {
            found = variables.get(i) + "=" + category;
            dropped.put(found, with == persons);
            kept.removeIf(c -> c.categories().get(index).equals(category));
            break;
          }
        }
      }
    } while (found != null);
    return new Separation(List.copyOf(kept), dropped);
  }

  /** The limit of the probability of a cell set aside (1 or 0), or null for a kept cell. */
  public Double limit(LogitAnalysis.Cell cell, List<String> variables) {
    for (Map.Entry<String, Boolean> e : dropped.entrySet()) {
      for (int i = 0; i < variables.size(); i++) {
        if (e.getKey().equals(variables.get(i) + "=" + cell.categories().get(i))) {
          return e.getValue() ? 1.0 : 0.0;
        }
      }
    }
    return null;
  }
}
