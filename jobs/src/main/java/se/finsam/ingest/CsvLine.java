package se.finsam.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line of a delivery's CSV into fields: a single-character delimiter, fields optionally
 * quoted with {@code "} and a doubled quote inside a quoted field standing for one quote (RFC 4180).
 * Deliveries have one record per line (SPEC data layout), so quoted line breaks are not supported;
 * that is what lets the reader number rows from line positions.
 */
public final class CsvLine {
  private CsvLine() {}

  /** The fields of {@code line}; an unterminated quote makes the rest of the line one field. */
  public static String[] split(String line, char delimiter) {
    List<String> fields = new ArrayList<>();
    if (line.indexOf('"') < 0) {
      // Most lines quote nothing: cut at the delimiters without copying character by character.
      int start = 0;
      for (int end = line.indexOf(delimiter); end >= 0; end = line.indexOf(delimiter, start)) {
        fields.add(line.substring(start, end));
        start = end + 1;
      }
      fields.add(line.substring(start));
      return fields.toArray(new String[0]);
    }
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.length() == 0) {
        quoted = true;
      } else if (c == delimiter) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields.toArray(new String[0]);
  }
}
