package se.finsam.ingest;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import se.finsam.schemas.CodeLists;
import se.finsam.schemas.ColumnSpec;
import se.finsam.schemas.Rule;
import se.finsam.schemas.TableContract;

/**
 * Parses and checks one delivered row (all strings) against a table contract. Pure and serializable,
 * so it runs on the executors; the contract is compiled into plain arrays first because contracts
 * hold {@code Optional}s, which do not serialize.
 *
 * <p>A row breaking several rules is reported once, with the first broken rule in this order:
 * R09 wrong number of fields; then column by column in contract order R01 required value missing,
 * R02 unparseable (including a period that is not a real YYYYMM month), R03 code not allowed (each
 * element of a set-valued column), R04 out of range; then R05 each interval of the contract in
 * order (start after end); then R06 the time column outside the delivery's period. R07 (conflicting
 * duplicates) is a property of several rows and is decided afterwards, among rows that pass all of these.
 */
public final class RowValidator implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,19}");
  private static final Pattern DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
  private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern PERIOD = Pattern.compile("\\d{6}");
  private static final Pattern SET_SEPARATOR = Pattern.compile("\\|");

  enum Kind { STRING, INT, LONG, DOUBLE, BOOLEAN, DATE }

  /** One column, compiled. Boxed bounds are null when absent. */
  record Check(String name, Kind kind, boolean required, boolean period, Set<String> codes, Set<Double> numericCodes,
               boolean multiValued, Double min, Double max) implements Serializable {}

  /** The first rule a row breaks: the column (or columns, comma-separated) and the offending value. */
  public record Violation(Rule rule, String column, String value) implements Serializable {}

  /** A checked row: typed values (dates as {@link LocalDate}) when valid, else the violation. */
  public record Result(Object[] values, Violation violation) {
    public boolean valid() {
      return violation == null;
    }
  }

  private final Check[] checks;
  private final int[][] intervals;
  private final int timeColumn;
  private final int periodFrom;
  private final int periodTo;

  public RowValidator(TableContract contract, CodeLists codeLists, int periodFrom, int periodTo) {
    List<Check> compiled = new ArrayList<>();
    for (ColumnSpec c : contract.columns()) {
      Set<String> codes = c.codeList().map(l -> new HashSet<>(codeLists.codes(l))).orElse(null);
      Set<Double> numericCodes = null;
      Kind kind = kind(c.type());
      if (codes != null && kind == Kind.DOUBLE) {
        numericCodes = new HashSet<>();
        for (String code : codes) {
          numericCodes.add(Double.valueOf(code));
        }
      }
      compiled.add(new Check(c.name(), kind, !c.nullable(), c.isPeriod(), codes, numericCodes, c.multiValued(),
          c.min().orElse(null), c.max().orElse(null)));
    }
    this.checks = compiled.toArray(new Check[0]);
    List<String> names = contract.columnNames();
    this.intervals = contract.intervals().stream()
        .map(pair -> new int[] {names.indexOf(pair.get(0)), names.indexOf(pair.get(1))})
        .toArray(int[][]::new);
    this.timeColumn = contract.timeColumn().map(names::indexOf).orElse(-1);
    this.periodFrom = periodFrom;
    this.periodTo = periodTo;
  }

  private static Kind kind(DataType type) {
    if (type.equals(DataTypes.StringType)) {
      return Kind.STRING;
    } else if (type.equals(DataTypes.IntegerType)) {
      return Kind.INT;
    } else if (type.equals(DataTypes.LongType)) {
      return Kind.LONG;
    } else if (type.equals(DataTypes.DoubleType)) {
      return Kind.DOUBLE;
    } else if (type.equals(DataTypes.BooleanType)) {
      return Kind.BOOLEAN;
    } else if (type.equals(DataTypes.DateType)) {
      return Kind.DATE;
    }
    throw new IllegalArgumentException("no validation for type " + type);
  }

  /**
   * @param raw the row's values in contract order (null = empty field)
   * @param malformedFields the number of fields of a line whose count differs from its header's, else null
   */
  public Result validate(String[] raw, Integer malformedFields) {
    if (malformedFields != null) {
      return invalid(Rule.MALFORMED_ROW, null, malformedFields + " fields, the header has " + checks.length);
    }
    Object[] values = new Object[checks.length];
    for (int i = 0; i < checks.length; i++) {
      Check c = checks[i];
      String v = raw[i];
      if (v == null) {
        if (c.required()) {
          return invalid(Rule.REQUIRED_NULL, c.name(), null);
        }
        continue;
      }
      Object typed = parse(c, v);
      if (typed == null) {
        return invalid(Rule.UNPARSEABLE, c.name(), v);
      }
      if (!allowed(c, v, typed)) {
        return invalid(Rule.CODE_NOT_ALLOWED, c.name(), v);
      }
      if (typed instanceof Number n && !inRange(c, n.doubleValue())) {
        return invalid(Rule.OUT_OF_RANGE, c.name(), v);
      }
      values[i] = typed;
    }
    for (int[] pair : intervals) {
      Object start = values[pair[0]];
      Object end = values[pair[1]];
      if (start != null && end != null && compare(start, end) > 0) {
        return invalid(Rule.END_BEFORE_START, checks[pair[0]].name() + "," + checks[pair[1]].name(),
            raw[pair[0]] + "," + raw[pair[1]]);
      }
    }
    if (timeColumn >= 0 && values[timeColumn] != null && !withinDeliveryPeriod(checks[timeColumn], values[timeColumn])) {
      return invalid(Rule.OUTSIDE_DELIVERY_PERIOD, checks[timeColumn].name(), raw[timeColumn]);
    }
    return new Result(values, null);
  }

  private static Result invalid(Rule rule, String column, String value) {
    return new Result(null, new Violation(rule, column, value));
  }

  /** The typed value, or null when it does not parse. */
  static Object parse(Check c, String v) {
    switch (c.kind()) {
      case STRING:
        return v;
      case INT:
        if (c.period()) {
          if (!PERIOD.matcher(v).matches()) {
            return null;
          }
          int month = Integer.parseInt(v) % 100;
          return month >= 1 && month <= 12 ? Integer.valueOf(v) : null;
        }
        if (!INTEGER.matcher(v).matches()) {
          return null;
        }
        Long asLong = parseLong(v);
        return asLong != null && asLong == asLong.intValue() ? Integer.valueOf(asLong.intValue()) : null;
      case LONG:
        return INTEGER.matcher(v).matches() ? parseLong(v) : null;
      case DOUBLE:
        if (!DECIMAL.matcher(v).matches()) {
          return null;
        }
        double d = Double.parseDouble(v);
        return Double.isFinite(d) ? d : null;
      case BOOLEAN:
        return v.equals("true") ? Boolean.TRUE : v.equals("false") ? Boolean.FALSE : null;
      case DATE:
        if (!ISO_DATE.matcher(v).matches()) {
          return null;
        }
        try {
          return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
          return null;
        }
      default:
        throw new IllegalStateException(c.kind().name());
    }
  }

  /** Null when the digits do not fit in a long (19 digits may or may not). */
  private static Long parseLong(String v) {
    try {
      return Long.valueOf(v);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean allowed(Check c, String v, Object typed) {
    if (c.codes() == null) {
      return true;
    }
    if (c.numericCodes() != null) {
      return c.numericCodes().contains(((Number) typed).doubleValue());
    }
    if (!c.multiValued()) {
      return c.codes().contains(v);
    }
    for (String element : SET_SEPARATOR.split(v, -1)) {
      if (!c.codes().contains(element)) {
        return false;
      }
    }
    return true;
  }

  private static boolean inRange(Check c, double v) {
    return (c.min() == null || v >= c.min()) && (c.max() == null || v <= c.max());
  }

  @SuppressWarnings("unchecked")
  private static int compare(Object a, Object b) {
    return ((Comparable<Object>) a).compareTo(b);
  }

  /** Dates and periods compare by YYYYMM month; a year column (not a period) by year. */
  private boolean withinDeliveryPeriod(Check c, Object value) {
    if (value instanceof LocalDate d) {
      int month = d.getYear() * 100 + d.getMonthValue();
      return month >= periodFrom && month <= periodTo;
    }
    int v = (Integer) value;
    return c.period() ? v >= periodFrom && v <= periodTo : v >= periodFrom / 100 && v <= periodTo / 100;
  }
}
