package io.windlass.spool.internal;

import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricKind;
import io.windlass.spool.MetricsDataException;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The rules a metric must pass before a recorder stores it; each broken rule throws a {@link
 * MetricsDataException} whose message names the metric and the rule. The limits are documented on
 * {@link io.windlass.spool.MetricRecorder}.
 */
public final class MetricRules {
  /** The longest metric key. */
  public static final int MAX_KEY_LENGTH = 255;

  /** The longest value string, as in Juju. */
  public static final int MAX_VALUE_LENGTH = 30;

  /** The most labels one metric may carry. */
  public static final int MAX_LABELS = 32;

  /** The longest label name. */
  public static final int MAX_LABEL_NAME_LENGTH = 128;

  /** The longest label value, in UTF-16 characters. */
  public static final int MAX_LABEL_VALUE_LENGTH = 1024;

  private static final long MIN_SECOND = -62_167_219_200L; // 0000-01-01T00:00:00Z
  private static final long MAX_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z

  private MetricRules() {}

  /**
   * Checks one metric against every rule and returns its kind.
   *
   * @param source who declared the metrics (the batch's charm URL), named in messages
   */
  public static MetricKind check(
      DeclaredMetrics declared,
      String source,
      @Nullable String key,
      @Nullable String value,
      @Nullable Instant time,
      Map<String, String> labels)
      throws MetricsDataException {
    String keyProblem = keyProblem(key);
    if (keyProblem != null) {
      throw new MetricsDataException(keyProblem);
    }
    MetricKind kind = declared.kindOf(key);
    if (kind == null) {
      throw new MetricsDataException("metric key " + quote(key) + " is not declared by " + source);
    }
    checkSample(key, kind, declared.allowsNonFinite(), value, time);
    checkLabels(key, labels);
    return kind;
  }

  /**
   * Checks the value and time of a sample of a series whose key and labels have passed {@link
   * #check}: the rest of what {@code check} checks, with the same messages.
   *
   * @param kind the kind the key is declared with
   */
  public static void checkSample(
      String key, MetricKind kind, @Nullable String value, @Nullable Instant time)
      throws MetricsDataException {
    checkSample(key, kind, false, value, time);
  }

  /**
   * {@link #checkSample(String, MetricKind, String, Instant)}, also taking {@code NaN}, {@code
   * +Inf} and {@code -Inf} (written so) if {@code nonFinite} ({@link
   * DeclaredMetrics#allowsNonFinite()}).
   */
  public static void checkSample(
      String key,
      MetricKind kind,
      boolean nonFinite,
      @Nullable String value,
      @Nullable Instant time)
      throws MetricsDataException {
    boolean nonFiniteTaken =
        nonFinite && isNonFiniteText(value) && (kind.allowsNegative() || !"-Inf".equals(value));
    String valueProblem = nonFiniteTaken ? null : valueProblem(key, kind, value);
    if (valueProblem != null) {
      throw new MetricsDataException(valueProblem);
    }
    if (time == null) {
      throw new MetricsDataException("metric " + quote(key) + " has no time");
    }
    if (time.getEpochSecond() < MIN_SECOND || time.getEpochSecond() > MAX_SECOND) {
      throw new MetricsDataException(
          "metric " + quote(key) + " time " + time + " is outside years 0000-9999");
    }
  }

  /**
   * Why {@code key} is not a well-formed metric key, or null if it is. A key is 1 to {@value
   * #MAX_KEY_LENGTH} characters: a letter or {@code _}, then letters, digits, {@code _}, {@code .},
   * {@code :} or {@code -} (so {@code disk.used}, {@code juju-units} and any Prometheus metric name
   * pass).
   */
  public static @Nullable String keyProblem(@Nullable String key) {
    if (key == null) {
      return "metric key must not be null";
    }
    if (key.isEmpty()) {
      return "metric key must not be empty";
    }
    if (key.length() > MAX_KEY_LENGTH) {
      return "metric key "
          + quote(key)
          + " is "
          + key.length()
          + " characters long; the limit is "
          + MAX_KEY_LENGTH;
    }
    if (!isNameStart(key.charAt(0))) {
      return "metric key " + quote(key) + " must start with a letter or '_'";
    }
    for (int i = 1; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!isKeyPart(c)) {
        return "metric key "
            + quote(key)
            + " has invalid character "
            + describe(c)
            + " at index "
            + i
            + "; allowed are letters, digits, '_', '.', ':' and '-'";
      }
    }
    return null;
  }

  /** Whether {@code c} may follow the first character of a metric key. */
  public static boolean isKeyPart(char c) {
    return isNameStart(c) || c >= '0' && c <= '9' || c == '.' || c == ':' || c == '-';
  }

  private static boolean isNameStart(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
  }

  /**
   * Whether the ASCII text {@code [start, end)} of {@code text} is a value {@link #checkSample}
   * accepts for {@code kind} in its plainest form: at most {@value #MAX_VALUE_LENGTH} characters,
   * {@code [+-]?(d+[.d*]|.d+)} without exponent, and not below zero unless the kind allows it.
   * False says nothing: the value may still pass, and {@link #checkSample} decides and words why
   * not.
   */
  public static boolean isPlainValue(MetricKind kind, byte[] text, int start, int end) {
    int n = end - start;
    if (n <= 0 || n > MAX_VALUE_LENGTH) {
      return false;
    }
    int i = start;
    boolean negative = text[i] == '-';
    if (negative || text[i] == '+') {
      i++;
    }
    int digits = 0;
    boolean nonZero = false;
    boolean point = false;
    for (; i < end; i++) {
      byte c = text[i];
      if (c >= '0' && c <= '9') {
        digits++;
        nonZero |= c != '0';
      } else if (c == '.' && !point) {
        point = true;
      } else {
        return false;
      }
    }
    return digits > 0 && !(negative && nonZero && !kind.allowsNegative());
  }

  /** Whether {@link #checkSample} accepts {@code time}: present, in years 0000 to 9999. */
  public static boolean isWritableTime(@Nullable Instant time) {
    return time != null
        && time.getEpochSecond() >= MIN_SECOND
        && time.getEpochSecond() <= MAX_SECOND;
  }

  private static @Nullable String valueProblem(
      String key, MetricKind kind, @Nullable String value) {
    if (value == null) {
      return "metric " + quote(key) + " has no value";
    }
    if (value.length() > MAX_VALUE_LENGTH) {
      return "metric "
          + quote(key)
          + " value "
          + quote(value)
          + " is "
          + value.length()
          + " characters long; the limit is "
          + MAX_VALUE_LENGTH;
    }
    // A decimal number: [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?
    int n = value.length();
    int i = 0;
    boolean negative = false;
    if (i < n && (value.charAt(i) == '+' || value.charAt(i) == '-')) {
      negative = value.charAt(i) == '-';
      i++;
    }
    int mantissaDigits = 0;
    boolean nonZero = false;
    while (i < n && isDigit(value.charAt(i))) {
      nonZero |= value.charAt(i) != '0';
      mantissaDigits++;
      i++;
    }
    if (i < n && value.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(value.charAt(i))) {
        nonZero |= value.charAt(i) != '0';
        mantissaDigits++;
        i++;
      }
    }
    boolean exponent = false;
    if (mantissaDigits > 0 && i < n && (value.charAt(i) == 'e' || value.charAt(i) == 'E')) {
      exponent = true;
      i++;
      if (i < n && (value.charAt(i) == '+' || value.charAt(i) == '-')) {
        i++;
      }
      int exponentDigits = 0;
      while (i < n && isDigit(value.charAt(i))) {
        exponentDigits++;
        i++;
      }
      if (exponentDigits == 0) {
        mantissaDigits = 0; // malformed
      }
    }
    if (mantissaDigits == 0 || i != n) {
      if (isNonFiniteWord(value)) {
        return "metric " + quote(key) + " value " + quote(value) + " is not a finite number";
      }
      return "metric " + quote(key) + " value " + quote(value) + " is not a decimal number";
    }
    if (exponent && Double.isInfinite(Double.parseDouble(value))) {
      return "metric " + quote(key) + " value " + quote(value) + " is out of range";
    }
    if (negative && nonZero && !kind.allowsNegative()) {
      return "metric "
          + quote(key)
          + " ("
          + kind.label()
          + ") value "
          + quote(value)
          + " must be >= 0";
    }
    return null;
  }

  /**
   * The spellings of a non-finite value the spool stores: {@code NaN}, {@code +Inf}, {@code -Inf}.
   */
  public static boolean isNonFiniteText(@Nullable String value) {
    return "NaN".equals(value) || "+Inf".equals(value) || "-Inf".equals(value);
  }

  private static boolean isNonFiniteWord(String value) {
    String word = value.startsWith("+") || value.startsWith("-") ? value.substring(1) : value;
    return word.equalsIgnoreCase("nan")
        || word.equalsIgnoreCase("inf")
        || word.equalsIgnoreCase("infinity");
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static void checkLabels(String key, Map<String, String> labels)
      throws MetricsDataException {
    if (labels.isEmpty()) {
      return;
    }
    if (labels.size() > MAX_LABELS) {
      throw new MetricsDataException(
          "metric " + quote(key) + " has " + labels.size() + " labels; the limit is " + MAX_LABELS);
    }
    for (Map.Entry<String, String> label : labels.entrySet()) {
      String name = label.getKey();
      String problem = labelNameProblem(name);
      if (problem != null) {
        throw new MetricsDataException("metric " + quote(key) + " " + problem);
      }
      String value = label.getValue();
      if (value == null) {
        throw new MetricsDataException(
            "metric " + quote(key) + " label " + quote(name) + " has no value");
      }
      if (value.length() > MAX_LABEL_VALUE_LENGTH) {
        throw new MetricsDataException(
            "metric "
                + quote(key)
                + " label "
                + quote(name)
                + " value is "
                + value.length()
                + " characters long; the limit is "
                + MAX_LABEL_VALUE_LENGTH);
      }
      int nul = value.indexOf('\0');
      if (nul >= 0) {
        throw new MetricsDataException(
            "metric "
                + quote(key)
                + " label "
                + quote(name)
                + " value has a NUL character (U+0000) at index "
                + nul);
      }
      int surrogate = unpairedSurrogate(value);
      if (surrogate >= 0) {
        throw new MetricsDataException(
            "metric "
                + quote(key)
                + " label "
                + quote(name)
                + " value has an unpaired surrogate at index "
                + surrogate);
      }
    }
  }

  /**
   * Why {@code name} is not a well-formed label name, or null if it is. A label name is a
   * Prometheus label name: 1 to {@value #MAX_LABEL_NAME_LENGTH} characters, a letter or {@code _}
   * then letters, digits or {@code _}, not starting with {@code __} (reserved).
   */
  public static @Nullable String labelNameProblem(@Nullable String name) {
    if (name == null) {
      return "label name must not be null";
    }
    if (name.isEmpty()) {
      return "label name must not be empty";
    }
    if (name.length() > MAX_LABEL_NAME_LENGTH) {
      return "label name "
          + quote(name)
          + " is "
          + name.length()
          + " characters long; the limit is "
          + MAX_LABEL_NAME_LENGTH;
    }
    if (!isNameStart(name.charAt(0))) {
      return "label name " + quote(name) + " must start with a letter or '_'";
    }
    if (name.startsWith("__")) {
      return "label name " + quote(name) + " is reserved (it starts with \"__\")";
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(isNameStart(c) || isDigit(c))) {
        return "label name "
            + quote(name)
            + " has invalid character "
            + describe(c)
            + " at index "
            + i
            + "; allowed are letters, digits and '_'";
      }
    }
    return null;
  }

  private static int unpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** {@code s} in double quotes, cut to 64 characters, control characters shown as escapes. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder(Math.min(s.length(), 64) + 3).append('"');
    int end = Math.min(s.length(), 64);
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        out.append(String.format("\\u%04x", (int) c));
      } else if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else {
        out.append(c);
      }
    }
    if (end < s.length()) {
      out.append('…');
    }
    return out.append('"').toString();
  }

  private static String describe(char c) {
    return c < 0x20 || c == 0x7F || Character.isSurrogate(c)
        ? String.format("U+%04X", (int) c)
        : "'" + c + "'";
  }
}
