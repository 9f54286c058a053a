package se.finsam.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_except;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import se.finsam.schemas.CodeLists;
import se.finsam.schemas.ColumnSpec;
import se.finsam.schemas.CrossColumn;
import se.finsam.schemas.Rule;
import se.finsam.schemas.TableContract;

/**
 * The per-row rules of a table contract as Spark SQL expressions over the delivered strings (the
 * columns of {@link DeliveryReader#read}), so that validation runs inside Spark's generated code with
 * no conversion of rows to Java objects.
 *
 * <p>A row breaking several rules is reported once, with the first broken rule in this order:
 * R09 wrong number of fields; then column by column in contract order R01 required value missing,
 * R02 unparseable (including a period that is not a real YYYYMM month), R03 code not allowed (each
 * element of a set-valued column), R04 out of range; then R05 each interval of the contract in
 * order (start after end); then R10 each cross-column constraint of the contract in order (a value
 * the other column's code, or its emptiness, rules out); then R06 the time column outside the
 * delivery's period. R07 (conflicting duplicates) is a property of several rows and is decided
 * afterwards, among rows that pass all of these.
 *
 * <p>Parsing is strict ({@link TypedValues}): a value must have its type's written form in full, where a
 * Spark cast is lenient (it trims blanks and truncates {@code 1.5} to an int); numbers that overflow
 * their type, impossible dates and infinite decimals do not parse.
 */
public final class RowValidator {
  /** Field names of the {@link #violation()} struct. */
  public static final String RULE_CODE = "rule_code";
  public static final String RULE = "rule";
  public static final String COLUMN_NAME = "column_name";
  public static final String VALUE = "value";

  private final TableContract contract;
  private final CodeLists codeLists;
  private final Column periodFrom;
  private final Column periodTo;

  public RowValidator(TableContract contract, CodeLists codeLists, int periodFrom, int periodTo) {
    this(contract, codeLists, lit(periodFrom), lit(periodTo));
  }

  /**
   * @param periodFrom the first month (YYYYMM) of the period each row's delivery covers: a literal, or a
   *     column when the rows are of several deliveries ({@link DeliveryReader#PERIOD_FROM})
   * @param periodTo its last month
   */
  RowValidator(TableContract contract, CodeLists codeLists, Column periodFrom, Column periodTo) {
    this.contract = contract;
    this.codeLists = codeLists;
    this.periodFrom = periodFrom;
    this.periodTo = periodTo;
  }

  /**
   * {@code raw} with the typed value of every column that is not a string added as {@link #typedName}:
   * {@link #violation()} refers to it in several rules and the curated row takes it, and computed once
   * here its parse runs once per row. Spark does not merge this projection into the next one,
   * since that would repeat a costly expression.
   */
  public Dataset<Row> withTyped(Dataset<Row> raw) {
    List<Column> columns = new ArrayList<>();
    for (String c : raw.columns()) {
      columns.add(col(c));
    }
    for (ColumnSpec c : contract.columns()) {
      if (!c.type().equals(DataTypes.StringType)) {
        columns.add(TypedValues.of(contract.name(), c, col(c.name())).as(typedName(c)));
      }
    }
    return raw.select(columns.toArray(new Column[0]));
  }

  /** The column of {@link #withTyped} holding the column's typed value. */
  public static String typedName(ColumnSpec c) {
    return "_typed_" + c.name();
  }

  /** The typed value of a column of {@link #withTyped}'s rows. */
  public static Column typedValue(ColumnSpec c) {
    return c.type().equals(DataTypes.StringType) ? col(c.name()) : col(typedName(c));
  }

  /**
   * The first rule the row breaks as a struct ({@link #RULE_CODE}, {@link #RULE}, {@link #COLUMN_NAME},
   * {@link #VALUE}: the offending delivered value, not yet redacted), or null for a valid row; over the
   * rows of {@link #withTyped}.
   */
  public Column violation() {
    List<Column[]> branches = new ArrayList<>();
    Column malformed = col(DeliveryReader.MALFORMED);
    branches.add(branch(malformed.isNotNull(), Rule.MALFORMED_ROW, null, malformed));
    for (ColumnSpec c : contract.columns()) {
      Column raw = col(c.name());
      Column typed = typedValue(c);
      if (!c.nullable()) {
        branches.add(branch(raw.isNull(), Rule.REQUIRED_NULL, c.name(), lit(null)));
      }
      branches.add(branch(raw.isNotNull().and(typed.isNull()), Rule.UNPARSEABLE, c.name(), raw));
      notAllowed(c, raw, typed).ifPresent(cond -> branches.add(branch(cond, Rule.CODE_NOT_ALLOWED, c.name(), raw)));
      outOfRange(c, typed).ifPresent(cond -> branches.add(branch(cond, Rule.OUT_OF_RANGE, c.name(), raw)));
    }
    for (List<String> pair : contract.intervals()) {
      ColumnSpec start = contract.column(pair.get(0));
      ColumnSpec end = contract.column(pair.get(1));
      branches.add(branch(typedValue(start).gt(typedValue(end)), Rule.END_BEFORE_START, start.name() + "," + end.name(),
          concat(col(start.name()), lit(","), col(end.name()))));
    }
    for (CrossColumn x : contract.crossColumn()) {
      Column condition = col(x.condition());
      // An empty condition rules the value out too: nothing says the row allows it.
      branches.add(branch(col(x.column()).isNotNull().and(condition.isNull().or(not(condition.isin(x.codes().toArray())))),
          Rule.RULED_OUT_BY_OTHER_COLUMN, x.column() + "," + x.condition(),
          concat(col(x.column()), lit(","), coalesce(condition, lit("")))));
    }
    contract.timeColumn().map(contract::column).ifPresent(t ->
        branches.add(branch(not(withinDeliveryPeriod(t)), Rule.OUTSIDE_DELIVERY_PERIOD, t.name(), col(t.name()))));
    Column chain = null;
    for (Column[] b : branches) {
      chain = chain == null ? when(b[0], b[1]) : chain.when(b[0], b[1]);
    }
    return chain;
  }

  private static Column[] branch(Column condition, Rule rule, String column, Column value) {
    return new Column[] {condition, struct(
        lit(rule.code()).as(RULE_CODE),
        lit(rule.name()).as(RULE),
        lit(column).cast(DataTypes.StringType).as(COLUMN_NAME),
        value.cast(DataTypes.StringType).as(VALUE))};
  }

  /** R03: a value outside the column's code list (numeric codes compared as numbers, sets element by element). */
  private Optional<Column> notAllowed(ColumnSpec c, Column raw, Column typed) {
    return c.codeList().map(list -> {
      Set<String> codes = codeLists.codes(list);
      if (c.multiValued()) {
        Column allowed = array(codes.stream().map(code -> lit(code)).toArray(Column[]::new));
        return size(array_except(split(raw, "\\|", -1), allowed)).gt(0);
      }
      if (c.type().equals(DataTypes.DoubleType)) {
        return not(typed.isin(codes.stream().map(Double::valueOf).toArray()));
      }
      return not(raw.isin(codes.toArray()));
    });
  }

  /** R04: a number outside the column's inclusive bounds. */
  private static Optional<Column> outOfRange(ColumnSpec c, Column typed) {
    if (c.min().isEmpty() && c.max().isEmpty()) {
      return Optional.empty();
    }
    Column v = typed.cast(DataTypes.DoubleType);
    Column below = c.min().map(min -> v.lt(min)).orElse(lit(false));
    Column above = c.max().map(max -> v.gt(max)).orElse(lit(false));
    return Optional.of(below.or(above));
  }

  /** Dates and periods compare by YYYYMM month, a year column (not a period) by year. Null when the value is null. */
  private Column withinDeliveryPeriod(ColumnSpec t) {
    Column v = typedValue(t);
    if (t.type().equals(DataTypes.DateType)) {
      return year(v).multiply(100).plus(month(v)).between(periodFrom, periodTo);
    }
    return t.isPeriod() ? v.between(periodFrom, periodTo) : v.between(yearOf(periodFrom), yearOf(periodTo));
  }

  private static Column yearOf(Column period) {
    return period.divide(100).cast(DataTypes.IntegerType);
  }
}
