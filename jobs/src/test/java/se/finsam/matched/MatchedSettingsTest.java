package se.finsam.matched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
  }
}
