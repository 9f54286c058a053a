package se.finsam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.finsam.disclosure.CheckedOutputs;
import se.finsam.disclosure.OutputChecker;
import se.finsam.disclosure.TableDraft;
import se.finsam.results.ResultSchemas;
import se.finsam.spark.SharedSpark;

/** Tabell U, the estimator's messages and the methods section, as the report publishes them. */
@ExtendWith(SharedSpark.class)
class SampleTablesTest {
  private static final ReportSettings SETTINGS = ReportSettings.from(ConfigFactory.load());

  @Test
  void theSampleTableCountsPersonsThroughTheCheckerAndNamesTheRule(SparkSession spark) {
    String model = SETTINGS.models().get(0).code();
    String other = SETTINGS.models().get(1).code();
    Dataset<Row> sample = spark.createDataFrame(List.of(
        RowFactory.create("r", "lon_kr", model, 400L, 397L, 3L, List.of(RowFactory.create("saknar utfallet någon månad", 3L)),
            "drop", 9000L, "dr"),
        RowFactory.create("r", "lon_kr", other, 400L, 400L, 0L, List.of(RowFactory.create("saknar utfallet varje månad", 0L)),
            "pairs", 9100L, "dr")), ResultSchemas.SAMPLE_SCHEMA);
    TableDraft draft = SampleTables.sample(sample, SETTINGS).orElseThrow();
    assertTrue(draft.rows().stream().anyMatch(r -> r.label().equals("därav saknar utfallet någon månad")), draft.toString());
    assertTrue(draft.rows().stream().noneMatch(r -> r.label().contains("varje månad")), "a rule that dropped nobody");
    assertTrue(draft.note().contains("parvis balanserat") && draft.note().contains("balanserad panel"), draft.note());

    CheckedOutputs checked = new OutputChecker(SETTINGS.disclosure()).check(List.of(draft));
    ReportTable table = checked.tables().get(0);
    // Three dropped persons are too few to publish; persons = used + dropped, so "used" goes too.
    ReportTable.Row dropped = table.rows().stream().filter(r -> r.label().equals("Tappade")).findFirst().orElseThrow();
    ReportTable.Row used = table.rows().stream().filter(r -> r.label().equals("Använda")).findFirst().orElseThrow();
    assertTrue(dropped.cells().get(0).suppressed());
    assertTrue(used.cells().get(0).suppressed() || table.rows().stream()
        .filter(r -> r.label().equals("Personer i modellen")).findFirst().orElseThrow().cells().get(0).suppressed());
    assertEquals(List.of("400"), used.cells().get(1).lines());
    assertTrue(checked.passed());
  }

  /**
   * Each rule that dropped someone under some model is a row ("därav ..."), empty for a model it does not
   * apply to; the rules add up to the dropped (a declared line), so a rule's small count is withheld with
   * a partner.
   */
  @Test
  void eachRuleThatDroppedSomeoneIsARowAndTheRulesAddUpToTheDropped(SparkSession spark) {
    String model = SETTINGS.models().get(0).code();
    String other = SETTINGS.models().get(1).code();
    String gaps = "saknar utfallet varje månad i fönstret";
    Dataset<Row> sample = spark.createDataFrame(List.of(
        RowFactory.create("r", "lon_kr", model, 500L, 420L, 80L, List.of(RowFactory.create("saknar klustervariabel (team)", 0L),
            RowFactory.create("saknar kovariat alder", 20L), RowFactory.create("redan behandlad", 0L),
            RowFactory.create(gaps, 60L)), "pairs", 9000L, "dr"),
        RowFactory.create("r", "lon_kr", other, 500L, 497L, 3L, List.of(RowFactory.create("saknar klustervariabel (team)", 0L),
            RowFactory.create("redan behandlad", 0L), RowFactory.create(gaps, 3L)), "pairs", 9100L, "dr")),
        ResultSchemas.SAMPLE_SCHEMA);
    TableDraft draft = SampleTables.sample(sample, SETTINGS).orElseThrow();
    ReportTable table = new OutputChecker(SETTINGS.disclosure()).check(List.of(draft)).tables().get(0);
    List<String> labels = table.rows().stream().map(ReportTable.Row::label).toList();
    int first = labels.indexOf("Tappade");
    assertEquals(List.of("därav saknar kovariat alder", "därav " + gaps), labels.subList(first + 1, first + 3));
    assertEquals(first + 3, labels.size(), "rules that dropped nobody are not rows: " + labels);
    ReportTable.Row alder = table.rows().get(first + 1);
    ReportTable.Row outcome = table.rows().get(first + 2);
    assertEquals(List.of("20"), alder.cells().get(0).lines());
    assertEquals(List.of("60"), outcome.cells().get(0).lines());
    assertEquals(List.of(""), alder.cells().get(1).lines(), "no covariates in " + other);
    assertTrue(outcome.cells().get(1).suppressed(), "3 persons");
    assertTrue(draft.lines().stream().anyMatch(l -> l.keys().size() == 3 && l.keys().get(2).endsWith(model + "/persons_dropped")
        && l.keys().get(0).endsWith("tappade/saknar kovariat alder")), draft.lines().toString());
  }

  @Test
  void warningsKeepTheirWordsButNotTheirCounts(SparkSession spark) {
    Dataset<Row> warnings = spark.createDataFrame(List.of(
        RowFactory.create("r", "lon_kr", "M1", "12 units are missing in some periods; they were dropped to make the panel balanced."),
        RowFactory.create("r", "lon_kr", "M1", "ATT(60,61) not estimated: no comparison units")), ResultSchemas.WARNINGS_SCHEMA);
    TableDraft draft = SampleTables.warnings(warnings, SETTINGS).orElseThrow();
    String text = draft.toString() + new OutputChecker(SETTINGS.disclosure()).check(List.of(draft)).tables().get(0).csv();
    assertFalse(text.contains("12 units"), text);
    assertTrue(text.contains("some units are missing") && text.contains("no comparison units"), text);
  }

  /** The methods section's CSV for these settings over the defaults. */
  private static String methods(String settings) {
    return methods(settings, java.util.Optional.empty());
  }

  /** The same with the comparison-only start group's first month from the panel. */
  private static String methods(String settings, java.util.Optional<Integer> comparisonOnlyStart) {
    return new OutputChecker(SETTINGS.disclosure()).check(List.of(MethodsSection.table(
        ConfigFactory.parseString(settings).withFallback(ConfigFactory.load()), comparisonOnlyStart))).tables().get(0)
        .csv();
  }

  /** The CSV line of a row of the methods section (one column). */
  private static String row(String csv, String label) {
    return csv.lines().filter(l -> l.startsWith(ReportTable.csvField(label) + ",")).findFirst()
        .orElseThrow(() -> new AssertionError(label + " not in\n" + csv));
  }

  @Test
  void theMethodsSectionStatesTheRunsChoices() {
    String csv = methods("finsam.panel.bistand-members = adults, finsam.estimate.cluster = forbund_id");
    assertTrue(csv.contains("mellan de vuxna"), csv);
    assertTrue(csv.contains("ANTAGANDE") && csv.contains("11, 12, 14"), csv);
    assertTrue(csv.contains("Klusterrobusta per forbund_id"), csv);
    assertTrue(csv.contains("Modell 2") && csv.contains("201901–202212"), csv);
    assertTrue(csv.contains("skattare: dr, dubbelt robust"), csv);
    // Each model's row states how persons missing months were treated: the step's setting (pairs by
    // default), another when the setting changes, and a model's own where it has one.
    String m1 = SETTINGS.models().get(0).label();
    String m2 = SETTINGS.models().get(1).label();
    assertTrue(row(csv, m1).contains("personer som saknar månader: pairs;"), row(csv, m1));
    String drop = methods("finsam.estimate.unbalanced-panel = drop");
    assertTrue(row(drop, m1).contains("personer som saknar månader: drop;"), row(drop, m1));
    assertFalse(row(drop, m1).contains("pairs"), row(drop, m1));
    String own = methods("finsam.estimate.unbalanced-panel = drop, finsam.estimate.models = [{ code = M1, label = \""
        + m1 + "\", from = 201501, to = 202404, covariates = [], kon = \"\", unbalanced-panel = cross-sections }, "
        + "{ code = M2, label = \"" + m2 + "\", from = 201901, to = 202212, covariates = [], kon = \"\" }]");
    assertTrue(row(own, m1).contains("personer som saknar månader: cross-sections;"), row(own, m1));
    assertTrue(row(own, m2).contains("personer som saknar månader: drop;"), row(own, m2));
  }

  /**
   * Each model's months as the estimation used them: to the month before the comparison-only start
   * group (here 2022-03) where that comes first, and the outcomes measured from a later month than the
   * model's first (the HI outcomes from 2019-01; HI studier from 2015-01, as Modell 1).
   */
  @Test
  void theMethodsSectionStatesTheMonthsEachModelUsed() {
    String m1 = SETTINGS.models().get(0).label();
    String m2 = SETTINGS.models().get(1).label();
    String csv = methods("finsam.panel.to = 202404", java.util.Optional.of(202203));
    assertTrue(row(csv, m1).contains("Månader 201501–202202 (inställt till 202404; den sista startgruppen"), row(csv, m1));
    assertTrue(row(csv, m2).contains("Månader 201901–202202 (inställt till 202212"), row(csv, m2));
    assertTrue(row(csv, m1).contains("från 201901 (utfallet mäts först då): HI arbete (indikator), "), row(csv, m1));
    assertFalse(row(csv, m1).contains("HI studier"), "measured from 2015-01, Modell 1's first month");
    assertFalse(row(csv, m2).contains("från 201901"), "no outcome starts after Modell 2's first month");
    // a last start group after a model's end does not cut it
    String late = methods("finsam.panel.to = 202404", java.util.Optional.of(202301));
    assertTrue(row(late, m2).contains("Månader 201901–202212;") || row(late, m2).contains("Månader 201901–202212,"),
        row(late, m2));
    assertTrue(row(late, m1).contains("Månader 201501–202212 (inställt till 202404"), row(late, m1));
  }

  /** The methods section and the effect tables' note name the 2x2 estimator each model ran. */
  @Test
  void theEstimatorOfEachModelIsNamed() {
    com.typesafe.config.Config oneModelAbadie = ConfigFactory.parseString(
        "finsam.estimate.models = [{ code = M1, label = \"Modell 1\", from = 201501, to = 202404, covariates = [], "
            + "kon = \"\" }, { code = M9, label = \"Modell 9\", from = 201501, to = 202404, covariates = [], kon = \"\", "
            + "est-method = ipw-abadie }]").withFallback(ConfigFactory.load());
    String csv = new OutputChecker(SETTINGS.disclosure()).check(List.of(MethodsSection.table(oneModelAbadie,
        java.util.Optional.empty())))
        .tables().get(0).csv();
    assertTrue(csv.contains("skattare: dr, dubbelt robust") && csv.contains("skattare: ipw-abadie, inverterad "
        + "sannolikhetsviktning enligt Abadie (2005)"), csv);
    String perModel = new EstimateTables(ReportSettings.from(oneModelAbadie), List.of()).note();
    assertTrue(perModel.contains("Modell 1: dubbelt robust") && perModel.contains("Modell 9: inverterad "
        + "sannolikhetsviktning enligt Abadie"), perModel);
    String all = new EstimateTables(ReportSettings.from(ConfigFactory.parseString(
        "finsam.estimate.est-method = ipw-abadie").withFallback(ConfigFactory.load())), List.of()).note();
    assertTrue(all.contains("skattare: inverterad sannolikhetsviktning enligt Abadie") && !all.contains("Modell"), all);
  }
}
