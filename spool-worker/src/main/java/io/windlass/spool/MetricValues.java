package io.windlass.spool;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The text of a metric's value as the spool keeps it (a decimal string, as Juju keeps it): the one
 * formatter of numbers ({@link #format}), the one check for plain decimals ({@link
 * #isPlainDecimal}) and for decimal numbers ({@link #isDecimal}), and the one reader back to a
 * double ({@link #parse(String)}). Everything that writes spool values (the collector's pipelines,
 * the push readers) or reads them (the sender's sinks) goes through here, so that a number is
 * written and read the same way whichever way it came in.
 */
public final class MetricValues {
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");

  /** Mantissas up to this are exact doubles; one more digit could pass 2^53. */
  private static final long MAX_EXACT_BEFORE_DIGIT = ((1L << 53) - 9) / 10;

  private static final double[] POWERS_OF_TEN = new double[23];

  static {
    double power = 1;
    for (int i = 0; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = power;
      power *= 10;
    }
  }

  /**
   * The value of {@code text}, a decimal number: {@code [+-]?(d+[.d*]|.d+)([eE][+-]?d+)?}, with
   * spaces around it ignored ({@link String#trim()}), rounded to the nearest double as {@link
   * Double#parseDouble} rounds it. A plain decimal ({@link #isPlainDecimal}) whose digits make an
   * integer of at most 2<sup>53</sup> (any 15 digits do) and that has at most 22 fraction digits —
   * the form nearly every value takes — is read without allocating: that integer and the power of
   * ten of its fraction digits are both exact doubles, so one division rounds correctly (Clinger's
   * fast path). Everything else goes to {@link Double#parseDouble}. The three spellings of a
   * non-finite value the spool stores for HTTP pushes, {@code NaN}, {@code +Inf} and {@code -Inf},
   * are read as {@link Double#NaN} (bits {@code 0x7ff8000000000000}, not Prometheus' staleness
   * marker {@code 0x7ff0000000000002}) and the infinities.
   *
   * @throws NumberFormatException it is not a decimal number
   */
  public static double parse(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return parseGeneral(text);
      }
    }
    byte[] ascii = text.getBytes(StandardCharsets.ISO_8859_1);
    return parse(ascii, 0, ascii.length);
  }

  /**
   * The value of the ASCII text {@code [start, end)} of {@code bytes}, as {@link #parse(String)}
   * reads it.
   *
   * @throws NumberFormatException it is not a decimal number
   */
  public static double parse(byte[] bytes, int start, int end) {
    int i = start;
    boolean negative = false;
    if (i < end && (bytes[i] == '+' || bytes[i] == '-')) {
      negative = bytes[i] == '-';
      i++;
    }
    long mantissa = 0;
    int digits = 0;
    int fractionDigits = 0;
    boolean point = false;
    for (; i < end; i++) {
      int c = bytes[i];
      if (c >= '0' && c <= '9') {
        if (mantissa > MAX_EXACT_BEFORE_DIGIT) {
          return parseGeneral(ascii(bytes, start, end));
        }
        mantissa = mantissa * 10 + (c - '0');
        digits++;
        if (point) {
          fractionDigits++;
        }
      } else if (c == '.' && !point) {
        point = true;
      } else {
        return parseGeneral(ascii(bytes, start, end));
      }
    }
    if (digits == 0 || fractionDigits >= POWERS_OF_TEN.length) {
      return parseGeneral(ascii(bytes, start, end));
    }
    double value = (double) mantissa / POWERS_OF_TEN[fractionDigits];
    return negative ? -value : value;
  }

  private static String ascii(byte[] bytes, int start, int end) {
    return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
  }

  private static double parseGeneral(String text) {
    String trimmed = text.trim();
    switch (trimmed) {
      case "NaN":
        return Double.NaN;
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    if (!isDecimal(trimmed)) {
      throw new NumberFormatException("not a decimal number: \"" + text + "\"");
    }
    return Double.parseDouble(trimmed);
  }

  private MetricValues() {}

  /** The most characters {@link #format} and {@link #formatTo} write. */
  public static final int MAX_FORMATTED_LENGTH = 32;

  /** The most fraction digits {@link #formatTo} tries before {@link Double#toString(double)}. */
  private static final int MAX_FAST_FRACTION_DIGITS = 6;

  /**
   * {@code value} as a short decimal the spool accepts: whole numbers below 10^15 without a
   * fraction ({@code 42}), others the shortest plain decimal of at most six fraction digits that
   * reads back as the same double ({@code 0.25}, {@code 12.5}), else as {@link
   * Double#toString(double)} ({@code 0.1234567}, {@code 1.0E-7}); at most {@value
   * #MAX_FORMATTED_LENGTH} characters. Null for NaN and infinities.
   */
  public static @Nullable String format(double value) {
    if (!Double.isFinite(value)) {
      return null;
    }
    byte[] text = new byte[MAX_FORMATTED_LENGTH];
    int end = formatTo(value, text, 0);
    return new String(text, 0, end, StandardCharsets.ISO_8859_1);
  }

  /**
   * A value as the spool stores it: finite as {@link #format(double)} writes it, else {@code NaN},
   * {@code +Inf} or {@code -Inf} (which Prometheus and VictoriaMetrics store as such, and {@link
   * #parse(String)} reads back).
   */
  public static String text(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return Objects.requireNonNull(format(value));
  }

  /**
   * Writes the ASCII text of {@link #format(double)} into {@code out} from {@code at}, where there
   * must be room for {@value #MAX_FORMATTED_LENGTH} bytes; returns where it ends. The common forms
   * are written without allocating: a whole number is its digits, and a number with a few fraction
   * digits is the digits of the whole number {@code m = rint(value × 10^k)} for the least {@code k}
   * at which {@code m / 10^k} is {@code value} again — both exact doubles, so that division is what
   * {@link #parse} and {@link Double#parseDouble} compute from the text, and the text reads back as
   * {@code value}.
   *
   * @throws IllegalArgumentException {@code value} is NaN or infinite
   */
  public static int formatTo(double value, byte[] out, int at) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("not a finite value: " + value);
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return putLong(out, at, (long) value);
    }
    double magnitude = Math.abs(value);
    if (magnitude < 1e9 && magnitude >= 1e-6) {
      for (int k = 1; k <= MAX_FAST_FRACTION_DIGITS; k++) {
        double scaled = Math.rint(magnitude * POWERS_OF_TEN[k]);
        if (scaled / POWERS_OF_TEN[k] == magnitude) {
          int p = at;
          if (value < 0) {
            out[p++] = '-';
          }
          return putFixed(out, p, (long) scaled, k);
        }
      }
    }
    String general = Double.toString(value);
    for (int i = 0; i < general.length(); i++) {
      out[at + i] = (byte) general.charAt(i);
    }
    return at + general.length();
  }

  /** Writes the digits of {@code value}, a minus first if negative; returns where they end. */
  private static int putLong(byte[] out, int at, long value) {
    int p = at;
    long rest = value;
    if (rest < 0) {
      out[p++] = '-';
      rest = -rest;
    }
    int digits = 1;
    for (long bound = 10; digits < 19 && rest >= bound; bound *= 10) {
      digits++;
    }
    for (int i = p + digits - 1; i >= p; i--) {
      out[i] = (byte) ('0' + rest % 10);
      rest /= 10;
    }
    return p + digits;
  }

  /**
   * Writes {@code scaled / 10^fractionDigits}, {@code scaled} not negative, as {@code
   * whole.fraction} with exactly {@code fractionDigits} fraction digits; returns where it ends.
   */
  private static int putFixed(byte[] out, int at, long scaled, int fractionDigits) {
    long whole = scaled / (long) POWERS_OF_TEN[fractionDigits];
    long fraction = scaled % (long) POWERS_OF_TEN[fractionDigits];
    int p = putLong(out, at, whole);
    out[p++] = '.';
    for (int i = p + fractionDigits - 1; i >= p; i--) {
      out[i] = (byte) ('0' + fraction % 10);
      fraction /= 10;
    }
    return p + fractionDigits;
  }

  /**
   * Whether {@code text} is a decimal number, {@code [+-]?(d+[.d*]|.d+)([eE][+-]?d+)?}, as the wire
   * formats' reference parsers and {@link #parse(String)} take it (a large exponent may still make
   * it infinite).
   */
  public static boolean isDecimal(String text) {
    return DECIMAL.matcher(text).matches();
  }

  /**
   * Whether the ASCII text {@code [start, end)} of {@code b} is a plain decimal number, {@code
   * [+-]?(d+[.d*]|.d+)}: no exponent, so always finite, and in the syntax of the reference parsers
   * and of the spool, so it can be stored as written.
   */
  public static boolean isPlainDecimal(byte[] b, int start, int end) {
    int i = start;
    if (i < end && (b[i] == '+' || b[i] == '-')) {
      i++;
    }
    int digits = 0;
    while (i < end && isDigit(b[i])) {
      i++;
      digits++;
    }
    if (i < end && b[i] == '.') {
      i++;
      while (i < end && isDigit(b[i])) {
        i++;
        digits++;
      }
    }
    return digits > 0 && i == end;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }
}
