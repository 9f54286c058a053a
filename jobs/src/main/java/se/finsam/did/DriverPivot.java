package se.finsam.did;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import se.finsam.ingest.CsvLine;

/**
 * {@link UnitPivot} in the driver, without Spark: a CSV panel that fits in memory is streamed line by line
 * straight into per-unit arrays. It reads the CSV as {@code UnitPivot} sees Spark's reading of it (header,
 * inferred types, empty field = missing): period and group truncated to integers, outcome and weight as
 * numbers, a covariate numeric when every value in the file is a number (or true/false, read as 1/0), else
 * text, which becomes dummies for every level in the file but the first. A row with a missing value is
 * counted and dropped; within a unit the group and the cluster must not change and weights must be
 * non-negative (errors name the file and line). The same {@link UnitRecord}s as {@code UnitPivot}
 * ({@code DriverPivotTest}). With text covariates the file is read twice (their levels first), as Spark's
 * schema inference does.
 */
final class DriverPivot {
  /** The units, the sorted periods, the covariate names (intercept first), the rows read and the incomplete ones. */
  record Panel(List<UnitRecord> units, int[] periods, List<String> covariates, long rows, long incompleteRows) {
    long completeRows() {
      return rows - incompleteRows;
    }
  }

  /** How a covariate column is read: numbers, true/false (1/0), or text levels turned into dummies. */
  private enum Kind { NUMBER, BOOLEAN, TEXT }

  private final List<Path> files;
  private final PanelColumns columns;
  private final String clusterColumn;
  private final List<String> covariates;
  private final Kind[] kinds;
  private final List<List<String>> levels = new ArrayList<>();
  private final List<String> names = new ArrayList<>(List.of("(Intercept)"));

  private DriverPivot(List<Path> files, PanelColumns columns) {
    this.files = files;
    this.columns = columns;
    this.clusterColumn = columns.cluster().isEmpty() ? columns.id() : columns.cluster();
    this.covariates = columns.covariates();
    this.kinds = new Kind[covariates.size()];
  }

  static Panel pivot(List<Path> files, PanelColumns columns) throws IOException {
    DriverPivot pivot = new DriverPivot(files, columns);
    if (!pivot.covariates.isEmpty()) {
      pivot.readCovariateKinds();
    }
    return pivot.read();
  }

  /** One line's fields by the header's positions of the columns read; absent fields are missing. */
  private static final class Fields {
    private final int[] positions;
    private String[] values;

    Fields(Path file, String header, List<String> wanted) {
      String[] names = CsvLine.split(header.startsWith("\uFEFF") ? header.substring(1) : header, ',');
      positions = new int[wanted.size()];
      for (int i = 0; i < wanted.size(); i++) {
        positions[i] = -1;
        for (int j = 0; j < names.length && positions[i] < 0; j++) {
          // Spark resolves column names case-insensitively.
          if (names[j].equalsIgnoreCase(wanted.get(i))) {
            positions[i] = j;
          }
        }
        if (positions[i] < 0) {
          throw new IllegalArgumentException(file + ": no column '" + wanted.get(i) + "' in the header ("
              + String.join(", ", names) + ")");
        }
      }
    }

    void set(String line) {
      values = CsvLine.split(line, ',');
    }

    /** The i-th wanted column's text, null when missing (an empty field, or the line is short). */
    String text(int i) {
      int p = positions[i];
      return p < values.length && !values[p].isEmpty() ? values[p] : null;
    }
  }

  private interface LineVisitor {
    void visit(Path file, long line, Fields fields);
  }

  /** Every non-blank line after each file's header, as Spark reads a CSV file or a folder of them. */
  private void forEachLine(List<String> wanted, LineVisitor visitor) throws IOException {
    for (Path file : files) {
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String header = in.readLine();
        if (header == null) {
          continue;
        }
        Fields fields = new Fields(file, header, wanted);
        long number = 1;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          number++;
          if (!line.isBlank()) {
            fields.set(line);
            visitor.visit(file, number, fields);
          }
        }
      }
    }
  }

  /** First pass: is each covariate a number, true/false or text, and a text one's sorted levels. */
  private void readCovariateKinds() throws IOException {
    boolean[] numbers = new boolean[covariates.size()];
    boolean[] booleans = new boolean[covariates.size()];
    List<Set<String>> values = new ArrayList<>();
    for (int i = 0; i < covariates.size(); i++) {
      numbers[i] = true;
      booleans[i] = true;
      values.add(new TreeSet<>());
    }
    forEachLine(covariates, (file, line, fields) -> {
      for (int i = 0; i < numbers.length; i++) {
        String v = fields.text(i);
        if (v != null) {
          numbers[i] &= number(v) != null;
          booleans[i] &= v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false");
          if (!numbers[i] && !booleans[i]) {
            values.get(i).add(v);
          }
        }
      }
    });
    for (int i = 0; i < covariates.size(); i++) {
      kinds[i] = numbers[i] ? Kind.NUMBER : booleans[i] ? Kind.BOOLEAN : Kind.TEXT;
      List<String> sorted = new ArrayList<>(values.get(i));
      // Treatment contrasts: a dummy for every level but the first.
      List<String> dummies = kinds[i] == Kind.TEXT ? sorted.subList(Math.min(1, sorted.size()), sorted.size())
          : List.of();
      levels.add(dummies);
      String variable = covariates.get(i);
      if (kinds[i] == Kind.TEXT) {
        dummies.forEach(level -> names.add(variable + level));
      } else {
        names.add(variable);
      }
    }
  }

  private Panel read() throws IOException {
    List<String> wanted = new ArrayList<>(List.of(columns.id(), columns.t(), columns.y(), columns.g(), clusterColumn));
    if (!columns.weights().isEmpty()) {
      wanted.add(columns.weights());
    }
    int firstCovariate = wanted.size();
    wanted.addAll(covariates);
    Map<Object, UnitRows> units = new LinkedHashMap<>();
    Set<Integer> periodSet = new HashSet<>();
    long[] counts = new long[2];
    double[] x = new double[names.size()];
    UnitRows[] last = new UnitRows[1];
    forEachLine(wanted, (file, line, f) -> {
      counts[0]++;
      String id = f.text(0);
      Double t = number(f.text(1));
      Double y = number(f.text(2));
      Double g = number(f.text(3));
      String cluster = f.text(4);
      Double w = columns.weights().isEmpty() ? Double.valueOf(1.0) : number(f.text(5));
      boolean complete = id != null && t != null && y != null && !y.isNaN() && g != null && cluster != null
          && w != null && !w.isNaN() && covariates(f, firstCovariate, x);
      if (!complete) {
        counts[1]++;
        return;
      }
      Object key = key(id);
      UnitRows unit = last[0] != null && last[0].key().equals(key) ? last[0] : units.get(key);
      if (unit == null) {
        unit = new UnitRows(key, g.intValue(), cluster, file.getFileName() + " line " + line);
        units.put(key, unit);
      }
      last[0] = unit;
      unit.check(file, line, g.intValue(), cluster, w);
      int period = t.intValue();
      periodSet.add(period);
      unit.add(period, y, w, x.length == 1 ? UnitRows.INTERCEPT : x);
    });
    int[] periods = periodSet.stream().mapToInt(Integer::intValue).sorted().toArray();
    List<UnitRecord> records = new ArrayList<>(units.size());
    for (UnitRows unit : units.values()) {
      records.add(unit.record(periods));
    }
    return new Panel(records, periods, List.copyOf(names), counts[0], counts[1]);
  }

  /** Fills {@code x} (intercept first) from the line; false when a regressor is missing (R's complete.cases). */
  private boolean covariates(Fields f, int first, double[] x) {
    x[0] = 1.0;
    int k = 1;
    for (int i = 0; i < covariates.size(); i++) {
      String v = f.text(first + i);
      switch (kinds[i]) {
        case NUMBER -> {
          Double d = number(v);
          if (d == null) {
            return false;
          }
          x[k++] = d;
        }
        case BOOLEAN -> {
          if (v == null) {
            return false;
          }
          x[k++] = v.equalsIgnoreCase("true") ? 1.0 : 0.0;
        }
        case TEXT -> {
          // A text covariate with one level has no dummy, so its missing values drop nothing (as in UnitPivot).
          for (String level : levels.get(i)) {
            if (v == null) {
              return false;
            }
            x[k++] = v.equals(level) ? 1.0 : 0.0;
          }
        }
      }
    }
    return true;
  }

  /** A number as Spark casts the text (decimal or integer; NaN and Infinity included), or null. */
  private static Double number(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Double.valueOf(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A unit's identity: numbers by value (an integer id read as 7, 7.0 or 007 is one unit, as in Spark), else the text. */
  private static Object key(String id) {
    try {
      return Long.valueOf(id.trim());
    } catch (NumberFormatException e) {
      Double d = number(id);
      if (d == null) {
        return id;
      }
      return d == Math.rint(d) && Math.abs(d) < 0x1p53 ? (Object) (long) (double) d : d;
    }
  }

  /**
   * The CSV files of {@code data} when the driver should read them: a local file, or a folder of them (files
   * starting with _ or . skipped, as Spark does), uncompressed, of at most {@code maxBytes} in all; empty
   * for anything else (Delta, Parquet, compressed or partitioned folders, other file systems, larger inputs),
   * which Spark reads.
   */
  static java.util.Optional<List<Path>> csvFiles(String data, long maxBytes) throws IOException {
    java.net.URI uri = java.net.URI.create(data.replace(" ", "%20"));
    if (uri.getScheme() != null && !uri.getScheme().equals("file")) {
      return java.util.Optional.empty();
    }
    Path path = uri.getScheme() == null ? Path.of(data) : Path.of(uri);
    if (!Files.exists(path)) {
      throw new IllegalArgumentException("--data " + data + " does not exist");
    }
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(path)) {
      try (var listing = Files.list(path)) {
        for (Path p : listing.sorted().toList()) {
          String name = p.getFileName().toString();
          if (Files.isDirectory(p) && !name.startsWith("_") && !name.startsWith(".") || name.equals("_delta_log")) {
            return java.util.Optional.empty();
          }
          if (Files.isRegularFile(p) && !name.startsWith("_") && !name.startsWith(".")) {
            files.add(p);
          }
        }
      }
    } else {
      files.add(path);
    }
    long bytes = 0;
    for (Path f : files) {
      String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".parquet") || name.matches(".*\\.(gz|bz2|deflate|lz4|snappy|zst|xz|zip)")) {
        return java.util.Optional.empty();
      }
      bytes += Files.size(f);
    }
    return bytes <= maxBytes ? java.util.Optional.of(files) : java.util.Optional.empty();
  }
}
