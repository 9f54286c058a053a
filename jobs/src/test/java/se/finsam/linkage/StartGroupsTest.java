package se.finsam.linkage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.finsam.linkage.PanelSettings.GroupPeriod;
import se.finsam.spark.SharedSpark;

@ExtendWith(SharedSpark.class)
class StartGroupsTest {
  // 18 persons over six months: 5, 1, 1, 5, 2, 4. Cumulative 5, 6, 7, 12, 14, 18.
  private static final TreeMap<Integer, Long> COUNTS = new TreeMap<>(Map.of(
      201908, 5L, 201909, 1L, 201910, 1L, 201911, 5L, 201912, 2L, 202001, 4L));

  @Test
  void equalCountCutsWhereTheCumulativeCountIsClosestToKthShares() {
    // K = 3: targets 6 and 12 are met exactly after 201909 and 201911: three groups of 6 persons.
    StartGroups groups = StartGroups.equalCount(COUNTS, 3);
    assertEquals(List.of(201908, 201910, 201912), groups.starts());
    assertEquals(Map.of(1, 6L, 2, 6L, 3, 6L), groups.sizes());
    assertEquals(201911, groups.medianMonth(2), "group 2 = 1 person in 201910, 5 in 201911");
    assertEquals(201912, groups.lastGroupStart());
  }

  @Test
  void everyGroupKeepsAMonthAndTooFewMonthsFail() {
    // K = 6 over six months: one month each, whatever the counts.
    assertEquals(List.copyOf(COUNTS.keySet()), StartGroups.equalCount(COUNTS, 6).starts());
    assertThrows(IllegalArgumentException.class, () -> StartGroups.equalCount(COUNTS, 7));
  }

  @Test
  void explicitCutsAreTheFirstMonthsOfGroupsTwoToK() {
    StartGroups groups = StartGroups.fromCuts(COUNTS, List.of(201911));
    assertEquals(List.of(201908, 201911), groups.starts());
    assertEquals(Map.of(1, 7L, 2, 11L), groups.sizes());
    assertThrows(IllegalArgumentException.class, () -> StartGroups.fromCuts(COUNTS, List.of(201908)));
  }

  @Test
  void lastGroupIsNeverTreated(SparkSession spark) {
    StructType schema = new StructType().add("pid", DataTypes.LongType).add("treatment_period", DataTypes.IntegerType);
    Dataset<Row> population = spark.createDataFrame(List.of(
        RowFactory.create(1L, 201908), RowFactory.create(2L, 201911), RowFactory.create(3L, 202001),
        RowFactory.create(4L, null)), schema);
    StartGroups groups = StartGroups.equalCount(COUNTS, 3);
    Map<Long, Row> first = byPid(groups.assign(population, GroupPeriod.FIRST));
    assertGroup(first.get(1L), 1, 201908);
    assertGroup(first.get(2L), 2, 201910);
    assertGroup(first.get(3L), 3, 0);
    assertEquals(null, first.get(4L).get(first.get(4L).fieldIndex("startgrupp")), "no treatment month: no group");
    assertEquals(0, first.get(4L).getInt(first.get(4L).fieldIndex("group_period")));
    assertGroup(byPid(groups.assign(population, GroupPeriod.MEDIAN)).get(2L), 2, 201911);
    assertGroup(byPid(groups.assign(population, GroupPeriod.OWN)).get(1L), 1, 201908);
  }

  private static Map<Long, Row> byPid(Dataset<Row> rows) {
    return rows.collectAsList().stream().collect(Collectors.toMap(r -> r.getLong(0), r -> r));
  }

  private static void assertGroup(Row r, int group, int period) {
    assertEquals(group, r.getInt(r.fieldIndex("startgrupp")));
    assertEquals(period, r.getInt(r.fieldIndex("group_period")));
  }
}
