package io.windlass.spool.internal;

import java.security.SecureRandom;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * Makes batch uuids: RFC 9562 version 7 UUIDs, whose first 48 bits are the batch's creation time in
 * Unix milliseconds. Their text sorts as their creation times do, so a directory listing alone
 * orders batches oldest first.
 *
 * <p>Within one millisecond (or when the clock steps back) the 12 bits after the version hold a
 * counter (RFC 9562, section 6.2, method 1), started at a random value in its lower half and
 * increased by one per uuid; when it runs out the timestamp moves on by a millisecond. So the uuids
 * of one generator strictly increase in the order they were made, and batches recorded one after
 * another are read and sent in that order even when made in the same millisecond. The other 62
 * variable bits are random. Thread-safe.
 */
public final class BatchIds {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** The counter's 12 bits. */
  private static final int COUNTER_LIMIT = 1 << 12;

  private final SplittableRandom random;

  /** The timestamp of the last uuid made, and its counter; guarded by {@link #random}. */
  private long lastMillis = -1;

  private int counter;

  /** A generator seeded from {@link SecureRandom}, so processes do not share sequences. */
  public BatchIds() {
    this(new SecureRandom().nextLong());
  }

  /** A generator with a fixed seed, for tests. */
  public BatchIds(long seed) {
    random = new SplittableRandom(seed);
  }

  /** A version 7 uuid for a batch created at {@code epochMillis} (0 to 2^48 − 1). */
  public String next(long epochMillis) {
    if (epochMillis < 0 || epochMillis >= 1L << 48) {
      throw new IllegalArgumentException("epochMillis " + epochMillis + " outside [0, 2^48)");
    }
    long millis;
    long randA;
    long randB;
    synchronized (random) {
      if (epochMillis > lastMillis) {
        lastMillis = epochMillis;
        counter = random.nextInt(COUNTER_LIMIT / 2);
      } else if (++counter >= COUNTER_LIMIT) {
        lastMillis++;
        counter = random.nextInt(COUNTER_LIMIT / 2);
      }
      millis = lastMillis;
      randA = counter;
      randB = random.nextLong();
    }
    long msb = millis << 16 | 0x7000 | randA;
    long lsb = randB & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
    char[] out = new char[36];
    hex(msb >>> 32, 8, out, 0);
    out[8] = '-';
    hex(msb >>> 16, 4, out, 9);
    out[13] = '-';
    hex(msb, 4, out, 14);
    out[18] = '-';
    hex(lsb >>> 48, 4, out, 19);
    out[23] = '-';
    hex(lsb, 12, out, 24);
    return new String(out);
  }

  /** A random token of 16 hexadecimal digits, for temporary file names. */
  public String token() {
    long bits;
    synchronized (random) {
      bits = random.nextLong();
    }
    char[] out = new char[16];
    hex(bits, 16, out, 0);
    return new String(out);
  }

  /**
   * The creation time in Unix milliseconds of a version 7 uuid in canonical lowercase form, or
   * empty for any other string (Juju's random version 4 uuids, for instance).
   */
  public static OptionalLong timestampMillis(String uuid) {
    if (uuid.length() != 36
        || uuid.charAt(8) != '-'
        || uuid.charAt(13) != '-'
        || uuid.charAt(18) != '-'
        || uuid.charAt(23) != '-'
        || uuid.charAt(14) != '7') {
      return OptionalLong.empty();
    }
    char variant = uuid.charAt(19);
    if (variant != '8' && variant != '9' && variant != 'a' && variant != 'b') {
      return OptionalLong.empty();
    }
    long millis = 0;
    for (int i = 0; i < 36; i++) {
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        continue;
      }
      int digit = Character.digit(uuid.charAt(i), 16);
      if (digit < 0 || Character.isUpperCase(uuid.charAt(i))) {
        return OptionalLong.empty();
      }
      if (i < 13) {
        millis = millis << 4 | digit;
      }
    }
    return OptionalLong.of(millis);
  }

  private static void hex(long value, int digits, char[] out, int offset) {
    for (int i = offset + digits - 1; i >= offset; i--) {
      out[i] = HEX[(int) (value & 0xF)];
      value >>>= 4;
    }
  }
}
