package se.finsam.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One ingest at a time per warehouse. Delta's optimistic concurrency would reject a second writer's
 * commit, but only after both had done the work, and with an error about Delta's log, not about the
 * other run; so an ingest first creates {@code <warehouse>/_locks/ingest.lock} exclusively (an atomic
 * create-if-absent on the local file system and HDFS; on S3 the check and the create are two requests,
 * see the README) holding who took it, and a second ingest waits for it up to a limit, then stops
 * with a message naming the lock, its holder and the deliveries it would have loaded. The lock is
 * released on close and by a shutdown hook when the JVM is interrupted; a lock left by a killed JVM
 * must be removed by hand, as the message says.
 */
final class IngestLock implements AutoCloseable {
  static final String PATH = "_locks/ingest.lock";
  private static final Duration POLL = Duration.ofMillis(500);

  private final FileSystem fs;
  private final Path path;
  private final Thread releaseOnExit;

  private IngestLock(FileSystem fs, Path path) {
    this.fs = fs;
    this.path = path;
    this.releaseOnExit = new Thread(this::release, "finsam-ingest-lock-release");
    Runtime.getRuntime().addShutdownHook(releaseOnExit);
  }

  /**
   * Takes the lock, waiting up to {@code wait} while another run holds it.
   *
   * @param holder who takes it (run id), written into the lock for the message of whoever waits
   * @param wanted the deliveries this run would load, for the message if it has to stop
   */
  static IngestLock acquire(String warehouseRoot, Configuration hadoop, String holder, Duration wait, String wanted) {
    Path path = new Path(warehouseRoot, PATH);
    Instant deadline = Instant.now().plus(wait);
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      fs.mkdirs(path.getParent());
      String content = "run " + holder + ", process " + ManagementFactory.getRuntimeMXBean().getName()
          + ", since " + Instant.now() + "\n";
      while (true) {
        if (createExclusively(fs, path, content)) {
          return new IngestLock(fs, path);
        }
        if (!Instant.now().isBefore(deadline)) {
          throw new DeliveryException("ingest stopped: the warehouse's ingest lock " + path + " is held by "
              + heldBy(fs, path) + " (waited " + wait.toSeconds() + " s, finsam.ingest.lock.wait); this run would "
              + "have loaded " + wanted + ". Run it again when that ingest has finished; if no ingest is running "
              + "(a killed process leaves its lock), remove " + path + ".");
        }
        Thread.sleep(POLL.toMillis());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take the ingest lock " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the ingest lock " + path, e);
    }
  }

  /** Create-if-absent in one step: O_EXCL on the local disk, the name node's create without overwrite elsewhere. */
  private static boolean createExclusively(FileSystem fs, Path path, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    if (fs instanceof LocalFileSystem local) {
      try {
        Files.write(Paths.get(local.pathToFile(path).toURI()), bytes, java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }
    try (OutputStream out = fs.create(path, false)) {
      out.write(bytes);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    }
  }

  private static String heldBy(FileSystem fs, Path path) {
    try (InputStream in = fs.open(path)) {
      return StrictText.printable(new String(in.readNBytes(400), StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      return "a run that has just released it";
    }
  }

  private void release() {
    try {
      fs.delete(path, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the ingest lock " + path, e);
    }
  }

  @Override
  public void close() {
    release();
    try {
      Runtime.getRuntime().removeShutdownHook(releaseOnExit);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down; the hook releases (again, harmlessly).
    }
  }
}
