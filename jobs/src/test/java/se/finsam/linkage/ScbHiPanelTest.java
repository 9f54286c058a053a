package se.finsam.linkage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static se.finsam.linkage.CuratedRows.d;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import se.finsam.schemas.Contracts;
import se.finsam.schemas.TableContract;
import se.finsam.spark.SharedSpark;
import se.finsam.warehouse.Warehouse;
import se.finsam.warehouse.Zone;

/**
 * SCB's delivered HI where present, HI built from the components otherwise (SPEC 5.1), per person-month
 * with its source in {@code hi_kalla}: hand-made persons whose months switch between SCB's monthly HI,
 * SCB's yearly HI (before 2019 only) and the components. A warehouse without the optional tables, every
 * month built, is {@link PanelJobTest#handWrittenPersons}.
 */
@ExtendWith(SharedSpark.class)
class ScbHiPanelTest {

  @Test
  void monthlyThenYearlyThenComponentsPerPersonMonth(SparkSession spark, @TempDir Path dir) {
    Warehouse warehouse = Warehouse.at(dir.toString());
    Map<TableContract, Dataset<Row>> tables = new HashMap<>(Map.of(
        Contracts.EXPERIMENT_DELTAGARE, CuratedRows.of(spark, Contracts.EXPERIMENT_DELTAGARE,
            new Object[] {1L, "F1", "T1", d("2019-08-20"), true, "BEHANDLING", d("2019-09-03")},
            new Object[] {2L, "F1", "T1", d("2019-08-20"), true, "KONTROLL", d("2019-09-17")},
            new Object[] {3L, "F2", "T2", d("2019-09-01"), true, "KONTROLL", d("2020-03-10")}),
        Contracts.SCB_BAKGRUND_AR, CuratedRows.of(spark, Contracts.SCB_BAKGRUND_AR,
            new Object[] {1L, 2018, "K", 1990, false, false, "GYMNASIAL", "OGIFT", null, 0, 0, 0, "0180", null, null},
            new Object[] {2L, 2018, "M", 1985, true, true, "FORGYMNASIAL", "GIFT", null, 0, 0, 0, "0180", null, null},
            new Object[] {3L, 2019, "M", 1970, false, false, "SAKNAS", "OGIFT", null, 0, 0, 0, "0180", null, null}),
        // Components: person 1 studiestöd 4 000 kr Nov 2018 - Feb 2019; person 3 2 000 kr in March 2019.
        Contracts.SCB_INKOMST_MANAD, CuratedRows.of(spark, Contracts.SCB_INKOMST_MANAD,
            new Object[] {1L, 201811, "STUDIEMEDEL", 4000.0},
            new Object[] {1L, 201812, "STUDIEMEDEL", 4000.0},
            new Object[] {1L, 201901, "STUDIEMEDEL", 4000.0},
            new Object[] {1L, 201902, "STUDIEMEDEL", 4000.0},
            new Object[] {3L, 201903, "STUDIEMEDEL", 2000.0})));
    // SCB's HI: person 1's yearly amounts of 2018 and 2019 (arbete 120 000 and 12 000 kr studier in 2018),
    // monthly amounts of February 2019; person 3's monthly HI of March 2019 without any income.
    tables.put(Contracts.SCB_HI_AR, CuratedRows.of(spark, Contracts.SCB_HI_AR,
        new Object[] {1L, 2018, 120000.0, 0.0, 12000.0, 0.0, 0.0, 0.0, 0.0, 0.0},
        new Object[] {1L, 2019, 240000.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0}));
    tables.put(Contracts.SCB_HI_MANAD, CuratedRows.of(spark, Contracts.SCB_HI_MANAD,
        new Object[] {1L, 201902, 0.0, 0.0, 1000.0, 0.0, 0.0, 0.0, 0.0, 5000.0},
        new Object[] {3L, 201903, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0}));
    CuratedWarehouse.write(spark, warehouse, tables);
    PanelJobTest.runPanel(warehouse, "--from", "201811", "--to", "201903", "--startgrupper", "2");
    Map<String, Row> pm = panel(spark, warehouse);
    assertEquals(new TreeMap<>(Map.of("SCB_AR", 2L, "SCB_MANAD", 2L, "KOMPONENTER", 11L)), sources(pm));

    // 2018: the year's amounts spread evenly, so each month has the year's shares (ASSUMPTION).
    for (String month : new String[] {"1@201811", "1@201812"}) {
      Row r = pm.get(month);
      assertEquals("SCB_AR", r.getString(r.fieldIndex("hi_kalla")), month);
      assertEquals(10000.0, r.getDouble(r.fieldIndex("inkomst_arbete")), 1e-9, month);
      assertEquals(1000.0, r.getDouble(r.fieldIndex("inkomst_studier")), 1e-9, "not the component's 4 000 kr");
      assertEquals("ARBETE", r.getString(r.fieldIndex("hi")), month);
      assertEquals(1000.0 / 11000, r.getDouble(r.fieldIndex("andel_studier")), 1e-12, month);
      assertEquals(0, r.getInt(r.fieldIndex("hi_studier")), month);
      assertNull(r.get(r.fieldIndex("hi_arbete")), "HI arbete is measured from 2019-01 (seed 002 line 536)");
    }
    // January 2019: no monthly row, and the yearly HI is not used from 2019 (finsam.hi.scb.yearly-before).
    Row january = pm.get("1@201901");
    assertEquals("KOMPONENTER", january.getString(january.fieldIndex("hi_kalla")));
    assertEquals("STUDIER", january.getString(january.fieldIndex("hi")));
    assertEquals(0.0, january.getDouble(january.fieldIndex("inkomst_arbete")), 0.0);
    // February 2019: SCB's monthly amounts replace the components.
    Row february = pm.get("1@201902");
    assertEquals("SCB_MANAD", february.getString(february.fieldIndex("hi_kalla")));
    assertEquals("EKONOMISKT_STOD", february.getString(february.fieldIndex("hi")));
    assertEquals(5000.0 / 6000, february.getDouble(february.fieldIndex("andel_ekonomiskt_stod")), 1e-12);
    assertEquals(1, february.getInt(february.fieldIndex("hi_ekonomiskt_stod")));
    assertEquals(1000.0, february.getDouble(february.fieldIndex("inkomst_studier")), 1e-9);
    // March 2019: person 1 has nothing (built: no income); person 3's delivered zeros win over a component.
    assertEquals("KOMPONENTER", pm.get("1@201903").getString(pm.get("1@201903").fieldIndex("hi_kalla")));
    assertEquals("SAKNAR_INKOMST", hi(pm, "1@201903"));
    assertEquals("SCB_MANAD", pm.get("3@201903").getString(pm.get("3@201903").fieldIndex("hi_kalla")));
    assertEquals("SAKNAR_INKOMST", hi(pm, "3@201903"));
    assertEquals(0, pm.get("3@201903").getInt(pm.get("3@201903").fieldIndex("hi_studier")));
    // Person 2 has no SCB HI: built every month.
    for (int period : new int[] {201811, 201812, 201901, 201902, 201903}) {
      Row r = pm.get("2@" + period);
      assertEquals("KOMPONENTER", r.getString(r.fieldIndex("hi_kalla")), "2@" + period);
    }
  }

  private static Map<String, Row> panel(SparkSession spark, Warehouse warehouse) {
    return spark.read().format("delta").load(warehouse.table(Zone.PANEL, "person_month")).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getLong(r.fieldIndex("pid")) + "@" + r.getInt(r.fieldIndex("period")), r -> r));
  }

  private static Map<String, Long> sources(Map<String, Row> pm) {
    return pm.values().stream().collect(Collectors.groupingBy(r -> r.getString(r.fieldIndex("hi_kalla")), TreeMap::new,
        Collectors.counting()));
  }

  private static String hi(Map<String, Row> pm, String key) {
    return pm.get(key).getString(pm.get(key).fieldIndex("hi"));
  }
}
