package se.finsam.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import se.finsam.schemas.Contracts;

/**
 * The first AE's start delivered on the AE decisions (midas_ae_diagnos.ae_forst_beviljad), checked against
 * the persons' own MiDaS rows as the matched design reads them: a spell cut at the window's start began
 * before it (never before the year the person turned 19), any other first AE is the first spell's start,
 * and with it seed 000's "AE for more than three years" occurs for young persons with AE in 2012.
 */
class FirstAeTest {
  @Test
  void aeRunningWhenTheWindowOpensBeganBeforeIt() {
    SynthSettings s = SynthTestSupport.settings(Map.of("finsam.synth.persons", 3000, "finsam.synth.flaw-rate", 0.0));
    Geography geo = Geography.generate(s);
    LocalDate windowStart = s.window().firstDay();
    LocalDate endOf2012 = LocalDate.of(2012, 12, 31);
    int[] midas = columns("fran_datum", "tom_datum", "forman");
    int[] diagnos = {Deliveries.position(Contracts.MIDAS_AE_DIAGNOS, "beslutsdatum"),
        Deliveries.position(Contracts.MIDAS_AE_DIAGNOS, "ae_forst_beviljad")};
    int cut = 0;
    int withAe2012 = 0;
    int over3Years2012 = 0;
    for (long pid = 0; pid < s.persons(); pid++) {
      Person p = new Person(s, geo, pid);
      List<Flaws.Out> out = new ArrayList<>();
      new RegisterRows(s, out).person(new LifeCourse(s, p));
      LocalDate firstSpell = null;
      boolean ae2012 = false;
      Set<LocalDate> delivered = new HashSet<>();
      LocalDate lastDecision = null;
      for (Flaws.Out row : out) {
        if (row.table().equals(Contracts.MIDAS_ERSATTNING.name()) && "AE".equals(row.values()[midas[2]])) {
          LocalDate from = LocalDate.parse(row.values()[midas[0]]);
          LocalDate to = LocalDate.parse(row.values()[midas[1]]);
          firstSpell = firstSpell == null || from.isBefore(firstSpell) ? from : firstSpell;
          ae2012 |= from.getYear() <= 2012 && to.getYear() >= 2012;
        } else if (row.table().equals(Contracts.MIDAS_AE_DIAGNOS.name())) {
          delivered.add(LocalDate.parse(row.values()[diagnos[1]]));
          lastDecision = LocalDate.parse(row.values()[diagnos[0]]);
        }
      }
      if (delivered.isEmpty()) {
        continue;
      }
      assertEquals(1, delivered.size(), "one first AE per person, pid " + pid);
      LocalDate first = delivered.iterator().next();
      assertTrue(!first.isAfter(lastDecision), "first AE after a decision, pid " + pid);
      if (firstSpell.equals(windowStart)) {
        cut++;
        assertTrue(first.isBefore(windowStart) || p.birthDate.getYear() + 19 >= windowStart.getYear(), "pid " + pid);
        assertTrue(!first.isBefore(LocalDate.of(p.birthDate.getYear() + 19, 1, 1)), "AE before 19, pid " + pid);
      } else {
        assertEquals(firstSpell, first, "pid " + pid);
      }
      if (ae2012) {
        withAe2012++;
        over3Years2012 += first.plusYears(3).isBefore(endOf2012) ? 1 : 0;
      }
    }
    assertTrue(cut > 0, "no AE spell running when the window opens");
    double share = (double) over3Years2012 / withAe2012;
    System.out.printf("young persons with AE (and a decision) in 2012: %d, of whom more than 3 years: %d (%.0f %%)%n",
        withAe2012, over3Years2012, 100 * share);
    // Seed 000 Tabell 1: about half (50 % of the treated, 48 % of the pool).
    assertTrue(share > 0.2 && share < 0.8, "share with AE over 3 years in 2012: " + share);
  }

  private static int[] columns(String... names) {
    int[] out = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      out[i] = Deliveries.position(Contracts.MIDAS_ERSATTNING, names[i]);
    }
    return out;
  }
}
