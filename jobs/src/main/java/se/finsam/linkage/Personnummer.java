package se.finsam.linkage;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Checks Swedish personnummer and samordningsnummer in the 12-digit form {@code yyyyMMddNNNC}
 * (a hyphen before the last four digits is accepted and dropped): the date must exist (a
 * samordningsnummer carries the day plus 60) and {@code C} must be the Luhn check digit of the
 * ten digits {@code yyMMddNNN}. The normalised 12-digit form is what gets pseudonymised, so the same
 * person gets the same pid whichever way a source writes the number.
 */
public final class Personnummer {
  private static final int SAMORDNING_DAY_OFFSET = 60;

  private Personnummer() {}

  /** The normalised 12 digits, or null when the value is not a valid personnummer or samordningsnummer. */
  public static String normalise(String value) {
    if (value == null) {
      return null;
    }
    String digits = value.length() == 13 && value.charAt(8) == '-' ? value.substring(0, 8) + value.substring(9) : value;
    if (digits.length() != 12) {
      return null;
    }
    for (int i = 0; i < 12; i++) {
      if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
        return null;
      }
    }
    return realDate(digits) && luhnCheckDigit(digits.substring(2, 11)) == digits.charAt(11) - '0' ? digits : null;
  }

  public static boolean isValid(String value) {
    return normalise(value) != null;
  }

  /** True for a samordningsnummer (day + 60); only meaningful for a valid number. */
  public static boolean isSamordningsnummer(String digits) {
    return Integer.parseInt(digits.substring(6, 8)) > SAMORDNING_DAY_OFFSET;
  }

  private static boolean realDate(String digits) {
    int year = Integer.parseInt(digits.substring(0, 4));
    int month = Integer.parseInt(digits.substring(4, 6));
    int day = Integer.parseInt(digits.substring(6, 8));
    if (day > SAMORDNING_DAY_OFFSET) {
      day -= SAMORDNING_DAY_OFFSET;
    }
    try {
      LocalDate.of(year, month, day);
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }

  /** Luhn: weights 2,1,2,... from the left of the nine digits, digit sums of the products, then 10 - sum mod 10. */
  static int luhnCheckDigit(String nineDigits) {
    int sum = 0;
    for (int i = 0; i < nineDigits.length(); i++) {
      int product = (nineDigits.charAt(i) - '0') * (i % 2 == 0 ? 2 : 1);
      sum += product / 10 + product % 10;
    }
    return (10 - sum % 10) % 10;
  }
}
