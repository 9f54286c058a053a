package se.finsam.matched;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.finsam.spark.SharedSpark;

/**
 * Tabell 1's counts, shares and standardised mean differences against a hand count: four treated (one of
 * unknown sex) and five potential referents, two pairs.
 */
@ExtendWith(SharedSpark.class)
class CovariateBalanceTest {

  private static Row person(long pid, String grupp, String kon, String utbildning) {
    return RowFactory.create(pid, grupp, kon, "19-21", utbildning, "NEJ", "OVRIGA", "<=3", "JA", "HEL");
  }

  @Test
  void countsSharesAndSmdByHand(SparkSession spark) {
    StructType schema = new StructType().add("pid", DataTypes.LongType).add("grupp", DataTypes.StringType);
    for (String v : MatchedPopulation.VARIABLES.keySet()) {
      schema = schema.add(v, DataTypes.StringType);
    }
    Dataset<Row> population = spark.createDataFrame(List.of(
        person(1L, "U", "K", "GYMNASIAL"),
        person(2L, "U", "K", "GYMNASIAL"),
        person(3L, "U", "M", "FORGYMNASIAL"),
        person(4L, "U", null, "GYMNASIAL"),
        person(11L, "R", "K", "GYMNASIAL"),
        person(12L, "R", "M", "FORGYMNASIAL"),
        person(13L, "R", "M", "GYMNASIAL"),
        person(14L, "R", "M", "GYMNASIAL"),
        person(15L, "R", "K", "EFTERGYMNASIAL")), schema);
    Dataset<Row> pairs = spark.createDataFrame(List.of(RowFactory.create(1L, 11L), RowFactory.create(3L, 12L)),
        new StructType().add("pid_u", DataTypes.LongType).add("pid_r", DataTypes.LongType));
    CovariateBalance b = CovariateBalance.compute(population, pairs);

    // Columns: treated before, pool before, treated after, referents after.
    assertArrayEquals(new long[] {2, 2, 1, 1}, b.counts().get("kon").get("K"));          // 1, 2 | 11, 15 | 1 | 11
    assertArrayEquals(new long[] {1, 3, 1, 1}, b.counts().get("kon").get("M"));          // 3 | 12, 13, 14 | 3 | 12
    assertArrayEquals(new long[] {1, 0, 0, 0}, b.counts().get("kon").get(CovariateBalance.UNKNOWN)); // 4
    assertArrayEquals(new long[] {1, 1, 1, 1}, b.counts().get("utbildning").get("FORGYMNASIAL"));
    assertArrayEquals(new long[] {0, 1, 0, 0}, b.counts().get("utbildning").get("EFTERGYMNASIAL"));
    assertArrayEquals(new long[] {0, 0, 0, 0}, b.counts().get("utbildning").get("SAKNAS"));
    assertEquals(List.of(4L, 5L, 2L, 2L), List.of(b.total("kon", 0), b.total("kon", 1), b.total("kon", 2), b.total("kon", 3)));
    assertEquals(0.5, b.share("kon", "K", 0), 1e-12);  // 2 / 4
    assertEquals(0.4, b.share("kon", "K", 1), 1e-12);  // 2 / 5
    assertEquals(0.25, b.share("kon", "M", 0), 1e-12); // 1 / 4
    assertEquals(0.6, b.share("kon", "M", 1), 1e-12);  // 3 / 5

    // SMD of a category's indicator (README): (p_U − p_R) / √((p_U(1 − p_U) + p_R(1 − p_R)) / 2).
    assertEquals((0.5 - 0.4) / Math.sqrt((0.5 * 0.5 + 0.4 * 0.6) / 2), b.smd("kon", "K", 0, 1), 1e-12);
    assertEquals((0.25 - 0.6) / Math.sqrt((0.25 * 0.75 + 0.6 * 0.4) / 2), b.smd("kon", "M", 0, 1), 1e-12);
    assertEquals(0.0, b.smd("kon", "K", 2, 3), 1e-12);  // 1/2 and 1/2 after matching
    // Both shares 0 (nobody born abroad) or both 1: no spread, SMD 0 by the rule.
    assertEquals(0.0, b.smd("utrikes_fodd", "JA", 0, 1), 0);
    assertEquals(0.0, b.smd("utrikes_fodd", "NEJ", 0, 1), 0);
    // Utbildning before: FORGYMNASIAL 1/4 vs 1/5.
    assertEquals((0.25 - 0.2) / Math.sqrt((0.25 * 0.75 + 0.2 * 0.8) / 2), b.smd("utbildning", "FORGYMNASIAL", 0, 1), 1e-12);
  }
}
