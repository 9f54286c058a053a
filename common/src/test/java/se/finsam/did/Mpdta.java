package se.finsam.did;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The shared reference data: mpdta and R did 2.5.0's results on it. */
final class Mpdta {
  static final int[] PERIODS = {2003, 2004, 2005, 2006, 2007};

  private Mpdta() {}

  static Path referenceDir() {
    String shared = System.getProperty("finsam.shared.dir");
    Path dir = shared != null ? Path.of(shared) : Path.of("../../shared");
    return dir.resolve("reference");
  }

  /** Rows of a CSV without its header, quotes removed. */
  static List<String[]> csv(String name) {
    try {
      List<String> lines = Files.readAllLines(referenceDir().resolve(name));
      List<String[]> rows = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        rows.add(line.replace("\"", "").split(",", -1));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** mpdta as units: intercept-only covariates, cluster key = county. */
  static List<UnitRecord> units() {
    Map<Long, double[]> outcomes = new LinkedHashMap<>();
    Map<Long, Integer> groups = new LinkedHashMap<>();
    for (String[] r : csv("mpdta.csv")) {
      long id = Long.parseLong(r[1]);
      int year = Integer.parseInt(r[0]);
      outcomes.computeIfAbsent(id, i -> new double[PERIODS.length])[year - PERIODS[0]] = Double.parseDouble(r[3]);
      groups.put(id, Integer.parseInt(r[4]));
    }
    List<UnitRecord> units = new ArrayList<>();
    outcomes.forEach((id, y) -> units.add(new UnitRecord(id, groups.get(id), 1.0, new double[] {1.0}, y)));
    return units;
  }

  /** lpop by county (a time-invariant covariate). */
  static Map<Long, Double> logPopulation() {
    Map<Long, Double> lpop = new LinkedHashMap<>();
    for (String[] r : csv("mpdta.csv")) {
      lpop.put(Long.parseLong(r[1]), Double.parseDouble(r[2]));
    }
    return lpop;
  }
}
