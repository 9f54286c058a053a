package se.finsam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.math3.stat.inference.TTest;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import se.finsam.config.ConfigLoader;
import se.finsam.jobs.JobRunner;
import se.finsam.results.ResultSchemas;
import se.finsam.schemas.Contracts;
import se.finsam.spark.SharedSpark;

/**
 * Runs the report job on hand-made result and panel tables: 20 participants (pids 1-12 treatment arm,
 * 13-20 control), all asked and first meeting the team in January 2020 (month_index 61).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportJobTest {
  private static final String RUN = "run-test-1";
  private static final String NB = "\u00a0";
  private static final int G = 61;
  Path warehouse;
  Path report;
  String html;

  @BeforeAll
  void runReport() throws Exception {
    SparkSession spark = SharedSpark.session();
    warehouse = Files.createTempDirectory("finsam-report-test-");
    List<Row> aggte = new ArrayList<>();
    String[] models = {"M1", "M2", "M3", "MEN", "WOMEN"};
    for (String m : models) {
      aggte.add(RowFactory.create(RUN, "lon_kr", m, "group", null, m.equals("MEN") ? 763.3 : 1014.2,
          m.equals("MEN") ? 466.1 : 267.5, 490.0, 1538.0, 0.0001, 35221L, 20L, 1990.0, 1014.2 / 1990.0));
      aggte.add(RowFactory.create(RUN, "har_lon", m, "group", null, 0.0259, 0.0153, -0.004, 0.056, 0.09,
          m.equals("M2") ? 15900L : 35221L, 20L, 0.28, 0.0259 / 0.28));
    }
    aggte.add(RowFactory.create(RUN, "lon_kr", "M1", "pre_average", null, -41.52, 39.82, -119.6, 36.5, 0.3, 35221L, 20L, null, null));
    aggte.add(RowFactory.create(RUN, "lon_kr", "M1", "post_average", null, 1229.1, 427.7, 390.8, 2067.4, 0.004, 35221L, 20L, null, null));
    for (int e = -3; e <= 3; e++) {
      aggte.add(RowFactory.create(RUN, "lon_kr", "M1", "dynamic", e, 100.0 * e, 50.0, 100.0 * e - 98, 100.0 * e + 98, 0.5, 35221L, 20L, null, null));
    }
    aggte.add(RowFactory.create(RUN, "lon_kr", "M1", "dynamic", -50, 1.0, 1.0, -1.0, 3.0, 0.5, 35221L, 20L, null, null));
    aggte.add(RowFactory.create("other-run", "lon_kr", "M1", "group", null, 9999.0, 1.0, 0.0, 1.0, 0.0, 1L, 20L, null, null));
    List<Row> attGt = new ArrayList<>();
    for (String m : models) {
      for (int t = G - 3; t <= G + 2; t++) {
        attGt.add(RowFactory.create(RUN, "lon_kr", m, G, t, t - G, 1.0, 1.0, 0.0, 2.0, m.equals("MEN") ? 3L : 12L, 8L, null));
      }
    }
    attGt.add(RowFactory.create(RUN, "lon_kr", "M1", G, G + 3, 3, 1.0, 1.0, 0.0, 2.0, 2L, 8L, null)); // e=3: 2 persons
    List<Row> pretest = List.of(RowFactory.create(RUN, "lon_kr", "M1", 3.2, 3, 0.3618));
    // No simple_weight on these rows: the report reads it only in the municipality design.
    List<Row> padded = new ArrayList<>();
    for (Row r : aggte) {
      Object[] values = new Object[ResultSchemas.AGGTE_SCHEMA.size()];
      for (int i = 0; i < r.size(); i++) {
        values[i] = r.get(i);
      }
      padded.add(RowFactory.create(values));
    }
    write(spark, padded, ResultSchemas.AGGTE_SCHEMA, "results/aggte");
    write(spark, attGt, ResultSchemas.ATT_GT_SCHEMA, "results/att_gt");
    write(spark, pretest, ResultSchemas.PRETEST_SCHEMA, "results/pretest");

    StructType populationSchema = new StructType().add("pid", DataTypes.LongType).add("design", DataTypes.StringType)
        .add("arm", DataTypes.StringType).add("treatment_period", DataTypes.IntegerType).add("kon", DataTypes.StringType)
        .add("alder", DataTypes.IntegerType).add("utlandsk_bakgrund", DataTypes.BooleanType)
        .add("har_barn_0_17", DataTypes.BooleanType).add("civilstand", DataTypes.StringType)
        .add("utbildningsniva", DataTypes.StringType).add("tillfragad_period", DataTypes.IntegerType)
        .add("group_period", DataTypes.IntegerType);
    List<Row> population = new ArrayList<>();
    List<Row> months = new ArrayList<>();
    for (long pid = 1; pid <= 20; pid++) {
      population.add(RowFactory.create(pid, "EXPERIMENT", pid <= 12 ? "BEHANDLING" : "KONTROLL", 202001,
          pid % 2 == 1 ? "K" : "M", (int) (30 + pid), pid % 3 == 0, pid == 1, "OGIFT", "GYMNASIAL", 202001,
          pid >= 19 ? 0 : 1)); // pids 19 and 20: the comparison-only start group, from 2020-01
      String hi = pid <= 2 ? "ARBETE" : pid >= 13 && pid <= 15 ? "SJUKDOM" : "EKONOMISKT_STOD";
      for (int period : periods()) {
        boolean yearBefore = period / 100 == 2019;
        // HI's source: SCB's monthly HI in 2020, SCB's yearly HI in 2019 for pids 1-5, else built.
        String source = !yearBefore ? "SCB_MANAD" : pid <= 5 ? "SCB_AR" : "KOMPONENTER";
        months.add(RowFactory.create(pid, period, yearBefore ? 100.0 * pid : 0.0, yearBefore ? 1 : 0, hi,
            yearBefore && pid <= 6 ? 1 : 0, source));
      }
    }
    StructType monthSchema = new StructType().add("pid", DataTypes.LongType).add("period", DataTypes.IntegerType)
        .add("lon_kr", DataTypes.DoubleType).add("har_lon", DataTypes.IntegerType).add("hi", DataTypes.StringType)
        .add("har_fs", DataTypes.IntegerType).add("hi_kalla", DataTypes.StringType);
    write(spark, population, populationSchema, "panel/population");
    write(spark, months, monthSchema, "panel/person_month");
    // Asked to take part: the 20 participants in August 2019 and 3 who declined.
    List<Row> asked = new ArrayList<>();
    for (long pid = 1; pid <= 23; pid++) {
      asked.add(RowFactory.create(pid, java.sql.Date.valueOf(String.format("2019-08-%02d", pid)), pid <= 20, "d1"));
    }
    write(spark, asked, new StructType().add("pid", DataTypes.LongType).add("tillfragad_datum", DataTypes.DateType)
        .add("samtycke", DataTypes.BooleanType).add("_delivery_id", DataTypes.StringType), "curated/experiment_deltagare");

    // Background rows of 2020: the 20 participants (aged 31-50) and 30 others of 25-54; of 2019 (the year
    // asked, Tabell S) for the 23 asked.
    List<Row> bakgrund = new ArrayList<>();
    for (long pid = 1; pid <= 50; pid++) {
      for (int year : pid <= 23 ? new int[] {2019, 2020} : new int[] {2020}) {
        bakgrund.add(RowFactory.create(pid, year, pid % 2 == 1 ? "K" : "M",
            pid <= 20 ? (int) (1990 - pid) : (int) (1945 + pid), pid % 4 == 0, "GYMNASIAL", "OGIFT", null, null, "d2"));
      }
    }
    write(spark, bakgrund, new StructType().add("pid", DataTypes.LongType).add("ar", DataTypes.IntegerType)
        .add("kon", DataTypes.StringType).add("fodelsear", DataTypes.IntegerType)
        .add("utrikes_fodd", DataTypes.BooleanType).add("utbildningsniva", DataTypes.StringType)
        .add("civilstand", DataTypes.StringType).add("doddatum", DataTypes.DateType)
        .add("utvandrad_datum", DataTypes.DateType).add("_delivery_id", DataTypes.StringType), "curated/scb_bakgrund_ar");
    // SCB's yearly HI of 2020: ARBETE for pids 1-10 (half the participants), EKONOMISKT_STOD for the others.
    List<Row> hiYear = new ArrayList<>();
    for (long pid = 1; pid <= 50; pid++) {
      hiYear.add(RowFactory.create(pid, 2020, pid <= 10 ? 200000.0 : 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
          pid <= 10 ? 0.0 : 90000.0, "d4"));
    }
    write(spark, hiYear, Contracts.SCB_HI_AR.schema().add("_delivery_id", DataTypes.StringType), "curated/scb_hi_ar");
    // SUS: ten participations with personal data in 2020 (odd ones women), one anonymous (not counted).
    List<Row> sus = new ArrayList<>();
    for (int i = 1; i <= 11; i++) {
      sus.add(RowFactory.create(i <= 10 ? "PERSONUPPGIFTER" : "ANONYM", java.sql.Date.valueOf("2020-03-01"), null,
          i % 2 == 1 ? "K" : "M", 1980, "GYMNASIAL", "FORSORJNINGSSTOD", "d3"));
    }
    write(spark, sus, new StructType().add("registrering", DataTypes.StringType).add("startdatum", DataTypes.DateType)
        .add("slutdatum", DataTypes.DateType).add("kon", DataTypes.StringType).add("fodelsear", DataTypes.IntegerType)
        .add("utbildning", DataTypes.StringType).add("forsorjning_fore", DataTypes.StringType)
        .add("_delivery_id", DataTypes.StringType), "curated/sus_deltagande");

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    JobRunner runner = new JobRunner(new ConfigLoader(Map.of(), getClass().getClassLoader()), c -> spark,
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
    int code = runner.execute(new ReportJob(), new String[] {"--run-id", RUN, "--warehouse", warehouse.toString()});
    assertEquals(0, code, err.toString());
    report = warehouse.resolve("reports").resolve(RUN);
    html = Files.readString(report.resolve("index.html"));
  }

  private static List<Integer> periods() {
    List<Integer> p = new ArrayList<>();
    for (int y = 2019; y <= 2020; y++) {
      for (int m = 1; m <= 12; m++) {
        p.add(y * 100 + m);
      }
    }
    return p;
  }

  private void write(SparkSession spark, List<Row> rows, StructType schema, String table) {
    spark.createDataFrame(rows, schema).write().format("delta").mode("overwrite").save(warehouse.resolve(table).toString());
  }

  private String csv(String id) throws Exception {
    return Files.readString(report.resolve(id + ".csv"));
  }

  private List<String> csvLines(String id) {
    try {
      return Files.readAllLines(report.resolve(id + ".csv"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void headlineTableHasSwedishNumbersStarsAndSuppression() throws Exception {
    assertTrue(html.contains("1" + NB + "014,2***"), "1014.2 / 267.5 = 3.79 -> p < 0.001");
    assertTrue(html.contains("(267,5)"));
    assertTrue(html.contains("0,0259"), "0.0259 / 0.0153 = 1.69 -> no star");
    assertFalse(html.contains("0,0259*"));
    assertFalse(html.contains("763,3"), "men: 3 treated persons, below 5");
    assertTrue(html.contains("51" + NB + "%"), "relative effect 1014.2 / 1990");
    assertTrue(html.contains("15" + NB + "900–35" + NB + "221"), "M2 observations differ between outcomes");
    assertFalse(html.contains("9" + NB + "999"), "another run's rows");
    String table1 = csv("tabell_1");
    assertTrue(table1.contains("1014.2,267.5"), "full precision in the CSV");
    assertTrue(Pattern.compile("Löneinkomst \\(kr/månad\\),Män,\\.\\.,*\\n").matcher(table1).find(), table1);
  }

  @Test
  void beforeAfterAndPretest() {
    assertTrue(html.contains("\u221241,5"), "three significant digits");
    assertTrue(html.contains("1" + NB + "229,1**"), "1229.1 / 427.7 = 2.87 -> p = 0.004");
    assertTrue(html.contains("p = 0,3618"));
  }

  @Test
  void eventStudyHasOnePointPerPublishedMonth() throws Exception {
    Matcher figure = Pattern.compile("<figure id=\"figur_2_lon_kr\">(.*?)</figure>", Pattern.DOTALL).matcher(html);
    assertTrue(figure.find());
    String svg = figure.group(1);
    assertEquals(3, count(svg, "class=\"point pre\""), "event months -3..-1");
    assertEquals(3, count(svg, "class=\"point post\""), "0..2 shown; 3 has 2 treated persons; -50 outside the window");
    assertTrue(svg.contains("stroke-dasharray"), "zero line");
    assertTrue(svg.contains(EventStudyFigure.PRE_COLOUR) && svg.contains(EventStudyFigure.POST_COLOUR));
    assertTrue(csv("figur_2_lon_kr").contains("3,Modell 1 (2015–2024),..,"));
  }

  @Test
  void hiDistributionSuppressesSmallCellsAndTheirPartners() throws Exception {
    // Treatment: ARBETE 2, EKONOMISKT_STOD 10; control: SJUKDOM 3, EKONOMISKT_STOD 5; every other
    // configured category 0 persons. Frequency: (Arbete, T) 2 and its row total 2; (Sjukdom, C) 3 and its
    // row total 3; (Ek. stöd, T) 10 of 12 (the other 2 are revealed) and (Ek. stöd, C) 5 of 8 (3).
    // Group disclosure: every 0 % share. Only Ek. stöd's total share (15 of 20) and the counts remain.
    String b1 = csv("tabell_h");
    for (String cell : List.of("Arbete,Behandlingsgrupp", "Arbete,Alla", "\"Sjukdom, sjukskriven\",Kontrollgrupp", "\"Sjukdom, sjukskriven\",Alla",
        "Försörjningsstöd,Behandlingsgrupp", "Försörjningsstöd,Kontrollgrupp", "Pension,Behandlingsgrupp")) {
      assertTrue(b1.contains(cell + ",..,"), cell + " suppressed in\n" + b1);
    }
    assertTrue(b1.contains("Försörjningsstöd,Alla,,0.75"));
    assertTrue(b1.contains("Antal personer,Behandlingsgrupp,,,12"), b1);
    assertFalse(b1.contains("Arbete,Behandlingsgrupp,,"), "no share reveals its persons");
    List<String> checked = Files.readAllLines(report.resolve(ReportJob.CHECKED_OUTPUTS));
    assertTrue(checked.stream().anyMatch(l -> l.startsWith("withheld,tabell_h,Pension,Behandlingsgrupp,GROUP,")),
        "a 0 % share is withheld by group disclosure");
    assertEquals(26, count(b1, ",..,"), "30 cells but Ek. stöd's total share and the three counts");
  }

  @Test
  void checkedOutputsListEveryTableAndTheAuditPasses() throws Exception {
    List<String> checked = Files.readAllLines(report.resolve(ReportJob.CHECKED_OUTPUTS));
    for (String table : List.of("tabell_1", "figur_2_lon_kr", "tabell_b8", "fortest", "figur_1", "tabell_b1", "tabell_h",
        "tabell_samtycke", "tabell_b3", "tabell_b4", "tabell_b5", "tabell_b6", "tabell_b7", "proveniens_korning")) {
      assertTrue(checked.stream().anyMatch(l -> l.startsWith("table," + table + ",")), table + " listed");
    }
    assertTrue(checked.stream().filter(l -> l.startsWith("withheld,")).allMatch(l -> l.endsWith(",true,,")),
        "every withheld cell protected");
    // The event month with 2 treated persons is withheld in the figure as an estimate.
    assertTrue(checked.stream().anyMatch(l -> l.startsWith("withheld,figur_2_lon_kr,3,") && l.contains(",ESTIMATE,")));
    assertTrue(html.contains("id=\"rojandekontroll\"") && html.contains("Resultat: godkänd"));
    assertTrue(csv("rojandekontroll").contains("Celler under skyddsnivån efter granskningen,Celler,,,,0"),
        csv("rojandekontroll"));
  }

  /** The run's later designs are checked against this report: its cells are in the run's ledger, not in the report. */
  @Test
  void theRunsLedgerRecordsTheReportsCells() throws Exception {
    se.finsam.disclosure.Prior prior = se.finsam.disclosure.RunLedger.at(
        warehouse.resolve("results").resolve("disclosure").resolve(RUN).toString(),
        new org.apache.hadoop.conf.Configuration()).prior("another-design");
    List<String> withheld = Files.readAllLines(report.resolve(ReportJob.CHECKED_OUTPUTS)).stream()
        .filter(l -> l.startsWith("withheld,")).toList();
    long recorded = prior.cells().stream().filter(c -> c.rule() != null).count();
    assertTrue(recorded > 0 && recorded <= withheld.size(), "each withheld key once: " + recorded + " of " + withheld.size());
    assertTrue(prior.cells().stream().anyMatch(c -> c.table().equals("figur_2_lon_kr") && c.rule() != null
        && c.statistic().kind() == se.finsam.disclosure.Statistic.Kind.ESTIMATE));
    assertTrue(prior.cells().stream().allMatch(c -> c.design().equals(ReportJob.DESIGN)));
    assertFalse(prior.lines().isEmpty());
    try (var files = Files.list(report)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".cells")), "withheld values never beside the report");
    }
  }

  @Test
  void balanceTableMeansAndWelchTest() throws Exception {
    // lon_kr summed over 2019: 1200 * pid. Treatment pids 1..12, control 13..20.
    double[] treated = new double[12];
    double[] control = new double[8];
    for (int pid = 1; pid <= 20; pid++) {
      if (pid <= 12) {
        treated[pid - 1] = 1200.0 * pid;
      } else {
        control[pid - 13] = 1200.0 * pid;
      }
    }
    double p = new TTest().tTest(treated, control);
    assertTrue(html.contains("7" + NB + "800,0"), "treatment mean 1200 * 6.5");
    assertTrue(html.contains("19" + NB + "800"), "control mean 1200 * 16.5");
    String b3 = csv("tabell_b3");
    Matcher m = Pattern.compile("Löneinkomst under året \\(kr\\),P-värde,,,,([0-9.E-]+)").matcher(b3);
    assertTrue(m.find(), b3);
    assertEquals(p, Double.parseDouble(m.group(1)), 1e-9);
    String barn = "Hemmavarande barn (procent) / Hemmavarande barn <18";
    assertTrue(b3.contains(barn + ",Behandlingsgrupp,..,"), "one parent in the treatment arm\n" + b3);
    assertTrue(b3.contains(barn + ",P-värde,..,"));
    assertTrue(b3.contains("\nÅlder,Behandlingsgrupp,,36.5,12"), b3);
  }

  @Test
  void b1ComparesTheParticipantsWithThePopulation() throws Exception {
    String b1 = csv("tabell_b1");
    assertTrue(b1.contains("Antal personer,Utvärderingen,,,,20"), b1);
    assertTrue(b1.contains("Antal personer,Nationellt genomsnitt,,,,50"), b1);
    assertTrue(b1.contains("Kvinna,Utvärderingen,,0.5,"), b1);
    // The income-source rows of both columns from SCB's yearly HI of 2020 (curated/scb_hi_ar); the values
    // (and their suppression) are DescriptiveTablesTest's.
    assertTrue(b1.contains("Huvudsaklig inkomstkälla / Arbete,Utvärderingen,"), b1);
    assertTrue(b1.contains("Huvudsaklig inkomstkälla / Försörjningsstöd,Nationellt genomsnitt,"), b1);
    assertTrue(html.contains("Huvudsaklig inkomstkälla ur SCB:s årsuppgift (scb_hi_ar) för 2020"));
    assertTrue(html.contains("Tabell B1 Egenskaper hos deltagare i utvärderingen och i den arbetsföra befolkningen i "
        + "åldern 18–64 år, år 2020"));
  }

  @Test
  void b2ComparesSusParticipantsWithTheExperiment() throws Exception {
    String b2 = csv("tabell_b2");
    assertTrue(b2.contains("Kvinnor,FINSAM 2020,,0.5"), "5 of the 10 with personal data\n" + b2);
    assertTrue(b2.contains("Kvinnor,Kontrollerat experiment 2020,,0.5"), b2);
    assertTrue(html.contains("Tabell B2 Egenskaper hos deltagarna i utvärderingen"));
  }

  @Test
  void historyAndTablesBySex() throws Exception {
    // ekonomiskt bistånd every month of 2019 (the history before January 2020 in this panel) for pids 1-6
    String b4 = csv("tabell_b4");
    // (labels with a comma are quoted in the CSV)
    String fs = "\"Försörjningsstöd, månader / ";
    assertTrue(b4.contains(fs + "Alla deltagare\",Behandlingsgrupp,,6.0,12,"), b4);
    assertTrue(b4.contains(fs + "Deltagare som har/haft försörjningsstöd\",Behandlingsgrupp,,12.0,6,"), b4);
    assertTrue(b4.contains(fs + "Andel som haft försörjningsstöd\",Behandlingsgrupp,,0.5,12,"), b4);
    assertTrue(html.contains("Tabell B4 Historisk inskrivningstid"));
    // women (odd pids): 6 in the treatment arm, 4 in the control arm -> both counts withheld
    String b6 = csv("tabell_b6");
    assertTrue(b6.contains("Antal personer,Kvinnor kontroll,..,"), b6);
    assertTrue(b6.contains("Antal personer,Kvinnor behandling,..,"), b6);
    assertTrue(b6.contains("Antal personer,Alla kvinnor,,"), b6);
    assertTrue(csv("tabell_b5").contains("Antal personer,Kvinnor,,,,,10"));
    // men: pids 2..20 even, mean age 30 + 11; 4 in the control arm -> both arms' means withheld
    String b7 = csv("tabell_b7");
    assertTrue(b7.contains("\nÅlder,Män samtliga,,41.0,10"), b7);
    assertTrue(b7.contains("\nÅlder,Män kontroll,..,"), b7);
    assertTrue(b7.contains("\nÅlder,Män behandling,..,"), b7);
  }

  @Test
  void participationFigure() throws Exception {
    String figure = csv("figur_1");
    assertTrue(figure.contains("2019-08,Tackade nej,..,"), "3 declined: below 5\n" + figure);
    assertTrue(figure.contains("2019-08,Tillfrågade,,23"), figure);
    assertTrue(html.contains("<figure id=\"figur_1\">"));
    assertTrue(html.contains("class=\"bar total-only\""), "August: only the number asked can be shown");
  }

  /**
   * Every table and figure has its own number: the seed's (from the catalogue) or a letter of the report's
   * own; the participants' income sources are Tabell H, not a second Tabell B1.
   */
  @Test
  void captionNumbersAreUnique() {
    Matcher m = Pattern.compile("<h3>((?:Tabell|Figur) [A-ZÅÄÖ]?\\d*) ").matcher(html);
    List<String> numbers = new ArrayList<>();
    while (m.find()) {
      numbers.add(m.group(1));
    }
    assertEquals(numbers.size(), new java.util.HashSet<>(numbers).size(), numbers.toString());
    assertTrue(numbers.containsAll(List.of("Tabell 1", "Tabell B1", "Tabell H", "Tabell S", "Tabell B8", "Figur 1",
        "Figur 2")), numbers.toString());
  }

  /** Tabell S: the asked by answer; the 3 who declined are Figure 1's withheld total, the same cell. */
  @Test
  void consentBySexAndAge() throws Exception {
    String consent = csv("tabell_samtycke");
    // Figure 1's totals are the same cells: withheld in both or in neither.
    Map<String, String> asked = cells(consent, "Antal tillfrågade,");
    Map<String, String> totals = cells(csv("figur_1"), "Totalt,");
    assertTrue(asked.get("Tackade nej").startsWith(".."), consent);
    for (String column : List.of("Tackade ja", "Tackade nej")) {
      assertEquals(totals.get(column).startsWith(".."), asked.get(column).startsWith(".."), column + "\n" + consent);
    }
    assertEquals(",23", asked.get("Alla tillfrågade").replaceAll(",+$", ""), consent);
    // pids 1-20 said yes: 10 women (odd pids), aged 2019 - (1990 - pid) = 29 + pid, mean 39.5; pids 21-23 no,
    // aged 53, 52, 51. The 3 are withheld, and so is yes or all (else all - yes gives them).
    Map<String, String> women = cells(consent, "Kvinnor (procent),");
    Map<String, String> age = cells(consent, "Medelålder (år),");
    for (Map<String, String> row : List.of(women, age)) {
      assertTrue(row.get("Tackade nej").startsWith(".."), consent);
      assertTrue(row.get("Tackade ja").startsWith("..") ^ row.get("Alla tillfrågade").startsWith(".."), consent);
    }
    assertTrue(women.get("Tackade ja").startsWith("..") ? (women.get("Alla tillfrågade") + ",").startsWith(",,0.52173913")
        : (women.get("Tackade ja") + ",").startsWith(",,0.5,20,"), consent);
    assertTrue(age.get("Tackade ja").startsWith("..") ? (age.get("Alla tillfrågade") + ",").startsWith(",,,23,41.13")
        : (age.get("Tackade ja") + ",").startsWith(",,,20,39.5,"), consent);
    assertTrue(html.contains("Tabell S Kön och ålder hos de tillfrågade"));
  }

  /** The CSV cells of a row by column: what follows "row,column," ("..,..." when withheld). */
  private static Map<String, String> cells(String csv, String rowPrefix) {
    Map<String, String> cells = new java.util.LinkedHashMap<>();
    for (String line : csv.split("\n")) {
      if (line.startsWith(rowPrefix)) {
        String rest = line.substring(rowPrefix.length());
        int comma = rest.indexOf(',');
        cells.put(rest.substring(0, comma), rest.substring(comma + 1));
      }
    }
    return cells;
  }

  @Test
  void provenanceAndSections() {
    for (String id : List.of("effekter", "figurer", "fore-efter", "rekrytering", "deltagare", "rojandekontroll",
        "proveniens", "tabell_1", "tabell_b8", "tabell_b1", "tabell_h", "tabell_samtycke", "tabell_b2", "tabell_b3", "tabell_b4", "tabell_b5", "tabell_b6",
        "tabell_b7", "figur_1", "fortest")) {
      assertTrue(html.contains("id=\"" + id + "\""), id);
    }
    assertTrue(html.contains(RUN));
    assertTrue(html.contains(org.apache.spark.SparkContext.getOrCreate().version()));
    // Person-months per HI source (24 months x 20 persons): 2020 monthly, 2019 yearly for 5 persons.
    assertTrue(html.contains("Huvudsaklig inkomstkälla: källa per personmånad"));
    List<String> sources = csvLines("proveniens_hi");
    assertTrue(sources.stream().anyMatch(l -> l.startsWith("SCB:s månadsuppgift (scb_hi_manad),") && l.endsWith(",240")),
        String.join("\n", sources));
    assertTrue(sources.stream().anyMatch(l -> l.contains("scb_hi_ar") && l.endsWith(",60")), String.join("\n", sources));
    assertTrue(sources.stream().anyMatch(l -> l.contains("komponenterna") && l.endsWith(",180")), String.join("\n", sources));
    // The methods section states the source rule behind those counts, from the run's configuration.
    String hiMethod = csvLines("tabell_metod").stream().filter(l -> l.startsWith("Huvudsaklig inkomstkälla,"))
        .findFirst().orElseThrow(() -> new AssertionError("no HI row in tabell_metod"));
    assertTrue(hiMethod.contains("scb_hi_manad") && hiMethod.contains("före januari 2019") && hiMethod.contains("scb_hi_ar")
        && hiMethod.contains("störst belopp"), hiMethod);
    // Each model's months as the estimation cut them: to the month before the comparison-only start group
    // of panel/population (2020-01).
    String model1 = csvLines("tabell_metod").stream().filter(l -> l.startsWith("Modell 1 (2015–2024),")).findFirst()
        .orElseThrow(() -> new AssertionError("no Modell 1 row in tabell_metod"));
    assertTrue(model1.contains("Månader 201501–201912 (inställt till 202404; den sista startgruppen"), model1);
    assertFalse(html.contains("<script") || html.contains("http://") && !html.contains("http://www.w3.org/2000/svg"),
        "self-contained");
    assertFalse(Pattern.compile("(src|href)=\"(?!#)").matcher(html).find(), "no external resources");
  }

  @Test
  void rendersInHeadlessChromium(@TempDir Path tmp) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "chromium not installed");
    Path png = tmp.resolve("report.png");
    Process process = new ProcessBuilder("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + tmp.resolve("profile"), "--screenshot=" + png,
        "--window-size=1280,4000", report.resolve("index.html").toUri().toString())
        .redirectErrorStream(true).redirectOutput(tmp.resolve("chromium.log").toFile()).start();
    assertTrue(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "chromium did not finish");
    assertTrue(Files.size(png) > 20_000, "screenshot written");
    byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
    assertEquals("PNG", new String(head, 1, 3, StandardCharsets.US_ASCII));
    assertEquals(count(html, "<svg"), count(html, "<figure"), "one SVG per figure (only one-panel figures here)");
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
