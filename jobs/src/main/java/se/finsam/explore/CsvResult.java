package se.finsam.explore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.spark.sql.Row;
import se.finsam.report.ReportTable;

/**
 * One query's result as a CSV file: a header, UTF-8, comma-separated, every value as Spark casts it to
 * a string (so {@code .} decimals and ISO dates), null an empty field and the empty string {@code ""}.
 * Written under a temporary name and renamed when complete, so a reader sees the whole file or none.
 */
public record CsvResult(String name, List<String> header, List<Row> rows) {

  public Path write(Path folder) {
    Path file = folder.resolve(name + ".csv");
    Path partial = folder.resolve("." + name + ".csv.partial");
    try {
      try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
        out.write(line(header));
        for (Row row : rows) {
          String[] fields = new String[row.size()];
          for (int i = 0; i < fields.length; i++) {
            fields[i] = row.isNullAt(i) ? null : row.getString(i);
          }
          out.write(line(java.util.Arrays.asList(fields)));
        }
      }
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String line(List<String> fields) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      String f = fields.get(i);
      out.append(i == 0 ? "" : ",").append(f == null ? "" : f.isEmpty() ? "\"\"" : ReportTable.csvField(f));
    }
    return out.append('\n').toString();
  }
}
