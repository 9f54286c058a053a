package se.finsam.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checks a delivery's files against its manifest: every file present with the SHA-256 it claims, a CSV
 * file's bytes all valid in the manifest's encoding (checked in the same read, {@link StrictText}), and
 * (once counted) the number of data rows it claims. A mismatch is a broken delivery, not a bad row, so
 * it fails the load with a message naming the file and what was expected and found.
 */
public final class DeliveryFiles {
  private DeliveryFiles() {}

  /** Files are hashed in parallel threads: reading and hashing are what a large delivery waits for here. */
  public static void checkPresentAndChecksums(DeliveryManifest manifest, Configuration hadoop) {
    if (manifest.files().isEmpty()) {
      throw new DeliveryException(manifest.deliveryId() + ": the manifest lists no files");
    }
    manifest.files().parallelStream().forEach(file -> checkPresentAndChecksum(manifest, file, hadoop));
  }

  private static void checkPresentAndChecksum(DeliveryManifest manifest, DeliveryManifest.FileEntry file, Configuration hadoop) {
    Path path = new Path(manifest.path(file));
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      if (!fs.exists(path)) {
        throw new DeliveryException(manifest.deliveryId() + ": file " + file.path() + " listed in the manifest is missing");
      }
      StrictText.Checked checked = manifest.isCsv() ? hashDecoding(manifest, file, path, hadoop)
          : new StrictText.Checked(sha256(path, hadoop), null);
      if (!checked.sha256().equalsIgnoreCase(file.sha256())) {
        throw new DeliveryException(manifest.deliveryId() + ": checksum mismatch for file " + file.path()
            + ": manifest sha256 " + file.sha256() + ", actual " + checked.sha256());
      }
      if (checked.invalid() != null) {
        throw checked.invalid();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /** Fails unless every file has the row count its manifest entry claims. */
  public static void checkRowCounts(DeliveryManifest manifest, Map<String, Long> rowsByFile) {
    for (DeliveryManifest.FileEntry file : manifest.files()) {
      long actual = rowsByFile.getOrDefault(file.path(), 0L);
      if (actual != file.rows()) {
        throw new DeliveryException(manifest.deliveryId() + ": row count mismatch for file " + file.path()
            + ": manifest says " + file.rows() + " rows, the file has " + actual);
      }
    }
  }

  /** SHA-256 of a file's bytes as lower-case hex, streamed so that large files never sit in memory. */
  public static String sha256(Path path, Configuration hadoop) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = path.getFileSystem(hadoop).open(path)) {
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** A CSV file's checksum and its strict decoding in the manifest's encoding, in one read. */
  private static StrictText.Checked hashDecoding(DeliveryManifest manifest, DeliveryManifest.FileEntry file, Path path,
                                                 Configuration hadoop) throws IOException {
    try (InputStream in = path.getFileSystem(hadoop).open(path)) {
      return StrictText.hashDecoding(in, manifest.encoding(), sha256(), manifest.deliveryId(), file.path());
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
