package se.finsam.synth;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Types;
import se.finsam.schemas.TableContract;

/**
 * Writes the rows of one Spark partition straight into the part files of every delivery
 * ({@code <delivery dir>/part-<partition>.csv|parquet}), so that all tables are written in one
 * pass over the generated persons instead of one pass per table. A file is created on its first row;
 * a retried task overwrites its own files.
 */
final class PartFiles implements Closeable {
  /** Where each delivery of each table goes, and how its columns are named. */
  record Target(String dir, List<String> columns) implements Serializable {}

  private final SynthSettings s;
  private final Map<String, Target> targets;
  private final Configuration hadoop;
  private final int partition;
  /** Open sinks by table, then delivery: no key is built per row. */
  private final Map<String, Map<String, Sink>> open = new HashMap<>();

  PartFiles(SynthSettings s, Map<String, Target> targets, Configuration hadoop, int partition) {
    this.s = s;
    this.targets = targets;
    this.hadoop = hadoop;
    this.partition = partition;
  }

  static String key(String table, String delivery) {
    return table + "/" + delivery;
  }

  /** Column names as delivered: the contract's, with personnummer in place of pid when asked for. */
  static List<String> deliveredColumns(TableContract contract, boolean personnummer) {
    List<String> names = new ArrayList<>(contract.columnNames());
    if (personnummer && !contract.personColumn().isEmpty()) {
      names.set(names.indexOf(contract.personColumn()), "personnummer");
    }
    return names;
  }

  void write(Flaws.Out row) {
    Map<String, Sink> ofTable = open.computeIfAbsent(row.table(), t -> new HashMap<>());
    Sink sink = ofTable.get(row.delivery());
    if (sink == null) {
      String key = key(row.table(), row.delivery());
      Target target = targets.get(key);
      if (target == null) {
        throw new IllegalStateException("no delivery for " + key);
      }
      sink = s.format().equals("csv") ? new CsvSink(target) : new ParquetSink(target);
      ofTable.put(row.delivery(), sink);
    }
    sink.write(row.values());
  }

  @Override
  public void close() throws IOException {
    for (Map<String, Sink> ofTable : open.values()) {
      for (Sink sink : ofTable.values()) {
        sink.close();
      }
    }
  }

  private String fileName(String extension) {
    return String.format("part-%05d.%s", partition, extension);
  }

  private interface Sink extends Closeable {
    void write(String[] values);
  }

  private final class CsvSink implements Sink {
    private final BufferedWriter out;
    private final String delimiter = s.delimiter();

    CsvSink(Target target) {
      try {
        Path path = new Path(target.dir(), fileName("csv"));
        out = new BufferedWriter(new OutputStreamWriter(path.getFileSystem(hadoop).create(path, true),
            StandardCharsets.UTF_8), 1 << 16);
        line(target.columns().toArray(new String[0]));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void write(String[] values) {
      try {
        line(values);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void line(String[] values) throws IOException {
      for (int i = 0; i < values.length; i++) {
        if (i > 0) {
          out.write(delimiter);
        }
        if (values[i] != null) {
          out.write(quoted(values[i]));
        }
      }
      out.write('\n');
    }

    /** Quotes only values holding the delimiter, a quote or a line break (the generator writes none). */
    private String quoted(String value) {
      if (value.contains(delimiter) || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0) {
        return '"' + value.replace("\"", "\"\"") + '"';
      }
      return value;
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  private final class ParquetSink implements Sink {
    private final ParquetWriter<Group> out;
    private final SimpleGroupFactory groups;
    private final List<String> columns;

    ParquetSink(Target target) {
      columns = target.columns();
      Types.MessageTypeBuilder builder = Types.buildMessage();
      for (String column : columns) {
        builder.optional(PrimitiveType.PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(column);
      }
      MessageType schema = builder.named("spark_schema");
      groups = new SimpleGroupFactory(schema);
      try {
        out = ExampleParquetWriter.builder(new Path(target.dir(), fileName("parquet"))).withConf(hadoop)
            .withType(schema).withCompressionCodec(CompressionCodecName.SNAPPY)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void write(String[] values) {
      Group group = groups.newGroup();
      for (int i = 0; i < values.length; i++) {
        if (values[i] != null) {
          group.append(columns.get(i), values[i]);
        }
      }
      try {
        out.write(group);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
