package se.finsam.matched;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import se.finsam.linkage.Keys;

/**
 * Seed 000's outcomes, one 0/1 column per outcome and one row per person and year of
 * {@link MatchedSettings#years()} (the persons given, every year, 0 when a source has nothing):
 * income of employment above 0 and above 24 % of the year's prisbasbelopp, CSN support, the AF class of
 * the year's first registration (seed: "det första fallet används"; classes exclusive, Ej inskriven when
 * none), the three parts of förstärkt samarbete, SE/AE, sjukpenning/rehabiliteringspenning and neither.
 */
public final class YearlyOutcomes {
  /** An outcome: its column, its row label in the seed's tables and its family (seed Tables 2-6). */
  public record Outcome(String column, String label, int family) {}

  public static final List<Outcome> OUTCOMES = List.of(
      new Outcome("inkomst", "Andel med inkomst", 1),
      new Outcome("inkomst_sgi", "Andel inkomst >SGI-gräns", 1),
      new Outcome("csn", "Andel med studiemedel", 2),
      new Outcome("af_anstallning", "Någon form av anställning", 3),
      new Outcome("af_arbetslos", "Arbetslös", 3),
      new Outcome("af_ovriga", "Övriga program och stöd", 3),
      new Outcome("af_ej_inskriven", "Ej inskriven", 3),
      new Outcome("gk_kartlaggning", "Gemensam kartläggning", 4),
      new Outcome("gk_arbetslivsinriktad", "Arbetslivsinriktad", 4),
      new Outcome("gk_arbetsforberedande", "Arbetsförberedande", 4),
      new Outcome("sa", "Sjuk- eller aktivitetsersättning", 5),
      new Outcome("sjp", "Sjukpenning", 5),
      new Outcome("ingen_forman", "Ingen av förmånerna", 5));

  private YearlyOutcomes() {}

  /** The sources the outcomes read, by contract name. */
  public record Inputs(Dataset<Row> inkomst, Dataset<Row> csn, Dataset<Row> af, Dataset<Row> samarbete,
                       Dataset<Row> midas) {}

  /** Each year a spell touches, clipped to the reported years. */
  private static Column spellYears(Column from, Column tom, int first, int last) {
    return explode(sequence(greatest(year(from), lit(first)), least(coalesce(year(tom), lit(last)), lit(last))));
  }

  /** Spells that touch any reported year. */
  private static Column touches(Column from, Column tom, int first, int last) {
    return year(from).leq(last).and(tom.isNull().or(year(tom).geq(first)));
  }

  public static Dataset<Row> build(Dataset<Row> persons, Inputs in, MatchedSettings s) {
    int first = s.beforeYear();
    int last = s.lastFollowupYear();
    List<Dataset<Row>> facts = new ArrayList<>();
    Column limit = lit(null).cast("double");
    for (int y : s.years()) {
      limit = when(col("ar").equalTo(y), lit(s.incomeShareOfPrisbasbelopp() * s.prisbasbelopp().get(y))).otherwise(limit);
    }
    facts.add(in.inkomst().filter(col("ar").between(first, last)).select(col("pid"), col("ar"),
        col(s.incomeColumn()).gt(0).cast("int").as("inkomst"), col(s.incomeColumn()).gt(limit).cast("int").as("inkomst_sgi")));
    facts.add(in.csn().filter(col("ar").between(first, last).and(col("stodform").isin(s.csnStodformer().toArray()))
        .and(col("belopp").gt(0))).select(col("pid"), col("ar"), lit(1).as("csn")));

    Dataset<Row> afYears = in.af().filter(touches(col("fran_datum"), col("tom_datum"), first, last))
        .select(col("pid"), col("fran_datum"), col("sokandekategori"),
            spellYears(col("fran_datum"), col("tom_datum"), first, last).as("ar"))
        .groupBy("pid", "ar").agg(min_by(col("sokandekategori"), struct(col("fran_datum"), col("sokandekategori"))).as("kod"));
    Column anst = col("kod").isin(s.afAnstallning().toArray());
    Column arbl = col("kod").isin(s.afArbetslos().toArray());
    // A code on both lists counts as employment, the class closest to the labour market.
    facts.add(afYears.select(col("pid"), col("ar"), lit(1).as("af_inskriven"), anst.cast("int").as("af_anstallning"),
        when(arbl.and(anst.equalTo(false)), 1).otherwise(0).as("af_arbetslos"),
        when(anst.or(arbl), 0).otherwise(1).as("af_ovriga")));

    Dataset<Row> gk = in.samarbete().filter(touches(col("fran_datum"), col("tom_datum"), first, last))
        .select(col("pid"), col("del"), spellYears(col("fran_datum"), col("tom_datum"), first, last).as("ar"));
    facts.add(gk.select(col("pid"), col("ar"),
        when(col("del").equalTo("GEMENSAM_KARTLAGGNING"), 1).otherwise(0).as("gk_kartlaggning"),
        when(col("del").equalTo("ARBETSLIVSINRIKTAD"), 1).otherwise(0).as("gk_arbetslivsinriktad"),
        when(col("del").equalTo("ARBETSFORBEREDANDE"), 1).otherwise(0).as("gk_arbetsforberedande")));

    Dataset<Row> fk = in.midas().filter(col("forman").isin(s.saFormaner().toArray()).or(col("forman").isin(s.sjpFormaner().toArray()))
            .and(touches(col("fran_datum"), col("tom_datum"), first, last)))
        .select(col("pid"), col("forman"), spellYears(col("fran_datum"), col("tom_datum"), first, last).as("ar"));
    facts.add(fk.select(col("pid"), col("ar"),
        col("forman").isin(s.saFormaner().toArray()).cast("int").as("sa"),
        col("forman").isin(s.sjpFormaner().toArray()).cast("int").as("sjp")));

    // The sources in one table (a source's missing columns null) and one aggregation and join: max ignores
    // nulls, so each column is the max over its own source, as one aggregation per source would give.
    Dataset<Row> all = facts.get(0);
    for (Dataset<Row> f : facts.subList(1, facts.size())) {
      all = all.unionByName(f, true);
    }
    List<Column> aggs = new ArrayList<>();
    for (String c : all.columns()) {
      if (!c.equals("pid") && !c.equals("ar")) {
        aggs.add(max(c).as(c));
      }
    }
    Dataset<Row> pids = persons.select("pid").distinct();
    Dataset<Row> perYear = all.join(pids, Keys.of("pid"), "left_semi").groupBy("pid", "ar")
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
    Dataset<Row> out = pids.crossJoin(pids.sparkSession().range(first, last + 1L).select(col("id").cast("int").as("ar")))
        .join(perYear, Keys.of("pid", "ar"), "left");
    List<Column> select = new ArrayList<>(List.of(col("pid"), col("ar")));
    for (Outcome o : OUTCOMES) {
      switch (o.column()) {
        case "af_ej_inskriven" -> select.add(when(col("af_inskriven").isNull(), 1).otherwise(0).as(o.column()));
        case "ingen_forman" -> select.add(when(coalesce(col("sa"), lit(0)).plus(coalesce(col("sjp"), lit(0))).equalTo(0), 1)
            .otherwise(0).as(o.column()));
        default -> select.add(coalesce(col(o.column()), lit(0)).cast("int").as(o.column()));
      }
    }
    return out.select(select.toArray(Column[]::new));
  }
}
