package se.finsam.followup;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
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
 * {@code ./finsam run --design sus-followup} on a small synthetic world (synth → ingest → followup, 600
 * persons, registers 2016–2019) with a strong planted fall in sjukpenning after the first insats, for 2018, then
 * {@code ./finsam followup --year 2019} in the same run: the 2018 report says why Table 3 is absent (no 2017
 * follow-up), the 2019 report has every table, each through the output checker, Table 3 compares with the 2018
 * follow-up, the results table holds the run's cells of both years, and each year's Bilaga 5 equals the generator's
 * own FK days ({@code raw/_truth/followup_fk}). The registers are written without flaws, so that the follow-up and
 * the truth must agree exactly. The generator delivers only the four tables the follow-up reads
 * ({@code finsam.synth.tables}): most of the test's time was ingest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FollowupDesignRunTest {
  static final String RUN = "followup-test";
  Path warehouse;
  SparkSession spark;
  String html2018;

  @BeforeAll
  void runDesign() throws Exception {
    spark = SharedSpark.session();
    warehouse = Files.createTempDirectory("finsam-followup-test-");
    Path conf = Files.writeString(warehouse.resolve("test.conf"), String.join("\n",
        "finsam.run-id = " + RUN,
        "finsam.followup.year = 2018",
        // Registers from 2016: the income follow-up of those who ended two years before the report year.
        "finsam.followup.inkomst { cohorts-from-years-before = 2, cohorts-to-years-before = 2, last-income-years-before = 0 }",
        // No flaws: a quarantined or duplicated MiDaS or SUS row would make the registers differ from the truth.
        "finsam.synth { persons = 600, partitions = 2, from = 201601, to = 201912, flaw-rate = 0",
        "  sus { start-from = 201701, start-to = 201912 }",
        "  shares { experiment = 0, sus = 0.9, pool = 0.1 }",
        "  effects { sjp = -0.15 } }",
        "finsam.synth.correction.period = 201912",
        // The registers the follow-up reads: the others would only cost ingest time.
        "finsam.synth.tables = [sus_deltagande, midas_ersattning, scb_bakgrund_ar, scb_inkomst_ar]",
        "finsam.disclosure.min-persons = 3", ""));
    run(new RunJob(), "--conf", conf.toString(), "--design", "sus-followup", "--synth");
    html2018 = Files.readString(report().resolve("followup.html"));
    run(new FollowupJob(), "--conf", conf.toString(), "--year", "2019");
  }

  private void run(se.finsam.jobs.Job job, String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new JobRunner(new ConfigLoader(Map.of("FINSAM_WAREHOUSE", warehouse.resolve("wh").toString()),
        getClass().getClassLoader()), c -> SharedSpark.session(), System.out, new PrintStream(err)).execute(job, args);
    assertEquals(JobRunner.OK, code, err.toString());
  }

  private Path report() {
    return warehouse.resolve("wh").resolve(Zone.REPORTS.dirName()).resolve(RUN);
  }

  @Test
  void theReportHasEveryTableEachChecked() throws Exception {
    String html = Files.readString(report().resolve("followup.html"));
    se.finsam.report.DesignReports.keep(report(), "followup");
    String checked = Files.readString(report().resolve(FollowupJob.CHECKED_OUTPUTS));
    for (String id : List.of("followup_bilaga_1", "followup_alder", "followup_utbildning", "followup_tid_forsorjning",
        "followup_forsorjning", "followup_inriktning", "followup_tid_i_insats", "followup_diagram_3",
        "followup_avslutsorsak", "followup_forsorjningsforandring", "followup_tabell_3", "followup_tabell_4", "followup_bilaga_5_samtliga",
        "followup_bilaga_5_kvinnor", "followup_bilaga_5_man", "followup_inkomst_exkluderade", "followup_tabell_5",
        "followup_tabell_6", "followup_tabell_7", "followup_bilaga_6_kvinnor", "followup_bilaga_6_man",
        "followup_bilaga_6_alder", "followup_bilaga_6_normaliserad_kvinnor", "followup_bilaga_6_normaliserad_man",
        "followup_inkomst_andel_med", "followup_inkomst_medel_med", "followup_bilaga_6_alder_kvinnor",
        "followup_bilaga_6_alder_man", "followup_bilaga_6_skillnad", "followup_bilaga_6_kvot",
        "followup_bilaga_6_alder_relativ", "followup_bilaga_6_alder_kvot", "followup_bilaga_6_andel_pgi",
        "followup_bilaga_6_andel_med_kvot", "followup_bilaga_6_medel_med_kvot", "followup_diagram_3_arbetsform",
        "followup_inkomst_exkluderade_andel_med", "followup_inkomst_exkluderade_medel",
        "followup_bilaga_6_exkluderade_andel_kvot", "followup_bilaga_6_exkluderade_medel_kvot")) {
      assertTrue(Files.exists(report().resolve(id + ".csv")), "CSV of " + id);
      assertTrue(checked.contains(id), "checked outputs list " + id);
    }
    for (String title : List.of("Bilaga 1 ", "Kön och ålder", "Diagram 3a och 3b", "Tabell 4 ", "Bilaga 5 ", "Tabell 5 ", "Tabell 7 ",
        "Röjandekontroll", "inte kommer från registren", "Arbetsform och studier", "varav subventionerat arbete",
        "exkluderas i relation till de som inkluderas")) {
      assertTrue(html.contains(title), title);
    }
  }

  private Dataset<Row> results() {
    return spark.read().format("delta").load(warehouse.resolve("wh").resolve("results").resolve(FollowupJob.RESULTS).toString())
        .filter("run_id = '" + RUN + "'");
  }

  /** The generator gives every job its kind (SUBSID subsidised, WORK unsubsidised or own business): all reach the table. */
  @Test
  void theWorkSplitCountsTheGeneratedKindsOfWork() {
    Dataset<Row> split = results().filter("ar = 2019 and tabell = '" + FollowupJob.WORK_FORM_TABLE + "' and kolumn = 'Efter, antal'");
    java.util.function.Function<String, Double> total = row -> split.filter(col("rad").equalTo(row))
        .agg(org.apache.spark.sql.functions.sum("varde")).first().getDouble(0);
    assertTrue(total.apply("varav ej subventionerat arbete") > 0, "unsubsidised work after the insats");
    assertTrue(total.apply("varav subventionerat arbete") > 0, "subsidised work after the insats");
    assertEquals(0.0, total.apply("varav uppgift om arbetsform saknas"), "every generated job has its kind");
    assertTrue(total.apply("Arbetar") <= total.apply("varav ej subventionerat arbete") + total.apply("varav subventionerat arbete")
        + total.apply("varav eget företag"), "each working participant under at least one kind");
  }

  @Test
  void resultsHoldTheRunsCellsByYear() {
    for (int year : List.of(2018, 2019)) {
      long rows = results().filter("ar = " + year).count();
      assertTrue(rows > 100, "cells of the run in " + year + ": " + rows);
    }
  }

  @Test
  void table3ComparesWithThePreviousYearsFollowup() throws Exception {
    assertFalse(html2018.contains("Tabell 3 Skillnad"), "no follow-up of 2017 before the 2018 run");
    assertTrue(html2018.contains("Tabell 3 (skillnaden mot föregående år) ingår inte"), "the 2018 report says why");
    assertTrue(Files.readString(report().resolve("followup.html")).contains("Tabell 3 Skillnad i dagar före insats och "
        + "efter insats 2017 jämfört med 2018"));
    for (List<String> rows : List.of(List.of("2018", "Diff 2017"), List.of("2019", "Diff 2018"))) {
      for (String column : FollowupTables.BENEFIT_COLUMNS) {
        double table4 = results().filter("ar = " + rows.get(0) + " and tabell = 'followup_tabell_4' and rad = 'Samtliga'")
            .filter(col("kolumn").equalTo(column)).first().getAs("varde");
        Row table3 = results().filter("ar = 2019 and tabell = 'followup_tabell_3'").filter(col("rad").equalTo(rows.get(1))
            .and(col("kolumn").equalTo(column))).first();
        assertEquals(table4, (double) table3.getAs("varde"), 1e-9, rows.get(1) + " " + column + ": Table 4 of " + rows.get(0));
        assertFalse(table3.<String>getAs("visas").isEmpty());
      }
    }
  }

  /**
   * Bilaga 5's "Alla" row (the results table's values, before suppression) of the 2018 and 2019 reports equals the
   * truth of those who ended an insats in 2017 and 2018: the generator's own FK days, counted day by day from its
   * insatser and MiDaS spells. The truth of 2018 shows the planted fall in sjukpenning, so the two agree on more
   * than zeros.
   */
  @Test
  void bilaga5RecoversTheGeneratorsFkDays() {
    Dataset<Row> truth = spark.read().option("header", "true").option("inferSchema", "true")
        .csv(warehouse.resolve("wh").resolve(Zone.RAW.dirName()).resolve("_truth").resolve("followup_fk").toString());
    Map<String, String> columns = Map.of("SJP före", "sjp_fore", "SJP efter", "sjp_efter", "AE före", "ae_fore",
        "AE efter", "ae_efter", "SE före", "se_fore", "SE efter", "se_efter");
    for (int year : List.of(2018, 2019)) {
      Row known = truth.filter("ar = " + (year - 1)).first();
      Map<String, Double> alla = new java.util.HashMap<>();
      results().filter("ar = " + year + " and tabell = 'followup_bilaga_5_samtliga' and rad = 'Alla'").collectAsList()
          .forEach(r -> alla.put(r.getAs("kolumn"), r.getAs("varde")));
      long persons = ((Number) known.getAs("personer")).longValue();
      assertTrue(persons >= 20, "persons who ended an insats in " + (year - 1) + ": " + persons);
      assertEquals(persons, alla.get("Antal individer"), 0, "persons followed in " + year);
      columns.forEach((heading, column) -> assertEquals(((Number) known.getAs(column)).doubleValue(), alla.get(heading),
          1e-9, heading + " in " + year));
    }
    Row ended2018 = truth.filter("ar = 2018").first();
    double fall = ((Number) ended2018.getAs("sjp_efter")).doubleValue() - ((Number) ended2018.getAs("sjp_fore")).doubleValue();
    assertTrue(fall < -10, "SJP days after minus before of those who ended in 2018: " + fall);
  }
}
