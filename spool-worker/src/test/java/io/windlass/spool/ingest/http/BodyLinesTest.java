package io.windlass.spool.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BodyLinesTest {

  /** Hands out at most {@code chunk} bytes per read, as a network stream may. */
  private static InputStream trickle(String text, int chunk) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, chunk));
      }
    };
  }

  private static List<String> lines(BodyLines lines) throws BodyLines.ReadFailure {
    List<String> out = new ArrayList<>();
    while (lines.next()) {
      out.add(
          lines.lineNumber()
              + ":"
              + new String(
                  lines.buffer(),
                  lines.start(),
                  lines.end() - lines.start(),
                  StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void splitsOnNewlinesAcrossReadsAndGrowsTheBufferForLongLines() throws Exception {
    String text = "a 1\r\n\nbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb 2\nlast";

    assertThat(lines(new BodyLines(trickle(text, 3), new byte[4], 1 << 10)))
        .containsExactly("1:a 1\r", "2:", "3:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb 2", "4:last");
  }

  @Test
  void anEmptyBodyHasNoLinesAndATrailingNewlineNoEmptyLastLine() throws Exception {
    assertThat(lines(new BodyLines(trickle("", 3), new byte[4], 16))).isEmpty();
    assertThat(lines(new BodyLines(trickle("x\n", 3), new byte[4], 16))).containsExactly("1:x");
  }

  @Test
  void aLineLongerThanTheLimitIsTooLarge() {
    BodyLines lines = new BodyLines(trickle("x".repeat(100), 7), new byte[8], 32);

    assertThatThrownBy(() -> lines(lines))
        .isInstanceOf(BodyLines.ReadFailure.class)
        .hasCauseInstanceOf(BodyTooLargeException.class)
        .hasMessage("line 1 is longer than 32 bytes");
  }

  @Test
  void aFailedReadIsAReadFailure() {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("connection reset");
          }
        };

    assertThatThrownBy(() -> new BodyLines(broken, new byte[8], 32).next())
        .isInstanceOf(BodyLines.ReadFailure.class)
        .hasMessage("connection reset");
  }

  @Test
  void findsTheFirstNewlineOfAnyRangeAsAByteByByteSearchDoes() {
    SplittableRandom random = new SplittableRandom(5);
    byte[] alphabet = {'\n', 'a', 0, (byte) 0x0B, (byte) 0x8A, (byte) 0xFF, 0x09, 0x1A};
    for (int round = 0; round < 20_000; round++) {
      byte[] bytes = new byte[random.nextInt(40)];
      int newlines = random.nextInt(4);
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = random.nextInt(40) < newlines ? (byte) '\n' : alphabet[1 + random.nextInt(7)];
      }
      int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
      int to = from + random.nextInt(bytes.length - from + 1);
      int expected = -1;
      for (int i = from; i < to; i++) {
        if (bytes[i] == '\n') {
          expected = i;
          break;
        }
      }
      assertThat(BodyLines.indexOfNewline(bytes, from, to))
          .as("%s from %d to %d", java.util.Arrays.toString(bytes), from, to)
          .isEqualTo(expected);
    }
  }
}
