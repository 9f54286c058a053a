package se.finsam.synth;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
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
    Sums sums = generator.write(spark, targets);
    Map<String, Map<String, Long>> counts = new HashMap<>();
    sums.of(SynthGenerator.ROWS).forEach((key, n) -> counts
        .computeIfAbsent(PartFiles.key((String) key.get(0), (String) key.get(1)), k -> new HashMap<>())
        .put(key.get(2) == null ? "CLEAN" : (String) key.get(2), (long) n[0]));
    for (Delivery d : deliveries) {
      Map<String, Long> flaws = counts.get(PartFiles.key(d.contract().name(), d.delivery()));
      if (flaws == null) {
        continue; // no row for it (a correction without rows, or a population mix without the table's persons)
      }
      Manifests.Written written = manifests.manifest(d.contract(), d.id(), d.from(), d.to(), d.replaces(),
          flaws == null ? Map.of() : flaws);
      report.wrote(written.path(), written.rows());
    }
    writeTruth(spark, generator, s, sums, raw + "/_truth", report);
  }

  /** One delivery to write: table, main or correction, id and period, the delivery it replaces. */
  private record Delivery(TableContract contract, String delivery, String id, int from, int to, String replaces) {}

  /**
   * The true effects, from the generation's sums ({@link SynthGenerator#write}): per design, outcome and event month
   * the mean over treated persons of Y(1) - Y(0), and its average over the post months {@code post-from..post-to};
   * seed 000's matched design, seeds 003/004's follow-up and seed 001's municipal effect by their own keys.
   */
  static void writeTruth(SparkSession spark, SynthGenerator generator, SynthSettings s, Sums sums, String truth,
      Report report) {
    if (s.potentialOutcomes()) {
      generator.potentialOutcomes(spark).write().mode(SaveMode.Overwrite).parquet(truth + "/potential_outcomes");
    }
    List<Row> byEvent = means(sums, SynthGenerator.ATT);
    write(spark, byEvent, new StructType().add("design", StringType).add("outcome", StringType)
        .add("event_month", IntegerType).add("att", DoubleType).add("mean_y0", DoubleType).add("mean_y1", DoubleType)
        .add("persons", LongType), truth + "/att", report, "design", "outcome", "event_month");
    Sums post = new Sums();
    for (Row r : byEvent) {
      if (r.getInt(2) >= s.truthPostFrom() && r.getInt(2) <= s.truthPostTo()) {
        post.add(SynthGenerator.ATT, List.of(r.get(0), r.get(1)), r.getDouble(3));
      }
    }
    List<Row> overall = new ArrayList<>();
    for (Row r : means(post, SynthGenerator.ATT)) {
      overall.add(RowFactory.create(r.get(0), r.get(1), r.get(2), r.get(3), s.truthPostFrom(), s.truthPostTo()));
    }
    write(spark, overall, new StructType().add("design", StringType).add("outcome", StringType).add("att", DoubleType)
        .add("event_months", LongType).add("post_from", IntegerType).add("post_to", IntegerType),
        truth + "/att_overall", report, "design", "outcome");
    // Seed 000's matched design: the effect on the yearly shares in percentage points, by treatment year.
    List<Row> matched = new ArrayList<>();
    for (Row r : means(sums, SynthGenerator.MATCHED)) {
      matched.add(RowFactory.create(r.get(0), r.get(1), r.get(2), r.getDouble(3) * 100, r.getDouble(4) * 100,
          r.getDouble(5) * 100, r.get(6)));
    }
    write(spark, matched, new StructType().add("behandlingsar", IntegerType).add("ar", IntegerType)
        .add("utfall", StringType).add("effekt_pe", DoubleType).add("andel_y0_pct", DoubleType)
        .add("andel_y1_pct", DoubleType).add("personer", LongType), truth + "/matched_att", report,
        "behandlingsar", "utfall", "ar");
    // Seeds 003/004: the FK days of the participants who ended an insats, per year of ending, as the follow-up of the
    // next year reports them (Bilaga 5's "Alla" row).
    StructType fk = new StructType().add("ar", IntegerType).add("personer", LongType);
    for (String group : FollowupFkTruth.GROUPS) {
      fk = fk.add(group + "_fore", DoubleType).add(group + "_efter", DoubleType);
    }
    List<Row> fkRows = new ArrayList<>();
    for (Row r : means(sums, SynthGenerator.FOLLOWUP_FK)) {
      // means ends with the count; the table has it second.
      Object[] values = new Object[r.length()];
      values[0] = r.get(0);
      values[1] = r.get(r.length() - 1);
      for (int i = 1; i < r.length() - 1; i++) {
        values[1 + i] = r.get(i);
      }
      fkRows.add(RowFactory.create(values));
    }
    write(spark, fkRows, fk, truth + "/followup_fk", report, "ar");
    if (s.shareBefolkning() > 0) {
      // Seed 001: the joining's true effect on the share of residents with the state in the year, by
      // years since joining (mean over the treated municipalities' residents of y1 - y0).
      List<Row> kommun = new ArrayList<>();
      for (Row r : means(sums, SynthGenerator.KOMMUN)) {
        kommun.add(RowFactory.create(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), s.kommunEffectState()));
      }
      write(spark, kommun, new StructType().add("event_year", IntegerType).add("att", DoubleType)
          .add("mean_y0", DoubleType).add("mean_y1", DoubleType).add("person_years", LongType).add("state", StringType),
          truth + "/kommun_att", report, "event_year");
    }
  }

  /** Per key of the kind: the key's values, then the mean of each sum, then the count. */
  private static List<Row> means(Sums sums, String kind) {
    List<Row> rows = new ArrayList<>();
    sums.of(kind).forEach((key, sum) -> {
      List<Object> values = new ArrayList<>(key);
      for (int i = 1; i < sum.length; i++) {
        values.add(sum[i] / sum[0]);
      }
      values.add((long) sum[0]);
      rows.add(RowFactory.create(values.toArray()));
    });
    return rows;
  }

  /** Writes a truth table as one CSV file with a header, its rows in the given order. */
  private static void write(SparkSession spark, List<Row> rows, StructType schema, String path, Report report,
      String... orderBy) {
    spark.createDataFrame(rows, schema).orderBy(Arrays.stream(orderBy).map(functions::col).toArray(Column[]::new))
        .coalesce(1).write().mode(SaveMode.Overwrite).option("header", "true").csv(path);
    report.wrote(path, rows.size());
  }

  public static void main(String[] args) {
    JobRunner.exit(new SynthJob(), args);
  }
}
