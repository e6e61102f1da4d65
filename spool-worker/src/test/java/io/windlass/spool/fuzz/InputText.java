package io.windlass.spool.fuzz;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;
import java.util.StringJoiner;

/**
 * An input as readable text for a failure report: strings and byte arrays quoted, with everything
 * but printable ASCII escapes ({@code \n}, {@code \u0000}, {@code \xFF}), lists, maps and records
 * with their parts, long texts cut.
 */
public final class InputText {

  /** The longest string or byte array shown in full. */
  static final int MAX_SHOWN = 4000;

  private InputText() {}

  /** {@code input} as readable text. */
  public static String of(Object input) {
    StringBuilder out = new StringBuilder();
    append(out, input);
    return out.toString();
  }

  private static void append(StringBuilder out, Object input) {
    if (input == null) {
      out.append("null");
    } else if (input instanceof String text) {
      quote(out, text);
    } else if (input instanceof byte[] bytes) {
      quote(out, bytes);
    } else if (input instanceof Collection<?> elements) {
      StringJoiner list = new StringJoiner(", ", "[", "]");
      elements.forEach(element -> list.add(of(element)));
      out.append(list);
    } else if (input instanceof Map<?, ?> map) {
      StringJoiner entries = new StringJoiner(", ", "{", "}");
      map.forEach((key, value) -> entries.add(of(key) + "=" + of(value)));
      out.append(entries);
    } else if (input.getClass().isRecord()) {
      StringJoiner parts = new StringJoiner(", ", input.getClass().getSimpleName() + "[", "]");
      for (RecordComponent component : input.getClass().getRecordComponents()) {
        parts.add(component.getName() + "=" + of(valueOf(component, input)));
      }
      out.append(parts);
    } else {
      out.append(input);
    }
  }

  private static Object valueOf(RecordComponent component, Object record) {
    try {
      component.getAccessor().setAccessible(true);
      return component.getAccessor().invoke(record);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return "<" + e + ">";
    }
  }

  private static void quote(StringBuilder out, String text) {
    out.append('"');
    int shown = Math.min(text.length(), MAX_SHOWN);
    for (int i = 0; i < shown; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c >= ' ' && c <= '~') {
            out.append(c);
          } else {
            out.append(String.format("\\u%04x", (int) c));
          }
        }
      }
    }
    out.append('"');
    if (text.length() > shown) {
      out.append("... (").append(text.length() - shown).append(" more characters)");
    }
  }

  private static void quote(StringBuilder out, byte[] bytes) {
    out.append("bytes\"");
    int shown = Math.min(bytes.length, MAX_SHOWN);
    for (int i = 0; i < shown; i++) {
      int b = bytes[i] & 0xff;
      switch (b) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (b >= ' ' && b <= '~') {
            out.append((char) b);
          } else {
            out.append(String.format("\\x%02X", b));
          }
        }
      }
    }
    out.append('"');
    if (bytes.length > shown) {
      out.append("... (").append(bytes.length - shown).append(" more bytes)");
    }
  }
}
