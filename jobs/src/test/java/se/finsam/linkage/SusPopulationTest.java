package se.finsam.linkage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static se.finsam.linkage.CuratedRows.d;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.finsam.linkage.PanelSettings.GroupPeriod;
import se.finsam.schemas.Contracts;
import se.finsam.spark.SharedSpark;

/** The SUS design (seeds 000/003): participants with personuppgifter, the comparison pool, start groups. */
@ExtendWith(SharedSpark.class)
class SusPopulationTest {

  private static Object[] sus(Long pid, String registrering, String forbund, String insats, String start) {
    return new Object[] {pid, registrering, forbund, insats, "FORBEREDANDE", d(start), null,
        null, null, null, null, null, null, null, null, null, null, null, null, null};
  }

  private static Object[] bakgrund(long pid, int ar, String kommun) {
    return new Object[] {pid, ar, "K", 1980, false, false, "GYMNASIAL", "OGIFT", null, 0, 0, 0, kommun, null, null};
  }

  private static Object[] midas(long pid, String forman, String from, String to) {
    return new Object[] {pid, forman, d(from), d(to), 1.0, 1000.0, false,
        forman.equals("AE") ? "NEDSATT_ARBETSFORMAGA" : null};
  }

  @Test
  void participantsWithPersonuppgifterAndAPoolOutsideEveryForbund(SparkSession spark) {
    Dataset<Row> sus = CuratedRows.of(spark, Contracts.SUS_DELTAGANDE,
        sus(1L, "PERSONUPPGIFTER", "F1", "I1", "2019-10-15"),
        sus(1L, "PERSONUPPGIFTER", "F2", "I2", "2019-09-02"),   // person 1's first insats: 2019-09, F2
        sus(2L, "PERSONUPPGIFTER", "F1", "I3", "2020-02-01"),
        sus(3L, "ANONYM", "F1", "I4", "2019-11-01"),            // not with personuppgifter: out
        sus(null, "PERSONUPPGIFTER", "F1", "I5", "2019-11-01"), // no pid: out
        sus(5L, "PERSONUPPGIFTER", "F1", "I6", "2020-03-20"));
    // K1 is in F1 from 2018 on; K8 left F2 at the end of March 2019; K9 was never a member.
    Dataset<Row> medlemskap = CuratedRows.of(spark, Contracts.FORBUND_MEDLEMSKAP,
        new Object[] {"K1", "F1", d("2018-01-01"), null},
        new Object[] {"K8", "F2", d("2016-01-01"), d("2019-03-31")});
    Dataset<Row> bakgrundRows = CuratedRows.of(spark, Contracts.SCB_BAKGRUND_AR,
        bakgrund(10, 2019, "K9"), bakgrund(11, 2019, "K1"), bakgrund(12, 2019, "K9"),
        bakgrund(2, 2020, "K9"), bakgrund(13, 2019, "K9"), bakgrund(14, 2019, "K8"));
    Dataset<Row> midasRows = CuratedRows.of(spark, Contracts.MIDAS_ERSATTNING,
        midas(10, "AE", "2019-05-01", "2019-06-30"),  // AE in 2019 in K9: pool
        midas(11, "AE", "2019-05-01", "2019-06-30"),  // lives in a member municipality
        midas(12, "SJP", "2019-05-01", "2019-06-30"), // not a pool benefit
        midas(2, "AE", "2020-05-01", "2020-06-30"),   // a participant
        midas(13, "AE", "2018-05-01", "2018-06-30"),  // AE in 2018, but lives in K9 only in 2019
        midas(14, "AE", "2019-05-01", "2019-06-30")); // K8 was a member during part of 2019

    Dataset<Row> participants = StudyPopulation.susParticipants(sus);
    Map<Long, Row> p = byPid(participants);
    assertEquals(List.of(1L, 2L, 5L), sorted(p));
    assertEquals(201909, p.get(1L).getInt(p.get(1L).fieldIndex("treatment_period")));
    assertEquals("F2", p.get(1L).getString(p.get(1L).fieldIndex("forbund_id")));
    assertEquals("SUS", p.get(2L).getString(p.get(2L).fieldIndex("design")));
    assertEquals(202003, p.get(5L).getInt(p.get(5L).fieldIndex("treatment_period")));

    Dataset<Row> pool = StudyPopulation.susComparisonPool(participants, midasRows, bakgrundRows, medlemskap,
        List.of("AE"), 201501, 202404);
    Map<Long, Row> q = byPid(pool);
    assertEquals(List.of(10L), sorted(q));
    assertNull(q.get(10L).get(q.get(10L).fieldIndex("treatment_period")));

    // One person each in 2019-09, 2020-02, 2020-03; K = 2: the cut after the first month (1 and 2 are
    // equally close to 1.5; ties go to the earlier month), so group 2 (comparison-only) starts 2020-02.
    SortedMap<Integer, Long> counts = new TreeMap<>(Map.of(201909, 1L, 202002, 1L, 202003, 1L));
    StartGroups groups = StartGroups.equalCount(counts, 2);
    assertEquals(List.of(201909, 202002), groups.starts());
    Map<Long, Row> all = byPid(groups.assign(participants.unionByName(pool), GroupPeriod.FIRST));
    assertGroup(all.get(1L), 1, 201909);
    assertGroup(all.get(2L), 2, 0);
    assertGroup(all.get(5L), 2, 0);
    assertNull(all.get(10L).get(all.get(10L).fieldIndex("startgrupp")), "the pool has no start group");
    assertEquals(0, all.get(10L).getInt(all.get(10L).fieldIndex("group_period")), "never treated");
  }

  private static Map<Long, Row> byPid(Dataset<Row> rows) {
    return rows.collectAsList().stream().collect(Collectors.toMap(r -> r.getLong(r.fieldIndex("pid")), r -> r));
  }

  private static List<Long> sorted(Map<Long, Row> rows) {
    return rows.keySet().stream().sorted().collect(Collectors.toList());
  }

  private static void assertGroup(Row r, int group, int period) {
    assertEquals(group, r.getInt(r.fieldIndex("startgrupp")));
    assertEquals(period, r.getInt(r.fieldIndex("group_period")));
  }
}
