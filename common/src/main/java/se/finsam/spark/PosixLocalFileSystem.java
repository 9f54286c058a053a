package se.finsam.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

/**
 * Hadoop's local file system ({@code file://}, set as {@code fs.file.impl} in common {@code reference.conf})
 * with permissions set by {@code java.nio} instead of a {@code chmod} process. Without Hadoop's native
 * library, which Spark does not ship, {@link RawLocalFileSystem} starts {@code chmod} for every file and
 * folder it creates: 4 084 processes in a chain at 100 000 persons, each forked from a JVM of several GB.
 * Everything else, the checksum files included, is Hadoop's own.
 */
public class PosixLocalFileSystem extends LocalFileSystem {
  public PosixLocalFileSystem() {
    super(new Raw());
  }

  static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      // The sticky bit has no java.nio form; Hadoop's native call needs no process.
      if (NativeIO.isAvailable() || permission.getStickyBit()) {
        super.setPermission(p, permission);
        return;
      }
      try {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission.toShort()));
      } catch (UnsupportedOperationException notPosix) {
        super.setPermission(p, permission);
      }
    }
  }

  /** The nine rwx bits of a mode as java.nio's set; {@link PosixFilePermission} lists them from the highest bit. */
  static Set<PosixFilePermission> posix(short mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] all = PosixFilePermission.values();
    for (int i = 0; i < all.length; i++) {
      if ((mode & (1 << (all.length - 1 - i))) != 0) {
        set.add(all[i]);
      }
    }
    return set;
  }
}
