package se.finsam.linkage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import se.finsam.ingest.DeliveryReader;
import se.finsam.ingest.DeliveryValidation;
import se.finsam.schemas.Rule;

/**
 * Replaces personnummer by pid: {@code pid} = the first 8 bytes (big-endian) of HMAC-SHA-256(key,
 * normalised 12-digit number), with the sign bit cleared so that every pid is a non-negative 63-bit
 * long. The same key gives the same pid in every source and run. The HMAC runs on the executors,
 * the key travels as a broadcast byte array.
 *
 * <p>Each output row also carries {@link #DIGEST}, the full 256-bit HMAC in hex: distinct numbers
 * have distinct digests (a collision there is out of reach), so a pid shared by two digests is a pid
 * collision. The collision check shuffles digests, never raw numbers; the digest column is dropped
 * before anything is written.
 */
public final class Pseudonymiser {
  public static final String PID = "pid";
  public static final String DIGEST = "_digest";
  private static final String HMAC = "HmacSHA256";

  private Pseudonymiser() {}

  /** The pid of a normalised number, keeping the low {@code bits} bits of the first 8 HMAC bytes (63 in production). */
  public static long pid(byte[] hmac, int bits) {
    long first8 = ByteBuffer.wrap(hmac, 0, 8).getLong();
    return bits >= 63 ? first8 & Long.MAX_VALUE : first8 & ((1L << bits) - 1);
  }

  public static byte[] hmac(Mac mac, String normalised) {
    return mac.doFinal(normalised.getBytes(StandardCharsets.US_ASCII));
  }

  public static Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 is not available", e);
    }
  }

  /** Output schema: the columns with {@code pid} for the person column, the row's place, its violation and the digest. */
  public static StructType schema(List<String> outputColumns) {
    StructType schema = new StructType();
    for (String c : outputColumns) {
      schema = schema.add(c, DataTypes.StringType, true);
    }
    return schema.add(DeliveryReader.FILE, DataTypes.StringType, false)
        .add(DeliveryReader.ROW_NUMBER, DataTypes.LongType, false)
        .add(DeliveryValidation.RULE_CODE, DataTypes.StringType, true)
        .add(DeliveryValidation.RULE, DataTypes.StringType, true)
        .add(DeliveryValidation.COLUMN_NAME, DataTypes.StringType, true)
        .add(DeliveryValidation.VALUE, DataTypes.StringType, true)
        .add(DIGEST, DataTypes.StringType, true);
  }

  /**
   * @param raw rows of {@link DeliveryReader#read} whose column {@code personIndex} holds the number
   * @param outputColumns the same columns with the person column renamed {@code pid}
   * @return one row per input row: invalid numbers (R08) and malformed lines (R09) carry a rule and no values
   */
  public static Dataset<Row> pseudonymise(Dataset<Row> raw, List<String> outputColumns, int personIndex,
                                          Broadcast<byte[]> key, int pidBits) {
    return raw.mapPartitions(new DerivePids(outputColumns.size(), personIndex, key, pidBits),
        Encoders.row(schema(outputColumns)));
  }

  /** Rows of pids shared by more than one number (by digest); empty when there is no collision. */
  public static Dataset<Row> collisions(Dataset<Row> pseudonymised) {
    return pseudonymised.filter(functions.col(DIGEST).isNotNull())
        .groupBy(PID).agg(functions.countDistinct(DIGEST).as("numbers"))
        .filter(functions.col("numbers").gt(1));
  }

  private static final class DerivePids implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final int columns;
    private final int personIndex;
    private final Broadcast<byte[]> key;
    private final int pidBits;

    DerivePids(int columns, int personIndex, Broadcast<byte[]> key, int pidBits) {
      this.columns = columns;
      this.personIndex = personIndex;
      this.key = key;
      this.pidBits = pidBits;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      Mac mac = mac(key.value());
      HexFormat hex = HexFormat.of();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Row next() {
          Row row = rows.next();
          Object[] out = new Object[columns + 7];
          out[columns] = row.getString(columns);
          out[columns + 1] = row.getLong(columns + 1);
          if (!row.isNullAt(columns + 2)) {
            // A line with the wrong number of fields cannot be trusted to have the number where the header says.
            return violation(out, Rule.MALFORMED_ROW, null, row.getString(columns + 2));
          }
          String number = row.getString(personIndex);
          String normalised = Personnummer.normalise(number);
          if (number != null && normalised == null) {
            return violation(out, Rule.INVALID_PERSONNUMMER, se.finsam.ingest.DeliveryManifest.PERSONNUMMER,
                DeliveryValidation.REDACTED);
          }
          for (int i = 0; i < columns; i++) {
            out[i] = row.getString(i);
          }
          if (normalised != null) {
            byte[] digest = hmac(mac, normalised);
            out[personIndex] = Long.toString(pid(digest, pidBits));
            out[columns + 6] = hex.formatHex(digest);
          }
          return RowFactory.create(out);
        }
      };
    }

    private static Row violation(Object[] out, Rule rule, String column, String value) {
      out[out.length - 5] = rule.code();
      out[out.length - 4] = rule.name();
      out[out.length - 3] = column;
      out[out.length - 2] = value;
      return RowFactory.create(out);
    }
  }
}
