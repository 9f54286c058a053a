package se.finsam.linkage;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The pseudonymisation key, read from the environment variable named by
 * {@code finsam.secrets.pseudonym-key-env} or, when that is unset, from the file named by
 * {@code finsam.secrets.pseudonym-key-file} (trailing line breaks dropped). Never from configuration
 * values, never logged: messages name where a key was looked for, not what it is.
 */
public final class PseudonymKey {
  /** HMAC-SHA-256 keys shorter than this are refused; 16 bytes is 128 bits of key at best. */
  public static final int MIN_BYTES = 16;

  private PseudonymKey() {}

  /** Thrown when no usable key is available; the job must not run without one. */
  public static final class MissingKeyException extends RuntimeException {
    MissingKeyException(String message) {
      super(message);
    }
  }

  public static byte[] load(Config config, Map<String, String> environment) {
    String envName = config.getString("finsam.secrets.pseudonym-key-env");
    String file = config.getString("finsam.secrets.pseudonym-key-file");
    byte[] key;
    String origin;
    String fromEnv = envName.isBlank() ? null : environment.get(envName);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      key = fromEnv.getBytes(StandardCharsets.UTF_8);
      origin = "environment variable " + envName;
    } else if (!file.isBlank()) {
      key = readFile(Path.of(file));
      origin = "key file " + file;
    } else {
      throw new MissingKeyException("no pseudonymisation key: set the environment variable " + envName
          + " or point finsam.secrets.pseudonym-key-file at a secrets file; refusing to run without a key");
    }
    if (key.length < MIN_BYTES) {
      Arrays.fill(key, (byte) 0);
      throw new MissingKeyException("the pseudonymisation key from " + origin + " is shorter than " + MIN_BYTES + " bytes");
    }
    return key;
  }

  private static byte[] readFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new MissingKeyException("pseudonymisation key file " + file + " does not exist");
    }
    try {
      byte[] bytes = Files.readAllBytes(file);
      int end = bytes.length;
      while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
        end--;
      }
      return Arrays.copyOf(bytes, end);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the pseudonymisation key file " + file, e);
    }
  }
}
