package se.finsam.warehouse;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * One job run as recorded in the audit table. {@code inputsFingerprint} identifies what the run read
 * (delivery checksums, table versions), so that a later run can tell whether its inputs changed.
 */
public record AuditRecord(
    String runId,
    String job,
    Instant startedAt,
    Instant endedAt,
    String status,
    long rowsIn,
    long rowsOut,
    long rowsRejected,
    String configHash,
    String inputsFingerprint,
    String details) {

  public static final String SUCCEEDED = "SUCCEEDED";
  public static final String FAILED = "FAILED";

  public Object[] toRowValues() {
    return new Object[] {
      runId, job, Timestamp.from(startedAt), Timestamp.from(endedAt), status,
      rowsIn, rowsOut, rowsRejected, configHash, inputsFingerprint, details
    };
  }
}
