package se.finsam.jobs;

/** A wrong command line: the runner prints the message and exits with code 2. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
