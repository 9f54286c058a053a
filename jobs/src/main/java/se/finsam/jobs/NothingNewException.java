package se.finsam.jobs;

/**
 * Thrown by a job asked to require new input when there is none: the run is recorded as succeeded and
 * exits with {@link JobRunner#NOTHING_NEW}, which a scheduler treats as "skip the rest" (Airflow's
 * {@code skip_on_exit_code}).
 */
public final class NothingNewException extends RuntimeException {
  public NothingNewException(String message) {
    super(message);
  }
}
