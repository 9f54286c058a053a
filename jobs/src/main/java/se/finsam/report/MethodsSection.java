package se.finsam.report;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.finsam.did.EstimationMethod;
import se.finsam.disclosure.TableDraft;
import se.finsam.disclosure.TableDraft.DraftCell;

/**
 * The report's methods section: every choice a reader needs to read the estimates, stated from the
 * configuration the run used (not from a text that could drift from it). No person data.
 */
final class MethodsSection {
  private MethodsSection() {}

  /** The 2x2 estimator in words, with the names R did and Stata csdid give it. */
  static String estimator(EstimationMethod method) {
    return switch (method) {
      case DR -> "dubbelt robust (Sant'Anna & Zhao 2020; R did dr, Stata csdid dripw)";
      case DRIMP -> "förbättrad dubbelt robust (Sant'Anna & Zhao 2020; Stata csdid drimp)";
      case IPW -> "inverterad sannolikhetsviktning med normerade vikter (R did ipw, Stata csdid stdipw)";
      case IPW_ABADIE -> "inverterad sannolikhetsviktning enligt Abadie (2005), vikterna inte normerade "
          + "(Stata csdid ipw)";
      case REG -> "utfallsregression (R did reg, Stata csdid reg)";
    };
  }

  /**
   * The months a model used, as the estimate step cuts them (EstimateJob.lastUsableMonth): from its
   * {@code from} to its {@code to}, the panel's end or the month before the comparison-only start group,
   * whichever is first; and the outcomes measured from a later month than the model's first, by that month.
   */
  private static String months(Config config, Config model, Optional<Integer> comparisonOnlyStart) {
    int from = model.getInt("from");
    int to = model.getInt("to");
    int last = Math.min(to, config.getInt("finsam.panel.to"));
    String text;
    if (comparisonOnlyStart.isPresent()) {
      int start = comparisonOnlyStart.get();
      int before = start % 100 == 1 ? (start / 100 - 1) * 100 + 12 : start - 1;
      text = before < last ? "Månader " + from + "–" + before + " (inställt till " + last + "; den sista "
          + "startgruppen, bara jämförelsegrupp, börjar " + start + " och skattningen slutar månaden före)"
          : "Månader " + from + "–" + last;
      last = Math.min(last, before);
    } else {
      text = "Månader " + from + "–" + last + " (högst till månaden före den sista startgruppens första månad)";
    }
    java.util.Map<Integer, List<String>> later = new java.util.TreeMap<>();
    for (Config o : config.getConfigList("finsam.outcomes")) {
      int first = o.getInt("first-period");
      if (first > from && first <= last) {
        later.computeIfAbsent(first, f -> new ArrayList<>()).add(o.getString("label"));
      }
    }
    for (java.util.Map.Entry<Integer, List<String>> e : later.entrySet()) {
      text += "; från " + e.getKey() + " (utfallet mäts först då): " + String.join(", ", e.getValue());
    }
    return text;
  }

  /**
   * @param comparisonOnlyStart the first month (YYYYMM) of the comparison-only start group in
   *     panel/population, where the estimation stops (the month before); empty without a panel
   */
  static TableDraft table(Config config, Optional<Integer> comparisonOnlyStart) {
    Config panel = config.getConfig("finsam.panel");
    Config estimate = config.getConfig("finsam.estimate");
    TableDraft table = new TableDraft("tabell_metod", "Metodval", "Inställningarna som körningen använde "
        + "(finsam.panel.*, finsam.af.*, finsam.estimate.*).", List.of("Val"));
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"Ekonomiskt bistånd per person", panel.getString("bistand-members").equals("adults")
        ? "Hushållets utbetalning delas lika mellan de vuxna i hushållet den månaden; barn får 0."
        : "Hushållets utbetalning delas lika mellan alla som är registrerade i hushållet den månaden, barn inräknade "
            + "(ISF 2024:12, bilagan)."});
    rows.add(new String[] {"Rehabiliteringspenning i offentlig försörjning",
        panel.getBoolean("offentlig-forsorjning.rehab")
            ? "Räknas som sjukrelaterad ersättning från Försäkringskassan (offentlig försörjning)."
            : "Räknas inte in i offentlig försörjning."});
    Config hi = config.getConfig("finsam.hi");
    rows.add(new String[] {"Huvudsaklig inkomstkälla", "Per person och månad ur SCB:s levererade månadsuppgift "
        + "(scb_hi_manad) när den finns för månaden; annars, i månader före " + ReportSettings.monthText(hi.getInt("scb.yearly-before"))
        + ", ur SCB:s årsuppgift (scb_hi_ar) för året, vars belopp fördelas lika på årets tolv månader (ANTAGANDE: "
        + "rapporten säger inte hur en årsuppgift blir månadsvärden); annars beräknad ur inkomstkomponenterna "
        + "(scb_inkomst_manad, MiDaS, ekonomiskt bistånd, lön) enligt SCB:s kategorier (finsam.hi.*). Kategorin är "
        + (se.finsam.linkage.PanelSettings.from(config).hiLargestReading() ? "den med störst belopp"
            : "den som är mer än hälften av inkomsten")
        + "; indikatorerna per kategori kräver mer än hälften. Proveniensen visar hur många personmånader "
        + "som kommer från varje källa."});
    rows.add(new String[] {"Inskriven på AF som öppet arbetslös eller i program",
        "Sökandekategorier " + String.join(", ", config.getStringList("finsam.af.oppet-arbetslos-eller-program"))
            + ". ANTAGANDE: rapporterna anger inga koder; listan ska stämmas av mot Arbetsförmedlingens definitioner."});
    rows.add(new String[] {"Jämförelsegrupp", "Startgrupper som ännu inte träffat teamen (" + estimate.getString("control-group")
        + "). Den sista av " + panel.getInt("startgrupp.count") + " startgrupper är bara jämförelsegrupp: från dess första "
        + "månad finns ingen som ännu inte behandlats, så uppföljningen slutar månaden före och ingen effekt skattas "
        + "för den gruppen."});
    for (Config model : estimate.getConfigList("models")) {
      String gaps = model.hasPath("unbalanced-panel") ? model.getString("unbalanced-panel")
          : estimate.getString("unbalanced-panel");
      EstimationMethod method = EstimationMethod.parse(model.hasPath("est-method") ? model.getString("est-method")
          : estimate.getString("est-method"));
      rows.add(new String[] {model.getString("label"), months(config, model, comparisonOnlyStart)
          + (model.getStringList("covariates").isEmpty() ? ", utan kovariater"
              : ", kovariater " + String.join(", ", model.getStringList("covariates")))
          + (model.getString("kon").isEmpty() ? "" : ", endast kön " + model.getString("kon"))
          + "; personer som saknar månader: " + gaps + "; skattare: " + method.optionName() + ", "
          + estimator(method) + "."});
    }
    rows.add(new String[] {"Relativ effekt", "Effekten delad med deltagarnas medelvärde av utfallet under "
        + estimate.getInt("pre-period.from") + "–" + estimate.getInt("pre-period.to")
        + ", över de personer och månader som skattningen använder."});
    rows.add(new String[] {"Personer som saknar månader", "pairs: varje ATT(g,t) skattas av dem som observeras båda "
        + "månaderna (Stata csdid:s standard, som ISF körde); drop: personen tappas ur hela utfallet (R did:s standard); "
        + "cross-sections: upprepade tvärsnitt. Tabell U visar hur många som användes och tappades."});
    rows.add(new String[] {"När Modell 1 och Modell 2 sammanfaller", "Med varierande basperiod jämför en effekt efter "
        + "första mötet månad t med månaden före startgruppens start. När båda månaderna finns i båda modellernas "
        + "fönster och samma personer ingår blir skattningen densamma i Modell 1 och 2 (så på syntetiska data). De skiljer "
        + "sig när personer tappas för att de saknar någon månad i det längre fönstret (drop), för månader som bara "
        + "finns i Modell 1 (före 2019), och i sammanvägningarna, som väger samman olika mängder av månader."});
    rows.add(new String[] {"Standardfel", (estimate.getString("cluster").isBlank() ? "Varje person är sitt eget kluster"
        : "Klusterrobusta per " + estimate.getString("cluster"))
        + (estimate.getString("weights").isBlank() ? "" : "; urvalsvikter " + estimate.getString("weights"))
        + (estimate.getBoolean("bootstrap.enabled") ? "; multiplikatorbootstrap med "
            + estimate.getInt("bootstrap.iterations") + " dragningar" : "; analytiska (inflytandefunktionen)") + "."});
    for (String[] row : rows) {
      table.row(row[0], List.of(DraftCell.plain(ReportTable.Cell.of(List.of(row[1]), Map.of("val", row[1])))));
    }
    return table;
  }
}
