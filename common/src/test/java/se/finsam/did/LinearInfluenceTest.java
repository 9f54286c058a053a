package se.finsam.did;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import se.finsam.did.model.DrDid;
import se.finsam.did.model.TwoByTwo;

/**
 * Each panel 2x2 estimator's declared linear form, evaluated at every unit's outcome change, equals the
 * unit's influence value as the reference model computes it (its own fits, DRDID's att.inf.func written
 * out vector by vector) and as the estimator's own {@link CellEstimation#influence} does; with a
 * covariate, or on rows of repeated cross sections, no form is declared.
 */
class LinearInfluenceTest {

  @ParameterizedTest
  @EnumSource(EstimationMethod.class)
  void declaredFormIsTheInfluenceOfEveryUnit(EstimationMethod method) {
    assertDeclaredEqualsInfluence(method, mpdtaCell(), "mpdta, ATT(2004,2005) against never treated");
    assertDeclaredEqualsInfluence(method, random(37, 211, 30_000, 3), "37 treated, 211 comparisons, mean 30 000");
  }

  @ParameterizedTest
  @EnumSource(EstimationMethod.class)
  void covariatesAndRepeatedCrossSectionsDeclareNoForm(EstimationMethod method) {
    Random random = new Random(11);
    List<CellObservation> withCovariate = random(40, 80, 10, 5).stream()
        .map(o -> new CellObservation(o.deltaY(), o.treated(), new double[] {1.0, random.nextGaussian()}, 1.0))
        .toList();
    assertTrue(TwoByTwoDid.fit(method, withCovariate, false).linearInfluence().isEmpty(), method + " with x1");
    List<CellObservation> rows = new ArrayList<>();
    for (CellObservation o : random(40, 80, 10, 7)) {
      rows.add(new CellObservation(o.deltaY(), o.treated(), o.covariates(), 1.0, rows.size() % 2));
    }
    assertTrue(TwoByTwoDid.fit(method, rows, true).linearInfluence().isEmpty(), method + " repeated cross sections");
  }

  private static void assertDeclaredEqualsInfluence(EstimationMethod method, List<CellObservation> units,
                                                    String what) {
    CellEstimation fitted = TwoByTwoDid.fit(method, units, false);
    LinearInfluence form = fitted.linearInfluence().orElseThrow();
    double[] model = model(method, units).influence();
    double scale = 0;
    for (double v : model) {
      scale = Math.max(scale, Math.abs(v));
    }
    assertTrue(scale > 0, what);
    for (int i = 0; i < units.size(); i++) {
      CellObservation o = units.get(i);
      double declared = form.of(o.treated()).at(o.deltaY());
      String unit = method + ", " + what + ", unit " + i + " (treated " + o.treated() + ")";
      // The model runs its fits to full convergence, the engine to its tolerance.
      assertEquals(model[i], declared, 1e-8 * scale, unit + ": the model's influence");
      assertEquals(fitted.influence(o), declared, 1e-12 * scale, unit + ": the estimator's influence");
    }
  }

  private static TwoByTwo model(EstimationMethod method, List<CellObservation> units) {
    int n = units.size();
    double[] y1 = units.stream().mapToDouble(CellObservation::deltaY).toArray();
    double[] y0 = new double[n];
    double[] d = units.stream().mapToDouble(CellObservation::treated).toArray();
    double[][] x = units.stream().map(CellObservation::covariates).toArray(double[][]::new);
    double[] w = units.stream().mapToDouble(CellObservation::weight).toArray();
    return switch (method) {
      case DR -> DrDid.drdidPanel(y1, y0, d, x, w);
      case DRIMP -> DrDid.drdidImpPanel(y1, y0, d, x, w);
      case IPW -> DrDid.stdIpwDidPanel(y1, y0, d, x, w);
      case IPW_ABADIE -> DrDid.ipwDidPanel(y1, y0, d, x, w);
      case REG -> DrDid.regDidPanel(y1, y0, d, x, w);
    };
  }

  /** mpdta's counties first treated in 2004 and the never-treated ones, 2003 to 2005. */
  private static List<CellObservation> mpdtaCell() {
    CellSpec cell = new CellSpec(2004, 2005, 2, 0, 2005, ControlGroup.NEVER_TREATED);
    return Mpdta.units().stream().map(cell::observe).filter(java.util.Objects::nonNull).toList();
  }

  /** Treated units with a larger and more dispersed change than the comparisons, around {@code level}. */
  private static List<CellObservation> random(int treated, int comparisons, double level, long seed) {
    Random random = new Random(seed);
    List<CellObservation> units = new ArrayList<>();
    for (int i = 0; i < treated + comparisons; i++) {
      double d = i < treated ? 1 : 0;
      double change = level * (1 + 0.1 * d) + level * (0.05 + 0.1 * d) * random.nextGaussian();
      units.add(new CellObservation(change, d, new double[] {1.0}, 1.0));
    }
    return units;
  }
}
