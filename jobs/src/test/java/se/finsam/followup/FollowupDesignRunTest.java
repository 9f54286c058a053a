package se.finsam.followup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@code ./finsam run --design sus-followup} on a small synthetic world (synth → ingest → followup, 600
 * persons, registers 2016–2019) with a strong planted fall in sjukpenning after the first insats: the
 * report has every table, each through the output checker, the results table holds the run's cells, and
 * the FK days table shows the planted fall (fewer SJP days after than before).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FollowupDesignRunTest {
  static final String RUN = "followup-test";
  Path warehouse;
  SparkSession spark;

  @BeforeAll
  void runDesign() throws Exception {
    spark = SharedSpark.session();
    warehouse = Files.createTempDirectory("finsam-followup-test-");
    Path conf = Files.writeString(warehouse.resolve("test.conf"), String.join("\n",
        "finsam.run-id = " + RUN,
        "finsam.followup.year = 2019",
        // Registers from 2016: the income follow-up of those who ended in 2017, to 2019.
        "finsam.followup.inkomst { cohorts-from-years-before = 2, cohorts-to-years-before = 2, last-income-years-before = 0 }",
        "finsam.synth { persons = 600, partitions = 2, from = 201601, to = 201912, flaw-rate = 0.0005",
        "  sus { start-from = 201701, start-to = 201912 }",
        "  shares { experiment = 0, sus = 0.9, pool = 0.1 }",
        "  effects { sjp = -0.15 } }",
        "finsam.synth.correction.period = 201912",
        "finsam.disclosure.min-persons = 3", ""));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new JobRunner(new ConfigLoader(Map.of("FINSAM_WAREHOUSE", warehouse.resolve("wh").toString()),
        getClass().getClassLoader()), c -> SharedSpark.session(), System.out, new PrintStream(err))
        .execute(new RunJob(), new String[] {"--conf", conf.toString(), "--design", "sus-followup", "--synth"});
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
        "followup_avslutsorsak", "followup_forsorjningsforandring", "followup_tabell_4", "followup_bilaga_5_samtliga",
        "followup_bilaga_5_kvinnor", "followup_bilaga_5_man", "followup_inkomst_exkluderade", "followup_tabell_5",
        "followup_tabell_6", "followup_tabell_7", "followup_bilaga_6_kvinnor", "followup_bilaga_6_man",
        "followup_bilaga_6_alder", "followup_bilaga_6_normaliserad_kvinnor", "followup_bilaga_6_normaliserad_man",
        "followup_inkomst_andel_med", "followup_inkomst_medel_med")) {
      assertTrue(Files.exists(report().resolve(id + ".csv")), "CSV of " + id);
      assertTrue(checked.contains(id), "checked outputs list " + id);
    }
    for (String title : List.of("Bilaga 1 ", "Kön och ålder", "Diagram 3a och 3b", "Tabell 4 ", "Bilaga 5 ", "Tabell 5 ", "Tabell 7 ",
        "Röjandekontroll", "inte kommer från registren")) {
      assertTrue(html.contains(title), title);
    }
  }

  @Test
  void resultsHoldTheRunsCellsByYear() {
    long rows = spark.read().format("delta").load(warehouse.resolve("wh").resolve("results").resolve(FollowupJob.RESULTS).toString())
        .filter("run_id = '" + RUN + "' and ar = 2019").count();
    assertTrue(rows > 100, "cells of the run: " + rows);
  }

  @Test
  void thePlantedFallInSjukpenningShowsInTheFkDays() {
    Row all = spark.read().format("delta").load(warehouse.resolve("wh").resolve("results").resolve(FollowupJob.RESULTS).toString())
        .filter("run_id = '" + RUN + "' and tabell = 'followup_bilaga_5_samtliga' and rad = 'Alla' and kolumn = 'SJP diff'")
        .first();
    double diff = all.getDouble(all.fieldIndex("varde"));
    assertTrue(diff < -10, "SJP days after minus before: " + diff);
  }
}
