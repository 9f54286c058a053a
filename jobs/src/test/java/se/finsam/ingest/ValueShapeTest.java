package se.finsam.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ValueShapeTest {
  /** The regular expressions the shapes replace, as the ingest applied them (find from the start, to \z). */
  private static final Map<ValueShape, Pattern> ORACLE = Map.of(
      ValueShape.INTEGER, Pattern.compile("^-?\\d{1,19}\\z"),
      ValueShape.DECIMAL, Pattern.compile("^-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?\\z"),
      ValueShape.ISO_DATE, Pattern.compile("^\\d{4}-\\d{2}-\\d{2}\\z"),
      ValueShape.PERIOD, Pattern.compile("^\\d{6}\\z"));

  @Test
  void eachShapeAcceptsExactlyWhatItsRegularExpressionAccepts() {
    // Digits and the shapes' punctuation, with blanks, a letter, an Arabic-Indic digit and a fullwidth digit
    // (not digits to \d), in strings up to 24 chars, so that every length bound is crossed.
    char[] alphabet = "0123456789012345-+.eE -x\u0663\uFF11\n".toCharArray();
    Random random = new Random(20261206);
    int[] accepted = new int[ValueShape.values().length];
    for (int i = 0; i < 400_000; i++) {
      StringBuilder s = new StringBuilder();
      int length = random.nextInt(25);
      for (int j = 0; j < length; j++) {
        s.append(alphabet[random.nextInt(alphabet.length)]);
      }
      // Half of the strings follow a shape's skeleton, so that acceptances are not rare.
      String value = random.nextBoolean() ? s.toString() : skeleton(random, s.toString());
      for (ValueShape shape : ValueShape.values()) {
        boolean expected = ORACLE.get(shape).matcher(value).find(0);
        assertEquals(expected, shape.matches(value), () -> shape + " of '" + value + "'");
        accepted[shape.ordinal()] += expected ? 1 : 0;
      }
    }
    for (ValueShape shape : ValueShape.values()) {
      assertTrue(accepted[shape.ordinal()] > 1000, shape + " accepted only " + accepted[shape.ordinal()]);
    }
  }

  @Test
  void boundsAndNull() {
    assertTrue(ValueShape.INTEGER.matches("-9223372036854775808"));
    assertTrue(ValueShape.INTEGER.matches("0000000000000000001"));
    assertFalse(ValueShape.INTEGER.matches("00000000000000000001"));
    assertFalse(ValueShape.INTEGER.matches("-"));
    assertTrue(ValueShape.DECIMAL.matches("-0.5E+12"));
    assertFalse(ValueShape.DECIMAL.matches("1."));
    assertFalse(ValueShape.DECIMAL.matches(".5"));
    assertFalse(ValueShape.DECIMAL.matches("1e"));
    assertFalse(ValueShape.ISO_DATE.matches("2020-1-105"));
    assertTrue(ValueShape.PERIOD.matches("202013"));
    for (ValueShape shape : ValueShape.values()) {
      assertFalse(shape.matches(null));
      assertFalse(shape.matches(""));
    }
  }

  /** A shape's skeleton: {@code #} a run of 0-20 digits, {@code d} one digit, other chars as they are. */
  private static String skeleton(Random random, String noise) {
    String[] forms = {"-#", "#", "#.#", "#.#e#", "#E-#", "-#.#e+#", "dddd-dd-dd", "dddddd", "ddddddddddddddddddd",
        "-dddddddddddddddddddd"};
    String form = forms[random.nextInt(forms.length)];
    StringBuilder s = new StringBuilder();
    for (char c : form.toCharArray()) {
      if (c == '#' || c == 'd') {
        int n = c == 'd' ? 1 : random.nextInt(21);
        for (int j = 0; j < n; j++) {
          s.append((char) ('0' + random.nextInt(10)));
        }
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
