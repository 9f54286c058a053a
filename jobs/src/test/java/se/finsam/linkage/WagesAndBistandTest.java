package se.finsam.linkage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
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

  /**
   * Random households (one to five members, persons in several households in a month, every roll, amounts
   * of 0) against the definition computed per household-month, with and without children sharing.
   */
  @Test
  void randomHouseholdsMatchTheDefinition(SparkSession spark) {
    Random random = new Random(20261207);
    String[] roles = {"SOKANDE", "MEDSOKANDE", "BARN"};
    List<Object[]> rows = new ArrayList<>();
    for (long household = 1; household <= 300; household++) {
      for (int period = 202001; period <= 202006; period++) {
        if (random.nextInt(3) == 0) {
          continue;
        }
        double amount = random.nextInt(5) == 0 ? 0.0 : random.nextInt(20_000);
        Set<Long> pids = new HashSet<>();
        int size = 1 + random.nextInt(5);
        while (pids.size() < size) {
          pids.add((long) random.nextInt(400));
        }
        for (long pid : pids) {
          rows.add(new Object[] {household, pid, period, roles[random.nextInt(roles.length)], amount});
        }
      }
    }
    Dataset<Row> bistand = CuratedRows.of(spark, Contracts.SOS_EKONOMISKT_BISTAND, rows.toArray(new Object[0][]));
    for (boolean adultsOnly : new boolean[] {false, true}) {
      Map<String, Double> expected = new HashMap<>();
      Map<String, List<Object[]>> households = new HashMap<>();
      for (Object[] r : rows) {
        expected.put(r[1] + "/" + r[2], 0.0);
        households.computeIfAbsent(r[0] + "/" + r[2], k -> new ArrayList<>()).add(r);
      }
      for (List<Object[]> members : households.values()) {
        List<Object[]> sharing = members.stream().filter(r -> !adultsOnly || !r[3].equals("BARN")).toList();
        for (Object[] r : sharing) {
          expected.merge(r[1] + "/" + r[2], (double) r[4] / sharing.size(), Double::sum);
        }
      }
      Map<String, Row> actual = Bistand.perPerson(bistand, adultsOnly).collectAsList().stream()
          .collect(Collectors.toMap(r -> r.getLong(r.fieldIndex("pid")) + "/" + r.getInt(r.fieldIndex("period")), r -> r));
      assertEquals(expected.keySet(), actual.keySet(), "persons and months");
      assertTrue(expected.values().stream().filter(v -> v > 0).count() > 500, "too few shares to be a test");
      for (Map.Entry<String, Double> e : expected.entrySet()) {
        Row r = actual.get(e.getKey());
        assertEquals(e.getValue(), r.getDouble(r.fieldIndex("fs_kr")), 1e-6, e.getKey() + " fs_kr, adults only " + adultsOnly);
        assertEquals(e.getValue() > 0 ? 1 : 0, r.getInt(r.fieldIndex("har_fs")), e.getKey() + " har_fs");
      }
    }
  }

  private static Map<Integer, Double> wages(Dataset<Row> monthly) {
    return monthly.collectAsList().stream().collect(Collectors.toMap(
        r -> r.getInt(r.fieldIndex("period")), r -> r.getDouble(r.fieldIndex("lon_kr"))));
  }

  private static Map<Long, Row> byPid(Dataset<Row> rows) {
    return rows.collectAsList().stream().collect(Collectors.toMap(r -> r.getLong(r.fieldIndex("pid")), r -> r));
  }
}
