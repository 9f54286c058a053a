package se.finsam.warehouse;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import se.finsam.config.ConfigReport;

/**
 * Builds a job's inputs fingerprint from what it reads: Delta table versions (from the transaction log
 * listing, no Spark job), the bytes of small files such as delivery manifests, and configuration
 * subtrees. Equal inputs give equal fingerprints across runs and machines.
 */
public final class Fingerprint {
  private final MessageDigest digest;
  private final Configuration hadoop;

  private Fingerprint(Configuration hadoop) {
    this.hadoop = hadoop;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Fingerprint using(Configuration hadoop) {
    return new Fingerprint(hadoop);
  }

  public Fingerprint add(String value) {
    digest.update(value.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
    return this;
  }

  /** A configuration subtree, rendered with secrets redacted; absent paths count as absent. */
  public Fingerprint addConfig(Config config, String path) {
    return add(path + "=" + (config.hasPath(path)
        ? ConfigReport.redact(config).getValue(path).render(com.typesafe.config.ConfigRenderOptions.concise())
        : "<absent>"));
  }

  /** The latest committed version of a Delta table, or -1 when there is no table. */
  public Fingerprint addDeltaVersion(String tablePath) {
    return add(tablePath + "@" + deltaVersion(tablePath, hadoop));
  }

  /** The names and contents of every file under {@code dir} whose name ends with {@code suffix}. */
  public Fingerprint addFiles(String dir, String suffix) {
    Path root = new Path(dir);
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      if (!fs.exists(root)) {
        return add(dir + ":<none>");
      }
      List<Path> files = Warehouse.filesNamed(fs, root, suffix, Integer.MAX_VALUE);
      files.sort(Comparator.comparing(Path::toString));
      for (Path f : files) {
        add(f.toString());
        try (InputStream in = fs.open(f)) {
          digest.update(in.readAllBytes());
        }
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot fingerprint " + dir, e);
    }
  }

  public String value() {
    return HexFormat.of().formatHex(digest.digest()).substring(0, 24);
  }

  /** Latest version in {@code _delta_log} (commit files are named by zero-padded version numbers). */
  public static long deltaVersion(String tablePath, Configuration hadoop) {
    Path log = new Path(tablePath, "_delta_log");
    try {
      FileSystem fs = log.getFileSystem(hadoop);
      if (!fs.exists(log)) {
        return -1;
      }
      long latest = -1;
      for (FileStatus f : fs.listStatus(log)) {
        String name = f.getPath().getName();
        if (name.endsWith(".json") && name.length() == 25) {
          latest = Math.max(latest, Long.parseLong(name.substring(0, 20)));
        }
      }
      return latest;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Delta log of " + tablePath, e);
    }
  }
}
