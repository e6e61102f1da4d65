package io.windlass.spool.internal;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The hash by which the spool finds a series (a key and its labels) again, whatever the order of
 * its labels: well-mixed hashes of the labels summed, then mixed with the key's. ({@link
 * Map#hashCode()}, a plain sum of name and value hashes XORed, gives many label sets that differ in
 * a counter one hash, and long probe chains.) A label set can compute its part once ({@link
 * #labels}) and have it combined per key ({@link #series(String, int)}).
 */
public final class SeriesHash {
  private SeriesHash() {}

  /** The hash of the series of {@code key} and {@code labels}. */
  public static int series(String key, Map<String, String> labels) {
    return series(key, labels(labels));
  }

  /** The hash of the series of {@code key} and labels whose {@link #labels} part is given. */
  public static int series(String key, int labelsPart) {
    return mix(mix(key.hashCode()) + labelsPart);
  }

  /** The labels' part of a series hash. */
  public static int labels(Map<String, String> labels) {
    int h = 0;
    for (Map.Entry<String, String> label : labels.entrySet()) {
      h += label(label.getKey(), label.getValue());
    }
    return h;
  }

  /** One label's share of {@link #labels}. */
  public static int label(String name, @Nullable String value) {
    return mix(name.hashCode() * 31 + Objects.hashCode(value));
  }

  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    return h ^ (h >>> 16);
  }
}
