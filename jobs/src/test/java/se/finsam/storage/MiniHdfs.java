package se.finsam.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real HDFS (one NameNode, one DataNode speaking the HDFS RPC and data-transfer protocols) from
 * Hadoop's minicluster at the version Spark ships. In a test JVM through {@link #start(Path)}; as a
 * server for other JVMs (ci/chain-check.sh runs ./finsam against it) through {@link #main}.
 */
public final class MiniHdfs implements AutoCloseable {
  private final MiniDFSCluster cluster;

  private MiniHdfs(MiniDFSCluster cluster) {
    this.cluster = cluster;
  }

  /** Starts a cluster whose NameNode and DataNode keep their blocks under {@code base}. */
  public static MiniHdfs start(Path base) throws IOException {
    Configuration conf = new Configuration();
    // Every process of the chain (launcher, spark-submit driver, executors) reaches it by this address.
    conf.set("dfs.namenode.rpc-address", "127.0.0.1:0");
    conf.set("dfs.datanode.address", "127.0.0.1:0");
    conf.set("dfs.datanode.http.address", "127.0.0.1:0");
    conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
    conf.setBoolean("dfs.permissions.enabled", false);
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf, base.toFile()).numDataNodes(1).format(true).build();
    cluster.waitActive();
    return new MiniHdfs(cluster);
  }

  /** {@code hdfs://127.0.0.1:<port>} */
  public String uri() {
    return "hdfs://127.0.0.1:" + cluster.getNameNodePort();
  }

  @Override
  public void close() {
    cluster.shutdown(true);
  }

  /**
   * {@code MiniHdfs <base folder> <uri file>}: starts the cluster, writes its URI to the file once it
   * accepts clients, and serves until the process is killed.
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: MiniHdfs <base folder> <uri file>");
      System.exit(2);
    }
    MiniHdfs hdfs = start(Path.of(args[0]));
    Runtime.getRuntime().addShutdownHook(new Thread(hdfs::close));
    Path uriFile = Path.of(args[1]);
    Path tmp = uriFile.resolveSibling(uriFile.getFileName() + ".tmp");
    Files.writeString(tmp, hdfs.uri() + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, uriFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    System.out.println("MiniHdfs serving " + hdfs.uri());
    Thread.currentThread().join();
  }
}
