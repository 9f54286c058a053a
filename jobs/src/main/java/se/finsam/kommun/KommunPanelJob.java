package se.finsam.kommun;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.finsam.jobs.Job;
import se.finsam.jobs.JobContext;
import se.finsam.jobs.JobOption;
import se.finsam.jobs.JobRunner;
import se.finsam.linkage.PanelSettings;
import se.finsam.schemas.Contracts;
import se.finsam.schemas.TableContract;
import se.finsam.warehouse.Fingerprint;
import se.finsam.warehouse.Zone;

/**
 * {@code ./finsam kommunpanel}: the curated person-level registers aggregated to {@code panel/kommun_ar}
 * (seed 001), one row per municipality, year and population group, with each municipality's
 * treatment timing from {@code forbund_medlemskap}.
 */
public final class KommunPanelJob implements Job {
  /** The CSN table of the matched design's inputs; read when it exists. */
  public static final String CSN_TABLE = "csn_studiestod_ar";
  private static final Logger LOG = LoggerFactory.getLogger(KommunPanelJob.class);
  private static final List<TableContract> INPUTS = List.of(Contracts.SCB_BAKGRUND_AR, Contracts.FORBUND_MEDLEMSKAP,
      Contracts.MIDAS_ERSATTNING, Contracts.SOS_EKONOMISKT_BISTAND, Contracts.SCB_AGI_MANAD, Contracts.SCB_JOBB_AR,
      Contracts.SCB_INKOMST_MANAD, Contracts.AF_SOKANDEKATEGORI);

  @Override
  public String name() {
    return "kommunpanel";
  }

  @Override
  public String summary() {
    return "aggregate the curated registers to the municipality x year x group panel (seed 001)";
  }

  @Override
  public List<JobOption> options() {
    return List.of(
        JobOption.of("warehouse", "finsam.warehouse", "warehouse root"),
        JobOption.of("from-year", "finsam.kommun.years.from", "first year of the panel"),
        JobOption.of("to-year", "finsam.kommun.years.to", "last year of the panel"));
  }

  @Override
  public void run(JobContext context) {
    KommunSettings s = KommunSettings.from(context.config());
    PanelSettings panel = PanelSettings.from(context.config());
    int from = s.fromYear();
    int to = s.toYear();
    Dataset<Row> residents = PersonYears.residents(curated(context, Contracts.SCB_BAKGRUND_AR, true), from, to);

    Optional<Dataset<Row>> csn = table(context, CSN_TABLE);
    String studySource;
    Dataset<Row> studies;
    if (csn.isPresent()) {
      studySource = CSN_TABLE;
      studies = PersonYears.studiesFromCsn(csn.get(), from, to);
    } else {
      studySource = "scb_inkomst_manad (" + String.join(", ", s.studyComponents()) + ")";
      LOG.warn("curated/{} does not exist: studies are read from scb_inkomst_manad components {}", CSN_TABLE,
          s.studyComponents());
      studies = PersonYears.studiesFromComponents(curated(context, Contracts.SCB_INKOMST_MANAD, false),
          s.studyComponents(), from, to);
    }
    List<Dataset<Row>> facts = List.of(
        PersonYears.midas(curated(context, Contracts.MIDAS_ERSATTNING, false), panel.fkGroups(), from, to),
        PersonYears.bistand(curated(context, Contracts.SOS_EKONOMISKT_BISTAND, false), panel.bistandAdultsOnly(), from, to),
        studies,
        PersonYears.working(curated(context, Contracts.SCB_AGI_MANAD, false),
            curated(context, Contracts.SCB_JOBB_AR, false), panel.agiFrom(), s.uvasMinWageKr(), from, to),
        PersonYears.afExits(curated(context, Contracts.AF_SOKANDEKATEGORI, false), s.afExitCodes(), from, to));
    Dataset<Row> aggregated = KommunPanel.aggregate(PersonYears.withFacts(residents, facts), s);

    // forbund_medlemskap is one row per municipality and förbund: small, so the rule runs on the driver.
    List<Anslutning.Medlemskap> memberships = new ArrayList<>();
    for (Row r : curated(context, Contracts.FORBUND_MEDLEMSKAP, true)
        .select("kommun_kod", "forbund_id", "fran_datum", "till_datum").collectAsList()) {
      memberships.add(new Anslutning.Medlemskap(r.getString(0), r.getString(1), r.getDate(2).toLocalDate(),
          r.isNullAt(3) ? null : r.getDate(3).toLocalDate()));
    }
    List<Anslutning.Status> timing = Anslutning.of(memberships, to);
    Dataset<Row> out = KommunPanel.withTreatment(context.spark(), aggregated, timing)
        .withColumn("studier_kalla", functions.lit(studySource));
    String path = context.warehouse().table(Zone.PANEL, KommunPanel.TABLE);
    out.write().format("delta").mode("overwrite").option("overwriteSchema", "true").save(path);
    Dataset<Row> written = context.spark().read().format("delta").load(path);
    context.metrics().wrote("panel/" + KommunPanel.TABLE, written.count());
    LOG.info("panel/{}: {} municipalities, years {}..{}, studies from {}; members by joining year {}",
        KommunPanel.TABLE, written.select("kommun_kod").distinct().count(), from, to, studySource,
        joiningYears(timing));
  }

  private static String joiningYears(List<Anslutning.Status> timing) {
    java.util.TreeMap<Integer, Integer> counts = new java.util.TreeMap<>();
    timing.forEach(t -> counts.merge(t.anslutningsar(), 1, Integer::sum));
    return counts.toString();
  }

  /**
   * A curated table. A missing required one fails the job; a missing optional one (a register with no
   * delivery in the panel's years, e.g. scb_agi_manad before 2019) is read as empty, with a warning.
   */
  private static Dataset<Row> curated(JobContext context, TableContract contract, boolean required) {
    Optional<Dataset<Row>> table = table(context, contract.name());
    if (table.isEmpty()) {
      if (required) {
        throw new IllegalStateException("curated table " + contract.name() + " is missing at "
            + context.warehouse().table(Zone.CURATED, contract.name()) + "; run the ingest job first");
      }
      LOG.warn("curated table {} is missing: read as empty", contract.name());
      return context.spark().createDataFrame(new ArrayList<Row>(), contract.schema());
    }
    return table.get();
  }

  private static Optional<Dataset<Row>> table(JobContext context, String name) {
    String path = context.warehouse().table(Zone.CURATED, name);
    if (!context.warehouse().exists(path, context.spark().sparkContext().hadoopConfiguration())) {
      return Optional.empty();
    }
    Dataset<Row> table = context.spark().read().format("delta").load(path);
    context.metrics().read("curated/" + name, table.count());
    return Optional.of(table);
  }

  /** The curated tables' Delta versions and the settings the panel is built with. */
  @Override
  public Optional<String> inputsFingerprint(JobContext context) {
    Fingerprint f = Fingerprint.using(context.spark().sparkContext().hadoopConfiguration());
    for (TableContract contract : INPUTS) {
      f.addDeltaVersion(context.warehouse().table(Zone.CURATED, contract.name()));
    }
    f.addDeltaVersion(context.warehouse().table(Zone.CURATED, CSN_TABLE));
    for (String path : List.of("finsam.kommun", "finsam.panel.fk-groups", "finsam.panel.bistand-members",
        "finsam.panel.agi-from")) {
      f.addConfig(context.config(), path);
    }
    return Optional.of(f.value());
  }

  public static void main(String[] args) {
    JobRunner.exit(new KommunPanelJob(), args);
  }
}
