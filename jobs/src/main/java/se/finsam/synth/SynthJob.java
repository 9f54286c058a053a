package se.finsam.synth;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import se.finsam.jobs.Job;
import se.finsam.jobs.JobContext;
import se.finsam.jobs.JobOption;
import se.finsam.jobs.JobRunner;
import se.finsam.schemas.Contracts;
import se.finsam.schemas.TableContract;
import se.finsam.warehouse.Zone;

/**
 * {@code ./finsam synth}: writes synthetic deliveries of all source tables into the raw zone (or
 * {@code --out}), a corrected re-delivery of one period, and the true effects to {@code _truth/}.
 */
public final class SynthJob implements Job {
  @Override
  public String name() {
    return "synth";
  }

  @Override
  public String summary() {
    return "generate synthetic deliveries of all source tables with planted effects and known flaws";
  }

  @Override
  public List<JobOption> options() {
    return List.of(
        JobOption.of("persons", "finsam.synth.persons", "number of persons"),
        JobOption.of("seed", "finsam.synth.seed", "random seed (same seed, same rows)"),
        JobOption.of("format", "finsam.synth.format", "csv or parquet"),
        JobOption.of("delimiter", "finsam.synth.delimiter", "CSV delimiter"),
        JobOption.of("partitions", "finsam.synth.partitions", "Spark partitions of the generation (0 = default)"),
        JobOption.of("person-id", "finsam.synth.person-id", "pid or personnummer"),
        JobOption.of("flaw-rate", "finsam.synth.flaw-rate", "rate of each flaw kind per row"),
        JobOption.of("out", "finsam.synth.out", "output folder (default: the warehouse raw zone)"),
        JobOption.of("from", "finsam.synth.from", "first month, YYYYMM"),
        JobOption.of("to", "finsam.synth.to", "last month, YYYYMM"),
        JobOption.of("warehouse", "finsam.warehouse", "warehouse root"));
  }

  @Override
  public void run(JobContext context) throws Exception {
    SynthSettings s = SynthSettings.from(context.config());
    String raw = s.out().isEmpty() ? context.warehouse().zone(Zone.RAW) : s.out();
    generate(context.spark(), s, raw, context.metrics()::wrote);
  }

  /** Receives what was written, with its row count. */
  public interface Report {
    void wrote(String what, long rows);
  }

  /** Generates everything into {@code raw}; usable without a job context (tests, benchmark). */
  public static void generate(SparkSession spark, SynthSettings s, String raw, Report report) throws Exception {
    SynthGenerator generator = new SynthGenerator(s);
    Manifests manifests = new Manifests(spark, s, raw);
    List<Delivery> deliveries = new ArrayList<>();
    for (TableContract contract : Contracts.ALL) {
      if (!s.delivers(contract.name())) {
        continue;
      }
      int from = Deliveries.periodFrom(contract, s.window());
      int to = Deliveries.periodTo(contract, s.window());
      if (from > to) {
        continue; // the table's register does not reach into the window (e.g. the yearly job register after 2018)
      }
      Delivery main = new Delivery(contract, Deliveries.MAIN, Deliveries.deliveryId(contract, from, to, 1), from, to, null);
      deliveries.add(main);
      if (contract.name().equals(s.correctionTable())) {
        deliveries.add(new Delivery(contract, Deliveries.CORRECTION,
            Deliveries.deliveryId(contract, s.correctionPeriod(), s.correctionPeriod(), 2),
            s.correctionPeriod(), s.correctionPeriod(), main.id()));
      }
    }
    HashMap<String, PartFiles.Target> targets = new HashMap<>();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    for (Delivery d : deliveries) {
      Path dir = new Path(manifests.dir(d.contract(), d.id()));
      // A delivery is rewritten whole: no part file of an earlier run with more partitions may remain.
      dir.getFileSystem(hadoop).delete(dir, true);
      targets.put(PartFiles.key(d.contract().name(), d.delivery()),
          new PartFiles.Target(dir.toString(), PartFiles.deliveredColumns(d.contract(), s.personnummer())));
    }
    Map<String, Map<String, Long>> counts = new HashMap<>();
    for (Row r : generator.write(spark, targets).collectAsList()) {
      String flaw = r.isNullAt(2) ? "CLEAN" : r.getString(2);
      counts.computeIfAbsent(PartFiles.key(r.getString(0), r.getString(1)), k -> new HashMap<>()).put(flaw, r.getLong(3));
    }
    for (Delivery d : deliveries) {
      Map<String, Long> flaws = counts.get(PartFiles.key(d.contract().name(), d.delivery()));
      if (flaws == null) {
        continue; // no row for it (a correction without rows, or a population mix without the table's persons)
      }
      Manifests.Written written = manifests.manifest(d.contract(), d.id(), d.from(), d.to(), d.replaces(),
          flaws == null ? Map.of() : flaws);
      report.wrote(written.path(), written.rows());
    }
    writeTruth(spark, generator, s, raw + "/_truth", report);
  }

  /** One delivery to write: table, main or correction, id and period, the delivery it replaces. */
  private record Delivery(TableContract contract, String delivery, String id, int from, int to, String replaces) {}

  /**
   * The true ATT per design, outcome and event month (mean over treated persons of Y(1) - Y(0)) and its
   * average over the post months {@code post-from..post-to}, by Spark aggregates of the potential outcomes.
   */
  static void writeTruth(SparkSession spark, SynthGenerator generator, SynthSettings s, String truth, Report report) {
    Dataset<Row> potential = generator.potentialOutcomes(spark);
    if (s.potentialOutcomes()) {
      potential.write().mode(SaveMode.Overwrite).parquet(truth + "/potential_outcomes");
      potential = spark.read().parquet(truth + "/potential_outcomes");
    }
    Dataset<Row> byEvent = potential.groupBy("design", "outcome", "event_month")
        .agg(avg(col("y1").minus(col("y0"))).as("att"), avg("y0").as("mean_y0"), avg("y1").as("mean_y1"),
            count(lit(1)).as("persons"))
        .orderBy("design", "outcome", "event_month").cache();
    byEvent.coalesce(1).write().mode(SaveMode.Overwrite).option("header", "true").csv(truth + "/att");
    report.wrote(truth + "/att", byEvent.count());
    Dataset<Row> overall = byEvent
        .filter(col("event_month").between(s.truthPostFrom(), s.truthPostTo()))
        .groupBy("design", "outcome")
        .agg(avg("att").as("att"), count(lit(1)).as("event_months"))
        .withColumn("post_from", lit(s.truthPostFrom())).withColumn("post_to", lit(s.truthPostTo()))
        .orderBy("design", "outcome");
    overall.coalesce(1).write().mode(SaveMode.Overwrite).option("header", "true").csv(truth + "/att_overall");
    report.wrote(truth + "/att_overall", overall.count());
    byEvent.unpersist();
    // Seed 000's matched design: the effect on the yearly shares in percentage points, by treatment year.
    Dataset<Row> matched = generator.matchedOutcomes(spark)
        .groupBy("behandlingsar", "ar", "utfall")
        .agg(avg(col("y1").minus(col("y0"))).multiply(100).as("effekt_pe"), avg("y0").multiply(100).as("andel_y0_pct"),
            avg("y1").multiply(100).as("andel_y1_pct"), count(lit(1)).as("personer"))
        .orderBy("behandlingsar", "utfall", "ar");
    matched.coalesce(1).write().mode(SaveMode.Overwrite).option("header", "true").csv(truth + "/matched_att");
    report.wrote(truth + "/matched_att", matched.count());
    // Seeds 003/004: the FK days of the participants who ended an insats, per year of ending, as the follow-up of the
    // next year reports them (Bilaga 5's "Alla" row).
    List<Column> means = new ArrayList<>();
    for (String group : FollowupFkTruth.GROUPS) {
      means.add(avg(group + "_fore").as(group + "_fore"));
      means.add(avg(group + "_efter").as(group + "_efter"));
    }
    Dataset<Row> fk = generator.followupFkDays(spark).groupBy("ar")
        .agg(count(lit(1)).as("personer"), means.toArray(Column[]::new)).orderBy("ar");
    fk.coalesce(1).write().mode(SaveMode.Overwrite).option("header", "true").csv(truth + "/followup_fk");
    report.wrote(truth + "/followup_fk", fk.count());
    if (s.shareBefolkning() > 0) {
      // Seed 001: the joining's true effect on the share of residents with the state in the year, by
      // years since joining (mean over the treated municipalities' residents of y1 - y0).
      Dataset<Row> kommun = generator.kommunOutcomes(spark)
          .withColumn("event_year", col("ar").minus(col("anslutningsar")))
          .groupBy("event_year")
          .agg(avg(col("y1").minus(col("y0"))).as("att"), avg("y0").as("mean_y0"), avg("y1").as("mean_y1"),
              count(lit(1)).as("person_years"))
          .withColumn("state", lit(s.kommunEffectState()))
          .orderBy("event_year");
      kommun.coalesce(1).write().mode(SaveMode.Overwrite).option("header", "true").csv(truth + "/kommun_att");
      report.wrote(truth + "/kommun_att", kommun.count());
    }
  }

  public static void main(String[] args) {
    JobRunner.exit(new SynthJob(), args);
  }
}
