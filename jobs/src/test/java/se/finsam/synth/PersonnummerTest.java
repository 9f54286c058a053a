package se.finsam.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.finsam.schemas.Contracts;
import se.finsam.spark.SharedSpark;

@ExtendWith(SharedSpark.class)
class PersonnummerTest {
  /** Independent validation: 12 digits, a real date (day - 60 for samordningsnummer), Luhn over YYMMDDNNNC. */
  static boolean valid(String number) {
    if (number == null || !number.matches("\\d{12}")) {
      return false;
    }
    int day = Integer.parseInt(number.substring(6, 8));
    try {
      LocalDate.of(Integer.parseInt(number.substring(0, 4)), Integer.parseInt(number.substring(4, 6)), day > 60 ? day - 60 : day);
    } catch (java.time.DateTimeException e) {
      return false;
    }
    int sum = 0;
    String ten = number.substring(2);
    for (int i = 0; i < 10; i++) {
      int d = (ten.charAt(i) - '0') * (i % 2 == 0 ? 2 : 1);
      sum += d / 10 + d % 10;
    }
    return sum % 10 == 0;
  }

  @Test
  void checkDigitOfAKnownNumber() {
    // The Skatteverket textbook example 811218-9876.
    assertEquals(6, Personnummer.luhn("811218987"));
    assertTrue(valid(Personnummer.format(LocalDate.of(1981, 12, 18), 987, false)));
    assertEquals("198112189876", Personnummer.format(LocalDate.of(1981, 12, 18), 987, false));
    assertEquals("198112789873", Personnummer.format(LocalDate.of(1981, 12, 18), 987, true));
  }

  @Test
  void slotsNeverShareANumberEvenBeyondOneBlock() {
    long slots = 3L * Personnummer.BLOCK + 1234;
    int blocks = Personnummer.blocks(slots);
    assertEquals(4, blocks);
    SplittableRandom random = new SplittableRandom(1);
    Set<String> seen = new HashSet<>();
    for (long slot = 0; slot < slots; slot++) {
      // Birth years from a narrow band: the worst case for collisions.
      int year = Personnummer.nudgeYear(1980 + random.nextInt(3), slot, blocks);
      boolean male = random.nextBoolean();
      String number = Personnummer.format(Personnummer.birthDate(year, slot), Personnummer.serial(slot, male), false);
      assertTrue(seen.add(number), "collision at slot " + slot);
      assertEquals(male, (number.charAt(10) - '0') % 2 == 1);
    }
    assertEquals(2, Math.abs(Personnummer.nudgeYear(1980, 2L * Personnummer.BLOCK, 4) - 1980) <= 2 ? 2 : -1);
  }

  @Test
  void personnummerModeWritesValidNumbersExceptTheR08Rows(SparkSession spark) throws Exception {
    Path raw = Files.createTempDirectory("synth-pnr");
    SynthSettings s = SynthTestSupport.settings(Map.of("finsam.synth.persons", 80, "finsam.synth.person-id", "personnummer",
        "finsam.synth.flaw-rate", 0.01));
    SynthJob.generate(spark, s, raw.toString(), (what, rows) -> { });
    Path dir = RawDeliveries.deliveryDir(raw, Contracts.SOS_EKONOMISKT_BISTAND, 1);
    assertTrue(RawDeliveries.headers(dir).get(0).contains(";personnummer;"));
    JsonNode manifest = RawDeliveries.manifest(dir);
    assertEquals("personnummer", manifest.get("person_id").asText());
    List<Row> rows = RawDeliveries.read(spark, dir, Contracts.SOS_EKONOMISKT_BISTAND, "personnummer")
        .select("personnummer").filter("personnummer IS NOT NULL").collectAsList();
    long invalid = rows.stream().filter(r -> !valid(r.getString(0))).count();
    JsonNode r08 = manifest.get("flaws").get("R08");
    assertEquals(r08 == null ? 0 : r08.asLong(), invalid);
    assertTrue(rows.size() > 100);
    // One number per person across tables: a pid's number in the background register is its number in bistånd.
    long persons = RawDeliveries.read(spark, RawDeliveries.deliveryDir(raw, Contracts.SCB_BAKGRUND_AR, 1),
        Contracts.SCB_BAKGRUND_AR, "personnummer").select("personnummer", "fodelsear").distinct()
        .filter("substring(personnummer, 1, 4) != fodelsear").count();
    JsonNode bakgrund = RawDeliveries.manifest(RawDeliveries.deliveryDir(raw, Contracts.SCB_BAKGRUND_AR, 1)).get("flaws");
    assertTrue(persons <= (bakgrund.has("R04") ? bakgrund.get("R04").asLong() : 0)
        + (bakgrund.has("R02") ? bakgrund.get("R02").asLong() : 0) + (bakgrund.has("R08") ? bakgrund.get("R08").asLong() : 0)
        + (bakgrund.has("R01") ? bakgrund.get("R01").asLong() : 0), "birth year agrees with the number");
  }
}
