package se.finsam.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Reads whole CSV files on the executors as Spark's internal rows of {@link DeliveryReader#schema}: for
 * each {@link File} its data lines, split into fields, each numbered from 1 (header not counted).
 * Reading a file from start to end in one task is what makes the numbers exact without counting the
 * lines of every split first; a delivery's several files still run in parallel. Lines whose number of
 * fields differs from the header's carry both numbers in {@link DeliveryReader#MALFORMED} and no values.
 *
 * <p>A UTF-8 file (the default encoding) with an ASCII delimiter is read as bytes: a field's value is a
 * {@code UTF8String} over its line's bytes, with no decoding to Java strings and encoding back, which
 * cost a tenth of a large ingest (README, Throughput). Its bytes are still checked strictly (a line that is
 * not all ASCII goes through the strict decoder), and a line with a quote is split by {@link CsvLine}.
 * Any other encoding is decoded line by line by the strict decoder.
 */
final class CsvFileLines implements FlatMapFunction<Iterator<CsvFileLines.File>, InternalRow> {
  private static final long serialVersionUID = 1L;

  /**
   * One file to read.
   *
   * @param name its path in the delivery, as rows and messages name it
   * @param positions for each wanted column its field's position in the header, -1 for a column the file leaves out
   * @param headerFields the header's number of fields
   * @param delivery the delivery whose file it is
   */
  record File(String name, String path, int[] positions, int headerFields, Delivery delivery) implements Serializable {}

  /** What a file's rows take from its delivery's manifest. */
  record Delivery(String id, char delimiter, String encoding, int periodFrom, int periodTo) implements Serializable {
    static Delivery of(DeliveryManifest manifest) {
      return new Delivery(manifest.deliveryId(), manifest.delimiter(), manifest.encoding(), manifest.periodFrom(),
          manifest.periodTo());
    }
  }

  private final int columns;
  private final boolean withDelivery;
  private final SerializableConfiguration hadoop;

  /**
   * @param columns the wanted columns, the first values of every row
   * @param withDelivery each row ends with its delivery's id and period ({@link DeliveryReader#withDelivery})
   */
  CsvFileLines(int columns, boolean withDelivery, SerializableConfiguration hadoop) {
    this.columns = columns;
    this.withDelivery = withDelivery;
    this.hadoop = hadoop;
  }

  @Override
  public Iterator<InternalRow> call(Iterator<File> files) {
    return new Iterator<>() {
      private FileRows current;

      @Override
      public boolean hasNext() {
        while (current == null || !current.hasNext()) {
          if (current != null) {
            current.close();
            current = null;
          }
          if (!files.hasNext()) {
            return false;
          }
          current = open(files.next());
        }
        return true;
      }

      @Override
      public InternalRow next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  private FileRows open(File file) {
    Path p = new Path(file.path());
    InputStream in;
    try {
      in = p.getFileSystem(hadoop.value()).open(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.path(), e);
    }
    Delivery d = file.delivery();
    try {
      return Charset.forName(d.encoding()).equals(StandardCharsets.UTF_8) && d.delimiter() < 0x80
          ? new ByteRows(file, in) : new TextRows(file, in);
    } catch (RuntimeException e) {
      // the first lines are read on opening; a file rejected there is closed before the task fails
      try {
        in.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** The data lines of one file as rows; the header is skipped (the driver checked it). */
  private abstract class FileRows {
    final File file;
    final char delimiter;
    private final UTF8String name;
    private final UTF8String deliveryId;
    long number; // data lines returned so far
    private boolean more;

    FileRows(File file) {
      this.file = file;
      this.delimiter = file.delivery().delimiter();
      this.name = UTF8String.fromString(file.name());
      this.deliveryId = UTF8String.fromString(file.delivery().id());
    }

    /** Reads the next line of the file (the header is the first); false at the end of the file. */
    abstract boolean advance() throws IOException;

    /**
     * The current line's number of fields; when it is the header's, the wanted columns' values are put in
     * {@code values} (empty as null), otherwise none.
     */
    abstract int split(Object[] values);

    /** Reads past the header to the first data line. */
    final void start() {
      move(1);
      move(2);
    }

    private void move(long fileLine) {
      try {
        more = advance();
      } catch (CharacterCodingException e) {
        throw StrictText.invalid(file.delivery().id(), file.name(), file.delivery().encoding(), fileLine, -1);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file.path(), e);
      }
    }

    final boolean hasNext() {
      return more;
    }

    final InternalRow next() {
      Object[] values = new Object[columns + (withDelivery ? 6 : 3)];
      int fields = split(values);
      values[columns] = name;
      values[columns + 1] = ++number;
      if (fields != file.headerFields()) {
        values[columns + 2] = UTF8String.fromString(fields + " fields, the header has " + file.headerFields());
      }
      if (withDelivery) {
        values[columns + 3] = deliveryId;
        values[columns + 4] = file.delivery().periodFrom();
        values[columns + 5] = file.delivery().periodTo();
      }
      move(number + 2);
      return new GenericInternalRow(values);
    }

    final void close() {
      try {
        closeInput();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close " + file.path(), e);
      }
    }

    abstract void closeInput() throws IOException;

    /** {@link #split} of a line cut into {@code fields}. */
    final int fromStrings(String[] fields, Object[] values) {
      if (fields.length == file.headerFields()) {
        for (int i = 0; i < columns; i++) {
          int at = file.positions()[i];
          values[i] = at < 0 || fields[at].isEmpty() ? null : UTF8String.fromString(fields[at]);
        }
      }
      return fields.length;
    }
  }

  /** A file in any encoding, decoded line by line by the strict decoder. */
  private final class TextRows extends FileRows {
    private final BufferedReader in;
    private String line;

    TextRows(File file, InputStream stream) {
      super(file);
      this.in = new BufferedReader(new InputStreamReader(stream, StrictText.decoder(file.delivery().encoding())), 1 << 16);
      start();
    }

    @Override
    boolean advance() throws IOException {
      line = in.readLine();
      return line != null;
    }

    @Override
    int split(Object[] values) {
      return fromStrings(CsvLine.split(line, delimiter), values);
    }

    @Override
    void closeInput() throws IOException {
      in.close();
    }
  }

  /**
   * A UTF-8 file read as bytes. Lines end at {@code \n}, {@code \r} or {@code \r\n}, as for
   * {@link BufferedReader#readLine}; in UTF-8 these bytes and the ASCII delimiter never occur inside a
   * multi-byte character, so a line can be cut at them before it is decoded.
   */
  private final class ByteRows extends FileRows {
    private final InputStream in;
    private final CharsetDecoder strict = StrictText.decoder(StandardCharsets.UTF_8.name());
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private boolean afterCarriageReturn;
    private byte[] line;
    private int[] cuts = new int[16]; // positions of the delimiters in the line
    private int fields;
    private boolean quoted;

    ByteRows(File file, InputStream in) {
      super(file);
      this.in = in;
      start();
    }

    @Override
    boolean advance() throws IOException {
      line = readLine();
      if (line == null) {
        return false;
      }
      scan();
      return true;
    }

    /** Counts the line's fields, notes whether it quotes, and checks that it is UTF-8. */
    private void scan() throws CharacterCodingException {
      byte d = (byte) delimiter;
      boolean ascii = true;
      quoted = false;
      fields = 1;
      for (int i = 0; i < line.length; i++) {
        byte b = line[i];
        if (b == d) {
          if (fields > cuts.length) {
            cuts = Arrays.copyOf(cuts, cuts.length * 2);
          }
          cuts[fields - 1] = i;
          fields++;
        } else if (b == '"') {
          quoted = true;
        } else if (b < 0) {
          ascii = false;
        }
      }
      if (!ascii) {
        strict.reset().decode(ByteBuffer.wrap(line));
      }
    }

    @Override
    int split(Object[] values) {
      if (quoted) {
        return fromStrings(CsvLine.split(new String(line, StandardCharsets.UTF_8), delimiter), values);
      }
      if (fields == file.headerFields()) {
        for (int i = 0; i < columns; i++) {
          int at = file.positions()[i];
          if (at < 0) {
            continue;
          }
          int start = at == 0 ? 0 : cuts[at - 1] + 1;
          int end = at == fields - 1 ? line.length : cuts[at];
          values[i] = end == start ? null : UTF8String.fromBytes(line, start, end - start);
        }
      }
      return fields;
    }

    /** The next line's bytes without its terminator, in an array of its own; null at the end of the file. */
    private byte[] readLine() throws IOException {
      if (afterCarriageReturn) {
        afterCarriageReturn = false;
        if ((position < limit || fill()) && buffer[position] == '\n') {
          position++;
        }
      }
      byte[] partial = null;
      while (position < limit || fill()) {
        int end = position;
        while (end < limit && buffer[end] != '\n' && buffer[end] != '\r') {
          end++;
        }
        partial = append(partial, end);
        if (end < limit) {
          afterCarriageReturn = buffer[end] == '\r';
          position = end + 1;
          return partial;
        }
        position = limit;
      }
      return partial;
    }

    /** {@code partial} followed by the buffer's bytes up to {@code end}. */
    private byte[] append(byte[] partial, int end) {
      if (partial == null) {
        return Arrays.copyOfRange(buffer, position, end);
      }
      byte[] longer = Arrays.copyOf(partial, partial.length + end - position);
      System.arraycopy(buffer, position, longer, partial.length, end - position);
      return longer;
    }

    private boolean fill() throws IOException {
      int n = in.read(buffer, 0, buffer.length);
      position = 0;
      limit = Math.max(n, 0);
      return n > 0;
    }

    @Override
    void closeInput() throws IOException {
      in.close();
    }
  }
}
