package se.finsam.synth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import se.finsam.schemas.TableContract;

/** Reads what the generator wrote, as a consumer would: manifests and CSV files with all-string columns. */
final class RawDeliveries {
  private RawDeliveries() {}

  static Path deliveryDir(Path raw, TableContract contract, int version) {
    try (Stream<Path> dirs = Files.list(raw.resolve(contract.name()))) {
      return dirs.filter(d -> d.getFileName().toString().endsWith("-v" + version)).findFirst()
          .orElseThrow(() -> new AssertionError("no v" + version + " delivery of " + contract.name()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode manifest(Path dir) {
    try {
      return new ObjectMapper().readTree(dir.resolve("_manifest.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Path> dataFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first line of every data file. */
  static List<String> headers(Path dir) {
    List<String> out = new ArrayList<>();
    for (Path f : dataFiles(dir)) {
      try (Stream<String> lines = Files.lines(f)) {
        out.add(lines.findFirst().orElse(""));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** The delivery with every column a string, under the delivered column names. */
  static Dataset<Row> read(SparkSession spark, Path dir, TableContract contract, String personColumnName) {
    List<StructField> fields = new ArrayList<>();
    for (String name : contract.columnNames()) {
      String delivered = name.equals(contract.personColumn()) ? personColumnName : name;
      fields.add(DataTypes.createStructField(delivered, DataTypes.StringType, true));
    }
    return spark.read().option("header", "true").option("delimiter", manifest(dir).get("delimiter").asText())
        .schema(new StructType(fields.toArray(new StructField[0]))).csv(dir.toString() + "/part-*");
  }
}
