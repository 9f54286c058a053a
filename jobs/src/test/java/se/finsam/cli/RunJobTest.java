package se.finsam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import se.finsam.config.ConfigLoader;
import se.finsam.spark.SharedSpark;
import se.finsam.jobs.Job;
import se.finsam.jobs.JobContext;
import se.finsam.jobs.JobOption;
import se.finsam.jobs.JobRunner;
import se.finsam.jobs.UsageException;

@ExtendWith(SharedSpark.class)
class RunJobTest {
  @TempDir Path dir;
  private final List<String> ran = new ArrayList<>();
  private final List<String> periods = new ArrayList<>();

  /** A step whose inputs are one file: its fingerprint is the file's content. */
  private final class FileStep implements Job {
    private final String name;
    private final Path input;

    FileStep(String name, Path input) {
      this.name = name;
      this.input = input;
    }

    @Override public String name() { return name; }
    @Override public String summary() { return "test step"; }
    @Override public List<JobOption> options() { return List.of(); }
    @Override public void run(JobContext context) {
      ran.add(name);
      periods.add(context.config().getString("finsam.ingest.period"));
      context.metrics().read(name, 1);
    }
    @Override public Optional<String> inputsFingerprint(JobContext context) {
      try {
        return Optional.of(Files.readString(input));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  private int runChain(Path a, Path b, String... args) {
    Map<String, Job> steps = Map.of("ingest", new FileStep("ingest", a), "panel", new FileStep("panel", b));
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    RunJob chain = new RunJob(new PrintStream(progress, true, StandardCharsets.UTF_8), n -> Optional.ofNullable(steps.get(n)));
    Map<String, String> env = Map.of("FINSAM_WAREHOUSE", dir.resolve("wh").toString());
    List<String> withSteps = new ArrayList<>(List.of("--conf", chainConf().toString()));
    withSteps.addAll(List.of(args));
    return new JobRunner(new ConfigLoader(env, getClass().getClassLoader()), c -> SharedSpark.session(),
        System.out, System.err).execute(chain, withSteps.toArray(String[]::new));
  }

  private Path chainConf() {
    try {
      return Files.writeString(dir.resolve("chain.conf"), "finsam.run.designs.seed002 = [ingest, panel]\n");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void unchangedStepsAreSkippedAndAChangedInputRerunsOnlyFromThere() throws Exception {
    Path a = Files.writeString(dir.resolve("a.txt"), "deliveries v1");
    Path b = Files.writeString(dir.resolve("b.txt"), "curated v1");

    assertEquals(0, runChain(a, b));
    assertEquals(List.of("ingest", "panel"), ran);

    ran.clear();
    assertEquals(0, runChain(a, b));
    assertEquals(List.of(), ran, "nothing changed, nothing runs");

    Files.writeString(b, "curated v2");
    ran.clear();
    assertEquals(0, runChain(a, b));
    assertEquals(List.of("panel"), ran);

    ran.clear();
    assertEquals(0, runChain(a, b, "--only", "ingest"));
    assertEquals(List.of("ingest"), ran, "an explicitly named step runs even when unchanged");

    ran.clear();
    periods.clear();
    assertEquals(0, runChain(a, b, "--period", "2020-06"));
    assertEquals(List.of("ingest", "panel"), ran, "a period re-run runs every step though no input changed");
    assertEquals("2020-06", periods.get(0), "the chain's ingest reloads that period");
  }

  @Test
  void stepSelection() {
    Config config = chain("[synth, ingest, panel, estimate, report]", "panel", "");
    assertEquals(List.of("panel", "estimate", "report"), RunJob.selectedSteps(config));
    assertEquals(List.of("ingest"), RunJob.selectedSteps(chain("[synth, ingest, panel]", "", "ingest")));
    UsageException e = assertThrows(UsageException.class, () -> RunJob.selectedSteps(chain("[synth, ingest]", "nosuch", "")));
    assertTrue(e.getMessage().contains("nosuch"));
  }

  @Test
  void aDesignNamesItsSteps() {
    Config designs = ConfigFactory.parseString("finsam.run { design = \"sus-followup\", from = \"\", only = \"\", "
        + "designs { seed002 = [synth, ingest, panel], \"sus-followup\" = [ingest, followup] } }");
    assertEquals(List.of("ingest", "followup"), RunJob.selectedSteps(designs));
    Config unknown = designs.withValue("finsam.run.design", com.typesafe.config.ConfigValueFactory.fromAnyRef("nosuch"));
    UsageException e = assertThrows(UsageException.class, () -> RunJob.selectedSteps(unknown));
    assertTrue(e.getMessage().contains("'nosuch'") && e.getMessage().contains("seed002, sus-followup"), e.getMessage());
  }

  private static Config chain(String steps, String from, String only) {
    return ConfigFactory.parseString("finsam.run { design = seed002, designs.seed002 = " + steps
        + ", from = \"" + from + "\", only = \"" + only + "\" }");
  }
}
