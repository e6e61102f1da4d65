package io.windlass.spool.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One {@link String} per distinct ASCII text, for text that repeats in data files (metric keys,
 * label names and values): {@link #get} returns the same instance for the same characters, so a
 * repeat read from bytes makes no new string, its hash code is computed once, and equal texts
 * compare by identity later on. Text with other characters is not kept.
 *
 * <p>Remembers at most {@value AsciiTable#MAX_ENTRIES} texts; when full, it forgets them all and
 * starts again. Not thread-safe: one decode uses it at a time ({@link DecodeCache}).
 */
final class CanonicalStrings {
  private final AsciiTable<String> table = new AsciiTable<>();

  /** The string of {@code length} ASCII bytes of {@code bytes} from {@code offset}. */
  String get(byte[] bytes, int offset, int length) {
    return get(bytes, offset, length, AsciiTable.hash(bytes, offset, length));
  }

  /**
   * The string of {@code length} ASCII bytes of {@code bytes} from {@code offset}, whose string
   * hash is {@code hash}.
   */
  String get(byte[] bytes, int offset, int length, int hash) {
    String known = table.get(bytes, offset, length, hash);
    if (known != null) {
      return known;
    }
    byte[] key = Arrays.copyOfRange(bytes, offset, offset + length);
    String made = new String(key, StandardCharsets.ISO_8859_1);
    table.put(key, hash, made);
    return made;
  }

  /** The string equal to {@code text}: a known one, or {@code text}. */
  String get(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return text;
      }
    }
    int hash = text.hashCode();
    String known = table.get(text, hash);
    if (known != null) {
      return known;
    }
    table.put(text.getBytes(StandardCharsets.US_ASCII), hash, text);
    return text;
  }

  /** How many texts it remembers. */
  int size() {
    return table.size();
  }
}
