package io.windlass.spool.ingest.socket;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.google.common.collect.ImmutableSortedMap;
import io.windlass.spool.Metric;
import io.windlass.spool.internal.MetricRules;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Parses one request line of the ingest protocol into metrics. Pure: no I/O, no clock (the caller
 * passes "now"), no state; thread-safe.
 *
 * <p>It checks the request's syntax and its limits only. Whether a key is declared, a value a
 * finite number of the right sign, a label name well-formed and so on is the spool's rule (see
 * {@link io.windlass.spool.MetricRecorder}), checked by {@link IngestHandler}. The two forms are
 * described in the package documentation; in short:
 *
 * <pre>{@code
 * {"key":"pings","value":5,"labels":{"zone":"a"},"time":"2025-01-02T03:04:05Z"}
 * pings=5 errors=0 --labels zone=a,host=db1
 * }</pre>
 */
public final class IngestRequestParser {

  /** The default limit on metrics in one request line. */
  public static final int DEFAULT_MAX_METRICS_PER_LINE = 1000;

  /** The default limit on labels of one metric: the spool's own limit. */
  public static final int DEFAULT_MAX_LABELS = MetricRules.MAX_LABELS;

  private static final JsonFactory JSON = JsonFactory.builder().build();

  /** How Jackson starts its message about NaN, Infinity and the like. */
  private static final String NON_STANDARD_TOKEN = "Non-standard token '";

  private final int maxMetricsPerLine;
  private final int maxLabels;

  /** A parser with {@link #DEFAULT_MAX_METRICS_PER_LINE} and {@link #DEFAULT_MAX_LABELS}. */
  public IngestRequestParser() {
    this(DEFAULT_MAX_METRICS_PER_LINE, DEFAULT_MAX_LABELS);
  }

  /**
   * A parser with the given limits.
   *
   * @param maxMetricsPerLine the most metrics one line may carry; >= 1
   * @param maxLabels the most labels one metric may carry; >= 0
   */
  public IngestRequestParser(int maxMetricsPerLine, int maxLabels) {
    checkArgument(maxMetricsPerLine >= 1, "maxMetricsPerLine %s must be >= 1", maxMetricsPerLine);
    checkArgument(maxLabels >= 0, "maxLabels %s must be >= 0", maxLabels);
    this.maxMetricsPerLine = maxMetricsPerLine;
    this.maxLabels = maxLabels;
  }

  public int maxMetricsPerLine() {
    return maxMetricsPerLine;
  }

  public int maxLabels() {
    return maxLabels;
  }

  /**
   * The metrics of one request line, in the order given.
   *
   * @param line the line, without its terminator
   * @param now the time of metrics that do not give one
   * @throws IngestRequestException the line is malformed or over a limit; the message says how
   */
  public List<Metric> parse(String line, Instant now) throws IngestRequestException {
    int start = skipBlanks(line, 0);
    if (start == line.length()) {
      throw new IngestRequestException("empty request: expected key=value or a JSON object");
    }
    if (line.charAt(start) == '{') {
      return List.of(parseJson(line, now));
    }
    return parseText(line, start, now);
  }

  // ---- text form: key=value [key=value ...] [--labels k=v,k=v]

  private static final String LABELS_OPTION = "--labels";

  private List<Metric> parseText(String line, int start, Instant now)
      throws IngestRequestException {
    int n = line.length();
    List<String> pairs = new ArrayList<>(4); // key, value, key, value, ...
    Map<String, String> labels = null;
    int i = start;
    while (i < n) {
      int end = tokenEnd(line, i);
      if (line.startsWith("--", i)) {
        if (!isOption(line, i, end)) {
          throw new IngestRequestException(
              "unknown option "
                  + quote(line.substring(i, end))
                  + "; the only option is --labels k=v[,k=v...]");
        }
        if (labels != null) {
          throw new IngestRequestException("--labels is given more than once");
        }
        int from;
        if (end == i + LABELS_OPTION.length()) {
          from = skipBlanks(line, end);
          if (from == n) {
            throw new IngestRequestException("--labels needs k=v[,k=v...]");
          }
          end = tokenEnd(line, from);
        } else {
          from = i + LABELS_OPTION.length() + 1; // after "--labels="
        }
        labels = parseLabels(line, from, end);
      } else {
        int eq = line.indexOf('=', i);
        if (eq < 0 || eq >= end) {
          throw new IngestRequestException(
              quote(line.substring(i, end)) + " is not key=value (nor --labels k=v[,k=v...])");
        }
        if (eq == i) {
          throw new IngestRequestException(
              "metric " + quote(line.substring(i, end)) + " has no key before '='");
        }
        String key = line.substring(i, eq);
        if (eq + 1 == end) {
          throw new IngestRequestException("metric " + quote(key) + " has no value after '='");
        }
        if (pairs.size() / 2 == maxMetricsPerLine) {
          throw new IngestRequestException(
              "more than "
                  + maxMetricsPerLine
                  + " metrics in one request; the limit is "
                  + maxMetricsPerLine);
        }
        pairs.add(key);
        pairs.add(line.substring(eq + 1, end));
      }
      i = skipBlanks(line, end);
    }
    if (pairs.isEmpty()) {
      throw new IngestRequestException("no metrics in request: expected key=value");
    }
    Map<String, String> shared = labels == null ? ImmutableSortedMap.of() : labels;
    List<Metric> metrics = new ArrayList<>(pairs.size() / 2);
    for (int p = 0; p < pairs.size(); p += 2) {
      metrics.add(new Metric(pairs.get(p), pairs.get(p + 1), now, shared));
    }
    return metrics;
  }

  private static boolean isOption(String line, int i, int end) {
    int after = i + LABELS_OPTION.length();
    return line.startsWith(LABELS_OPTION, i) && (after == end || line.charAt(after) == '=');
  }

  /** {@code k=v,k=v} between {@code from} and {@code end}, as a sorted map. */
  private Map<String, String> parseLabels(String line, int from, int end)
      throws IngestRequestException {
    if (from == end) {
      throw new IngestRequestException("--labels needs k=v[,k=v...]");
    }
    TreeMap<String, String> labels = new TreeMap<>();
    int i = from;
    while (true) {
      int comma = line.indexOf(',', i);
      int stop = comma < 0 || comma > end ? end : comma;
      if (stop == i) {
        throw new IngestRequestException(
            "--labels "
                + quote(line.substring(from, end))
                + " has an empty label (two commas, or "
                + "one at an end)");
      }
      int eq = line.indexOf('=', i);
      if (eq < 0 || eq >= stop) {
        throw new IngestRequestException(
            "label " + quote(line.substring(i, stop)) + " in --labels is not name=value");
      }
      if (eq == i) {
        throw new IngestRequestException(
            "label " + quote(line.substring(i, stop)) + " in --labels has no name before '='");
      }
      String name = line.substring(i, eq);
      if (labels.put(name, line.substring(eq + 1, stop)) != null) {
        throw new IngestRequestException("label " + quote(name) + " is given more than once");
      }
      if (labels.size() > maxLabels) {
        throw new IngestRequestException(tooManyLabels());
      }
      if (stop == end) {
        return ImmutableSortedMap.copyOfSorted(labels);
      }
      i = stop + 1;
    }
  }

  private String tooManyLabels() {
    return "more than " + maxLabels + " labels; the limit is " + maxLabels;
  }

  private static int skipBlanks(String line, int i) {
    int n = line.length();
    while (i < n && isBlank(line.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int tokenEnd(String line, int i) {
    int n = line.length();
    while (i < n && !isBlank(line.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  // ---- JSON form: {"key":..., "value":..., "labels":{...}, "time":"..."}

  private Metric parseJson(String line, Instant now) throws IngestRequestException {
    try (JsonParser json = JSON.createParser(line)) {
      json.nextToken(); // START_OBJECT: the line starts with '{'
      String key = null;
      String value = null;
      Map<String, String> labels = null;
      Instant time = null;
      boolean sawLabels = false;
      boolean sawTime = false;
      JsonToken token;
      while ((token = json.nextToken()) == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        token = json.nextToken();
        switch (field) {
          case "key":
            if (key != null) {
              throw duplicateField(field);
            }
            if (token != JsonToken.VALUE_STRING) {
              throw new IngestRequestException(
                  "field \"key\" must be a string, not " + describe(token));
            }
            key = json.getText();
            if (key.isEmpty()) {
              throw new IngestRequestException("field \"key\" must not be empty");
            }
            break;
          case "value":
            if (value != null) {
              throw duplicateField(field);
            }
            if (token != JsonToken.VALUE_NUMBER_INT
                && token != JsonToken.VALUE_NUMBER_FLOAT
                && token != JsonToken.VALUE_STRING) {
              throw new IngestRequestException(
                  "field \"value\" must be a number or a string holding one, not "
                      + describe(token));
            }
            value = json.getText();
            break;
          case "labels":
            if (sawLabels) {
              throw duplicateField(field);
            }
            sawLabels = true;
            labels = readLabels(json, token);
            break;
          case "time":
            if (sawTime) {
              throw duplicateField(field);
            }
            sawTime = true;
            time = readTime(json, token);
            break;
          default:
            throw new IngestRequestException(
                "unknown field " + quote(field) + "; the fields are key, value, labels and time");
        }
      }
      if (token != JsonToken.END_OBJECT) {
        throw new IngestRequestException("bad JSON: expected a field name, not " + describe(token));
      }
      if (json.nextToken() != null) {
        throw new IngestRequestException(
            "bad JSON: unexpected " + describe(json.currentToken()) + " after the object");
      }
      if (key == null) {
        throw new IngestRequestException("missing field \"key\"");
      }
      if (value == null) {
        throw new IngestRequestException("metric " + quote(key) + ": missing field \"value\"");
      }
      return new Metric(
          key, value, time == null ? now : time, labels == null ? ImmutableSortedMap.of() : labels);
    } catch (JsonEOFException e) {
      throw new IngestRequestException("bad JSON: the line ends inside the object");
    } catch (JsonProcessingException e) {
      String message = e.getOriginalMessage();
      if (message != null && message.startsWith(NON_STANDARD_TOKEN)) {
        int end = message.indexOf('\'', NON_STANDARD_TOKEN.length());
        if (end > 0) {
          throw new IngestRequestException(
              "bad JSON: "
                  + message.substring(NON_STANDARD_TOKEN.length(), end)
                  + " is not a finite number");
        }
      }
      JsonLocation at = e.getLocation();
      throw new IngestRequestException(
          "bad JSON: "
              + message
              + (at == null || at.getColumnNr() < 0 ? "" : " at column " + at.getColumnNr()));
    } catch (IOException e) {
      // A parser over a String does no I/O; anything else is malformed input as well.
      throw new IngestRequestException("bad JSON: " + e.getMessage());
    }
  }

  private @Nullable Map<String, String> readLabels(JsonParser json, @Nullable JsonToken token)
      throws IOException, IngestRequestException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.START_OBJECT) {
      throw new IngestRequestException(
          "field \"labels\" must be an object of names to strings, not " + describe(token));
    }
    TreeMap<String, String> labels = new TreeMap<>();
    while ((token = json.nextToken()) == JsonToken.FIELD_NAME) {
      String name = json.currentName();
      token = json.nextToken();
      if (token != JsonToken.VALUE_STRING) {
        throw new IngestRequestException(
            "label " + quote(name) + " must be a string, not " + describe(token));
      }
      if (labels.put(name, json.getText()) != null) {
        throw new IngestRequestException("label " + quote(name) + " is given more than once");
      }
      if (labels.size() > maxLabels) {
        throw new IngestRequestException(tooManyLabels());
      }
    }
    return ImmutableSortedMap.copyOfSorted(labels);
  }

  private static @Nullable Instant readTime(JsonParser json, @Nullable JsonToken token)
      throws IOException, IngestRequestException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.VALUE_STRING) {
      throw new IngestRequestException(
          "field \"time\" must be an RFC 3339 string such as \"2025-01-02T03:04:05Z\", not "
              + describe(token));
    }
    String text = json.getText();
    try {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
    } catch (DateTimeException e) {
      throw new IngestRequestException(
          "time "
              + quote(text)
              + " is not an RFC 3339 time with an offset, such as \"2025-01-02T03:04:05Z\"");
    }
  }

  private static IngestRequestException duplicateField(String field) {
    return new IngestRequestException("field " + quote(field) + " is given more than once");
  }

  private static String describe(@Nullable JsonToken token) {
    if (token == null) {
      return "the end of the line";
    }
    switch (token) {
      case START_OBJECT:
        return "an object";
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return token.asString() == null ? token.name() : "'" + token.asString() + "'";
    }
  }

  /** {@code s} in double quotes, cut to 64 characters, control characters escaped. */
  static String quote(String s) {
    int end = Math.min(s.length(), 64);
    StringBuilder out = new StringBuilder(end + 5).append('"');
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        out.append(String.format("\\u%04x", (int) c));
      } else if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else {
        out.append(c);
      }
    }
    if (end < s.length()) {
      out.append("...");
    }
    return out.append('"').toString();
  }
}
