package se.finsam.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
  private final Delivery sus = new Delivery(Contracts.SUS_DELTAGANDE, 202001, 202012);

  /** A valid participation with work before and after, with the given columns changed (null: empty). */
  private static String[] participation(String... changes) {
    Map<String, String> values = new HashMap<>(Map.ofEntries(Map.entry("pid", "1"),
        Map.entry("registrering", "PERSONUPPGIFTER"), Map.entry("forbund_id", "F1"), Map.entry("insats_id", "I1"),
        Map.entry("inriktning", "FORBEREDANDE"), Map.entry("startdatum", "2020-03-01"), Map.entry("slutdatum", "2020-09-30"),
        Map.entry("avslutsorsak", "ARBETE"), Map.entry("kon", "K"), Map.entry("fodelsear", "1980"),
        Map.entry("utbildning", "GYMNASIAL"), Map.entry("forsorjning_fore", "SE"), Map.entry("forsorjning_efter", "INGEN"),
        Map.entry("tid_offentlig_forsorjning_fore", "2.5"), Map.entry("sysselsattning_fore", "ARBETE"),
        Map.entry("sysselsattning_fore_omfattning", "0.5"), Map.entry("sysselsattning_efter", "ARBETE_OCH_STUDIER"),
        Map.entry("sysselsattning_efter_omfattning", "1"), Map.entry("arbetsform_fore", "SUBVENTIONERAT"),
        Map.entry("arbetsform_efter", "EJ_SUBVENTIONERAT|EGET_FORETAG")));
    for (int i = 0; i < changes.length; i += 2) {
      values.put(changes[i], changes[i + 1]);
    }
    return Contracts.SUS_DELTAGANDE.columnNames().stream().map(values::get).toArray(String[]::new);
  }

  /** rule_code, column_name and value of the row's violation, or "valid". */
  private String susViolation(String... changes) {
    Row r = violation(sus, null, participation(changes));
    return r == null ? "valid" : r.getString(0) + " " + r.getString(2) + " " + r.getString(3);
  }

  /** The violation struct (rule_code, rule, column_name, value) of one delivered row, or null. */
  private static Row violation(Delivery d, String malformed, String... values) {
    Object[] row = Arrays.copyOf(values, values.length + 3, Object[].class);
    row[values.length] = "part-00000.csv";
    row[values.length + 1] = 1L;
    row[values.length + 2] = malformed;
    RowValidator validator = new RowValidator(d.contract(), CodeLists.defaults(), d.from(), d.to());
    return validator.withTyped(SharedSpark.session().createDataFrame(List.of(RowFactory.create(row)),
            DeliveryReader.schema(d.contract().columnNames())))
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

  /** A kind of work (arbetsform) only with sysselsattning ARBETE or ARBETE_OCH_STUDIER, before and after alike. */
  @Test
  void aKindOfWorkIsRuledOutWithoutWork() {
    assertEquals("valid", susViolation());
    assertEquals("valid", susViolation("sysselsattning_fore", "ARBETE_OCH_STUDIER", "sysselsattning_efter", "ARBETE"));
    // Without a kind of work any occupation, or none, is valid.
    assertEquals("valid", susViolation("sysselsattning_fore", "INGEN", "arbetsform_fore", null,
        "sysselsattning_efter", null, "arbetsform_efter", null));
    assertEquals("R10 arbetsform_fore,sysselsattning_fore SUBVENTIONERAT,INGEN", susViolation("sysselsattning_fore", "INGEN"));
    assertEquals("R10 arbetsform_fore,sysselsattning_fore SUBVENTIONERAT,STUDIER", susViolation("sysselsattning_fore", "STUDIER"));
    assertEquals("R10 arbetsform_fore,sysselsattning_fore SUBVENTIONERAT,", susViolation("sysselsattning_fore", null));
    assertEquals("R10 arbetsform_efter,sysselsattning_efter EJ_SUBVENTIONERAT|EGET_FORETAG,STUDIER",
        susViolation("sysselsattning_efter", "STUDIER"));
    assertEquals("R10 arbetsform_efter,sysselsattning_efter EGET_FORETAG,", susViolation("sysselsattning_efter", null,
        "arbetsform_efter", "EGET_FORETAG"));
    assertEquals(Rule.RULED_OUT_BY_OTHER_COLUMN.name(), violation(sus, null, participation("sysselsattning_fore", "INGEN")).getString(1));
  }

  /** R10 comes after every column's own rules and the intervals (R05), before the delivery's period (R06). */
  @Test
  void aRuledOutValueIsReportedAfterTheColumnRulesAndIntervals() {
    assertEquals("R03 sysselsattning_fore ARBETAR", susViolation("sysselsattning_fore", "ARBETAR"));
    assertEquals("R03 arbetsform_fore LON", susViolation("sysselsattning_fore", "INGEN", "arbetsform_fore", "LON"));
    assertEquals("R05 startdatum,slutdatum 2020-03-01,2020-02-01",
        susViolation("sysselsattning_fore", "INGEN", "slutdatum", "2020-02-01"));
    assertEquals("R10 arbetsform_fore,sysselsattning_fore SUBVENTIONERAT,INGEN",
        susViolation("sysselsattning_fore", "INGEN", "startdatum", "2021-03-01", "slutdatum", "2021-09-30"));
    assertEquals("R06 startdatum 2021-03-01", susViolation("startdatum", "2021-03-01", "slutdatum", "2021-09-30"));
  }
}
