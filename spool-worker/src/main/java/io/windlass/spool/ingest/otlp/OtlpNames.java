package io.windlass.spool.ingest.otlp;

import java.util.Map;

/**
 * OTLP names as Prometheus names, as the OpenTelemetry "Prometheus and OpenMetrics compatibility"
 * specification says: characters a metric or label name may not hold become {@code _} (runs of them
 * one), the unit is written out in words ({@code ms} → {@code milliseconds}, {@code By/s} → {@code
 * bytes_per_second}, {@code {packet}} → none, {@code 1} → {@code ratio} for gauges) and appended
 * unless the name holds it already, and a monotonic sum ends in {@code _total}.
 */
final class OtlpNames {

  /** The shape of the series a metric becomes, which decides its suffixes. */
  enum Shape {
    /** A monotonic cumulative sum: a counter, named {@code <name>[_<unit>]_total}. */
    COUNTER,
    /** A gauge or a non-monotonic sum: unit {@code 1} is {@code ratio}. */
    GAUGE,
    /** A histogram or a summary: {@code <name>[_<unit>]}, its samples suffixed by type. */
    DISTRIBUTION
  }

  /** UCUM units as Prometheus spells them, as the OpenTelemetry Collector's translator does. */
  private static final Map<String, String> UNITS =
      Map.ofEntries(
          Map.entry("d", "days"),
          Map.entry("h", "hours"),
          Map.entry("min", "minutes"),
          Map.entry("s", "seconds"),
          Map.entry("ms", "milliseconds"),
          Map.entry("us", "microseconds"),
          Map.entry("ns", "nanoseconds"),
          Map.entry("By", "bytes"),
          Map.entry("KiBy", "kibibytes"),
          Map.entry("MiBy", "mebibytes"),
          Map.entry("GiBy", "gibibytes"),
          Map.entry("TiBy", "tibibytes"),
          Map.entry("KBy", "kilobytes"),
          Map.entry("MBy", "megabytes"),
          Map.entry("GBy", "gigabytes"),
          Map.entry("TBy", "terabytes"),
          Map.entry("m", "meters"),
          Map.entry("V", "volts"),
          Map.entry("A", "amperes"),
          Map.entry("J", "joules"),
          Map.entry("W", "watts"),
          Map.entry("g", "grams"),
          Map.entry("Cel", "celsius"),
          Map.entry("Hz", "hertz"),
          Map.entry("%", "percent"));

  /** The units after a {@code /}, in the singular. */
  private static final Map<String, String> PER_UNITS =
      Map.of(
          "s", "second",
          "m", "minute",
          "h", "hour",
          "d", "day",
          "w", "week",
          "mo", "month",
          "y", "year");

  private static final String TOTAL = "_total";

  private OtlpNames() {}

  /**
   * The Prometheus name of the metric {@code name} in {@code unit}: for a counter the sample name,
   * with {@code _total}; for the others the family name, to which histograms and summaries add
   * {@code _bucket}, {@code _sum} and {@code _count}. Empty if {@code name} has no character a name
   * keeps.
   */
  static String metricName(String name, String unit, Shape shape) {
    String base = sanitize(name, true);
    if (base.isEmpty() || base.equals("_")) {
      return "";
    }
    if (shape == Shape.COUNTER && base.endsWith(TOTAL) && base.length() > TOTAL.length()) {
      base = base.substring(0, base.length() - TOTAL.length());
    }
    String words = unit(unit, shape);
    if (!words.isEmpty() && !("_" + base + "_").contains("_" + words + "_")) {
      base = base + "_" + words;
    }
    return shape == Shape.COUNTER ? base + TOTAL : base;
  }

  /**
   * The family name of a counter's sample name: without {@code _total}, as OpenMetrics names it.
   */
  static String counterFamily(String sampleName) {
    return sampleName.endsWith(TOTAL) && sampleName.length() > TOTAL.length()
        ? sampleName.substring(0, sampleName.length() - TOTAL.length())
        : sampleName;
  }

  /**
   * {@code unit} in Prometheus' words: {@code seconds}, {@code bytes_per_second}, {@code ratio}
   * (unit {@code 1} of a gauge); empty for none ({@code 1} otherwise, or only annotations such as
   * {@code {packet}}).
   */
  static String unit(String unit, Shape shape) {
    String plain = withoutAnnotations(unit).strip();
    if (plain.equals("1")) {
      return shape == Shape.GAUGE ? "ratio" : "";
    }
    if (plain.isEmpty()) {
      return "";
    }
    int slash = plain.indexOf('/');
    String main = slash < 0 ? plain : plain.substring(0, slash).strip();
    String per = slash < 0 ? "" : plain.substring(slash + 1).strip();
    String mainWords = main.equals("1") ? "" : sanitizeUnit(UNITS.getOrDefault(main, main));
    String perWords = sanitizeUnit(PER_UNITS.getOrDefault(per, per));
    if (perWords.isEmpty()) {
      return mainWords;
    }
    return mainWords.isEmpty() ? "per_" + perWords : mainWords + "_per_" + perWords;
  }

  /**
   * {@code key} as a label name: characters other than letters, digits and {@code _} become {@code
   * _}, runs of {@code _} one, and a leading digit is prefixed {@code key_}; empty if {@code key}
   * is.
   */
  static String labelName(String key) {
    String name = sanitize(key, false);
    if (!name.isEmpty() && isDigit(name.charAt(0))) {
      return "key_" + name;
    }
    return name;
  }

  /** Annotations ({@code {…}}) taken out of a UCUM unit. */
  private static String withoutAnnotations(String unit) {
    if (unit.indexOf('{') < 0) {
      return unit;
    }
    StringBuilder out = new StringBuilder(unit.length());
    int depth = 0;
    for (int i = 0; i < unit.length(); i++) {
      char c = unit.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}' && depth > 0) {
        depth--;
      } else if (depth == 0) {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** A unit's words as a name part: no leading, trailing or doubled {@code _}. */
  private static String sanitizeUnit(String words) {
    String name = sanitize(words, false);
    int start = name.startsWith("_") ? 1 : 0;
    int end = name.endsWith("_") && name.length() > start ? name.length() - 1 : name.length();
    return name.substring(start, end);
  }

  /**
   * {@code text} with every character a name may not hold as {@code _} and runs of {@code _} as
   * one; a metric name ({@code colons}) may hold {@code :} but not start with it or a digit, which
   * is then prefixed {@code _}.
   */
  private static String sanitize(String text, boolean colons) {
    StringBuilder out = new StringBuilder(text.length() + 1);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean kept = isLetter(c) || isDigit(c) || c == '_' || (colons && c == ':');
      char next = kept ? c : '_';
      if (next == '_' && out.length() > 0 && out.charAt(out.length() - 1) == '_') {
        continue;
      }
      out.append(next);
    }
    if (colons && out.length() > 0 && !(isLetter(out.charAt(0)) || out.charAt(0) == '_')) {
      out.insert(0, '_');
    }
    return out.toString();
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
