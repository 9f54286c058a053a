package se.finsam.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import se.finsam.disclosure.CheckedOutputs;
import se.finsam.disclosure.DisclosureSettings;
import se.finsam.disclosure.Rule;

/**
 * The report's "Röjandekontroll" section: the rules applied, the withheld cells per rule and the
 * audit's verdict, from the run's {@link CheckedOutputs} (its {@code checked_outputs.csv} has every cell).
 * Counts of withheld cells are not person data.
 */
final class ControlSummary {
  private ControlSummary() {}

  static String text(CheckedOutputs checked) {
    DisclosureSettings s = checked.settings();
    if (!checked.enabled()) {
      return "Röjandekontrollen är avstängd i denna konfiguration (replikering av publicerade siffror): inga celler "
          + "är undertryckta och ingen granskning är gjord. Rapporten får inte publiceras.";
    }
    String dominance = switch (s.dominance().rule()) {
      case "nk" -> "belopp där de " + s.dominance().n() + " största bidragen utgör mer än "
          + SwedishFormat.percent(s.dominance().k(), 0) + " av summan";
      case "p-percent" -> "belopp där resten utöver de två största bidragen är mindre än "
          + SwedishFormat.number(s.dominance().p()) + " procent av det största";
      default -> "";
    };
    return "Varje publicerad tabell, figur och CSV-fil har gått genom en och samma röjandekontroll. Undertryckt (\"..\") "
        + "är: antal, andelar och medelvärden som bygger på färre än " + s.minPersons() + " personer"
        + (s.groupDisclosure() ? "; andelar på 0 eller 100 procent" : "")
        + (dominance.isEmpty() ? "" : "; " + dominance)
        + "; skattningar med färre än " + s.minPersons() + " behandlade"
        + (s.estimateComparison() ? " eller jämförelsepersoner" : "")
        + ". Därtill sekundärt undertryckta celler, så att ingen undertryckt cell kan räknas fram ur summor, "
        + "delgrupper eller andra tabeller över samma personer. Granskningen beräknar för varje undertryckt cell "
        + "det intervall som följer av allt som publiceras (linjärprogrammering); för varje primärt undertryckt cell "
        + "ska intervallet vara minst " + SwedishFormat.number(s.protectionPercent()) + " procent av värdet"
        + (s.protectionPersons() > 0 ? " och, för antal personer, minst " + s.protectionPersons() + " personer" : "")
        + " brett. Resultat: " + (checked.passed() ? "godkänd" : "UNDERKÄND") + ". Varje undertryckt cell, regeln "
        + "och intervallet finns i checked_outputs.csv.";
  }

  static ReportTable table(CheckedOutputs checked) {
    Map<Rule, String> labels = Map.of(
        Rule.FREQUENCY, "För få personer",
        Rule.GROUP, "Andel 0 eller 100 procent",
        Rule.DOMINANCE, "Dominans bland beloppen",
        Rule.ESTIMATE, "Skattning med för få behandlade eller jämförelsepersoner",
        Rule.FOLLOWS, "Hör till en undertryckt cell (p-värde, relativ effekt)",
        Rule.SECONDARY, "Sekundärt undertryckt (summor och delgrupper)",
        Rule.AUDIT, "Sekundärt undertryckt efter intervallgranskningen");
    List<ReportTable.Row> rows = new ArrayList<>();
    for (Rule rule : Rule.values()) {
      long n = checked.count(rule);
      // One value per cell: Map.of with two keys would order the CSV's columns differently per JVM.
      rows.add(new ReportTable.Row(labels.get(rule) + " (" + rule.name() + ")", List.of(ReportTable.Cell.of(
          List.of(SwedishFormat.integer(n)), Map.of("withheld", n)))));
    }
    rows.add(new ReportTable.Row("Publicerade tabeller och figurer", List.of(ReportTable.Cell.of(
        List.of(SwedishFormat.integer(checked.tables().size())), Map.of("tables", (long) checked.tables().size())))));
    rows.add(new ReportTable.Row("Celler under skyddsnivån efter granskningen", List.of(ReportTable.Cell.of(
        List.of(SwedishFormat.integer(checked.unprotected().size())),
        Map.of("unprotected", (long) checked.unprotected().size())))));
    return new ReportTable("rojandekontroll", "Tabell R Röjandekontroll: undertryckta celler per regel",
        "Antal undertryckta celler i rapportens tabeller, figurer och CSV-filer.", List.of("Celler"), rows);
  }
}
