package se.finsam.matched;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import se.finsam.did.LogitInference;
import se.finsam.linkage.Keys;

/**
 * Seed 000 Tabell 12: per outcome in the last follow-up year, a logit on the unmatched population
 * (treated and potential referents) of the outcome on treatment and the matching variables (dummies, the
 * first category present the reference). The covariates are categorical, so Spark reduces the persons to
 * covariate cells with counts; the fit on the cells (frequency weights) is the fit on the persons.
 */
public final class LogitAnalysis {
  private LogitAnalysis() {}

  /** One covariate cell: treated or not, the category of each variable, persons and persons with each outcome. */
  public record Cell(boolean treated, List<String> categories, long persons, Map<String, Long> ones) {}

  /**
   * The fit of one outcome: term names (intercept first, then "behandling", then the dummies), terms, the
   * categories set aside for separation ({@link Separation}, "variable=category"), and the treated and
   * potential referents with and without the outcome in the fit (for the output checker).
   */
  public record Fit(String outcome, List<String> names, LogitInference.Term[] terms, List<String> dropped,
                    long treatedWith, long treatedWithout,
                    long comparisonWith, long comparisonWithout) {
    public LogitInference.Term treatment() {
      return terms[1];
    }
  }

  /** Cells of the persons with every variable known (the others cannot enter the regression). */
  public static List<Cell> cells(Dataset<Row> population, Dataset<Row> outcomes, List<String> variables, int year) {
    Dataset<Row> lastYear = outcomes.filter(col("ar").equalTo(year));
    Dataset<Row> known = population;
    for (String v : variables) {
      known = known.filter(col(v).isNotNull());
    }
    List<Column> keys = new ArrayList<>();
    keys.add(col("grupp"));
    variables.forEach(v -> keys.add(col(v)));
    List<Column> aggs = new ArrayList<>();
    for (YearlyOutcomes.Outcome o : YearlyOutcomes.OUTCOMES) {
      aggs.add(sum(col(o.column())).as(o.column()));
    }
    List<Row> rows = known.join(lastYear, Keys.of("pid"), "inner").groupBy(keys.toArray(Column[]::new))
        .agg(count(lit(1)).as("n"), aggs.toArray(Column[]::new)).collectAsList();
    List<Cell> cells = new ArrayList<>();
    for (Row r : rows) {
      List<String> categories = new ArrayList<>();
      for (int i = 0; i < variables.size(); i++) {
        categories.add(r.getString(1 + i));
      }
      Map<String, Long> ones = new LinkedHashMap<>();
      for (YearlyOutcomes.Outcome o : YearlyOutcomes.OUTCOMES) {
        ones.put(o.column(), r.getLong(r.fieldIndex(o.column())));
      }
      cells.add(new Cell(MatchedPopulation.TREATED.equals(r.getString(0)), categories, r.getLong(r.fieldIndex("n")), ones));
    }
    return cells;
  }

  /**
   * The design of a logit on cells: intercept, optionally treatment, and one dummy per category of each
   * variable present in the cells except the first present (the reference), so no column is all zero.
   */
  public record Design(List<String> variables, List<List<String>> dummies, boolean treatment, List<String> names) {
    public static Design of(List<Cell> cells, List<String> variables, boolean treatment) {
      List<String> names = new ArrayList<>(List.of("konstant"));
      if (treatment) {
        names.add("behandling");
      }
      List<List<String>> dummies = new ArrayList<>();
      for (int i = 0; i < variables.size(); i++) {
        int index = i;
        List<String> present = MatchedPopulation.VARIABLES.get(variables.get(i)).stream()
            .filter(c -> cells.stream().anyMatch(cell -> cell.categories().get(index).equals(c))).toList();
        List<String> used = present.isEmpty() ? List.of() : present.subList(1, present.size());
        dummies.add(used);
        used.forEach(c -> names.add(variables.get(index) + "=" + c));
      }
      return new Design(variables, dummies, treatment, names);
    }

    /** The logit on the cells, with frequency weights: two rows per cell, the persons with and without the outcome. */
    public LogitInference.Term[] fit(List<Cell> cells, ToLongFunction<Cell> ones) {
      List<double[]> x = new ArrayList<>();
      List<Double> d = new ArrayList<>();
      List<Double> w = new ArrayList<>();
      for (Cell cell : cells) {
        long with = ones.applyAsLong(cell);
        if (with > 0) {
          x.add(row(cell));
          d.add(1.0);
          w.add((double) with);
        }
        if (cell.persons() - with > 0) {
          x.add(row(cell));
          d.add(0.0);
          w.add((double) (cell.persons() - with));
        }
      }
      if (x.isEmpty()) {
        throw new IllegalArgumentException("no persons left to fit");
      }
      return LogitInference.fit(x.toArray(double[][]::new), d.stream().mapToDouble(Double::doubleValue).toArray(),
          w.stream().mapToDouble(Double::doubleValue).toArray());
    }

    public double[] row(Cell cell) {
      double[] row = new double[names.size()];
      row[0] = 1;
      int j = 1;
      if (treatment) {
        row[j++] = cell.treated() ? 1 : 0;
      }
      for (int i = 0; i < variables.size(); i++) {
        for (String c : dummies.get(i)) {
          row[j++] = cell.categories().get(i).equals(c) ? 1 : 0;
        }
      }
      return row;
    }
  }

  /**
   * Fits one outcome on treatment and the variables. Categories without variation in the outcome are set
   * aside first ({@link Separation}): the fit is the maximum of the other coefficients, on the remaining
   * persons, and the counts for the output checker are of those persons.
   */
  public static Fit fit(List<Cell> cells, List<String> variables, String outcome) {
    Separation separation = Separation.of(cells, variables, c -> c.ones().get(outcome));
    List<Cell> kept = separation.kept();
    Design design = Design.of(kept, variables, true);
    long treatedWith = 0;
    long treatedWithout = 0;
    long comparisonWith = 0;
    long comparisonWithout = 0;
    for (Cell cell : kept) {
      long ones = cell.ones().get(outcome);
      if (cell.treated()) {
        treatedWith += ones;
        treatedWithout += cell.persons() - ones;
      } else {
        comparisonWith += ones;
        comparisonWithout += cell.persons() - ones;
      }
    }
    LogitInference.Term[] terms = design.fit(kept, c -> c.ones().get(outcome));
    return new Fit(outcome, design.names(), terms, List.copyOf(separation.dropped().keySet()), treatedWith, treatedWithout,
        comparisonWith, comparisonWithout);
  }
}
