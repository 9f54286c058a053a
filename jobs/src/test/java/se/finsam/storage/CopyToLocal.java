package se.finsam.storage;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code CopyToLocal <Hadoop URI> <local folder> [key=value ...]}: copies a folder of a remote
 * warehouse (a run's report) to the local disk so ci/storage-check.sh can compare it with the local
 * run's; the pairs are Hadoop settings (the S3A endpoint; credentials stay in the environment).
 */
public final class CopyToLocal {
  private CopyToLocal() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: CopyToLocal <hadoop uri> <local folder> [key=value ...]");
      System.exit(2);
    }
    Configuration conf = new Configuration();
    for (int i = 2; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      conf.set(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    Path source = new Path(args[0]);
    FileSystem fs = source.getFileSystem(conf);
    fs.copyToLocalFile(false, source, new Path(new java.io.File(args[1]).getAbsoluteFile().toURI()), true);
  }
}
