package se.finsam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import se.finsam.jobs.JobContext;
import se.finsam.jobs.JobMetrics;

class RunDesignSettingsTest {
  private static JobContext context(String design) {
    Config config = ConfigFactory.parseString("finsam { run { design = " + design + ", design-settings { kommun {"
        + " synth { from = 200301, shares { befolkning = 1 } } } } }, synth { from = 201001, to = 202404,"
        + " shares { befolkning = 0, pool = 0.25 } } }");
    return new JobContext("r1", config, null, null, new JobMetrics());
  }

  @Test
  void aDesignsSettingsAreLaidOverTheConfiguration() {
    Config config = RunJob.withDesignSettings(context("kommun")).config();
    assertEquals(200301, config.getInt("finsam.synth.from"), "set by the design");
    assertEquals(1.0, config.getDouble("finsam.synth.shares.befolkning"), "set by the design");
    assertEquals(202404, config.getInt("finsam.synth.to"), "not set by the design: unchanged");
    assertEquals(0.25, config.getDouble("finsam.synth.shares.pool"), "a sibling of a key the design sets: unchanged");
  }

  @Test
  void aDesignWithoutSettingsKeepsTheConfiguration() {
    JobContext context = context("seed002");
    assertSame(context, RunJob.withDesignSettings(context));
  }
}
