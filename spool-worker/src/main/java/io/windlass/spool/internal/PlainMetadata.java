package io.windlass.spool.internal;

import io.windlass.spool.MetricMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A metadata file in the form the spool writes, without a JSON library: {@code
 * {"charmurl":"…","uuid":"…","created":"…","unit-tag":"…"}} and a newline, the fields in that
 * order, strings of printable ASCII escaped as Jackson escapes them ({@link
 * MetricLineEncoder#appendString}; other text is left to the mapper) and the creation time as
 * {@link Instant#toString()} writes it ({@link MetricLineEncoder#appendInstant}). Reading takes
 * only that form with printable ASCII without escapes and a time in {@linkplain Rfc3339#parseCommon
 * the common form}; anything else, or a file it would refuse, is left to {@link SpoolJson}'s
 * parser, which reads all JSON and words the errors.
 */
final class PlainMetadata {
  private static final byte[] CHARM_URL = ascii("{\"charmurl\":\"");
  private static final byte[] UUID = ascii("\",\"uuid\":\"");
  private static final byte[] CREATED = ascii("\",\"created\":\"");
  private static final byte[] UNIT_TAG = ascii("\",\"unit-tag\":\"");
  private static final long MIN_SECOND = -62_167_219_200L; // 0000-01-01T00:00:00Z
  private static final long MAX_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z

  private final byte[] bytes;
  private int p;

  private PlainMetadata(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * The file's bytes, as the spool's JSON mapper writes them; null if the time is outside years
   * 0000 to 9999, which the mapper writes otherwise.
   */
  static byte @Nullable [] encode(MetricMetadata metadata) {
    long second = metadata.created().getEpochSecond();
    if (second < MIN_SECOND
        || second > MAX_SECOND
        || !isPrintableAscii(metadata.charmUrl())
        || !isPrintableAscii(metadata.uuid())
        || !isPrintableAscii(metadata.unitTag())) {
      return null;
    }
    return encodeChecked(metadata);
  }

  /**
   * Whether {@code text} is printable ASCII, which both write alike (quotes, backslashes escaped).
   */
  private static boolean isPrintableAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        return false;
      }
    }
    return true;
  }

  private static byte[] encodeChecked(MetricMetadata metadata) {
    LineBuffer out = new LineBuffer(128);
    out.ensure(1);
    out.put('{');
    field(out, "\"charmurl\":", metadata.charmUrl());
    field(out, ",\"uuid\":", metadata.uuid());
    out.ensure(11);
    out.putAscii(",\"created\":");
    MetricLineEncoder.appendInstant(out, metadata.created());
    field(out, ",\"unit-tag\":", metadata.unitTag());
    out.ensure(2);
    out.put('}');
    out.put('\n');
    return out.toByteArray();
  }

  private static void field(LineBuffer out, String name, String value) {
    out.ensure(name.length());
    out.putAscii(name);
    MetricLineEncoder.appendString(out, value);
  }

  /** The metadata of batch {@code uuid} in {@code bytes}, or null if they are not plain. */
  static @Nullable MetricMetadata decode(String uuid, byte[] bytes) {
    return new PlainMetadata(bytes).read(uuid);
  }

  private @Nullable MetricMetadata read(String uuid) {
    if (!skip(CHARM_URL)) {
      return null;
    }
    String charmUrl = text();
    if (charmUrl == null || !skip(UUID)) {
      return null;
    }
    String metaUuid = text();
    if (metaUuid == null || !metaUuid.equals(uuid) || !skip(CREATED)) {
      return null;
    }
    int timeStart = p;
    String time = text();
    if (time == null || !skip(UNIT_TAG)) {
      return null;
    }
    String unitTag = text();
    if (unitTag == null
        || p + 2 > bytes.length
        || bytes[p] != '"'
        || bytes[p + 1] != '}'
        || !(p + 2 == bytes.length || (p + 3 == bytes.length && bytes[p + 2] == '\n'))) {
      return null;
    }
    Instant created = Rfc3339.parseCommon(bytes, timeStart, time.length());
    if (created == null) {
      return null;
    }
    try {
      return new MetricMetadata(charmUrl, metaUuid, created, unitTag);
    } catch (IllegalArgumentException e) {
      return null; // the parser's path words it
    }
  }

  /** The printable ASCII text from {@code p} up to the next quote, or null if there is other. */
  private @Nullable String text() {
    int start = p;
    for (int i = start; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b == '"') {
        p = i;
        return new String(bytes, start, i - start, StandardCharsets.ISO_8859_1);
      }
      if (b < 0x20 || b == '\\' || b == 0x7F) { // bytes >= 0x80 are negative
        return null;
      }
    }
    return null;
  }

  private boolean skip(byte[] literal) {
    int end = p + literal.length;
    if (end > bytes.length) {
      return false;
    }
    for (int i = 0; i < literal.length; i++) {
      if (bytes[p + i] != literal[i]) {
        return false;
      }
    }
    p = end;
    return true;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
