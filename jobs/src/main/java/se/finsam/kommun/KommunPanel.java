package se.finsam.kommun;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import se.finsam.linkage.Keys;

/**
 * Residents' person-year facts ({@link PersonYears#withFacts}) aggregated to {@code panel/kommun_ar}:
 * one row per municipality, year and population group with the population ({@code befolkning}) and,
 * per outcome, the persons with it ({@code <utfall>_antal}) and their share ({@code <utfall>_andel});
 * both null for an outcome not measured in the group. A person is in every group whose age band
 * and sex they match. UVAS: a resident who neither works ({@code arbete}) nor studies in the year.
 */
public final class KommunPanel {
  public static final String TABLE = "kommun_ar";

  private KommunPanel() {}

  public static Dataset<Row> aggregate(Dataset<Row> personYears, KommunSettings s) {
    List<Column> memberships = new ArrayList<>();
    for (KommunSettings.Grupp g : s.groups()) {
      Column in = col("alder").between(g.minAge(), g.maxAge());
      if (!g.kon().isEmpty()) {
        in = in.and(col("kon").equalTo(g.kon()));
      }
      memberships.add(when(in, lit(g.name())));
    }
    Dataset<Row> inGroups = personYears
        .withColumn(Utfall.UVAS.column(),
            when(col(PersonYears.ARBETE).equalTo(0).and(col(Utfall.STUDIER.column()).equalTo(0)), 1).otherwise(0))
        .withColumn("grupp", explode(array(memberships.toArray(new Column[0]))))
        .filter(col("grupp").isNotNull());
    List<Column> sums = new ArrayList<>();
    for (Utfall u : Utfall.values()) {
      sums.add(sum(u.column()).as(u.countColumn()));
    }
    Dataset<Row> counts = inGroups.groupBy("kommun_kod", "ar", "grupp")
        .agg(count(lit(1)).as("befolkning"), sums.toArray(new Column[0]));
    List<Column> out = new ArrayList<>(List.of(col("kommun_kod"), col("ar").cast("int").as("ar"), col("grupp"),
        col("befolkning")));
    for (Utfall u : Utfall.values()) {
      List<String> measuredIn = s.groups().stream().map(KommunSettings.Grupp::name)
          .filter(g -> s.measured(u, g)).toList();
      Column measured = col("grupp").isin(measuredIn.toArray());
      out.add(when(measured, col(u.countColumn())).cast("long").as(u.countColumn()));
      out.add(when(measured, col(u.countColumn()).divide(col("befolkning"))).as(u.shareColumn()));
    }
    return counts.select(out.toArray(new Column[0]));
  }

  /**
   * The panel with each municipality's treatment timing: {@code anslutningsar} (first year as a
   * member, 0 = never a member) and {@code lamnat_ar} (the year it left every förbund, null while a
   * member at the end of the panel or never a member).
   */
  public static Dataset<Row> withTreatment(SparkSession spark, Dataset<Row> panel, List<Anslutning.Status> timing) {
    StructType schema = new StructType()
        .add("kommun_kod", DataTypes.StringType, false)
        .add("anslutningsar", DataTypes.IntegerType, false)
        .add("lamnat_ar", DataTypes.IntegerType, true);
    List<Row> rows = timing.stream()
        .map(t -> org.apache.spark.sql.RowFactory.create(t.kommun(), t.anslutningsar(), t.lamnatAr())).toList();
    Dataset<Row> small = spark.createDataFrame(rows, schema);
    return panel.join(small, Keys.of("kommun_kod"), "left")
        .withColumn("anslutningsar", when(col("anslutningsar").isNull(), lit(0)).otherwise(col("anslutningsar")));
  }
}
