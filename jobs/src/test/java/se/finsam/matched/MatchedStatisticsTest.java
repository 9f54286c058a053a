package se.finsam.matched;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed shares, z-tests, stars, the paired DiD and the propensity allocation (plain Java). */
class MatchedStatisticsTest {

  @Test
  void twoProportionTestAndTheSeedsStars() {
    // n = 100 per group, 30 vs 20: pooled 0.25, se = sqrt(0.25 * 0.75 * 2 / 100) = 0.061237, z = 1.63299
    ShareTest t = new ShareTest(100, 30, 20);
    assertEquals(0.30, t.shareU(), 1e-12);
    assertEquals(10.0, t.differencePp(), 1e-9);
    assertEquals(0.1024704348597495, t.pValue(), 1e-9);
    assertEquals("", ShareTest.stars(t.pValue()));
    // n = 200, 60 vs 40: z = 2.30940, p = 0.020921 -> ** (below 5 %, not below 1 %)
    ShareTest u = new ShareTest(200, 60, 40);
    assertEquals(0.020921335337794066, u.pValue(), 1e-9);
    assertEquals("**", ShareTest.stars(u.pValue()));
    assertEquals("*", ShareTest.stars(0.0999));
    assertEquals("***", ShareTest.stars(0.0099));
  }

  @Test
  void pairedDifferenceInDifferences() {
    // d = 1, 0, -1, 1, 1: mean 0.4, sample variance (4 - 5 * 0.16) / 4 = 0.8, se = sqrt(0.8 / 5) = 0.4, z = 1
    PairedDid did = new PairedDid(5, 2, 4);
    assertEquals(0.4, did.estimate(), 1e-12);
    assertEquals(0.4, did.standardError(), 1e-12);
    assertEquals(0.31731050786291415, did.pValue(), 1e-9);
  }

  @Test
  void greedyNearestNeighbourAllocationWithinTheCaliper() {
    List<PropensityMatching.Stratum> strata = List.of(
        new PropensityMatching.Stratum("A", 0.30, 2, 1),
        new PropensityMatching.Stratum("B", 0.32, 0, 3),
        new PropensityMatching.Stratum("C", 0.60, 1, 0),
        new PropensityMatching.Stratum("D", 0.50, 0, 1));
    // C goes first (highest score) but D, its nearest, is 0.10 away: no referent. A takes its own referent
    // (distance 0), then one of B's (0.02).
    assertEquals(List.of(new PropensityMatching.Block("A", 0, "A", 0, 1), new PropensityMatching.Block("A", 1, "B", 0, 1)),
        PropensityMatching.allocate(strata, 0.05));
    // A wide caliper: C takes D's referent; A as before.
    assertEquals(List.of(new PropensityMatching.Block("C", 0, "D", 0, 1), new PropensityMatching.Block("A", 0, "A", 0, 1),
        new PropensityMatching.Block("A", 1, "B", 0, 1)), PropensityMatching.allocate(strata, 0.5));
  }
}
