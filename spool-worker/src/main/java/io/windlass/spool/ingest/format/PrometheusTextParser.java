package io.windlass.spool.ingest.format;

import io.windlass.spool.MetricType;
import io.windlass.spool.MetricValues;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Parses the Prometheus text exposition format (version 0.0.4) and OpenMetrics 1.0 text into
 * metrics.
 *
 * <ul>
 *   <li>{@code # HELP name text} and {@code # TYPE name type} are checked (valid name; type one of
 *       counter, gauge, histogram, summary, untyped, or OpenMetrics' gaugehistogram, info,
 *       stateset, unknown) and, with OpenMetrics' {@code # UNIT name unit}, make the result's
 *       {@linkplain ParseResult#families() families} (help unescaped: {@code \\} and {@code \n});
 *       other {@code #} lines and blank lines are comments.
 *   <li>A line {@code # EOF} (blanks around it aside) ends the exposition, as in OpenMetrics: a
 *       line after it that is not blank is refused.
 *   <li>A sample is {@code name{label="value",...} value [timestamp] [# {labels} value
 *       [timestamp]]}: label values may contain {@code \\}, {@code \"} and {@code \n} escapes; a
 *       trailing comma in the label set is allowed; a label may appear once. A metric name may hold
 *       dots ({@code a.b}, as VictoriaMetrics takes it), or be quoted as the first item of the
 *       label set ({@code {"a.b",x="y"}}), where label names may be quoted too. An OpenMetrics
 *       exemplar after the sample ({@code # {trace_id="a"} 0.5 1.5}) is checked and dropped.
 *   <li>The value is a decimal float ({@code 1}, {@code -1.5e3}, {@code .5}) or {@code +Inf},
 *       {@code -Inf}, {@code Inf}, {@code +Infinity}, {@code NaN} (any case). NaN and infinite
 *       samples are dropped and counted, unless the caller keeps them.
 *   <li>The timestamp, when there, must not be negative. An integer is epoch milliseconds in
 *       Prometheus text and epoch seconds in OpenMetrics text; a decimal with a fraction or an
 *       exponent ({@code 1520879607.789}) is epoch seconds in both, as only OpenMetrics writes it.
 *       Either becomes milliseconds (truncated); without it the metric's timestamp is 0 (the
 *       pipeline's aligned timestamp).
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
          "unknown",
          "info",
          "stateset",
          "gaugehistogram");

  /** The line that ends an OpenMetrics exposition. */
  static final String EOF = "# EOF";

  /** Why a line after {@link #EOF} is refused. */
  static final String AFTER_EOF = "text after \"# EOF\", which ends the exposition";

  /** The latest timestamp in seconds whose milliseconds fit a long. */
  private static final long MAX_SECONDS = Long.MAX_VALUE / 1000;

  private PrometheusTextParser() {}

  /** Parses {@code text}, dropping (and counting) NaN and infinite samples. */
  static ParseResult parse(String text) throws MetricParseException {
    return parse(text, false);
  }

  /**
   * Parses {@code text} as Prometheus text, or as OpenMetrics text if its last line that is not
   * blank is {@code # EOF}, which OpenMetrics requires and Prometheus text has no use for.
   */
  static ParseResult parseEither(String text) throws MetricParseException {
    return parse(text, false, endsWithEof(text));
  }

  /** Parses {@code text} as Prometheus text. */
  static ParseResult parse(String text, boolean keepNonFinite) throws MetricParseException {
    return parse(text, keepNonFinite, false);
  }

  /**
   * Parses {@code text}.
   *
   * @param keepNonFinite whether NaN and infinite samples are kept, rather than dropped and counted
   * @param openMetrics whether integer timestamps are seconds (OpenMetrics), not milliseconds
   */
  static ParseResult parse(String text, boolean keepNonFinite, boolean openMetrics)
      throws MetricParseException {
    List<Sample> metrics = new ArrayList<>();
    int nonFinite = 0;
    FamilyComments families = new FamilyComments();
    List<String> lines = Lines.of(text);
    boolean ended = false;
    for (int i = 0; i < lines.size(); i++) {
      Cursor c = new Cursor(lines.get(i), i + 1);
      c.skipBlanks();
      if (c.atEnd()) {
        continue;
      }
      if (ended) {
        throw c.error(AFTER_EOF);
      }
      if (isEof(c.line)) {
        ended = true;
        continue;
      }
      if (c.peek() == '#') {
        c.next();
        comment(c, families);
        continue;
      }
      Sample metric = sample(c, openMetrics);
      if (keepNonFinite || Double.isFinite(metric.value())) {
        metrics.add(metric);
      } else {
        nonFinite++;
      }
    }
    return new ParseResult(metrics, nonFinite, 0, families.families());
  }

  /** Whether {@code line} is {@code # EOF}, with blanks around it or not. */
  static boolean isEof(String line) {
    int start = 0;
    int end = line.length();
    while (start < end && isBlank(line.charAt(start))) {
      start++;
    }
    while (end > start && isBlank(line.charAt(end - 1))) {
      end--;
    }
    return line.startsWith(EOF, start) && end - start == EOF.length();
  }

  private static boolean endsWithEof(String text) {
    List<String> lines = Lines.of(text);
    for (int i = lines.size() - 1; i >= 0; i--) {
      String line = lines.get(i);
      if (!line.isBlank()) {
        return isEof(line);
      }
    }
    return false;
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
    String name;
    if (!c.atEnd() && c.peek() == '"') {
      c.next();
      name = quoted(c, "metric name");
      if (name.isEmpty() || !c.atEnd() && !isBlank(c.peek())) {
        throw c.error(keyword + " line has invalid metric name \"" + name + "\"");
      }
    } else {
      name = c.token();
      if (!isMetricName(name)) {
        throw c.error(keyword + " line has invalid metric name \"" + name + "\"");
      }
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

  private static Sample sample(Cursor c, boolean openMetrics) throws MetricParseException {
    int start = c.pos;
    while (!c.atEnd() && isNameChar(c.peek(), c.pos == start)) {
      c.next();
    }
    String name = c.line.substring(start, c.pos);
    if (name.isEmpty() && (c.atEnd() || c.peek() != '{')) {
      throw c.error("expected a metric name, found '" + c.peek() + "'");
    }
    int afterName = c.pos;
    c.skipBlanks();
    Map<String, String> labels = Map.of();
    if (!c.atEnd() && c.peek() == '{') {
      c.next();
      LabelSet set = labels(c, name.isEmpty() ? null : name);
      labels = set.labels;
      name = set.name;
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
    if (!c.atEnd() && c.peek() != '#') {
      timestamp = timestamp(c, c.token(), name, openMetrics);
      c.skipBlanks();
    }
    if (!c.atEnd()) {
      if (c.peek() != '#') {
        throw c.error("unexpected text after the timestamp of " + name);
      }
      c.next();
      exemplar(c, name, openMetrics);
    }
    return new Sample(name, labels, timestamp, value);
  }

  /**
   * Checks an OpenMetrics exemplar, from after its {@code #}: {@code {labels} value [timestamp]}.
   */
  private static void exemplar(Cursor c, String name, boolean openMetrics)
      throws MetricParseException {
    c.skipBlanks();
    if (c.atEnd() || c.peek() != '{') {
      throw c.error("expected '{' to open the exemplar of " + name);
    }
    c.next();
    String metric = "the exemplar of " + name;
    labels(c, metric);
    if (!c.atEnd() && !isBlank(c.peek())) {
      throw c.error("expected a space after " + metric + ", found '" + c.peek() + "'");
    }
    c.skipBlanks();
    String valueText = c.token();
    if (valueText.isEmpty()) {
      throw c.error("missing value for " + metric);
    }
    value(c, valueText);
    c.skipBlanks();
    if (!c.atEnd()) {
      timestamp(c, c.token(), metric, openMetrics);
      c.skipBlanks();
      if (!c.atEnd()) {
        throw c.error("unexpected text after the timestamp of " + metric);
      }
    }
  }

  /**
   * A timestamp as epoch milliseconds: an integer is milliseconds, or seconds when {@code seconds};
   * a decimal with a fraction or exponent is seconds. Milliseconds are truncated.
   */
  private static long timestamp(Cursor c, String ts, String name, boolean seconds)
      throws MetricParseException {
    if (ts.matches("-?\\d{1,19}")) {
      long timestamp;
      try {
        timestamp = Long.parseLong(ts);
      } catch (NumberFormatException e) {
        throw c.error("invalid timestamp \"" + ts + "\" for " + name);
      }
      if (timestamp < 0) {
        throw c.error("timestamp " + timestamp + " for " + name + " is before the epoch");
      }
      if (!seconds) {
        return timestamp;
      }
      if (timestamp > MAX_SECONDS) {
        throw c.error("timestamp " + ts + " for " + name + " is out of range");
      }
      return timestamp * 1000;
    }
    if (!MetricValues.isDecimal(ts)) {
      throw c.error("invalid timestamp \"" + ts + "\" for " + name);
    }
    BigDecimal secondsValue;
    try {
      secondsValue = new BigDecimal(ts);
    } catch (NumberFormatException e) { // an exponent past an int
      throw c.error("timestamp " + ts + " for " + name + " is out of range");
    }
    if (secondsValue.signum() < 0) {
      throw c.error("timestamp " + ts + " for " + name + " is before the epoch");
    }
    // Digits before the point, checked before scaling: 1e999999999 must not become a number.
    if (secondsValue.precision() - secondsValue.scale() > 19) {
      throw c.error("timestamp " + ts + " for " + name + " is out of range");
    }
    BigDecimal millis = secondsValue.movePointRight(3).setScale(0, RoundingMode.DOWN);
    if (millis.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw c.error("timestamp " + ts + " for " + name + " is out of range");
    }
    return millis.longValueExact();
  }

  /** A label set: its labels, and the metric name quoted in it, or the name given before it. */
  private record LabelSet(String name, Map<String, String> labels) {}

  /**
   * Reads a label set from after its '{'.
   *
   * @param metric the metric name before the set, or null if there is none, so that the set must
   *     name it quoted
   */
  private static LabelSet labels(Cursor c, @Nullable String metric) throws MetricParseException {
    Map<String, String> labels = new LinkedHashMap<>();
    @Nullable String name = metric;
    boolean first = true;
    while (true) {
      c.skipBlanks();
      if (c.atEnd()) {
        throw c.error("unterminated label set of " + shown(name));
      }
      if (c.peek() == '}') {
        c.next();
        return labelSet(c, name, labels);
      }
      String label;
      if (c.peek() == '"') {
        c.next();
        String text = quoted(c, "quoted name");
        c.skipBlanks();
        if (!c.atEnd() && (c.peek() == ',' || c.peek() == '}')) {
          if (!first || name != null) {
            throw c.error("a quoted metric name \"" + text + "\" after the metric name or labels");
          }
          if (text.isEmpty()) {
            throw c.error("empty quoted metric name");
          }
          name = text;
          first = false;
          if (c.next() == '}') {
            return labelSet(c, name, labels);
          }
          continue;
        }
        label = text;
        if (label.isEmpty()) {
          throw c.error("empty quoted label name in " + shown(name));
        }
      } else {
        int start = c.pos;
        while (!c.atEnd() && isLabelNameChar(c.peek(), c.pos == start)) {
          c.next();
        }
        label = c.line.substring(start, c.pos);
        if (label.isEmpty()) {
          throw c.error(
              "expected a label name in " + shown(name) + ", found '" + c.peekOrEnd() + "'");
        }
      }
      first = false;
      c.skipBlanks();
      if (c.atEnd() || c.peek() != '=') {
        throw c.error("expected '=' after label " + label + " of " + shown(name));
      }
      c.next();
      c.skipBlanks();
      if (c.atEnd() || c.peek() != '"') {
        throw c.error("expected '\"' to open the value of label " + label + " of " + shown(name));
      }
      c.next();
      String value = quoted(c, "value of label " + label);
      if (labels.put(label, value) != null) {
        throw c.error("duplicate label " + label + " in " + shown(name));
      }
      c.skipBlanks();
      if (c.atEnd()) {
        throw c.error("unterminated label set of " + shown(name));
      }
      char sep = c.next();
      if (sep == '}') {
        return labelSet(c, name, labels);
      }
      if (sep != ',') {
        throw c.error("expected ',' or '}' after label " + label + " of " + shown(name));
      }
    }
  }

  private static LabelSet labelSet(Cursor c, @Nullable String name, Map<String, String> labels)
      throws MetricParseException {
    if (name == null) {
      throw c.error("a label set without a metric name");
    }
    return new LabelSet(name, labels);
  }

  private static String shown(@Nullable String name) {
    return name == null ? "a label set" : name;
  }

  /**
   * A quoted string from after its opening quote, through its closing one: {@code \\}, {@code \"}
   * and {@code \n} are escapes, any other backslash is refused.
   *
   * @param what what the string is, for messages
   */
  private static String quoted(Cursor c, String what) throws MetricParseException {
    StringBuilder value = new StringBuilder();
    while (true) {
      if (c.atEnd()) {
        throw c.error("unterminated " + what);
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
        throw c.error("unterminated " + what);
      }
      char esc = c.next();
      if (esc == '\\') {
        value.append('\\');
      } else if (esc == '"') {
        value.append('"');
      } else if (esc == 'n') {
        value.append('\n');
      } else {
        throw c.error("invalid escape \\" + esc + " in " + what);
      }
    }
  }

  private static double value(Cursor c, String text) throws MetricParseException {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.equals("+inf")
        || lower.equals("inf")
        || lower.equals("+infinity")
        || lower.equals("infinity")) {
      return Double.POSITIVE_INFINITY;
    }
    if (lower.equals("-inf") || lower.equals("-infinity")) {
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
    return isLabelNameChar(ch, first) || ch == ':' || (!first && ch == '.');
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
