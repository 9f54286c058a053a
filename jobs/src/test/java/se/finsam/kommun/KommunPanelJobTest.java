package se.finsam.kommun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static se.finsam.linkage.CuratedRows.d;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import se.finsam.config.ConfigLoader;
import se.finsam.jobs.Job;
import se.finsam.jobs.JobRunner;
import se.finsam.linkage.CuratedRows;
import se.finsam.linkage.CuratedWarehouse;
import se.finsam.schemas.Contracts;
import se.finsam.spark.SharedSpark;
import se.finsam.warehouse.Warehouse;
import se.finsam.warehouse.Zone;

@ExtendWith(SharedSpark.class)
class KommunPanelJobTest {

  static void run(Job job, String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new JobRunner(new ConfigLoader(Map.of(), KommunPanelJobTest.class.getClassLoader()),
        config -> SharedSpark.session(), System.out, new PrintStream(err)).execute(job, args);
    assertEquals(JobRunner.OK, code, err.toString());
  }

  private static Object[] bakgrund(long pid, int ar, String kon, int fodelsear, String kommun, String dod, String utvandrad) {
    return new Object[] {pid, ar, kon, fodelsear, false, false, "GYMNASIAL", "OGIFT", null, 0, 0, 0, kommun,
        dod == null ? null : d(dod), utvandrad == null ? null : d(utvandrad)};
  }

  /**
   * Five persons in two municipalities, 2005-2007, every expectation counted by hand:
   * p1 woman born 1985 moves from 0180 (2005) to 0181 (2006-), sjukpenning and bistånd in 2006, an AF
   * exit for studies (not work) in 2005; p2 man born 1941 (64 in 2005, 65 in 2006: out of every band)
   * with sjukersättning 2005-2006; p3 man born 1987 (18 in 2005: in no group; 19 in 2006) with
   * studiemedel in 2006 and wages in 2007; p4 woman born 1960 in 0181 leaves AF for work in 2005 and
   * dies in May 2006 (not resident at the end of 2006); p5 man born 1950 in 0180 with a sjukpenning
   * spell from December 2004 into January 2005, emigrating on 31 December 2007 (not resident then).
   */
  @Test
  void handCountedPanel(SparkSession spark, @TempDir Path dir) {
    Warehouse warehouse = Warehouse.at(dir.toString());
    CuratedWarehouse.write(spark, warehouse, Map.of(
        Contracts.SCB_BAKGRUND_AR, CuratedRows.of(spark, Contracts.SCB_BAKGRUND_AR,
            bakgrund(1, 2005, "K", 1985, "0180", null, null),
            bakgrund(1, 2006, "K", 1985, "0181", null, null),
            bakgrund(1, 2007, "K", 1985, "0181", null, null),
            bakgrund(2, 2005, "M", 1941, "0180", null, null),
            bakgrund(2, 2006, "M", 1941, "0180", null, null),
            bakgrund(2, 2007, "M", 1941, "0180", null, null),
            bakgrund(3, 2005, "M", 1987, "0180", null, null),
            bakgrund(3, 2006, "M", 1987, "0180", null, null),
            bakgrund(3, 2007, "M", 1987, "0180", null, null),
            bakgrund(4, 2005, "K", 1960, "0181", "2006-05-01", null),
            bakgrund(4, 2006, "K", 1960, "0181", "2006-05-01", null),
            bakgrund(5, 2005, "M", 1950, "0180", null, "2007-12-31"),
            bakgrund(5, 2006, "M", 1950, "0180", null, "2007-12-31"),
            bakgrund(5, 2007, "M", 1950, "0180", null, "2007-12-31")),
        Contracts.MIDAS_ERSATTNING, CuratedRows.of(spark, Contracts.MIDAS_ERSATTNING,
            new Object[] {1L, "SJP", d("2006-03-01"), d("2006-04-10"), 1.0, 9000.0, false, null},
            new Object[] {2L, "SE", d("2005-01-01"), d("2006-12-31"), 0.5, 100000.0, false, null},
            new Object[] {5L, "SJP", d("2004-12-01"), d("2005-01-15"), 1.0, 12000.0, false, null}),
        Contracts.SOS_EKONOMISKT_BISTAND, CuratedRows.of(spark, Contracts.SOS_EKONOMISKT_BISTAND,
            new Object[] {9001L, 1L, 200606, "SOKANDE", 5000.0}),
        Contracts.SCB_INKOMST_MANAD, CuratedRows.of(spark, Contracts.SCB_INKOMST_MANAD,
            new Object[] {3L, 200609, "STUDIEMEDEL", 4000.0}),
        // The contracts include CSN, so studies are read from it (the component above is not used).
        Contracts.CSN_STUDIESTOD_AR, CuratedRows.of(spark, Contracts.CSN_STUDIESTOD_AR,
            new Object[] {3L, 2006, "STUDIEMEDEL", 4000.0}),
        Contracts.SCB_JOBB_AR, CuratedRows.of(spark, Contracts.SCB_JOBB_AR,
            new Object[] {3L, 2007, "A1", 50000.0, 1, 6}),
        Contracts.AF_SOKANDEKATEGORI, CuratedRows.of(spark, Contracts.AF_SOKANDEKATEGORI,
            new Object[] {4L, d("2005-01-10"), d("2005-09-30"), "11", "ARBETE"},
            new Object[] {1L, d("2005-02-01"), d("2005-08-31"), "11", "UTBILDNING"}),
        // 0180 joins SF001 in March 2006 and moves to SF002 when the förbund merge; 0181 never joins.
        Contracts.FORBUND_MEDLEMSKAP, CuratedRows.of(spark, Contracts.FORBUND_MEDLEMSKAP,
            new Object[] {"0180", "SF001", d("2006-03-01"), d("2006-12-31")},
            new Object[] {"0180", "SF002", d("2007-01-01"), null})));

    run(new KommunPanelJob(), "--warehouse", warehouse.root(), "--from-year", "2005", "--to-year", "2007");

    // befolkning sjukpenning sa bistånd studier uvas af_till_arbete anslutningsår ("-" = not measured)
    Map<String, String> expected = new TreeMap<>(Map.ofEntries(
        Map.entry("0180 2005 alla", "3 1 1 0 0 - 0 2006"),
        Map.entry("0180 2005 kvinnor", "1 0 0 0 0 - 0 2006"),
        Map.entry("0180 2005 man", "2 1 1 0 0 - 0 2006"),
        Map.entry("0180 2005 unga", "1 0 0 0 0 1 0 2006"),
        Map.entry("0180 2005 aldre", "2 1 1 0 - - 0 2006"),
        Map.entry("0181 2005 alla", "1 0 0 0 0 - 1 0"),
        Map.entry("0181 2005 kvinnor", "1 0 0 0 0 - 1 0"),
        Map.entry("0180 2006 alla", "2 0 0 0 1 - 0 2006"),
        Map.entry("0180 2006 man", "2 0 0 0 1 - 0 2006"),
        Map.entry("0180 2006 unga", "1 0 0 0 1 0 0 2006"),
        Map.entry("0180 2006 aldre", "1 0 0 0 - - 0 2006"),
        Map.entry("0181 2006 alla", "1 1 0 1 0 - 0 0"),
        Map.entry("0181 2006 kvinnor", "1 1 0 1 0 - 0 0"),
        Map.entry("0181 2006 unga", "1 1 0 1 0 1 0 0"),
        Map.entry("0180 2007 alla", "1 0 0 0 0 - 0 2006"),
        Map.entry("0180 2007 man", "1 0 0 0 0 - 0 2006"),
        Map.entry("0180 2007 unga", "1 0 0 0 0 0 0 2006"),
        Map.entry("0181 2007 alla", "1 0 0 0 0 - 0 0"),
        Map.entry("0181 2007 kvinnor", "1 0 0 0 0 - 0 0"),
        Map.entry("0181 2007 unga", "1 0 0 0 0 1 0 0")));
    Map<String, String> actual = new TreeMap<>();
    for (Row r : spark.read().format("delta").load(warehouse.table(Zone.PANEL, KommunPanel.TABLE)).collectAsList()) {
      StringBuilder v = new StringBuilder().append(r.getLong(r.fieldIndex("befolkning")));
      for (Utfall u : Utfall.values()) {
        int i = r.fieldIndex(u.countColumn());
        v.append(' ').append(r.isNullAt(i) ? "-" : String.valueOf(r.getLong(i)));
        int share = r.fieldIndex(u.shareColumn());
        if (!r.isNullAt(i)) {
          assertEquals((double) r.getLong(i) / r.getLong(r.fieldIndex("befolkning")), r.getDouble(share), 1e-12);
        }
      }
      v.append(' ').append(r.getInt(r.fieldIndex("anslutningsar")));
      actual.put(r.getString(r.fieldIndex("kommun_kod")) + " " + r.getInt(r.fieldIndex("ar")) + " "
          + r.getString(r.fieldIndex("grupp")), v.toString());
    }
    assertEquals(expected, actual);
  }
}
