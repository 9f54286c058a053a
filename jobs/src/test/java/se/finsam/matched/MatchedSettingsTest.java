package se.finsam.matched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import se.finsam.config.ConfigLoader;
import se.finsam.jobs.JobOption;

/** The settings are checked when read, naming the key and the allowed values. */
class MatchedSettingsTest {
  private static Config with(Map<String, Object> overrides) {
    return ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  void theDefaultsAreSeed000s() {
    MatchedSettings s = MatchedSettings.from(with(Map.of()));
    assertEquals(2012, s.baseYear());
    assertEquals(List.of(2011, 2012, 2013, 2014), s.years());
    assertEquals(List.of("psykiatrisk", "ae_varaktighet", "ae_omfattning", "utbildning", "kon"), s.variables());
    assertEquals(44000.0, s.prisbasbelopp().get(2012));
    assertTrue(s.afAnstallning().containsAll(List.of("21", "58")));
  }

  @Test
  void badValuesAreRefusedWithTheKeyNamed() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> MatchedSettings.from(
        with(Map.of("finsam.matched.variables", List.of("kon", "hregion"))))).getMessage().contains("unknown variable 'hregion'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> MatchedSettings.from(
        with(Map.of("finsam.matched.before-year", 2012)))).getMessage().contains("before-year"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> MatchedSettings.from(
        with(Map.of("finsam.matched.method", "kernel")))).getMessage().contains("exact, nearest"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> MatchedSettings.from(
        with(Map.of("finsam.matched.followup-years", List.of(2030))))).getMessage().contains("prisbasbelopp has no value for 2025"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> MatchedSettings.from(
        with(Map.of("finsam.matched.h-region.storre-stader", List.of("0380", "1480"))))).getMessage()
        .contains("municipality 1480 is listed twice"));
  }

  /** The options as the command line sets them (strings): `--base-year 2015` alone gives seed 000's offsets. */
  private static MatchedSettings fromCommandLine(Map<String, Object> options) {
    return MatchedSettings.from(new ConfigLoader(Map.of(), MatchedSettingsTest.class.getClassLoader())
        .load(Optional.empty(), Optional.empty(), options));
  }

  @Test
  void theBeforeAndFollowupYearsFollowTheBaseYearUnlessSet() {
    List<String> options = new MatchedJob().options().stream().map(JobOption::name).toList();
    assertTrue(options.containsAll(List.of("base-year", "before-year", "followup-years")), options.toString());
    MatchedSettings later = fromCommandLine(Map.of("finsam.matched.base-year", "2015"));
    assertEquals(2014, later.beforeYear());
    assertEquals(List.of(2017), later.followupYears());
    MatchedSettings set = fromCommandLine(Map.of("finsam.matched.base-year", "2015", "finsam.matched.before-year", "2013",
        "finsam.matched.followup-years", "2016, 2018"));
    assertEquals(2013, set.beforeYear());
    assertEquals(List.of(2016, 2018), set.followupYears());
    // A DAG parameter left empty is unset.
    MatchedSettings blank = fromCommandLine(Map.of("finsam.matched.base-year", "2016", "finsam.matched.before-year", "",
        "finsam.matched.followup-years", ""));
    assertEquals(2015, blank.beforeYear());
    assertEquals(List.of(2018), blank.followupYears());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> fromCommandLine(Map.of("finsam.matched.followup-years", "2014,x")))
        .getMessage().contains("followup-years"));
  }
}
