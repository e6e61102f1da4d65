package io.windlass.spool;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.windlass.spool.internal.MetricRules;

/**
 * What a batch says about a metric family: its type, help text and unit, as a Prometheus text or
 * OpenMetrics body's {@code # TYPE}, {@code # HELP} and {@code # UNIT} lines say them. A hint for
 * backends and re-exposition; the spool checks no sample against it. JSON {@code
 * {"name":..,"type":..,"help":..,"unit":..}}.
 *
 * <p>A family's samples are named after it: a counter {@code x} has samples {@code x} or {@code
 * x_total}, a histogram {@code x} has {@code x_bucket}, {@code x_sum} and {@code x_count}.
 *
 * @param name the family name: a well-formed metric key (see {@link MetricRecorder})
 * @param type the type; {@link MetricType#UNKNOWN} if none was said
 * @param help the help text, at most {@value #MAX_HELP_LENGTH} characters; empty for none
 * @param unit the unit ({@code seconds}, {@code bytes}), at most {@value #MAX_UNIT_LENGTH}
 *     characters; empty for none
 */
@JsonPropertyOrder({"name", "type", "help", "unit"})
public record MetricFamily(
    @JsonProperty("name") String name,
    @JsonProperty("type") MetricType type,
    @JsonProperty("help") String help,
    @JsonProperty("unit") String unit) {

  /** The longest help text kept; {@link #clipped} shortens longer ones. */
  public static final int MAX_HELP_LENGTH = 512;

  /** The longest unit. */
  public static final int MAX_UNIT_LENGTH = 64;

  /** Checks the name and the lengths. */
  public MetricFamily {
    String problem = MetricRules.keyProblem(name);
    if (problem != null) {
      throw new IllegalArgumentException("family: " + problem);
    }
    if (type == null) {
      throw new IllegalArgumentException("family " + name + " type must not be null");
    }
    if (help == null || help.length() > MAX_HELP_LENGTH) {
      throw new IllegalArgumentException(
          "family " + name + " help must be 0 to " + MAX_HELP_LENGTH + " characters");
    }
    if (unit == null || unit.length() > MAX_UNIT_LENGTH) {
      throw new IllegalArgumentException(
          "family " + name + " unit must be 0 to " + MAX_UNIT_LENGTH + " characters");
    }
  }

  /**
   * A family with {@code help} cut to {@value #MAX_HELP_LENGTH} characters (not inside a surrogate
   * pair) and {@code unit} to {@value #MAX_UNIT_LENGTH}: for text read from outside.
   *
   * @throws IllegalArgumentException {@code name} is not a well-formed metric key
   */
  public static MetricFamily clipped(String name, MetricType type, String help, String unit) {
    return new MetricFamily(name, type, clip(help, MAX_HELP_LENGTH), clip(unit, MAX_UNIT_LENGTH));
  }

  /** Whether {@code name} can name a family: a well-formed metric key. */
  public static boolean isValidName(String name) {
    return MetricRules.keyProblem(name) == null;
  }

  /**
   * This family as a later, partial description of it leaves it: the later type unless that is
   * {@link MetricType#UNKNOWN}, the later help and unit unless they are empty. For texts that say a
   * family's type, help and unit on lines read one at a time.
   */
  public MetricFamily updatedBy(MetricFamily later) {
    return new MetricFamily(
        name,
        later.type == MetricType.UNKNOWN ? type : later.type,
        later.help.isEmpty() ? help : later.help,
        later.unit.isEmpty() ? unit : later.unit);
  }

  /** This family under another name (a prefixed one). */
  public MetricFamily withName(String newName) {
    return new MetricFamily(newName, type, help, unit);
  }

  private static String clip(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end);
  }
}
