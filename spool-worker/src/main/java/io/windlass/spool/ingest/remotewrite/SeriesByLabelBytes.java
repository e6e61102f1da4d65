package io.windlass.spool.ingest.remotewrite;

import io.windlass.spool.LabelSet;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The series remote write 1.0 requests name, found again by the encoded bytes of their labels: a
 * sender names the same series in every request, with the same bytes, so a series' name and label
 * set are read, checked and built once and then reused, the same {@link LabelSet} instance each
 * time (which the spool recognizes by reference). A series is a pure function of those bytes, so
 * the cache is shared by all requests, across threads. Bounded: when it holds {@value #MAX_SERIES}
 * series or {@value #MAX_KEY_BYTES} key bytes it is emptied and starts over.
 */
final class SeriesByLabelBytes {
  static final int MAX_SERIES = 50_000;
  static final long MAX_KEY_BYTES = 8L * 1024 * 1024;

  /** A series' metric name and labels, as {@link SeriesWriter#series} made them. */
  record Named(String name, LabelSet labels) {}

  /** The bytes {@code [from, to)} of an array, compared by content. */
  private static final class Key {
    private final byte[] bytes;
    private final int from;
    private final int to;
    private final int hash;

    Key(byte[] bytes, int from, int to) {
      this.bytes = bytes;
      this.from = from;
      this.to = to;
      int h = 1;
      for (int i = from; i < to; i++) {
        h = 31 * h + bytes[i];
      }
      this.hash = h;
    }

    Key copy() {
      return new Key(Arrays.copyOfRange(bytes, from, to), 0, to - from);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Key other
          && other.hash == hash
          && Arrays.equals(bytes, from, to, other.bytes, other.from, other.to);
    }
  }

  private final ConcurrentHashMap<Key, Named> series = new ConcurrentHashMap<>();
  private final AtomicLong keyBytes = new AtomicLong();

  /** The series whose labels are encoded as {@code [from, to)} of {@code bytes}, or null. */
  @Nullable Named get(byte[] bytes, int from, int to) {
    return series.get(new Key(bytes, from, to));
  }

  /** Remembers {@code named} for the label bytes {@code [from, to)} of {@code bytes}. */
  void put(byte[] bytes, int from, int to, Named named) {
    if (series.size() >= MAX_SERIES || keyBytes.get() + (to - from) > MAX_KEY_BYTES) {
      series.clear();
      keyBytes.set(0);
    }
    if (series.putIfAbsent(new Key(bytes, from, to).copy(), named) == null) {
      keyBytes.addAndGet(to - from);
    }
  }

  /** Series held; for tests. */
  int size() {
    return series.size();
  }
}
