package se.finsam.linkage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.finsam.schemas.Contracts;
import se.finsam.spark.SharedSpark;

@ExtendWith(SharedSpark.class)
class WagesAndBistandTest {

  @Test
  void jobbYearIsSpreadEvenlyOverTheUnionOfEmploymentMonths(SparkSession spark) {
    // Employer A 24 000 kr in Feb-Mar, B 12 000 kr in Mar-May 2017: employed Feb, Mar, Apr, May = 4 months,
    // 36 000 / 4 = 9 000 kr a month.
    Dataset<Row> jobb = CuratedRows.of(spark, Contracts.SCB_JOBB_AR,
        new Object[] {1L, 2017, "A", 24000.0, 2, 3},
        new Object[] {1L, 2017, "B", 12000.0, 3, 5});
    Map<Integer, Double> lon = wages(Wages.fromJobb(jobb));
    assertEquals(Map.of(201702, 9000.0, 201703, 9000.0, 201704, 9000.0, 201705, 9000.0), lon);
  }

  @Test
  void agiSumsEmployersOfOneMonth(SparkSession spark) {
    Dataset<Row> agi = CuratedRows.of(spark, Contracts.SCB_AGI_MANAD,
        new Object[] {1L, 201905, "A", 10000.0},
        new Object[] {1L, 201905, "B", 5500.0},
        new Object[] {1L, 201906, "A", 10000.0});
    Dataset<Row> jobb = CuratedRows.of(spark, Contracts.SCB_JOBB_AR, new Object[] {1L, 2018, "A", 1200.0, 12, 12});
    Map<Integer, Double> lon = wages(Wages.monthly(agi, jobb, 201901));
    assertEquals(Map.of(201812, 1200.0, 201905, 15500.0, 201906, 10000.0), lon);
  }

  @Test
  void householdBistandIsSharedByEveryRegisteredMember(SparkSession spark) {
    // 9 000 kr to a household of applicant, co-applicant and child: 3 000 kr each.
    Dataset<Row> bistand = CuratedRows.of(spark, Contracts.SOS_EKONOMISKT_BISTAND,
        new Object[] {50L, 1L, 202003, "SOKANDE", 9000.0},
        new Object[] {50L, 2L, 202003, "MEDSOKANDE", 9000.0},
        new Object[] {50L, 3L, 202003, "BARN", 9000.0});
    Map<Long, Row> all = byPid(Bistand.perPerson(bistand, false));
    for (long pid : new long[] {1L, 2L, 3L}) {
      assertEquals(3000.0, all.get(pid).getDouble(all.get(pid).fieldIndex("fs_kr")), 1e-9);
      assertEquals(1, all.get(pid).getInt(all.get(pid).fieldIndex("har_fs")));
    }
    // Adults only: 4 500 kr to each adult, the child 0 kr and no bistånd of its own.
    Map<Long, Row> adults = byPid(Bistand.perPerson(bistand, true));
    assertEquals(4500.0, adults.get(1L).getDouble(adults.get(1L).fieldIndex("fs_kr")), 1e-9);
    assertEquals(4500.0, adults.get(2L).getDouble(adults.get(2L).fieldIndex("fs_kr")), 1e-9);
    assertEquals(0.0, adults.get(3L).getDouble(adults.get(3L).fieldIndex("fs_kr")), 1e-9);
    assertEquals(0, adults.get(3L).getInt(adults.get(3L).fieldIndex("har_fs")));
  }

  private static Map<Integer, Double> wages(Dataset<Row> monthly) {
    return monthly.collectAsList().stream().collect(Collectors.toMap(
        r -> r.getInt(r.fieldIndex("period")), r -> r.getDouble(r.fieldIndex("lon_kr"))));
  }

  private static Map<Long, Row> byPid(Dataset<Row> rows) {
    return rows.collectAsList().stream().collect(Collectors.toMap(r -> r.getLong(r.fieldIndex("pid")), r -> r));
  }
}
