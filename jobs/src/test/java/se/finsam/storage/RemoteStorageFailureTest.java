package se.finsam.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.security.alias.CredentialProvider;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import se.finsam.ingest.DeltaTables;
import se.finsam.ingest.IngestJob;
import se.finsam.ingest.TestDeliveries;
import se.finsam.spark.SharedSpark;
import se.finsam.warehouse.Warehouse;
import se.finsam.warehouse.Zone;

/**
 * The local disk's guarantee on remote storage: a curated write that fails midway (the ingest test
 * hook kills its last task after the other tasks wrote their files) commits nothing, the table stays
 * readable at its last good Delta version, and the re-run completes. Against a real HDFS (minicluster)
 * and a real S3 API (s3proxy, through S3A with Delta's single-driver S3 log store).
 */
@ExtendWith(SharedSpark.class)
class RemoteStorageFailureTest {
  private static final String AGI_HEADER = "pid;period;arbetsgivare_id;ersattning_arbete\n";
  private static final String BUCKET = "finsam-failure-test";
  private static final String S3A = "fs.s3a.bucket." + BUCKET + ".";
  private static final List<String> S3A_KEYS = List.of("endpoint", "path.style.access", "connection.ssl.enabled",
      "aws.credentials.provider", "security.credential.provider.path", "attempts.maximum", "retry.limit", "directory.marker.retention", "connection.timeout");

  @TempDir
  static Path servers;

  @TempDir
  Path tmp;

  private static MiniHdfs hdfs;
  private static S3Proxy s3;

  @BeforeAll
  static void startServers() throws Exception {
    hdfs = MiniHdfs.start(servers.resolve("hdfs"));
    s3 = S3Proxy.start(java.nio.file.Files.createDirectories(servers.resolve("s3")), "finsam-test-id", "finsam-test-secret");
    s3.createBucket(BUCKET);
    // The S3A keys come from a Hadoop credential provider (a JCEKS keystore), as on a real cluster,
    // and only for this bucket, so the shared session's other file systems are unaffected.
    String keystore = "jceks://file" + servers.resolve("s3.jceks").toAbsolutePath();
    Configuration providerConf = new Configuration();
    providerConf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, keystore);
    CredentialProvider provider = CredentialProviderFactory.getProviders(providerConf).get(0);
    provider.createCredentialEntry("fs.s3a.access.key", "finsam-test-id".toCharArray());
    provider.createCredentialEntry("fs.s3a.secret.key", "finsam-test-secret".toCharArray());
    provider.flush();
    Configuration spark = SharedSpark.session().sparkContext().hadoopConfiguration();
    spark.set(S3A + "endpoint", s3.endpoint());
    spark.set(S3A + "path.style.access", "true");
    spark.set(S3A + "connection.ssl.enabled", "false");
    spark.set(S3A + "aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    spark.set(S3A + "security.credential.provider.path", keystore);
    spark.set(S3A + "attempts.maximum", "2");
    spark.set(S3A + "retry.limit", "2");
    spark.set(S3A + "connection.timeout", "20000");
    // As README (Running on S3) advises: no bulk delete of parent directory markers after every write.
    spark.set(S3A + "directory.marker.retention", "keep");
  }

  @AfterAll
  static void stopServers() {
    Configuration spark = SharedSpark.session().sparkContext().hadoopConfiguration();
    S3A_KEYS.forEach(k -> spark.unset(S3A + k));
    if (s3 != null) {
      s3.close();
    }
    if (hdfs != null) {
      hdfs.close();
    }
  }

  @Test
  void interruptedWriteOnHdfsLeavesTheLastGoodVersion(SparkSession spark) throws IOException {
    interruptedWriteLeavesTheLastGoodVersion(spark, hdfs.uri() + "/finsam/warehouse");
  }

  @Test
  void interruptedWriteOnS3LeavesTheLastGoodVersion(SparkSession spark) throws IOException {
    interruptedWriteLeavesTheLastGoodVersion(spark, "s3a://" + BUCKET + "/finsam/warehouse");
  }

  private void interruptedWriteLeavesTheLastGoodVersion(SparkSession spark, String warehouse) throws IOException {
    Path first = TestDeliveries.write(tmp.resolve("raw/scb_agi_manad/a1"), "scb_agi_manad", "a1", 202001, 202001,
        null, "pid", Map.of("part-00000.csv", AGI_HEADER + "1;202001;E1;100\n"));
    assertEquals(0, ingest(warehouse, first).exitCode());
    String table = Warehouse.at(warehouse).table(Zone.CURATED, "scb_agi_manad");
    assertTrue(table.startsWith(warehouse), table);
    long version = DeltaTables.version(spark, table);
    List<Row> before = spark.read().format("delta").load(table).collectAsList();
    long filesBefore = dataFiles(spark, table);

    StringBuilder rows = new StringBuilder(AGI_HEADER);
    for (int pid = 1; pid <= 30; pid++) {
      rows.append(pid).append(";202002;E1;").append(pid * 10).append('\n');
    }
    Path second = TestDeliveries.write(tmp.resolve("raw/scb_agi_manad/a2"), "scb_agi_manad", "a2", 202002, 202002,
        null, "pid", Map.of("part-00000.csv", rows.toString()));
    TestDeliveries.Run failed;
    try {
      failed = ingest(warehouse, second, "-Dfinsam.ingest.test-hooks.fail-write-partitions=3");
    } finally {
      System.clearProperty("finsam.ingest.test-hooks.fail-write-partitions");
    }
    assertEquals(1, failed.exitCode(), failed.err());
    assertTrue(failed.err().contains("injected failure"), failed.err());

    assertEquals(version, DeltaTables.version(spark, table));
    assertEquals(before, spark.read().format("delta").load(table).collectAsList());
    // The finished tasks' files are on the remote store, but no commit names them.
    assertTrue(dataFiles(spark, table) > filesBefore, "expected orphaned files of the failed write on " + warehouse);

    TestDeliveries.Run rerun = ingest(warehouse, second);
    assertEquals(0, rerun.exitCode(), rerun.err());
    assertEquals(version + 1, DeltaTables.version(spark, table));
    assertEquals(31, spark.read().format("delta").load(table).count());
    // a1's 100 kronor and a2's 10 + 20 + ... + 300.
    assertEquals(100.0 + 10.0 * (30 * 31 / 2),
        spark.read().format("delta").load(table).agg(org.apache.spark.sql.functions.sum("ersattning_arbete")).first().getDouble(0));
  }

  private static TestDeliveries.Run ingest(String warehouse, Path delivery, String... extra) {
    String[] args = new String[2 + 2 + extra.length];
    args[0] = "--delivery";
    args[1] = delivery.toString();
    args[2] = "--warehouse";
    args[3] = warehouse;
    System.arraycopy(extra, 0, args, 4, extra.length);
    return TestDeliveries.run(new IngestJob(), args);
  }

  private static long dataFiles(SparkSession spark, String table) throws IOException {
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(table);
    FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
    long count = 0;
    while (files.hasNext()) {
      String path = files.next().getPath().toString();
      if (path.endsWith(".parquet") && !path.contains("_delta_log")) {
        count++;
      }
    }
    return count;
  }
}
