package se.finsam.jobs;

import java.util.List;
import java.util.Optional;

/**
 * A finsam job: a thin composition of transformations, run by {@link JobRunner} from the launcher
 * ({@code ./finsam <name>}) or from its own main class under spark-submit.
 */
public interface Job {
  /** The name used on the command line and in the audit table. */
  String name();

  /** One line for {@code ./finsam --help}. */
  String summary();

  /** Command-line options; each one overrides a configuration path. */
  List<JobOption> options();

  /**
   * Checks the configuration before anything runs or is written: a setting that names something that
   * does not exist (an unknown model, outcome or mode) throws {@link UsageException} (exit 2) or
   * {@link IllegalArgumentException}. Nothing by default.
   */
  default void validate(com.typesafe.config.Config config) {}

  /** Does the work; throws to fail the run. Counts go to {@code context.metrics()}. */
  void run(JobContext context) throws Exception;

  /**
   * A short value that changes whenever what this job would read changes (delivery checksums, Delta
   * table versions, the settings it uses), computed cheaply before the run. {@code ./finsam run} skips
   * a step whose fingerprint equals that of its last successful run. Empty: always run.
   */
  default Optional<String> inputsFingerprint(JobContext context) {
    return Optional.empty();
  }
}
