package se.finsam.explore;

import com.typesafe.config.Config;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import se.finsam.jobs.UsageException;
import se.finsam.warehouse.Zone;

/**
 * {@code finsam.sql.*}, validated when read: {@code validate} and {@code run} of {@link SqlJob} both take
 * this, so a setting is parsed once and a bad one fails before any Spark work.
 *
 * @param queries the named queries, from --query and --queries
 * @param output the local folder of the CSV files
 * @param limit most rows written per query
 * @param list whether the views are listed
 * @param zones the zones whose Delta tables become views
 */
record SqlSettings(List<NamedQueries.Query> queries, Path output, int limit, boolean list, List<Zone> zones) {
  private static final String P = "finsam.sql.";

  static SqlSettings from(Config config) {
    String profile = config.getString("finsam.profile");
    String master = System.getProperty("spark.master",
        config.hasPath("finsam.spark.master") ? config.getString("finsam.spark.master") : "");
    if (profile.equals("cluster") || !master.startsWith("local")) {
      throw new UsageException("sql is a local-mode exploration tool for synthetic and test warehouses (its CSVs can "
          + "hold person-level rows); it does not run with profile '" + profile + "' and master '" + master + "'");
    }
    String output = config.getString(P + "output");
    String scheme = output.contains(":/") ? URI.create(output.replace(" ", "%20")).getScheme() : null;
    if (scheme != null && !scheme.equals("file")) {
      throw new UsageException("--output must be a local folder, not " + output);
    }
    int limit = config.getInt(P + "limit");
    if (limit < 1) {
      throw new UsageException("--limit must be at least 1");
    }
    List<Zone> zones = new ArrayList<>();
    for (String name : config.getStringList(P + "zones")) {
      zones.add(Arrays.stream(Zone.values()).filter(z -> z.dirName().equals(name)).findFirst()
          .orElseThrow(() -> new UsageException("finsam.sql.zones: no zone '" + name + "' (" + Arrays.toString(Zone.values()) + ")")));
    }
    List<NamedQueries.Query> queries =
        NamedQueries.parse(config.getStringList(P + "queries"), config.getString(P + "queries-file"));
    boolean list = config.getBoolean(P + "list");
    if (queries.isEmpty() && !list) {
      throw new UsageException("nothing to do: give --query name=SQL, --queries FILE or --list");
    }
    if (list && queries.stream().anyMatch(q -> q.name().equals(SqlJob.VIEWS))) {
      throw new UsageException("--list writes " + SqlJob.VIEWS + ".csv: give the query '" + SqlJob.VIEWS + "' another name");
    }
    return new SqlSettings(List.copyOf(queries), Path.of(output.replaceFirst("^file:(//)?", "")), limit, list,
        List.copyOf(zones));
  }
}
