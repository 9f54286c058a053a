package se.finsam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two designs publishing into one run's folder on the local file system (no Spark needed). */
class ReportFolderTest {
  @TempDir Path tmp;

  private List<String> names(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aDesignReplacesOnlyItsOwnFiles() throws Exception {
    Path dir = tmp.resolve("reports/run-1");
    ReportFolder folder = ReportFolder.at(dir.toUri().toString(), new Configuration());
    folder.publish("seed002", new ReportFolder.Files().add("tabell_1.csv", "a").add("tabell_2.csv", "b")
        .add("index.html", "<html>1</html>"));
    folder.publish("matched", new ReportFolder.Files().add("matchning_t1.csv", "m").add("matchning.html", "<html>m</html>"));

    ReportFolder.Published again = folder.publish("seed002",
        new ReportFolder.Files().add("tabell_1.csv", "a2").add("index.html", "<html>2</html>"));

    assertEquals(List.of("tabell_2.csv"), again.removed());
    assertEquals(List.of("_matched.files", "_seed002.files", "index.html", "matchning.html", "matchning_t1.csv",
        "tabell_1.csv"), names(dir), "the matched report survives seed 002's re-publication; no temporary file is left");
    assertEquals("a2", Files.readString(dir.resolve("tabell_1.csv")));
    assertEquals("<html>m</html>", Files.readString(dir.resolve("matchning.html")));
    assertEquals("tabell_1.csv\nindex.html\n", Files.readString(dir.resolve("_seed002.files")));
  }

  @Test
  void aDesignCannotOverwriteAnotherDesignsFile() throws Exception {
    Path dir = tmp.resolve("reports/run-2");
    ReportFolder folder = ReportFolder.at(dir.toUri().toString(), new Configuration());
    folder.publish("seed002", new ReportFolder.Files().add("checked_outputs.csv", "seed002's"));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> folder.publish("matched", new ReportFolder.Files().add("checked_outputs.csv", "matched's")));
    assertTrue(e.getMessage().contains("seed002"), e.getMessage());
    assertEquals("seed002's", Files.readString(dir.resolve("checked_outputs.csv")));
  }

  @Test
  void namesThatCouldEscapeOrHideAreRefused() {
    ReportFolder.Files files = new ReportFolder.Files().add("a.csv", "x");
    assertThrows(IllegalArgumentException.class, () -> files.add("a.csv", "y"), "published twice");
    for (String bad : List.of("../x.csv", "sub/x.csv", ".hidden", "_seed002.files", "")) {
      assertThrows(IllegalArgumentException.class, () -> new ReportFolder.Files().add(bad, "x"), bad);
    }
    assertThrows(IllegalArgumentException.class,
        () -> ReportFolder.at(tmp.toUri().toString(), new Configuration()).publish("Seed 002", files));
    assertFalse(Files.exists(tmp.resolve("_Seed 002.files")));
    assertTrue(Files.isDirectory(tmp));
  }
}
