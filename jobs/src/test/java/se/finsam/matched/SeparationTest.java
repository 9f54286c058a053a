package se.finsam.matched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.junit.jupiter.api.Test;
import se.finsam.did.LogitInference;

/**
 * Tabell 12 under separation: a category where nobody has the outcome. The treatment odds ratio and the
 * other terms are the limit a standard GLM approaches, checked against a derivative-free maximisation of
 * the whole log-likelihood (every person, every dummy, the separated one held at a large negative bound)
 * and a finite-difference Hessian (commons-math), as LogitInferenceTest checks the logit itself.
 */
class SeparationTest {
  static final List<String> VARS = List.of("kon", "utbildning");
  static final List<String> EDUCATION = MatchedPopulation.VARIABLES.get("utbildning");

  /** 16 cells (treated x sex x education); nobody with education SAKNAS has the outcome. */
  static List<LogitAnalysis.Cell> cells() {
    SplittableRandom rng = new SplittableRandom(11);
    List<LogitAnalysis.Cell> cells = new ArrayList<>();
    for (boolean treated : List.of(true, false)) {
      for (String kon : List.of("K", "M")) {
        for (String utb : EDUCATION) {
          long persons = 20 + rng.nextInt(40);
          double p = 1 / (1 + Math.exp(-(-0.6 + (treated ? 0.7 : 0) + (kon.equals("M") ? -0.3 : 0) + EDUCATION.indexOf(utb) * 0.2)));
          long ones = utb.equals("SAKNAS") ? 0 : Math.max(1, Math.min(persons - 1, Math.round(persons * p) + rng.nextInt(5) - 2));
          cells.add(new LogitAnalysis.Cell(treated, List.of(kon, utb), persons, Map.of("y", ones)));
        }
      }
    }
    return cells;
  }

  static double[] row(LogitAnalysis.Cell c) {
    double[] x = new double[6];
    x[0] = 1;
    x[1] = c.treated() ? 1 : 0;
    x[2] = c.categories().get(0).equals("M") ? 1 : 0;
    for (int e = 1; e < EDUCATION.size(); e++) {
      x[2 + e] = c.categories().get(1).equals(EDUCATION.get(e)) ? 1 : 0;
    }
    return x;
  }

  @Test
  void aCategoryWithoutTheOutcomeIsSetAsideAndTheTreatmentOddsRatioIsTheGlmLimit() {
    List<LogitAnalysis.Cell> cells = cells();
    // Without setting it aside Newton's method runs the SAKNAS coefficient off to minus infinity (until X'WX is singular).
    LogitAnalysis.Design all = LogitAnalysis.Design.of(cells, VARS, true);
    assertThrows(RuntimeException.class, () -> all.fit(cells, c -> c.ones().get("y")));

    LogitAnalysis.Fit fit = LogitAnalysis.fit(cells, VARS, "y");
    assertEquals(List.of("utbildning=SAKNAS"), fit.dropped());
    assertEquals(List.of("konstant", "behandling", "kon=M", "utbildning=GYMNASIAL", "utbildning=EFTERGYMNASIAL"), fit.names());

    // The oracle: maximise the log-likelihood of every person over all six coefficients, SAKNAS bounded at -25.
    MultivariateFunction logLik = beta -> {
      double sum = 0;
      for (LogitAnalysis.Cell c : cells) {
        double eta = 0;
        double[] x = row(c);
        for (int j = 0; j < x.length; j++) {
          eta += beta[j] * x[j];
        }
        long ones = c.ones().get("y");
        sum += ones * eta - c.persons() * Math.log1p(Math.exp(eta));
      }
      return sum;
    };
    double[] lower = {-5, -5, -5, -5, -5, -25};
    double[] upper = {5, 5, 5, 5, 5, 5};
    double[] mle = new BOBYQAOptimizer(13, 0.5, 1e-10).optimize(new MaxEval(50000), new ObjectiveFunction(logLik),
        GoalType.MAXIMIZE, new InitialGuess(new double[6]), new SimpleBounds(lower, upper)).getPoint();
    // The likelihood is flat out there (its slope about persons x e^beta): the optimiser stops far out, not at the bound.
    assertTrue(mle[5] < -15, "the separated coefficient runs off: " + mle[5]);
    double h = 1e-4;
    RealMatrix hessian = new Array2DRowRealMatrix(5, 5);
    for (int a = 0; a < 5; a++) {
      for (int b = 0; b < 5; b++) {
        hessian.setEntry(a, b, -(logLik.value(shift(mle, a, h, b, h)) - logLik.value(shift(mle, a, h, b, -h))
            - logLik.value(shift(mle, a, -h, b, h)) + logLik.value(shift(mle, a, -h, b, -h))) / (4 * h * h));
      }
    }
    RealMatrix covariance = new LUDecomposition(hessian).getSolver().getInverse();
    for (int j = 0; j < 5; j++) {
      LogitInference.Term t = fit.terms()[j];
      assertEquals(mle[j], t.coefficient(), 1e-5, fit.names().get(j));
      assertEquals(Math.sqrt(covariance.getEntry(j, j)), t.standardError(), 1e-4 * t.standardError(), "se " + fit.names().get(j));
    }
    assertEquals(Math.exp(mle[1]), fit.treatment().oddsRatio(), 1e-4);
    // The checker's counts are of the persons in the fit.
    long treatedInFit = cells.stream().filter(c -> c.treated() && !c.categories().get(1).equals("SAKNAS"))
        .mapToLong(LogitAnalysis.Cell::persons).sum();
    assertEquals(treatedInFit, fit.treatedWith() + fit.treatedWithout());
  }

  /** The reference category without variation is set aside too; the next present category becomes the reference. */
  @Test
  void theReferenceCategoryAndCascadesAreFound() {
    List<LogitAnalysis.Cell> cells = new ArrayList<>();
    for (LogitAnalysis.Cell c : cells()) {
      boolean first = c.categories().get(1).equals("FORGYMNASIAL");
      long ones = first ? c.persons() : c.ones().get("y");
      cells.add(new LogitAnalysis.Cell(c.treated(), c.categories(), c.persons(), Map.of("y", ones)));
    }
    Separation s = Separation.of(cells, VARS, c -> c.ones().get("y"));
    assertEquals(Map.of("utbildning=FORGYMNASIAL", true, "utbildning=SAKNAS", false), s.dropped());
    assertEquals(8, s.kept().size());
    assertEquals(1.0, s.limit(cells.get(0), VARS));
    assertEquals(0.0, s.limit(cells.get(3), VARS));
    assertEquals(null, s.limit(cells.get(1), VARS));
    assertEquals(List.of("konstant", "behandling", "kon=M", "utbildning=EFTERGYMNASIAL"),
        LogitAnalysis.fit(cells, VARS, "y").names());
  }

  private static double[] shift(double[] beta, int a, double da, int b, double db) {
    double[] out = beta.clone();
    out[a] += da;
    out[b] += db;
    return out;
  }
}
