package se.finsam.did;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import se.finsam.spark.SharedSpark;

/** The pivot in the driver gives the units of the Spark pivot, unit for unit, and names the line of a bad row. */
@ExtendWith(SharedSpark.class)
class DriverPivotTest {
  private static Path mpdta() {
    String shared = System.getProperty("finsam.shared.dir");
    return (shared != null ? Path.of(shared) : Path.of("../../shared")).resolve("reference").resolve("mpdta.csv");
  }

  /**
   * mpdta with a weight that changes over time for some counties, a state cluster, lpop changing over time for
   * some counties, a text covariate (three levels, changing for some), rows left out (unbalanced), and missing
   * values: an empty outcome, an outcome "NA" (which makes Spark read the column as text), an empty weight and an
   * empty text covariate.
   */
  private static Path panel(Path dir) throws IOException {
    List<String> lines = Files.readAllLines(mpdta());
    List<String> out = new ArrayList<>(List.of(lines.get(0) + ",\"w\",\"state\",\"size\""));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      int year = Integer.parseInt(f[0]);
      int county = Integer.parseInt(f[1]);
      if (county % 11 == 0 && year == 2005) {
        continue;
      }
      double lpop = Double.parseDouble(f[2]) + (county % 4 == 0 ? 0.01 * (year - 2003) : 0);
      String lemp = county % 13 == 0 && year == 2006 ? "" : county % 17 == 0 && year == 2007 ? "NA" : f[3];
      String w = county % 19 == 0 && year == 2004 ? ""
          : Double.toString(1 + (county % 7) / 10.0 + (county % 5 == 0 ? (year - 2003) / 20.0 : 0));
      String size = county % 23 == 0 && year == 2003 ? "" : lpop < 3.5 ? "small" : lpop < 5 || county % 9 == 0 && year > 2005
          ? "mid" : "large";
      out.add(f[0] + "," + f[1] + "," + lpop + "," + lemp + "," + f[4] + "," + f[5] + "," + w + ","
          + f[1].substring(0, 2) + "," + size);
    }
    Path file = dir.resolve("panel.csv");
    Files.write(file, out);
    return file;
  }

  /** A unit as everything the estimator can read of it: unit-level values and, per observed period, its rows. */
  private static String canonical(UnitRecord u) {
    StringBuilder s = new StringBuilder().append(u.clusterKey()).append('|').append(u.group()).append('|')
        .append(u.weight()).append('|').append(u.periodWeights() == null).append('|')
        .append(u.covariateLevels().length).append('|').append(u.covariateLevelByPeriod() == null);
    TreeSet<String> levels = new TreeSet<>();
    for (double[] level : u.covariateLevels()) {
      levels.add(Arrays.toString(level));
    }
    s.append(levels);
    for (int p = 0; p < u.outcomes().length; p++) {
      s.append('|').append(u.outcomes()[p]);
      if (u.observed(p)) {
        s.append(',').append(u.weightAt(p)).append(',').append(Arrays.toString(u.covariatesAt(p)));
      }
    }
    return s.toString();
  }

  private static List<String> canonical(List<UnitRecord> units) {
    return units.stream().map(DriverPivotTest::canonical).sorted().toList();
  }

  @Test
  void driverAndSparkPivotsGiveTheSameUnits(SparkSession spark, @TempDir Path dir) throws IOException {
    Path file = panel(dir);
    PanelColumns columns = new PanelColumns("lemp", "year", "countyreal", "first.treat", "w", "state", "~lpop+size");
    UnitPivot.Pivoted spark_ = UnitPivot.pivot(DidJob.read(spark, file.toString(), true), columns);
    List<UnitRecord> sparkUnits = spark_.units().collect();
    DriverPivot.Panel driver = DriverPivot.pivot(List.of(file), columns);

    assertEquals(List.of("(Intercept)", "lpop", "sizemid", "sizesmall"), driver.covariates());
    assertSameUnits(spark_, sparkUnits, driver);
    // The data exercise what they are meant to: weights and covariates that change, units missing periods.
    assertTrue(driver.units().stream().anyMatch(u -> u.periodWeights() != null));
    assertTrue(driver.units().stream().anyMatch(u -> u.covariateLevels().length > 1));
    assertTrue(driver.units().stream().anyMatch(u -> !u.balanced()));
    assertTrue(driver.units().stream().mapToLong(UnitRecord::clusterKey).distinct().count() < 100, "state clusters");
  }

  /**
   * Without covariates the CSV is read as text, without inferring types, and the Spark pivot reads it as the
   * driver does: some ids written with a leading zero and some periods with decimals are the same unit and period.
   */
  @Test
  void textColumnsArePivotedAsTheDriverReadsThem(SparkSession spark, @TempDir Path dir) throws IOException {
    Path file = panel(dir);
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    for (int i = 1; i < lines.size(); i += 3) {
      String[] f = lines.get(i).split(",", -1);
      f[0] = f[0] + ".0";
      f[1] = "0" + f[1];
      lines.set(i, String.join(",", f));
    }
    Files.write(file, lines);
    PanelColumns columns = new PanelColumns("lemp", "year", "countyreal", "first.treat", "w", "state", "");
    UnitPivot.Pivoted spark_ = UnitPivot.pivot(DidJob.read(spark, file.toString(), false), columns);
    DriverPivot.Panel driver = DriverPivot.pivot(List.of(file), columns);
    assertEquals(500, driver.units().size(), "mpdta's 500 counties");
    assertSameUnits(spark_, spark_.units().collect(), driver);
  }

  private static void assertSameUnits(UnitPivot.Pivoted spark_, List<UnitRecord> sparkUnits, DriverPivot.Panel driver) {
    assertEquals(spark_.covariates(), driver.covariates());
    assertArrayEquals(spark_.periods(), driver.periods());
    assertEquals(spark_.rows(), driver.rows());
    assertEquals(spark_.incompleteRows(), driver.incompleteRows());
    assertTrue(driver.incompleteRows() >= 4 * 6, "the missing values were dropped: " + driver.incompleteRows());
    assertEquals(sparkUnits.size(), driver.units().size());
    List<String> want = canonical(sparkUnits);
    List<String> got = canonical(driver.units());
    for (int i = 0; i < want.size(); i++) {
      assertEquals(want.get(i), got.get(i), "unit " + i);
    }
  }

  @Test
  void aGroupThatChangesWithinAUnitNamesTheFileAndLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, "id,t,y,g\n1,1,0.5,0\n1,2,0.7,0\n\n2,1,0.1,2\n2,2,0.3,3\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DriverPivot.pivot(List.of(file), new PanelColumns("y", "t", "id", "g", "", "", "")));
    assertTrue(e.getMessage().startsWith(file + " line 6: unit 2: " + UnitAssembly.GROUP_RULE), e.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> DriverPivot.pivot(List.of(file), new PanelColumns("y", "year", "id", "g", "", "", "")));
    assertTrue(missing.getMessage().contains("no column 'year'"), missing.getMessage());
  }
}
