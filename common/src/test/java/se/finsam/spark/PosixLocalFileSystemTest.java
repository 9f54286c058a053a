package se.finsam.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedSpark.class)
class PosixLocalFileSystemTest {
  @TempDir java.nio.file.Path dir;

  @Test
  void modesBecomeTheirNineBits() {
    assertEquals(PosixFilePermissions.fromString("rwxr-xr--"), PosixLocalFileSystem.posix((short) 0754));
    assertEquals(PosixFilePermissions.fromString("rw-------"), PosixLocalFileSystem.posix((short) 0600));
    assertEquals(PosixFilePermissions.fromString("--x-w-r--"), PosixLocalFileSystem.posix((short) 0124));
  }

  @Test
  void theSessionsFilesGetTheirPermissionsAndAreRenamedWithoutAProcess(SparkSession spark) throws Exception {
    FileContext context = FileContext.getFileContext(URI.create("file:///"), spark.sparkContext().hadoopConfiguration());
    assertInstanceOf(PosixLocalFileSystem.Fs.class, context.getDefaultFileSystem(), "fs.AbstractFileSystem.file.impl");
    FileSystem fs = FileSystem.get(URI.create("file:///"), spark.sparkContext().hadoopConfiguration());
    assertInstanceOf(PosixLocalFileSystem.class, fs, "fs.file.impl of common reference.conf");
    Path folder = new Path(dir.resolve("a/b").toUri());
    Path file = new Path(folder, "part-0.parquet");
    java.nio.file.Path recorded = dir.resolve("processes.jfr");
    try (Recording recording = new Recording()) {
      recording.enable("jdk.ProcessStart");
      recording.start();
      fs.mkdirs(folder, new FsPermission((short) 0750));
      try (FSDataOutputStream out = fs.create(file, new FsPermission((short) 0640), false, 4096, (short) 1, 1 << 20, null)) {
        out.writeUTF("x");
      }
      // As Delta's log store commits: FileContext writes a temporary file and renames it.
      Path temporary = new Path(folder, ".00000.json.tmp");
      try (FSDataOutputStream out = context.create(temporary, EnumSet.of(CreateFlag.CREATE),
          Options.CreateOpts.perms(new FsPermission((short) 0644)))) {
        out.writeUTF("{}");
      }
      context.rename(temporary, new Path(folder, "00000.json"), Options.Rename.NONE);
      recording.stop();
      recording.dump(recorded);
    }
    assertEquals(PosixFilePermissions.fromString("rwxr-x---"), Files.getPosixFilePermissions(dir.resolve("a/b")));
    assertEquals(PosixFilePermissions.fromString("rw-r-----"), Files.getPosixFilePermissions(dir.resolve("a/b/part-0.parquet")));
    assertEquals(PosixFilePermissions.fromString("rw-r--r--"), Files.getPosixFilePermissions(dir.resolve("a/b/00000.json")));
    List<String> started = RecordingFile.readAllEvents(recorded).stream()
        .map((RecordedEvent e) -> e.getString("command")).toList();
    assertEquals(List.of(), started, "processes started while creating the folder and the files, and renaming one");
  }
}
