package io.windlass.spool.sender;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.windlass.spool.Metric;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.MetricValues;
import io.windlass.spool.internal.MetricColumns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns batches into uncompressed Prometheus remote write 1.0 {@code WriteRequest}s, encoded by
 * hand with protobuf's {@link CodedOutputStream} ({@code prompb/remote.proto} and {@code
 * types.proto}):
 *
 * <pre>
 * WriteRequest { repeated TimeSeries timeseries = 1; repeated MetricMetadata metadata = 3; }
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
 * <p><b>Samples.</b> A value is the metric's decimal string as a double, or {@code NaN}, {@code
 * +Inf} or {@code -Inf} as those doubles (a value that is none of these makes its batch
 * unencodable); the timestamp is the metric's time in milliseconds. Within a request each series'
 * samples are in time order, and two samples of one series with the same timestamp become one, the
 * later batch's (or the later metric's) value winning: Prometheus silently drops a sample that is
 * out of order within one request, and refuses a duplicate time with a different value.
 *
 * <p><b>Metadata.</b> A request carries, after its series, a {@code MetricMetadata} for each family
 * that the batches it carries samples of describe ({@link MetricBatch#families()}, encoded by
 * {@link FamilyMetadata}), each family name once, as far as they fit within {@code maxBytes}: a
 * batch's descriptions go into the first request of each shard that takes samples of it, or into
 * none if they do not fit there. They are hints (the samples go regardless); Prometheus' receiver
 * ignores them, VictoriaMetrics keeps them when started with metadata enabled.
 *
 * <p><b>Shards.</b> Each series belongs to one of the encoder's shards, by a hash of its encoded
 * labels ({@link SeriesLabels#shard()}), and a request carries the samples of one shard only. So
 * every sample of a series goes out through its shard, whose requests the sender sends one at a
 * time and in order, even while other shards' requests are in flight: a backend without an
 * out-of-order window (Prometheus) sees each series' samples in the order they were encoded. With
 * one shard the requests are the same as without shards. A batch's samples in a shard go out in the
 * batch's order, so what of them the backend has is a count ({@link DeliveredSamples}): those first
 * samples are left out, and each request says how many of each batch's it carries.
 *
 * <p><b>Limits.</b> A request holds at most {@code maxSamples} samples and {@code maxBytes} bytes
 * (exactly: the size of the encoded message), and at least one sample. Batches are taken in order,
 * each shard filling its own request; a batch's samples that do not fit in what is left of their
 * shard's request continue in the shard's next one. A batch without samples to send (none, or all
 * in shards already delivered) rides in shard 0's request.
 *
 * <p><b>Cost.</b> A series' labels are named and encoded once ({@link SeriesLabels}) and kept in a
 * bounded {@link SeriesCache} across calls, so a sample costs a cache lookup, its value and its
 * timestamp. Thread-safe: calls are encoded one at a time.
 */
final class RemoteWriteEncoder {

  /** The label that carries the batch's unit tag, the reporting agent. */
  static final String AGENT_LABEL = "agent";

  /** The label that carries the batch's charm URL, the source that declared the metrics. */
  static final String SOURCE_LABEL = "source";

  static final String NAME_LABEL = "__name__";

  private final int maxSamples;
  private final long maxBytes;
  private final SeriesCache cache; // guarded by this

  /** An encoder into one shard. */
  RemoteWriteEncoder(int maxSamples, long maxBytes) {
    this(maxSamples, maxBytes, 1);
  }

  /** An encoder into {@code shards} shards. */
  RemoteWriteEncoder(int maxSamples, long maxBytes, int shards) {
    if (maxSamples <= 0 || maxBytes <= 0) {
      throw new IllegalArgumentException(
          "maxSamples " + maxSamples + " and maxBytes " + maxBytes + " must be > 0");
    }
    this.maxSamples = maxSamples;
    this.maxBytes = maxBytes;
    this.cache = new SeriesCache(shards);
  }

  /** What a sink sends for a request's encoded {@code WriteRequest} message. */
  @FunctionalInterface
  interface BodyFormat {
    /** The message as is. */
    BodyFormat UNCOMPRESSED = Arrays::copyOf;

    /**
     * The body for the message in the first {@code length} bytes of {@code message}; the array is
     * reused for the next request once this returns.
     */
    byte[] body(byte[] message, int length);
  }

  /** Encodes {@code batches}; the bodies of the requests are not compressed. */
  SinkEncoding encode(List<MetricBatch> batches) {
    return encode(batches, DeliveredSamples.NONE, BodyFormat.UNCOMPRESSED);
  }

  /**
   * Encodes {@code batches} but, of each, in each shard, the first samples (in the batch's order)
   * that {@code delivered} counts; each request's body is what {@code format} makes of its message.
   * The messages of one call are encoded into one array, reused from request to request.
   */
  synchronized SinkEncoding encode(
      List<MetricBatch> batches, DeliveredSamples delivered, BodyFormat format) {
    cache.trim(); // only here: the series stay the same objects and numbers throughout
    List<SinkRequest> requests = new ArrayList<>();
    MessageBuffer messages = new MessageBuffer(format);
    Map<String, String> unencodable = new LinkedHashMap<>();
    BatchSamples samples = new BatchSamples();
    SeriesSlots slots = new SeriesSlots();
    Request[] current = new Request[cache.shards()];
    int[] skip = new int[cache.shards()];
    for (int shard = 0; shard < current.length; shard++) {
      current[shard] = new Request(slots, shard);
    }
    for (MetricBatch batch : batches) {
      try {
        samples.read(batch, cache);
      } catch (IllegalArgumentException e) {
        unencodable.put(batch.uuid(), e.getMessage());
        continue;
      }
      List<FamilyMetadata> families =
          batch.families().isEmpty() ? List.of() : FamilyMetadata.of(batch.families());
      String uuid = batch.uuid();
      for (int shard = 0; shard < skip.length; shard++) {
        skip[shard] = delivered.count(uuid, shard);
      }
      boolean carried = false;
      for (int i = 0; i < samples.count; i++) {
        SeriesLabels labels = samples.labels[i];
        int shard = labels.shard();
        if (skip[shard] > 0) {
          skip[shard]--;
          continue;
        }
        Request request = current[shard];
        if (!request.offer(uuid, families, labels, samples.timestamps[i], samples.values[i])) {
          requests.add(request.build(messages));
          request = new Request(slots, shard);
          current[shard] = request;
          request.offer(uuid, families, labels, samples.timestamps[i], samples.values[i]);
        }
        carried = true;
      }
      if (!carried) {
        current[0].noteBatch(uuid, List.of()); // carried, though it has nothing to send
      }
    }
    for (Request request : current) {
      if (!request.batches.isEmpty()) {
        requests.add(request.build(messages));
      }
    }
    return new SinkEncoding(requests, unencodable);
  }

  /** The value of {@code metric}, as the class description says. */
  static double value(Metric metric) {
    try {
      return MetricValues.parse(metric.value());
    } catch (NumberFormatException e) {
      throw notANumber(metric.key(), metric.value());
    }
  }

  private static IllegalArgumentException notANumber(String key, String value) {
    return new IllegalArgumentException(
        "metric \"" + key + "\" value \"" + value + "\" is not a number");
  }

  /** The samples of one batch, in order, in arrays reused from batch to batch. */
  private static final class BatchSamples {
    SeriesLabels[] labels = new SeriesLabels[0];
    long[] timestamps = new long[0];
    double[] values = new double[0];
    int count;

    /**
     * Reads {@code batch}'s metrics.
     *
     * @throws IllegalArgumentException a metric's value is not a number or its time is out of range
     */
    void read(MetricBatch batch, SeriesCache cache) {
      List<Metric> metrics = batch.metrics();
      int n = metrics.size();
      if (labels.length < n) {
        labels = new SeriesLabels[n];
        timestamps = new long[n];
        values = new double[n];
      }
      count = 0;
      if (metrics instanceof MetricColumns columns) {
        readColumns(columns);
      } else {
        for (int i = 0; i < n; i++) {
          Metric metric = metrics.get(i);
          timestamps[i] = millis(metric.key(), metric.time());
          values[i] = value(metric);
        }
      }
      cache.labels(batch, labels);
      count = n;
    }

    /** Reads the metrics of a data file as the spool's reader gives them, without a Metric each. */
    private void readColumns(MetricColumns columns) {
      Instant lastTime = null;
      long lastMillis = 0;
      for (int i = 0; i < columns.size(); i++) {
        Instant time = columns.time(i);
        if (time != lastTime) {
          lastMillis = millis(columns.key(i), time);
          lastTime = time;
        }
        timestamps[i] = lastMillis;
        try {
          values[i] = columns.number(i);
        } catch (NumberFormatException e) {
          throw notANumber(columns.key(i), columns.value(i));
        }
      }
    }

    private static long millis(String key, Instant time) {
      try {
        return time.toEpochMilli();
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(
            "metric \"" + key + "\" time " + time + " is out of range");
      }
    }
  }

  /** The size of a length-delimited field of a message of {@code size} bytes. */
  static long lengthDelimited(long size) {
    return 1 + CodedOutputStream.computeUInt64SizeNoTag(size) + size;
  }

  private static int sampleSize(long timestamp) {
    return CodedOutputStream.computeDoubleSize(1, 0)
        + CodedOutputStream.computeInt64Size(2, timestamp);
  }

  /** One series of a request: its samples in time order, and the exact size it encodes to. */
  private static final class Series {
    final SeriesLabels labels;

    /**
     * Timestamp and value bits of each sample, in turn: one array, sized for as many samples as the
     * series had in the last request that carried it.
     */
    long[] samples;

    int count;

    /** The size of its TimeSeries message. */
    long size;

    Series(SeriesLabels labels) {
      this.labels = labels;
      this.size = labels.size();
      this.samples = new long[2 * labels.lastSamples()];
    }

    long timestamp(int i) {
      return samples[2 * i];
    }

    double value(int i) {
      return Double.longBitsToDouble(samples[2 * i + 1]);
    }

    /**
     * The index of the sample at {@code timestamp}, or {@code -(insertion point) - 1}: samples come
     * in time order most often, so a later one is placed at the end at once.
     */
    int indexOf(long timestamp) {
      if (count == 0 || timestamp(count - 1) < timestamp) {
        return -count - 1;
      }
      int low = 0;
      int high = count - 1;
      while (low <= high) {
        int middle = (low + high) >>> 1;
        long at = timestamp(middle);
        if (at < timestamp) {
          low = middle + 1;
        } else if (at > timestamp) {
          high = middle - 1;
        } else {
          return middle;
        }
      }
      return -low - 1;
    }

    void replace(int i, double value) {
      samples[2 * i + 1] = Double.doubleToRawLongBits(value);
    }

    void insert(int i, long timestamp, double value) {
      if (2 * count == samples.length) {
        samples = Arrays.copyOf(samples, samples.length * 2);
      }
      System.arraycopy(samples, 2 * i, samples, 2 * i + 2, 2 * (count - i));
      samples[2 * i] = timestamp;
      samples[2 * i + 1] = Double.doubleToRawLongBits(value);
      count++;
    }
  }

  /** The array the messages of one call are encoded into, and what becomes of them. */
  private static final class MessageBuffer {
    final BodyFormat format;
    byte[] array = new byte[0];

    MessageBuffer(BodyFormat format) {
      this.format = format;
    }

    /** An array of at least {@code size} bytes, its contents undefined. */
    byte[] take(int size) {
      if (array.length < size) {
        array = new byte[size];
      }
      return array;
    }
  }

  /**
   * The series of the request being filled, by series number: a request's series are found by
   * index, without hashing. Emptied as each request is built.
   */
  private static final class SeriesSlots {
    Series[] byId = new Series[0];

    @Nullable Series get(SeriesLabels labels) {
      return labels.id() < byId.length ? byId[labels.id()] : null;
    }

    void put(Series series) {
      int id = series.labels.id();
      if (id >= byId.length) {
        byId = Arrays.copyOf(byId, Math.max(id + 1, byId.length * 2));
      }
      byId[id] = series;
    }

    void remove(Series series) {
      byId[series.labels.id()] = null;
    }
  }

  /** One request being filled. */
  private final class Request {
    final SeriesSlots series;
    final List<Series> order = new ArrayList<>();
    final int shard;
    final List<String> batches = new ArrayList<>();
    final Map<String, FamilyMetadata> metadata = new LinkedHashMap<>();
    int[] counts = new int[4]; // samples of each of batches, as offered
    @Nullable String lastBatch;
    int samples;
    long bytes;

    /** A request of {@code shard} whose series are kept in {@code series}, empty. */
    Request(SeriesSlots series, int shard) {
      this.series = series;
      this.shard = shard;
    }

    /**
     * Adds a sample of batch {@code uuid}, whose families {@code families} describes, if it fits
     * within the limits (or the request is empty); a sample at a time the series already has
     * replaces that one, and always fits. The descriptions come with the batch's first sample in
     * the request if they fit too.
     *
     * @return whether it was added
     */
    boolean offer(
        String uuid,
        List<FamilyMetadata> families,
        SeriesLabels labels,
        long timestamp,
        double value) {
      List<FamilyMetadata> fresh = uuid.equals(lastBatch) ? List.of() : fresh(families);
      long metaGrowth = 0;
      // Indexed, as below: this runs for every sample, mostly over an empty list, and an iterator
      // would be an object a sample (the quick compiler does not do away with it).
      for (int i = 0; i < fresh.size(); i++) {
        metaGrowth += fresh.get(i).fieldSize();
      }
      Series target = series.get(labels);
      int at = target == null ? -1 : target.indexOf(timestamp);
      if (at >= 0) {
        noteBatch(uuid, bytes + metaGrowth <= maxBytes ? fresh : List.of());
        countSample();
        target.replace(at, value);
        return true;
      }
      long field = lengthDelimited(sampleSize(timestamp));
      long growth =
          target == null
              ? lengthDelimited(labels.size() + field)
              : lengthDelimited(target.size + field) - lengthDelimited(target.size);
      boolean fits = bytes + growth + metaGrowth <= maxBytes;
      if (samples > 0 && (samples + 1 > maxSamples || !fits)) {
        return false;
      }
      noteBatch(uuid, fits ? fresh : List.of());
      countSample();
      if (target == null) {
        target = new Series(labels);
        series.put(target);
        order.add(target);
      }
      target.insert(-at - 1, timestamp, value);
      target.size += field;
      bytes += growth;
      samples++;
      return true;
    }

    /** Those of {@code families} whose names the request does not carry yet, each name once. */
    private List<FamilyMetadata> fresh(List<FamilyMetadata> families) {
      if (families.isEmpty()) {
        return List.of();
      }
      Map<String, FamilyMetadata> fresh = new LinkedHashMap<>();
      for (FamilyMetadata family : families) {
        if (!metadata.containsKey(family.name())) {
          fresh.putIfAbsent(family.name(), family);
        }
      }
      return new ArrayList<>(fresh.values());
    }

    /**
     * Notes that the request carries (some of) batch {@code uuid}, the one offered last, and the
     * descriptions {@code fresh} (new to the request) with it.
     */
    void noteBatch(String uuid, List<FamilyMetadata> fresh) {
      for (int i = 0; i < fresh.size(); i++) {
        FamilyMetadata family = fresh.get(i);
        metadata.put(family.name(), family);
        bytes += family.fieldSize();
      }
      if (!uuid.equals(lastBatch)) {
        if (batches.size() == counts.length) {
          counts = Arrays.copyOf(counts, 2 * counts.length);
        }
        batches.add(uuid);
        lastBatch = uuid;
      }
    }

    private void countSample() {
      counts[batches.size() - 1]++;
    }

    SinkRequest build(MessageBuffer messages) {
      int size = Math.toIntExact(bytes);
      byte[] message = messages.take(size);
      CodedOutputStream out = CodedOutputStream.newInstance(message, 0, size);
      try {
        for (Series one : order) {
          out.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
          out.writeUInt64NoTag(one.size);
          one.labels.writeTo(out);
          for (int i = 0; i < one.count; i++) {
            out.writeTag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(sampleSize(one.timestamp(i)));
            out.writeDouble(1, one.value(i));
            out.writeInt64(2, one.timestamp(i));
          }
        }
        for (FamilyMetadata family : metadata.values()) {
          family.writeTo(out);
        }
        out.checkNoSpaceLeft();
      } catch (IOException e) {
        throw new UncheckedIOException("remote write request size miscomputed", e);
      }
      for (Series one : order) {
        series.remove(one);
        one.labels.lastSamples(one.count);
      }
      List<Integer> carried = new ArrayList<>(batches.size());
      for (int i = 0; i < batches.size(); i++) {
        carried.add(counts[i]);
      }
      return new SinkRequest(messages.format.body(message, size), batches, samples, shard, carried);
    }
  }
}
