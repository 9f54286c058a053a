package se.finsam.jobs;

/**
 * A command-line option that sets a configuration path, so that a job has one source of truth for
 * its settings and {@code --help} can show the effective default.
 *
 * @param name option name without the leading dashes
 * @param path configuration path it overrides
 * @param help one line of help
 * @param flag true when the option takes no value and sets the path to {@code true}
 * @param required true when the run must not start without a value
 * @param repeatable true when each occurrence adds a value to the path's list instead of replacing it
 */
public record JobOption(String name, String path, String help, boolean flag, boolean required, boolean repeatable) {

  public static JobOption of(String name, String path, String help) {
    return new JobOption(name, path, help, false, false, false);
  }

  public static JobOption required(String name, String path, String help) {
    return new JobOption(name, path, help, false, true, false);
  }

  public static JobOption flag(String name, String path, String help) {
    return new JobOption(name, path, help, true, false, false);
  }

  /** An option given any number of times; its path is a list of the values in command-line order. */
  public static JobOption repeatable(String name, String path, String help) {
    return new JobOption(name, path, help, false, false, true);
  }
}
