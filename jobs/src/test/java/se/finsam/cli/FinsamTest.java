package se.finsam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import se.finsam.jobs.Job;

/** The registry of jobs behind the launcher. */
class FinsamTest {
  @Test
  void launcherHelpListsEveryJob() {
    String help = Finsam.help();
    for (Job job : Finsam.JOBS) {
      assertTrue(help.contains(job.name()) && help.contains(job.summary()), job.name());
    }
  }

  @Test
  void aJobIsFoundByItsNameOrItsMainClass() {
    assertEquals("did", Finsam.job("se.finsam.did.DidJob").orElseThrow().name());
    assertEquals(RunJob.class, Finsam.job("run").orElseThrow().getClass());
    assertTrue(Finsam.job("se.finsam.jobs.RunJob").isEmpty());
  }
}
