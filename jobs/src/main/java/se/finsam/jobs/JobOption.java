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
 */
public record JobOption(String name, String path, String help, boolean flag, boolean required) {

  public static JobOption of(String name, String path, String help) {
    return new JobOption(name, path, help, false, false);
  }

  public static JobOption required(String name, String path, String help) {
    return new JobOption(name, path, help, false, true);
  }

  public static JobOption flag(String name, String path, String help) {
    return new JobOption(name, path, help, true, false);
  }
}
