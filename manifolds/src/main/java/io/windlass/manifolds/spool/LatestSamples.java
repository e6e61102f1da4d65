package io.windlass.manifolds.spool;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.LabelSet;
import io.windlass.spool.MetricFactory;
import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricKind;
import io.windlass.spool.MetricMetadata;
import io.windlass.spool.MetricValues;
import io.windlass.spool.SeriesRecorder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The latest sample of every series recorded into the spool, from any source (collectors, the
 * ingest socket, HTTP pushes, extra modules), for the status server's {@code /federate}. A series
 * is a source (a batch's charm URL) with a metric key and its labels, as the sender names it; its
 * latest sample is the one with the latest time (of equal times, the one recorded last).
 *
 * <p>The spool manifold feeds it: its exposed {@code MetricFactory} tees every recorder into this
 * view, and a batch's samples enter the view when the batch is durable (its recorder's {@code
 * close()} returned), so the view never shows a sample the spool does not hold. One per application
 * injector (a {@link Singleton}), so it outlives spool restarts and a status worker may inject it
 * without depending on the spool.
 *
 * <p>Bounded: at most {@link #maxSeries()} series. A series not recorded for {@link #maxIdle()}
 * leaves the view; a new series that finds the view full is left out and counted ({@link
 * #seriesDropped()}). What batches not yet durable note for the view is bounded too: at most twice
 * {@link #maxSeries()} series across all open batches (each series a batch notes takes one until
 * the batch is published or discarded); a batch that finds none left records the rest of its series
 * into the spool without noting them, and they are counted as dropped. So a batch of any number of
 * series holds no more memory here than the view itself. Thread-safe.
 *
 * <p>It also keeps what durable batches said of their metric families ({@link
 * io.windlass.spool.MetricRecorder#describe}), the latest description of each, for the exposition's
 * {@code # TYPE} and {@code # HELP} lines: at most {@link #maxSeries()} families; a new family that
 * finds that many is left out.
 */
@Singleton
public final class LatestSamples {

  /** The most series the view holds by default. */
  public static final int DEFAULT_MAX_SERIES = 10_000;

  /** How long a series stays in the view without being recorded, by default. */
  public static final Duration DEFAULT_MAX_IDLE = Duration.ofMinutes(15);

  /** The most sources counted apart in {@link #recordedMetrics()}; later ones share one count. */
  static final int MAX_SOURCES = 1_000;

  /** The source under which metrics of sources past {@link #MAX_SOURCES} are counted. */
  static final String OTHER_SOURCES = "other";

  /** How often a full view looks for idle series to make room, at most. */
  private static final Duration PURGE_INTERVAL = Duration.ofSeconds(10);

  /**
   * The latest sample of one series.
   *
   * @param source the source that recorded it (the batch's charm URL: {@code input:cpu}, {@code
   *     push:prometheus}, ...)
   * @param key the metric key, as recorded
   * @param labels its labels, sorted by name
   * @param kind the kind its recorder declared it with
   * @param value the value, as the spool stores it
   * @param time when it was measured
   */
  public record Sample(
      String source,
      String key,
      Map<String, String> labels,
      MetricKind kind,
      String value,
      Instant time) {}

  private final int maxSeries;
  private final Duration maxIdle;
  private final Clock clock;
  private final ConcurrentHashMap<SeriesId, Slot> series = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, MetricFamily> families = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicInteger pending = new AtomicInteger(); // series noted by open batches
  private final LongAdder seriesDropped = new LongAdder();
  private final ConcurrentHashMap<String, LongAdder> metricsBySource = new ConcurrentHashMap<>();
  private volatile long nextPurgeMillis = Long.MIN_VALUE;

  /** A view with the default bounds on the system clock. */
  @Inject
  public LatestSamples() {
    this(DEFAULT_MAX_SERIES, DEFAULT_MAX_IDLE, Clock.systemUTC());
  }

  /**
   * A view with the given bounds.
   *
   * @param maxSeries the most series held; > 0
   * @param maxIdle how long a series stays without being recorded; > 0
   * @param clock tells when series were recorded
   */
  public LatestSamples(int maxSeries, Duration maxIdle, Clock clock) {
    if (maxSeries <= 0) {
      throw new IllegalArgumentException("maxSeries " + maxSeries + " must be > 0");
    }
    if (maxIdle.isNegative() || maxIdle.isZero()) {
      throw new IllegalArgumentException("maxIdle " + maxIdle + " must be > 0");
    }
    this.maxSeries = maxSeries;
    this.maxIdle = maxIdle;
    this.clock = requireNonNull(clock, "clock");
  }

  /** The most series the view holds. */
  public int maxSeries() {
    return maxSeries;
  }

  /** How long a series stays in the view without being recorded. */
  public Duration maxIdle() {
    return maxIdle;
  }

  /** The latest sample of every series in the view, in no particular order. */
  public List<Sample> snapshot() {
    purgeIdle(clock.millis());
    List<Sample> samples = new ArrayList<>(size.get());
    for (Slot slot : series.values()) {
      Sample sample = slot.sample();
      if (sample != null) {
        samples.add(sample);
      }
    }
    return samples;
  }

  /** What the latest durable batch that described family {@code name} said of it, if any. */
  public @Nullable MetricFamily family(String name) {
    return families.get(name);
  }

  /** How many series the view holds. */
  public int size() {
    return size.get();
  }

  /**
   * How many times a series was left out because the view was full: once per batch that carried a
   * series the view had no room for.
   */
  public long seriesDropped() {
    return seriesDropped.sum();
  }

  /**
   * Metrics in durable batches since the process started, by source (the batches' charm URL: {@code
   * input:cpu}, {@code local:ingest}, ...). Past {@value #MAX_SOURCES} sources, the rest are
   * counted as {@value #OTHER_SOURCES}.
   */
  public Map<String, Long> recordedMetrics() {
    ImmutableMap.Builder<String, Long> counts = ImmutableMap.builder();
    metricsBySource.forEach((source, count) -> counts.put(source, count.sum()));
    return counts.buildOrThrow();
  }

  /**
   * {@code spool} teed into this view: its recorders also note their metrics here, which enter the
   * view once their batch is durable. Readers are the spool's own.
   */
  public MetricFactory tee(MetricFactory spool) {
    return new LatestSamplesTee(requireNonNull(spool, "spool"), this);
  }

  /** How many series open batches have noted for the view; at most twice {@link #maxSeries()}. */
  int pendingSeries() {
    return pending.get();
  }

  /** Takes room for one more series noted by an open batch, if there is any. */
  private boolean reservePending() {
    while (true) {
      int n = pending.get();
      if (n >= 2 * maxSeries) {
        return false;
      }
      if (pending.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** A batch being recorded by {@code charmUrl} with {@code declared}; see {@link Batch}. */
  Batch newBatch(DeclaredMetrics declared, String charmUrl) {
    return new Batch(declared, charmUrl);
  }

  private void publish(Batch batch) {
    for (MetricFamily family : batch.families.values()) {
      if (families.size() < maxSeries || families.containsKey(family.name())) {
        families.put(family.name(), family);
      }
    }
    long now = clock.millis();
    batch.latest.forEach((id, pending) -> offer(batch, id, pending.value, pending.time, now));
    long metrics = batch.metrics + batch.unnotedMetrics;
    for (Batch.TeeSeries handle : batch.handles) {
      if (handle.count > 0) {
        offer(batch, handle.id, handle.value(), handle.time, now);
        metrics += handle.count;
      }
    }
    if (batch.unnoted) {
      seriesDropped.increment();
    }
    if (metrics > 0) {
      sourceCount(batch.charmUrl).add(metrics);
    }
  }

  private void offer(Batch batch, SeriesId id, String value, Instant time, long now) {
    Slot slot = series.get(id);
    if (slot == null) {
      slot = insert(id, batch.declared, now);
      if (slot == null) {
        seriesDropped.increment();
        return;
      }
    }
    slot.offer(value, time, now);
  }

  /** Adds a slot for a new series, or returns null if there is no room. */
  private @Nullable Slot insert(SeriesId id, DeclaredMetrics declared, long now) {
    if (!reserve(now)) {
      return null;
    }
    MetricKind kind = declared.kindOf(id.key());
    SeriesId stored = new SeriesId(id.source(), id.key(), LabelSet.of(id.labels()));
    Slot fresh = new Slot(stored, kind == null ? MetricKind.GAUGE : kind);
    Slot raced = series.putIfAbsent(stored, fresh);
    if (raced != null) {
      size.decrementAndGet();
      return raced;
    }
    return fresh;
  }

  /** Takes room for one series, purging idle series if the view is full. */
  private boolean reserve(long now) {
    while (true) {
      int n = size.get();
      if (n >= maxSeries) {
        if (now >= nextPurgeMillis) {
          nextPurgeMillis = now + PURGE_INTERVAL.toMillis();
          if (purgeIdle(now) > 0) {
            continue;
          }
        }
        return false;
      }
      if (size.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** Removes the series not recorded for {@link #maxIdle}; returns how many. */
  private int purgeIdle(long now) {
    long cutoff = now - maxIdle.toMillis();
    int removed = 0;
    for (Map.Entry<SeriesId, Slot> entry : series.entrySet()) {
      if (entry.getValue().recordedAt < cutoff && series.remove(entry.getKey(), entry.getValue())) {
        size.decrementAndGet();
        removed++;
      }
    }
    return removed;
  }

  private LongAdder sourceCount(String charmUrl) {
    LongAdder count = metricsBySource.get(charmUrl);
    if (count != null) {
      return count;
    }
    if (metricsBySource.size() >= MAX_SOURCES) {
      return metricsBySource.computeIfAbsent(OTHER_SOURCES, source -> new LongAdder());
    }
    return metricsBySource.computeIfAbsent(charmUrl, source -> new LongAdder());
  }

  /**
   * A series: a source, a key and its labels (any map; equal by content). Its hash is computed
   * once, and its parts are compared by reference before content: a batch's id of a series the view
   * holds most often has the very strings and label set of the view's (push parsers and collector
   * pipelines hand one instance per series), so a batch finds its series' slots without reading
   * their labels.
   */
  private static final class SeriesId {
    private final String source;
    private final String key;
    private final Map<String, String> labels;
    private final int hash;

    SeriesId(String source, String key, Map<String, String> labels) {
      this.source = source;
      this.key = key;
      this.labels = labels;
      this.hash = (31 * source.hashCode() + key.hashCode()) * 31 + labels.hashCode();
    }

    String source() {
      return source;
    }

    String key() {
      return key;
    }

    Map<String, String> labels() {
      return labels;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o == this
          || o instanceof SeriesId other
              && hash == other.hash
              && (key == other.key || key.equals(other.key))
              && (labels == other.labels || labels.equals(other.labels))
              && (source == other.source || source.equals(other.source));
    }

    @Override
    public String toString() {
      return source + " " + key + labels;
    }
  }

  /**
   * The latest sample of one series in the view: its value and time as offered, made a {@link
   * Sample} only when the view is read (a series is offered with every batch, read far less often).
   */
  private static final class Slot {
    private final SeriesId id;
    private final MetricKind kind;
    private @Nullable String value; // guarded by this
    private @Nullable Instant time; // guarded by this
    private @Nullable Sample sample; // made from value and time when read; guarded by this
    private volatile long recordedAt;

    Slot(SeriesId id, MetricKind kind) {
      this.id = id;
      this.kind = kind;
    }

    synchronized void offer(String value, Instant time, long now) {
      Instant current = this.time;
      if (current == null || !time.isBefore(current)) {
        this.value = value;
        this.time = time;
        sample = null;
      }
      recordedAt = now;
    }

    /** The latest sample, or null if none was offered yet. */
    synchronized @Nullable Sample sample() {
      Sample made = sample;
      if (made == null && value != null && time != null) {
        made = sample = new Sample(id.source(), id.key(), id.labels(), kind, value, time);
      }
      return made;
    }
  }

  /** The latest value and time of a series within one batch. */
  private static final class Pending {
    String value;
    Instant time;

    Pending(String value, Instant time) {
      this.value = value;
      this.time = time;
    }
  }

  /**
   * The latest sample of each series of one batch, kept until the batch is durable. It holds the
   * label maps it is given (recorders' callers hand over maps they no longer change) and copies
   * only a series new to the view. Thread-safe, like a recorder.
   */
  final class Batch {
    private final DeclaredMetrics declared;
    private final String charmUrl;
    private final HashMap<SeriesId, Pending> latest = new HashMap<>(); // guarded by this
    private final List<TeeSeries> handles = new ArrayList<>(); // guarded by this
    private final Map<String, MetricFamily> families = new LinkedHashMap<>(); // guarded by this
    private long metrics; // guarded by this
    private boolean finished; // guarded by this
    private int reserved; // series taken from the pending bound; guarded by this
    private boolean unnoted; // a series was left unnoted for want of room; guarded by this
    private long unnotedMetrics; // metrics of unnoted series added one by one; guarded by this
    private @Nullable UnnotedSeries
        unnotedCounter; // shared by the unnoted handles; guarded by this

    // An identity table from a (key, labels) pair of instances to its entry in latest: a writer
    // that hands the same key and label map instances for a series (the push parsers do) finds it
    // without hashing or comparing their contents. Linear probing over slots of three: key,
    // labels, pending, side by side. Guarded by this.
    private Object[] memo = new Object[64 * 3];
    private int memoSize;

    private Batch(DeclaredMetrics declared, String charmUrl) {
      this.declared = declared;
      this.charmUrl = charmUrl;
    }

    /**
     * A handle adding samples of one series through {@code spool}'s handle, each noted for the view
     * without a lookup or a lock: it keeps its own latest sample and count, which enter the view
     * with the batch (after the samples added one by one; of equal times, the handle's).
     */
    SeriesRecorder series(String key, @Nullable Map<String, String> labels, SeriesRecorder spool) {
      synchronized (this) {
        if (finished) {
          return spool;
        }
        if (!reservePending()) {
          unnoted = true;
          return unnotedHandle(spool);
        }
        reserved++;
        TeeSeries handle =
            new TeeSeries(new SeriesId(charmUrl, key, labels == null ? Map.of() : labels), spool);
        handles.add(handle);
        return handle;
      }
    }

    /**
     * A handle for a series there was no room to note: it only counts its samples, and shares one
     * counter with every other such handle of the batch. Holding this.
     */
    private SeriesRecorder unnotedHandle(SeriesRecorder spool) {
      UnnotedSeries counter = unnotedCounter;
      if (counter == null) {
        counter = unnotedCounter = new UnnotedSeries();
      }
      UnnotedSeries shared = counter;
      return new SeriesRecorder() {
        @Override
        public void add(String value, Instant time) throws IOException {
          spool.add(value, time);
          shared.count++;
        }

        @Override
        public void add(byte[] text, int start, int end, Instant time) throws IOException {
          spool.add(text, start, end, time);
          shared.count++;
        }

        @Override
        public void add(double value, Instant time) throws IOException {
          spool.add(value, time);
          shared.count++;
        }
      };
    }

    /** Samples added through the handles of series left unnoted; read as {@link TeeSeries}. */
    final class UnnotedSeries {
      long count;
    }

    /** One series' samples added through a handle; used by one thread at a time. */
    final class TeeSeries implements SeriesRecorder {
      private static final int DOUBLE_VALUE = -2;

      final SeriesId id;
      private final SeriesRecorder spool;
      // Written by the handle's thread; read once the batch is durable, after the recorder's
      // close (whose lock every add took) returned on the publishing thread.
      long count;
      @Nullable Instant time;
      // The latest value: a string, or its text in valueText (valueLength >= 0), or a double
      // (valueLength == DOUBLE_VALUE).
      private @Nullable String value;
      private byte[] valueText = new byte[0];
      private int valueLength = -1;
      private double doubleValue;

      TeeSeries(SeriesId id, SeriesRecorder spool) {
        this.id = id;
        this.spool = spool;
      }

      @Override
      public void add(String sampleValue, Instant sampleTime) throws IOException {
        spool.add(sampleValue, sampleTime);
        count++;
        if (time == null || !sampleTime.isBefore(time)) {
          value = sampleValue;
          valueLength = -1;
          time = sampleTime;
        }
      }

      @Override
      public void add(byte[] text, int start, int end, Instant sampleTime) throws IOException {
        spool.add(text, start, end, sampleTime);
        count++;
        if (time == null || !sampleTime.isBefore(time)) {
          int length = end - start;
          if (valueText.length < length) {
            valueText = new byte[Math.max(length, 16)];
          }
          System.arraycopy(text, start, valueText, 0, length);
          valueLength = length;
          time = sampleTime;
        }
      }

      @Override
      public void add(double sampleValue, Instant sampleTime) throws IOException {
        spool.add(sampleValue, sampleTime);
        count++;
        if (time == null || !sampleTime.isBefore(time)) {
          doubleValue = sampleValue;
          valueLength = DOUBLE_VALUE;
          time = sampleTime;
        }
      }

      /** The latest sample's value. */
      @Nullable String value() {
        if (valueLength == DOUBLE_VALUE) {
          return MetricValues.text(doubleValue);
        }
        return valueLength >= 0
            ? new String(valueText, 0, valueLength, StandardCharsets.ISO_8859_1)
            : value;
      }
    }

    /** Notes a family the recorder was told of; the first {@link MetricMetadata#MAX_FAMILIES}. */
    synchronized void describe(MetricFamily family) {
      if (!finished
          && (families.size() < MetricMetadata.MAX_FAMILIES
              || families.containsKey(family.name()))) {
        families.put(family.name(), family);
      }
    }

    /** Notes a metric the recorder accepted. */
    synchronized void add(
        String key, String value, Instant time, @Nullable Map<String, String> labels) {
      if (finished) {
        return;
      }
      Map<String, String> series = labels == null ? Map.of() : labels;
      Pending pending = memo(key, series);
      if (pending == null) {
        SeriesId id = new SeriesId(charmUrl, key, series);
        pending = latest.get(id);
        if (pending == null) {
          if (!reservePending()) {
            unnoted = true;
            unnotedMetrics++;
            return;
          }
          reserved++;
          pending = new Pending(value, time);
          latest.put(id, pending);
        }
        remember(key, series, pending);
      }
      metrics++;
      if (!time.isBefore(pending.time)) {
        pending.value = value;
        pending.time = time;
      }
    }

    private static int slot(String key, Map<?, ?> labels, int slots) {
      int h = System.identityHashCode(key) * 0x9E3779B1 + System.identityHashCode(labels);
      return (h ^ (h >>> 16)) & (slots - 1);
    }

    private @Nullable Pending memo(String key, Map<?, ?> labels) {
      Object[] table = memo;
      int slots = table.length / 3;
      for (int i = slot(key, labels, slots); table[i * 3] != null; i = (i + 1) & (slots - 1)) {
        if (table[i * 3] == key && table[i * 3 + 1] == labels) {
          return (Pending) table[i * 3 + 2];
        }
      }
      return null;
    }

    private void remember(String key, Map<?, ?> labels, Pending pending) {
      if (memoSize * 2 >= memo.length / 3) {
        Object[] old = memo;
        memo = new Object[old.length * 2];
        memoSize = 0;
        for (int i = 0; i < old.length; i += 3) {
          if (old[i] != null) {
            insert((String) old[i], (Map<?, ?>) old[i + 1], (Pending) old[i + 2]);
          }
        }
      }
      insert(key, labels, pending);
    }

    private void insert(String key, Map<?, ?> labels, Pending pending) {
      Object[] table = memo;
      int slots = table.length / 3;
      int i = slot(key, labels, slots);
      while (table[i * 3] != null) {
        i = (i + 1) & (slots - 1);
      }
      table[i * 3] = key;
      table[i * 3 + 1] = labels;
      table[i * 3 + 2] = pending;
      memoSize++;
    }

    /** The batch is durable: its samples enter the view. Only once. */
    void publish() {
      synchronized (this) {
        if (finished) {
          return;
        }
        finished = true;
        if (unnotedCounter != null) {
          unnotedMetrics += unnotedCounter.count;
        }
      }
      try {
        if (metrics > 0 || unnotedMetrics > 0 || !handles.isEmpty() || !families.isEmpty()) {
          LatestSamples.this.publish(this);
        }
      } finally {
        release();
      }
    }

    /** The batch was abandoned: nothing enters the view. */
    synchronized void discard() {
      if (finished) {
        return;
      }
      finished = true;
      latest.clear();
      handles.clear();
      unnotedCounter = null;
      memo = new Object[3];
      memoSize = 0;
      release();
    }

    /** Gives back the room its series took. */
    private synchronized void release() {
      pending.addAndGet(-reserved);
      reserved = 0;
    }
  }
}
