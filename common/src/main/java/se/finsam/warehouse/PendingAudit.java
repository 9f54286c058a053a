package se.finsam.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Audit rows of runs that started no Spark session (a Delta commit needs one): each is one properties file
 * under {@code <warehouse>/_audit_pending}, written whole then renamed into place, until the next run with
 * a session appends it to the audit table ({@link AuditLog#foldPending}) and removes it. The file's name is
 * unique per run, so a fold that stopped between the commit and the removal is not appended twice.
 */
public final class PendingAudit {
  public static final String FOLDER = "_audit_pending";
  private static final String SUFFIX = ".properties";

  /** A pending row and the file that holds it. */
  public record Entry(String name, AuditRecord record) {}

  private final Warehouse warehouse;
  private final Configuration hadoop;

  public PendingAudit(Warehouse warehouse, Configuration hadoop) {
    this.warehouse = warehouse;
    this.hadoop = hadoop;
  }

  private Path folder() {
    return new Path(warehouse.root() + "/" + FOLDER);
  }

  public void write(AuditRecord r) {
    Properties p = new Properties();
    p.setProperty("run_id", r.runId());
    p.setProperty("job", r.job());
    p.setProperty("started_at", r.startedAt().toString());
    p.setProperty("ended_at", r.endedAt().toString());
    p.setProperty("status", r.status());
    p.setProperty("rows_in", Long.toString(r.rowsIn()));
    p.setProperty("rows_out", Long.toString(r.rowsOut()));
    p.setProperty("rows_rejected", Long.toString(r.rowsRejected()));
    p.setProperty("config_hash", r.configHash());
    if (r.inputsFingerprint() != null) {
      p.setProperty("inputs_fingerprint", r.inputsFingerprint());
    }
    if (r.details() != null) {
      p.setProperty("details", r.details());
    }
    String name = r.runId() + "-" + UUID.randomUUID();
    Path partial = new Path(folder(), "." + name + ".tmp");
    try {
      FileSystem fs = partial.getFileSystem(hadoop);
      try (OutputStream out = fs.create(partial, false)) {
        p.store(out, "audit row pending for " + warehouse.audit());
      }
      if (!fs.rename(partial, new Path(folder(), name + SUFFIX))) {
        throw new IOException("rename of " + partial + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the pending audit row under " + folder(), e);
    }
  }

  /** The pending rows, oldest file name first (run ids start with the time). */
  public List<Entry> read() {
    List<Entry> entries = new ArrayList<>();
    try {
      FileSystem fs = folder().getFileSystem(hadoop);
      if (!fs.exists(folder())) {
        return entries;
      }
      FileStatus[] files = fs.listStatus(folder(), path -> path.getName().endsWith(SUFFIX)
          && !path.getName().startsWith("."));
      Arrays.sort(files, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
      for (FileStatus f : files) {
        Properties p = new Properties();
        try (InputStream in = fs.open(f.getPath())) {
          p.load(in);
        }
        String name = f.getPath().getName();
        entries.add(new Entry(name.substring(0, name.length() - SUFFIX.length()), record(p)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the pending audit rows under " + folder(), e);
    }
    return entries;
  }

  public void remove(Entry entry) {
    Path file = new Path(folder(), entry.name() + SUFFIX);
    try {
      file.getFileSystem(hadoop).delete(file, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the folded audit row " + file, e);
    }
  }

  private static AuditRecord record(Properties p) {
    return new AuditRecord(p.getProperty("run_id"), p.getProperty("job"), Instant.parse(p.getProperty("started_at")),
        Instant.parse(p.getProperty("ended_at")), p.getProperty("status"), Long.parseLong(p.getProperty("rows_in")),
        Long.parseLong(p.getProperty("rows_out")), Long.parseLong(p.getProperty("rows_rejected")),
        p.getProperty("config_hash"), p.getProperty("inputs_fingerprint"), p.getProperty("details"));
  }
}
