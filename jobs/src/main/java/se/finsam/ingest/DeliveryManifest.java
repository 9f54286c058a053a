package se.finsam.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The {@code _manifest.json} of a raw delivery (layout agreed in the workspace preamble): what the
 * delivery claims to hold, so that the loader can check it got exactly that.
 *
 * @param folder the delivery folder the manifest was read from (not part of the JSON)
 * @param encoding the character encoding of CSV files (manifest field {@code encoding}, UTF-8 when absent),
 *     Java's canonical name; bytes not valid in it reject the file (see {@link StrictText})
 * @param personId {@code pid} for pseudonymised deliveries, {@code personnummer} for raw extracts
 * @param flaws rows written that break each {@link se.finsam.schemas.Rule}, by code (synthetic deliveries)
 */
public record DeliveryManifest(
    String folder,
    String source,
    String table,
    String deliveryId,
    int periodFrom,
    int periodTo,
    String format,
    char delimiter,
    String encoding,
    String personId,
    Optional<String> replaces,
    List<FileEntry> files,
    Map<String, Long> flaws,
    long exactDuplicates,
    long overlappingSpells) {

  public static final String FILE_NAME = "_manifest.json";
  public static final String PERSONNUMMER = "personnummer";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One data file: its path relative to the delivery folder, its data rows and its SHA-256 (hex). */
  public record FileEntry(String path, long rows, String sha256) {}

  public DeliveryManifest {
    encoding = StrictText.canonicalEncoding(encoding, "delivery " + deliveryId);
    files = List.copyOf(files);
    flaws = Map.copyOf(flaws);
    if (!format.equals("csv") && !format.equals("parquet")) {
      throw new IllegalArgumentException("delivery " + deliveryId + ": unknown format '" + format + "' (csv or parquet)");
    }
  }

  public boolean isCsv() {
    return format.equals("csv");
  }

  public boolean carriesPersonnummer() {
    return PERSONNUMMER.equals(personId);
  }

  /** Full path of one of the delivery's files. */
  public String path(FileEntry file) {
    return folder + "/" + file.path();
  }

  /** Reads the manifest of a delivery, given the manifest file or the delivery folder. */
  public static DeliveryManifest read(String location, Configuration hadoop) {
    Path path = new Path(location);
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      if (fs.getFileStatus(path).isDirectory()) {
        path = new Path(path, FILE_NAME);
      }
      if (!fs.exists(path)) {
        throw new IllegalArgumentException("no " + FILE_NAME + " at " + location);
      }
      try (InputStream in = fs.open(path)) {
        return fromJson(JSON.readTree(in), fs.makeQualified(path).getParent().toString(), path.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read delivery manifest " + path, e);
    }
  }

  /** The manifests of {@code <raw>/<tableGlob>/<delivery>/_manifest.json} (a Hadoop glob for the table folder). */
  public static List<DeliveryManifest> findAll(String raw, String tableGlob, Configuration hadoop) {
    Path pattern = new Path(raw + "/" + tableGlob + "/*/" + FILE_NAME);
    List<DeliveryManifest> manifests = new ArrayList<>();
    try {
      org.apache.hadoop.fs.FileStatus[] found = pattern.getFileSystem(hadoop).globStatus(pattern);
      if (found != null) {
        for (org.apache.hadoop.fs.FileStatus status : found) {
          manifests.add(read(status.getPath().toString(), hadoop));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list deliveries under " + raw, e);
    }
    return manifests;
  }

  static DeliveryManifest fromJson(JsonNode json, String folder, String origin) {
    List<FileEntry> files = new ArrayList<>();
    for (JsonNode f : required(json, "files", origin)) {
      files.add(new FileEntry(required(f, "path", origin).asText(), required(f, "rows", origin).asLong(),
          required(f, "sha256", origin).asText()));
    }
    Map<String, Long> flaws = new LinkedHashMap<>();
    if (json.hasNonNull("flaws")) {
      json.get("flaws").fields().forEachRemaining(e -> flaws.put(e.getKey(), e.getValue().asLong()));
    }
    String delimiter = json.hasNonNull("delimiter") ? json.get("delimiter").asText() : ";";
    if (delimiter.length() != 1) {
      throw new IllegalArgumentException(origin + ": the delimiter must be one character, got '" + delimiter + "'");
    }
    return new DeliveryManifest(folder,
        required(json, "source", origin).asText(),
        required(json, "table", origin).asText(),
        required(json, "delivery_id", origin).asText(),
        required(json, "period_from", origin).asInt(),
        required(json, "period_to", origin).asInt(),
        required(json, "format", origin).asText(),
        delimiter.charAt(0),
        json.hasNonNull("encoding") ? json.get("encoding").asText() : StrictText.DEFAULT_ENCODING,
        json.hasNonNull("person_id") ? json.get("person_id").asText() : "pid",
        json.hasNonNull("replaces") ? Optional.of(json.get("replaces").asText()) : Optional.empty(),
        files, flaws,
        json.hasNonNull("exact_duplicates") ? json.get("exact_duplicates").asLong() : 0,
        json.hasNonNull("overlapping_spells") ? json.get("overlapping_spells").asLong() : 0);
  }

  private static JsonNode required(JsonNode json, String field, String origin) {
    if (!json.hasNonNull(field)) {
      throw new IllegalArgumentException(origin + ": manifest field '" + field + "' is missing");
    }
    return json.get(field);
  }

  /**
   * This manifest with other files, person id and flaw counts: what a rewriting step (pseudonymise)
   * delivers. Its files are written by Spark, so they are UTF-8 whatever the original's encoding.
   */
  public DeliveryManifest rewritten(String newFolder, String newPersonId, List<FileEntry> newFiles, Map<String, Long> newFlaws) {
    return new DeliveryManifest(newFolder, source, table, deliveryId, periodFrom, periodTo, format, delimiter,
        StrictText.DEFAULT_ENCODING, newPersonId, replaces, newFiles, newFlaws, exactDuplicates, overlappingSpells);
  }

  public String toJson() {
    ObjectNode json = JSON.createObjectNode();
    json.put("source", source).put("table", table).put("delivery_id", deliveryId)
        .put("period_from", periodFrom).put("period_to", periodTo).put("format", format)
        .put("delimiter", String.valueOf(delimiter)).put("encoding", encoding).put("person_id", personId);
    if (replaces.isPresent()) {
      json.put("replaces", replaces.get());
    } else {
      json.putNull("replaces");
    }
    ArrayNode fileArray = json.putArray("files");
    for (FileEntry f : files) {
      fileArray.addObject().put("path", f.path()).put("rows", f.rows()).put("sha256", f.sha256());
    }
    ObjectNode flawObject = json.putObject("flaws");
    flaws.forEach(flawObject::put);
    json.put("exact_duplicates", exactDuplicates).put("overlapping_spells", overlappingSpells);
    try {
      return JSON.writeValueAsString(json) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code _manifest.json} into {@link #folder()}. */
  public void write(Configuration hadoop) {
    Path path = new Path(folder, FILE_NAME);
    try (OutputStream out = path.getFileSystem(hadoop).create(path, true)) {
      out.write(toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }
}
