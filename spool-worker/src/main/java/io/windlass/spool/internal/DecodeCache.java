package io.windlass.spool.internal;

import com.google.common.collect.ImmutableSortedMap;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keys, label values and label sets seen in earlier data files of a spool, so that decoding the
 * next file hands out the same instances for them: a sender reading batch after batch of the same
 * series then gets metrics whose keys and label maps are the same objects from batch to batch, and
 * compares them by identity.
 *
 * <p>Thread-safe without locking: a decode {@linkplain #borrow() borrows} the tables and
 * {@linkplain #giveBack gives them back}; a decode that runs while another holds them gets fresh
 * tables, which only cost that decode its head start.
 */
public final class DecodeCache {

  /** The tables one decode uses. */
  static final class Tables {
    final CanonicalStrings strings = new CanonicalStrings();
    final LabelSets labelSets = new LabelSets();

    /** Metric keys by their text in plain files. */
    final AsciiTable<KeyText> keys = new AsciiTable<>();

    /** Label maps by the exact text of their JSON object in plain files, braces left out. */
    final AsciiTable<LabelObject> labelObjects = new AsciiTable<>();

    /** The series of each line of the files read before, by line number. */
    final LineSeries lineSeries = new LineSeries();
  }

  /**
   * A metric key, and the start of its plain lines up to the value: <code>{"key":"…","value":"
   * </code>.
   */
  record KeyText(String key, byte[] linePrefix) {}

  /**
   * A label object's map, and the end of the plain lines that carry it, after the time: <code>
   * ,"labels":{…}}</code>.
   */
  record LabelObject(ImmutableSortedMap<String, String> labels, byte[] lineSuffix) {

    /** The label object whose text (braces left out) is {@code text}. */
    static LabelObject of(byte[] text, ImmutableSortedMap<String, String> labels) {
      byte[] start = ",\"labels\":{".getBytes(StandardCharsets.US_ASCII);
      byte[] suffix = Arrays.copyOf(start, start.length + text.length + 2);
      System.arraycopy(text, 0, suffix, start.length, text.length);
      suffix[suffix.length - 2] = '}';
      suffix[suffix.length - 1] = '}';
      return new LabelObject(labels, suffix);
    }
  }

  private final AtomicReference<Tables> idle = new AtomicReference<>(new Tables());

  /** The tables, or fresh ones if another decode holds them. */
  Tables borrow() {
    Tables tables = idle.getAndSet(null);
    return tables != null ? tables : new Tables();
  }

  /** Returns tables taken with {@link #borrow()}, unless others were returned meanwhile. */
  void giveBack(Tables tables) {
    idle.compareAndSet(null, tables);
  }
}
