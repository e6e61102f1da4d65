package io.windlass.spool.sender;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.windlass.spool.Metric;
import io.windlass.spool.MetricBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns batches into uncompressed Prometheus remote write 1.0 {@code WriteRequest}s, encoded by
 * hand with protobuf's {@link CodedOutputStream} ({@code prompb/remote.proto} and {@code
 * types.proto}):
 *
 * <pre>
 * WriteRequest { repeated TimeSeries timeseries = 1; }
 * TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }
 * Label        { string name = 1; string value = 2; }
 * Sample       { double value = 1; int64 timestamp = 2; }
 * </pre>
 *
 * <p><b>Series.</b> Each metric is a sample of the series named by its labels, plus {@code
 * __name__} (the metric key with every character outside {@code [a-zA-Z0-9_:]} replaced by {@code
 * _}, and {@code _} before a leading digit), the batch's unit tag as {@value #AGENT_LABEL} and its
 * charm URL (the source) as {@value #SOURCE_LABEL}. Label names are sanitised the same way to
 * {@code [a-zA-Z_][a-zA-Z0-9_]*}; one that then clashes with a name already taken, or starts with
 * the reserved {@code __}, is renamed {@code exported_<name>} (as Prometheus renames a scraped
 * label that clashes with a target label), and dropped if that clashes too. Labels with empty
 * values are left out (the specification forbids them; Prometheus treats them as absent). Labels
 * are sorted by name.
 *
 * <p><b>Samples.</b> A value is the metric's decimal string as a double (a value that is not a
 * decimal number makes its batch unencodable); the timestamp is the metric's time in milliseconds.
 * Within a request each series' samples are in time order, and two samples of one series with the
 * same timestamp become one, the later batch's (or the later metric's) value winning: Prometheus
 * silently drops a sample that is out of order within one request, and refuses a duplicate time
 * with a different value.
 *
 * <p><b>Limits.</b> A request holds at most {@code maxSamples} samples and {@code maxBytes} bytes
 * (exactly: the size of the encoded message), and at least one sample. Batches are taken in order;
 * a batch that does not fit in what is left of a request continues in the next one.
 */
final class RemoteWriteEncoder {

  /** The label that carries the batch's unit tag, the reporting agent. */
  static final String AGENT_LABEL = "agent";

  /** The label that carries the batch's charm URL, the source that declared the metrics. */
  static final String SOURCE_LABEL = "source";

  static final String NAME_LABEL = "__name__";

  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");

  private final int maxSamples;
  private final long maxBytes;

  RemoteWriteEncoder(int maxSamples, long maxBytes) {
    if (maxSamples <= 0 || maxBytes <= 0) {
      throw new IllegalArgumentException(
          "maxSamples " + maxSamples + " and maxBytes " + maxBytes + " must be > 0");
    }
    this.maxSamples = maxSamples;
    this.maxBytes = maxBytes;
  }

  /** A label, with the size of its encoded message. */
  record Label(String name, String value, int size) {
    static Label of(String name, String value) {
      return new Label(
          name,
          value,
          CodedOutputStream.computeStringSize(1, name)
              + CodedOutputStream.computeStringSize(2, value));
    }
  }

  /** One sample of one series. */
  record Sample(List<Label> labels, long timestamp, double value) {}

  /** Encodes {@code batches}; the bodies of the requests are not compressed. */
  SinkEncoding encode(List<MetricBatch> batches) {
    List<SinkRequest> requests = new ArrayList<>();
    Map<String, String> unencodable = new LinkedHashMap<>();
    Request current = new Request();
    for (MetricBatch batch : batches) {
      List<Sample> samples;
      try {
        samples = samples(batch);
      } catch (IllegalArgumentException e) {
        unencodable.put(batch.uuid(), e.getMessage());
        continue;
      }
      for (Sample sample : samples) {
        if (current.samples > 0 && !current.fits(sample)) {
          requests.add(current.build());
          current = new Request();
        }
        current.add(batch.uuid(), sample);
      }
      current.finish(batch.uuid());
    }
    if (!current.batches.isEmpty()) {
      requests.add(current.build());
    }
    return new SinkEncoding(requests, unencodable);
  }

  /** The batch's metrics as samples, in order. */
  static List<Sample> samples(MetricBatch batch) {
    List<Sample> samples = new ArrayList<>(batch.metrics().size());
    for (Metric metric : batch.metrics()) {
      long timestamp;
      try {
        timestamp = metric.time().toEpochMilli();
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(
            "metric \"" + metric.key() + "\" time " + metric.time() + " is out of range");
      }
      samples.add(new Sample(labels(batch, metric), timestamp, value(metric)));
    }
    return samples;
  }

  static double value(Metric metric) {
    String text = metric.value().trim();
    if (!DECIMAL.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "metric \"" + metric.key() + "\" value \"" + metric.value() + "\" is not a number");
    }
    return Double.parseDouble(text);
  }

  /** The series' labels, sorted by name, as the class description says. */
  static List<Label> labels(MetricBatch batch, Metric metric) {
    TreeMap<String, String> labels = new TreeMap<>();
    labels.put(NAME_LABEL, metricName(metric.key()));
    if (!batch.unitTag().isEmpty()) {
      labels.put(AGENT_LABEL, batch.unitTag());
    }
    if (!batch.charmUrl().isEmpty()) {
      labels.put(SOURCE_LABEL, batch.charmUrl());
    }
    for (Map.Entry<String, String> label : metric.labels().entrySet()) {
      if (label.getValue().isEmpty()) {
        continue;
      }
      String name = labelName(label.getKey());
      if (name.startsWith("__") || labels.containsKey(name)) {
        name = "exported_" + name;
      }
      labels.putIfAbsent(name, label.getValue());
    }
    List<Label> out = new ArrayList<>(labels.size());
    labels.forEach((name, value) -> out.add(Label.of(name, value)));
    return out;
  }

  /** {@code key} in the metric name charset {@code [a-zA-Z_:][a-zA-Z0-9_:]*}. */
  static String metricName(String key) {
    return sanitise(key, true);
  }

  /** {@code name} in the label name charset {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
  static String labelName(String name) {
    return name.isEmpty() ? "_" : sanitise(name, false);
  }

  private static String sanitise(String text, boolean colons) {
    StringBuilder out = new StringBuilder(text.length() + 1);
    if (text.charAt(0) >= '0' && text.charAt(0) <= '9') {
      out.append('_');
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok =
          c >= 'a' && c <= 'z'
              || c >= 'A' && c <= 'Z'
              || c >= '0' && c <= '9'
              || c == '_'
              || (colons && c == ':');
      out.append(ok ? c : '_');
    }
    return out.toString();
  }

  /** The series of one request, with the exact size it encodes to. */
  private static final class Series {
    final List<Label> labels;
    final TreeMap<Long, Double> samples = new TreeMap<>();
    long size;

    Series(List<Label> labels) {
      this.labels = labels;
      for (Label label : labels) {
        size += lengthDelimited(label.size());
      }
    }

    /** What this series adds to the request: tag, length and message. */
    long encodedSize() {
      return lengthDelimited(size);
    }
  }

  /** The size of a length-delimited field of a message of {@code size} bytes. */
  private static long lengthDelimited(long size) {
    return 1 + CodedOutputStream.computeUInt64SizeNoTag(size) + size;
  }

  private static int sampleSize(long timestamp) {
    return CodedOutputStream.computeDoubleSize(1, 0)
        + CodedOutputStream.computeInt64Size(2, timestamp);
  }

  /** One request being filled. */
  private final class Request {
    final Map<List<Label>, Series> series = new LinkedHashMap<>();
    final LinkedHashSet<String> batches = new LinkedHashSet<>();
    final List<String> finishes = new ArrayList<>();
    int samples;
    long bytes;

    void finish(String uuid) {
      batches.add(uuid);
      finishes.add(uuid);
    }

    /** Whether {@code sample} fits within the limits. */
    boolean fits(Sample sample) {
      Series existing = series.get(sample.labels());
      if (existing != null && existing.samples.containsKey(sample.timestamp())) {
        return true; // replaces a sample: no bigger
      }
      return samples + 1 <= maxSamples && bytes + growth(existing, sample) <= maxBytes;
    }

    private long growth(Series existing, Sample sample) {
      long added = lengthDelimited(sampleSize(sample.timestamp()));
      if (existing == null) {
        long size = 0;
        for (Label label : sample.labels()) {
          size += lengthDelimited(label.size());
        }
        return lengthDelimited(size + added);
      }
      return lengthDelimited(existing.size + added) - existing.encodedSize();
    }

    void add(String uuid, Sample sample) {
      batches.add(uuid);
      Series target = series.get(sample.labels());
      if (target != null && target.samples.containsKey(sample.timestamp())) {
        target.samples.put(sample.timestamp(), sample.value());
        return;
      }
      bytes += growth(target, sample);
      if (target == null) {
        target = new Series(sample.labels());
        series.put(sample.labels(), target);
      }
      target.size += lengthDelimited(sampleSize(sample.timestamp()));
      target.samples.put(sample.timestamp(), sample.value());
      samples++;
    }

    SinkRequest build() {
      byte[] body = new byte[Math.toIntExact(bytes)];
      CodedOutputStream out = CodedOutputStream.newInstance(body);
      try {
        for (Series one : series.values()) {
          out.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
          out.writeUInt64NoTag(one.size);
          for (Label label : one.labels) {
            out.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(label.size());
            out.writeString(1, label.name());
            out.writeString(2, label.value());
          }
          for (Map.Entry<Long, Double> sample : one.samples.entrySet()) {
            out.writeTag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(sampleSize(sample.getKey()));
            out.writeDouble(1, sample.getValue());
            out.writeInt64(2, sample.getKey());
          }
        }
        out.checkNoSpaceLeft();
      } catch (IOException e) {
        throw new UncheckedIOException("remote write request size miscomputed", e);
      }
      return new SinkRequest(body, List.copyOf(batches), finishes, samples);
    }
  }
}
