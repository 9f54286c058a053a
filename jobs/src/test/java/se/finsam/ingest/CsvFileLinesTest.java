package se.finsam.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.util.SerializableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CSV reader without Spark, against Java's {@code BufferedReader.readLine} and {@link CsvLine#split}
 * (the reader it replaced) on random files: every line terminator, empty lines and fields, quoted fields,
 * characters of one to four UTF-8 bytes, lines with too few or too many fields, a line longer than the read
 * buffer, a last line with and without its terminator.
 */
class CsvFileLinesTest {
  private static final String[] VALUES = {"", "", "7", "202001", "-1.5", "abc", "Malmö", "Åsa Öberg", "€12", "\uD83D\uDE00",
      "\"quoted;with delimiter\"", "\"say \"\"hi\"\"\"", "\"\"", "x y"};
  private static final String[] TERMINATORS = {"\n", "\r\n", "\r"};
  private static final String HEADER = "a;b;c;d";
  // The wanted columns in another order than the header's, one of them left out of the file.
  private static final List<String> WANTED = List.of("c", "a", "absent", "d");

  @TempDir
  Path tmp;

  @Test
  void utf8BytesAndOtherEncodingsGiveTheRowsOfReadLineAndCsvLine() throws IOException {
    Random random = new Random(20261206);
    for (int round = 0; round < 40; round++) {
      String text = randomFile(random, round == 0);
      List<List<String>> expected = oracle(text);
      assertSameRows(expected, read(write("utf8-" + round + ".csv", text, StandardCharsets.UTF_8), "UTF-8", ';'), "UTF-8, round " + round);
      assertSameRows(expected, read(write("utf16-" + round + ".csv", text, StandardCharsets.UTF_16), "UTF-16", ';'), "UTF-16, round " + round);
    }
  }

  /**
   * Files of several deliveries in one read, each with its own delimiter and encoding (the byte reader for
   * the UTF-8 one, the decoder for the Latin-1 one), each row followed by its delivery's id and period.
   */
  @Test
  void filesOfSeveralDeliveriesInOneReadEachWithItsDeliverysWay() throws IOException {
    Path utf8 = write("d1.csv", HEADER + "\nå;b1;c1;d1\n", StandardCharsets.UTF_8);
    Path latin1 = write("d2.csv", HEADER.replace(';', ',') + "\nä,b2,c2,\n", StandardCharsets.ISO_8859_1);
    List<String> header = Arrays.asList(HEADER.split(";"));
    int[] positions = WANTED.stream().mapToInt(header::indexOf).toArray();
    List<CsvFileLines.File> files = List.of(
        new CsvFileLines.File("part-00000.csv", utf8.toUri().toString(), positions, 4,
            new CsvFileLines.Delivery("d1", ';', "UTF-8", 202001, 202003)),
        new CsvFileLines.File("part-00000.csv", latin1.toUri().toString(), positions, 4,
            new CsvFileLines.Delivery("d2", ',', "ISO-8859-1", 202004, 202004)));
    List<String> rows = new ArrayList<>();
    new CsvFileLines(WANTED.size(), true, new SerializableConfiguration(new Configuration())).call(files.iterator())
        .forEachRemaining(r -> rows.add(r.getUTF8String(0) + " " + r.getUTF8String(1) + " " + r.isNullAt(2) + " "
            + (r.isNullAt(3) ? null : r.getUTF8String(3)) + " " + r.getUTF8String(4) + " " + r.getLong(5) + " "
            + r.isNullAt(6) + " " + r.getUTF8String(7) + " " + r.getInt(8) + " " + r.getInt(9)));
    assertEquals(List.of("c1 å true d1 part-00000.csv 1 true d1 202001 202003",
        "c2 ä true null part-00000.csv 1 true d2 202004 202004"), rows);
  }

  @Test
  void aByteSequenceThatIsNotUtf8RejectsTheFileNamingItsLine() throws IOException {
    byte[][] invalid = {{(byte) 0xC3, 0x28}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xFF}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}};
    for (byte[] bad : invalid) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      bytes.writeBytes((HEADER + "\n1;2;3;4\nÅ;2;3;4\n1;").getBytes(StandardCharsets.UTF_8));
      bytes.writeBytes(bad);
      bytes.writeBytes(";3;4\n5;6;7;8\n".getBytes(StandardCharsets.UTF_8));
      Path file = tmp.resolve("bad-" + Arrays.toString(bad).hashCode() + ".csv");
      Files.write(file, bytes.toByteArray());
      DeliveryException e = assertThrows(DeliveryException.class, () -> read(file, "UTF-8", ';'));
      assertTrue(e.getMessage().contains("is not valid UTF-8 at line 4"), e.getMessage());
      assertFalse(e.getMessage().contains(new String(bad, StandardCharsets.ISO_8859_1)), "bytes not echoed: " + e.getMessage());
    }
  }

  /** Row by row, so that a failure shows the first row that differs rather than the whole file. */
  private static void assertSameRows(List<List<String>> expected, List<List<String>> actual, String what) {
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      assertEquals(expected.get(i), actual.get(i), what + ", data line " + (i + 1));
    }
    assertEquals(expected.size(), actual.size(), what + ": rows");
  }

  /** A random file of {@link #HEADER}'s four columns; {@code long} puts a line of over 64 KiB in it. */
  private static String randomFile(Random random, boolean longLine) {
    StringBuilder text = new StringBuilder(random.nextBoolean() ? "\uFEFF" : "").append(HEADER);
    int lines = random.nextInt(300);
    for (int i = 0; i < lines; i++) {
      text.append(TERMINATORS[random.nextInt(TERMINATORS.length)]);
      int fields = random.nextInt(10) == 0 ? random.nextInt(6) : 4;
      if (fields == 0) {
        continue; // an empty line
      }
      for (int f = 0; f < fields; f++) {
        text.append(f > 0 ? ";" : "").append(VALUES[random.nextInt(VALUES.length)]);
      }
      if (longLine && i == lines / 2) {
        text.append("Ö".repeat(40_000));
      }
    }
    if (random.nextBoolean()) {
      text.append(TERMINATORS[random.nextInt(TERMINATORS.length)]);
    }
    return text.toString();
  }

  /** The rows as the reader before gave them: readLine's lines after the header, CsvLine's fields. */
  private static List<List<String>> oracle(String text) throws IOException {
    List<String> header = Arrays.asList(HEADER.split(";"));
    List<List<String>> rows = new ArrayList<>();
    BufferedReader lines = new BufferedReader(new StringReader(text));
    lines.readLine();
    long number = 0;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      String[] fields = CsvLine.split(line, ';');
      List<String> row = new ArrayList<>();
      for (String column : WANTED) {
        int at = header.indexOf(column);
        row.add(fields.length != header.size() || at < 0 || fields[at].isEmpty() ? null : fields[at]);
      }
      row.add("file.csv");
      row.add(Long.toString(++number));
      row.add(fields.length == header.size() ? null : fields.length + " fields, the header has 4");
      rows.add(row);
    }
    return rows;
  }

  private Path write(String name, String text, Charset charset) throws IOException {
    Path file = tmp.resolve(name);
    Files.write(file, text.getBytes(charset));
    return file;
  }

  private static List<List<String>> read(Path file, String encoding, char delimiter) {
    List<String> header = Arrays.asList(HEADER.split(";"));
    CsvFileLines.File entry = new CsvFileLines.File("file.csv", file.toUri().toString(),
        WANTED.stream().mapToInt(header::indexOf).toArray(), header.size(),
        new CsvFileLines.Delivery("d1", delimiter, encoding, 202001, 202001));
    CsvFileLines reader = new CsvFileLines(WANTED.size(), false, new SerializableConfiguration(new Configuration()));
    List<List<String>> rows = new ArrayList<>();
    for (Iterator<InternalRow> it = reader.call(List.of(entry).iterator()); it.hasNext(); ) {
      InternalRow row = it.next();
      List<String> values = new ArrayList<>();
      for (int i = 0; i < WANTED.size() + 3; i++) {
        values.add(row.isNullAt(i) ? null : i == WANTED.size() + 1 ? Long.toString(row.getLong(i)) : row.getUTF8String(i).toString());
      }
      rows.add(values);
    }
    return rows;
  }
}
