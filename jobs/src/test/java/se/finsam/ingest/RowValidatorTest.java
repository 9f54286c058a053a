package se.finsam.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.finsam.schemas.CodeLists;
import se.finsam.schemas.Contracts;
import se.finsam.schemas.Rule;
import se.finsam.schemas.TableContract;
import se.finsam.spark.SharedSpark;

/** The per-row rules on one-row datasets: types, periods, ranges and the order in which rules are reported. */
@ExtendWith(SharedSpark.class)
class RowValidatorTest {
  /** A contract checked for a delivery of months {@code from..to}. */
  private record Delivery(TableContract contract, int from, int to) {}

  private final Delivery agi = new Delivery(Contracts.SCB_AGI_MANAD, 202001, 202012);
  private final Delivery jobb = new Delivery(Contracts.SCB_JOBB_AR, 201501, 201512);

  /** The violation struct (rule_code, rule, column_name, value) of one delivered row, or null. */
  private static Row violation(Delivery d, String malformed, String... values) {
    Object[] row = Arrays.copyOf(values, values.length + 3, Object[].class);
    row[values.length] = "part-00000.csv";
    row[values.length + 1] = 1L;
    row[values.length + 2] = malformed;
    RowValidator validator = new RowValidator(d.contract(), CodeLists.defaults(), d.from(), d.to());
    return SharedSpark.session().createDataFrame(List.of(RowFactory.create(row)), DeliveryReader.schema(d.contract().columnNames()))
        .select(validator.violation()).first().getStruct(0);
  }

  private static Rule rule(Delivery d, String... values) {
    Row r = violation(d, null, values);
    return r == null ? null : Rule.valueOf(r.getString(1));
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
    Row r = violation(agi, null, null, "nope", "E1", "-1");
    assertEquals(Rule.REQUIRED_NULL.name(), r.getString(1));
    assertEquals("pid", r.getString(2));
    // The reader's description of a malformed line is the value, before any column's rule.
    Row malformed = violation(agi, "5 fields, the header has 4", null, "nope", "E1", "-1");
    assertEquals(Rule.MALFORMED_ROW.name(), malformed.getString(1));
    assertNull(malformed.getString(2));
    assertEquals("5 fields, the header has 4", malformed.getString(3));
  }

  @Test
  void yearTablesCompareTheYearWithTheDeliveryPeriodAndMonthIntervals() {
    assertNull(rule(jobb, "1", "2015", "E1", "100", "3", "7"));
    assertEquals(Rule.OUTSIDE_DELIVERY_PERIOD, rule(jobb, "1", "2016", "E1", "100", "3", "7"));
    assertEquals(Rule.END_BEFORE_START, rule(jobb, "1", "2015", "E1", "100", "8", "7"));
    assertEquals(Rule.OUT_OF_RANGE, rule(jobb, "1", "2015", "E1", "100", "0", "7"));
  }

  @Test
  void parsingIsStricterThanSparksCasts() {
    Delivery midas = new Delivery(Contracts.MIDAS_ERSATTNING, 202001, 202012);
    assertNull(rule(midas, "1", "SJP", "2020-01-05", "2020-02-10", "1.00", "5e3", "false", null));
    assertEquals(Rule.UNPARSEABLE, rule(midas, " 1", "SJP", "2020-01-05", "2020-02-10", "1", "5000", "false", null));
    assertEquals(Rule.UNPARSEABLE, rule(midas, "1.5", "SJP", "2020-01-05", "2020-02-10", "1", "5000", "false", null));
    assertEquals(Rule.UNPARSEABLE, rule(midas, "1", "SJP", "2020-02-30", "2020-03-10", "1", "5000", "false", null));
    assertEquals(Rule.UNPARSEABLE, rule(midas, "1", "SJP", "2020-01-05", "2020-02-10", "1", "1e400", "false", null));
    assertEquals(Rule.UNPARSEABLE, rule(midas, "1", "SJP", "2020-01-05", "2020-02-10", "1", "5000", "True", null));
    // omfattning's codes are compared as numbers: 1.00 is the code 1.0, 0.3 is no code.
    assertEquals(Rule.CODE_NOT_ALLOWED, rule(midas, "1", "SJP", "2020-01-05", "2020-02-10", "0.3", "5000", "false", null));
  }
}
