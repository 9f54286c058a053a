package se.finsam.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Delivery text decoded strictly in the encoding its manifest declares. Java's readers replace bytes
 * that are not valid in their charset with U+FFFD without a word, which would load a Latin-1 file
 * declared (or defaulted) as UTF-8 with its å, ä and ö silently destroyed; here such bytes reject the
 * file, named with its line, and the bytes themselves are never echoed (a binary file must not reach
 * the log). A byte-order mark is part of the encoding (UTF-8's is dropped from the header, UTF-16's
 * is read by its decoder).
 */
final class StrictText {
  static final String DEFAULT_ENCODING = "UTF-8";
  private static final int MAX_ECHO = 80;

  private StrictText() {}

  /** Java's canonical name of a declared encoding; an unknown one fails naming the owner. */
  static String canonicalEncoding(String name, String owner) {
    try {
      if (name == null || name.isBlank() || !Charset.isSupported(name.trim())) {
        throw new IllegalArgumentException(owner + ": unknown encoding '" + printable(String.valueOf(name))
            + "' (e.g. UTF-8, ISO-8859-1, windows-1252)");
      }
    } catch (IllegalCharsetNameException e) {
      throw new IllegalArgumentException(owner + ": unknown encoding '" + printable(name) + "'", e);
    }
    return Charset.forName(name.trim()).name();
  }

  /** A decoder that reports, never replaces, malformed and unmappable input. */
  static CharsetDecoder decoder(String encoding) {
    return Charset.forName(encoding).newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  /** A file's SHA-256 and, if its bytes are not all valid in its encoding, the rejection naming the first bad line. */
  record Checked(String sha256, DeliveryException invalid) {}

  /**
   * Reads a file once, feeding every byte to {@code digest} and decoding strictly up to the first byte
   * sequence not valid in the encoding (header = line 1). The caller compares the checksum first: a
   * file that is not the one the manifest describes is reported as such, not as an encoding error.
   */
  static Checked hashDecoding(InputStream in, String encoding, MessageDigest digest, String deliveryId, String file)
      throws IOException {
    CharsetDecoder decoder = decoder(encoding);
    ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
    CharBuffer chars = CharBuffer.allocate(1 << 16);
    Position at = new Position();
    for (int n = in.read(bytes.array(), bytes.position(), bytes.remaining()); n >= 0;
         n = in.read(bytes.array(), bytes.position(), bytes.remaining())) {
      digest.update(bytes.array(), bytes.position(), n);
      bytes.position(bytes.position() + n);
      bytes.flip();
      if (at.valid) {
        decode(decoder, bytes, chars, false, at);
      }
      if (at.valid) {
        bytes.compact();
      } else {
        bytes.clear();
      }
    }
    bytes.flip();
    if (at.valid) {
      decode(decoder, bytes, chars, true, at);
    }
    if (at.valid && decoder.flush(chars).isError()) {
      at.valid = false;
    }
    return new Checked(HexFormat.of().formatHex(digest.digest()),
        at.valid ? null : invalid(deliveryId, file, encoding, at.line, at.offset));
  }

  /** Where the decoder stands: the line it is on, the bytes it has consumed, and whether all were valid. */
  private static final class Position {
    long line = 1;
    long offset;
    boolean valid = true;
  }

  private static void decode(CharsetDecoder decoder, ByteBuffer bytes, CharBuffer chars, boolean end, Position at) {
    while (true) {
      int before = bytes.position();
      CoderResult result = decoder.decode(bytes, chars, end);
      at.offset += bytes.position() - before;
      chars.flip();
      while (chars.hasRemaining()) {
        if (chars.get() == '\n') {
          at.line++;
        }
      }
      chars.clear();
      if (result.isError()) {
        at.valid = false;
        return;
      }
      if (!result.isOverflow()) {
        return;
      }
    }
  }

  /** The rejection of a file with bytes its encoding does not allow; the bytes are not shown. */
  static DeliveryException invalid(String deliveryId, String file, String encoding, long line, long offset) {
    return new DeliveryException(deliveryId + ": file " + file + " is not valid " + encoding + " at line " + line
        + (offset >= 0 ? " (byte " + offset + ")" : "") + ": a byte sequence that " + encoding
        + " does not allow (bytes not shown); declare the file's encoding in the manifest field \"encoding\"");
  }

  /**
   * A value from a delivery made safe for a message: control characters, replacement characters and
   * anything that is not printable shown as {@code \\uXXXX}, and cut after 80 characters.
   */
  static String printable(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length() && i < MAX_ECHO; i++) {
      char c = s.charAt(i);
      boolean visible = !Character.isISOControl(c) && c != '\uFFFD' && Character.isDefined(c)
          && Character.getType(c) != Character.SURROGATE && Character.getType(c) != Character.PRIVATE_USE;
      out.append(visible ? String.valueOf(c) : String.format("\\u%04X", (int) c));
    }
    return s.length() > MAX_ECHO ? out + "…" : out.toString();
  }
}
