package se.finsam.report;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import se.finsam.disclosure.Line;
import se.finsam.disclosure.Statistic;
import se.finsam.disclosure.TableDraft;
import se.finsam.disclosure.TableDraft.DraftCell;

/**
 * Who each estimate used (issue: no silent sample changes): per outcome and model the model's persons,
 * those the estimator used and those it dropped, and how many each rule dropped, from
 * {@code results/sample}; and the estimator's warnings from {@code results/warnings}. Counts of persons
 * go through the output checker like every other count (persons = used + dropped and dropped = the
 * rules' sum are declared lines).
 */
final class SampleTables {
  static final String POPULATION = "seed002/urval";

  private SampleTables() {}

  /**
   * Tabell U: persons, used and dropped per outcome (rows) and model (columns), and the dropped by rule:
   * one row per rule that dropped someone under some model of the outcome.
   */
  static Optional<TableDraft> sample(Dataset<Row> sample, ReportSettings settings) {
    List<Row> rows = sample.select("outcome", "model", "persons", "persons_used", "persons_dropped", "drops",
        "unbalanced_panel").collectAsList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Row> byCell = new LinkedHashMap<>();
    rows.forEach(r -> byCell.put(r.getString(0) + "/" + r.getString(1), r));
    List<String> modes = new ArrayList<>();
    rows.forEach(r -> {
      if (!modes.contains(r.getString(6))) {
        modes.add(r.getString(6));
      }
    });
    List<ReportSettings.Model> models = settings.models();
    String note = "Personer i modellen: deltagarna i modellens undergrupp med någon månad i modellens fönster. "
        + "Personer som saknar utfallet vissa månader (döda, utvandrade, utanför utfallets åldersgräns) behandlas som "
        + String.join(" / ", modes.stream().map(SampleTables::mode).toList()) + ". Varje tappad person räknas under "
        + "den första regel den inte uppfyller, i ordningen klustervariabel, vikt, kovariaterna i modellens ordning, "
        + "startgruppen behandlad redan i fönstrets första månad, utfallet; en regel som inte tappade någon visas inte.";
    TableDraft table = new TableDraft("tabell_urval", "Tabell U Urvalet i varje skattning: personer i modellen, "
        + "använda och tappade", note,
        models.stream().map(ReportSettings.Model::label).toList());
    for (ReportSettings.Outcome outcome : settings.outcomes()) {
      if (models.stream().noneMatch(m -> byCell.containsKey(outcome.name() + "/" + m.code()))) {
        continue;
      }
      table.heading(outcome.label());
      for (String[] row : new String[][] {{"persons", "Personer i modellen"}, {"persons_used", "Använda"},
          {"persons_dropped", "Tappade"}}) {
        List<DraftCell> cells = new ArrayList<>();
        for (ReportSettings.Model model : models) {
          Row r = byCell.get(outcome.name() + "/" + model.code());
          cells.add(r == null ? DraftCell.plain(ReportTable.Cell.empty())
              : count(r.getAs(row[0]), row[0], key(outcome.name(), model.code(), row[0])));
        }
        table.row(row[1], cells);
      }
      Map<String, Map<String, Long>> dropsByModel = new LinkedHashMap<>();
      List<String> shown = new ArrayList<>();
      for (ReportSettings.Model model : models) {
        Row r = byCell.get(outcome.name() + "/" + model.code());
        Map<String, Long> drops = new LinkedHashMap<>();
        if (r != null && !r.isNullAt(5)) {
          for (Row d : r.<Row>getList(5)) {
            drops.put(d.getString(0), d.getLong(1));
            if (d.getLong(1) > 0 && !shown.contains(d.getString(0))) {
              shown.add(d.getString(0));
            }
          }
        }
        dropsByModel.put(model.code(), drops);
      }
      for (String rule : shown) {
        List<DraftCell> cells = new ArrayList<>();
        for (ReportSettings.Model model : models) {
          Long n = dropsByModel.get(model.code()).get(rule);
          cells.add(n == null ? DraftCell.plain(ReportTable.Cell.empty())
              : count(n, rule, key(outcome.name(), model.code(), "tappade/" + rule)));
        }
        table.row("därav " + rule, cells);
      }
      for (ReportSettings.Model model : models) {
        if (!byCell.containsKey(outcome.name() + "/" + model.code())) {
          continue;
        }
        table.relate(Line.sum(POPULATION, List.of(key(outcome.name(), model.code(), "persons_used"),
            key(outcome.name(), model.code(), "persons_dropped")), key(outcome.name(), model.code(), "persons")));
        List<String> parts = shown.stream().filter(dropsByModel.get(model.code())::containsKey)
            .map(rule -> key(outcome.name(), model.code(), "tappade/" + rule)).toList();
        if (!parts.isEmpty()) {
          table.relate(Line.sum(POPULATION, parts, key(outcome.name(), model.code(), "persons_dropped")));
        }
      }
    }
    return Optional.of(table);
  }

  private static DraftCell count(long n, String field, String key) {
    return DraftCell.of(ReportTable.Cell.of(List.of(SwedishFormat.integer(n)), Map.of(field, n)), Statistic.count(n), key);
  }

  /**
   * The estimator's warnings per outcome and model, as text. A warning that counts units (e.g. "12 units
   * are missing in some periods") would publish a count past the checker, so its numbers are left out:
   * the counts are in Tabell U, checked.
   */
  static Optional<TableDraft> warnings(Dataset<Row> warnings, ReportSettings settings) {
    List<Row> rows = warnings.select("outcome", "model", "message").orderBy(col("outcome"), col("model")).collectAsList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> labels = new LinkedHashMap<>();
    settings.outcomes().forEach(o -> labels.put(o.name(), o.label()));
    TableDraft table = new TableDraft("tabell_varningar", "Skattningens meddelanden per utfall och modell",
        "Vad skattningen släppte eller inte kunde skatta, i skattningsprogrammets ord. Antal personer står i tabell U.",
        List.of("Modell", "Meddelande"));
    for (Row r : rows) {
      String message = r.getString(2).replaceAll("\\b\\d+ units", "some units");
      table.row(labels.getOrDefault(r.getString(0), r.getString(0)), List.of(
          DraftCell.plain(ReportTable.Cell.of(List.of(r.getString(1)), Map.of("model", r.getString(1)))),
          DraftCell.plain(ReportTable.Cell.of(List.of(message), Map.of("message", message)))));
    }
    return Optional.of(table);
  }

  private static String key(String outcome, String model, String what) {
    return "urval/" + outcome + "/" + model + "/" + what;
  }

  private static String mode(String code) {
    return switch (code) {
      case "pairs" -> "parvis balanserat (som Stata csdid: varje ATT(g,t) av dem som observeras båda månaderna)";
      case "drop" -> "tappade ur hela utfallet (balanserad panel, R did:s standard)";
      case "cross-sections" -> "upprepade tvärsnitt (R did:s allow_unbalanced_panel)";
      default -> code;
    };
  }
}
