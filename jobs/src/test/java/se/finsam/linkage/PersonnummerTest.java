package se.finsam.linkage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PersonnummerTest {
  @Test
  void acceptsValidNumbersAndNormalisesTheHyphen() {
    // 811218-987: weights 2,1,2,... give 16->7,1,2,2,2,8,18->9,8,14->5 = 44, so the check digit is 6.
    assertEquals("198112189876", Personnummer.normalise("198112189876"));
    assertEquals("198112189876", Personnummer.normalise("19811218-9876"));
    // 29 Feb 2000: 0,0,0,2,4,9,2,2,6 = 25, check digit 5.
    assertEquals("200002291235", Personnummer.normalise("200002291235"));
  }

  @Test
  void acceptsSamordningsnummerWithDayPlusSixty() {
    // 701063-239: 14->5,0,2,0,12->3,3,4,3,18->9 = 29, check digit 1; day 63 = 3 October.
    assertTrue(Personnummer.isValid("197010632391"));
    assertTrue(Personnummer.isSamordningsnummer("197010632391"));
    assertFalse(Personnummer.isSamordningsnummer("198112189876"));
    // Day 92 = 32 October: right check digit (34 -> 6), impossible date.
    assertFalse(Personnummer.isValid("197010922396"));
  }

  @Test
  void rejectsWrongCheckDigitImpossibleDatesAndWrongShapes() {
    assertFalse(Personnummer.isValid("198112189875"));
    // 30 February with a correct check digit (38 -> 2).
    assertFalse(Personnummer.isValid("198102309872"));
    // 1900 is no leap year: same ten digits as the valid 2000-02-29 number.
    assertFalse(Personnummer.isValid("190002291235"));
    assertFalse(Personnummer.isValid("8112189876"));
    assertFalse(Personnummer.isValid("19811218+9876"));
    assertFalse(Personnummer.isValid("1981121898A6"));
    assertNull(Personnummer.normalise(null));
  }

  @Test
  void pidIsTheFirstEightHmacBytesWithoutTheSignBit() {
    // Expected values computed independently with Python: int.from_bytes(hmac.new(key, number, sha256)
    // .digest()[:8], 'big') & (2**63 - 1).
    byte[] key = "test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    javax.crypto.Mac mac = Pseudonymiser.mac(key);
    assertEquals(3336182174271922744L, Pseudonymiser.pid(Pseudonymiser.hmac(mac, "198112189876"), 63));
    assertEquals(5966801874123791822L, Pseudonymiser.pid(Pseudonymiser.hmac(mac, "197010632391"), 63));
  }
}
