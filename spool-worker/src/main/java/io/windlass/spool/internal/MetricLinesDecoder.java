package io.windlass.spool.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.windlass.spool.Metric;
import io.windlass.spool.MetricsDataException;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Decodes one data file, as {@link SpoolJson#decodeMetrics} describes: a file in the plain form the
 * spool writes is read by {@link PlainMetricLines}; any other (Juju's, one with escapes or errors)
 * by Jackson, which accepts any JSON and words the errors.
 *
 * <p>Metrics often share their time, keys and label sets, so both paths reuse what they decoded: a
 * time equal to the previous metric's is that metric's {@link Instant}, texts are {@linkplain
 * CanonicalStrings one string each}, and equal label sets {@linkplain LabelSets one map} (possibly
 * kept from earlier files, see {@link DecodeCache}). Not thread-safe: one per decode.
 */
final class MetricLinesDecoder {
  private final JsonFactory factory;
  private final String what;
  private final DecodeCache.Tables tables;
  private @Nullable String lastTimeText;
  private @Nullable Instant lastTime;
  private int line;

  MetricLinesDecoder(JsonFactory factory, String uuid, DecodeCache.Tables tables) {
    this.factory = factory;
    this.what = "batch " + uuid + " data";
    this.tables = tables;
  }

  /** The metrics of the file in the first {@code length} bytes of {@code bytes}, in order. */
  List<Metric> decode(byte[] bytes, int length) throws MetricsDataException {
    List<Metric> plain =
        new PlainMetricLines(bytes, length, factory.streamReadConstraints(), tables).read();
    return plain != null ? plain : parse(bytes, length);
  }

  /** The file's metrics, read with Jackson. */
  private List<Metric> parse(byte[] bytes, int length) throws MetricsDataException {
    List<Metric> metrics = new ArrayList<>();
    try (JsonParser p = factory.createParser(bytes, 0, length)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        line = p.currentLocation().getLineNr();
        if (t != JsonToken.START_OBJECT) {
          throw new MetricsDataException(
              where() + ": expected a JSON object, found " + t.asString());
        }
        metrics.add(metric(p));
      }
    } catch (MetricsDataException e) {
      throw e;
    } catch (IOException e) {
      throw new MetricsDataException(what + " is not valid JSON: " + e.getMessage(), e);
    }
    return metrics;
  }

  /** The metric whose object has just started. */
  private Metric metric(JsonParser p) throws IOException {
    String key = null;
    String value = null;
    Instant time = null;
    Map<String, String> labels = null;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      t = p.nextToken();
      switch (field) {
        case "key":
          key = tables.strings.get(string(p, t, field));
          break;
        case "value":
          value = string(p, t, field);
          break;
        case "time":
          time = time(string(p, t, field), field);
          break;
        case "labels":
          labels = labels(p, t);
          break;
        default:
          p.skipChildren();
      }
    }
    require(key, "key");
    require(value, "value");
    require(time, "time");
    try {
      return new Metric(key, value, time, labels);
    } catch (IllegalArgumentException e) {
      throw new MetricsDataException(where() + ": " + e.getMessage(), e);
    }
  }

  /** The time {@code text} says; the previous metric's if the text is the same. */
  private Instant time(String text, String field) throws MetricsDataException {
    if (lastTime != null && text.equals(lastTimeText)) {
      return lastTime;
    }
    try {
      lastTime = Rfc3339.parse(text);
      lastTimeText = text;
      return lastTime;
    } catch (DateTimeParseException e) {
      throw new MetricsDataException(
          where() + ": \"" + field + "\" \"" + text + "\" is not an RFC 3339 time", e);
    }
  }

  private @Nullable Map<String, String> labels(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.START_OBJECT) {
      throw new MetricsDataException(where() + ": \"labels\" is not an object");
    }
    LabelSets labelSets = tables.labelSets;
    labelSets.start();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      if (p.nextToken() != JsonToken.VALUE_STRING) {
        throw new MetricsDataException(where() + ": \"labels." + name + "\" is not a string");
      }
      labelSets.add(tables.strings.get(name), tables.strings.get(p.getText()));
    }
    return labelSets.build();
  }

  private String string(JsonParser p, JsonToken t, String field) throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      throw new MetricsDataException(where() + ": \"" + field + "\" is not a string");
    }
    return p.getText();
  }

  private void require(@Nullable Object value, String field) throws MetricsDataException {
    if (value == null) {
      throw new MetricsDataException(where() + ": \"" + field + "\" is missing");
    }
  }

  /** "batch … data line N", for the metric being read. */
  private String where() {
    return what + " line " + line;
  }
}
