package se.finsam.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Keeps the report a design test wrote in {@code target/design-reports/<design>/}, so that the CI's
 * {@code ci/render-design-reports.sh} renders each design's page in headless Chromium without running its
 * chain a second time.
 */
public final class DesignReports {
  private DesignReports() {}

  public static void keep(Path reportDir, String design) {
    Path target = Path.of("target", "design-reports", design);
    try {
      if (Files.exists(target)) {
        try (Stream<Path> old = Files.walk(target)) {
          old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      Files.createDirectories(target);
      try (Stream<Path> files = Files.list(reportDir)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          Files.copy(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
