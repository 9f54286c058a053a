package se.finsam.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import se.finsam.spark.SharedSpark;
import se.finsam.warehouse.AuditLog;
import se.finsam.warehouse.Warehouse;
import se.finsam.warehouse.Zone;

/** Deliveries' bytes checked against their declared encoding, one ingest per warehouse, skipped folders said. */
@ExtendWith(SharedSpark.class)
class StrictIngestTest {
  private static final String AGI = "pid;period;arbetsgivare_id;ersattning_arbete\n"
      + "1;202001;E1;100\n"
      + "2;202001;Åkeri Öst;200\n";

  @TempDir
  Path tmp;

  private String warehouse() {
    return tmp.resolve("wh").toString();
  }

  private Path agi(String id, java.nio.charset.Charset charset, String declared, String content) {
    return TestDeliveries.write(tmp.resolve("wh/raw/scb_agi_manad/" + id), "scb_agi_manad", id, 202001, 202001, null,
        "pid", Map.of("part-00000.csv", content), charset, declared);
  }

  private TestDeliveries.Run ingest(String... args) {
    return TestDeliveries.run(new IngestJob(),
        Stream.concat(Stream.of("--warehouse", warehouse()), Stream.of(args)).toArray(String[]::new));
  }

  private List<Row> curatedAgi(SparkSession spark) {
    return spark.read().format("delta").load(Warehouse.at(warehouse()).table(Zone.CURATED, "scb_agi_manad"))
        .orderBy("pid").collectAsList();
  }

  @Test
  void latin1BytesInAUtf8DeliveryRejectTheFileNamingItsLineWithoutEchoingThem(SparkSession spark) {
    Path delivery = agi("a1", StandardCharsets.ISO_8859_1, null, AGI);
    TestDeliveries.Run run = ingest("--delivery", delivery.toString());
    assertEquals(1, run.exitCode(), run.err());
    assertTrue(run.err().contains("a1: file part-00000.csv is not valid UTF-8 at line 3 (byte 70)"), run.err());
    assertFalse(run.err().contains("\uFFFD") || run.err().contains("keri"), "the bad bytes are not echoed: " + run.err());
    assertFalse(DeltaTables.exists(spark, Warehouse.at(warehouse()).table(Zone.CURATED, "scb_agi_manad")));
  }

  @Test
  void theSameBytesDeclaredLatin1LoadWithTheirLetters(SparkSession spark) {
    Path delivery = agi("a1", StandardCharsets.ISO_8859_1, "ISO-8859-1", AGI);
    assertEquals(0, ingest("--delivery", delivery.toString()).exitCode());
    assertEquals("Åkeri Öst", curatedAgi(spark).get(1).getAs("arbetsgivare_id"));
  }

  @Test
  void aByteOrderMarkIsPartOfTheEncoding(SparkSession spark) {
    Path utf8 = agi("a1", StandardCharsets.UTF_8, null, "\uFEFF" + AGI);
    assertEquals(0, ingest("--delivery", utf8.toString()).exitCode());
    List<Row> rows = curatedAgi(spark);
    assertEquals(2, rows.size(), "the header with a BOM is still the header");
    assertEquals(1L, (long) rows.get(0).getAs("pid"));
    assertEquals("Åkeri Öst", rows.get(1).getAs("arbetsgivare_id"));
  }

  @Test
  void utf16WithItsByteOrderMarkLoads(SparkSession spark) {
    Path delivery = agi("a1", StandardCharsets.UTF_16, "UTF-16", AGI);
    TestDeliveries.Run run = ingest("--delivery", delivery.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("Åkeri Öst", curatedAgi(spark).get(1).getAs("arbetsgivare_id"));
  }

  @Test
  void anUnknownEncodingIsRefusedNamingTheDelivery() {
    Path delivery = agi("a1", StandardCharsets.UTF_8, "LATIN-99", AGI);
    TestDeliveries.Run run = ingest("--delivery", delivery.toString());
    assertEquals(1, run.exitCode());
    assertTrue(run.err().contains("delivery a1: unknown encoding 'LATIN-99'"), run.err());
  }

  @Test
  void aBinaryFileIsRejectedAndNeverEchoed() throws IOException {
    byte[] binary = new byte[4096];
    new java.util.Random(3).nextBytes(binary);
    binary[0] = 'P';
    binary[1] = 'K';
    binary[2] = 3;
    binary[3] = 4;
    Checksummed file = Checksummed.of(binary);
    StrictText.Checked checked = StrictText.hashDecoding(new ByteArrayInputStream(binary), "UTF-8", sha256(), "d1",
        "part-00000.csv");
    assertEquals(file.sha256(), checked.sha256(), "the whole file is hashed even after the first bad byte");
    String message = checked.invalid().getMessage();
    assertTrue(message.startsWith("d1: file part-00000.csv is not valid UTF-8 at line "), message);
    assertTrue(message.chars().allMatch(c -> c >= 0x20 && c < 0x7F), "only printable ASCII: " + message);
  }

  @Test
  void decodingCountsLinesAndBytesAcrossBufferBoundaries() throws IOException {
    // 100 000 lines of 'å' (two bytes each in UTF-8) push the bad byte far past the 64 KiB buffers.
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      text.append("å;").append(i).append('\n');
    }
    byte[] good = text.toString().getBytes(StandardCharsets.UTF_8);
    assertNull(StrictText.hashDecoding(new ByteArrayInputStream(good), "UTF-8", sha256(), "d", "f").invalid());
    byte[] bad = java.util.Arrays.copyOf(good, good.length + 3);
    bad[good.length] = 'x';
    bad[good.length + 1] = (byte) 0xE5; // å in Latin-1: not valid UTF-8
    bad[good.length + 2] = '\n';
    String message = StrictText.hashDecoding(new ByteArrayInputStream(bad), "UTF-8", sha256(), "d", "f")
        .invalid().getMessage();
    assertTrue(message.contains("at line 100001 (byte " + (good.length + 1) + ")"), message);
    // A multi-byte character cut off by the end of the file is invalid too.
    byte[] cut = java.util.Arrays.copyOf(good, good.length + 1);
    cut[good.length] = (byte) 0xC3;
    assertTrue(StrictText.hashDecoding(new ByteArrayInputStream(cut), "UTF-8", sha256(), "d", "f")
        .invalid().getMessage().contains("at line 100001"));
  }

  @Test
  void printableEscapesControlAndReplacementCharactersAndCuts() {
    assertEquals("a\\u0000b\\uFFFD\\u001B", StrictText.printable("a\u0000b\uFFFD\u001B"));
    assertEquals("Åkeri", StrictText.printable("Åkeri"));
    assertEquals(81, StrictText.printable("x".repeat(200)).length());
  }

  @Test
  void aSecondIngestStopsNamingTheLockItsHolderAndItsDeliveries(SparkSession spark) throws IOException {
    Path delivery = agi("a1", StandardCharsets.UTF_8, null, AGI);
    Path lock = tmp.resolve("wh").resolve(IngestLock.PATH);
    Files.createDirectories(lock.getParent());
    Files.writeString(lock, "run 20261202-first, process 1@host, since 2026-12-02T10:00:00Z\n");
    TestDeliveries.Run stopped = ingest("--all", "-Dfinsam.ingest.lock.wait=1s");
    assertEquals(1, stopped.exitCode());
    assertTrue(stopped.err().contains("ingest lock " ) && stopped.err().contains(IngestLock.PATH), stopped.err());
    assertTrue(stopped.err().contains("held by run 20261202-first"), stopped.err());
    assertTrue(stopped.err().contains("scb_agi_manad/a1"), stopped.err());
    Row audit = new AuditLog(spark, Warehouse.at(warehouse())).read().filter("job = 'ingest'").first();
    assertEquals("FAILED", audit.<String>getAs("status"));
    assertTrue(audit.<String>getAs("details").contains("1 deliveries (scb_agi_manad/a1) not read"), audit.toString());
    assertTrue(Files.exists(lock), "the other run's lock is left alone");

    Files.delete(lock);
    assertEquals(0, ingest("--delivery", delivery.toString()).exitCode());
    assertFalse(Files.exists(lock), "a finished ingest releases the lock");
    assertEquals(2, curatedAgi(spark).size());
  }

  @Test
  void allSaysWhichFoldersItSkippedAndWhy(SparkSession spark) throws IOException {
    agi("a1", StandardCharsets.UTF_8, null, AGI);
    Path stray = tmp.resolve("wh/raw/scb_agi_manad/half-copied");
    Files.createDirectories(stray);
    Files.writeString(stray.resolve("part-00000.csv"), AGI);
    assertEquals(0, ingest("--all").exitCode());
    Row audit = new AuditLog(spark, Warehouse.at(warehouse())).read().filter("job = 'ingest'").first();
    assertTrue(audit.<String>getAs("details").contains("raw/scb_agi_manad/half-copied (skipped: no _manifest.json)"),
        audit.toString());
    assertEquals(2, curatedAgi(spark).size());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Checksummed(String sha256) {
    static Checksummed of(byte[] bytes) {
      return new Checksummed(TestDeliveries.sha256(bytes));
    }
  }
}
