package se.finsam.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.finsam.schemas.CodeLists;
import se.finsam.schemas.Contracts;
import se.finsam.schemas.TableContract;
import se.finsam.warehouse.Warehouse;
import se.finsam.warehouse.Zone;

/**
 * Loads one delivery into its curated table: checks the manifest, validates every row, stages the
 * rejected rows for the run's quarantine commit ({@link QuarantineBatch}) and writes the valid ones to
 * {@code curated/<table>} in one atomic, idempotent Delta commit tagged with the delivery. A corrected
 * re-delivery ({@code replaces}) replaces exactly its period's rows of the table.
 */
public final class DeliveryLoader {
  public static final String DELIVERY_ID = "_delivery_id";
  static final String APP_ID_PREFIX = "finsam-ingest:";
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryLoader.class);

  /**
   * @param maxQuarantineShare a delivery with a larger share of quarantined rows is rejected as a whole
   * @param failWritePartitions test hook: when > 0 the curated write is split into this many tasks and
   *     the last one fails after writing its rows, to show that a failed write commits nothing
   * @param rowsPerTask a delivery is read, classified and written in one task per this many rows (at least
   *     one, at most {@code spark.sql.shuffle.partitions})
   * @param codegenMinRows a delivery of fewer rows (by its manifest) runs interpreted, in {@link #interpreted(SparkSession)}
   */
  public record Settings(double maxQuarantineShare, int failWritePartitions, long rowsPerTask, long codegenMinRows) {}

  /** Rows of one file by outcome. */
  public record FileCounts(long read, long curated, long quarantined, long collapsed) {}

  /** What loading one delivery did. {@code skipped} when it had been loaded before. */
  public record Report(DeliveryManifest manifest, boolean skipped, Map<String, FileCounts> files, Map<String, Long> rules) {
    static Report alreadyLoaded(DeliveryManifest manifest) {
      return new Report(manifest, true, Map.of(), Map.of());
    }

    public long read() {
      return files.values().stream().mapToLong(FileCounts::read).sum();
    }

    public long curated() {
      return files.values().stream().mapToLong(FileCounts::curated).sum();
    }

    public long quarantined() {
      return files.values().stream().mapToLong(FileCounts::quarantined).sum();
    }

    public long collapsed() {
      return files.values().stream().mapToLong(FileCounts::collapsed).sum();
    }
  }

  private final SparkSession spark;
  private final SparkSession interpreted;
  private final Warehouse warehouse;
  private final CodeLists codeLists;
  private final Settings settings;
  private final QuarantineBatch quarantine;

  /** @param quarantine receives the rejected rows, committed by the caller once its deliveries are loaded */
  public DeliveryLoader(SparkSession spark, Warehouse warehouse, CodeLists codeLists, Settings settings,
      QuarantineBatch quarantine) {
    this.spark = spark;
    this.interpreted = interpreted(spark);
    this.warehouse = warehouse;
    this.codeLists = codeLists;
    this.settings = settings;
    this.quarantine = quarantine;
  }

  /** The application id under which a delivery's writes are recorded in Delta. */
  public static String appId(String deliveryId) {
    return APP_ID_PREFIX + deliveryId;
  }

  public String curatedPath(String table) {
    return warehouse.table(Zone.CURATED, table);
  }

  public boolean loaded(DeliveryManifest manifest) {
    return DeltaTables.committed(spark, curatedPath(manifest.table()), appId(manifest.deliveryId()));
  }

  public Report load(DeliveryManifest manifest) {
    return load(manifest, false);
  }

  /**
   * Loads a delivery; with {@code reload} also one loaded before: it is validated again and its rows in
   * curated and quarantine are replaced in one commit each (a re-run of its period, e.g. after the code
   * lists changed). Without it a loaded delivery is skipped.
   */
  public Report load(DeliveryManifest manifest, boolean reload) {
    if (manifest.carriesPersonnummer()) {
      throw new DeliveryException(manifest.deliveryId() + " carries personnummer: run ./finsam pseudonymise on it first");
    }
    TableContract contract = Contracts.byName(manifest.table());
    long txnVersion = DeltaTables.nextVersion(spark, curatedPath(manifest.table()), appId(manifest.deliveryId()));
    boolean loadedBefore = txnVersion > DeltaTables.TXN_VERSION;
    if (loadedBefore && !reload) {
      LOG.info("delivery {} is already in curated/{}; nothing to do", manifest.deliveryId(), manifest.table());
      return Report.alreadyLoaded(manifest);
    }
    if (loadedBefore) {
      LOG.info("delivery {}: reloading (re-run of its period)", manifest.deliveryId());
    } else {
      refuseIfCorrectionLoaded(List.of(manifest));
    }
    Steps steps = new Steps(manifest.deliveryId());
    DeliveryFiles.checkPresentAndChecksums(manifest, spark.sparkContext().hadoopConfiguration());
    steps.done("checksums");
    int tasks = tasks(manifest);
    Dataset<Row> raw = DeliveryReader.read(sessionFor(manifest), manifest, contract.columnNames(), contract.columnsMayBeAbsent(), tasks);
    RowValidator validator = new RowValidator(contract, codeLists, manifest.periodFrom(), manifest.periodTo());
    ClassifiedRows classified = ClassifiedRows.of(DeliveryValidation.classify(raw, contract, validator, tasks),
        manifest.deliveryId());
    boolean replacing = loadedBefore || manifest.replaces().isPresent();
    PendingWrite pending = null;
    try {
      if (!replacing) {
        // The pass that reads, validates and classifies writes the curated rows too, and keeps the counts and
        // the quarantined rows on the way; the write is committed below, once its counts pass the checks.
        // Delta's replaceWhere commits inside its write, so a replacing delivery is counted first.
        pending = writeNew(contract, curatedRows(contract, classified.rows(), lit(manifest.deliveryId())));
      }
      Report report = new OutcomeCounts(manifest).report(classified.counts());
      steps.done("read, validate, classify" + (replacing ? "" : ", write") + " and count " + report.read() + " rows");
      checkRowCounts(report);
      Dataset<Row> rejected = classified.quarantined();
      if (tooManyQuarantined(report)) {
        // The supplier needs the list of bad rows to fix the delivery, so quarantine keeps them; curated gets nothing.
        quarantine.stage(Quarantine.rows(rejected, manifest), manifest, txnVersion);
        throw new DeliveryException(String.format("%s: %d of %d rows (%.1f %%) break the contract, more than "
                + "finsam.ingest.max-quarantine-share = %.1f %%; nothing loaded into curated/%s. Most broken rules: %s",
            manifest.deliveryId(), report.quarantined(), report.read(), 100.0 * report.quarantined() / report.read(),
            100.0 * settings.maxQuarantineShare(), manifest.table(), worstRules(report.rules())));
      }
      // A reload stages even no rows: they replace the delivery's earlier ones.
      boolean staged = report.quarantined() > 0 || loadedBefore;
      if (staged) {
        quarantine.stage(Quarantine.rows(rejected, manifest), manifest, txnVersion);
        steps.done("quarantine " + report.quarantined() + " rows staged");
      }
      try {
        if (pending != null) {
          pending.commit(Map.of(appId(manifest.deliveryId()), txnVersion), Optional.empty());
        } else {
          replaceCurated(manifest, contract, classified.rows(), txnVersion);
        }
      } catch (Throwable e) { // also Spark's checked SparkException of a failed write
        if (staged) {
          quarantine.withdraw(manifest, txnVersion);
        }
        throw e;
      }
      steps.done("curated " + report.curated() + " rows committed");
      return report;
    } finally {
      if (pending != null) {
        pending.abandon();
      }
      classified.release();
    }
  }

  /**
   * Loads new deliveries of one table, none replacing another, in one pass and one commit instead of one
   * each (a monthly run's handful of small deliveries of a table would pay each one's fixed cost): one
   * query over all their files, each row checked against its own delivery's period and compared for
   * duplicates with its own delivery's rows only, one curated write, and one Delta commit that records
   * every delivery's application id and, in its user metadata, the curated rows each brought
   * ({@link DeliveryRows}). A delivery loaded before is skipped, and each report is what loading its
   * delivery alone gives.
   *
   * @return empty, with nothing committed or staged, when fewer than two are new or one of them fails a
   *     check (its files, columns, row counts, quarantine share, or its correction already loaded): the caller
   *     then loads them one at a time, which loads the others and fails the one with its own error
   */
  public Optional<List<Report>> loadTogether(List<DeliveryManifest> manifests) {
    TableContract contract = Contracts.byName(manifests.get(0).table());
    List<DeliveryManifest> fresh = new ArrayList<>();
    for (DeliveryManifest manifest : manifests) {
      if (!manifest.table().equals(contract.name()) || manifest.replaces().isPresent()) {
        throw new IllegalArgumentException("only new deliveries of one table load together, not "
            + manifest.deliveryId());
      }
      if (manifest.carriesPersonnummer()) {
        return Optional.empty();
      }
      if (!loaded(manifest)) {
        fresh.add(manifest);
      }
    }
    if (fresh.size() < 2) {
      return Optional.empty();
    }
    String ids = fresh.get(0).deliveryId() + " .. " + fresh.get(fresh.size() - 1).deliveryId() + " (" + fresh.size()
        + " deliveries of " + contract.name() + ")";
    Steps steps = new Steps(ids);
    long rows = fresh.stream().mapToLong(DeliveryLoader::rows).sum();
    SparkSession session = rows < settings.codegenMinRows() ? interpreted : spark;
    Dataset<Row> raw;
    try {
      refuseIfCorrectionLoaded(fresh);
      for (DeliveryManifest manifest : fresh) {
        DeliveryFiles.checkPresentAndChecksums(manifest, spark.sparkContext().hadoopConfiguration());
      }
      raw = DeliveryReader.readTogether(session, fresh, contract.columnNames(), contract.columnsMayBeAbsent(),
          tasks(rows));
    } catch (DeliveryException e) {
      LOG.info("{}: {}; loading them one at a time", ids, e.getMessage());
      return Optional.empty();
    }
    steps.done("checksums and headers");
    // Each row is checked against its own delivery's period.
    RowValidator validator = new RowValidator(contract, codeLists, col(DeliveryReader.PERIOD_FROM),
        col(DeliveryReader.PERIOD_TO));
    ClassifiedRows classified = ClassifiedRows.of(
        DeliveryValidation.classify(DeliveryValidation.checked(raw, contract, validator), contract, tasks(rows)), ids);
    PendingWrite pending = null;
    try {
      pending = writeNew(contract, curatedRows(contract, classified.rows(), col(DELIVERY_ID)));
      List<ClassifiedRows.Count> counts = classified.counts();
      Map<String, Report> reports = new java.util.LinkedHashMap<>();
      for (DeliveryManifest manifest : fresh) {
        Report report = new OutcomeCounts(manifest).report(counts);
        checkRowCounts(report);
        if (tooManyQuarantined(report)) {
          throw new DeliveryException(manifest.deliveryId() + ": too many rows break the contract");
        }
        reports.put(manifest.deliveryId(), report);
      }
      steps.done("read, validate, classify, write and count " + reports.values().stream().mapToLong(Report::read).sum()
          + " rows");
      List<String> rejectedBy = new ArrayList<>();
      Map<String, Long> versions = new java.util.LinkedHashMap<>();
      Map<String, Long> curated = new java.util.LinkedHashMap<>();
      for (DeliveryManifest manifest : fresh) {
        Report report = reports.get(manifest.deliveryId());
        if (report.quarantined() > 0) {
          rejectedBy.add(manifest.deliveryId());
        }
        versions.put(appId(manifest.deliveryId()), DeltaTables.TXN_VERSION);
        curated.put(manifest.deliveryId(), report.curated());
      }
      if (!rejectedBy.isEmpty()) {
        quarantine.stageTogether(Quarantine.rows(classified.quarantined(), fresh), contract.name(),
            fresh.get(0).deliveryId(), rejectedBy, DeltaTables.TXN_VERSION);
        steps.done("quarantine rows of " + rejectedBy.size() + " deliveries staged");
      }
      try {
        pending.commit(versions, Optional.of(DeliveryRows.metadata(curated)));
      } catch (Throwable e) { // also Spark's checked SparkException of a failed write
        if (!rejectedBy.isEmpty()) {
          quarantine.withdraw(fresh.get(0), DeltaTables.TXN_VERSION);
        }
        throw e;
      }
      steps.done("curated " + curated.values().stream().mapToLong(Long::longValue).sum() + " rows committed");
      return Optional.of(manifests.stream()
          .map(m -> reports.getOrDefault(m.deliveryId(), Report.alreadyLoaded(m)))
          .toList());
    } catch (Throwable e) { // also Spark's checked SparkException of a task that refused a file
      DeliveryException refused = refusal(e);
      if (refused == null) {
        throw e;
      }
      LOG.info("{}: {}; loading them one at a time", ids, refused.getMessage());
      return Optional.empty();
    } finally {
      if (pending != null) {
        pending.abandon();
      }
      classified.release();
    }
  }

  /** The delivery's refusal that caused {@code e}, if one did: a task's arrives wrapped in Spark's exceptions. */
  private static DeliveryException refusal(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof DeliveryException refused) {
        return refused;
      }
    }
    return null;
  }

  /** Fails unless every file of the report's delivery has the rows its manifest declares. */
  private static void checkRowCounts(Report report) {
    DeliveryFiles.checkRowCounts(report.manifest(), report.files().entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().read())));
  }

  private boolean tooManyQuarantined(Report report) {
    return report.read() > 0 && (double) report.quarantined() / report.read() > settings.maxQuarantineShare();
  }

  /**
   * A session with {@code spark}'s settings whose queries are interpreted: no whole-stage code generation,
   * and Spark's interpreted expressions instead of generated ones. A delivery's plans are its own (its
   * contract's columns, rules and code lists), so each one's code is generated, compiled by Janino and then
   * by the JVM's JIT for this one delivery; for a few thousand rows that costs more than interpreting them
   * (README, "Fixed cost"). Its own session, so that the other loader thread's large delivery keeps the
   * generated code; the cache of its rows is the application's, like any session's.
   */
  private static SparkSession interpreted(SparkSession spark) {
    SparkSession session = spark.newSession();
    scala.collection.JavaConverters.mapAsJavaMap(spark.conf().getAll()).forEach((key, value) -> {
      // Spark's own settings where a session may change them; every other one (Parquet's, Hadoop's) reaches
      // the files this session writes only through its settings.
      if (session.conf().isModifiable(key) || !key.startsWith("spark.")) {
        session.conf().set(key, value);
      }
    });
    // Also turns whole-stage code generation off (Spark's CollapseCodegenStages).
    session.conf().set("spark.sql.codegen.factoryMode", "NO_CODEGEN");
    return session;
  }

  /** The session a delivery's queries run in, by the rows its manifest declares. */
  private SparkSession sessionFor(DeliveryManifest manifest) {
    return rows(manifest) < settings.codegenMinRows() ? interpreted : spark;
  }

  private static long rows(DeliveryManifest manifest) {
    return manifest.files().stream().mapToLong(DeliveryManifest.FileEntry::rows).sum();
  }

  /**
   * Tasks for a delivery, by the rows its manifest declares: every task of every pass costs its own
   * scheduling and generated code, which for a few hundred rows is most of the work.
   */
  private int tasks(DeliveryManifest manifest) {
    return tasks(rows(manifest));
  }

  private int tasks(long rows) {
    long wanted = (rows + settings.rowsPerTask() - 1) / settings.rowsPerTask();
    int most = Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions"));
    return (int) Math.max(1, Math.min(wanted, most));
  }

  /** Logs how long each step of one delivery took, so a slow load shows where its time goes. */
  private static final class Steps {
    private final String deliveryId;
    private long start = System.nanoTime();

    Steps(String deliveryId) {
      this.deliveryId = deliveryId;
    }

    void done(String step) {
      long now = System.nanoTime();
      LOG.info("{}: {} in {} ms", deliveryId, step, (now - start) / 1_000_000);
      start = now;
    }
  }

  /**
   * An original loaded after the re-delivery that corrects it would bring back the rows the correction
   * replaced; refuse it. Corrections are looked up among the table's deliveries under {@code raw/}.
   */
  private void refuseIfCorrectionLoaded(List<DeliveryManifest> manifests) {
    java.util.Set<String> ids = manifests.stream().map(DeliveryManifest::deliveryId).collect(Collectors.toSet());
    for (DeliveryManifest other : DeliveryManifest.findAll(warehouse.zone(Zone.RAW), manifests.get(0).table(),
        spark.sparkContext().hadoopConfiguration())) {
      if (other.replaces().filter(ids::contains).isPresent() && loaded(other)) {
        throw new DeliveryException(other.replaces().get() + " is corrected by " + other.deliveryId()
            + ", which is already loaded: loading the original now would bring back the rows the correction replaced");
      }
    }
  }

  private static String worstRules(Map<String, Long> rules) {
    return rules.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(3)
        .map(e -> e.getKey() + " " + se.finsam.schemas.Rule.valueOf(ruleName(e.getKey())).description() + " (" + e.getValue() + " rows)")
        .collect(Collectors.joining("; "));
  }

  private static String ruleName(String code) {
    for (se.finsam.schemas.Rule r : se.finsam.schemas.Rule.values()) {
      if (r.code().equals(code)) {
        return r.name();
      }
    }
    throw new IllegalArgumentException(code);
  }

  /** The curated table's schema: the contract's typed columns, the partition year when partitioned, the delivery. */
  public static StructType curatedSchema(TableContract contract) {
    StructType schema = contract.schema();
    if (contract.partitioned()) {
      schema = schema.add(TableContract.PARTITION_COLUMN, DataTypes.IntegerType, false);
    }
    return schema.add(DELIVERY_ID, DataTypes.StringType, false);
  }

  /**
   * A new curated table's properties: Delta keeps each file's statistics (minimum, maximum, nulls) of the time
   * column only, or of none. Its rows are spread over the files by a hash of the business key, so every file
   * spans the other columns' whole range and their statistics skip nothing, while collecting them took 5.7 %
   * of a large ingest with three columns (README, "File statistics of the time column only"). The row count of
   * each file, which the report reads, is kept whatever this says.
   */
  static Map<String, String> curatedProperties(TableContract contract) {
    return contract.timeColumn()
        .map(time -> Map.of("delta.dataSkippingStatsColumns", time))
        .orElse(Map.of("delta.dataSkippingNumIndexedCols", "0"));
  }

  /**
   * Writes a new delivery's curated rows as files of the table's next commit, creating the table by that
   * commit if it is new. A contract's columns added since the table was created are added first.
   */
  private PendingWrite writeNew(TableContract contract, Dataset<Row> curated) {
    String path = curatedPath(contract.name());
    StructType schema = curatedSchema(contract);
    if (DeltaTables.exists(spark, path)) {
      DeltaTables.addMissingColumns(spark, path, schema);
    }
    return PendingWrite.write(spark, path, schema,
        contract.partitioned() ? List.of(TableContract.PARTITION_COLUMN) : List.of(), curatedProperties(contract),
        curated);
  }

  /**
   * A correction replaces its period's rows (also when reloaded: its period may hold rows of the original
   * reloaded before it), a reload the delivery's own earlier rows, in one commit.
   */
  private void replaceCurated(DeliveryManifest manifest, TableContract contract, Dataset<Row> classified, long version) {
    String path = curatedPath(contract.name());
    StructType schema = curatedSchema(contract);
    if (contract.partitioned()) {
      DeltaTables.createIfMissing(spark, path, schema, curatedProperties(contract), TableContract.PARTITION_COLUMN);
    } else {
      DeltaTables.createIfMissing(spark, path, schema, curatedProperties(contract));
    }
    Dataset<Row> rows = curatedRows(contract, classified, lit(manifest.deliveryId()));
    String appId = appId(manifest.deliveryId());
    if (manifest.replaces().isPresent()) {
      String predicate = replacePredicate(contract, manifest);
      LOG.info("delivery {} replaces {}: rewriting rows of curated/{} where {}", manifest.deliveryId(),
          manifest.replaces().get(), contract.name(), predicate);
      DeltaTables.replaceWhere(rows, path, predicate, appId, version);
    } else {
      DeltaTables.replaceWhere(rows, path, DELIVERY_ID + " = '" + manifest.deliveryId().replace("'", "''") + "'", appId,
          version);
    }
  }

  /** The curated rows of the classified ones, with the table's columns, {@code delivery} their delivery's id. */
  private Dataset<Row> curatedRows(TableContract contract, Dataset<Row> classified, Column delivery) {
    List<Column> columns = new ArrayList<>();
    contract.columnNames().forEach(c -> columns.add(col(c)));
    if (contract.partitioned()) {
      columns.add(col(TableContract.PARTITION_COLUMN));
    }
    columns.add(delivery.as(DELIVERY_ID));
    return withFailureHook(classified.filter(col(DeliveryValidation.OUTCOME).equalTo(DeliveryValidation.CURATED))
        .select(columns.toArray(new Column[0])));
  }

  /**
   * The rows a corrected re-delivery replaces: every row of the table whose time column lies in the
   * re-delivery's period (it carries the complete corrected rows of that period), whichever delivery
   * brought them. Tables without a time column replace the rows of the delivery named in {@code replaces}.
   */
  static String replacePredicate(TableContract contract, DeliveryManifest manifest) {
    if (contract.timeColumn().isEmpty()) {
      return DELIVERY_ID + " = '" + manifest.replaces().get().replace("'", "''") + "'";
    }
    String time = contract.timeColumn().get();
    int fromYear = manifest.periodFrom() / 100;
    int toYear = manifest.periodTo() / 100;
    String years = contract.partitioned()
        ? TableContract.PARTITION_COLUMN + " >= " + fromYear + " AND " + TableContract.PARTITION_COLUMN + " <= " + toYear + " AND "
        : "";
    if (contract.column(time).type().equals(DataTypes.DateType)) {
      YearMonth from = YearMonth.of(fromYear, manifest.periodFrom() % 100);
      YearMonth to = YearMonth.of(toYear, manifest.periodTo() % 100);
      return years + time + " >= DATE'" + from.atDay(1) + "' AND " + time + " <= DATE'" + to.atEndOfMonth() + "'";
    }
    return contract.column(time).isPeriod()
        ? years + time + " >= " + manifest.periodFrom() + " AND " + time + " <= " + manifest.periodTo()
        : years + time + " >= " + fromYear + " AND " + time + " <= " + toYear;
  }

  private Dataset<Row> withFailureHook(Dataset<Row> rows) {
    int partitions = settings.failWritePartitions();
    if (partitions <= 0) {
      return rows;
    }
    LOG.warn("test hook finsam.ingest.test-hooks.fail-write-partitions = {}: the curated write will fail", partitions);
    return rows.repartition(partitions).mapPartitions(new FailLastPartition(partitions), Encoders.row(rows.schema()));
  }

  /** Passes rows through and throws at the end of the last partition, after its rows went to the writer. */
  private static final class FailLastPartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final int partitions;

    FailLastPartition(int partitions) {
      this.partitions = partitions;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      boolean last = TaskContext.getPartitionId() == partitions - 1;
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          if (!rows.hasNext() && last) {
            throw new IllegalStateException("injected failure of the curated write (finsam.ingest.test-hooks.fail-write-partitions)");
          }
          return rows.hasNext();
        }

        @Override
        public Row next() {
          return rows.next();
        }
      };
    }
  }

  /**
   * Orders deliveries so that a corrected re-delivery comes after the delivery it replaces; otherwise by
   * table, period and id.
   */
  public static List<DeliveryManifest> loadOrder(List<DeliveryManifest> manifests) {
    List<DeliveryManifest> pending = new ArrayList<>(manifests);
    pending.sort(Comparator.comparing(DeliveryManifest::table).thenComparingInt(DeliveryManifest::periodFrom)
        .thenComparing(DeliveryManifest::deliveryId));
    List<DeliveryManifest> ordered = new ArrayList<>();
    java.util.Set<String> ids = pending.stream().map(DeliveryManifest::deliveryId).collect(Collectors.toSet());
    java.util.Set<String> placed = new java.util.HashSet<>();
    while (!pending.isEmpty()) {
      DeliveryManifest next = pending.stream()
          .filter(m -> m.replaces().isEmpty() || !ids.contains(m.replaces().get()) || placed.contains(m.replaces().get()))
          .findFirst()
          .orElseThrow(() -> new DeliveryException("deliveries replace each other in a cycle: " + pending.stream()
              .map(DeliveryManifest::deliveryId).collect(Collectors.toList())));
      pending.remove(next);
      placed.add(next.deliveryId());
      ordered.add(next);
    }
    return ordered;
  }
}
