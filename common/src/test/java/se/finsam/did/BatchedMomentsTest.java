package se.finsam.did;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The batched, upper-triangle accumulation of the influence moments and the tabulated bootstrap give the
 * plain per-cluster sums sum_c Z_c Z_c' and sum_c v_cb Z_c, computed here one cluster at a time.
 */
class BatchedMomentsTest {
  private static final int DRAWS = 50;
  private static final long SEED = 11;

  @Test
  void unitClustersMatchThePlainSums() {
    // 500 clusters: seven full batches of 64 and a partial one.
    check(Mpdta.units());
  }

  @Test
  void coarseClustersMatchThePlainSums() {
    check(Mpdta.units().stream()
        .map(u -> u.withClusterKey(u.clusterKey() % 37)).toList());
  }

  @Test
  void blockedGramGivesTheUpperTriangleOfThePlainSum() {
    java.util.Random random = new java.util.Random(7);
    // Odd and even sizes, tails of fewer than four rows, a batch of one, an odd and a partial batch.
    for (int m : new int[] {1, 2, 5, 7, 8, 13, 70}) {
      for (int count : new int[] {1, 3, 64}) {
        double[][] rows = new double[UnitSource.CLUSTER_BATCH][m];
        for (int c = 0; c < count; c++) {
          for (int i = 0; i < m; i++) {
            rows[c][i] = random.nextGaussian();
          }
        }
        double[] earlier = new double[3 + m * m];
        for (int e = 3; e < earlier.length; e++) {
          earlier[e] = random.nextGaussian();
        }
        double[] blocked = earlier.clone();
        LinearAlgebra.addGramUpper(blocked, 3, m, rows, count);
        for (int i = 0; i < m; i++) {
          for (int j = i; j < m; j++) {
            // The documented order: the batch's terms summed in batch order from zero, then added.
            double batch = 0;
            for (int c = 0; c < count; c++) {
              batch += rows[c][i] * rows[c][j];
            }
            assertEquals(earlier[3 + i * m + j] + batch, blocked[3 + i * m + j], 0.0,
                "m " + m + ", count " + count + ", (" + i + "," + j + ")");
          }
        }
        assertEquals(0.0, blocked[0] + blocked[1] + blocked[2], "nothing before the offset");
      }
    }
  }

  private static void check(List<UnitRecord> units) {
    AttGtFit fit = AttGtEstimator.fit(new LocalUnits(units), Mpdta.PERIODS, DidSettings.defaults());
    AttGtResult result = fit.result();
    int m = result.moments().dimension();
    Map<Long, double[]> clusters = new LinkedHashMap<>();
    assertEquals(units.size(), result.moments().units(), "mpdta keeps every unit");
    for (UnitRecord u : units) {
      fit.influence().add(u, clusters.computeIfAbsent(u.clusterKey(), k -> new double[m]));
    }
    double[] sums = new double[m];
    double[] cross = new double[m * m];
    double[] draws = new double[DRAWS * m];
    for (Map.Entry<Long, double[]> cluster : clusters.entrySet()) {
      double[] z = cluster.getValue();
      for (int i = 0; i < m; i++) {
        sums[i] += z[i];
        for (int j = 0; j < m; j++) {
          cross[i * m + j] += z[i] * z[j];
        }
      }
      for (int b = 0; b < DRAWS; b++) {
        double v = MultiplierBootstrap.rademacher(SEED, cluster.getKey(), b);
        for (int j = 0; j < m; j++) {
          draws[b * m + j] += v * z[j];
        }
      }
    }
    assertEquals(clusters.size(), result.moments().clusters());
    assertClose(sums, result.moments().sums());
    assertClose(cross, result.moments().crossProducts());
    assertClose(draws, MultiplierBootstrap.draw(fit, DRAWS, SEED).draws());
  }

  private static void assertClose(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length);
    double scale = 0;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-12 * scale, "element " + i);
    }
  }
}
