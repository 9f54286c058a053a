package se.finsam.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Numbers as a Swedish report prints them (seed 002): decimal comma, a no-break space between groups
 * of thousands, the typographic minus sign, and about three significant digits but at least one
 * decimal below 10 000 ({@code 1 014,2}, {@code 267,5}, {@code 0,0259}, {@code −0,788}, {@code 32 206}).
 * The CSV files keep full precision and never go through this class.
 */
public final class SwedishFormat {
  /** U+00A0: a normal-width space that does not break a number over two lines. */
  public static final char THOUSANDS = '\u00a0';
  public static final char MINUS = '\u2212';
  private static final int SIGNIFICANT = 3;
  /** From five integer digits on a decimal adds nothing a reader can use ({@code 32 206}). */
  private static final double WHOLE_FROM = 10_000;

  private SwedishFormat() {}

  /** A measured value: about three significant digits, at least one decimal. */
  public static String number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "\u2013";
    }
    if (value == 0) {
      return "0";
    }
    if (Math.abs(value) >= WHOLE_FROM) {
      return fixed(value, 0);
    }
    int integerDigits = (int) Math.floor(Math.log10(Math.abs(value))) + 1;
    return fixed(value, Math.max(1, SIGNIFICANT - integerDigits));
  }

  /** A count of persons or observations. */
  public static String integer(long value) {
    return fixed(value, 0);
  }

  /** A share (0..1) as a percentage with {@code decimals} decimals, e.g. {@code 59 %}. */
  public static String percent(double share, int decimals) {
    if (Double.isNaN(share)) {
      return "\u2013";
    }
    return fixed(share * 100, decimals) + "\u00a0%";
  }

  /** A p-value with four decimals as in seed 002's Table B3, {@code <0,0001} below that; a dash when undefined. */
  public static String pValue(double p) {
    if (Double.isNaN(p)) {
      return "\u2013";
    }
    return p < 0.0001 ? "<0,0001" : fixed(p, 4);
  }

  /** A value with a fixed number of decimals, Swedish style (seed 000 shows shares with one decimal). */
  public static String fixed(double value, int decimals) {
    BigDecimal rounded = new BigDecimal(Double.toString(value)).setScale(decimals, RoundingMode.HALF_UP);
    boolean negative = rounded.signum() < 0;
    String plain = rounded.abs().toPlainString();
    int dot = plain.indexOf('.');
    String whole = dot < 0 ? plain : plain.substring(0, dot);
    String fraction = dot < 0 ? "" : plain.substring(dot + 1);
    StringBuilder grouped = new StringBuilder();
    for (int i = 0; i < whole.length(); i++) {
      if (i > 0 && (whole.length() - i) % 3 == 0) {
        grouped.append(THOUSANDS);
      }
      grouped.append(whole.charAt(i));
    }
    return (negative ? String.valueOf(MINUS) : "") + grouped + (fraction.isEmpty() ? "" : "," + fraction);
  }
}
