package io.windlass.spool.internal;

import com.google.common.collect.ImmutableSortedMap;
import io.windlass.spool.Metric;
import io.windlass.spool.MetricValues;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * The metrics of a data file read by {@link PlainMetricLines} or {@link BinaryBatchDecoder}, kept
 * as columns: each metric's key, labels and time (objects shared with the other metrics of their
 * series and time) and its value: a text, all texts in one array, or a double as the binary form
 * keeps it, whose text is made only when asked for. A {@link Metric} is made when {@linkplain #get
 * asked for}; a reader that needs only the parts (the remote-write encoder) reads them without
 * making one, so a sample read from the spool costs no object of its own. Immutable, like the list
 * a {@link io.windlass.spool.MetricBatch} holds.
 */
public final class MetricColumns extends AbstractList<Metric> implements RandomAccess {
  private static final ImmutableSortedMap<String, String> NO_LABELS = ImmutableSortedMap.of();

  private String[] keys;
  private ImmutableSortedMap<String, String>[] labels;
  private Instant[] times;
  private int[] valueEnds;
  private byte[] values;
  private double @Nullable [] numbers; // made at the first double; NaN where the value is a text
  private boolean @Nullable [] isNumber;
  private int size;

  @SuppressWarnings("unchecked")
  MetricColumns(int expected) {
    int capacity = Math.max(expected, 8);
    keys = new String[capacity];
    labels = new ImmutableSortedMap[capacity];
    times = new Instant[capacity];
    valueEnds = new int[capacity];
    values = new byte[capacity * 8];
  }

  /** Appends a metric whose value is the ASCII text {@code [start, end)} of {@code text}. */
  void add(
      String key,
      ImmutableSortedMap<String, String> labelMap,
      Instant time,
      byte[] text,
      int start,
      int end) {
    if (size == keys.length) {
      grow();
    }
    int from = size == 0 ? 0 : valueEnds[size - 1];
    int length = end - start;
    if (from + length > values.length) {
      values = Arrays.copyOf(values, Math.max(values.length * 2, from + length));
    }
    System.arraycopy(text, start, values, from, length);
    keys[size] = key;
    labels[size] = labelMap;
    times[size] = time;
    valueEnds[size] = from + length;
    size++;
  }

  /** Appends a metric whose value is the double {@code value}. */
  void add(String key, ImmutableSortedMap<String, String> labelMap, Instant time, double value) {
    if (size == keys.length) {
      grow();
    }
    double[] doubles = numbers;
    boolean[] flags = isNumber;
    if (doubles == null || flags == null) {
      doubles = numbers = new double[keys.length];
      flags = isNumber = new boolean[keys.length];
    }
    keys[size] = key;
    labels[size] = labelMap;
    times[size] = time;
    valueEnds[size] = size == 0 ? 0 : valueEnds[size - 1];
    doubles[size] = value;
    flags[size] = true;
    size++;
  }

  private void grow() {
    int capacity = size * 2;
    keys = Arrays.copyOf(keys, capacity);
    labels = Arrays.copyOf(labels, capacity);
    times = Arrays.copyOf(times, capacity);
    valueEnds = Arrays.copyOf(valueEnds, capacity);
    if (numbers != null && isNumber != null) {
      numbers = Arrays.copyOf(numbers, capacity);
      isNumber = Arrays.copyOf(isNumber, capacity);
    }
  }

  /** The labels of a metric without any. */
  static ImmutableSortedMap<String, String> noLabels() {
    return NO_LABELS;
  }

  @Override
  public Metric get(int index) {
    return new Metric(key(index), value(index), time(index), labels(index));
  }

  @Override
  public int size() {
    return size;
  }

  /** The key of metric {@code index}. */
  public String key(int index) {
    return keys[checked(index)];
  }

  /** The labels of metric {@code index}, sorted by name; the same object for the same labels. */
  public ImmutableSortedMap<String, String> labels(int index) {
    return labels[checked(index)];
  }

  /** The time of metric {@code index}. */
  public Instant time(int index) {
    return times[checked(index)];
  }

  /** The value of metric {@code index}: its text, as a data file of JSON lines would hold it. */
  public String value(int index) {
    if (isNumber(index)) {
      return MetricValues.text(numbers[index]);
    }
    int start = valueStart(index);
    return new String(values, start, valueEnds[index] - start, StandardCharsets.ISO_8859_1);
  }

  /**
   * The value of metric {@code index} as a double: the double itself where the file kept one, its
   * text {@linkplain MetricValues#parse(byte[], int, int) parsed} otherwise.
   *
   * @throws NumberFormatException the value is a text that is not a number
   */
  public double number(int index) {
    if (isNumber(index)) {
      return numbers[index];
    }
    return MetricValues.parse(values, valueStart(index), valueEnds[index]);
  }

  private boolean isNumber(int index) {
    boolean[] flags = isNumber;
    return flags != null && flags[checked(index)];
  }

  private int valueStart(int index) {
    return checked(index) == 0 ? 0 : valueEnds[index - 1];
  }

  private int checked(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("index " + index + " of " + size + " metrics");
    }
    return index;
  }
}
