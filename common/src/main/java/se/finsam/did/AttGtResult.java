package se.finsam.did;

import java.util.List;

/**
 * The group-time average treatment effects with what inference needs, as plain data (the bootstrap's pass
 * over the units is made from the {@link AttGtFit}).
 *
 * @param settings what was estimated
 * @param periods the periods used, sorted
 * @param groups the treated groups, sorted
 * @param effects one per cell, in R's order (group, then period)
 * @param moments cross products of the influence functions
 * @param warnings what was dropped or skipped, in words
 */
public record AttGtResult(DidSettings settings, int[] periods, int[] groups, List<GroupTimeEffect> effects,
                          InfluenceMoments moments, List<String> warnings) {
  /** Share of the (weighted) sample in group {@code g}: R aggte's pg. */
  public double groupShare(int groupIndex) {
    return moments.sums()[moments.groupIndex(groupIndex)] / moments.units();
  }

  public int groupIndex(int group) {
    int i = java.util.Arrays.binarySearch(groups, group);
    if (i < 0) {
      throw new IllegalArgumentException("not a treated group: " + group);
    }
    return i;
  }

  /** The coefficient vector selecting cell {@code k}'s influence function. */
  public double[] cellInfluence(int k) {
    double[] c = new double[moments.dimension()];
    c[k] = 1;
    return c;
  }
}
