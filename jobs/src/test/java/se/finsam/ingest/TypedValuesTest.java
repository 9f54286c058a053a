package se.finsam.ingest;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.finsam.schemas.ColumnSpec;
import se.finsam.spark.SharedSpark;

/**
 * The typed values against two oracles: the written forms' regular expressions with the JDK's parsers, and
 * the expressions the ingest used before, a regular expression and Spark's cast.
 */
@ExtendWith(SharedSpark.class)
class TypedValuesTest {
  private static final Pattern INTEGER = Pattern.compile("^-?\\d{1,19}\\z");
  private static final Pattern DECIMAL = Pattern.compile("^-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?\\z");
  private static final Pattern ISO_DATE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}\\z");
  private static final Pattern PERIOD = Pattern.compile("^\\d{6}\\z");

  /** Values at the bounds of each type and of the fast path of decimals. */
  private static final String[] BOUNDS = {"-9223372036854775808", "9223372036854775807", "9223372036854775808",
      "-9223372036854775809", "2147483647", "2147483648", "-2147483648", "-2147483649", "0000000000000000001",
      "00000000000000000001", "-",
      "-0", "+5", " 5", "5 ", "1.", ".5", "1e", "1e+", "-0.5E+12", "0.1", "9007199254740992", "9007199254740993",
      "9007199254740992e22", "9007199254740993e-22", "1e22", "1e23", "1e-22", "1e-23", "123456789012345678",
      "1234567890123456789", "12345678901234567890e-20", "4.9e-324", "2.4703282292062327e-324", "1e-400", "1e309",
      "1.7976931348623157e308", "1.7976931348623159e308", "-0.0e-5", "0e99999999999", "1e-99999999999",
      "1e0000000000000000001", "000000000000000000000000001.50000000000000000000", "2020-02-29", "2019-02-29",
      "2020-04-31", "0000-01-01", "9999-12-31", "2020-00-10", "2020-13-01", "2020-1-105", "202013", "202000",
      "000001", "true", "True", "false "};

  /** Each parse, by name, with what the JDK makes of a value of its written form (null: no value of the type). */
  private static final Map<String, Function<UTF8String, Object>> PARSES = new LinkedHashMap<>();
  private static final Map<String, Function<String, Object>> ORACLES = new LinkedHashMap<>();

  static {
    PARSES.put("period", TypedValues::period);
    ORACLES.put("period", s -> PERIOD.matcher(s).find(0) && month(s) >= 1 && month(s) <= 12 ? Integer.valueOf(s) : null);
    PARSES.put("integer", TypedValues::integer);
    ORACLES.put("integer", s -> {
      Long value = (Long) ORACLES.get("bigint").apply(s);
      return value != null && value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? value.intValue() : null;
    });
    PARSES.put("bigint", TypedValues::bigint);
    ORACLES.put("bigint", s -> {
      try {
        return INTEGER.matcher(s).find(0) ? Long.parseLong(s) : null;
      } catch (NumberFormatException overflow) {
        return null;
      }
    });
    PARSES.put("decimal", TypedValues::decimal);
    ORACLES.put("decimal", s -> DECIMAL.matcher(s).find(0) && Double.isFinite(Double.parseDouble(s))
        ? Double.parseDouble(s) : null);
    PARSES.put("date", TypedValues::date);
    ORACLES.put("date", s -> {
      try {
        return ISO_DATE.matcher(s).find(0) ? (int) LocalDate.parse(s).toEpochDay() : null;
      } catch (DateTimeParseException impossible) {
        return null;
      }
    });
    PARSES.put("bool", TypedValues::bool);
    ORACLES.put("bool", s -> s.equals("true") || s.equals("false") ? Boolean.valueOf(s) : null);
  }

  @Test
  void eachParseReadsExactlyItsWrittenFormAsTheJdkReadsIt() {
    Random random = new Random(20261207);
    Map<String, Integer> accepted = new LinkedHashMap<>();
    for (int i = 0; i < 400_000; i++) {
      String value = randomValue(random);
      UTF8String bytes = UTF8String.fromString(value);
      PARSES.forEach((name, parse) -> {
        Object expected = ORACLES.get(name).apply(value);
        assertEquals(expected, parse.apply(bytes), () -> name + " of '" + value + "'");
        accepted.merge(name, expected == null ? 0 : 1, Integer::sum);
      });
    }
    accepted.forEach((name, n) -> assertTrue(n > (name.equals("bool") ? 100 : 1000), name + " accepted only " + n));
  }

  @Test
  void boundsOfEachType() {
    for (String value : BOUNDS) {
      UTF8String bytes = UTF8String.fromString(value);
      PARSES.forEach((name, parse) ->
          assertEquals(ORACLES.get(name).apply(value), parse.apply(bytes), () -> name + " of '" + value + "'"));
    }
    assertEquals(-0.0, TypedValues.decimal(UTF8String.fromString("-0")));
    assertEquals(1e22, TypedValues.decimal(UTF8String.fromString("1e22")));
    assertNull(TypedValues.decimal(UTF8String.fromString("1e309")));
    assertNull(TypedValues.integer(UTF8String.fromString("2147483648")));
  }

  /**
   * In Spark, with code generation and interpreted (as a small delivery runs), every type's column equals what
   * the ingest computed before: the written form's regular expression, then Spark's cast.
   */
  @Test
  void inSparkTheyAgreeWithAShapeAndSparksCast() {
    Random random = new Random(7);
    List<String> values = new ArrayList<>(List.of(BOUNDS));
    for (int i = 0; i < 20_000; i++) {
      values.add(random.nextInt(50) == 0 ? null : randomValue(random));
    }
    SparkSession spark = SharedSpark.session();
    SparkSession interpreted = spark.newSession();
    interpreted.conf().set("spark.sql.codegen.factoryMode", "NO_CODEGEN");
    for (SparkSession session : List.of(spark, interpreted)) {
      Dataset<Row> raw = session.createDataset(values, Encoders.STRING()).toDF("v");
      Column v = col("v");
      Column d = v.cast(DataTypes.DoubleType);
      List<Column[]> pairs = List.of(
          pair(DataTypes.IntegerType, "period", when(v.rlike(PERIOD.pattern()).and(v.substr(5, 2).cast(DataTypes.IntegerType)
              .between(1, 12)), v.cast(DataTypes.IntegerType))),
          pair(DataTypes.IntegerType, "n", when(v.rlike(INTEGER.pattern()), v.cast(DataTypes.IntegerType))),
          pair(DataTypes.LongType, "n", when(v.rlike(INTEGER.pattern()), v.cast(DataTypes.LongType))),
          pair(DataTypes.DoubleType, "n", when(v.rlike(DECIMAL.pattern()).and(abs(d).leq(Double.MAX_VALUE)), d)),
          pair(DataTypes.DateType, "n", when(v.rlike(ISO_DATE.pattern()), v.cast(DataTypes.DateType))),
          pair(DataTypes.BooleanType, "n", when(v.equalTo("true"), true).when(v.equalTo("false"), false)));
      List<Column> select = new ArrayList<>(List.of(v));
      pairs.forEach(p -> select.addAll(List.of(p)));
      int checked = 0;
      for (Row r : raw.select(select.toArray(new Column[0])).collectAsList()) {
        for (int i = 1; i < r.length(); i += 2) {
          int at = i;
          assertEquals(r.get(at + 1), r.get(at), () -> r.schema().fields()[at].name() + " of '" + r.get(0) + "' in "
              + session.conf().get("spark.sql.codegen.factoryMode"));
          checked += r.isNullAt(at) ? 0 : 1;
        }
      }
      assertTrue(checked > 10_000, "only " + checked + " values parsed");
    }
  }

  private static Column[] pair(DataType type, String name, Column before) {
    ColumnSpec spec = ColumnSpec.required(name, type).build();
    return new Column[] {TypedValues.of("values", spec, col("v")).as(type.simpleString() + "_" + name), before};
  }

  private static int month(String period) {
    return Integer.parseInt(period.substring(4, 6));
  }

  /**
   * Digits and the forms' punctuation with blanks, a letter, an Arabic-Indic and a fullwidth digit (not digits
   * to \d), up to 24 chars; half the time a form's skeleton, so that acceptances are not rare.
   */
  private static String randomValue(Random random) {
    char[] alphabet = "0123456789012345-+.eE -x\u0663\uFF11\n".toCharArray();
    StringBuilder s = new StringBuilder();
    int length = random.nextInt(25);
    for (int j = 0; j < length; j++) {
      s.append(alphabet[random.nextInt(alphabet.length)]);
    }
    return random.nextBoolean() ? s.toString() : skeleton(random, s.toString());
  }

  /** A form's skeleton: {@code #} a run of 0-20 digits, {@code d} one digit, {@code m} a month 00-19, other chars as they are. */
  private static String skeleton(Random random, String noise) {
    String[] forms = {"-#", "#", "#.#", "#.#e#", "#E-#", "-#.#e+#", "ddd.ddde-dd", "dddd-m-dd", "dddd-m-2d", "ddddm",
        "ddddddddddddddddddd", "-dddddddddddddddddddd", "ddddddddd", "-dddddddddd", "true", "false"};
    String form = forms[random.nextInt(forms.length)];
    StringBuilder s = new StringBuilder();
    for (char c : form.toCharArray()) {
      if (c == '#' || c == 'd') {
        int n = c == 'd' ? 1 : random.nextInt(21);
        for (int j = 0; j < n; j++) {
          s.append((char) ('0' + random.nextInt(10)));
        }
      } else if (c == 'm') {
        s.append(String.format("%02d", random.nextInt(20)));
      } else {
        s.append(c);
      }
    }
    // Now and then a char of noise in place of one, so that near misses are tested too.
    if (random.nextInt(4) == 0 && !noise.isEmpty() && s.length() > 0) {
      s.setCharAt(random.nextInt(s.length()), noise.charAt(0));
    }
    return s.toString();
  }
}
