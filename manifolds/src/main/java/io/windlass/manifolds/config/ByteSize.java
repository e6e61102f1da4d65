package io.windlass.manifolds.config;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number of bytes, as written in the config: plain bytes ({@code 1048576}, {@code 1048576B}),
 * decimal units ({@code kB}/{@code KB}, {@code MB}, {@code GB}, {@code TB}: powers of 1000) or
 * binary ones ({@code KiB}, {@code MiB}, {@code GiB}, {@code TiB}: powers of 1024). An amount may
 * have a fraction ({@code 1.5GiB}) as long as the result is a whole number of bytes.
 *
 * @param bytes the size in bytes, {@code >= 0}
 */
public record ByteSize(long bytes) implements Comparable<ByteSize> {

  private static final Pattern AMOUNT_AND_UNIT =
      Pattern.compile("(-?)(\\d+(?:\\.\\d+)?) ?([A-Za-z]*)");

  private record Unit(String name, long factor) {}

  /** The units, largest first within each family; {@link #toString()} picks from these. */
  private static final List<Unit> UNITS =
      List.of(
          new Unit("TiB", 1L << 40),
          new Unit("GiB", 1L << 30),
          new Unit("MiB", 1L << 20),
          new Unit("KiB", 1L << 10),
          new Unit("TB", 1_000_000_000_000L),
          new Unit("GB", 1_000_000_000L),
          new Unit("MB", 1_000_000L),
          new Unit("kB", 1_000L),
          new Unit("KB", 1_000L),
          new Unit("B", 1L));

  /** Checks that the size is not negative. */
  public ByteSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("size " + bytes + " must be >= 0");
    }
  }

  public static ByteSize ofBytes(long bytes) {
    return new ByteSize(bytes);
  }

  public static ByteSize ofKiB(long kib) {
    return new ByteSize(Math.multiplyExact(kib, 1L << 10));
  }

  public static ByteSize ofMiB(long mib) {
    return new ByteSize(Math.multiplyExact(mib, 1L << 20));
  }

  public static ByteSize ofGiB(long gib) {
    return new ByteSize(Math.multiplyExact(gib, 1L << 30));
  }

  /**
   * Reads a size such as {@code 512MiB}, {@code 1GB} or {@code 4096}.
   *
   * @throws IllegalArgumentException saying what is wrong with {@code text}, which it quotes
   */
  public static ByteSize parse(String text) {
    String quoted = '"' + text + '"';
    Matcher m = AMOUNT_AND_UNIT.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(quoted + " is not a size (use e.g. 512MiB)");
    }
    if (!m.group(1).isEmpty()) {
      throw new IllegalArgumentException(quoted + " is not a size: it must not be negative");
    }
    long factor = factor(quoted, m.group(2), m.group(3));
    BigDecimal bytes = new BigDecimal(m.group(2)).multiply(BigDecimal.valueOf(factor));
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException(quoted + " is too large (at most 8EiB)");
    }
    try {
      return new ByteSize(bytes.longValueExact());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(quoted + " is not a whole number of bytes");
    }
  }

  private static long factor(String quoted, String amount, String unit) {
    if (unit.isEmpty()) {
      return 1;
    }
    for (Unit u : UNITS) {
      if (u.name.equals(unit)) {
        return u.factor;
      }
    }
    if (unit.length() == 1 && "kKmMgGtT".indexOf(unit.charAt(0)) >= 0) {
      String prefix = unit.equals("k") ? "K" : unit.toUpperCase(Locale.ROOT);
      throw new IllegalArgumentException(
          quoted
              + " is not a size: write "
              + amount
              + prefix
              + "iB (powers of 1024) or "
              + amount
              + prefix
              + "B (powers of 1000)");
    }
    for (Unit u : UNITS) {
      if (u.name.equalsIgnoreCase(unit)) {
        throw new IllegalArgumentException(
            quoted + " is not a size: write the unit as " + u.name + " (case matters)");
      }
    }
    throw new IllegalArgumentException(quoted + " is not a size (use e.g. 512MiB)");
  }

  @Override
  public int compareTo(ByteSize other) {
    return Long.compare(bytes, other.bytes);
  }

  /** The size in the largest unit that divides it exactly, e.g. {@code 512MiB}, {@code 1GB}. */
  @Override
  public String toString() {
    if (bytes == 0) {
      return "0B";
    }
    for (Unit u : UNITS) {
      if (bytes % u.factor == 0) {
        return bytes / u.factor + u.name;
      }
    }
    return bytes + "B";
  }
}
