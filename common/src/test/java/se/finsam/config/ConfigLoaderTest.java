package se.finsam.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  @AfterEach
  void clearProperties() {
    System.clearProperty("finsam.precedence.c");
    System.clearProperty("finsam.precedence.d");
    System.clearProperty("finsam.precedence.e");
  }

  @Test
  void precedenceIsReferenceOverlayFileSystemPropertyEnvironmentCommandLine() throws Exception {
    File file = dir.resolve("run.conf").toFile();
    Files.writeString(file.toPath(), "finsam.precedence { b = file, c = file, d = file, e = file }\n");
    System.setProperty("finsam.precedence.c", "system");
    System.setProperty("finsam.precedence.d", "system");
    System.setProperty("finsam.precedence.e", "system");
    Map<String, String> env = Map.of("FINSAM_PRECEDENCE_D", "environment", "FINSAM_PRECEDENCE_E", "environment");
    ConfigLoader loader = new ConfigLoader(env, getClass().getClassLoader());

    Config config = loader.load(Optional.of("test"), Optional.of(file), Map.of("finsam.precedence.e", "cli"));

    assertEquals("overlay", config.getString("finsam.precedence.a"));
    assertEquals("file", config.getString("finsam.precedence.b"));
    assertEquals("system", config.getString("finsam.precedence.c"));
    assertEquals("environment", config.getString("finsam.precedence.d"));
    assertEquals("cli", config.getString("finsam.precedence.e"));
    // A key nobody overrides keeps its reference.conf default.
    assertEquals(5, config.getInt("finsam.disclosure.min-persons"));
    assertEquals("test", config.getString("finsam.profile"));
  }

  @Test
  void theProfileCanBeChosenByEnvironment() {
    ConfigLoader loader = new ConfigLoader(Map.of("FINSAM_PROFILE", "test"), getClass().getClassLoader());
    Config config = loader.load(Optional.empty(), Optional.empty(), Map.of());
    assertEquals("overlay", config.getString("finsam.precedence.a"));
  }

  @Test
  void unknownProfileAndMissingFileAreClearErrors() {
    ConfigLoader loader = new ConfigLoader(Map.of(), getClass().getClassLoader());
    IllegalArgumentException profile = assertThrows(IllegalArgumentException.class,
        () -> loader.load(Optional.of("nosuch"), Optional.empty(), Map.of()));
    assertTrue(profile.getMessage().contains("nosuch"), profile.getMessage());
    IllegalArgumentException file = assertThrows(IllegalArgumentException.class,
        () -> loader.load(Optional.of("test"), Optional.of(new File("/nonexistent/x.conf")), Map.of()));
    assertTrue(file.getMessage().contains("/nonexistent/x.conf"), file.getMessage());
  }

  @Test
  void environmentNamesMapToPaths() {
    assertEquals("finsam.warehouse", ConfigLoader.envNameToPath("FINSAM_WAREHOUSE"));
    assertEquals("finsam.disclosure.min-persons", ConfigLoader.envNameToPath("FINSAM_DISCLOSURE_MIN__PERSONS"));
    assertEquals("finsam.a.b_c", ConfigLoader.envNameToPath("FINSAM_A_B___C"));
  }

  @Test
  void secretsAreRedactedInTheRenderingAndTheHashIgnoresTheirValues() {
    Map<String, String> env = Map.of(
        "FINSAM_DB_PASSWORD", "hunter2-secret-value",
        "FINSAM_STORAGE_ACCESS__KEY", "AKIA-secret-value",
        "FINSAM_PSEUDONYM_KEY", "never-config");
    ConfigLoader loader = new ConfigLoader(env, getClass().getClassLoader());
    Config config = loader.load(Optional.of("test"), Optional.empty(), Map.of());
    String rendered = ConfigReport.render(config);

    assertFalse(rendered.contains("hunter2-secret-value"), rendered);
    assertFalse(rendered.contains("AKIA-secret-value"), rendered);
    assertFalse(rendered.contains("never-config"), rendered);
    assertTrue(rendered.contains("finsam.db.password = <redacted>"), rendered);
    assertTrue(rendered.contains("finsam.storage.access-key = <redacted>"), rendered);

    Config otherSecret = new ConfigLoader(Map.of("FINSAM_DB_PASSWORD", "other", "FINSAM_STORAGE_ACCESS__KEY", "x"),
        getClass().getClassLoader()).load(Optional.of("test"), Optional.empty(), Map.of());
    assertEquals(ConfigReport.hash(config), ConfigReport.hash(otherSecret));
    assertFalse(ConfigReport.redact(config).root().render().contains("hunter2-secret-value"));
  }

  @Test
  void hadoopKeysInTheSparkBlockAreRedactedToo() {
    Config config = com.typesafe.config.ConfigFactory.parseString(
        "finsam.spark.conf { \"spark.hadoop.fs.s3a.secret.key\" = s3-secret-value, "
            + "\"spark.hadoop.fs.s3a.access.key\" = s3-access-value, \"spark.hadoop.fs.s3a.endpoint\" = \"http://127.0.0.1:9000\" }");
    String rendered = ConfigReport.render(config);

    assertFalse(rendered.contains("s3-secret-value"), rendered);
    assertFalse(rendered.contains("s3-access-value"), rendered);
    assertTrue(rendered.contains("\"spark.hadoop.fs.s3a.secret.key\" = <redacted>"), rendered);
    assertTrue(rendered.contains("http://127.0.0.1:9000"), rendered);
    assertFalse(ConfigReport.redact(config).root().render().contains("s3-secret-value"));
  }
}
