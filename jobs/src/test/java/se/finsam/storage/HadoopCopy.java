package se.finsam.storage;

import java.io.File;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;

/**
 * {@code HadoopCopy <source> <target> [key=value ...]}: copies a folder between any two Hadoop file
 * systems (a local path, {@code hdfs://…}, {@code s3a://…}), so ci/chain-check.sh can bring a
 * remote run's deliveries and report home to compare them with the local run's;
 * the pairs are Hadoop settings (the S3A endpoint; credentials stay in the environment).
 */
public final class HadoopCopy {
  private HadoopCopy() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: HadoopCopy <source> <target> [key=value ...]");
      System.exit(2);
    }
    Configuration conf = new Configuration();
    for (int i = 2; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      conf.set(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    Path source = path(args[0]);
    Path target = path(args[1]);
    if (!FileUtil.copy(source.getFileSystem(conf), source, target.getFileSystem(conf), target, false, true, conf)) {
      throw new IOException("could not copy " + source + " to " + target);
    }
  }

  /** A URI with a scheme ({@code hdfs://…}, {@code file:/…}) as it is; anything else is a local path. */
  private static Path path(String location) {
    return location.matches("[A-Za-z][A-Za-z0-9+.-]*:.*") ? new Path(location) : new Path(new File(location).getAbsoluteFile().toURI());
  }
}
