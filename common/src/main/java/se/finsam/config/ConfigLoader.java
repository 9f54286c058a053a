package se.finsam.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.File;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Loads finsam's configuration in one fixed order, lowest first:
 * {@code reference.conf} of every module &lt; the profile overlay ({@code conf/<profile>.conf}, packaged
 * as {@code finsam/profiles/<profile>.conf}) &lt; a file given with {@code --conf} &lt; {@code -Dfinsam.…}
 * system properties &lt; {@code FINSAM_…} environment variables &lt; command-line job options.
 *
 * <p>Environment names map to paths the way Typesafe's {@code CONFIG_FORCE_} overrides do, with the
 * {@code FINSAM_} prefix kept as the root: {@code _} separates path elements, {@code __} is a dash and
 * {@code ___} an underscore; names are lower-cased. {@code FINSAM_WAREHOUSE} is {@code finsam.warehouse},
 * {@code FINSAM_DISCLOSURE_MIN__PERSONS} is {@code finsam.disclosure.min-persons}.
 */
public final class ConfigLoader {
  public static final String ENV_PREFIX = "FINSAM_";
  private static final String PROFILE_PATH = "finsam.profile";
  /** Environment names that hold secrets or launcher settings, never configuration paths. */
  private static final java.util.Set<String> ENV_NOT_CONFIG =
      java.util.Set.of("FINSAM_HOME", "FINSAM_JAVA_OPTS", "FINSAM_DRIVER_MEMORY", "FINSAM_CDS", "FINSAM_PSEUDONYM_KEY");

  private final Map<String, String> environment;
  private final ClassLoader classLoader;

  public ConfigLoader(Map<String, String> environment, ClassLoader classLoader) {
    this.environment = Map.copyOf(environment);
    this.classLoader = classLoader;
  }

  public static ConfigLoader fromProcess() {
    return new ConfigLoader(System.getenv(), ConfigLoader.class.getClassLoader());
  }

  /**
   * @param profile explicit profile (from {@code --profile}), or empty to take {@code finsam.profile}
   * @param file an explicit configuration file ({@code --conf}), or empty
   * @param cliOverrides job options given on the command line, by configuration path
   */
  public Config load(Optional<String> profile, Optional<File> file, Map<String, Object> cliOverrides) {
    ConfigFactory.invalidateCaches();
    Config reference = ConfigFactory.defaultReference(classLoader);
    Config fileConfig = file.map(ConfigLoader::parseFile).orElse(ConfigFactory.empty());
    Config system = ConfigFactory.systemProperties();
    Config env = environmentOverrides();
    Config cli = ConfigFactory.parseMap(cliOverrides, "command line");

    String profileName = profile.orElseGet(() ->
        cli.withFallback(env).withFallback(system).withFallback(fileConfig).withFallback(reference)
            .getString(PROFILE_PATH));
    Config overlay = profileOverlay(profileName);

    return cli.withFallback(env)
        .withFallback(system)
        .withFallback(fileConfig)
        .withFallback(overlay)
        .withFallback(reference)
        .withValue(PROFILE_PATH, ConfigValueFactory.fromAnyRef(profileName, "selected profile"))
        .resolve();
  }

  private Config profileOverlay(String profileName) {
    String resource = "finsam/profiles/" + profileName + ".conf";
    if (classLoader.getResource(resource) == null) {
      throw new IllegalArgumentException("unknown profile '" + profileName + "': no " + resource
          + " on the classpath (the profiles are the files in conf/)");
    }
    return ConfigFactory.parseResources(classLoader, resource,
        ConfigParseOptions.defaults().setAllowMissing(false));
  }

  private static Config parseFile(File file) {
    if (!file.isFile()) {
      throw new IllegalArgumentException("configuration file not found: " + file);
    }
    return ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setAllowMissing(false));
  }

  Config environmentOverrides() {
    Map<String, Object> values = new HashMap<>();
    environment.forEach((name, value) -> {
      if (name.startsWith(ENV_PREFIX) && !ENV_NOT_CONFIG.contains(name)) {
        values.put(envNameToPath(name), value);
      }
    });
    return ConfigFactory.parseMap(values, "environment");
  }

  static String envNameToPath(String name) {
    StringBuilder path = new StringBuilder();
    int i = 0;
    while (i < name.length()) {
      char c = name.charAt(i);
      if (c != '_') {
        path.append(Character.toLowerCase(c));
        i++;
        continue;
      }
      int run = 0;
      while (i + run < name.length() && name.charAt(i + run) == '_') {
        run++;
      }
      path.append(run == 1 ? "." : run == 2 ? "-" : "_");
      i += run;
    }
    return path.toString().toLowerCase(Locale.ROOT);
  }
}
