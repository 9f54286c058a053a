package se.finsam.report;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.var_samp;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import se.finsam.report.ReportSettings.BalanceVariable;
import se.finsam.report.ReportTable.Cell;
import se.finsam.did.Distributions;

/**
 * Seed 002 Table B3: treatment and control arm the year before (the 12 months before each person's
 * treatment month), all participants, and Welch's t-test per row. Spark summarises each person's year
 * and then each arm (count, mean, sample variance, persons with a non-zero value); only those few
 * numbers per arm reach the driver.
 *
 * <p>Disclosure: the persons behind a mean are those with a non-zero value; behind a share the smaller
 * of those with and without the attribute (a share of 98 % reveals the 2 % as well). The overall
 * column is the arms' means weighted by their sizes, so each row is one line for secondary
 * suppression; a row's p-value is withheld when any of its means is.
 */
public final class BalanceTable {
  private BalanceTable() {}

  /** Summary of one variable in one column (arm or all). */
  record Summary(long n, double mean, double variance, long nonZero) {
    long persons(boolean share) {
      return share ? Math.min(nonZero, n - nonZero) : nonZero;
    }
  }

  static Column monthNumber(Column period) {
    return floor(period.divide(100)).multiply(12).plus(period.mod(100));
  }

  /** Empty when the population has no persons in the two arms (a SUS design). */
  public static Optional<ReportTable> build(Dataset<Row> population, Dataset<Row> personMonth, ReportSettings settings) {
    ReportSettings.Balance balance = settings.balance();
    Dataset<Row> arms = population.filter(col("arm").isin(balance.treatmentArm(), balance.controlArm()));
    List<String> panelColumns = Arrays.asList(personMonth.columns());
    List<String> populationColumns = Arrays.asList(population.columns());
    List<BalanceVariable> variables = balance.variables().stream()
        .filter(v -> v.fromPanel() ? panelColumns.contains(v.column()) : populationColumns.contains(v.column()))
        .toList();

    List<Column> perPersonStats = new ArrayList<>();
    List<Column> covariates = new ArrayList<>(List.of(col("pid"), col("arm")));
    for (int i = 0; i < variables.size(); i++) {
      BalanceVariable v = variables.get(i);
      Column value = col(v.column()).cast(DataTypes.DoubleType);
      if (v.fromPanel()) {
        perPersonStats.add((switch (v.stat()) {
          case "sum" -> sum(value);
          case "any" -> max(when(value.isNull(), lit(null)).otherwise(when(value.notEqual(0), 1.0).otherwise(0.0)));
          default -> avg(value);
        }).as("v" + i));
      } else {
        Column raw = col(v.column());
        covariates.add((v.value().isPresent()
            ? when(raw.isNull(), lit(null)).otherwise(when(raw.cast("string").equalTo(v.value().get()), 1.0).otherwise(0.0))
            : value).as("v" + i));
      }
    }
    Dataset<Row> persons = arms.select(covariates.toArray(Column[]::new));
    if (!perPersonStats.isEmpty()) {
      Dataset<Row> treatment = arms.select(col("pid"), monthNumber(col("treatment_period")).as("treatment_month"));
      Dataset<Row> yearBefore = personMonth.join(treatment, "pid")
          .filter(monthNumber(col("period")).between(col("treatment_month").minus(12), col("treatment_month").minus(1)))
          .groupBy("pid")
          .agg(perPersonStats.get(0), perPersonStats.subList(1, perPersonStats.size()).toArray(Column[]::new));
      persons = persons.join(yearBefore, persons.col("pid").equalTo(yearBefore.col("pid")), "left")
          .drop(yearBefore.col("pid"));
    }
    List<Column> aggregates = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      Column v = col("v" + i);
      aggregates.add(count(v).as("n" + i));
      aggregates.add(avg(v).as("m" + i));
      aggregates.add(var_samp(v).as("s" + i));
      aggregates.add(sum(when(v.notEqual(0), 1L).otherwise(0L)).as("z" + i));
    }
    List<Row> rows = persons.rollup("arm").agg(count(lit(1)).as("persons"), aggregates.toArray(Column[]::new))
        .collectAsList();
    Map<String, Row> byArm = new LinkedHashMap<>();
    for (Row r : rows) {
      byArm.put(r.isNullAt(0) ? "" : r.getString(0), r);
    }
    if (!byArm.containsKey(balance.treatmentArm()) && !byArm.containsKey(balance.controlArm())) {
      return Optional.empty();
    }
    List<ReportTable.Row> tableRows = new ArrayList<>();
    boolean headingCovariates = false;
    boolean headingOutcomes = false;
    for (int i = 0; i < variables.size(); i++) {
      BalanceVariable v = variables.get(i);
      if (!v.fromPanel() && !headingCovariates) {
        tableRows.add(ReportTable.Row.heading("Bakgrund"));
        headingCovariates = true;
      }
      if (v.fromPanel() && !headingOutcomes) {
        tableRows.add(ReportTable.Row.heading("Året före första mötet"));
        headingOutcomes = true;
      }
      tableRows.add(row(v, summary(byArm.get(""), i), summary(byArm.get(balance.treatmentArm()), i),
          summary(byArm.get(balance.controlArm()), i), settings));
    }
    tableRows.add(observations(byArm, balance, settings));
    return Optional.of(new ReportTable("tabell_b3", "Tabell B3 Behandlings- och kontrollgrupp året före första mötet",
        "Medelvärden (andelar i procent) för alla deltagare och per grupp under de tolv månaderna före "
        + "personens första möte med teamen (belopp och dagar summerade över året, indikatorer = någon månad); "
        + "bakgrundsvariabler vid start. P-värde från Welchs t-test (t-fördelningen med Welch–Satterthwaites "
        + "frihetsgrader). \"..\" = färre än " + settings.minPersons() + " personer bakom värdet eller "
        + "sekundärt undertryckt.", List.of("Alla", "Behandlingsgrupp", "Kontrollgrupp", "P-värde"), tableRows));
  }

  private static Summary summary(Row r, int i) {
    if (r == null) {
      return new Summary(0, Double.NaN, Double.NaN, 0);
    }
    int base = r.fieldIndex("n" + i);
    return new Summary(r.getLong(base), r.isNullAt(base + 1) ? Double.NaN : r.getDouble(base + 1),
        r.isNullAt(base + 2) ? Double.NaN : r.getDouble(base + 2), r.isNullAt(base + 3) ? 0 : r.getLong(base + 3));
  }

  private static ReportTable.Row row(BalanceVariable v, Summary all, Summary treated, Summary control,
                                     ReportSettings settings) {
    boolean share = v.isShare();
    long[] persons = {all.persons(share), treated.persons(share), control.persons(share)};
    List<Disclosure.Line> lines = List.of(new Disclosure.Line(new int[] {0, 1, 2},
        new double[] {-all.n(), treated.n(), control.n()}));
    boolean[] suppressed = Disclosure.suppress(persons, lines, settings.minPersons(), settings.suppressZeroCells());
    List<Cell> cells = new ArrayList<>();
    Summary[] columns = {all, treated, control};
    for (int c = 0; c < 3; c++) {
      Summary s = columns[c];
      if (suppressed[c]) {
        cells.add(Cell.suppressedCell());
      } else if (s.n() == 0) {
        cells.add(Cell.empty());
      } else {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("mean", s.mean());
        values.put("n", s.n());
        cells.add(Cell.of(List.of(share ? SwedishFormat.percent(s.mean(), 0) : SwedishFormat.number(s.mean())), values));
      }
    }
    boolean anySuppressed = suppressed[0] || suppressed[1] || suppressed[2];
    double p = welchP(treated, control);
    if (anySuppressed) {
      cells.add(Cell.suppressedCell());
    } else {
      Map<String, Object> values = new LinkedHashMap<>();
      values.put("p_value", Double.isNaN(p) ? null : p);
      cells.add(Cell.of(List.of(SwedishFormat.pValue(p)), values));
    }
    return new ReportTable.Row(v.label(), cells);
  }

  private static ReportTable.Row observations(Map<String, Row> byArm, ReportSettings.Balance balance,
                                              ReportSettings settings) {
    long[] persons = {personsIn(byArm.get("")), personsIn(byArm.get(balance.treatmentArm())), personsIn(byArm.get(balance.controlArm()))};
    boolean[] suppressed = Disclosure.suppress(persons, List.of(Disclosure.Line.sum(new int[] {1, 2}, 0)),
        settings.minPersons(), settings.suppressZeroCells());
    List<Cell> cells = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      cells.add(suppressed[c] ? Cell.suppressedCell()
          : Cell.of(List.of(SwedishFormat.integer(persons[c])), Map.of("persons", persons[c])));
    }
    cells.add(Cell.empty());
    return new ReportTable.Row("Antal personer", cells);
  }

  private static long personsIn(Row r) {
    return r == null ? 0 : r.getLong(r.fieldIndex("persons"));
  }

  /** Welch's two-sample t-test, two-sided; NaN when a group has fewer than two values or no variance. */
  static double welchP(Summary a, Summary b) {
    if (a.n() < 2 || b.n() < 2) {
      return Double.NaN;
    }
    double va = a.variance() / a.n();
    double vb = b.variance() / b.n();
    if (!(va + vb > 0)) {
      return Double.NaN;
    }
    double t = (a.mean() - b.mean()) / Math.sqrt(va + vb);
    double df = (va + vb) * (va + vb) / (va * va / (a.n() - 1) + vb * vb / (b.n() - 1));
    return Distributions.twoSidedStudentP(t, df);
  }
}
