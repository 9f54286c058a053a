package se.finsam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import se.finsam.ingest.TestDeliveries;
import se.finsam.jobs.Job;
import se.finsam.jobs.JobRunner;

/**
 * Every job the launcher lists keeps the command-line contract: {@code --help} prints its usage and exits
 * 0, an unknown option is a usage error (exit 2) that names the option. ci/check-launcher.sh checks the
 * launcher script itself around one job; this covers all of them without a JVM each.
 */
class FinsamTest {
  @TestFactory
  List<DynamicTest> everyJobHasHelpAndRefusesAnUnknownOption() {
    return Finsam.jobs().stream().map(job -> DynamicTest.dynamicTest(job.name(), () -> check(job))).toList();
  }

  private static void check(Job job) {
    assertEquals(job.getClass(), Finsam.job(job.name()).orElseThrow().getClass(), "found by its name");
    assertEquals(job.getClass(), Finsam.job(job.getClass().getName()).orElseThrow().getClass(), "found by its main class");
    assertTrue(Finsam.help().contains("  " + job.name() + " "), "listed in ./finsam --help");
    TestDeliveries.Run help = TestDeliveries.run(job, "--help");
    assertEquals(JobRunner.OK, help.exitCode(), help.err());
    assertTrue(help.out().contains("Usage: ./finsam " + job.name()), help.out());
    TestDeliveries.Run wrong = TestDeliveries.run(job, "--no-such-option", "1");
    assertEquals(JobRunner.USAGE, wrong.exitCode(), wrong.err());
    assertTrue(wrong.err().contains("unknown option --no-such-option"), wrong.err());
  }
}
