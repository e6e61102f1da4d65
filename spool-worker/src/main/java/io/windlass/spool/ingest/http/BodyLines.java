package io.windlass.spool.ingest.http;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Splits a request body into lines as it is read, without decoding it: each {@link #next()} makes
 * the next line available as a range of {@link #buffer()}, {@code [start(), end())}, without its
 * {@code \n} (a {@code \r} before it is left for the parser). Lines are numbered from 1. A line
 * longer than the buffer grows it, up to {@code maxLineBytes}; the body's own size limit is the
 * reading stream's business. Not thread-safe; one per request.
 */
public final class BodyLines {

  /** The read of the body failed: the client went away, timed out, or sent too much. */
  public static final class ReadFailure extends Exception {
    private static final long serialVersionUID = 1L;

    ReadFailure(IOException cause) {
      super(cause.getMessage(), cause);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }
  }

  private final InputStream in;
  private final int maxLineBytes;
  private byte[] buffer;
  private int pos; // where the next line starts
  private int limit; // bytes read into the buffer
  private int start;
  private int end;
  private int lineNumber;
  private boolean eof;

  /**
   * Lines of {@code in}, read into {@code buffer} (which is grown, and then replaced, as needed).
   */
  public BodyLines(InputStream in, byte[] buffer, int maxLineBytes) {
    this.in = in;
    this.buffer = buffer;
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * Moves to the next line.
   *
   * @return false at the end of the body
   * @throws ReadFailure if reading failed
   */
  public boolean next() throws ReadFailure {
    while (true) {
      int newline = indexOfNewline(buffer, pos, limit);
      if (newline >= 0) {
        start = pos;
        end = newline;
        pos = newline + 1;
        lineNumber++;
        return true;
      }
      if (eof) {
        if (pos < limit) {
          start = pos;
          end = limit;
          pos = limit;
          lineNumber++;
          return true;
        }
        return false;
      }
      fill();
    }
  }

  /** Reads more of the body, making room for a longer line first if needed. */
  private void fill() throws ReadFailure {
    if (pos > 0) {
      System.arraycopy(buffer, pos, buffer, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    if (limit == buffer.length) {
      if (buffer.length >= maxLineBytes) {
        throw new ReadFailure(
            new BodyTooLargeException(
                "line " + (lineNumber + 1) + " is longer than " + maxLineBytes + " bytes"));
      }
      int capacity = (int) Math.min((long) buffer.length * 2, maxLineBytes);
      buffer = Arrays.copyOf(buffer, capacity);
    }
    try {
      int n = in.read(buffer, limit, buffer.length - limit);
      if (n < 0) {
        eof = true;
      } else {
        limit += n;
      }
    } catch (IOException e) {
      throw new ReadFailure(e);
    }
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A_0A0A_0A0A_0A0AL;
  private static final long LOW_BITS = 0x0101_0101_0101_0101L;
  private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

  /**
   * Where the first {@code \n} of {@code [from, to)} is, or -1: eight bytes at a time, a byte equal
   * to the newline found as a zero byte of their exclusive or (the lowest one is exact).
   */
  static int indexOfNewline(byte[] bytes, int from, int to) {
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      long x = (long) LONGS.get(bytes, i) ^ NEWLINES;
      long zeros = (x - LOW_BITS) & ~x & HIGH_BITS;
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** The buffer holding the current line; may change with each {@link #next()}. */
  public byte[] buffer() {
    return buffer;
  }

  /** Where the current line starts in {@link #buffer()}. */
  public int start() {
    return start;
  }

  /** Where the current line ends in {@link #buffer()}, exclusive, before its newline. */
  public int end() {
    return end;
  }

  /** The current line's number, from 1. */
  public int lineNumber() {
    return lineNumber;
  }
}
