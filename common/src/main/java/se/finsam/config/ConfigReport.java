package se.finsam.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** What a job logs and records of its configuration: the {@code finsam} tree with secrets redacted, and its hash. */
public final class ConfigReport {
  private static final Pattern SECRET =
      Pattern.compile("(?i).*(secret|password|passwd|token|credential|private|api-?key|access-?key|pseudonym-key|\\.key)$");
  public static final String REDACTED = "<redacted>";

  private ConfigReport() {}

  public static boolean isSecret(String path) {
    // Spark and Hadoop keys are quoted path elements (finsam.spark.conf."spark.hadoop.fs.s3a.secret.key").
    return SECRET.matcher(path.replace("\"", "")).matches();
  }

  /** The {@code finsam} subtree, sorted, one {@code path = value} per line, secrets redacted. */
  public static String render(Config config) {
    Map<String, String> lines = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : config.getConfig("finsam").entrySet()) {
      String path = "finsam." + e.getKey();
      lines.put(path, isSecret(path) ? REDACTED : e.getValue().render(ConfigRenderOptions.concise()));
    }
    StringBuilder out = new StringBuilder();
    lines.forEach((k, v) -> out.append(k).append(" = ").append(v).append('\n'));
    return out.toString();
  }

  /** SHA-256 (first 16 hex digits) of the redacted rendering: equal configurations, equal hashes. */
  public static String hash(Config config) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(render(config).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A copy of the configuration with secret values replaced, for anything that leaves the process. */
  public static Config redact(Config config) {
    Config out = config;
    for (Map.Entry<String, ConfigValue> e : config.getConfig("finsam").entrySet()) {
      String path = "finsam." + e.getKey();
      if (isSecret(path)) {
        out = out.withValue(path, ConfigValueFactory.fromAnyRef(REDACTED));
      }
    }
    return out;
  }
}
