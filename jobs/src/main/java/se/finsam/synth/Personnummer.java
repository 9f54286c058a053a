package se.finsam.synth;

import java.time.LocalDate;

/**
 * Fictitious but valid Swedish personnummer (yyyyMMddNNNC) and samordningsnummer (day + 60), assigned
 * collision-free from a slot number: slot {@code s} of a name space gets day of year and serial from
 * {@code s mod 182 500} and its block {@code s / 182 500} is encoded in the birth year's residue modulo
 * the number of blocks, so two slots never share a number (see {@link #nudgeYear}).
 */
final class Personnummer {
  /** Days of year (365) times serials per sex (500). */
  static final int BLOCK = 365 * 500;

  private Personnummer() {}

  /** Number of blocks a name space of {@code slots} slots needs. */
  static int blocks(long slots) {
    return (int) Math.max(1, (slots + BLOCK - 1) / BLOCK);
  }

  /**
   * The birth year closest to {@code year} whose residue modulo {@code blocks} is the slot's block: with
   * fewer than 182 500 slots (one block) the year is unchanged.
   */
  static int nudgeYear(int year, long slot, int blocks) {
    int block = (int) (slot / BLOCK);
    int delta = Math.floorMod(block - year, blocks);
    if (delta > blocks / 2) {
      delta -= blocks;
    }
    return year + delta;
  }

  static LocalDate birthDate(int year, long slot) {
    int dayOfYear = (int) ((slot % BLOCK) / 500);
    return LocalDate.of(year, 1, 1).plusDays(dayOfYear);
  }

  /** Serial NNN: odd for men, even for women. */
  static int serial(long slot, boolean male) {
    return (int) ((slot % BLOCK) % 500) * 2 + (male ? 1 : 0);
  }

  static String format(LocalDate birth, int serial, boolean samordningsnummer) {
    int day = birth.getDayOfMonth() + (samordningsnummer ? 60 : 0);
    String body = String.format("%04d%02d%02d%03d", birth.getYear(), birth.getMonthValue(), day, serial);
    return body + luhn(body.substring(2));
  }

  /** Check digit over the ten-digit form's first nine digits (YYMMDDNNN), weights 2,1,2,... */
  static int luhn(String nineDigits) {
    int sum = 0;
    for (int i = 0; i < nineDigits.length(); i++) {
      int d = (nineDigits.charAt(i) - '0') * (i % 2 == 0 ? 2 : 1);
      sum += d > 9 ? d - 9 : d;
    }
    return (10 - sum % 10) % 10;
  }

  /** The same number with a wrong check digit (flaw R08). */
  static String breakCheckDigit(String number) {
    int check = number.charAt(number.length() - 1) - '0';
    return number.substring(0, number.length() - 1) + (check + 1) % 10;
  }
}
