package se.finsam.synth;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.finsam.schemas.CodeLists;
import se.finsam.schemas.ColumnSpec;
import se.finsam.schemas.Contracts;
import se.finsam.schemas.TableContract;
import se.finsam.spark.SharedSpark;

/**
 * One small generation (300 persons, high flaw rate), checked as a consumer would: headers against the
 * contracts, every rule recounted from the files with independent SQL, checksums recomputed.
 */
@ExtendWith(SharedSpark.class)
class SynthDeliveriesTest {
  static Path raw;
  static SynthSettings settings;

  @BeforeAll
  static void generate() throws Exception {
    raw = Files.createTempDirectory("synth-deliveries");
    settings = SynthTestSupport.settings(Map.of("finsam.synth.flaw-rate", 0.004,
        "finsam.synth.truth.potential-outcomes", true));
    SynthJob.generate(SharedSpark.session(), settings, raw.toString(), (what, rows) -> { });
  }

  @Test
  void everyTableHasItsContractsColumnsAndOnlyR02RowsFailToParse(SparkSession spark) {
    for (TableContract contract : Contracts.ALL) {
      Path dir = RawDeliveries.deliveryDir(raw, contract, 1);
      String expected = String.join(";", contract.columnNames());
      for (String header : RawDeliveries.headers(dir)) {
        assertEquals(expected, header, contract.name());
      }
      // Spark's own CSV parser with the contract's typed schema: the rows it cannot parse are exactly
      // the rows the manifest declares unparseable.
      Dataset<Row> typed = spark.read().option("header", "true").option("delimiter", ";")
          .option("dateFormat", "yyyy-MM-dd").option("mode", "PERMISSIVE")
          .option("columnNameOfCorruptRecord", "_corrupt")
          .schema(contract.schema().add("_corrupt", DataTypes.StringType))
          .csv(dir.toString() + "/part-*").cache();
      long unparseable = typed.filter(col("_corrupt").isNotNull()).count();
      JsonNode declared = RawDeliveries.manifest(dir).get("flaws").get("R02");
      assertEquals(declared == null ? 0 : declared.asLong(), unparseable, contract.name());
      assertTrue(typed.count() > unparseable, contract.name() + " has parseable rows");
      typed.unpersist();
    }
  }

  @Test
  void manifestFlawCountsEqualWhatIsInTheFiles(SparkSession spark) {
    long flawed = 0;
    for (TableContract contract : Contracts.ALL) {
      Path dir = RawDeliveries.deliveryDir(raw, contract, 1);
      JsonNode manifest = RawDeliveries.manifest(dir);
      Dataset<Row> rows = RawDeliveries.read(spark, dir, contract, contract.personColumn()).cache();
      // Every rule's count, the rows breaking more than one rule and all rows: one pass over the table.
      Map<String, Column> rules = ruleChecks(contract, manifest);
      List<Column> counts = new ArrayList<>();
      rules.values().forEach(rule -> counts.add(functions.count_if(rule)));
      counts.add(functions.count_if(violations(rules).gt(1)));
      counts.add(functions.count(functions.lit(1)));
      Row tally = rows.agg(counts.get(0), counts.subList(1, counts.size()).toArray(new Column[0])).first();
      Map<String, Long> found = new TreeMap<>();
      int i = 0;
      for (String rule : rules.keySet()) {
        long n = tally.getLong(i++);
        if (n > 0) {
          found.put(rule, n);
        }
      }
      long multiple = tally.getLong(i++);
      long all = tally.getLong(i);
      long conflicts = conflictingKeyRows(rows, contract);
      if (conflicts > 0) {
        found.put("R07", conflicts);
      }
      Map<String, Long> declared = new TreeMap<>();
      manifest.get("flaws").fields().forEachRemaining(e -> declared.put(e.getKey(), e.getValue().asLong()));
      assertEquals(declared, found, contract.name());
      assertEquals(0, multiple, contract.name() + ": a row breaks one rule at most");
      long duplicates = all - rows.distinct().count();
      assertEquals(manifest.get("exact_duplicates").asLong(), duplicates, contract.name() + " exact duplicates");
      assertEquals(manifest.get("overlapping_spells").asLong(), overlaps(rows, contract), contract.name() + " overlaps");
      flawed += declared.values().stream().mapToLong(Long::longValue).sum();
      rows.unpersist();
    }
    assertTrue(flawed > 20, "the flaw rate plants flaws: " + flawed);
  }

  @Test
  void manifestFilesMatchTheirBytes() throws Exception {
    for (TableContract contract : Contracts.ALL) {
      Path dir = RawDeliveries.deliveryDir(raw, contract, 1);
      JsonNode files = RawDeliveries.manifest(dir).get("files");
      List<Path> data = RawDeliveries.dataFiles(dir);
      try (var all = Files.list(dir)) {
        // Nothing but the part files and the manifest (no _SUCCESS, no checksum files).
        assertEquals(data.size() + 1, all.count(), contract.name());
      }
      assertEquals(data.size(), files.size(), contract.name());
      for (int i = 0; i < data.size(); i++) {
        byte[] bytes = Files.readAllBytes(data.get(i));
        assertEquals(data.get(i).getFileName().toString(), files.get(i).get("path").asText());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
            files.get(i).get("sha256").asText());
        assertEquals(Files.readAllLines(data.get(i)).size() - 1, files.get(i).get("rows").asLong());
      }
    }
  }

  @Test
  void correctedRedeliveryReplacesOnePeriod(SparkSession spark) {
    TableContract agi = Contracts.SCB_AGI_MANAD;
    Path original = RawDeliveries.deliveryDir(raw, agi, 1);
    Path corrected = RawDeliveries.deliveryDir(raw, agi, 2);
    JsonNode manifest = RawDeliveries.manifest(corrected);
    assertEquals(RawDeliveries.manifest(original).get("delivery_id").asText(), manifest.get("replaces").asText());
    assertEquals(settings.correctionPeriod(), manifest.get("period_from").asInt());
    assertEquals(settings.correctionPeriod(), manifest.get("period_to").asInt());
    Dataset<Row> fixed = RawDeliveries.read(spark, corrected, agi, "pid");
    Dataset<Row> first = RawDeliveries.read(spark, original, agi, "pid")
        .filter(col("period").equalTo(String.valueOf(settings.correctionPeriod())));
    assertEquals(0, fixed.filter(col("period").notEqual(String.valueOf(settings.correctionPeriod()))).count());
    // Same persons and employers; some amounts differ (that is what was corrected).
    Dataset<Row> keysFixed = fixed.select("pid", "arbetsgivare_id").distinct();
    Dataset<Row> keysFirst = first.filter(col("pid").isNotNull()).select("pid", "arbetsgivare_id").distinct();
    assertEquals(0, keysFixed.except(keysFirst).count());
    assertTrue(fixed.join(first, new String[] {"pid", "arbetsgivare_id"})
        .filter(fixed.col("ersattning_arbete").notEqual(first.col("ersattning_arbete"))).count() > 0);
  }

  @Test
  void experimentFollowsTheDesignOfSeed002(SparkSession spark) {
    Dataset<Row> e = RawDeliveries.read(spark, RawDeliveries.deliveryDir(raw, Contracts.EXPERIMENT_DELTAGARE, 1),
            Contracts.EXPERIMENT_DELTAGARE, "pid")
        .filter(violations(ruleChecks(Contracts.EXPERIMENT_DELTAGARE,
            RawDeliveries.manifest(RawDeliveries.deliveryDir(raw, Contracts.EXPERIMENT_DELTAGARE, 1)))).equalTo(0))
        .withColumn("asked", col("tillfragad_datum").cast("date"))
        .withColumn("met", col("forsta_teammote_datum").cast("date"))
        .withColumn("lag", expr("(year(met) * 12 + month(met)) - (year(asked) * 12 + month(asked))"));
    Dataset<Row> consenting = e.filter(col("samtycke").equalTo("true"));
    long n = consenting.count();
    long treatment = consenting.filter(col("arm").equalTo("BEHANDLING")).count();
    assertTrue(n > 50, "consenting participants: " + n);
    assertEquals(0, e.filter(col("samtycke").equalTo("false").and(col("arm").isNotNull().or(col("met").isNotNull()))).count());
    assertEquals(0, consenting.filter(col("arm").equalTo("BEHANDLING").and(functions.not(col("lag").between(0, 2)))).count());
    assertEquals(0, consenting.filter(col("arm").equalTo("KONTROLL").and(col("lag").lt(6))).count());
    assertEquals(0, consenting.filter(col("met").lt(col("asked"))).count());
    assertEquals(0, consenting.filter(col("met").lt(java.sql.Date.valueOf("2019-08-01"))
        .or(col("met").gt(java.sql.Date.valueOf("2022-02-28")))).count());
    // 60/40 within three binomial standard deviations.
    double share = (double) treatment / n;
    assertTrue(Math.abs(share - 0.6) < 3 * Math.sqrt(0.24 / n), "treatment share " + share);
  }

  @Test
  void truthIsTheMeanDifferenceOfThePotentialOutcomes(SparkSession spark) {
    Dataset<Row> po = spark.read().parquet(raw.resolve("_truth/potential_outcomes").toString());
    Dataset<Row> att = spark.read().option("header", "true").option("inferSchema", "true")
        .csv(raw.resolve("_truth/att").toString());
    Map<String, double[]> expected = new TreeMap<>();
    for (Row r : po.collectAsList()) {
      String key = r.getAs("design") + "/" + r.getAs("outcome") + "/" + r.getAs("event_month");
      double[] sum = expected.computeIfAbsent(key, k -> new double[2]);
      sum[0] += (double) r.getAs("y1") - (double) r.getAs("y0");
      sum[1]++;
    }
    List<Row> truth = att.collectAsList();
    assertEquals(expected.size(), truth.size());
    for (Row r : truth) {
      String key = r.getAs("design") + "/" + r.getAs("outcome") + "/" + r.getAs("event_month");
      double[] sum = expected.get(key);
      assertEquals(sum[0] / sum[1], ((Number) r.getAs("att")).doubleValue(), 1e-9, key);
      assertEquals((long) sum[1], ((Number) r.getAs("persons")).longValue(), key);
      // No anticipation. Exception by construction: wages before 2019 come from the yearly register and
      // are spread over the year's employed months, so a SUS treatment reaches back within its year.
      boolean yearlyWages = r.getAs("design").equals("SUS") && r.getAs("outcome").equals("lon_kr");
      if (((Number) r.getAs("event_month")).intValue() < 0 && !yearlyWages) {
        assertEquals(0.0, ((Number) r.getAs("att")).doubleValue(), 0.0, "no anticipation: " + key);
      }
    }
  }

  @Test
  void observedRegistersAreTheTreatedPotentialOutcome(SparkSession spark) {
    // For treated persons the written AGI wages (from 2019) are Y(1) of lon_kr, except where flaws or the
    // corrected period touch a row.
    Path agiDir = RawDeliveries.deliveryDir(raw, Contracts.SCB_AGI_MANAD, 1);
    Dataset<Row> wages = RawDeliveries.read(spark, agiDir, Contracts.SCB_AGI_MANAD, "pid")
        .groupBy(col("pid").cast("long").as("pid"), col("period").cast("int").as("period"))
        .agg(expr("sum(cast(ersattning_arbete as double))").as("written"));
    Dataset<Row> po = spark.read().parquet(raw.resolve("_truth/potential_outcomes").toString())
        .filter(col("outcome").equalTo("lon_kr").and(col("period").geq(201901))
            .and(col("period").notEqual(settings.correctionPeriod())));
    Dataset<Row> joined = po.join(wages, new String[] {"pid", "period"}, "left")
        .withColumn("written", expr("coalesce(written, 0)"));
    long compared = joined.count();
    long differs = joined.filter(expr("abs(written - y1) > 0.5")).count();
    JsonNode m = RawDeliveries.manifest(agiDir);
    long flawedRows = 0;
    for (JsonNode n : m.get("flaws")) {
      flawedRows += n.asLong();
    }
    flawedRows += m.get("exact_duplicates").asLong();
    assertTrue(compared > 1000, "person-months compared: " + compared);
    assertTrue(differs <= flawedRows, differs + " person-months differ, " + flawedRows + " flawed rows");
    assertTrue(joined.filter(expr("y1 != y0")).count() > 0, "the effect shows in some months");
  }

  @Test
  void someIncomeYearsWithoutWagesLieBelowTheSgiLimit(SparkSession spark) {
    // SmallIncome: a person-year without wages sometimes has 500-8 500 kr of PGI, below 24 % of the prisbasbelopp
    // (8 784 kr in 2000, more later), so seed 000's income > 0 and income above the limit differ.
    Dataset<Row> pgi = RawDeliveries.read(spark, RawDeliveries.deliveryDir(raw, Contracts.SCB_INKOMST_AR, 1),
            Contracts.SCB_INKOMST_AR, "pid")
        .select(col("pid").cast("long").as("pid"), col("ar").cast("int").as("ar"), col("pgioai").cast("double").as("pgioai"));
    Dataset<Row> jobb = RawDeliveries.read(spark, RawDeliveries.deliveryDir(raw, Contracts.SCB_JOBB_AR, 1),
        Contracts.SCB_JOBB_AR, "pid").select(col("pid").cast("long").as("pid"), col("ar").cast("int").as("ar"));
    Dataset<Row> agi = RawDeliveries.read(spark, RawDeliveries.deliveryDir(raw, Contracts.SCB_AGI_MANAD, 1),
            Contracts.SCB_AGI_MANAD, "pid")
        .select(col("pid").cast("long").as("pid"), expr("cast(floor(cast(period as int) / 100) as int)").as("ar"));
    Dataset<Row> withoutWages = pgi.join(jobb.union(agi).distinct(), new String[] {"pid", "ar"}, "left_anti").cache();
    long small = withoutWages.filter("pgioai > 0 and pgioai < 8784").count();
    long outside = withoutWages.filter("not (pgioai between 500 and 8500 and pgioai % 100 = 0)").count();
    long above = pgi.filter("pgioai >= 8784").count();
    withoutWages.unpersist();
    assertTrue(small > 0 && above > 0, small + " small incomes without wages, " + above + " above the limit");
    assertTrue(outside <= flawedRows(Contracts.SCB_INKOMST_AR) + flawedRows(Contracts.SCB_JOBB_AR)
        + flawedRows(Contracts.SCB_AGI_MANAD), outside + " years without wages have another income than 500-8 500 kr");
  }

  private static long flawedRows(TableContract contract) {
    JsonNode m = RawDeliveries.manifest(RawDeliveries.deliveryDir(raw, contract, 1));
    long rows = m.get("exact_duplicates").asLong();
    for (JsonNode n : m.get("flaws")) {
      rows += n.asLong();
    }
    return rows;
  }

  // --- independent rule checks -------------------------------------------------------------------

  private static String sqlType(ColumnSpec c) {
    return c.type().sql().toLowerCase();
  }

  private static Map<String, Column> ruleChecks(TableContract t, JsonNode manifest) {
    CodeLists codes = CodeLists.defaults();
    Map<String, Column> rules = new TreeMap<>();
    rules.put("R01", any(t.columns().stream().filter(c -> !c.nullable())
        .map(c -> col(c.name()).isNull()).collect(Collectors.toList())));
    rules.put("R02", any(t.columns().stream().filter(c -> c.type() != DataTypes.StringType)
        .map(c -> col(c.name()).isNotNull().and(expr("try_cast(`" + c.name() + "` as " + sqlType(c) + ")").isNull()))
        .collect(Collectors.toList())));
    List<Column> codeChecks = new ArrayList<>();
    for (ColumnSpec c : t.columns()) {
      if (c.codeList().isPresent()) {
        String list = codes.codes(c.codeList().get()).stream().map(v -> "'" + v + "'").collect(Collectors.joining(","));
        codeChecks.add(c.multiValued()
            ? expr("exists(split(`" + c.name() + "`, '[|]'), x -> NOT x IN (" + list + "))")
            : col(c.name()).isNotNull().and(expr("NOT `" + c.name() + "` IN (" + list + ")")));
      }
    }
    rules.put("R03", any(codeChecks));
    List<Column> ranges = new ArrayList<>();
    for (ColumnSpec c : t.columns()) {
      Column v = expr("try_cast(`" + c.name() + "` as double)");
      c.min().ifPresent(min -> ranges.add(v.lt(min)));
      c.max().ifPresent(max -> ranges.add(v.gt(max)));
    }
    rules.put("R04", any(ranges));
    List<Column> intervals = new ArrayList<>();
    for (List<String> pair : t.intervals()) {
      String type = sqlType(t.column(pair.get(0)));
      intervals.add(expr("try_cast(`" + pair.get(1) + "` as " + type + ") < try_cast(`" + pair.get(0) + "` as " + type + ")"));
    }
    rules.put("R05", any(intervals));
    // A value with its condition empty or not one of the allowing codes (a kind of work without work).
    rules.put("R10", any(t.crossColumn().stream().map(x -> expr("`" + x.column() + "` IS NOT NULL AND NOT coalesce(`"
        + x.condition() + "` IN (" + x.codes().stream().map(v -> "'" + v + "'").collect(Collectors.joining(",")) + "), false)"))
        .collect(Collectors.toList())));
    if (t.timeColumn().isPresent()) {
      ColumnSpec c = t.column(t.timeColumn().get());
      int from = manifest.get("period_from").asInt();
      int to = manifest.get("period_to").asInt();
      String period = c.type() == DataTypes.DateType
          ? "year(try_cast(`" + c.name() + "` as date)) * 100 + month(try_cast(`" + c.name() + "` as date))"
          : c.isPeriod() ? "try_cast(`" + c.name() + "` as int)" : "try_cast(`" + c.name() + "` as int) * 100 + 1";
      int lo = c.isPeriod() || c.type() == DataTypes.DateType ? from : (from / 100) * 100 + 1;
      rules.put("R06", expr("(" + period + ") NOT BETWEEN " + lo + " AND " + to));
    }
    return rules;
  }

  /** Number of rules R01..R06 and R10 a row breaks. */
  private static Column violations(Map<String, Column> rules) {
    Column sum = org.apache.spark.sql.functions.lit(0);
    for (Column rule : rules.values()) {
      sum = sum.plus(org.apache.spark.sql.functions.when(rule, 1).otherwise(0));
    }
    return sum;
  }

  private static Column any(List<Column> checks) {
    Column out = org.apache.spark.sql.functions.lit(false);
    for (Column c : checks) {
      out = out.or(org.apache.spark.sql.functions.coalesce(c, org.apache.spark.sql.functions.lit(false)));
    }
    return out;
  }

  /** Rows sharing a business key with a row that differs elsewhere. */
  private static long conflictingKeyRows(Dataset<Row> rows, TableContract t) {
    Column[] key = t.businessKey().stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    Dataset<Row> distinct = rows.distinct();
    Dataset<Row> conflicting = distinct.groupBy(key).count().filter(col("count").gt(1)).drop("count");
    return distinct.join(conflicting, t.businessKey().toArray(new String[0])).count();
  }

  /** Spells of one person and kind that start inside another spell of the same person and kind. */
  private static long overlaps(Dataset<Row> rows, TableContract t) {
    String kind = switch (t.name()) {
      case "midas_ersattning" -> "forman";
      case "af_sokandekategori" -> "sokandekategori";
      case "af_anstallningsstod" -> "stodtyp";
      case "fk_af_samarbete" -> "del";
      default -> null;
    };
    if (kind == null) {
      return 0;
    }
    Dataset<Row> spells = rows.distinct().select(col("pid"), col(kind).as("kind"),
        expr("try_cast(fran_datum as date)").as("f"), expr("coalesce(try_cast(tom_datum as date), date'9999-12-31')").as("t"))
        .filter(col("f").isNotNull().and(col("pid").isNotNull()));
    Dataset<Row> a = spells.as("a");
    Dataset<Row> b = spells.as("b");
    return a.join(b, expr("a.pid = b.pid AND a.kind = b.kind AND b.f > a.f AND b.f <= a.t"))
        .select("b.pid", "b.kind", "b.f").distinct().count();
  }
}
