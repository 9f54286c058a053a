package se.finsam.synth;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.HashMap;
import java.util.Map;

/** Settings for fast tests: the reference defaults with a few hundred persons. */
final class SynthTestSupport {
  private SynthTestSupport() {}

  static Config config(Map<String, Object> overrides) {
    Map<String, Object> all = new HashMap<>();
    all.put("finsam.synth.persons", 300);
    all.put("finsam.synth.partitions", 2);
    all.putAll(overrides);
    return ConfigFactory.parseMap(all).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  static SynthSettings settings(Map<String, Object> overrides) {
    return SynthSettings.from(config(overrides));
  }
}
