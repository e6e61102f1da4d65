package io.windlass.spool.socket;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a byte stream into newline-terminated lines, holding at most one line's worth of bytes.
 *
 * <p>A line ends at {@code \n}; one {@code \r} before it is dropped. A line whose content is longer
 * than the limit is not kept: its bytes are discarded up to its end, and it becomes a {@link
 * Refused} frame. So is a line that is not valid UTF-8 (overlong forms and encoded surrogates
 * included). At the end of the stream an unterminated line counts as a line. Not thread-safe: one
 * per connection.
 */
final class LineFramer {

  /** One request line, in stream order. */
  sealed interface Frame permits Line, Refused {}

  /** A well-formed line, without its terminator. */
  record Line(String text) implements Frame {}

  /** A line that cannot be handled, and the error reply for it. */
  record Refused(String reply) implements Frame {}

  private final int maxLineLength;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final String tooLongReply;

  private byte[] line = new byte[256];
  private int length;
  private boolean tooLong;

  LineFramer(int maxLineLength) {
    this.maxLineLength = maxLineLength;
    this.tooLongReply = ReplyLines.error("line longer than " + maxLineLength + " bytes");
  }

  /** Appends to {@code frames} every line that {@code bytes[offset, offset + count)} completes. */
  void feed(byte[] bytes, int offset, int count, List<Frame> frames) {
    int end = offset + count;
    int start = offset;
    for (int i = offset; i < end; i++) {
      if (bytes[i] == '\n') {
        append(bytes, start, i - start);
        frames.add(takeLine());
        start = i + 1;
      }
    }
    append(bytes, start, end - start);
  }

  /** At end of stream: appends the unterminated last line, if there is one. */
  void finish(List<Frame> frames) {
    if (length > 0 || tooLong) {
      frames.add(takeLine());
    }
  }

  /** The bytes held for the line in progress: never more than the limit plus one. */
  int bufferedCapacity() {
    return line.length;
  }

  private void append(byte[] bytes, int offset, int count) {
    if (tooLong || count == 0) {
      return;
    }
    // Room for the content and one '\r' that may precede the '\n'.
    if ((long) length + count > (long) maxLineLength + 1) {
      tooLong = true;
      length = 0;
      if (line.length > 4096) {
        line = new byte[256];
      }
      return;
    }
    if (length + count > line.length) {
      int capacity = line.length;
      while (capacity < length + count) {
        capacity = (int) Math.min((long) capacity * 2, (long) maxLineLength + 1);
      }
      line = Arrays.copyOf(line, capacity);
    }
    System.arraycopy(bytes, offset, line, length, count);
    length += count;
  }

  private Frame takeLine() {
    try {
      if (tooLong) {
        return new Refused(tooLongReply);
      }
      int content = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
      if (content > maxLineLength) {
        return new Refused(tooLongReply);
      }
      try {
        return new Line(decoder.reset().decode(ByteBuffer.wrap(line, 0, content)).toString());
      } catch (CharacterCodingException e) {
        return new Refused(ReplyLines.error("line is not valid UTF-8"));
      }
    } finally {
      length = 0;
      tooLong = false;
    }
  }
}
