package se.finsam.did;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The planner computes a statistic once for all cells that request it by value over the same
 * observations, keeps apart what differs, and gives every cell exactly the answers to its own requests:
 * each answer must equal the statistic summed over that cell's observations alone.
 */
class PassPlanTest {
  private static final int K = 2;
  private static final Statistic.Part COMPARISONS = Statistic.Part.COMPARISONS;

  /** A cell of group 3 compared with the never treated, current period {@code current}, base 1. */
  private static CellSpec cell(int current) {
    return new CellSpec(3, current + 1, current, 1, current + 1, ControlGroup.NEVER_TREATED);
  }

  private static List<UnitRecord> units() {
    Random random = new Random(19);
    List<UnitRecord> units = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      double[] outcomes = new double[4];
      for (int t = 0; t < 4; t++) {
        outcomes[t] = random.nextGaussian() + t;
      }
      units.add(new UnitRecord(i, i % 3 == 0 ? 3 : i % 3 == 1 ? 0 : 4, 0.5 + random.nextDouble(),
          new double[] {1.0, random.nextGaussian()}, outcomes));
    }
    return units;
  }

  /** A stand-in estimator that asks for fixed statistics once. */
  private record Asking(List<Statistic> requests) implements CellEstimation {
    @Override
    public CellEstimation next(List<double[]> answers) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean finished() {
      return false;
    }

    @Override
    public double att() {
      return Double.NaN;
    }

    @Override
    public double influence(CellObservation o) {
      return Double.NaN;
    }
  }

  private static Asking asking(Statistic... requests) {
    return new Asking(List.of(requests));
  }

  /** The oracle: each request summed over the cell's own observations, without the planner. */
  private static void assertOwnAnswers(List<UnitRecord> units, CellSpec spec, CellEstimation state,
                                       List<double[]> answers) {
    List<CellObservation> observations = units.stream().map(spec::observe).filter(o -> o != null).toList();
    List<double[]> expected = Statistic.sumAll(state.requests(), observations);
    assertEquals(expected.size(), answers.size());
    for (int r = 0; r < expected.size(); r++) {
      assertTrue(expected.get(r).length > 0);
      assertArrayEquals(expected.get(r), answers.get(r), 0.0, "answer " + r + " of " + spec);
    }
  }

  @Test
  void equalRequestsOverTheSameObservationsAreComputedOnce() {
    List<UnitRecord> units = units();
    CellSpec[] specs = {cell(2), cell(3), cell(2)};
    double[] beta = {0.1, -0.2};
    CellEstimation[] states = {
        asking(new Statistic.LogitScore(1.25, new Coefficients(beta)), new Statistic.CrossMoments(K, 1.25, COMPARISONS, null)),
        // Equal by value (another array), over the same units but other periods.
        asking(new Statistic.CrossMoments(K, 1.25, COMPARISONS, null), new Statistic.LogitScore(1.25, new Coefficients(beta.clone()))),
        // The first cell again: its outcome statistic is the same too.
        asking(new Statistic.CrossMoments(K, 1.25, COMPARISONS, null), new Statistic.Gram(K, 1.25, COMPARISONS, null))};
    PassPlan plan = PassPlan.of(specs, List.of("g3 vs 0", "g3 vs 0", "g3 vs 0"), states, true, null);
    assertEquals(6, plan.requested());
    // One logit score, cross moments for periods (2, 1) and (3, 1), one Gram.
    assertEquals(4, plan.computed());
    List<List<double[]>> answers = plan.run(new LocalUnits(units));
    for (int c = 0; c < specs.length; c++) {
      assertOwnAnswers(units, specs[c], states[c], answers.get(c));
    }
    PassPlan separate = PassPlan.of(specs, List.of("g3 vs 0", "g3 vs 0", "g3 vs 0"), states, false, null);
    assertEquals(6, separate.computed());
  }

  @Test
  void distinctValuesAndDistinctUnitsAreNotMerged() {
    List<UnitRecord> units = units();
    CellSpec[] specs = {cell(2), cell(3), cell(2), cell(2)};
    double[] beta = {0.1, -0.2};
    double[] nextBeta = {0.1, Math.nextUp(-0.2)};
    CellEstimation[] states = {
        asking(new Statistic.LogitScore(1.25, new Coefficients(beta))),
        asking(new Statistic.LogitScore(1.25, new Coefficients(nextBeta))),
        asking(new Statistic.LogitScore(1.5, new Coefficients(beta))),
        // Equal request, but the cell's unit set differs (say its comparison groups do).
        asking(new Statistic.LogitScore(1.25, new Coefficients(beta)))};
    PassPlan plan = PassPlan.of(specs, List.of("a", "a", "a", "b"), states, true, null);
    assertEquals(4, plan.requested());
    assertEquals(4, plan.computed());
    List<List<double[]>> answers = plan.run(new LocalUnits(units));
    for (int c = 0; c < specs.length; c++) {
      assertOwnAnswers(units, specs[c], states[c], answers.get(c));
    }
    assertNotEquals(answers.get(0).get(0)[K * K], answers.get(1).get(0)[K * K]);
  }

  @Test
  void idleCellsGetNoAnswers() {
    CellSpec[] specs = {cell(2), cell(3)};
    CellEstimation[] states = {null, asking(new Statistic.TreatedMoments(K, 1.0))};
    PassPlan plan = PassPlan.of(specs, List.of("a", "a"), states, true, null);
    assertEquals(1, plan.requested());
    List<List<double[]>> answers = plan.run(new LocalUnits(units()));
    assertTrue(answers.get(0).isEmpty());
    assertOwnAnswers(units(), specs[1], states[1], answers.get(1));
    assertTrue(PassPlan.of(specs, List.of("a", "a"), new CellEstimation[] {null, null}, true, null).isEmpty());
  }

  /** Sums p (and p times the outcome) at its score, and counts how often it computes a score. */
  private record Counting(Coefficients score, boolean outcomes, AtomicInteger computed) implements Statistic.AtScore {
    @Override
    public int dimension() {
      return 1;
    }

    @Override
    public boolean readsOutcomes() {
      return outcomes;
    }

    @Override
    public double propensity(CellObservation o) {
      computed.incrementAndGet();
      return Statistic.AtScore.super.propensity(o);
    }

    @Override
    public void accumulate(CellObservation o, double p, double[] acc, int offset) {
      acc[offset] += outcomes ? p * o.deltaY() : p;
    }
  }

  /**
   * A cell's two statistics at one score (as the final pass of dr and ipw asks: the score's sums and the
   * residuals') get the score computed once per observation; at another score, once each.
   */
  @Test
  void statisticsAtTheSameScoreShareItsComputation() {
    List<UnitRecord> units = units();
    CellSpec[] specs = {cell(2)};
    long observations = units.stream().map(specs[0]::observe).filter(o -> o != null).count();
    AtomicInteger computed = new AtomicInteger();
    Coefficients beta = new Coefficients(new double[] {0.1, -0.2});
    CellEstimation[] same = {asking(new Counting(beta, false, computed),
        new Counting(new Coefficients(beta.values()), true, computed))};
    List<double[]> answers = PassPlan.of(specs, List.of("a"), same, true, null).run(new LocalUnits(units)).get(0);
    assertEquals(observations, computed.get());
    assertOwnAnswers(units, specs[0], same[0], answers);
    computed.set(0);
    CellEstimation[] other = {asking(new Counting(beta, false, computed),
        new Counting(new Coefficients(new double[] {0.1, -0.3}), true, computed))};
    PassPlan.of(specs, List.of("a"), other, true, null).run(new LocalUnits(units));
    assertEquals(2 * observations, computed.get());
  }
}
