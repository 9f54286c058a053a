package se.finsam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;
import se.finsam.did.Distributions;

class FormatAndDistributionsTest {
  private static final String NB = "\u00a0";

  @Test
  void swedishNumbersAsInSeed002() {
    assertEquals("1" + NB + "014,2", SwedishFormat.number(1014.2));
    assertEquals("267,5", SwedishFormat.number(267.5));
    assertEquals("0,0259", SwedishFormat.number(0.0259));
    assertEquals("\u22120,788", SwedishFormat.number(-0.788));
    assertEquals("\u2212456,5", SwedishFormat.number(-456.46));
    assertEquals("32" + NB + "206", SwedishFormat.number(32206.4));
    assertEquals("35" + NB + "221", SwedishFormat.integer(35221));
    assertEquals("1" + NB + "234" + NB + "567", SwedishFormat.integer(1234567));
    assertEquals("59" + NB + "%", SwedishFormat.percent(0.5912, 0));
    assertEquals("0,4136", SwedishFormat.pValue(0.41359));
    assertEquals("<0,0001", SwedishFormat.pValue(0.00001));
  }

  @Test
  void normalAgainstCommonsMath() {
    NormalDistribution normal = new NormalDistribution();
    for (double z = -6; z <= 6; z += 0.37) {
      assertEquals(normal.cumulativeProbability(z), Distributions.normalCdf(z), 1e-12, "z=" + z);
    }
    assertEquals(0.05, Distributions.twoSidedNormalP(1.959963984540054), 1e-12);
  }

  @Test
  void studentTAgainstCommonsMath() {
    for (double df : new double[] {1, 2.5, 7, 30.3, 200, 5000}) {
      TDistribution t = new TDistribution(df);
      for (double x = 0; x <= 8; x += 0.61) {
        double expected = 2 * (1 - t.cumulativeProbability(x));
        assertEquals(expected, Distributions.twoSidedStudentP(x, df), 1e-10, "t=" + x + " df=" + df);
      }
    }
  }

  @Test
  void starsFollowTheNormalPValue() {
    // 1014.2 / 267.5 = 3.79: p = 0.00015 (***); 0.0348 / 0.0133 = 2.62: p = 0.0089 (**; seed 002 prints *).
    assertEquals("***", estimate(1014.2, 267.5).stars());
    assertEquals("**", estimate(0.0348, 0.0133).stars());
    assertEquals("*", estimate(0.0307, 0.0142).stars());
    assertEquals("", estimate(763.3, 466.1).stars());
  }

  private static Estimate estimate(double att, double se) {
    return new Estimate("x", "M1", "group", null, att, se, att - 1.96 * se, att + 1.96 * se, 1, 100, 100L, null, null, null);
  }
}
