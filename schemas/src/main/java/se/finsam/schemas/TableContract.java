package se.finsam.schemas;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The contract of one source table: what the reader parses, the validator checks, the synthetic
 * generator writes and the docs show. One definition serves all four.
 *
 * @param timeColumn the column that places a row in time: checked against the delivery's period, and
 *     the source of the curated table's partition column {@link #PARTITION_COLUMN} (year)
 * @param intervals pairs {@code [start, end]} of columns where start must not be after end
 * @param partitioned false for small tables kept in one partition
 * @param personColumn the column with the person id ({@code pid}), which a raw extract may carry as
 *     personnummer instead
 * @param crossColumn values one column of a row may hold only for some codes of another
 */
public record TableContract(
    String name,
    String source,
    String grain,
    List<ColumnSpec> columns,
    List<String> businessKey,
    Optional<String> timeColumn,
    List<List<String>> intervals,
    boolean partitioned,
    String personColumn,
    List<CrossColumn> crossColumn) {

  /** Year partition of every partitioned curated table, derived from {@link #timeColumn}. */
  public static final String PARTITION_COLUMN = "part_ar";

  public TableContract {
    columns = List.copyOf(columns);
    businessKey = List.copyOf(businessKey);
    intervals = List.copyOf(intervals);
    crossColumn = List.copyOf(crossColumn);
    List<String> names = columns.stream().map(ColumnSpec::name).collect(Collectors.toList());
    for (String key : businessKey) {
      if (!names.contains(key)) {
        throw new IllegalArgumentException(name + ": business key column " + key + " is not a column");
      }
    }
    if (timeColumn.isPresent() && !names.contains(timeColumn.get())) {
      throw new IllegalArgumentException(name + ": time column " + timeColumn.get() + " is not a column");
    }
    for (CrossColumn x : crossColumn) {
      ColumnSpec ruled = columns.stream().filter(c -> c.name().equals(x.column())).findFirst().orElse(null);
      ColumnSpec condition = columns.stream().filter(c -> c.name().equals(x.condition())).findFirst().orElse(null);
      // An optional column (else every row without the codes breaks it) under a single string code.
      if (ruled == null || !ruled.nullable() || condition == null || condition.codeList().isEmpty()
          || condition.multiValued() || !condition.type().equals(DataTypes.StringType)) {
        throw new IllegalArgumentException(name + ": " + x + " needs an optional column and a column of single string codes");
      }
    }
  }

  /** A contract whose columns constrain no other column. */
  public TableContract(String name, String source, String grain, List<ColumnSpec> columns, List<String> businessKey,
                       Optional<String> timeColumn, List<List<String>> intervals, boolean partitioned, String personColumn) {
    this(name, source, grain, columns, businessKey, timeColumn, intervals, partitioned, personColumn, List.of());
  }

  public ColumnSpec column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(name + " has no column " + columnName));
  }

  public boolean hasColumn(String columnName) {
    return columns.stream().anyMatch(c -> c.name().equals(columnName));
  }

  public List<String> columnNames() {
    return columns.stream().map(ColumnSpec::name).collect(Collectors.toList());
  }

  /** The columns a delivery file may leave out ({@link ColumnSpec#mayBeAbsent}). */
  public java.util.Set<String> columnsMayBeAbsent() {
    return columns.stream().filter(ColumnSpec::mayBeAbsent).map(ColumnSpec::name).collect(Collectors.toSet());
  }

  /** The typed schema of the curated table (without the partition column). */
  public StructType schema() {
    return new StructType(columns.stream()
        .map(c -> new StructField(c.name(), c.type(), c.nullable(), org.apache.spark.sql.types.Metadata.empty()))
        .toArray(StructField[]::new));
  }

  /** The schema of a CSV delivery before parsing: every column a string. */
  public StructType rawSchema() {
    return new StructType(columns.stream()
        .map(c -> new StructField(c.name(), DataTypes.StringType, true, org.apache.spark.sql.types.Metadata.empty()))
        .toArray(StructField[]::new));
  }
}
