package se.finsam.estimate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The long panel one model of one outcome is estimated on: pid, month_index, group_index, the outcome
 * as {@code y} and the model's baseline covariates, restricted to the model's window and subgroup.
 *
 * <p>Months from the comparison-only start group's first month on are cut for everybody: from then on
 * no unit is untreated, so with not-yet-treated controls no ATT(g,t) can use them (seed 002's design;
 * R's att_gt drops them the same way when no never-treated group exists), and keeping them would make
 * the comparison group look unbalanced.
 */
public final class EstimationSample {
  private EstimationSample() {}

  /**
   * @param personMonths panel/person_month
   * @param population panel/population
   * @param firstMonth first month of the outcome's window and the model's, as month_index
   * @param lastMonth last month (inclusive) as month_index, already cut before the comparison group starts
   */
  public static Dataset<Row> of(Dataset<Row> personMonths, Dataset<Row> population, ModelSpec model, String outcome,
                                int firstMonth, int lastMonth) {
    List<Column> covariates = new ArrayList<>();
    for (String name : model.covariates()) {
      covariates.add(col("p." + name).as(name));
    }
    Column subgroup = model.kon().isEmpty() ? lit(true) : col("p.kon").equalTo(model.kon());
    List<Column> select = new ArrayList<>(List.of(col("m.pid").as("pid"), col("m.month_index").as("month_index"),
        col("m.group_index").as("group_index"), col("m." + outcome).cast("double").as("y")));
    select.addAll(covariates);
    return personMonths.as("m")
        .filter(col("month_index").between(firstMonth, lastMonth))
        .join(population.as("p"), col("m.pid").equalTo(col("p.pid")))
        .filter(subgroup)
        .select(select.toArray(Column[]::new));
  }
}
