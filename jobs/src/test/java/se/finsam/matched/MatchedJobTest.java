package se.finsam.matched;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import se.finsam.config.ConfigLoader;
import se.finsam.jobs.JobRunner;
import se.finsam.cli.RunJob;
import se.finsam.spark.SharedSpark;
import se.finsam.warehouse.Zone;

/**
 * {@code ./finsam run --design matched} on synthetic registers (synth → ingest → matched) with a strong
 * planted effect on work and none on studies: the report has every table, the matched difference in
 * differences finds the planted income effect and its interval covers the true zero effect on CSN.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MatchedJobTest {
  static final String RUN = "matched-test";
  Path warehouse;
  SparkSession spark;

  @BeforeAll
  void runDesign() throws Exception {
    spark = SharedSpark.session();
    warehouse = Files.createTempDirectory("finsam-matched-test-");
    Path conf = Files.writeString(warehouse.resolve("test.conf"), String.join("\n",
        "finsam.run-id = " + RUN,
        "finsam.synth { persons = 5000, partitions = 2, from = 201001, to = 201412, flaw-rate = 0.0005",
        "  sus { start-from = 201201, start-to = 201212 }",
        // No experiment (not read here); four pool persons per SUS person, and the pool's base states those of
        // SUS, so the pool has about four persons with AE per treated person and nearly every treated person
        // finds a referent in its cell (with 0.10 / 0.50 / 0.40 and the pool's own base: 65 of 179 paired).
        "  shares { experiment = 0, sus = 0.20, pool = 0.80 }",
        "  base.pool = ${finsam.synth.base.sus}",
        "  effects { work = 0.25, study = 0.0 } }",
        "finsam.synth.correction.period = 201412",
        // The registers the matched design reads (MatchedJob's inputs): the others would only cost ingest time.
        "finsam.synth.tables = [midas_ersattning, midas_ae_diagnos, sus_deltagande, scb_bakgrund_ar, forbund_medlemskap,",
        "  scb_inkomst_ar, csn_studiestod_ar, af_sokandekategori, fk_af_samarbete]",
        // Synthetic municipality codes are county + 10..23, never a real code: Table 1's H-regions by synthetic codes.
        "finsam.matched.h-region { storstader = [\"0110\", \"1410\", \"1210\", \"0111\"],",
        "  storre-stader = [\"0310\", \"0510\", \"0610\", \"1810\", \"1910\", \"2410\", \"1411\", \"1211\"] }",
        "finsam.disclosure.min-persons = 3", ""));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new JobRunner(new ConfigLoader(Map.of("FINSAM_WAREHOUSE", warehouse.resolve("wh").toString()),
        getClass().getClassLoader()), c -> SharedSpark.session(), System.out, new PrintStream(err))
        .execute(new RunJob(), new String[] {"--conf", conf.toString(), "--design", "matched", "--synth"});
    assertEquals(JobRunner.OK, code, err.toString());
  }

  private Path report() {
    return warehouse.resolve("wh").resolve(Zone.REPORTS.dirName()).resolve(RUN);
  }

  @Test
  void theReportHasEveryTableAndDiagramOfTheSeed() throws Exception {
    String html = Files.readString(report().resolve("matchning.html"));
    se.finsam.report.DesignReports.keep(report(), "matched");
    for (int t = 1; t <= 12; t++) {
      assertTrue(html.contains("Tabell " + t + " "), "Tabell " + t);
      assertTrue(Files.exists(report().resolve("matchning_tabell_" + t + ".csv")), "CSV of Tabell " + t);
    }
    for (String d : List.of("Diagram 1a)", "Diagram 1d)", "Diagram 2 ", "Diagram 3 ", "Tabell D ", "Tabell 12b")) {
      assertTrue(html.contains(d), d);
    }
  }

  @Test
  void everyTableWentThroughTheOutputChecker() throws Exception {
    String checked = Files.readString(report().resolve(MatchedJob.CHECKED_OUTPUTS));
    for (int t = 1; t <= 12; t++) {
      assertTrue(checked.contains("matchning_tabell_" + t), "checked outputs list Tabell " + t);
    }
    for (String id : List.of("matchning_utfall", "matchning_tabell_did", "matchning_diagram_2", "matchning_diagram_1a")) {
      assertTrue(checked.contains(id), "checked outputs list " + id);
    }
    assertTrue(Files.readString(report().resolve("matchning.html")).contains("Röjandekontroll"));
  }

  /** The long-format CSV's fields of a line (quoted fields may hold commas). */
  private static List<String> fields(String line) {
    List<String> out = new java.util.ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (char c : line.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        out.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    out.add(field.toString());
    return out;
  }

  /** The pool is several times the treated group, so nearly every treated person finds a referent. */
  @Test
  void thePoolIsLargeAndNearlyEveryTreatedPersonIsPaired() throws Exception {
    Map<String, Double> flow = new java.util.HashMap<>();
    List<String> lines = Files.readAllLines(report().resolve("matchning_utfall.csv"));
    for (String line : lines.subList(1, lines.size())) {
      List<String> f = fields(line);
      flow.put(f.get(0), f.get(3).isEmpty() ? Double.NaN : Double.parseDouble(f.get(3)));
    }
    double treated = flow.get("Utfallsgrupp (insats 2012)");
    double pool = flow.get("Potentiell referensgrupp");
    double pairs = flow.get("Matchade par");
    assertTrue(pool >= 3 * treated, "pool " + pool + ", treated " + treated);
    assertTrue(pairs >= 0.85 * treated, "pairs " + pairs + ", treated " + treated);
  }

  /**
   * The pairs outside the subgroup (Tabell 2-6 minus 7-11) and Table 1's persons before but not after matching
   * are in no table, but in the design's record (the run's disclosure ledger) as hidden cells, each in its line
   * all = subgroup + rest; every sensitive one has a withheld partner on a line through it.
   */
  @Test
  void theUnpublishedRestsAreInTheAudit() throws Exception {
    se.finsam.disclosure.Prior record = se.finsam.disclosure.RunLedger.at(warehouse.resolve("wh")
        .resolve(Zone.RESULTS.dirName()).resolve("disclosure").resolve(RUN).toString(),
        spark.sparkContext().hadoopConfiguration()).prior("another design");
    Map<String, se.finsam.disclosure.Prior.Cell> cells = new HashMap<>();
    record.cells().forEach(c -> cells.put(c.key(), c));
    String subgroup = MatchedTables.POPULATION + "/" + MatchedTables.NYBEVILJADE + "/";
    long shares = 0;
    for (String key : cells.keySet()) {
      if (key.startsWith(subgroup) && !key.contains("/did/")) {
        String rest = MatchedTables.POPULATION + "/" + MatchedTables.OVRIGA + "/" + key.substring(subgroup.length());
        assertTrue(cells.containsKey(rest) && cells.get(rest).hidden(), "the rest of " + key);
        shares++;
      }
    }
    assertTrue(shares > 0, "Tables 7-11 are in the record");
    assertTrue(cells.get(MatchedTables.pairsKey(MatchedTables.OVRIGA)).hidden());
    assertTrue(cells.keySet().stream().anyMatch(k -> k.contains("/ej_par_") && cells.get(k).hidden()), "Table 1's rests");
    int sensitive = 0;
    for (se.finsam.disclosure.Prior.Cell h : record.cells().stream().filter(se.finsam.disclosure.Prior.Cell::hidden).toList()) {
      List<se.finsam.disclosure.Line> through = record.lines().stream().filter(l -> l.keys().contains(h.key())).toList();
      assertTrue(!through.isEmpty(), h.key() + " in a line");
      if (h.rule() != null) {
        sensitive++;
        assertTrue(through.stream().anyMatch(l -> l.keys().stream()
            .anyMatch(k -> !k.equals(h.key()) && !cells.get(k).hidden() && cells.get(k).rule() != null)),
            h.key() + " (" + h.rule() + ") has a withheld partner");
      }
    }
    System.out.println("MatchedJobTest: " + record.cells().stream().filter(se.finsam.disclosure.Prior.Cell::hidden).count()
        + " hidden cells, " + sensitive + " sensitive");
  }

  /** Synth starts some AE before its window and delivers that start: both duration classes occur. */
  @Test
  void table1ShowsBothAeDurationClasses() throws Exception {
    List<String> lines = Files.readAllLines(report().resolve("matchning_tabell_1.csv"));
    List<String> header = fields(lines.get(0));
    for (String category : List.of("<=3 år", ">3 år")) {
      for (String column : List.of("Före: utfallsgrupp, antal", "Före: referensgrupp, antal")) {
        List<String> row = lines.stream().map(MatchedJobTest::fields)
            .filter(f -> f.get(0).startsWith("Varaktighet") && f.get(0).endsWith("/ " + category) && f.get(1).equals(column))
            .findFirst().orElseThrow(() -> new AssertionError(category + " " + column + " not in Tabell 1"));
        // A withheld cell has ".." in "suppressed" and no count.
        assertEquals("", row.get(header.indexOf("suppressed")), category + " " + column + " withheld");
        assertTrue(Double.parseDouble(row.get(header.indexOf("antal"))) > 0, category + " " + column + ": " + row);
      }
    }
  }

  /** Seed 000 Table 1's H-region block: its three categories from the configured municipality codes. */
  @Test
  void table1HasTheSeedsHRegions() throws Exception {
    List<String> lines = Files.readAllLines(report().resolve("matchning_tabell_1.csv"));
    List<String> header = fields(lines.get(0));
    double known = 0;
    for (String category : List.of("Storstäder", "Större städer", "Medelstora städer/glesbygd")) {
      List<List<String>> rows = lines.stream().map(MatchedJobTest::fields)
          .filter(f -> f.get(0).startsWith("H-region") && f.get(0).endsWith("/ " + category)).toList();
      assertEquals(10, rows.size(), category + ": a count and a share in each of the four columns, two SMDs");
      for (List<String> row : rows) {
        String n = row.get(header.indexOf("antal"));
        known += n.isEmpty() ? 0 : Double.parseDouble(n);
      }
    }
    assertTrue(known > 0, "some H-region count is published");
  }

  /** ./finsam compare-truth-matched: the DiD's interval covers the generator's truth of the base year's participants. */
  @Test
  void theDidCoversTheGeneratorsTruth() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new JobRunner(new ConfigLoader(Map.of("FINSAM_WAREHOUSE", warehouse.resolve("wh").toString()),
        getClass().getClassLoader()), c -> SharedSpark.session(), System.out, new PrintStream(err))
        .execute(new MatchedTruthJob(), new String[] {"--run-id", RUN});
    assertEquals(JobRunner.OK, code, err.toString());
    Map<String, Row> byOutcome = new java.util.HashMap<>();
    spark.read().option("header", "true").option("inferSchema", "true")
        .csv(report().resolve(MatchedTruthJob.COMPARISON).toString()).filter("ar = 2014").collectAsList()
        .forEach(r -> byOutcome.put(r.getString(r.fieldIndex("utfall")), r));
    Row income = byOutcome.get("inkomst");
    Row csn = byOutcome.get("csn");
    // The planted work effect reaches the yearly income share; studies carry no effect in this run.
    assertTrue(income.getDouble(income.fieldIndex("effekt_pe")) > 5, "true income effect " + income);
    assertEquals(0.0, csn.getDouble(csn.fieldIndex("effekt_pe")), 1e-12);
    assertTrue(income.getBoolean(income.fieldIndex("tackt")), "income " + income);
    assertTrue(csn.getBoolean(csn.fieldIndex("tackt")), "csn " + csn);
    // Every outcome of the tables has a truth: the four AF classes are exclusive and exhaustive in both
    // potential worlds, so their effects cancel.
    for (YearlyOutcomes.Outcome o : YearlyOutcomes.OUTCOMES) {
      assertTrue(byOutcome.containsKey(o.column()), "a truth for " + o.column() + ": " + byOutcome.keySet());
    }
    double af = 0;
    for (String c : List.of("af_anstallning", "af_arbetslos", "af_ovriga", "af_ej_inskriven")) {
      af += byOutcome.get(c).getDouble(byOutcome.get(c).fieldIndex("effekt_pe"));
    }
    assertEquals(0.0, af, 1e-9, "the AF classes' effects sum to 0");
    assertTrue(byOutcome.get("inkomst_sgi").getDouble(byOutcome.get("inkomst_sgi").fieldIndex("effekt_pe")) > 0,
        "the planted work effect reaches income above the SGI limit");
    // A 95 % interval misses one truth in twenty: of 13 outcomes, three or more misses have a probability of
    // about 2.5 % (binomial) when the estimates and truths agree. This run (seeded) covers all 13.
    List<String> missed = YearlyOutcomes.OUTCOMES.stream().map(YearlyOutcomes.Outcome::column)
        .filter(c -> !byOutcome.get(c).getBoolean(byOutcome.get(c).fieldIndex("tackt"))).toList();
    assertTrue(missed.size() <= 2, "the DiD's interval misses the truth of " + missed);
  }

  /** Synth's small incomes (SmallIncome) lie between 0 and the SGI limit: the two income outcomes differ. */
  @Test
  void incomeAboveZeroAndAboveTheSgiLimitDiffer() {
    Map<String, Long> withOutcome = new HashMap<>();
    spark.read().format("delta").load(warehouse.resolve("wh/results/matchning_andelar").toString())
        .filter("run_id = '" + RUN + "' and urval = 'alla' and utfall in ('inkomst', 'inkomst_sgi')")
        .groupBy("utfall").agg(sum(col("antal_u").plus(col("antal_r"))))
        .collectAsList().forEach(r -> withOutcome.put(r.getString(0), r.getLong(1)));
    long above = withOutcome.get("inkomst_sgi");
    assertTrue(above > 0, "some paired persons above the SGI limit: " + withOutcome);
    assertTrue(withOutcome.get("inkomst") > above, "more paired persons with income than above the limit: " + withOutcome);
  }

  @Test
  void thePlantedEffectIsFoundAndTheNullEffectCovered() {
    List<Row> rows = spark.read().format("delta").load(warehouse.resolve("wh/results/matchning_andelar").toString())
        .filter("run_id = '" + RUN + "' and urval = 'alla' and ar = 2014").collectAsList();
    Row income = rows.stream().filter(r -> r.getString(r.fieldIndex("utfall")).equals("inkomst")).findFirst().orElseThrow();
    Row csn = rows.stream().filter(r -> r.getString(r.fieldIndex("utfall")).equals("csn")).findFirst().orElseThrow();
    long pairs = income.getLong(income.fieldIndex("par"));
    assertTrue(pairs >= 50, "pairs: " + pairs);
    double did = income.getDouble(income.fieldIndex("did"));
    double se = income.getDouble(income.fieldIndex("did_se"));
    assertTrue(did - 1.96 * se > 0, "income DiD " + did + " se " + se);
    double nullDid = csn.getDouble(csn.fieldIndex("did"));
    double nullSe = csn.getDouble(csn.fieldIndex("did_se"));
    assertTrue(Math.abs(nullDid) < 2.58 * nullSe + 1e-12, "CSN DiD " + nullDid + " se " + nullSe);
  }
}
