package se.finsam.ingest;

import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.objects.StaticInvoke;
import org.apache.spark.sql.types.AbstractDataType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;
import scala.collection.JavaConverters;
import se.finsam.schemas.ColumnSpec;

/**
 * The typed value of a delivered string, read strictly from its UTF-8 bytes: null unless the whole value has
 * its type's written form (the regular expression in each method's documentation; ASCII digits only) and
 * names a value of the type. Spark's casts are lenient (they trim blanks, accept {@code +5} and read
 * {@code 1.5} as the int 1), and for a double or a shape check by a UDF they copy the bytes to a Java
 * {@code String}: 15 % of a large ingest's profile samples (ingest README, "Typed values from the bytes").
 * These methods read the bytes in place and are called from Spark's generated code ({@link #of}).
 */
public final class TypedValues {
  /** 2^53: every long up to it is a double exactly. */
  private static final long EXACT_DOUBLE_MAX = 1L << 53;
  /** The powers of ten that are doubles exactly. */
  private static final double[] EXACT_POWERS = new double[23];
  private static final UTF8String TRUE = UTF8String.fromString("true");
  private static final UTF8String FALSE = UTF8String.fromString("false");

  static {
    EXACT_POWERS[0] = 1;
    for (int i = 1; i < EXACT_POWERS.length; i++) {
      EXACT_POWERS[i] = EXACT_POWERS[i - 1] * 10;
    }
  }

  private TypedValues() {}

  /**
   * The typed value (its contract's type) of column {@code c} of {@code table} from its delivered string
   * column {@code raw}; a string column is {@code raw} itself.
   */
  static Column of(String table, ColumnSpec c, Column raw) {
    DataType type = c.type();
    String method;
    if (type.equals(DataTypes.StringType)) {
      return raw;
    } else if (type.equals(DataTypes.IntegerType)) {
      method = c.isPeriod() ? "period" : "integer";
    } else if (type.equals(DataTypes.LongType)) {
      method = "bigint";
    } else if (type.equals(DataTypes.DoubleType)) {
      method = "decimal";
    } else if (type.equals(DataTypes.BooleanType)) {
      method = "bool";
    } else if (type.equals(DataTypes.DateType)) {
      method = "date";
    } else {
      throw new IllegalArgumentException("no typed value for type " + type + " of column " + table + "." + c.name());
    }
    return new Column(new StaticInvoke(TypedValues.class, type, method,
        JavaConverters.asScalaBuffer(List.<Expression>of(raw.expr())).toList(),
        JavaConverters.asScalaBuffer(List.<AbstractDataType>of()).toList(), true, true, true));
  }

  /** {@code \d{6}} with a month 01-12: a YYYYMM period, as the int YYYYMM. */
  public static Integer period(UTF8String s) {
    if (s.numBytes() != 6 || !digits(s, 0, 6)) {
      return null;
    }
    int month = number(s, 4, 6);
    return month >= 1 && month <= 12 ? number(s, 0, 6) : null;
  }

  /** {@code -?\d{1,19}} within an int. */
  public static Integer integer(UTF8String s) {
    Long value = bigint(s);
    return value != null && value == value.intValue() ? value.intValue() : null;
  }

  /** {@code -?\d{1,19}} within a long. */
  public static Long bigint(UTF8String s) {
    int n = s.numBytes();
    boolean negative = n > 0 && at(s, 0) == '-';
    int from = negative ? 1 : 0;
    if (n - from > 19 || !digits(s, from, n)) {
      return null;
    }
    // Summed below zero, as Long.parseLong does, so that Long.MIN_VALUE fits.
    long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
    long value = 0;
    for (int i = from; i < n; i++) {
      int digit = at(s, i) - '0';
      if (value < limit / 10 || value * 10 < limit + digit) {
        return null;
      }
      value = value * 10 - digit;
    }
    return negative ? value : -value;
  }

  /**
   * {@code -?\d+(\.\d+)?([eE][-+]?\d+)?} naming a finite double, rounded as {@link Double#parseDouble}
   * rounds it. A value of at most 2^53 in its digits and a power of ten up to 22 is one exact
   * multiplication or division, so rounded correctly by the floating-point unit (Clinger's fast path); any
   * other goes to {@code parseDouble}.
   */
  public static Double decimal(UTF8String s) {
    int n = s.numBytes();
    boolean negative = n > 0 && at(s, 0) == '-';
    int i = negative ? 1 : 0;
    int whole = run(s, i);
    if (whole == i) {
      return null;
    }
    int end = whole;
    if (end < n && at(s, end) == '.') {
      end = run(s, whole + 1);
      if (end == whole + 1) {
        return null;
      }
    }
    int fractionDigits = end == whole ? 0 : end - whole - 1;
    long mantissa = 0;
    int significant = 0;
    for (; i < end; i++) {
      if (i != whole) {
        mantissa = accumulate(mantissa, at(s, i));
        significant += significant > 0 || mantissa > 0 ? 1 : 0;
      }
    }
    long exponent = 0;
    boolean smallExponent = true;
    if (i < n && (at(s, i) == 'e' || at(s, i) == 'E')) {
      i++;
      boolean negativeExponent = i < n && at(s, i) == '-';
      if (i < n && (at(s, i) == '-' || at(s, i) == '+')) {
        i++;
      }
      int digitsEnd = run(s, i);
      if (digitsEnd == i) {
        return null;
      }
      smallExponent = digitsEnd - i <= 9;
      exponent = smallExponent ? number(s, i, digitsEnd) : 0;
      exponent = negativeExponent ? -exponent : exponent;
      i = digitsEnd;
    }
    if (i != n) {
      return null;
    }
    long scale = exponent - fractionDigits;
    if (significant == 0) {
      return negative ? -0.0 : 0.0;
    }
    if (smallExponent && significant <= 18 && mantissa <= EXACT_DOUBLE_MAX && Math.abs(scale) < EXACT_POWERS.length) {
      double value = scale >= 0 ? mantissa * EXACT_POWERS[(int) scale] : mantissa / EXACT_POWERS[(int) -scale];
      return negative ? -value : value;
    }
    double value = Double.parseDouble(s.toString());
    return Double.isInfinite(value) ? null : value;
  }

  /** {@code true} or {@code false}. */
  public static Boolean bool(UTF8String s) {
    if (s.equals(TRUE)) {
      return true;
    }
    return s.equals(FALSE) ? false : null;
  }

  /** {@code \d{4}-\d{2}-\d{2}} naming a day of the proleptic Gregorian calendar, as days since 1970-01-01 (Spark's date). */
  public static Integer date(UTF8String s) {
    if (s.numBytes() != 10 || at(s, 4) != '-' || at(s, 7) != '-' || !digits(s, 0, 4) || !digits(s, 5, 7)
        || !digits(s, 8, 10)) {
      return null;
    }
    int year = number(s, 0, 4);
    int month = number(s, 5, 7);
    int day = number(s, 8, 10);
    if (month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))) {
      return null;
    }
    return (int) LocalDate.of(year, month, day).toEpochDay();
  }

  /** The mantissa with one more digit, kept while it fits in a long (past 18 digits the fast path is not taken). */
  private static long accumulate(long mantissa, byte digit) {
    return mantissa < Long.MAX_VALUE / 10 - 9 ? mantissa * 10 + (digit - '0') : mantissa;
  }

  private static byte at(UTF8String s, int i) {
    return Platform.getByte(s.getBaseObject(), s.getBaseOffset() + i);
  }

  /** True when every byte in [from, to) is an ASCII digit and the range is not empty. */
  private static boolean digits(UTF8String s, int from, int to) {
    return from < to && run(s, from) >= to;
  }

  /** The index of the first byte at or after {@code from} that is not an ASCII digit. */
  private static int run(UTF8String s, int from) {
    int i = from;
    int n = s.numBytes();
    while (i < n && at(s, i) >= '0' && at(s, i) <= '9') {
      i++;
    }
    return i;
  }

  /** The decimal number of the ASCII digits in [from, to), at most nine. */
  private static int number(UTF8String s, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      value = value * 10 + at(s, i) - '0';
    }
    return value;
  }
}
