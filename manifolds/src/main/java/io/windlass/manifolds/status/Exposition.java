package io.windlass.manifolds.status;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Writes the Prometheus text exposition format, version 0.0.4: per metric family an optional {@code
 * # HELP} line, a {@code # TYPE} line and its samples, each family once. Label values and help
 * texts are escaped as the format asks. Not thread-safe.
 */
final class Exposition {
  private final StringBuilder out = new StringBuilder(16 * 1024);
  private final Set<String> families = new HashSet<>();

  /**
   * Starts a family; its samples follow.
   *
   * @param type {@code counter}, {@code gauge} or {@code untyped}
   * @param help one line of help, or null for none
   * @throws IllegalStateException if the family was written already
   */
  Exposition family(String name, String type, @Nullable String help) {
    if (!families.add(name)) {
      throw new IllegalStateException("metric family " + name + " written twice");
    }
    if (help != null) {
      out.append("# HELP ").append(name).append(' ');
      escapeHelp(help);
      out.append('\n');
    }
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    return this;
  }

  /** Whether a family of this name has been written. */
  boolean has(String name) {
    return families.contains(name);
  }

  /** A sample without labels. */
  Exposition sample(String name, String value) {
    return sample(name, Map.of(), value, null);
  }

  /** A sample with one label. */
  Exposition sample(String name, String label, String labelValue, String value) {
    return sample(name, Map.of(label, labelValue), value, null);
  }

  /**
   * A sample.
   *
   * @param labels in the order to write them
   * @param value a number as the format writes it
   * @param timestampMillis the sample's time, or null for none (the scrape's time)
   */
  Exposition sample(
      String name, Map<String, String> labels, String value, @Nullable Long timestampMillis) {
    out.append(name);
    if (!labels.isEmpty()) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, String> label : labels.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        out.append(label.getKey()).append("=\"");
        escapeLabelValue(label.getValue());
        out.append('"');
      }
      out.append('}');
    }
    out.append(' ').append(value);
    if (timestampMillis != null) {
      out.append(' ').append(timestampMillis.longValue());
    }
    out.append('\n');
    return this;
  }

  /** What was written. */
  String text() {
    return out.toString();
  }

  private void escapeLabelValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
  }

  private void escapeHelp(String help) {
    for (int i = 0; i < help.length(); i++) {
      char c = help.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
  }

  /**
   * {@code key} as a metric name: every character other than letters, digits, {@code _} and {@code
   * :} becomes {@code _} ({@code cpu.usage.user} is {@code cpu_usage_user}), and a leading digit
   * gets a {@code _} before it.
   */
  static String metricName(String key) {
    StringBuilder name = null;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean ok =
          c >= 'a' && c <= 'z'
              || c >= 'A' && c <= 'Z'
              || c == '_'
              || c == ':'
              || (c >= '0' && c <= '9' && i > 0);
      if (!ok && name == null) {
        name = new StringBuilder(key.length() + 1).append(key, 0, i);
      }
      if (name != null) {
        if (ok) {
          name.append(c);
        } else if (c >= '0' && c <= '9') {
          name.append('_').append(c);
        } else {
          name.append('_');
        }
      }
    }
    return name == null ? key : name.toString();
  }

  /**
   * {@code name} as a label name: every character other than letters, digits and {@code _} becomes
   * {@code _}, a leading digit gets a {@code _} before it, and an empty name is {@code _}.
   */
  static String labelName(String name) {
    if (name.isEmpty()) {
      return "_";
    }
    StringBuilder out = new StringBuilder(name.length() + 1);
    if (name.charAt(0) >= '0' && name.charAt(0) <= '9') {
      out.append('_');
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
      out.append(ok ? c : '_');
    }
    return out.toString();
  }
}
