package se.finsam.report;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.arrays_overlap;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import se.finsam.disclosure.Line;
import se.finsam.disclosure.OutputChecker;
import se.finsam.disclosure.Statistic;
import se.finsam.disclosure.TableDraft;
import se.finsam.linkage.Keys;
import se.finsam.report.ReportTable.Cell;

/**
 * Seed 002 Table B2: the participants of the experiment beside everyone in the förbund's individual
 * insatser of a year. The FINSAM columns come from SUS ({@code sus_deltagande}): participations with
 * personal data active some day of the year (the rule of Försäkringskassan's follow-up, seed 003 §4.1),
 * with sex, age at the start (start year − birth year), the self-reported education and the support
 * before the insats ({@code forsorjning_fore}). The seed's FINSAM columns are Försäkringskassan's
 * published återrapportering, which also counts anonymous registrations: these columns are the
 * register's approximation of them. The experiment column: the persons of panel/population with an
 * arm and a treatment month, their registered background and, for public support, the month they were
 * asked (seed: "när de kallades till teamen"), with unemployment approximated by AF registration open
 * unemployed or in a programme as the seed's note says.
 *
 * <p>Every row is a share of the column's persons with a known value, published without the persons
 * behind it (as B1: with both, a withheld count would follow from a share); Spark counts per column and
 * only the counts reach the driver. The categories of sex, age and education are declared to add up
 * to the column where they do.
 */
public final class FinsamComparison {
  private static final String EXPERIMENT = "experiment";
  /** forsorjning_fore codes that are public support ("offentlig försörjning"); not studiestöd, not none. */
  static final List<String> PUBLIC_SUPPORT = List.of("SJP_REHAB", "AE", "SE", "AKASSA", "AKTIVITETSSTOD",
      "FORSORJNINGSSTOD", "ANNAN_OFFENTLIG");

  /** A row: a 0/1 (or null) column of the unified persons, its label and the section it is under. */
  private record Variable(String column, String label, String section) {}

  private static final List<Variable> SUPPORT = List.of(
      new Variable("offentlig", "Totalt vid insatsens start", "Inkomst – Offentlig försörjning"),
      new Variable("sjuk_sa", "Sjukpenning, SA", "Inkomst – Offentlig försörjning"),
      new Variable("fs", "Försörjningsstöd", "Inkomst – Offentlig försörjning"),
      new Variable("arbetsloshet", "Aktivitetsstöd, A-kassa", "Inkomst – Offentlig försörjning"));

  private FinsamComparison() {}

  /**
   * Empty when the population has no month asked (not the experiment's panel) or nobody is in the
   * table's columns.
   */
  public static Optional<TableDraft> build(Dataset<Row> sus, Dataset<Row> population, Dataset<Row> personMonth,
                                           ReportSettings settings) {
    if (!List.of(population.columns()).contains(BalanceTable.ASKED)) {
      return Optional.empty();
    }
    List<Integer> years = settings.finsamYears();
    Dataset<Row> persons = null;
    for (int y : years) {
      Column active = col("startdatum").leq(lit(Date.valueOf(LocalDate.of(y, 12, 31))))
          .and(col("slutdatum").isNull().or(col("slutdatum").geq(lit(Date.valueOf(LocalDate.of(y, 1, 1))))));
      Column fore = split(col("forsorjning_fore"), "\\|");
      Dataset<Row> ofYear = sus.filter(col("registrering").equalTo("PERSONUPPGIFTER").and(active))
          .select(lit("finsam_" + y).as("_column"), col("kon"),
              year(col("startdatum")).minus(col("fodelsear")).as("_age"), col("utbildning").as("_utbildning"),
              support(fore, PUBLIC_SUPPORT).as("offentlig"), support(fore, List.of("SJP_REHAB", "AE", "SE")).as("sjuk_sa"),
              support(fore, List.of("FORSORJNINGSSTOD")).as("fs"),
              support(fore, List.of("AKASSA", "AKTIVITETSSTOD")).as("arbetsloshet"));
      persons = persons == null ? ofYear : persons.unionByName(ofYear);
    }
    Dataset<Row> participants = population.filter(col("arm").isNotNull().and(col("treatment_period").isNotNull()));
    Dataset<Row> asked = personMonth.join(participants.select(col("pid"), col(BalanceTable.ASKED).as("period")),
            Keys.of("pid", "period"), "left_semi")
        .select(col("pid"), indicator(positive(personMonth, "offentlig_forsorjning")).as("offentlig"),
            indicator(positive(personMonth, "sjp_dagar_brutto").or(positive(personMonth, "sa_omfattning"))).as("sjuk_sa"),
            indicator(positive(personMonth, "har_fs")).as("fs"),
            indicator(positive(personMonth, "af_oppet_arbetslos_eller_program")).as("arbetsloshet"));
    Dataset<Row> experiment = participants.join(asked, Keys.of("pid"), "left")
        .select(lit(EXPERIMENT).as("_column"), col("kon"), col("alder").as("_age"),
            col("utbildningsniva").as("_utbildning"), col("offentlig"), col("sjuk_sa"), col("fs"), col("arbetsloshet"));
    persons = persons == null ? experiment : persons.unionByName(experiment);

    List<Variable> variables = new ArrayList<>(List.of(new Variable("_kvinna", "Kvinnor", ""),
        new Variable("_man", "Män", "")));
    List<Integer> bounds = ages(settings);
    for (int b = 0; b + 1 < bounds.size(); b++) {
      variables.add(new Variable("_a" + b, b == 0 ? "<" + bounds.get(1) + " år" : b + 2 == bounds.size()
          ? bounds.get(b) + "+ år" : bounds.get(b) + "–" + (bounds.get(b + 1) - 1) + " år", "Ålder"));
    }
    Map<String, String> education = Map.of("FORGYMNASIAL", "Förgymnasial", "GYMNASIAL", "Gymnasial",
        "EFTERGYMNASIAL", "Eftergymnasial", "SAKNAS", "Utbildning saknas");
    for (String code : List.of("FORGYMNASIAL", "GYMNASIAL", "EFTERGYMNASIAL", "SAKNAS")) {
      variables.add(new Variable("_u_" + code, education.get(code), "Utbildning"));
    }
    variables.addAll(SUPPORT);
    Dataset<Row> coded = persons
        .withColumn("_kvinna", indicator(col("kon").equalTo(settings.balance().women())))
        .withColumn("_man", indicator(col("kon").equalTo(settings.balance().men())));
    for (int b = 0; b + 1 < bounds.size(); b++) {
      // the first band has no lower bound and the last no upper (the seed's <30 and 60+)
      Column in = b == 0 ? col("_age").lt(bounds.get(1)) : b + 2 == bounds.size() ? col("_age").geq(bounds.get(b))
          : col("_age").between(bounds.get(b), bounds.get(b + 1) - 1);
      coded = coded.withColumn("_a" + b, indicator(in));
    }
    for (String code : education.keySet()) {
      coded = coded.withColumn("_u_" + code, indicator(col("_utbildning").equalTo(code)));
    }
    List<Column> aggregates = new ArrayList<>();
    for (Variable v : variables) {
      aggregates.add(sum(col(v.column())).as("k" + v.column()));
      aggregates.add(count(col(v.column())).as("n" + v.column()));
    }
    Map<String, Row> byColumn = new LinkedHashMap<>();
    for (Row r : coded.groupBy("_column")
        .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new)).collectAsList()) {
      byColumn.put(r.getString(0), r);
    }
    if (byColumn.isEmpty()) {
      return Optional.empty();
    }
    List<String> columns = new ArrayList<>();
    years.forEach(y -> columns.add("finsam_" + y));
    columns.add(EXPERIMENT);
    List<String> headings = new ArrayList<>();
    years.forEach(y -> headings.add("FINSAM " + y));
    headings.add("Kontrollerat experiment" + askedYears(participants));
    TableDraft draft = new TableDraft("tabell_b2", settings.catalogue().caption("Tabell B2"),
        "FINSAM-kolumnerna ur SUS (sus_deltagande): deltagandena med personuppgifter som pågick någon dag under året "
        + "(Försäkringskassans uppföljningsregel); ålder = startår minus födelseår; utbildningen är deltagarnas egen "
        + "uppgift; offentlig försörjning = försörjningen före insatsen. ISF 2024:12 redovisar här Försäkringskassans "
        + "publicerade återrapportering (även anonymt registrerade deltagare), som inte finns i registren: "
        + "FINSAM-kolumnerna är registrets närmevärde av den. Experimentets kolumn: deltagarna med grupp och första "
        + "möte, registrets kön, ålder och utbildning; offentlig försörjning den månad de tillfrågades, arbetslöshet "
        + "som inskrivning hos Arbetsförmedlingen som öppet arbetslös eller i program (som seedens anmärkning). "
        + "Andel av personerna med känt värde; en person kan ha flera ersättningar. \"..\" = färre än "
        + settings.minPersons() + " personer, en andel på 0 eller 100 procent, eller undertryckt.", headings);
    String section = "";
    for (Variable v : variables) {
      if (!v.section().equals(section)) {
        section = v.section();
        draft.heading(section);
      }
      List<TableDraft.DraftCell> cells = new ArrayList<>();
      for (String c : columns) {
        Row r = byColumn.get(c);
        long n = r == null ? 0 : r.getLong(r.fieldIndex("n" + v.column()));
        if (n == 0) {
          cells.add(TableDraft.DraftCell.plain(Cell.empty()));
          continue;
        }
        long k = r.getLong(r.fieldIndex("k" + v.column()));
        cells.add(TableDraft.DraftCell.of(Cell.of(List.of(SwedishFormat.percent(k / (double) n, 0)),
            Map.of("share", k / (double) n)), Statistic.share(k, n), key(c, v.column())));
      }
      draft.row(v.label(), cells);
    }
    draft.heading("");
    List<TableDraft.DraftCell> totals = new ArrayList<>();
    for (String c : columns) {
      Row r = byColumn.get(c);
      long n = r == null ? 0 : r.getLong(r.fieldIndex("n_kvinna"));
      totals.add(n == 0 ? TableDraft.DraftCell.plain(Cell.empty())
          : TableDraft.DraftCell.of(Cell.of(List.of(SwedishFormat.integer(n)), Map.of("persons", n)),
              Statistic.count(n), key(c, "persons")));
    }
    draft.row("Antal (känt kön)", totals);
    // Sex, the age bands and education each cover their persons where nobody's value is unknown.
    Map<String, Double> values = draft.values();
    for (String prefix : List.of("_kvinna|_man", "_a", "_u_")) {
      List<Variable> parts = variables.stream().filter(v -> prefix.contains("|")
          ? List.of(prefix.split("\\|")).contains(v.column()) : v.column().startsWith(prefix)).toList();
      for (String c : columns) {
        Line line = Line.sum(c, parts.stream().map(v -> key(c, v.column())).toList(), key(c, "persons"));
        if (OutputChecker.holds(line, values)) {
          draft.relate(line);
        }
      }
    }
    return Optional.of(draft);
  }

  private static String key(String column, String variable) {
    return "b2/" + column + "/" + variable;
  }

  /** 1 when any of the codes is among those before the insats, 0 when none is, null when not reported. */
  private static Column support(Column fore, List<String> codes) {
    return indicator(arrays_overlap(fore, array(codes.stream().map(org.apache.spark.sql.functions::lit)
        .toArray(Column[]::new))));
  }

  /** A panel column above zero; unknown (null) when the panel lacks the column. */
  private static Column positive(Dataset<Row> personMonth, String column) {
    return List.of(personMonth.columns()).contains(column) ? col(column).gt(0) : lit(null).cast("boolean");
  }

  private static Column indicator(Column condition) {
    return when(condition.isNull(), lit(null).cast("int")).otherwise(when(condition, 1).otherwise(0));
  }

  /** The age bands' lower bounds (the first open below) and one above the last's. */
  private static List<Integer> ages(ReportSettings settings) {
    List<Integer> bounds = new ArrayList<>(List.of(0));
    bounds.addAll(settings.demographics().ageBands());
    bounds.add(Integer.MAX_VALUE);
    return bounds;
  }

  /** " 2019–2021": the years the participants were asked (seed "Kontrollerat Experiment 2019–2021"). */
  private static String askedYears(Dataset<Row> participants) {
    Row span = participants.agg(min(col(BalanceTable.ASKED)), max(col(BalanceTable.ASKED))).first();
    return span.isNullAt(0) ? "" : " " + (span.getInt(0) / 100 == span.getInt(1) / 100 ? String.valueOf(span.getInt(0) / 100)
        : span.getInt(0) / 100 + "–" + span.getInt(1) / 100);
  }
}
