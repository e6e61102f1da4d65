package io.windlass.spool.fuzz;

import java.security.SecureRandom;
import java.util.OptionalLong;

/**
 * The length and seed of the build's fuzzing round, from system properties the build sets (the
 * parent POM, through surefire):
 *
 * <ul>
 *   <li>{@value #TRIES_PROPERTY}: the tries of a property that does not set its own (100 if
 *       absent).
 *   <li>{@value #SCALE_PROPERTY}: a property that sets its own tries (one whose tries are costly,
 *       such as a spool per try) runs that many times this factor (1 if absent).
 *   <li>{@value #SEED_PROPERTY}: the normal build sets a fixed seed, so its short round tries the
 *       same inputs every time; blank or absent (the {@code fuzz} profile), a random seed is picked
 *       once per test JVM and printed with every property.
 * </ul>
 */
public final class FuzzSettings {

  /** The system property holding the tries of a property. */
  public static final String TRIES_PROPERTY = "fuzz.tries";

  /** The system property holding the factor on tries that a property sets itself. */
  public static final String SCALE_PROPERTY = "fuzz.scale";

  /** The system property holding the seed. */
  public static final String SEED_PROPERTY = "fuzz.seed";

  /** The tag of the fuzzing tests, which the {@code fuzz} profile runs alone. */
  public static final String TAG = "fuzz";

  private static final long RANDOM_SEED = new SecureRandom().nextLong();

  private FuzzSettings() {}

  /** The tries of a property that does not set its own. */
  public static int tries() {
    return positive(TRIES_PROPERTY, 100);
  }

  /** The tries of a property that sets its own, {@code tries}. */
  public static int scaled(int tries) {
    return (int) Math.min(Integer.MAX_VALUE, (long) tries * positive(SCALE_PROPERTY, 1));
  }

  /** The seed set for the build, if one is. */
  public static OptionalLong fixedSeed() {
    String seed = System.getProperty(SEED_PROPERTY, "").strip();
    if (seed.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(seed));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          SEED_PROPERTY + " must be a whole number (a long), not \"" + seed + "\"", e);
    }
  }

  /** The seed of this run: the fixed one, or one picked at random for this JVM. */
  public static long seed() {
    return fixedSeed().orElse(RANDOM_SEED);
  }

  private static int positive(String property, int absent) {
    String text = System.getProperty(property, "").strip();
    if (text.isEmpty()) {
      return absent;
    }
    try {
      int value = Integer.parseInt(text);
      if (value < 1) {
        throw new IllegalArgumentException(property + " must be at least 1, not " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          property + " must be a whole number, not \"" + text + "\"", e);
    }
  }
}
