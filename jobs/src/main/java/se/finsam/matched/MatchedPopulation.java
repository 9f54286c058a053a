package se.finsam.matched;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import se.finsam.linkage.Keys;

/**
 * Seed 000's study population (Data och metod, note 12): persons with aktivitetsersättning for reduced
 * work capacity in the base year who did not die in or before it; {@code grupp} = U (utfallsgrupp: a SUS
 * insats with personuppgifter that year) or R (potential referent: never in any SUS insats and living that
 * year in a municipality outside every förbund) or O (everyone else with AE, kept only to be counted, as
 * the seed's Figur 1 does; {@link #treatedAndPool} leaves them out). One row per person with the matching
 * variables as strings (null when unknown) and the other Table 1 covariates.
 */
public final class MatchedPopulation {
  public static final String TREATED = "U";
  public static final String POOL = "R";
  public static final String OTHER = "O";

  /**
   * Seed 000 Table 1's H-regions (homogeneous regions by local and regional population base, note 2):
   * metropolitan, larger towns, medium-sized towns and rural areas.
   */
  public static final List<String> H_REGIONS = List.of("STORSTAD", "STORRE_STAD", "OVRIGA");
  /** The matching variables a configuration may name, with their categories in table order. */
  public static final Map<String, List<String>> VARIABLES = variables();

  private MatchedPopulation() {}

  private static Map<String, List<String>> variables() {
    Map<String, List<String>> v = new LinkedHashMap<>();
    v.put("kon", List.of("K", "M"));
    v.put("alder", List.of("19-21", "22-24", "25-27", "28-30"));
    v.put("utbildning", List.of("FORGYMNASIAL", "GYMNASIAL", "EFTERGYMNASIAL", "SAKNAS"));
    v.put("utrikes_fodd", List.of("JA", "NEJ"));
    v.put("h_region", H_REGIONS);
    v.put("ae_varaktighet", List.of("<=3", ">3"));
    v.put("psykiatrisk", List.of("JA", "NEJ"));
    v.put("ae_omfattning", List.of("PARTIELL", "HEL"));
    return java.util.Collections.unmodifiableMap(v);
  }

  /** The tables the population reads, by contract name. */
  public record Inputs(Dataset<Row> midas, Dataset<Row> diagnos, Dataset<Row> sus, Dataset<Row> bakgrund,
                       Dataset<Row> medlemskap) {}

  /** True when the spell [from, tom] (tom null = open) touches the year. */
  static Column overlaps(Column from, Column tom, int year) {
    return year(from).leq(year).and(tom.isNull().or(year(tom).geq(year)));
  }

  /** The base year's municipality's H-region; unknown without a municipality. */
  private static Column hRegion(MatchedSettings s) {
    Column region = when(col("kommun_kod").isNull(), lit(null).cast("string"));
    for (String category : H_REGIONS.subList(0, 2)) {
      List<String> codes = s.hRegion().getOrDefault(category, List.of());
      if (!codes.isEmpty()) {
        region = region.when(col("kommun_kod").isin(codes.toArray()), category);
      }
    }
    return region.otherwise(H_REGIONS.get(2));
  }

  public static Dataset<Row> build(Inputs in, MatchedSettings s) {
    int b = s.baseYear();
    Column endOfYear = make_date(lit(b), lit(12), lit(31));
    Dataset<Row> ae = in.midas().filter(col("forman").equalTo("AE"));
    Dataset<Row> aeBase = ae.filter(col("ae_skal").isin(s.aeSkal().toArray()).and(overlaps(col("fran_datum"), col("tom_datum"), b)))
        .groupBy("pid").agg(max("omfattning").as("ae_omfattning_max"));
    Dataset<Row> aeFirst = ae.filter(col("fran_datum").leq(endOfYear)).groupBy("pid").agg(min("fran_datum").as("ae_spell"));
    // A spell running when the delivery opens is cut at its start; the decisions carry the first AE's true start.
    Dataset<Row> diagnosis = in.diagnos().filter(col("beslutsdatum").leq(endOfYear))
        .groupBy("pid").agg(max_by(col("diagnosgrupp"), col("beslutsdatum")).as("diagnosgrupp"),
            min("ae_forst_beviljad").as("ae_beviljad"));
    Dataset<Row> died = in.bakgrund().filter(year(col("doddatum")).leq(b)).select("pid").distinct();
    Dataset<Row> background = in.bakgrund().filter(col("ar").equalTo(b))
        .select(col("pid"), col("kon"), col("fodelsear"), col("utrikes_fodd"), col("utbildningsniva"), col("kommun_kod"));
    Dataset<Row> withPid = in.sus().filter(col("pid").isNotNull());
    Dataset<Row> treated = withPid.filter(col("registrering").equalTo("PERSONUPPGIFTER")
        .and(overlaps(col("startdatum"), col("slutdatum"), b))).select("pid").distinct().withColumn("insats", lit(true));
    Dataset<Row> everSus = withPid.select("pid").distinct().withColumn("nagon_insats", lit(true));
    Dataset<Row> memberMunicipalities = in.medlemskap()
        .filter(overlaps(col("fran_datum"), col("till_datum"), b)).select("kommun_kod").distinct()
        .withColumn("medlem", lit(true));

    Column age = lit(b).minus(col("fodelsear"));
    Column firstAe = least(col("ae_spell"), col("ae_beviljad"));
    Dataset<Row> joined = aeBase
        .join(died, Keys.of("pid"), "left_anti")
        .join(aeFirst, Keys.of("pid"), "left")
        .join(diagnosis, Keys.of("pid"), "left")
        .join(background, Keys.of("pid"), "left")
        .join(treated, Keys.of("pid"), "left")
        .join(everSus, Keys.of("pid"), "left")
        .join(memberMunicipalities, Keys.of("kommun_kod"), "left");
    Column grupp = when(col("insats").isNotNull(), lit(TREATED))
        .when(col("nagon_insats").isNull().and(col("kommun_kod").isNotNull()).and(col("medlem").isNull()), lit(POOL))
        .otherwise(lit(OTHER));
    return joined
        .withColumn("grupp", grupp)
        .select(col("pid"), col("grupp"),
            col("kon"),
            when(age.between(19, 21), "19-21").when(age.between(22, 24), "22-24").when(age.between(25, 27), "25-27")
                .when(age.between(28, 30), "28-30").as("alder"),
            coalesce(col("utbildningsniva"), lit("SAKNAS")).as("utbildning"),
            when(col("utrikes_fodd"), "JA").when(col("utrikes_fodd").equalTo(false), "NEJ").as("utrikes_fodd"),
            hRegion(s).as("h_region"),
            when(firstAe.isNull(), lit(null).cast("string"))
                .when(months_between(endOfYear, firstAe).gt(12.0 * s.aeDurationYears()), ">3").otherwise("<=3")
                .as("ae_varaktighet"),
            // No decision up to the base year: unknown for treated and referents alike (not "not psychiatric").
            when(col("diagnosgrupp").isNull(), lit(null).cast("string"))
                .when(col("diagnosgrupp").isin(s.psykiatriska().toArray()), "JA").otherwise("NEJ").as("psykiatrisk"),
            when(col("ae_omfattning_max").geq(1.0), "HEL").otherwise("PARTIELL").as("ae_omfattning"),
            col("diagnosgrupp"),
            year(firstAe).geq(b - s.subgroupNewAeYears() + 1).as("ny_ae"));
  }

  /** The study population proper: treated persons and potential referents. */
  public static Dataset<Row> treatedAndPool(Dataset<Row> population) {
    return population.filter(col("grupp").isin(TREATED, POOL));
  }

  /**
   * Seed 000: referents whose diagnosis group no treated person has are removed before matching (they
   * may never be candidates for an insats). A referent without any decision has no group to judge, so it
   * stays, with the diagnosis unknown as for a treated person without one. The groups of the treated are
   * a code list, so collecting them is small.
   */
  public static Dataset<Row> dropUnrepresentedDiagnoses(Dataset<Row> population) {
    List<Object> groups = population.filter(col("grupp").equalTo(TREATED).and(col("diagnosgrupp").isNotNull()))
        .select("diagnosgrupp").distinct().collectAsList().stream().map(r -> r.get(0)).toList();
    return population.filter(col("grupp").equalTo(TREATED).or(col("diagnosgrupp").isNull())
        .or(col("diagnosgrupp").isin(groups.toArray())));
  }
}
