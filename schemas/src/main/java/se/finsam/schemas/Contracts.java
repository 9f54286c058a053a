package se.finsam.schemas;

import static se.finsam.schemas.ColumnSpec.optional;
import static se.finsam.schemas.ColumnSpec.required;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.List;
import java.util.Optional;

/**
 * The contracts of the twelve source tables of SPEC.md section 3, the four inputs of seed 000's
 * matched design and SCB's delivered huvudsaklig inkomstkälla (seed 002, optional). Periods are ints in YYYYMM form,
 * dates ISO {@code yyyy-MM-dd}, money in kronor as double, person ids ({@code pid}) 64-bit.
 */
public final class Contracts {
  private static final double FIRST_PERIOD = 199001;
  private static final double LAST_PERIOD = 210012;
  /** The sysselsattning codes that are work: only they have a kind of work ({@code arbetsform}). */
  private static final List<String> WORKING = List.of("ARBETE", "ARBETE_OCH_STUDIER");
  private static final String WORK_FORM = "the kinds of work of sysselsattning ARBETE or ARBETE_OCH_STUDIER, codes separated "
      + "by a vertical bar (several jobs: several codes), null when not working (then a value is R10) or not known (ASSUMPTION: SUS records "
      + "them, as seed 003 note 21 and Diagram 3a/3b split work into these three)";

  public static final TableContract SUS_DELTAGANDE = new TableContract(
      "sus_deltagande", "SUS (FK)", "one participation in one insats",
      List.of(
          optional("pid", LongType).doc("null when registered anonymously or by volume").build(),
          required("registrering", StringType).codes("registrering").build(),
          required("forbund_id", StringType).build(),
          required("insats_id", StringType).build(),
          required("inriktning", StringType).codes("inriktning").build(),
          required("startdatum", DateType).build(),
          optional("slutdatum", DateType).build(),
          optional("avslutsorsak", StringType).codes("avslutsorsak").build(),
          optional("kon", StringType).codes("kon").build(),
          optional("fodelsear", IntegerType).range(1900, 2100).build(),
          optional("utbildning", StringType).codes("sus_utbildning")
              .doc("self-reported; seed 003 Bilaga 3's eight levels (SPEC-derived from the seeds)").build(),
          optional("forsorjning_fore", StringType).codeSet("forsorjning").doc("codes separated by a vertical bar").build(),
          optional("forsorjning_efter", StringType).codeSet("forsorjning").doc("codes separated by a vertical bar").build(),
          optional("tid_offentlig_forsorjning_fore", DoubleType).range(0, 100).doc("years in public support before "
              + "the insats, null when not applicable or unknown (ASSUMPTION: the duration, so that seed 003's and seed "
              + "004's bands can both be formed)").build(),
          optional("sysselsattning_fore", StringType).codes("sysselsattning").build(),
          optional("sysselsattning_fore_omfattning", DoubleType).range(0, 1).build(),
          optional("sysselsattning_efter", StringType).codes("sysselsattning").build(),
          optional("sysselsattning_efter_omfattning", DoubleType).range(0, 1).build(),
          optional("arbetsform_fore", StringType).codeSet("arbetsform").mayBeAbsent().doc(WORK_FORM).build(),
          optional("arbetsform_efter", StringType).codeSet("arbetsform").mayBeAbsent().doc(WORK_FORM).build()),
      List.of("forbund_id", "insats_id"),
      Optional.of("startdatum"),
      List.of(List.of("startdatum", "slutdatum")),
      true, "pid",
      List.of(new CrossColumn("arbetsform_fore", "sysselsattning_fore", WORKING),
          new CrossColumn("arbetsform_efter", "sysselsattning_efter", WORKING)));

  public static final TableContract FORBUND_MEDLEMSKAP = new TableContract(
      "forbund_medlemskap", "SUS", "municipality x förbund spell",
      List.of(
          required("kommun_kod", StringType).build(),
          required("forbund_id", StringType).build(),
          required("fran_datum", DateType).build(),
          optional("till_datum", DateType).doc("null while the municipality is a member").build()),
      List.of("kommun_kod", "forbund_id", "fran_datum"),
      Optional.empty(),
      List.of(List.of("fran_datum", "till_datum")),
      false, "");

  public static final TableContract EXPERIMENT_DELTAGARE = new TableContract(
      "experiment_deltagare", "Experiment", "one person asked to take part",
      List.of(
          required("pid", LongType).build(),
          required("forbund_id", StringType).build(),
          required("team_id", StringType).build(),
          required("tillfragad_datum", DateType).build(),
          required("samtycke", BooleanType).build(),
          optional("arm", StringType).codes("arm").doc("null without consent").build(),
          optional("forsta_teammote_datum", DateType).build()),
      List.of("pid"),
      Optional.empty(),
      List.of(List.of("tillfragad_datum", "forsta_teammote_datum")),
      false, "pid");

  public static final TableContract MIDAS_ERSATTNING = new TableContract(
      "midas_ersattning", "MiDaS (FK)", "benefit spell",
      List.of(
          required("pid", LongType).build(),
          required("forman", StringType).codes("forman").build(),
          required("fran_datum", DateType).build(),
          required("tom_datum", DateType).build(),
          required("omfattning", DoubleType).codes("omfattning").build(),
          required("belopp_brutto", DoubleType).atLeast(0).doc("kronor paid for the whole spell").build(),
          optional("sarskilda_fall", BooleanType).build(),
          optional("ae_skal", StringType).codes("ae_skal").build()),
      List.of("pid", "forman", "fran_datum"),
      Optional.of("fran_datum"),
      List.of(List.of("fran_datum", "tom_datum")),
      true, "pid");

  public static final TableContract SCB_AGI_MANAD = new TableContract(
      "scb_agi_manad", "SCB", "person x employer x month, 2019 onward",
      List.of(
          required("pid", LongType).build(),
          required("period", IntegerType).range(201901, LAST_PERIOD).build(),
          required("arbetsgivare_id", StringType).build(),
          required("ersattning_arbete", DoubleType).atLeast(0).build()),
      List.of("pid", "period", "arbetsgivare_id"),
      Optional.of("period"),
      List.of(),
      true, "pid");

  public static final TableContract SCB_JOBB_AR = new TableContract(
      "scb_jobb_ar", "SCB", "person x employer x year, before 2019",
      List.of(
          required("pid", LongType).build(),
          required("ar", IntegerType).range(1990, 2018).build(),
          required("arbetsgivare_id", StringType).build(),
          required("bruttolon", DoubleType).atLeast(0).build(),
          required("manad_fran", IntegerType).range(1, 12).build(),
          required("manad_till", IntegerType).range(1, 12).build()),
      List.of("pid", "ar", "arbetsgivare_id"),
      Optional.of("ar"),
      List.of(List.of("manad_fran", "manad_till")),
      true, "pid");

  public static final TableContract SCB_INKOMST_MANAD = new TableContract(
      "scb_inkomst_manad", "SCB", "person x month x income component",
      List.of(
          required("pid", LongType).build(),
          required("period", IntegerType).range(FIRST_PERIOD, LAST_PERIOD).build(),
          required("komponent", StringType).codes("komponent").build(),
          required("belopp", DoubleType).atLeast(0).build()),
      List.of("pid", "period", "komponent"),
      Optional.of("period"),
      List.of(),
      true, "pid");

  public static final TableContract SCB_BAKGRUND_AR = new TableContract(
      "scb_bakgrund_ar", "SCB", "person x year (LISA-like)",
      List.of(
          required("pid", LongType).build(),
          required("ar", IntegerType).range(1990, 2100).build(),
          required("kon", StringType).codes("kon").build(),
          required("fodelsear", IntegerType).range(1900, 2100).build(),
          optional("utrikes_fodd", BooleanType).build(),
          optional("utlandsk_bakgrund", BooleanType).build(),
          optional("utbildningsniva", StringType).codes("utbildningsniva").build(),
          optional("civilstand", StringType).codes("civilstand").build(),
          optional("familjestallning", StringType).codes("familjestallning").build(),
          optional("barn_0_3", IntegerType).range(0, 20).build(),
          optional("barn_4_6", IntegerType).range(0, 20).build(),
          optional("barn_0_17", IntegerType).range(0, 30).build(),
          optional("kommun_kod", StringType).build(),
          optional("doddatum", DateType).build(),
          optional("utvandrad_datum", DateType).build()),
      List.of("pid", "ar"),
      Optional.of("ar"),
      List.of(),
      true, "pid");

  public static final TableContract AF_SOKANDEKATEGORI = new TableContract(
      "af_sokandekategori", "AF", "registration spell",
      List.of(
          required("pid", LongType).build(),
          required("fran_datum", DateType).build(),
          optional("tom_datum", DateType).doc("null while registered").build(),
          required("sokandekategori", StringType).codes("sokandekategori").build(),
          optional("avaktualiseringsorsak", StringType).codes("avaktualiseringsorsak").build()),
      List.of("pid", "fran_datum", "sokandekategori"),
      Optional.of("fran_datum"),
      List.of(List.of("fran_datum", "tom_datum")),
      true, "pid");

  public static final TableContract AF_ANSTALLNINGSSTOD = new TableContract(
      "af_anstallningsstod", "AF", "support spell",
      List.of(
          required("pid", LongType).build(),
          required("fran_datum", DateType).build(),
          optional("tom_datum", DateType).build(),
          required("stodtyp", StringType).codes("stodtyp").build()),
      List.of("pid", "fran_datum", "stodtyp"),
      Optional.of("fran_datum"),
      List.of(List.of("fran_datum", "tom_datum")),
      true, "pid");

  public static final TableContract SOS_EKONOMISKT_BISTAND = new TableContract(
      "sos_ekonomiskt_bistand", "Socialstyrelsen", "household member x month",
      List.of(
          required("hushall_id", LongType).build(),
          required("pid", LongType).build(),
          required("period", IntegerType).range(FIRST_PERIOD, LAST_PERIOD).build(),
          required("roll", StringType).codes("roll").build(),
          required("belopp_hushall", DoubleType).atLeast(0).doc("paid to the household that month").build()),
      List.of("hushall_id", "pid", "period"),
      Optional.of("period"),
      List.of(),
      true, "pid");

  public static final TableContract SOS_ARBETSMARKNADSINSATS = new TableContract(
      "sos_arbetsmarknadsinsats", "Socialstyrelsen", "person x month",
      List.of(
          required("pid", LongType).build(),
          required("period", IntegerType).range(FIRST_PERIOD, LAST_PERIOD).build(),
          required("insatstyp", StringType).codes("insatstyp").build()),
      List.of("pid", "period", "insatstyp"),
      Optional.of("period"),
      List.of(),
      true, "pid");

  /**
   * Seed 000: the diagnosis group of each AE decision (ASSUMPTION: FK's decision register grouped by
   * ICD-10 chapter into the code list {@code diagnosgrupp}; the seed only says "psykiatrisk diagnos").
   */
  public static final TableContract MIDAS_AE_DIAGNOS = new TableContract(
      "midas_ae_diagnos", "MiDaS (FK)", "one AE decision",
      List.of(
          required("pid", LongType).build(),
          required("beslutsdatum", DateType).build(),
          required("diagnosgrupp", StringType).codes("diagnosgrupp").doc("ICD-10 chapter group of the main diagnosis").build(),
          optional("ae_forst_beviljad", DateType)
              .doc("start of the person's first AE as FK holds it; may lie before the delivery's period").build()),
      List.of("pid", "beslutsdatum"),
      Optional.of("beslutsdatum"),
      List.of(),
      true, "pid");

  /** Seed 000: CSN study support per person, year and form (SPEC-derived from the agreement). */
  public static final TableContract CSN_STUDIESTOD_AR = new TableContract(
      "csn_studiestod_ar", "CSN", "person x year x form of support",
      List.of(
          required("pid", LongType).build(),
          required("ar", IntegerType).range(1990, 2100).build(),
          required("stodform", StringType).codes("csn_stodform").build(),
          required("belopp", DoubleType).atLeast(0).doc("kronor paid in the year").build()),
      List.of("pid", "ar", "stodform"),
      Optional.of("ar"),
      List.of(),
      true, "pid");

  /**
   * Seed 000: yearly pensionsgrundande inkomst (SCB/Skatteverket): total, of employment ({@code pgioai},
   * "inkomst av tjänst") and of business ({@code pgiofi}).
   */
  public static final TableContract SCB_INKOMST_AR = new TableContract(
      "scb_inkomst_ar", "SCB", "person x year",
      List.of(
          required("pid", LongType).build(),
          required("ar", IntegerType).range(1990, 2100).build(),
          required("pgi", DoubleType).atLeast(0).doc("pensionsgrundande inkomst, kronor").build(),
          required("pgioai", DoubleType).atLeast(0).doc("of which from employment (inkomst av tjänst)").build(),
          required("pgiofi", DoubleType).atLeast(0).doc("of which from business").build()),
      List.of("pid", "ar"),
      Optional.of("ar"),
      List.of(),
      true, "pid");

  /**
   * Seed 000: participation in the förstärkt samarbete of AF and FK, one spell per part (ASSUMPTION:
   * spells with the part as a code; the seed names the three parts).
   */
  public static final TableContract FK_AF_SAMARBETE = new TableContract(
      "fk_af_samarbete", "FK/AF", "one spell in one part of förstärkt samarbete",
      List.of(
          required("pid", LongType).build(),
          required("del", StringType).codes("samarbete_del").build(),
          required("fran_datum", DateType).build(),
          optional("tom_datum", DateType).doc("null while ongoing").build()),
      List.of("pid", "del", "fran_datum"),
      Optional.of("fran_datum"),
      List.of(List.of("fran_datum", "tom_datum")),
      true, "pid");

  /**
   * SCB's categories of huvudsaklig inkomstkälla that carry an amount (SPEC 5.1; SAKNAR_INKOMST is the
   * absence of income), in the order of the delivered amount columns {@code inkomst_<category>}.
   */
  public static final List<String> HI_AMOUNT_CATEGORIES = List.of("arbete", "arbetsloshet", "studier", "pension",
      "langvarigt_nedsatt_arbetsformaga", "sjukdom", "foraldraledighet_omvardnad", "ekonomiskt_stod");

  /**
   * Seed 002 (appendix "Huvudsaklig inkomstkälla", lines ~1525-1540; line 536): HI as SCB delivers it,
   * monthly from 2019 (SCB's monthly income register), the kronor of each category in the month.
   * Optional: a warehouse without it builds HI from the components.
   */
  public static final TableContract SCB_HI_MANAD = new TableContract(
      "scb_hi_manad", "SCB", "person x month, 2019 onward",
      hiColumns(required("period", IntegerType).range(201901, LAST_PERIOD).build(), "the month"),
      List.of("pid", "period"),
      Optional.of("period"),
      List.of(),
      true, "pid");

  /**
   * Seed 002 line 536: before 2019 SCB's HI exists only per year; the yearly table covers those years
   * and later ones too (seed 002 Table B1 compares with the population's HI of 2020). Optional.
   */
  public static final TableContract SCB_HI_AR = new TableContract(
      "scb_hi_ar", "SCB", "person x year",
      hiColumns(required("ar", IntegerType).range(1990, 2100).build(), "the year"),
      List.of("pid", "ar"),
      Optional.of("ar"),
      List.of(),
      true, "pid");

  private static List<ColumnSpec> hiColumns(ColumnSpec time, String span) {
    List<ColumnSpec> columns = new java.util.ArrayList<>(List.of(required("pid", LongType).build(), time));
    for (String category : HI_AMOUNT_CATEGORIES) {
      columns.add(required("inkomst_" + category, DoubleType).atLeast(0)
          .doc("kronor of HI category " + category.toUpperCase(java.util.Locale.ROOT) + " in " + span).build());
    }
    return columns;
  }

  /**
   * All contracts, in the order of SPEC.md section 3, then the inputs of seed 000's matched design, then
   * SCB's delivered HI (last, so that the tables before keep their positions).
   */
  public static final List<TableContract> ALL = List.of(
      SUS_DELTAGANDE, FORBUND_MEDLEMSKAP, EXPERIMENT_DELTAGARE, MIDAS_ERSATTNING, SCB_AGI_MANAD,
      SCB_JOBB_AR, SCB_INKOMST_MANAD, SCB_BAKGRUND_AR, AF_SOKANDEKATEGORI, AF_ANSTALLNINGSSTOD,
      SOS_EKONOMISKT_BISTAND, SOS_ARBETSMARKNADSINSATS,
      MIDAS_AE_DIAGNOS, CSN_STUDIESTOD_AR, SCB_INKOMST_AR, FK_AF_SAMARBETE, SCB_HI_MANAD, SCB_HI_AR);

  /** Inputs a warehouse may lack: the jobs that read them fall back to what they build themselves. */
  public static final List<TableContract> OPTIONAL = List.of(SCB_HI_MANAD, SCB_HI_AR);


  private Contracts() {}

  public static TableContract byName(String name) {
    return ALL.stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no contract for table '" + name + "'"));
  }
}
