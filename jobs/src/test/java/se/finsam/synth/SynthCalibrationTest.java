package se.finsam.synth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The default experiment population against seed 002 (shared/notes/seed-calibration.md): baseline and
 * pre-period (Aug 2018 - Jul 2019) means of the consenting participants, and the planted effects
 * averaged over event months 0..20, each within a tolerance around the seed's figure. Pure Java on the
 * latent model, 5 000 persons.
 */
class SynthCalibrationTest {
  private static void near(String what, double seed, double tolerance, double actual) {
    assertTrue(Math.abs(actual - seed) <= tolerance, what + ": " + actual + " is not within " + tolerance + " of seed 002's " + seed);
  }

  @Test
  void experimentResemblesSeed002() {
    SynthSettings s = SynthTestSupport.settings(Map.of("finsam.synth.persons", 5000));
    Geography geo = Geography.generate(s);
    double[] pre = new double[LifeCourse.OUTCOMES.length];
    double[] att = new double[LifeCourse.OUTCOMES.length];
    double preMonths = 0, postMonths = 0, asked = 0, participants = 0, treatmentArm = 0;
    double age = 0, women = 0, foreign = 0, everAf = 0;
    for (long i = 0; i < s.persons(); i++) {
      Person p = new Person(s, geo, i);
      if (p.population != Person.Population.EXPERIMENT) {
        continue;
      }
      asked++;
      if (!p.consent) {
        continue;
      }
      participants++;
      treatmentArm += "BEHANDLING".equals(p.arm) ? 1 : 0;
      age += p.age(p.askedDate.getYear());
      women += p.female ? 1 : 0;
      foreign += p.foreignBorn ? 1 : 0;
      LifeCourse life = new LifeCourse(s, p);
      double[][] y0 = life.outcomes(0);
      double[][] y1 = life.outcomes(1);
      boolean af = false;
      for (int m = 0; m < life.n; m++) {
        int period = life.w.period(m);
        int event = life.w.absolute(m) - p.treatmentAbs;
        af |= period >= 201501 && event < 0 && life.worlds[0].get(LifeCourse.State.AF)[m];
        if (period >= 201808 && period <= 201907 && life.present[m]) {
          preMonths++;
          for (int k = 0; k < pre.length; k++) {
            pre[k] += y0[k][m];
          }
        }
        if (event >= 0 && event <= 20 && life.present[m]) {
          postMonths++;
          for (int k = 0; k < att.length; k++) {
            att[k] += y1[k][m] - y0[k][m];
          }
        }
      }
      everAf += af ? 1 : 0;
    }
    assertTrue(participants >= 1000, "participants at N = 5 000: " + participants);
    near("consent rate", 0.65, 0.04, participants / asked);
    near("treatment arm share", 0.60, 0.04, treatmentArm / participants);
    near("age", 39, 2, age / participants);
    near("women", 0.59, 0.04, women / participants);
    near("foreign-born", 0.38, 0.04, foreign / participants);
    near("ever at AF 2015 to first meeting", 0.79, 0.08, everAf / participants);
    // Outcomes in the order of LifeCourse.OUTCOMES: lon_kr, har_lon, har_fs, fs_kr, sjp_dagar_netto, offentlig_forsorjning.
    near("pre wage kr", 1990, 700, pre[0] / preMonths);
    near("pre bistånd share", 0.58, 0.05, pre[2] / preMonths);
    near("pre bistånd kr", 3290, 700, pre[3] / preMonths);
    near("pre sjukpenning net days", 5, 2.5, pre[4] / preMonths);
    near("pre offentlig försörjning", 0.79, 0.04, pre[5] / preMonths);
    near("ATT wage kr", 1014, 500, att[0] / postMonths);
    near("ATT wage indicator", 0.026, 0.02, att[1] / postMonths);
    near("ATT bistånd indicator", -0.046, 0.02, att[2] / postMonths);
    near("ATT bistånd kr", -456, 250, att[3] / postMonths);
    near("ATT sjukpenning net days", -0.79, 0.4, att[4] / postMonths);
    near("ATT offentlig försörjning", -0.052, 0.02, att[5] / postMonths);
  }
}
