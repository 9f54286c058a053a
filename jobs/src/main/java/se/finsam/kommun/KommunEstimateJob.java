package se.finsam.kommun;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.finsam.did.Distributions;
import se.finsam.did.EstimationMethod;
import se.finsam.did.LocalUnits;
import se.finsam.did.StaggeredDid;
import se.finsam.estimate.EstimateJob;
import se.finsam.estimate.ResultRows;
import se.finsam.estimate.SampleSummary;
import se.finsam.jobs.Job;
import se.finsam.jobs.JobContext;
import se.finsam.jobs.JobOption;
import se.finsam.jobs.JobRunner;
import se.finsam.results.ResultSchemas;
import se.finsam.warehouse.Fingerprint;
import se.finsam.warehouse.Zone;

/**
 * {@code ./finsam kommun-estimate}: the staggered DiD of seed 001 on {@code panel/kommun_ar}, with
 * municipalities as units, for every outcome of every population group. Results go to
 * {@code results/kommun/{att_gt,aggte,pretest}} (the schemas of {@link ResultSchemas}; {@code outcome}
 * is the outcome, {@code model} the population group, {@code n_obs} municipality-years, {@code n_persons}
 * the group's residents in the treated municipalities in their joining year), keyed by run.
 */
public final class KommunEstimateJob implements Job {
  public static final String RESULTS = "kommun/";
  private static final Logger LOG = LoggerFactory.getLogger(KommunEstimateJob.class);
  private static final String P = "finsam.kommun.estimate.";

  @Override
  public String name() {
    return "kommun-estimate";
  }

  @Override
  public String summary() {
    return "staggered DiD on the municipality panel, every outcome x population group (seed 001)";
  }

  @Override
  public List<JobOption> options() {
    return List.of(
        JobOption.of("warehouse", "finsam.warehouse", "warehouse root"),
        JobOption.of("run-id", "finsam.run-id", "run id of the results"),
        JobOption.of("from-year", "finsam.kommun.years.from", "first year of the panel"),
        JobOption.of("to-year", "finsam.kommun.years.to", "last year of the panel"),
        JobOption.of("control-group", P + "control-group", "notyettreated or nevertreated"),
        JobOption.of("anticipation", P + "anticipation", "years of anticipation"),
        JobOption.of("weights", P + "weights", "none or befolkning (population weights)"),
        JobOption.of("est-method", P + "est-method", EstimationMethod.names()));
  }

  @Override
  public void run(JobContext context) {
    KommunSettings s = KommunSettings.from(context.config());
    KommunEstimateSettings e = KommunEstimateSettings.from(context.config());
    String path = context.warehouse().table(Zone.PANEL, KommunPanel.TABLE);
    if (!context.warehouse().exists(path, context.spark().sparkContext().hadoopConfiguration())) {
      throw new IllegalStateException("panel/" + KommunPanel.TABLE + " is missing at " + path + "; run ./finsam kommunpanel first");
    }
    // The municipality panel: 290 municipalities x years x groups, small enough for the driver.
    List<KommunSample.PanelRow> panel = read(context.spark().read().format("delta").load(path));
    context.metrics().read("panel/" + KommunPanel.TABLE, panel.size());
    List<Row> attGt = new ArrayList<>();
    List<Row> aggte = new ArrayList<>();
    List<Row> pretest = new ArrayList<>();
    for (KommunSettings.Grupp grupp : s.groups()) {
      for (Utfall utfall : Utfall.values()) {
        if (!s.measured(utfall, grupp.name())) {
          continue;
        }
        KommunSample sample = KommunSample.of(panel, grupp.name(), utfall, s, e);
        StaggeredDid.Result result = estimate(sample, e);
        result.warnings().forEach(w -> LOG.info("kommun-estimate {} {}: {}", utfall.column(), grupp.name(), w));
        ResultRows rows = new ResultRows(context.runId(), utfall.column(), grupp.name(),
            new SampleSummary(sample.units().size(), sample.municipalityYears(), sample.treatedPersons(), sample.preMean()));
        attGt.addAll(rows.attGt(result.attGt(), result.inference()));
        double pointwise = Distributions.normalQuantile(1 - e.estimate().alp() / 2);
        aggte.addAll(rows.aggregations(result, pointwise));
        result.pretest().map(rows::pretest).ifPresent(pretest::add);
        context.metrics().read(utfall.column() + "/" + grupp.name() + " municipalities", sample.units().size());
        if (sample.droppedLeavers() > 0) {
          context.metrics().rejected(utfall.column() + "/" + grupp.name() + " leavers", sample.droppedLeavers());
        }
      }
    }
    EstimateJob.write(context, RESULTS + ResultSchemas.ATT_GT, attGt, ResultSchemas.ATT_GT_SCHEMA);
    EstimateJob.write(context, RESULTS + ResultSchemas.AGGTE, aggte, ResultSchemas.AGGTE_SCHEMA);
    EstimateJob.write(context, RESULTS + ResultSchemas.PRETEST, pretest, ResultSchemas.PRETEST_SCHEMA);
  }

  /** The one place that calls the estimator: municipalities as in-memory units. */
  static StaggeredDid.Result estimate(KommunSample sample, KommunEstimateSettings e) {
    return StaggeredDid.estimate(new LocalUnits(sample.units()), sample.years(), e.estimate());
  }

  static List<KommunSample.PanelRow> read(Dataset<Row> panel) {
    List<KommunSample.PanelRow> rows = new ArrayList<>();
    for (Row r : panel.collectAsList()) {
      Map<Utfall, Double> shares = new EnumMap<>(Utfall.class);
      for (Utfall u : Utfall.values()) {
        int i = r.fieldIndex(u.shareColumn());
        shares.put(u, r.isNullAt(i) ? Double.NaN : r.getDouble(i));
      }
      int left = r.fieldIndex("lamnat_ar");
      rows.add(new KommunSample.PanelRow(r.getString(r.fieldIndex("kommun_kod")), r.getInt(r.fieldIndex("ar")),
          r.getString(r.fieldIndex("grupp")), r.getLong(r.fieldIndex("befolkning")), shares,
          r.getInt(r.fieldIndex("anslutningsar")), r.isNullAt(left) ? null : r.getInt(left)));
    }
    return rows;
  }

  /** The panel's Delta version and the settings of the estimation. */
  @Override
  public Optional<String> inputsFingerprint(JobContext context) {
    Fingerprint f = Fingerprint.using(context.spark().sparkContext().hadoopConfiguration());
    f.addDeltaVersion(context.warehouse().table(Zone.PANEL, KommunPanel.TABLE));
    f.addConfig(context.config(), "finsam.kommun");
    return Optional.of(f.value());
  }

  public static void main(String[] args) {
    JobRunner.exit(new KommunEstimateJob(), args);
  }
}
