package se.finsam.linkage;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Individualised ekonomiskt bistånd {@code fs_kr} per {@code pid, period} (SPEC 4; seed 002 appendix):
 * the household's amount that month divided by the number of household members registered that
 * month: everyone (children included, the default) or, with {@code adultsOnly}, members whose roll is
 * not BARN (children then get 0 kr). A person registered in two households in one month gets the sum
 * of both shares. {@code har_fs} = 1 when the person's share is above 0.
 *
 * <p>The rows go through one shuffle by household and month; each household-month's shares are computed
 * in plain Java and summed per person and month by one aggregation. Spark's joins and aggregations took
 * several passes over the register's rows for the same (linkage README, "Bistand per household in Java").
 */
public final class Bistand {
  private static final StructType SHARES = new StructType()
      .add("pid", DataTypes.LongType, false)
      .add("period", DataTypes.IntegerType, false)
      .add("share", DataTypes.DoubleType, true);

  private Bistand() {}

  public static Dataset<Row> perPerson(Dataset<Row> bistand, boolean adultsOnly) {
    Column member = adultsOnly ? coalesce(col("roll").notEqual("BARN"), lit(false)) : lit(true);
    Dataset<Row> shares = bistand
        .select(col("hushall_id"), col("period"), col("pid"), member.as("member"), col("belopp_hushall").cast("double"))
        .filter(col("pid").isNotNull().and(col("period").isNotNull()))
        .repartition(col("hushall_id"), col("period"))
        .sortWithinPartitions("hushall_id", "period")
        .mapPartitions(new Sharer(), Encoders.row(SHARES));
    return shares.groupBy("pid", "period").agg(sum("share").as("fs_kr"))
        .select(col("pid"), col("period"), coalesce(col("fs_kr"), lit(0.0)).as("fs_kr"),
            when(col("fs_kr").gt(0), 1).otherwise(0).as("har_fs"));
  }

  /** The rows of the members who share the household's amount: everyone, or with {@code adultsOnly} no BARN. */
  public static Dataset<Row> members(Dataset<Row> bistand, boolean adultsOnly) {
    return adultsOnly ? bistand.filter(col("roll").notEqual("BARN")) : bistand;
  }

  /**
   * Each person's share of a household-month (consecutive rows of a partition sorted by household and
   * month): the largest amount on the members' rows over the number of distinct members, null for a
   * person who is not a member or a household-month without an amount or without a household.
   */
  private static final class Sharer implements MapPartitionsFunction<Row, Row>, Serializable {
    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      return SortedGroups.flatMap(rows,
          (first, row) -> Objects.equals(first.get(0), row.get(0)) && first.getInt(1) == row.getInt(1), Sharer::share);
    }

    private static Iterator<Row> share(List<Row> rows) {
      Object household = rows.get(0).get(0);
      Map<Long, Boolean> persons = new LinkedHashMap<>();
      Double amount = null;
      for (Row row : rows) {
        boolean member = household != null && row.getBoolean(3);
        persons.merge(row.getLong(2), member, Boolean::logicalOr);
        if (member && !row.isNullAt(4) && (amount == null || row.getDouble(4) > amount)) {
          amount = row.getDouble(4);
        }
      }
      long members = persons.values().stream().filter(m -> m).count();
      int period = rows.get(0).getInt(1);
      List<Row> out = new ArrayList<>(persons.size());
      for (Map.Entry<Long, Boolean> person : persons.entrySet()) {
        Double share = person.getValue() && amount != null ? amount / members : null;
        out.add(RowFactory.create(person.getKey(), period, share));
      }
      return out.iterator();
    }
  }
}
