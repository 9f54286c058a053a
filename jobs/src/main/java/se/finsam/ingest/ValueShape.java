package se.finsam.ingest;

import java.util.function.Predicate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * The written form a typed value must have before Spark's lenient cast may read it, each the language of
 * the regular expression in its documentation (ASCII digits only, the whole value). Matched by hand rather
 * than by {@code rlike}: a regular expression allocates a {@code Matcher} per value, 9 % of a large ingest's
 * profile samples (ingest README, "Typed-value shapes by hand, files without Parquet's dictionary").
 */
enum ValueShape {
  /** {@code -?\d{1,19}}. */
  INTEGER(s -> {
    int start = s.startsWith("-") ? 1 : 0;
    return digits(s, start, s.length()) && s.length() - start <= 19;
  }),
  /** {@code -?\d+(\.\d+)?([eE][-+]?\d+)?}. */
  DECIMAL(s -> {
    int n = s.length();
    int i = s.startsWith("-") ? 1 : 0;
    int whole = run(s, i);
    if (whole == i) {
      return false;
    }
    i = whole;
    if (i < n && s.charAt(i) == '.') {
      int fraction = run(s, i + 1);
      if (fraction == i + 1) {
        return false;
      }
      i = fraction;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
        i++;
      }
      int exponent = run(s, i);
      if (exponent == i) {
        return false;
      }
      i = exponent;
    }
    return i == n;
  }),
  /** {@code \d{4}-\d{2}-\d{2}}. */
  ISO_DATE(s -> s.length() == 10 && s.charAt(4) == '-' && s.charAt(7) == '-'
      && digits(s, 0, 4) && digits(s, 5, 7) && digits(s, 8, 10)),
  /** {@code \d{6}}. */
  PERIOD(s -> s.length() == 6 && digits(s, 0, 6));

  private final Predicate<String> test;
  private final UserDefinedFunction udf;

  ValueShape(Predicate<String> test) {
    this.test = test;
    // An enum constant is serialised by its name: a task's function calls the constant of its own JVM.
    this.udf = functions.udf((UDF1<String, Boolean>) this::matches, DataTypes.BooleanType);
  }

  /** True when {@code value} has this shape; false for null. */
  boolean matches(String value) {
    return value != null && test.test(value);
  }

  /** {@link #matches} as a Spark column over a string column (false where it is null). */
  Column of(Column value) {
    return udf.apply(value);
  }

  /** True when every char of {@code s} in [from, to) is an ASCII digit and the range is not empty. */
  private static boolean digits(String s, int from, int to) {
    return from < to && run(s, from) >= to;
  }

  /** The index of the first char at or after {@code from} that is not an ASCII digit. */
  private static int run(String s, int from) {
    int i = from;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i;
  }
}
