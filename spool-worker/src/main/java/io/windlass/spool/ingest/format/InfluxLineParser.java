package io.windlass.spool.ingest.format;

import io.windlass.spool.MetricValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the Influx line protocol into metrics.
 *
 * <p>A line is {@code measurement[,tag=value...] field=value[,field=value...] [timestamp]}. Each
 * numeric field becomes one metric named {@code measurement_field} with the line's tags. Field
 * values are floats ({@code 1.5}, {@code -3e2}, and {@code NaN}, {@code Inf}, {@code +Inf}, {@code
 * -Inf} in any case, as VictoriaMetrics reads them; {@code 1e999} is infinite), integers ({@code
 * 2i}), unsigned integers ({@code 2u}) or booleans ({@code t}, {@code true}, {@code F}, ... as 1
 * and 0); string fields ({@code "..."}) are skipped and counted. The timestamp, when there, is
 * integer epoch nanoseconds and becomes milliseconds (truncated); without it the metric's timestamp
 * is 0 (the pipeline's aligned timestamp).
 *
 * <p>Escapes: in the measurement {@code \,} and {@code \ }; in tag keys, tag values and field keys
 * also {@code \=}; in string field values {@code \"} and {@code \\}. A backslash before any other
 * character is kept. Blank lines and lines starting with {@code #} are skipped. Any other text
 * fails the whole input with a {@link MetricParseException} naming the line.
 *
 * <p>Names are made ones the spool stores, as Telegraf's Prometheus output makes them: in a sample
 * name ({@code measurement_field}) every character but letters, digits, {@code _}, {@code .},
 * {@code :} and {@code -} becomes {@code _} ({@code m f\ ield=1} is {@code m_f_ield}); in a tag key
 * every character but letters, digits and {@code _} does, and one starting with a digit gets a
 * {@code _} before it. Two tag keys that become one label are refused as duplicates.
 */
final class InfluxLineParser {
  private InfluxLineParser() {}

  /** Parses {@code text}. */
  static ParseResult parse(String text) throws MetricParseException {
    List<Sample> metrics = new ArrayList<>();
    int[] skipped = new int[1];
    List<String> lines = Lines.of(text);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      new LineParser(trimmed, i + 1).parse(metrics, skipped);
    }
    return new ParseResult(metrics, 0, skipped[0]);
  }

  /** {@code name} with every character the spool does not take in a metric key made {@code _}. */
  static String sampleName(String name) {
    StringBuilder out = null;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean kept = isWordChar(c) || c == '.' || c == ':' || c == '-';
      if (!kept && out == null) {
        out = new StringBuilder(name.length()).append(name, 0, i);
      }
      if (out != null) {
        out.append(kept ? c : '_');
      }
    }
    return out == null ? name : out.toString();
  }

  /** {@code key} as a label name: letters, digits and {@code _}, not starting with a digit. */
  static String labelName(String key) {
    StringBuilder out = new StringBuilder(key.length() + 1);
    if (key.charAt(0) >= '0' && key.charAt(0) <= '9') {
      out.append('_');
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      out.append(isWordChar(c) ? c : '_');
    }
    return out.toString();
  }

  private static boolean isWordChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
  }

  private static final class LineParser {
    private final String line;
    private final int lineNumber;
    private int pos;

    LineParser(String line, int lineNumber) {
      this.line = line;
      this.lineNumber = lineNumber;
    }

    void parse(List<Sample> out, int[] skipped) throws MetricParseException {
      String measurement = until(", ", false);
      if (measurement.isEmpty()) {
        throw error("missing measurement");
      }
      Map<String, String> tags = new LinkedHashMap<>();
      while (!atEnd() && peek() == ',') {
        pos++;
        String key = until("=, ", true);
        if (key.isEmpty()) {
          throw error("empty tag key in " + measurement);
        }
        if (atEnd() || peek() != '=') {
          throw error("tag key \"" + key + "\" of " + measurement + " has no '='");
        }
        pos++;
        String value = until(", =", true);
        if (value.isEmpty()) {
          throw error("empty value for tag \"" + key + "\" of " + measurement);
        }
        if (!atEnd() && peek() == '=') {
          throw error("unescaped '=' in value of tag \"" + key + "\" of " + measurement);
        }
        if (tags.put(labelName(key), value) != null) {
          throw error("duplicate tag \"" + labelName(key) + "\" in " + measurement);
        }
      }
      if (atEnd()) {
        throw error("measurement \"" + measurement + "\" has no fields");
      }
      skipSpaces();
      List<Sample> fields = new ArrayList<>();
      int fieldCount = 0;
      while (true) {
        String key = until("=, ", true);
        if (key.isEmpty()) {
          throw error("empty field key in " + measurement);
        }
        if (atEnd() || peek() != '=') {
          throw error("field \"" + key + "\" of " + measurement + " has no '='");
        }
        pos++;
        fieldCount++;
        if (!atEnd() && peek() == '"') {
          pos++;
          stringValue(key);
          skipped[0]++;
        } else {
          String raw = until(", ", false);
          double value = fieldValue(key, raw);
          fields.add(new Sample(sampleName(measurement + "_" + key), tags, 0, value));
        }
        if (atEnd() || peek() == ' ') {
          break;
        }
        pos++; // ','
      }
      if (fieldCount == 0) {
        throw error("measurement \"" + measurement + "\" has no fields");
      }
      skipSpaces();
      long timestampMillis = 0;
      if (!atEnd()) {
        String ts = until(" ", false);
        if (!ts.matches("-?\\d{1,19}")) {
          throw error("invalid timestamp \"" + ts + "\" for " + measurement);
        }
        long nanos;
        try {
          nanos = Long.parseLong(ts);
        } catch (NumberFormatException e) {
          throw error("invalid timestamp \"" + ts + "\" for " + measurement);
        }
        if (nanos < 0) {
          throw error("timestamp " + nanos + " for " + measurement + " is before the epoch");
        }
        timestampMillis = nanos / 1_000_000;
        skipSpaces();
        if (!atEnd()) {
          throw error("unexpected text after the timestamp of " + measurement);
        }
      }
      for (Sample field : fields) {
        out.add(field.withTimestamp(timestampMillis));
      }
    }

    private double fieldValue(String key, String raw) throws MetricParseException {
      if (raw.isEmpty()) {
        throw error("missing value for field \"" + key + "\"");
      }
      switch (raw) {
        case "t":
        case "T":
        case "true":
        case "True":
        case "TRUE":
          return 1;
        case "f":
        case "F":
        case "false":
        case "False":
        case "FALSE":
          return 0;
        default:
          break;
      }
      char last = raw.charAt(raw.length() - 1);
      String digits = raw.substring(0, raw.length() - 1);
      if (last == 'i' && digits.matches("-?\\d+")) {
        try {
          return Long.parseLong(digits);
        } catch (NumberFormatException e) {
          throw error("integer field \"" + key + "\" out of range: " + raw);
        }
      }
      if (last == 'u' && digits.matches("\\d+")) {
        java.math.BigInteger unsigned = new java.math.BigInteger(digits);
        if (unsigned.bitLength() > 64) {
          throw error("unsigned field \"" + key + "\" out of range: " + raw);
        }
        return unsigned.doubleValue();
      }
      switch (raw.toLowerCase(java.util.Locale.ROOT)) {
        case "nan":
          return Double.NaN;
        case "inf":
        case "+inf":
          return Double.POSITIVE_INFINITY;
        case "-inf":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
      if (!MetricValues.isDecimal(raw)) {
        throw error("invalid value " + raw + " for field \"" + key + "\"");
      }
      return Double.parseDouble(raw);
    }

    private void stringValue(String key) throws MetricParseException {
      while (!atEnd()) {
        char ch = line.charAt(pos++);
        if (ch == '"') {
          return;
        }
        if (ch == '\\' && !atEnd()) {
          pos++;
        }
      }
      throw error("unterminated string value of field \"" + key + "\"");
    }

    /**
     * Reads up to the first unescaped character in {@code stops}, unescaping {@code \x} for x in
     * {@code stops} (and {@code =} when {@code escapesEquals}); other backslashes are kept.
     */
    private String until(String stops, boolean escapesEquals) {
      StringBuilder out = new StringBuilder();
      while (!atEnd()) {
        char ch = peek();
        if (ch == '\\' && pos + 1 < line.length()) {
          char nextCh = line.charAt(pos + 1);
          if (stops.indexOf(nextCh) >= 0 || nextCh == ' ' || (escapesEquals && nextCh == '=')) {
            out.append(nextCh);
            pos += 2;
            continue;
          }
        }
        if (stops.indexOf(ch) >= 0) {
          break;
        }
        out.append(ch);
        pos++;
      }
      return out.toString();
    }

    private void skipSpaces() {
      while (!atEnd() && peek() == ' ') {
        pos++;
      }
    }

    private boolean atEnd() {
      return pos >= line.length();
    }

    private char peek() {
      return line.charAt(pos);
    }

    private MetricParseException error(String problem) {
      return new MetricParseException(lineNumber, problem);
    }
  }
}
