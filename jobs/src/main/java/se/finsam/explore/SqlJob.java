package se.finsam.explore;

import static org.apache.spark.sql.functions.col;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoStatement;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.finsam.jobs.Job;
import se.finsam.jobs.JobContext;
import se.finsam.jobs.JobOption;
import se.finsam.jobs.JobRunner;
import se.finsam.warehouse.Zone;

/**
 * {@code ./finsam sql}: named Spark SQL queries over every Delta table of the warehouse (as views, see
 * {@link WarehouseViews}), each result one CSV file in a local folder, for exploring a synthetic or
 * test warehouse from a notebook or a shell. Every query is analysed and run before the first file is
 * written, so a wrong query leaves the folder as it was.
 */
public final class SqlJob implements Job {
  private static final Logger LOG = LoggerFactory.getLogger(SqlJob.class);
  private static final String P = "finsam.sql.";
  /** The listing's file name, taken from the queries when --list is given. */
  static final String VIEWS = "views";

  @Override
  public String name() {
    return "sql";
  }

  @Override
  public String summary() {
    return "local mode, synthetic/test warehouses only: Spark SQL over the warehouse's Delta tables, one CSV per query";
  }

  @Override
  public List<JobOption> options() {
    return List.of(
        JobOption.repeatable("query", P + "queries", "name=SQL: a query over the views; its rows go to <output>/<name>.csv"),
        JobOption.of("queries", P + "queries-file", "a file of queries, each after a line '-- name: <name>'"),
        JobOption.required("output", P + "output", "local folder of the CSV files: they can hold person-level rows"),
        JobOption.of("limit", P + "limit", "most rows written per query (a longer result is cut, and the job says so)"),
        JobOption.flag("list", P + "list", "print every view with its row count and columns; also <output>/" + VIEWS + ".csv"),
        JobOption.of("warehouse", "finsam.warehouse", "warehouse root"));
  }

  @Override
  public void validate(Config config) {
    SqlSettings.from(config);
  }

  @Override
  public void run(JobContext context) {
    SqlSettings settings = SqlSettings.from(context.config());
    // Its own session: the views of one run never answer another run's queries in the same JVM.
    SparkSession spark = context.spark().newSession();
    List<Zone> zones = settings.zones();
    List<WarehouseViews.View> views = WarehouseViews.register(spark, context.warehouse(), zones);
    if (views.isEmpty()) {
      throw new IllegalStateException("no Delta table in the zones " + zones + " of " + context.warehouse()
          + ": is --warehouse the right folder?");
    }
    LOG.info("{} views over {}: {}", views.size(), context.warehouse(), views.stream().map(WarehouseViews.View::name).toList());
    int limit = settings.limit();
    List<NamedQueries.Query> queries = settings.queries();
    List<Dataset<Row>> analysed = new ArrayList<>();
    for (NamedQueries.Query q : queries) {
      analysed.add(analyse(spark, q));
    }
    List<CsvResult> results = new ArrayList<>();
    if (settings.list()) {
      results.add(listing(spark, views, context));
    }
    List<String> truncated = new ArrayList<>();
    for (int i = 0; i < queries.size(); i++) {
      String name = queries.get(i).name();
      List<Row> rows = asText(analysed.get(i)).limit(limit + 1).collectAsList();
      context.metrics().read("query " + name, rows.size());
      if (rows.size() > limit) {
        rows = rows.subList(0, limit);
        truncated.add(name);
        LOG.warn("query '{}' returned more than {} rows; its CSV has the first {} (--limit)", name, limit, limit);
      }
      results.add(new CsvResult(name, Arrays.asList(analysed.get(i).columns()), rows));
    }
    Path folder = settings.output();
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + folder, e);
    }
    for (CsvResult r : results) {
      Path file = r.write(folder);
      context.metrics().wrote(file.toString(), r.rows().size());
      String note = truncated.contains(r.name()) ? "  (truncated at --limit " + limit + ")" : "";
      System.out.println("wrote " + r.rows().size() + " rows to " + file + note);
    }
  }

  /**
   * The query's result, analysed but not run. A statement that would write (INSERT, DELETE, MERGE, CREATE
   * ... AS, a Delta command) or change the session is refused before Spark runs it: the tool only reads.
   */
  private static Dataset<Row> analyse(SparkSession spark, NamedQueries.Query q) {
    try {
      LogicalPlan parsed = spark.sessionState().sqlParser().parsePlan(q.sql());
      if (parsed.find(p -> p instanceof Command || p instanceof InsertIntoStatement).isDefined()) {
        throw new IllegalArgumentException("query '" + q.name() + "' is a command (" + parsed.nodeName()
            + "), not a query: ./finsam sql only reads");
      }
      return spark.sql(q.sql());
    } catch (Exception e) {
      // Scala's AnalysisException (ParseException too) is checked in Java's eyes and undeclared.
      if (e instanceof AnalysisException a) {
        throw new IllegalArgumentException("query '" + q.name() + "': " + a.getSimpleMessage()
            + " (./finsam sql --list shows the views and their columns)", a);
      }
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }

  /** Every column cast to a string by Spark, by position (names may repeat or hold any character). */
  private static Dataset<Row> asText(Dataset<Row> result) {
    String[] positional = IntStream.range(0, result.columns().length).mapToObj(i -> "c" + i).toArray(String[]::new);
    return result.toDF(positional).select(Arrays.stream(positional).map(c -> col(c).cast("string")).toArray(Column[]::new));
  }

  /** The views with their row counts and columns, printed and as the {@value #VIEWS} file. */
  private static CsvResult listing(SparkSession spark, List<WarehouseViews.View> views, JobContext context) {
    List<Row> rows = new ArrayList<>();
    StringBuilder table = new StringBuilder(String.format("%-40s %12s  %s%n", "view", "rows", "columns"));
    for (WarehouseViews.View v : views) {
      Dataset<Row> view = spark.table(v.name());
      long count = view.count();
      String columns = String.join(", ", Arrays.stream(view.schema().fields())
          .map(f -> f.name() + " " + f.dataType().simpleString()).toList());
      context.metrics().read(v.name(), count);
      rows.add(RowFactory.create(v.name(), v.location(), Long.toString(count), columns));
      table.append(String.format("%-40s %12d  %s%n", v.name(), count, columns));
    }
    System.out.print(table);
    return new CsvResult(VIEWS, List.of("view", "location", "rows", "columns"), rows);
  }

  public static void main(String[] args) {
    JobRunner.exit(new SqlJob(), args);
  }
}
