package se.finsam.spark;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsConstants;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

/**
 * Hadoop's local file system ({@code file://}, set as {@code fs.file.impl} in common {@code reference.conf};
 * {@link Fs} the same for {@code FileContext}, {@code fs.AbstractFileSystem.file.impl}, which Delta's log store
 * commits through) with permissions set and links read by {@code java.nio} instead of a {@code chmod} or
 * {@code readlink} process. Without Hadoop's native library, which Spark does not ship, {@link RawLocalFileSystem}
 * starts {@code chmod} for every file and folder it creates and {@code readlink} for every rename's target:
 * 3 651 processes in a chain at 100 000 persons, each forked from a JVM of several GB. Everything else, the
 * checksum files included, is Hadoop's own.
 */
public class PosixLocalFileSystem extends LocalFileSystem {
  public PosixLocalFileSystem() {
    super(new Raw());
  }

  /** {@code FileContext}'s local file system over {@link Raw}, as Hadoop's {@code LocalFs} over its raw one. */
  public static final class Fs extends ChecksumFs {
    public Fs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(new DelegateToFileSystem(uri, new Raw(), conf, FsConstants.LOCAL_FS_URI.getScheme(), false) {
        @Override
        public int getUriDefaultPort() {
          return -1;
        }

        @Override
        public FsServerDefaults getServerDefaults(Path f) throws IOException {
          return LocalConfigKeys.getServerDefaults();
        }

        @Override
        @Deprecated
        public FsServerDefaults getServerDefaults() throws IOException {
          return LocalConfigKeys.getServerDefaults();
        }

        @Override
        public boolean isValidName(String src) {
          return true;
        }
      });
    }
  }

  static final class Raw extends RawLocalFileSystem {
    /** A path that is not a link needs no {@code readlink}: its link status is its status. */
    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      if (!Files.isSymbolicLink(pathToFile(f).toPath())) {
        return getFileStatus(f);
      }
      return super.getFileLinkStatus(f);
    }

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
