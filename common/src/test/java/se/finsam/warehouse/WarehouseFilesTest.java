package se.finsam.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarehouseFilesTest {
  @TempDir java.nio.file.Path dir;

  @Test
  void findsTheNamedFilesInEveryFolderAndStopsAtTheWanted() throws Exception {
    for (String file : List.of("a/a-1/_manifest.json", "a/a-1/part-0.csv", "b/b-1/_manifest.json", "c/_manifest.json",
        "c/notes.txt")) {
      Files.createDirectories(dir.resolve(file).getParent());
      Files.writeString(dir.resolve(file), "x");
    }
    Path root = new Path(dir.toUri());
    FileSystem fs = root.getFileSystem(new Configuration());

    List<Path> all = Warehouse.filesNamed(fs, root, "_manifest.json", Integer.MAX_VALUE);
    all.sort(Comparator.comparing(Path::toString));
    assertEquals(List.of("a/a-1/_manifest.json", "b/b-1/_manifest.json", "c/_manifest.json"),
        all.stream().map(p -> dir.toUri().relativize(p.toUri()).getPath()).toList());
    assertEquals(1, Warehouse.filesNamed(fs, root, "_manifest.json", 1).size());
    assertEquals(2, Warehouse.filesNamed(fs, root, "_manifest.json", 2).size());
    assertEquals(List.of(), Warehouse.filesNamed(fs, root, ".parquet", Integer.MAX_VALUE));
  }
}
