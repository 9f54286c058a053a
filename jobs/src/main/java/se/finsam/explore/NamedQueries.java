package se.finsam.explore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.finsam.jobs.UsageException;

/**
 * The queries of one {@code ./finsam sql} run, each with the name its CSV file gets: from
 * {@code --query name=SQL} and from a file whose queries each follow a line {@code -- name: <name>}
 * (the convention of SQL files with named statements).
 */
public final class NamedQueries {
  /** A name is also a file name: letters, digits, {@code _} and {@code -}, starting with a letter. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
  private static final Pattern NAME_LINE = Pattern.compile("^\\s*--\\s*name:\\s*(\\S+)\\s*$");

  public record Query(String name, String sql) {}

  private NamedQueries() {}

  /**
   * Every query in order: the file's first, then the command line's. Names must be valid and
   * distinct, every query non-empty; otherwise a {@link UsageException} names the offender.
   */
  public static List<Query> parse(List<String> options, String file) {
    List<Query> queries = new ArrayList<>();
    if (!file.isBlank()) {
      queries.addAll(fromFile(Path.of(file)));
    }
    for (String option : options) {
      int eq = option.indexOf('=');
      if (eq < 0) {
        throw new UsageException("--query needs name=SQL, got '" + option + "'");
      }
      queries.add(query(option.substring(0, eq).trim(), option.substring(eq + 1), "--query"));
    }
    Map<String, Query> byName = new LinkedHashMap<>();
    for (Query q : queries) {
      if (byName.putIfAbsent(q.name(), q) != null) {
        throw new UsageException("two queries are named '" + q.name() + "'");
      }
    }
    return List.copyOf(queries);
  }

  static List<Query> fromFile(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageException("cannot read the queries file " + file + ": " + e.getMessage());
    }
    List<Query> queries = new ArrayList<>();
    String name = null;
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher m = NAME_LINE.matcher(line);
      if (m.matches()) {
        if (name != null) {
          queries.add(query(name, sql.toString(), file.toString()));
        }
        name = m.group(1);
        sql.setLength(0);
      } else if (name != null) {
        sql.append(line).append('\n');
      } else if (!line.isBlank() && !line.trim().startsWith("--")) {
        throw new UsageException(file + " line " + (i + 1) + ": SQL before the first '-- name: <name>' line");
      }
    }
    if (name != null) {
      queries.add(query(name, sql.toString(), file.toString()));
    }
    if (queries.isEmpty()) {
      throw new UsageException(file + " has no query (each starts with a line '-- name: <name>')");
    }
    return queries;
  }

  private static Query query(String name, String sql, String where) {
    if (!NAME.matcher(name).matches()) {
      throw new UsageException(where + ": query name '" + name + "' is not a letter followed by letters, digits, _ or -");
    }
    String text = sql.strip();
    while (text.endsWith(";")) {
      text = text.substring(0, text.length() - 1).strip();
    }
    if (text.isEmpty()) {
      throw new UsageException(where + ": query '" + name + "' has no SQL");
    }
    return new Query(name, text);
  }
}
