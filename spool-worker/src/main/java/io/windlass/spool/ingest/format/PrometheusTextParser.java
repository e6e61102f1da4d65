package io.windlass.spool.ingest.format;

import io.windlass.spool.MetricType;
import io.windlass.spool.MetricValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses the Prometheus text exposition format (version 0.0.4) into metrics.
 *
 * <ul>
 *   <li>{@code # HELP name text} and {@code # TYPE name type} are checked (valid name; type one of
 *       counter, gauge, histogram, summary, untyped, or OpenMetrics' gaugehistogram, info,
 *       stateset, unknown) and, with OpenMetrics' {@code # UNIT name unit}, make the result's
 *       {@linkplain ParseResult#families() families} (help unescaped: {@code \\} and {@code \n});
 *       other {@code #} lines and blank lines are comments.
 *   <li>A sample is {@code name{label="value",...} value [timestamp]}: label values may contain
 *       {@code \\}, {@code \"} and {@code \n} escapes; a trailing comma in the label set is
 *       allowed; a label may appear once.
 *   <li>The value is a decimal float or {@code +Inf}, {@code -Inf}, {@code Inf}, {@code NaN} (any
 *       case). NaN and infinite samples are dropped and counted, unless the caller keeps them.
 *   <li>The timestamp, when there, is integer epoch milliseconds and must not be negative; without
 *       it the metric's timestamp is 0 (the pipeline's aligned timestamp).
 * </ul>
 *
 * <p>Any other text fails the whole input with a {@link MetricParseException} naming the line.
 */
final class PrometheusTextParser {
  private static final Set<String> TYPES =
      Set.of(
          "counter",
          "gauge",
          "histogram",
          "summary",
          "untyped",
          "gaugehistogram",
          "info",
          "stateset",
          "unknown");

  private PrometheusTextParser() {}

  /** Parses {@code text}, dropping (and counting) NaN and infinite samples. */
  static ParseResult parse(String text) throws MetricParseException {
    return parse(text, false);
  }

  /**
   * Parses {@code text}.
   *
   * @param keepNonFinite whether NaN and infinite samples are kept, rather than dropped and counted
   */
  static ParseResult parse(String text, boolean keepNonFinite) throws MetricParseException {
    List<Sample> metrics = new ArrayList<>();
    int nonFinite = 0;
    FamilyComments families = new FamilyComments();
    List<String> lines = Lines.of(text);
    for (int i = 0; i < lines.size(); i++) {
      Cursor c = new Cursor(lines.get(i), i + 1);
      c.skipBlanks();
      if (c.atEnd()) {
        continue;
      }
      if (c.peek() == '#') {
        c.next();
        comment(c, families);
        continue;
      }
      Sample metric = sample(c);
      if (keepNonFinite || Double.isFinite(metric.value())) {
        metrics.add(metric);
      } else {
        nonFinite++;
      }
    }
    return new ParseResult(metrics, nonFinite, 0, families.families());
  }

  private static void comment(Cursor c, FamilyComments families) throws MetricParseException {
    c.skipBlanks();
    String keyword = c.token();
    if (keyword.equals("UNIT")) {
      c.skipBlanks();
      String name = c.token();
      c.skipBlanks();
      String unit = c.token();
      if (isMetricName(name) && !unit.isEmpty()) {
        families.unit(name, unit);
      }
      return;
    }
    if (!keyword.equals("HELP") && !keyword.equals("TYPE")) {
      return;
    }
    c.skipBlanks();
    String name = c.token();
    if (!isMetricName(name)) {
      throw c.error(keyword + " line has invalid metric name \"" + name + "\"");
    }
    if (keyword.equals("HELP")) {
      c.skipBlanks();
      families.help(name, unescapeHelp(c.line.substring(c.pos)));
      return;
    }
    if (keyword.equals("TYPE")) {
      c.skipBlanks();
      String type = c.token();
      if (!TYPES.contains(type)) {
        throw c.error("unknown metric type \"" + type + "\" for " + name);
      }
      c.skipBlanks();
      if (!c.atEnd()) {
        throw c.error("unexpected text after TYPE " + name + " " + type);
      }
      families.type(name, MetricType.fromLabel(type));
    }
  }

  /** A help text with {@code \\} and {@code \n} unescaped; other backslashes kept as they are. */
  static String unescapeHelp(String text) {
    if (text.indexOf('\\') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '\\' && i + 1 < text.length()) {
        char next = text.charAt(i + 1);
        if (next == '\\' || next == 'n') {
          out.append(next == 'n' ? '\n' : '\\');
          i++;
          continue;
        }
      }
      out.append(ch);
    }
    return out.toString();
  }

  private static Sample sample(Cursor c) throws MetricParseException {
    int start = c.pos;
    while (!c.atEnd() && isNameChar(c.peek(), c.pos == start)) {
      c.next();
    }
    String name = c.line.substring(start, c.pos);
    if (name.isEmpty()) {
      throw c.error("expected a metric name, found '" + c.peek() + "'");
    }
    int afterName = c.pos;
    c.skipBlanks();
    Map<String, String> labels = Map.of();
    if (!c.atEnd() && c.peek() == '{') {
      c.next();
      labels = labels(c, name);
    } else if (c.pos > afterName) {
      c.pos = afterName;
    }
    if (!c.atEnd() && !isBlank(c.peek())) {
      throw c.error("expected a space after " + name + ", found '" + c.peek() + "'");
    }
    c.skipBlanks();
    String valueText = c.token();
    if (valueText.isEmpty()) {
      throw c.error("missing value for " + name);
    }
    double value = value(c, valueText);
    c.skipBlanks();
    long timestamp = 0;
    if (!c.atEnd()) {
      String ts = c.token();
      if (!ts.matches("-?\\d{1,19}")) {
        throw c.error("invalid timestamp \"" + ts + "\" for " + name);
      }
      try {
        timestamp = Long.parseLong(ts);
      } catch (NumberFormatException e) {
        throw c.error("invalid timestamp \"" + ts + "\" for " + name);
      }
      if (timestamp < 0) {
        throw c.error("timestamp " + timestamp + " for " + name + " is before the epoch");
      }
      c.skipBlanks();
      if (!c.atEnd()) {
        throw c.error("unexpected text after the timestamp of " + name);
      }
    }
    return new Sample(name, labels, timestamp, value);
  }

  private static Map<String, String> labels(Cursor c, String metric) throws MetricParseException {
    Map<String, String> labels = new LinkedHashMap<>();
    while (true) {
      c.skipBlanks();
      if (c.atEnd()) {
        throw c.error("unterminated label set of " + metric);
      }
      if (c.peek() == '}') {
        c.next();
        return labels;
      }
      int start = c.pos;
      while (!c.atEnd() && isLabelNameChar(c.peek(), c.pos == start)) {
        c.next();
      }
      String label = c.line.substring(start, c.pos);
      if (label.isEmpty()) {
        throw c.error("expected a label name in " + metric + ", found '" + c.peekOrEnd() + "'");
      }
      c.skipBlanks();
      if (c.atEnd() || c.peek() != '=') {
        throw c.error("expected '=' after label " + label + " of " + metric);
      }
      c.next();
      c.skipBlanks();
      if (c.atEnd() || c.peek() != '"') {
        throw c.error("expected '\"' to open the value of label " + label + " of " + metric);
      }
      c.next();
      String value = labelValue(c, label);
      if (labels.put(label, value) != null) {
        throw c.error("duplicate label " + label + " in " + metric);
      }
      c.skipBlanks();
      if (c.atEnd()) {
        throw c.error("unterminated label set of " + metric);
      }
      char sep = c.next();
      if (sep == '}') {
        return labels;
      }
      if (sep != ',') {
        throw c.error("expected ',' or '}' after label " + label + " of " + metric);
      }
    }
  }

  private static String labelValue(Cursor c, String label) throws MetricParseException {
    StringBuilder value = new StringBuilder();
    while (true) {
      if (c.atEnd()) {
        throw c.error("unterminated value of label " + label);
      }
      char ch = c.next();
      if (ch == '"') {
        return value.toString();
      }
      if (ch != '\\') {
        value.append(ch);
        continue;
      }
      if (c.atEnd()) {
        throw c.error("unterminated value of label " + label);
      }
      char esc = c.next();
      if (esc == '\\') {
        value.append('\\');
      } else if (esc == '"') {
        value.append('"');
      } else if (esc == 'n') {
        value.append('\n');
      } else {
        throw c.error("invalid escape \\" + esc + " in value of label " + label);
      }
    }
  }

  private static double value(Cursor c, String text) throws MetricParseException {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.equals("+inf") || lower.equals("inf")) {
      return Double.POSITIVE_INFINITY;
    }
    if (lower.equals("-inf")) {
      return Double.NEGATIVE_INFINITY;
    }
    if (lower.equals("nan")) {
      return Double.NaN;
    }
    if (!MetricValues.isDecimal(text)) {
      throw c.error("invalid value \"" + text + "\"");
    }
    return Double.parseDouble(text);
  }

  static boolean isMetricName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (!isNameChar(name.charAt(i), i == 0)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isNameChar(char ch, boolean first) {
    return isLabelNameChar(ch, first) || ch == ':';
  }

  private static boolean isLabelNameChar(char ch, boolean first) {
    return (ch >= 'a' && ch <= 'z')
        || (ch >= 'A' && ch <= 'Z')
        || ch == '_'
        || (!first && ch >= '0' && ch <= '9');
  }

  private static boolean isBlank(char ch) {
    return ch == ' ' || ch == '\t';
  }

  /** A position in one line. */
  private static final class Cursor {
    final String line;
    final int lineNumber;
    int pos;

    Cursor(String line, int lineNumber) {
      this.line = line;
      this.lineNumber = lineNumber;
    }

    boolean atEnd() {
      return pos >= line.length();
    }

    char peek() {
      return line.charAt(pos);
    }

    String peekOrEnd() {
      return atEnd() ? "end of line" : String.valueOf(peek());
    }

    char next() {
      return line.charAt(pos++);
    }

    void skipBlanks() {
      while (!atEnd() && isBlank(peek())) {
        pos++;
      }
    }

    String token() {
      int start = pos;
      while (!atEnd() && !isBlank(peek())) {
        pos++;
      }
      return line.substring(start, pos);
    }

    MetricParseException error(String problem) {
      return new MetricParseException(lineNumber, problem);
    }
  }
}
