package se.finsam.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.finsam.schemas.Contracts;
import se.finsam.schemas.TableContract;

/**
 * The planted R10 flaw on participations, every row flawed (one kind in eleven each): a kind of work
 * without work appears exactly in the rows counted as R10, and never in a row without a kind of work.
 */
class FlawsTest {
  private static final TableContract SUS = Contracts.SUS_DELTAGANDE;

  @Test
  void aKindOfWorkWithoutWorkIsPlantedOnlyAsACountedR10() {
    Flaws flaws = new Flaws(SynthTestSupport.settings(Map.of("finsam.synth.flaw-rate", 1.0 / 11)));
    int planted = 0;
    for (long key = 0; key < 2200; key++) {
      boolean working = key % 2 == 0;
      Deliveries.Fields row = new Deliveries.Fields(SUS).set("pid", 7).set("registrering", "PERSONUPPGIFTER")
          .set("forbund_id", "F1").set("insats_id", "I" + key).set("inriktning", "FORBEREDANDE")
          .set("startdatum", "2020-03-01").set("slutdatum", "2020-09-30").set("avslutsorsak", "ARBETE")
          .set("kon", "K").set("fodelsear", 1980).set("utbildning", "GYMNASIAL").set("forsorjning_fore", "SE")
          .set("forsorjning_efter", "INGEN").set("tid_offentlig_forsorjning_fore", 2.5)
          .set("sysselsattning_fore", working ? "ARBETE" : "INGEN").set("sysselsattning_fore_omfattning", 0.5)
          .set("sysselsattning_efter", working ? "ARBETE_OCH_STUDIER" : "STUDIER")
          .set("sysselsattning_efter_omfattning", 1.0)
          .set("arbetsform_fore", working ? "SUBVENTIONERAT" : null)
          .set("arbetsform_efter", working ? "EJ_SUBVENTIONERAT|EGET_FORETAG" : null);
      List<Flaws.Out> out = new ArrayList<>();
      flaws.apply(row, key, out);
      for (Flaws.Out o : out) {
        assertEquals("R10".equals(o.flaw()), ruledOut(o.values(), "fore") || ruledOut(o.values(), "efter"),
            key + " " + o.flaw());
        planted += "R10".equals(o.flaw()) ? 1 : 0;
      }
    }
    // Half the rows can take it, one kind in eleven: about 100.
    assertTrue(planted > 50 && planted < 160, "R10 rows: " + planted);
  }

  /** Independent of the contract's declaration: arbetsform given, sysselsattning empty or not work. */
  private static boolean ruledOut(String[] v, String when) {
    String form = v[SUS.columnNames().indexOf("arbetsform_" + when)];
    String occupation = v[SUS.columnNames().indexOf("sysselsattning_" + when)];
    return form != null && !("ARBETE".equals(occupation) || "ARBETE_OCH_STUDIER".equals(occupation));
  }
}
