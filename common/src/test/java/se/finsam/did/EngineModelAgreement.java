package se.finsam.did;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import se.finsam.did.model.Aggte;
import se.finsam.did.model.AttGt;
import se.finsam.did.model.Mboot;
import se.finsam.did.model.Pretest;

/**
 * The assertions of the engine = model property tests, whatever source the engine's units came from: every
 * ATT(g,t), standard error, aggregation and the pre-test, and the multiplier bootstrap's draws, agree to 1e-10
 * (relative above 1); the pre-test's W to 1e-10 or, where its covariance is ill-conditioned, to ten times the
 * rounding bound its condition number sets.
 */
final class EngineModelAgreement {
  private static final double TOLERANCE = 1e-10;

  private EngineModelAgreement() {}

  static void close(double model, double engine, String what) {
    if (Double.isNaN(model)) {
      assertTrue(Double.isNaN(engine), what + ": model NaN, engine " + engine);
      return;
    }
    assertTrue(Math.abs(model - engine) <= TOLERANCE * Math.max(1, Math.abs(model)),
        what + ": model " + model + ", engine " + engine + ", diff " + (model - engine));
  }

  /**
   * Every cell's ATT and analytical SE, every aggregation's elements and overall effect with the design's
   * event window, and the Wald pre-test.
   */
  static void assertEstimatesAgree(RandomDesign design, AttGt.Fit model, AttGtResult engine) {
    Inference inference = Inference.analytical(engine.moments(), 0.05);
    long skipped = model.cells().stream().filter(c -> !c.estimated()).count();
    if (skipped > 0) {
      System.out.println(design + ": " + skipped + " cells not estimated " + model.warnings());
    }
    assertTrue(model.cells().stream().filter(AttGt.Cell::estimated).count() > model.cells().size() / 3,
        "most cells are estimated");
    assertEquals(model.cells().size(), engine.effects().size(), "cells");
    for (int k = 0; k < model.cells().size(); k++) {
      AttGt.Cell m = model.cells().get(k);
      GroupTimeEffect e = engine.effects().get(k);
      String what = "ATT(" + m.group() + "," + m.time() + ")";
      assertEquals(m.group(), e.cell().group(), what);
      assertEquals(m.time(), e.cell().time(), what);
      close(m.att(), e.att(), what);
      close(m.se(), inference.standardError(engine.cellInfluence(k)), what + " se");
    }
    Aggregator aggregator = new Aggregator(engine, inference);
    for (Aggte.Type type : Aggte.Type.values()) {
      Aggte.Result m = Aggte.aggregate(model, type, design.minE(), design.maxE(),
          type == Aggte.Type.DYNAMIC ? design.balanceE() : null);
      AggregatedEffects e = aggregator.aggregate(AggregationType.valueOf(type.name()),
          new Aggregator.Window(design.minE(), design.maxE(), type == Aggte.Type.DYNAMIC ? design.balanceE() : null));
      close(m.overall().att(), e.overall().att(), type + " overall");
      close(m.overall().se(), e.overall().se(), type + " overall se");
      assertEquals(m.elements().size(), e.elements().size(), type + " elements");
      for (int k = 0; k < m.elements().size(); k++) {
        assertEquals(m.elements().get(k).label(), e.elements().get(k).label(), type + " labels");
        close(m.elements().get(k).att(), e.elements().get(k).att(), type + " " + m.elements().get(k).label());
        close(m.elements().get(k).se(), e.elements().get(k).se(), type + " " + m.elements().get(k).label() + " se");
      }
    }
    var modelTest = Pretest.compute(model);
    var engineTest = WaldPretest.compute(engine);
    assertEquals(modelTest.isPresent(), engineTest.isPresent(), "pre-test computed");
    if (modelTest.isPresent()) {
      assertEquals(modelTest.get().degreesOfFreedom(), engineTest.get().degreesOfFreedom());
      // W solves with V; with few clusters V is near singular and no computation of W is closer than
      // V's condition number times the rounding of V's entries (which agree to ~1e-15). The p-value moves
      // by at most half as much (the chi-square density is below 1/2).
      Pretest m = modelTest.get();
      double tolerance = Math.max(TOLERANCE, 10 * m.condition() * LinearAlgebra.EPSILON)
          * Math.max(1, Math.abs(m.w()));
      String what = "condition of V " + m.condition() + ": ";
      assertTrue(Math.abs(m.w() - engineTest.get().statistic()) <= tolerance,
          what + "W: model " + m.w() + ", engine " + engineTest.get().statistic());
      assertTrue(Math.abs(m.pValue() - engineTest.get().pValue()) <= tolerance,
          what + "p-value: model " + m.pValue() + ", engine " + engineTest.get().pValue());
    }
  }

  /**
   * The engine's multiplier bootstrap and the model's {@link Mboot} share the definition of the multipliers
   * (a hash of seed, cluster and draw), so their draws of every cell and of every element and overall effect
   * of every aggregation (with the design's event window) are equal up to summation order, and so are the
   * bootstrap standard errors and R's uniform critical values (over the cells, and over each aggregation's
   * elements).
   */
  static void assertBootstrapAgrees(RandomDesign design, AttGt.Fit model, AttGtFit fit, int iterations, long seed) {
    AttGtResult engine = fit.result();
    BootstrapDraws engineDraws = MultiplierBootstrap.draw(fit, iterations, seed);
    List<double[]> influences = new ArrayList<>();
    List<double[]> coefficients = new ArrayList<>();
    for (int k = 0; k < model.cells().size(); k++) {
      influences.add(model.cells().get(k).influence());
      coefficients.add(engine.cellInfluence(k));
    }
    assertDrawsEqual(model, engineDraws, influences, coefficients, iterations, seed, "cells");
    Aggregator aggregator = new Aggregator(engine, Inference.analytical(engine.moments(), 0.05));
    for (Aggte.Type type : Aggte.Type.values()) {
      Integer balanceE = type == Aggte.Type.DYNAMIC ? design.balanceE() : null;
      Aggte.Result m = Aggte.aggregate(model, type, design.minE(), design.maxE(), balanceE);
      AggregatedEffects e = aggregator.aggregate(AggregationType.valueOf(type.name()),
          new Aggregator.Window(design.minE(), design.maxE(), balanceE));
      assertEquals(m.elements().size(), e.elements().size(), type + " elements");
      List<double[]> elementInfluences = new ArrayList<>();
      List<double[]> elementCoefficients = new ArrayList<>();
      for (int k = 0; k < m.elements().size(); k++) {
        elementInfluences.add(m.elements().get(k).influence());
        elementCoefficients.add(e.elements().get(k).influence());
      }
      if (!elementInfluences.isEmpty()) {
        assertDrawsEqual(model, engineDraws, elementInfluences, elementCoefficients, iterations, seed, type + " elements");
      }
      assertDrawsEqual(model, engineDraws, List.of(m.overall().influence()), List.of(e.overall().influence()),
          iterations, seed, type + " overall");
    }
  }

  /**
   * The model's draws of {@code influences} (per unit) equal the engine's of {@code coefficients} (over the
   * cells' influence functions), draw by draw, with their standard errors and uniform critical value.
   */
  private static void assertDrawsEqual(AttGt.Fit model, BootstrapDraws engineDraws, List<double[]> influences,
                                       List<double[]> coefficients, int iterations, long seed, String what) {
    Mboot.Draws modelDraws = Mboot.draw(influences, model.unitClusters(), iterations, seed);
    for (int j = 0; j < influences.size(); j++) {
      double[] e = engineDraws.draws(coefficients.get(j));
      double scale = Arrays.stream(e).map(Math::abs).max().orElse(0);
      for (int b = 0; b < iterations; b++) {
        assertTrue(Math.abs(modelDraws.draws()[j][b] - e[b]) <= TOLERANCE * Math.max(1, scale),
            what + " statistic " + j + " draw " + b + ": model " + modelDraws.draws()[j][b] + ", engine " + e[b]);
      }
      close(modelDraws.se(j), engineDraws.standardError(coefficients.get(j)), what + " bootstrap se " + j);
    }
    close(modelDraws.criticalValue(0.05), engineDraws.uniformCriticalValue(coefficients, 0.05),
        what + " critical value");
  }
}
