package se.finsam.jobs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What a run read, wrote and rejected, with row counts, for the final log line and the audit table. */
public final class JobMetrics {
  public enum Kind { READ, WROTE, REJECTED }

  public record Entry(Kind kind, String what, long rows) {}

  private final List<Entry> entries = Collections.synchronizedList(new ArrayList<>());
  private String inputsFingerprint;

  public void read(String what, long rows) {
    entries.add(new Entry(Kind.READ, what, rows));
  }

  public void wrote(String what, long rows) {
    entries.add(new Entry(Kind.WROTE, what, rows));
  }

  public void rejected(String what, long rows) {
    entries.add(new Entry(Kind.REJECTED, what, rows));
  }

  /** Identifies the inputs of this run (checksums, table versions) so a later run can skip unchanged work. */
  public void inputsFingerprint(String fingerprint) {
    this.inputsFingerprint = fingerprint;
  }

  public String inputsFingerprint() {
    return inputsFingerprint;
  }

  public List<Entry> entries() {
    synchronized (entries) {
      return List.copyOf(entries);
    }
  }

  public long total(Kind kind) {
    return entries().stream().filter(e -> e.kind() == kind).mapToLong(Entry::rows).sum();
  }

  /** e.g. {@code read raw/x 10 rows; wrote curated/x 9 rows; rejected quarantine 1 rows}. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    for (Entry e : entries()) {
      if (out.length() > 0) {
        out.append("; ");
      }
      out.append(e.kind().name().toLowerCase()).append(' ').append(e.what()).append(' ')
          .append(e.rows()).append(" rows");
    }
    return out.length() == 0 ? "nothing read or written" : out.toString();
  }
}
