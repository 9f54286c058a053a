package se.finsam.matched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.sql.Date;
import java.util.Arrays;
import java.util.HashMap;
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
import se.finsam.schemas.Contracts;
import se.finsam.schemas.TableContract;
import se.finsam.spark.SharedSpark;

/** The population rules and the yearly outcomes of seed 000 on hand-written curated rows (base year 2012). */
@ExtendWith(SharedSpark.class)
class MatchedPopulationTest {
  static final MatchedSettings S = MatchedSettings.from(ConfigFactory.defaultReference().resolve());

  private static Dataset<Row> rows(SparkSession spark, TableContract c, Object[]... rows) {
    return spark.createDataFrame(Arrays.stream(rows).map(RowFactory::create).toList(), c.schema());
  }

  private static Date d(String iso) {
    return Date.valueOf(iso);
  }

  private static Object[] midas(long pid, String forman, String from, String to, double omfattning, String skal) {
    return new Object[] {pid, forman, d(from), d(to), omfattning, 1000.0, false, skal};
  }

  private static Object[] bakgrund(long pid, String kon, int born, String utbildning, String kommun, String dod) {
    return new Object[] {pid, 2012, kon, born, false, false, utbildning, "OGIFT", null, 0, 0, 0, kommun,
        dod == null ? null : d(dod), null};
  }

  private static Object[] sus(long pid, String start, String end) {
    return new Object[] {pid, "PERSONUPPGIFTER", "F1", "I" + pid, "FORBEREDANDE", d(start), end == null ? null : d(end),
        null, null, null, null, null, null, null, null, null, null, null, null, null};
  }

  @Test
  void populationAndOutcomes(SparkSession spark) {
    String n = "NEDSATT_ARBETSFORMAGA";
    Dataset<Row> midas = rows(spark, Contracts.MIDAS_ERSATTNING,
        midas(1, "AE", "2009-03-01", "2013-12-31", 1.0, n),   // treated; AE since 2009: > 3 years; full
        midas(1, "SJP", "2014-02-01", "2014-03-01", 1.0, null),
        midas(2, "AE", "2011-06-01", "2012-05-31", 0.5, n),   // pool; new AE 2011: <= 3 years; partial
        midas(3, "AE", "2012-01-01", "2012-12-31", 1.0, n),   // lives in a member municipality
        midas(4, "AE", "2012-01-01", "2012-12-31", 1.0, n),   // in SUS in 2015: never a referent
        midas(5, "AE", "2012-01-01", "2012-12-31", 1.0, "FORLANGD_SKOLGANG"),
        midas(6, "AE", "2012-01-01", "2012-12-31", 1.0, n),   // died in 2012
        midas(7, "AE", "2010-01-01", "2010-12-31", 1.0, n));  // no AE in 2012
    Dataset<Row> diagnos = rows(spark, Contracts.MIDAS_AE_DIAGNOS,
        new Object[] {1L, d("2009-03-01"), "PSYKISKA", null}, new Object[] {2L, d("2011-06-01"), "NERVSYSTEMET", null},
        // The spells of 3 and 4 start in 2012; their decisions say when AE was first granted, before the delivery.
        new Object[] {3L, d("2012-01-01"), "PSYKISKA", d("2010-06-01")},
        new Object[] {4L, d("2012-01-01"), "PSYKISKA", d("2008-05-01")});
    Dataset<Row> sus = rows(spark, Contracts.SUS_DELTAGANDE, sus(1, "2012-03-01", "2012-09-30"), sus(4, "2015-01-01", null));
    Dataset<Row> bakgrund = rows(spark, Contracts.SCB_BAKGRUND_AR,
        bakgrund(1, "K", 1990, "GYMNASIAL", "K1", null), bakgrund(2, "M", 1985, null, "K9", null),
        bakgrund(3, "K", 1988, "GYMNASIAL", "K1", null), bakgrund(4, "K", 1988, "GYMNASIAL", "K9", null),
        bakgrund(6, "K", 1988, "GYMNASIAL", "K9", "2012-06-10"));
    Dataset<Row> medlemskap = rows(spark, Contracts.FORBUND_MEDLEMSKAP, new Object[] {"K1", "F1", d("2008-01-01"), null});

    Map<Long, Row> pop = new HashMap<>();
    MatchedPopulation.build(new MatchedPopulation.Inputs(midas, diagnos, sus, bakgrund, medlemskap), S)
        .collectAsList().forEach(r -> pop.put(r.getLong(0), r));
    assertEquals(Map.of(1L, "U", 2L, "R", 3L, "O", 4L, "O"), Map.of(1L, get(pop, 1, "grupp"), 2L, get(pop, 2, "grupp"),
        3L, get(pop, 3, "grupp"), 4L, get(pop, 4, "grupp")));
    assertEquals(4, pop.size());
    assertEquals(List.of("JA", ">3", "HEL", "GYMNASIAL", "K", "22-24"), List.of(get(pop, 1, "psykiatrisk"),
        get(pop, 1, "ae_varaktighet"), get(pop, 1, "ae_omfattning"), get(pop, 1, "utbildning"), get(pop, 1, "kon"), get(pop, 1, "alder")));
    assertEquals(List.of("NEJ", "<=3", "PARTIELL", "SAKNAS", "M", "25-27"), List.of(get(pop, 2, "psykiatrisk"),
        get(pop, 2, "ae_varaktighet"), get(pop, 2, "ae_omfattning"), get(pop, 2, "utbildning"), get(pop, 2, "kon"), get(pop, 2, "alder")));
    assertEquals(List.of("<=3", ">3"), List.of(get(pop, 3, "ae_varaktighet"), get(pop, 4, "ae_varaktighet")));
    assertFalse(pop.get(3L).<Boolean>getAs("ny_ae"));
    assertFalse(pop.get(1L).<Boolean>getAs("ny_ae"));
    assertTrue(pop.get(2L).<Boolean>getAs("ny_ae"));

    // Outcomes of persons 1 and 2. SGI limit 2011: 0.24 * 42 800 = 10 272 kr; 2014: 0.24 * 44 400 = 10 656 kr.
    Dataset<Row> inkomst = rows(spark, Contracts.SCB_INKOMST_AR,
        new Object[] {1L, 2011, 10000.0, 10000.0, 0.0}, new Object[] {1L, 2014, 20000.0, 20000.0, 0.0});
    Dataset<Row> csn = rows(spark, Contracts.CSN_STUDIESTOD_AR,
        new Object[] {2L, 2013, "STUDIEMEDEL", 5000.0}, new Object[] {1L, 2014, "STUDIEHJALP", 3000.0});
    Dataset<Row> af = rows(spark, Contracts.AF_SOKANDEKATEGORI,
        new Object[] {1L, d("2011-02-01"), d("2011-05-31"), "11", null},   // 2011's first case: unemployed
        new Object[] {1L, d("2011-08-01"), d("2012-02-28"), "21", null},   // 2012's first case: employment
        new Object[] {1L, d("2014-03-01"), null, "34", null});             // 2014: other programme
    Dataset<Row> samarbete = rows(spark, Contracts.FK_AF_SAMARBETE,
        new Object[] {2L, "GEMENSAM_KARTLAGGNING", d("2013-11-01"), d("2014-01-31")});
    Dataset<Row> persons = spark.createDataFrame(List.of(RowFactory.create(1L), RowFactory.create(2L)),
        new org.apache.spark.sql.types.StructType().add("pid", org.apache.spark.sql.types.DataTypes.LongType));
    Map<String, Row> y = new HashMap<>();
    YearlyOutcomes.build(persons, new YearlyOutcomes.Inputs(inkomst, csn, af, samarbete, midas), S).collectAsList()
        .forEach(r -> y.put(r.getLong(0) + "/" + r.getInt(1), r));
    assertEquals(8, y.size());
    assertOutcomes(y.get("1/2011"), Map.of("inkomst", 1, "inkomst_sgi", 0, "af_arbetslos", 1, "af_anstallning", 0, "sa", 1));
    assertOutcomes(y.get("1/2012"), Map.of("inkomst", 0, "af_anstallning", 1, "af_arbetslos", 0, "af_ej_inskriven", 0));
    assertOutcomes(y.get("1/2013"), Map.of("af_ej_inskriven", 1, "sa", 1, "ingen_forman", 0));
    assertOutcomes(y.get("1/2014"), Map.of("inkomst", 1, "inkomst_sgi", 1, "csn", 0, "af_ovriga", 1, "sa", 0, "sjp", 1,
        "ingen_forman", 0));
    assertOutcomes(y.get("2/2012"), Map.of("sa", 1, "ingen_forman", 0, "af_ej_inskriven", 1));
    assertOutcomes(y.get("2/2013"), Map.of("csn", 1, "gk_kartlaggning", 1, "sa", 0, "ingen_forman", 1));
    assertOutcomes(y.get("2/2014"), Map.of("gk_kartlaggning", 1, "gk_arbetslivsinriktad", 0, "csn", 0));
  }

  /**
   * One rule for a missing diagnosis decision: unknown for the treated and the referents alike, so neither is
   * matched on psykiatrisk (a treated person is reported as lacking a matching variable) and neither is
   * removed by the diagnosis rule, which removes only referents whose known group no treated person has.
   */
  @Test
  void aMissingDiagnosisIsUnknownInBothGroups(SparkSession spark) {
    String n = "NEDSATT_ARBETSFORMAGA";
    Dataset<Row> midas = rows(spark, Contracts.MIDAS_ERSATTNING, midas(1, "AE", "2011-01-01", "2012-12-31", 1.0, n),
        midas(8, "AE", "2011-01-01", "2012-12-31", 1.0, n), midas(2, "AE", "2011-01-01", "2012-12-31", 1.0, n),
        midas(9, "AE", "2011-01-01", "2012-12-31", 1.0, n));
    Dataset<Row> diagnos = rows(spark, Contracts.MIDAS_AE_DIAGNOS,
        new Object[] {1L, d("2011-01-01"), "PSYKISKA", null}, new Object[] {2L, d("2011-01-01"), "NERVSYSTEMET", null});
    Dataset<Row> sus = rows(spark, Contracts.SUS_DELTAGANDE, sus(1, "2012-03-01", null), sus(8, "2012-03-01", null));
    Dataset<Row> bakgrund = rows(spark, Contracts.SCB_BAKGRUND_AR, bakgrund(1, "K", 1990, "GYMNASIAL", "K1", null),
        bakgrund(8, "K", 1990, "GYMNASIAL", "K1", null), bakgrund(2, "K", 1990, "GYMNASIAL", "K9", null),
        bakgrund(9, "K", 1990, "GYMNASIAL", "K9", null));
    Dataset<Row> medlemskap = rows(spark, Contracts.FORBUND_MEDLEMSKAP, new Object[] {"K1", "F1", d("2008-01-01"), null});
    Dataset<Row> population = MatchedPopulation.treatedAndPool(
        MatchedPopulation.build(new MatchedPopulation.Inputs(midas, diagnos, sus, bakgrund, medlemskap), S));
    Map<Long, Row> pop = new HashMap<>();
    MatchedPopulation.dropUnrepresentedDiagnoses(population).collectAsList().forEach(r -> pop.put(r.getLong(0), r));
    assertEquals(Map.of(1L, "U", 8L, "U", 9L, "R"), Map.of(1L, get(pop, 1, "grupp"), 8L, get(pop, 8, "grupp"),
        9L, get(pop, 9, "grupp")));
    assertEquals(3, pop.size(), "2's NERVSYSTEMET is no treated person's group");
    assertEquals("JA", get(pop, 1, "psykiatrisk"));
    assertEquals(null, get(pop, 8, "psykiatrisk"));
    assertEquals(null, get(pop, 9, "psykiatrisk"));
  }

  /**
   * Tables 7-11's subgroup (seed: granted AE 2012 or 2011): first AE in the base year or the year before. First
   * AE 2012 (21), 2011 (22), 2010 (23), and 24 whose spell starts 2012 but whose decision says first granted
   * 2010. With subgroup-new-ae-years = 1 only the base year counts.
   */
  @Test
  void theSubgroupIsFirstAeInTheBaseYearOrTheYearBefore(SparkSession spark) {
    String n = "NEDSATT_ARBETSFORMAGA";
    Dataset<Row> midas = rows(spark, Contracts.MIDAS_ERSATTNING, midas(21, "AE", "2012-04-01", "2012-12-31", 1.0, n),
        midas(22, "AE", "2011-12-01", "2012-12-31", 1.0, n), midas(23, "AE", "2010-12-31", "2012-12-31", 1.0, n),
        midas(24, "AE", "2012-01-01", "2012-12-31", 1.0, n));
    Dataset<Row> diagnos = rows(spark, Contracts.MIDAS_AE_DIAGNOS, new Object[] {24L, d("2012-01-01"), "PSYKISKA", d("2010-03-01")});
    Dataset<Row> sus = rows(spark, Contracts.SUS_DELTAGANDE, sus(21, "2012-05-01", null), sus(22, "2012-05-01", null),
        sus(23, "2012-05-01", null), sus(24, "2012-05-01", null));
    Dataset<Row> bakgrund = rows(spark, Contracts.SCB_BAKGRUND_AR, bakgrund(21, "K", 1990, "GYMNASIAL", "K1", null),
        bakgrund(22, "K", 1990, "GYMNASIAL", "K1", null), bakgrund(23, "K", 1990, "GYMNASIAL", "K1", null),
        bakgrund(24, "K", 1990, "GYMNASIAL", "K1", null));
    Dataset<Row> medlemskap = rows(spark, Contracts.FORBUND_MEDLEMSKAP, new Object[] {"K1", "F1", d("2008-01-01"), null});
    MatchedPopulation.Inputs in = new MatchedPopulation.Inputs(midas, diagnos, sus, bakgrund, medlemskap);
    assertEquals(Map.of(21L, true, 22L, true, 23L, false, 24L, false), newlyGranted(MatchedPopulation.build(in, S)));
    MatchedSettings oneYear = MatchedSettings.from(ConfigFactory.parseString("finsam.matched.subgroup-new-ae-years = 1")
        .withFallback(ConfigFactory.defaultReference()).resolve());
    assertEquals(Map.of(21L, true, 22L, false, 23L, false, 24L, false), newlyGranted(MatchedPopulation.build(in, oneYear)));
  }

  private static Map<Long, Boolean> newlyGranted(Dataset<Row> population) {
    Map<Long, Boolean> out = new HashMap<>();
    population.collectAsList().forEach(r -> out.put(r.getLong(0), r.<Boolean>getAs("ny_ae")));
    return out;
  }

  /**
   * The diagnosis rule on its own: referents whose group no treated person has (12 NERVSYSTEMET, 15
   * CIRKULATION) are removed; a referent of a treated person's group (11, 14), a referent without a decision
   * (13) and every treated person (2, whose RORELSE only they have) stay.
   */
  @Test
  void referentsOfDiagnosesNoTreatedPersonHasAreRemoved(SparkSession spark) {
    StructType schema = new StructType().add("pid", DataTypes.LongType).add("grupp", DataTypes.StringType)
        .add("diagnosgrupp", DataTypes.StringType);
    Dataset<Row> population = spark.createDataFrame(List.of(RowFactory.create(1L, "U", "PSYKISKA"),
        RowFactory.create(2L, "U", "RORELSE"), RowFactory.create(3L, "U", null), RowFactory.create(11L, "R", "PSYKISKA"),
        RowFactory.create(12L, "R", "NERVSYSTEMET"), RowFactory.create(13L, "R", null), RowFactory.create(14L, "R", "RORELSE"),
        RowFactory.create(15L, "R", "CIRKULATION")), schema);
    List<Long> kept = MatchedPopulation.dropUnrepresentedDiagnoses(population).collectAsList().stream()
        .map(r -> r.getLong(0)).sorted().toList();
    assertEquals(List.of(1L, 2L, 3L, 11L, 13L, 14L), kept);
  }

  /** Table 1's H-region from the base year's municipality: the configured lists, anything else the last category. */
  @Test
  void hRegionOfTheBaseYearsMunicipality(SparkSession spark) {
    String n = "NEDSATT_ARBETSFORMAGA";
    Dataset<Row> midas = rows(spark, Contracts.MIDAS_ERSATTNING, midas(1, "AE", "2012-01-01", "2012-12-31", 1.0, n),
        midas(2, "AE", "2012-01-01", "2012-12-31", 1.0, n), midas(3, "AE", "2012-01-01", "2012-12-31", 1.0, n),
        midas(4, "AE", "2012-01-01", "2012-12-31", 1.0, n));
    Dataset<Row> bakgrund = rows(spark, Contracts.SCB_BAKGRUND_AR, bakgrund(1, "K", 1990, "GYMNASIAL", "1480", null),
        bakgrund(2, "K", 1990, "GYMNASIAL", "0580", null), bakgrund(3, "K", 1990, "GYMNASIAL", "2521", null),
        bakgrund(4, "K", 1990, "GYMNASIAL", null, null));
    Dataset<Row> none = rows(spark, Contracts.SUS_DELTAGANDE);
    Map<Long, Row> pop = new HashMap<>();
    MatchedPopulation.build(new MatchedPopulation.Inputs(midas, rows(spark, Contracts.MIDAS_AE_DIAGNOS), none, bakgrund,
        rows(spark, Contracts.FORBUND_MEDLEMSKAP)), S).collectAsList().forEach(r -> pop.put(r.getLong(0), r));
    java.util.Map<Long, String> region = new java.util.TreeMap<>();
    pop.forEach((pid, r) -> region.put(pid, r.getAs("h_region")));
    java.util.Map<Long, String> expected = new java.util.TreeMap<>(Map.of(1L, "STORSTAD", 2L, "STORRE_STAD", 3L, "OVRIGA"));
    expected.put(4L, null);
    assertEquals(expected, region);
  }

  private static String get(Map<Long, Row> pop, long pid, String column) {
    return pop.get(pid).getAs(column);
  }

  private static void assertOutcomes(Row row, Map<String, Integer> expected) {
    expected.forEach((column, value) -> assertEquals(value, row.<Integer>getAs(column), column + " in " + row));
  }
}
