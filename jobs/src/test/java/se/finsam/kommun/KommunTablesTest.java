package se.finsam.kommun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.finsam.disclosure.CheckedOutputs;
import se.finsam.disclosure.DisclosureSettings;
import se.finsam.disclosure.OutputChecker;
import se.finsam.disclosure.Rule;
import se.finsam.report.Estimate;

/**
 * "Samtliga år" is the years' estimates weighted by their joining groups: year 2 rests on 3 municipalities'
 * residents (withheld), and 0.5 x year 0 + 0.3 x year 1 + 0.2 x year 2 = all years would give it away.
 */
class KommunTablesTest {
  private static final Utfall U = Utfall.SJUKPENNING;

  private static Estimate estimate(String type, Integer egt, double att, long treated) {
    return new Estimate(U.column(), "alla", type, egt, att, 0.01, att - 0.02, att + 0.02, 100, 5000, treated, null, null, 4000L);
  }

  private static CheckedOutputs check(Map<Integer, Double> weights) {
    KommunSettings settings = KommunSettings.from(ConfigFactory.load());
    KommunSettings.Grupp grupp = settings.groups().stream().filter(g -> g.name().equals("alla")).findFirst().orElseThrow();
    double simple = 0.5 * 0.010 + 0.3 * 0.020 + 0.2 * 0.035;
    List<Estimate> estimates = List.of(estimate("dynamic", 0, 0.010, 3000), estimate("dynamic", 1, 0.020, 2000),
        estimate("dynamic", 2, 0.035, 3), estimate("simple", null, simple, 3000));
    return new OutputChecker(DisclosureSettings.defaults(5)).check(List.of(new KommunTables(settings).effects("t3", "Tabell 3",
        grupp, Map.of(U.column(), estimates), Map.of(U.column(), weights), Map.of(), 2)), List.of());
  }

  private static long withheld(CheckedOutputs out, Rule rule) {
    return out.withheld().stream().filter(w -> w.rule() == rule).count();
  }

  @Test
  void theAllYearsEstimateIsDeclaredAsTheYearsWeightedByTheirGroups() {
    CheckedOutputs declared = check(Map.of(0, 0.5, 1, 0.3, 2, 0.2));
    assertEquals(1, withheld(declared, Rule.ESTIMATE), "year 2's 3 treated");
    assertTrue(withheld(declared, Rule.SECONDARY) + withheld(declared, Rule.AUDIT) >= 1,
        "one more term of the relation, else year 2 = (all years - 0.5 x year 0 - 0.3 x year 1) / 0.2");
    assertTrue(declared.passed());

    CheckedOutputs weightsUnknown = check(Map.of());
    assertEquals(1, weightsUnknown.withheld().size(), "without the weights (an older results table) no relation is declared");
  }
}
