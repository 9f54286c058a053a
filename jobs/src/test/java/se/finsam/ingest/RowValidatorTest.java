package se.finsam.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import se.finsam.schemas.CodeLists;
import se.finsam.schemas.Contracts;
import se.finsam.schemas.Rule;

/** The per-row rules without Spark: types, periods, ranges and the order in which rules are reported. */
class RowValidatorTest {
  private final RowValidator agi = new RowValidator(Contracts.SCB_AGI_MANAD, CodeLists.defaults(), 202001, 202012);
  private final RowValidator jobb = new RowValidator(Contracts.SCB_JOBB_AR, CodeLists.defaults(), 201501, 201512);

  private Rule rule(RowValidator v, String... values) {
    RowValidator.Result r = v.validate(values, null);
    return r.valid() ? null : r.violation().rule();
  }

  @Test
  void pidsUseTheWholeLongRange() {
    assertNull(rule(agi, "9223372036854775807", "202001", "E1", "1"));
    assertEquals(Rule.UNPARSEABLE, rule(agi, "9223372036854775808", "202001", "E1", "1"));
  }

  @Test
  void periodsMustBeRealMonthsInsideTheDelivery() {
    assertEquals(Rule.UNPARSEABLE, rule(agi, "1", "202013", "E1", "1"));
    assertEquals(Rule.UNPARSEABLE, rule(agi, "1", "20201", "E1", "1"));
    // 201812 is a real month but before the contract's 2019 start (R04 comes before R06).
    assertEquals(Rule.OUT_OF_RANGE, rule(agi, "1", "201812", "E1", "1"));
    assertEquals(Rule.OUTSIDE_DELIVERY_PERIOD, rule(agi, "1", "202101", "E1", "1"));
  }

  @Test
  void theFirstBrokenColumnInContractOrderIsReported() {
    RowValidator.Result r = agi.validate(new String[] {null, "nope", "E1", "-1"}, null);
    assertEquals(Rule.REQUIRED_NULL, r.violation().rule());
    assertEquals("pid", r.violation().column());
    assertEquals(Rule.MALFORMED_ROW, agi.validate(new String[4], 5).violation().rule());
  }

  @Test
  void yearTablesCompareTheYearWithTheDeliveryPeriodAndMonthIntervals() {
    assertNull(rule(jobb, "1", "2015", "E1", "100", "3", "7"));
    assertEquals(Rule.OUTSIDE_DELIVERY_PERIOD, rule(jobb, "1", "2016", "E1", "100", "3", "7"));
    assertEquals(Rule.END_BEFORE_START, rule(jobb, "1", "2015", "E1", "100", "8", "7"));
    assertEquals(Rule.OUT_OF_RANGE, rule(jobb, "1", "2015", "E1", "100", "0", "7"));
  }
}
