package io.windlass.spool.sender;

import com.google.common.hash.Hashing;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * One remote write series of a {@link SeriesCache}, by its labels encoded: the bytes of its {@code
 * repeated Label labels = 1} fields, tags included, ready to be copied into every request that
 * carries the series; its number in the cache; and its shard. The cache makes one per distinct
 * encoding, so two metrics whose labels come out the same after sanitising are one series, and
 * series compare by identity. Immutable.
 *
 * <p>{@link #encode} applies the naming rules {@link RemoteWriteEncoder} describes.
 */
final class SeriesLabels {
  private final byte[] encoded;
  private final int id;
  private final int shard;

  /** The most samples a request's array for one series is sized for up front. */
  static final int MAX_SAMPLES_HINT = 256;

  /** How many samples of it the last request that carried it held; sizes the next one's array. */
  private int lastSamples = 1;

  /**
   * The series {@code id} of a cache, whose labels {@link #encode} made {@code encoded}, in {@code
   * shard}.
   */
  SeriesLabels(byte[] encoded, int id, int shard) {
    this.encoded = encoded;
    this.id = id;
    this.shard = shard;
  }

  /**
   * The shard of the series whose encoded labels are {@code encoded}, of {@code shards}: Guava's
   * consistent hash of the labels' 32-bit murmur3 hash, so the same labels always have the same
   * shard (from run to run and process to process), and changing the number of shards moves as few
   * series as may be.
   */
  static int shardOf(byte[] encoded, int shards) {
    return shards == 1
        ? 0
        : Hashing.consistentHash(Hashing.murmur3_32_fixed().hashBytes(encoded), shards);
  }

  /**
   * The encoded labels of the series of {@code key} and {@code labels}, in a batch from {@code
   * unitTag} and {@code charmUrl}: {@code __name__}, {@value RemoteWriteEncoder#AGENT_LABEL} and
   * {@value RemoteWriteEncoder#SOURCE_LABEL}, then the metric's labels renamed as needed, sorted by
   * name.
   */
  static byte[] encode(String unitTag, String charmUrl, String key, Map<String, String> labels) {
    TreeMap<String, String> sorted = new TreeMap<>();
    sorted.put(RemoteWriteEncoder.NAME_LABEL, metricName(key));
    if (!unitTag.isEmpty()) {
      sorted.put(RemoteWriteEncoder.AGENT_LABEL, unitTag);
    }
    if (!charmUrl.isEmpty()) {
      sorted.put(RemoteWriteEncoder.SOURCE_LABEL, charmUrl);
    }
    for (Map.Entry<String, String> label : labels.entrySet()) {
      if (label.getValue().isEmpty()) {
        continue;
      }
      String name = labelName(label.getKey());
      if (name.startsWith("__") || sorted.containsKey(name)) {
        name = "exported_" + name;
      }
      sorted.putIfAbsent(name, label.getValue());
    }
    return encode(sorted);
  }

  private static byte[] encode(Map<String, String> sorted) {
    int size = 0;
    for (Map.Entry<String, String> label : sorted.entrySet()) {
      size += RemoteWriteEncoder.lengthDelimited(labelSize(label));
    }
    byte[] bytes = new byte[size];
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      for (Map.Entry<String, String> label : sorted.entrySet()) {
        out.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(labelSize(label));
        out.writeString(1, label.getKey());
        out.writeString(2, label.getValue());
      }
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException("label size miscomputed", e);
    }
    return bytes;
  }

  private static int labelSize(Map.Entry<String, String> label) {
    return CodedOutputStream.computeStringSize(1, label.getKey())
        + CodedOutputStream.computeStringSize(2, label.getValue());
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

  /** Its number in its cache. */
  int id() {
    return id;
  }

  /** Its shard, from 0. */
  int shard() {
    return shard;
  }

  /** The size of the encoded labels. */
  int size() {
    return encoded.length;
  }

  /** Writes the encoded labels. */
  void writeTo(CodedOutputStream out) throws IOException {
    out.writeRawBytes(encoded);
  }

  @Override
  public String toString() {
    return "SeriesLabels[" + id + ", shard " + shard + ", " + encoded.length + " bytes]";
  }

  /** How many samples of it the last request that carried it held (1 before any). */
  int lastSamples() {
    return lastSamples;
  }

  /** Notes how many samples of it a request held (counted up to {@value #MAX_SAMPLES_HINT}). */
  void lastSamples(int samples) {
    this.lastSamples = Math.max(1, Math.min(samples, MAX_SAMPLES_HINT));
  }
}
