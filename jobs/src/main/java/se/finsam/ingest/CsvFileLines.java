package se.finsam.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Reads whole CSV files on the executors: for each input row (one file: its name in the delivery, its
 * full path, the position of each wanted column in its header, the header's number of fields) the
 * file's data lines, split into fields, each numbered from 1 (header not counted). Reading a file
 * from start to end in one task is what makes the numbers exact without counting the lines of every
 * split first; a delivery's several files still run in parallel. Lines whose number of fields differs
 * from the header's carry both numbers in {@link DeliveryReader#MALFORMED} and no values.
 */
final class CsvFileLines implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  static final StructType FILES = new StructType()
      .add("file", DataTypes.StringType, false)
      .add("path", DataTypes.StringType, false)
      .add("positions", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
      .add("header_fields", DataTypes.IntegerType, false);

  private final String deliveryId;
  private final char delimiter;
  private final String encoding;
  private final int columns;
  private final SerializableConfiguration hadoop;

  CsvFileLines(String deliveryId, char delimiter, String encoding, int columns, SerializableConfiguration hadoop) {
    this.deliveryId = deliveryId;
    this.delimiter = delimiter;
    this.encoding = encoding;
    this.columns = columns;
    this.hadoop = hadoop;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> files) {
    return new Iterator<>() {
      private FileLines current;

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
          current = new FileLines(files.next());
        }
        return true;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  /** The data lines of one file as rows. */
  private final class FileLines {
    private final String name;
    private final String path;
    private final int[] positions;
    private final int headerFields;
    private final BufferedReader in;
    private String line;
    private long number;

    FileLines(Row file) {
      this.name = file.getString(0);
      this.path = file.getString(1);
      this.positions = file.getList(2).stream().mapToInt(p -> (Integer) p).toArray();
      this.headerFields = file.getInt(3);
      try {
        Path p = new Path(path);
        // Strict as the driver's check (StrictText), so a file changed since then cannot slip through.
        this.in = new BufferedReader(new InputStreamReader(p.getFileSystem(hadoop.value()).open(p),
            StrictText.decoder(encoding)), 1 << 16);
        in.readLine(); // the header, checked on the driver
        this.line = in.readLine();
      } catch (CharacterCodingException e) {
        throw StrictText.invalid(deliveryId, name, encoding, 2, -1);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + path, e);
      }
    }

    boolean hasNext() {
      return line != null;
    }

    Row next() {
      String[] fields = CsvLine.split(line, delimiter);
      Object[] values = new Object[columns + 3];
      boolean wellFormed = fields.length == headerFields;
      for (int i = 0; wellFormed && i < columns; i++) {
        String v = positions[i] < 0 ? "" : fields[positions[i]];
        values[i] = v.isEmpty() ? null : v;
      }
      values[columns] = name;
      values[columns + 1] = ++number;
      values[columns + 2] = wellFormed ? null : fields.length + " fields, the header has " + headerFields;
      try {
        line = in.readLine();
      } catch (CharacterCodingException e) {
        throw StrictText.invalid(deliveryId, name, encoding, number + 2, -1);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + path, e);
      }
      return RowFactory.create(values);
    }

    void close() {
      try {
        in.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close " + path, e);
      }
    }
  }
}
