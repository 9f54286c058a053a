package se.finsam.schemas;

/**
 * Validation rules of the curated zone, one code per rule. A quarantined row names the rule it broke,
 * the column and the offending value. The codes are stable: reports and the audit table refer to them.
 */
public enum Rule {
  REQUIRED_NULL("R01", "a required column is empty"),
  UNPARSEABLE("R02", "the value cannot be parsed as the column's type (number, date, YYYYMM, boolean)"),
  CODE_NOT_ALLOWED("R03", "the value is not in the column's code list"),
  OUT_OF_RANGE("R04", "the value is outside the column's allowed range"),
  END_BEFORE_START("R05", "a spell or interval ends before it starts"),
  OUTSIDE_DELIVERY_PERIOD("R06", "the row's time lies outside the period the delivery covers"),
  DUPLICATE_CONFLICT("R07", "two rows share the business key but differ in other columns"),
  INVALID_PERSONNUMMER("R08", "a personnummer or samordningsnummer fails the length, date or Luhn check"),
  MALFORMED_ROW("R09", "the row has the wrong number of fields for the file's header"),
  RULED_OUT_BY_OTHER_COLUMN("R10", "a value that another column of the row rules out (a cross-column constraint)");

  private final String code;
  private final String description;

  Rule(String code, String description) {
    this.code = code;
    this.description = description;
  }

  public String code() {
    return code;
  }

  public String description() {
    return description;
  }
}
