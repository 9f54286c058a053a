package se.finsam.matched;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * The pair sums behind tables 2-11 and D against a hand count: five pairs (two in the subgroup), income per
 * year 2011-2014, an unpaired treated person and an unpaired referent who must not count.
 */
@ExtendWith(SharedSpark.class)
class PairSummaryTest {
  static final MatchedSettings S = MatchedSettings.from(ConfigFactory.defaultReference().resolve());

  /** pid → inkomst 2011, 2012, 2013, 2014. */
  private static final Map<Long, int[]> INCOME = Map.ofEntries(
      Map.entry(1L, new int[] {0, 0, 1, 1}), Map.entry(11L, new int[] {0, 0, 0, 1}),
      Map.entry(2L, new int[] {1, 1, 1, 1}), Map.entry(12L, new int[] {1, 0, 0, 0}),
      Map.entry(3L, new int[] {0, 1, 1, 0}), Map.entry(13L, new int[] {0, 0, 1, 1}),
      Map.entry(4L, new int[] {0, 0, 0, 1}), Map.entry(14L, new int[] {0, 0, 0, 0}),
      Map.entry(5L, new int[] {1, 0, 0, 1}), Map.entry(15L, new int[] {1, 1, 1, 1}),
      Map.entry(6L, new int[] {1, 1, 1, 1}), Map.entry(16L, new int[] {1, 1, 1, 1}));

  private static PairSummary.Samples summary(SparkSession spark) {
    StructType pairSchema = new StructType().add("pid_u", DataTypes.LongType).add("pid_r", DataTypes.LongType);
    Dataset<Row> pairs = spark.createDataFrame(List.of(RowFactory.create(1L, 11L), RowFactory.create(2L, 12L),
        RowFactory.create(3L, 13L), RowFactory.create(4L, 14L), RowFactory.create(5L, 15L)), pairSchema);
    StructType popSchema = new StructType().add("pid", DataTypes.LongType).add("grupp", DataTypes.StringType)
        .add("ny_ae", DataTypes.BooleanType);
    // Subgroup: the pairs of treated 1 and 2 (ny_ae); 4's first AE is unknown (null): not in the subgroup.
    Dataset<Row> population = spark.createDataFrame(List.of(RowFactory.create(1L, "U", true), RowFactory.create(2L, "U", true),
        RowFactory.create(3L, "U", false), RowFactory.create(4L, "U", null), RowFactory.create(5L, "U", false),
        RowFactory.create(6L, "U", true), RowFactory.create(11L, "R", true), RowFactory.create(12L, "R", false),
        RowFactory.create(13L, "R", true), RowFactory.create(14L, "R", true), RowFactory.create(15L, "R", true),
        RowFactory.create(16L, "R", true)), popSchema);
    StructType outcomeSchema = new StructType().add("pid", DataTypes.LongType).add("ar", DataTypes.IntegerType);
    for (YearlyOutcomes.Outcome o : YearlyOutcomes.OUTCOMES) {
      outcomeSchema = outcomeSchema.add(o.column(), DataTypes.IntegerType);
    }
    List<Row> outcomes = new ArrayList<>();
    INCOME.forEach((pid, income) -> {
      for (int k = 0; k < 4; k++) {
        Object[] row = new Object[2 + YearlyOutcomes.OUTCOMES.size()];
        row[0] = pid;
        row[1] = 2011 + k;
        for (int j = 0; j < YearlyOutcomes.OUTCOMES.size(); j++) {
          String c = YearlyOutcomes.OUTCOMES.get(j).column();
          // csn: the referents 11 and 12 in 2013 only
          row[2 + j] = c.equals("inkomst") ? income[k] : c.equals("csn") && pid >= 11 && pid <= 12 && k == 2 ? 1 : 0;
        }
        outcomes.add(RowFactory.create(row));
      }
    });
    return PairSummary.compute(pairs, population, spark.createDataFrame(outcomes, outcomeSchema), S);
  }

  @Test
  void pairSumsSharesAndDidByHand(SparkSession spark) {
    assertEquals(List.of(2011, 2012, 2013, 2014), S.years());
    assertEquals(List.of(2014), S.followupYears());
    PairSummary.Samples samples = summary(spark);
    PairSummary all = samples.all();
    assertEquals(5, all.pairs());
    // Treated with income per year (pairs 1-5): 2011 0+1+0+0+1, 2012 0+1+1+0+0, 2013 1+1+1+0+0, 2014 1+1+0+1+1.
    // Referents: 2011 0+1+0+0+1, 2012 0+0+0+0+1, 2013 0+0+1+0+1, 2014 1+0+1+0+1.
    long[] u = {2, 2, 3, 4};
    long[] r = {2, 1, 2, 3};
    for (int k = 0; k < 4; k++) {
      ShareTest t = all.share("inkomst", 2011 + k);
      assertEquals(List.of(5L, u[k], r[k]), List.of(t.n(), t.onesU(), t.onesR()), "inkomst " + (2011 + k));
    }
    assertEquals(0.8, all.share("inkomst", 2014).shareU(), 1e-12);
    assertEquals(0.6, all.share("inkomst", 2014).shareR(), 1e-12);
    assertEquals(20.0, all.share("inkomst", 2014).differencePp(), 1e-9);
    assertEquals(List.of(0L, 2L), List.of(all.share("csn", 2013).onesU(), all.share("csn", 2013).onesR()));
    assertEquals(0L, all.share("csn", 2014).onesR());
    // DiD 2014 per pair, (U2014 − U2011) − (R2014 − R2011): 0, 1, −1, 1, 0. Σd = 1, Σd² = 3, mean 0.2,
    // sample variance (3 − 5·0.2²) / 4 = 0.7, SE √(0.7 / 5).
    PairedDid did = all.did("inkomst", 2014);
    assertEquals(List.of(5L, 1.0, 3.0), List.of(did.pairs(), did.sum(), did.sumSquares()));
    assertEquals(0.2, did.estimate(), 1e-12);
    assertEquals(Math.sqrt(0.14), did.standardError(), 1e-12);
    // csn: d = (0 − 0) − (0 − 0) for every pair (the referents' 2013 does not enter the 2014 DiD).
    assertEquals(List.of(0.0, 0.0), List.of(all.did("csn", 2014).sum(), all.did("csn", 2014).sumSquares()));
  }

  /** Tables 7-11 and D2: only the pairs whose treated person has ny_ae (1 and 2); a null ny_ae is not in it. */
  @Test
  void theSubgroupIsThePairsOfNewlyGrantedTreated(SparkSession spark) {
    PairSummary sub = summary(spark).subgroup();
    assertEquals(2, sub.pairs());
    // Pairs 1 and 2: treated 2011 0+1, 2014 1+1; referents 2011 0+1, 2014 1+0; d = 0 and 1.
    assertEquals(List.of(1L, 1L), List.of(sub.share("inkomst", 2011).onesU(), sub.share("inkomst", 2011).onesR()));
    assertEquals(List.of(2L, 1L), List.of(sub.share("inkomst", 2014).onesU(), sub.share("inkomst", 2014).onesR()));
    PairedDid did = sub.did("inkomst", 2014);
    assertEquals(List.of(2L, 1.0, 1.0), List.of(did.pairs(), did.sum(), did.sumSquares()));
    assertEquals(0.5, did.standardError(), 1e-12); // variance (1 − 2·0.25) / 1 = 0.5, SE √(0.5 / 2)
  }
}
