package se.finsam.linkage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import se.finsam.ingest.DeliveryManifest;
import se.finsam.ingest.IngestJob;
import se.finsam.ingest.Quarantine;
import se.finsam.ingest.TestDeliveries;
import se.finsam.schemas.Contracts;
import se.finsam.schemas.TableContract;
import se.finsam.spark.SharedSpark;
import se.finsam.warehouse.Warehouse;

@ExtendWith(SharedSpark.class)
class PseudonymiseJobTest {
  private static final String KEY = "test-key-0123456789abcdef";
  /** Valid: a personnummer (check digit 6, see PersonnummerTest) and a samordningsnummer. */
  private static final String PERSON_A = "198112189876";
  private static final String PERSON_B = "197010632391";
  /** Invalid: wrong check digit; impossible date with a right check digit. */
  private static final String WRONG_CHECK = "198112189875";
  private static final String NO_SUCH_DAY = "198102309872";
  /** pids of A and B under KEY, computed with Python's hmac (see PersonnummerTest). */
  private static final long PID_A = 3336182174271922744L;
  private static final long PID_B = 5966801874123791822L;

  @TempDir
  Path tmp;

  private Path midas() {
    return TestDeliveries.write(tmp.resolve("in/midas"), "midas_ersattning", "m-pn", 202001, 202012, null, "personnummer",
        Map.of("part-00000.csv", "personnummer;forman;fran_datum;tom_datum;omfattning;belopp_brutto;sarskilda_fall;ae_skal\n"
            + PERSON_A + ";SJP;2020-01-05;2020-02-10;1.0;5000;false;\n"
            + WRONG_CHECK + ";SJP;2020-03-01;2020-03-31;1;100;;\n"
            + "19701063-2391;REHAB;2020-04-01;2020-04-30;0.5;800;;\n"
            + NO_SUCH_DAY + ";SJP;2020-05-01;2020-05-31;1;100;;\n"));
  }

  private Path agi() {
    return TestDeliveries.write(tmp.resolve("in/agi"), "scb_agi_manad", "a-pn", 202001, 202001, null, "personnummer",
        Map.of("part-00000.csv", "personnummer;period;arbetsgivare_id;ersattning_arbete\n"
            + PERSON_B + ";202001;E1;100\n" + PERSON_A + ";202001;E2;200\n"));
  }

  private TestDeliveries.Run pseudonymise(PseudonymiseJob job, Path input, Path output, String... extra) {
    String[] args = Stream.concat(Stream.of("--input", input.toString(), "--output", output.toString(),
        "--warehouse", tmp.resolve("wh").toString()), Stream.of(extra)).toArray(String[]::new);
    return TestDeliveries.run(job, args);
  }

  @Test
  void replacesNumbersByKeyedPidsConsistentlyAcrossSourcesAndLeavesNoNumberBehind(SparkSession spark) throws IOException {
    PseudonymiseJob job = new PseudonymiseJob(Map.of("FINSAM_PSEUDONYM_KEY", KEY));
    StringWriter log = new StringWriter();
    Runnable stopCapture = captureLogs(log);
    TestDeliveries.Run midas;
    TestDeliveries.Run agi;
    try {
      midas = pseudonymise(job, midas(), tmp.resolve("out/midas"));
      agi = pseudonymise(job, agi(), tmp.resolve("out/agi"));
    } finally {
      stopCapture.run();
    }
    assertEquals(0, midas.exitCode(), midas.err());
    assertEquals(0, agi.exitCode(), agi.err());

    DeliveryManifest out = DeliveryManifest.read(tmp.resolve("out/midas").toString(), spark.sparkContext().hadoopConfiguration());
    assertEquals("pid", out.personId());
    assertEquals(2, out.files().stream().mapToLong(DeliveryManifest.FileEntry::rows).sum());
    Set<String> midasPids = csvColumn(spark, tmp.resolve("out/midas"), "pid");
    Set<String> agiPids = csvColumn(spark, tmp.resolve("out/agi"), "pid");
    assertEquals(Set.of(Long.toString(PID_A), Long.toString(PID_B)), midasPids);
    assertEquals(midasPids, agiPids);

    List<Row> quarantined = spark.read().format("delta").load(Quarantine.path(Warehouse.at(tmp.resolve("wh").toString())))
        .orderBy("row_number").collectAsList();
    assertEquals(List.of("part-00000.csv:2 R08 personnummer=<redacted>", "part-00000.csv:4 R08 personnummer=<redacted>"),
        quarantined.stream().map(r -> r.getAs("file") + ":" + r.getAs("row_number") + " " + r.getAs("rule_code") + " "
            + r.getAs("column_name") + "=" + r.getAs("value")).collect(Collectors.toList()));

    // No raw number, in any form, in any written file or in what was logged or printed.
    List<String> forms = new ArrayList<>();
    for (String n : List.of(PERSON_A, PERSON_B, WRONG_CHECK, NO_SUCH_DAY)) {
      forms.add(n);
      forms.add(n.substring(0, 8) + "-" + n.substring(8));
      forms.add(n.substring(2));
    }
    String written = allBytes(tmp.resolve("out")) + allBytes(tmp.resolve("wh"));
    String printed = log + midas.out() + midas.err() + agi.out() + agi.err();
    assertTrue(printed.contains("pseudonymise"), "the log capture must have seen the job");
    for (String form : forms) {
      assertFalse(written.contains(form), "a written file contains " + form);
      assertFalse(printed.contains(form), "the log contains " + form);
    }
    assertFalse(printed.contains(KEY), "the log contains the key");

    // The written delivery is a valid delivery: its manifest matches and it loads.
    TestDeliveries.Run ingest = TestDeliveries.run(new IngestJob(), "--delivery", tmp.resolve("out/agi").toString(),
        "--warehouse", tmp.resolve("wh").toString());
    assertEquals(0, ingest.exitCode(), ingest.err());
  }

  /** R09 counts a line's fields against its own file's header: an older file lacks the columns added later. */
  @Test
  void aMalformedLineOfAnOlderFileIsComparedWithThatFilesHeader(SparkSession spark) {
    TableContract sus = Contracts.SUS_DELTAGANDE;
    List<String> current = sus.columnNames().stream().map(c -> c.equals("pid") ? "personnummer" : c).toList();
    List<String> older = current.stream().filter(c -> !sus.columnsMayBeAbsent().contains(c)).toList();
    assertEquals(List.of(20, 18), List.of(current.size(), older.size()), "two columns were added later");
    String row = PERSON_A + ";PERSONUPPGIFTER;F1;I1;FORBEREDANDE;2020-01-10;;;K;1981;GYMNASIAL;SE;;2.5;INGEN;;;";
    Map<String, String> files = new java.util.TreeMap<>(Map.of(
        "part-00000.csv", String.join(";", older) + "\n" + row + "\n" + row.substring(0, row.length() - 1) + "\n",
        "part-00001.csv", String.join(";", current) + "\n" + row + ";;\n" + row + ";;;\n"));
    Path input = TestDeliveries.write(tmp.resolve("in/sus"), sus.name(), "s-pn", 202001, 202001, null, "personnummer", files);
    TestDeliveries.Run run = pseudonymise(new PseudonymiseJob(Map.of("FINSAM_PSEUDONYM_KEY", KEY)), input,
        tmp.resolve("out/sus"));
    assertEquals(0, run.exitCode(), run.err());
    List<String> quarantined = spark.read().format("delta").load(Quarantine.path(Warehouse.at(tmp.resolve("wh").toString())))
        .orderBy("file", "row_number").collectAsList().stream()
        .map(r -> r.getAs("file") + ":" + r.getAs("row_number") + " " + r.getAs("rule_code") + " " + r.getAs("value"))
        .collect(Collectors.toList());
    assertEquals(List.of("part-00000.csv:2 R09 17 fields, the header has 18",
        "part-00001.csv:2 R09 21 fields, the header has 20"), quarantined);
    assertEquals(Set.of(Long.toString(PID_A)), csvColumn(spark, tmp.resolve("out/sus"), "pid"));
  }

  @Test
  void refusesToRunWithoutAKey() {
    TestDeliveries.Run run = pseudonymise(new PseudonymiseJob(Map.of()), agi(), tmp.resolve("out/agi"));
    assertEquals(1, run.exitCode());
    assertTrue(run.err().contains("no pseudonymisation key"), run.err());
    assertFalse(Files.exists(tmp.resolve("out/agi")));
  }

  @Test
  void readsTheKeyFromASecretsFile(SparkSession spark) throws IOException {
    Path keyFile = Files.writeString(tmp.resolve("pseudonym.key"), KEY + "\n");
    TestDeliveries.Run run;
    try {
      run = pseudonymise(new PseudonymiseJob(Map.of()), agi(), tmp.resolve("out/agi"),
          "-Dfinsam.secrets.pseudonym-key-file=" + keyFile);
    } finally {
      System.clearProperty("finsam.secrets.pseudonym-key-file");
    }
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(Set.of(Long.toString(PID_A), Long.toString(PID_B)), csvColumn(spark, tmp.resolve("out/agi"), "pid"));
  }

  @Test
  void failsOnACollisionAndWritesNothing() {
    StringBuilder rows = new StringBuilder("personnummer;period;arbetsgivare_id;ersattning_arbete\n");
    // Ten valid numbers (day 01..10 of Jan 1990, serial 123, Luhn digit computed here) in 2-bit pids must collide.
    for (int day = 1; day <= 10; day++) {
      String nine = String.format("9001%02d123", day);
      rows.append("19").append(nine).append(Personnummer.luhnCheckDigit(nine)).append(";202001;E1;1\n");
    }
    Path input = TestDeliveries.write(tmp.resolve("in/many"), "scb_agi_manad", "many", 202001, 202001, null,
        "personnummer", Map.of("part-00000.csv", rows.toString()));
    TestDeliveries.Run run;
    try {
      run = pseudonymise(new PseudonymiseJob(Map.of("FINSAM_PSEUDONYM_KEY", KEY)), input, tmp.resolve("out/many"),
          "-Dfinsam.pseudonymise.test-hooks.pid-bits=2");
    } finally {
      System.clearProperty("finsam.pseudonymise.test-hooks.pid-bits");
    }
    assertEquals(1, run.exitCode());
    assertTrue(run.err().contains("pseudonym collision"), run.err());
    assertFalse(Files.exists(tmp.resolve("out/many")));
  }

  private static Set<String> csvColumn(SparkSession spark, Path folder, String column) {
    return spark.read().option("header", "true").option("sep", ";").csv(folder.resolve("part-*.csv").toString())
        .select(column).collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toSet());
  }

  private static String allBytes(Path root) throws IOException {
    StringBuilder out = new StringBuilder();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
        out.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)).append('\n');
      }
    }
    return out.toString();
  }

  /** Adds an appender to the root logger at ALL levels; returns how to remove it. */
  private static Runnable captureLogs(StringWriter sink) {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    WriterAppender appender = WriterAppender.newBuilder().setName("capture").setTarget(sink)
        .setLayout(PatternLayout.newBuilder().withPattern("%p %c: %m%n%ex").build()).build();
    appender.start();
    config.addAppender(appender);
    Level previous = config.getRootLogger().getLevel();
    config.getRootLogger().addAppender(appender, Level.ALL, null);
    config.getRootLogger().setLevel(Level.ALL);
    config.getLoggerConfig("se.finsam").addAppender(appender, Level.ALL, null);
    context.updateLoggers();
    return () -> {
      config.getRootLogger().removeAppender("capture");
      config.getLoggerConfig("se.finsam").removeAppender("capture");
      config.getRootLogger().setLevel(previous);
      context.updateLoggers();
      appender.stop();
    };
  }
}
