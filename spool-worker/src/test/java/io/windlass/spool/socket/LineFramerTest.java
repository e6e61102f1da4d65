package io.windlass.spool.socket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.socket.LineFramer.Frame;
import io.windlass.spool.socket.LineFramer.Line;
import io.windlass.spool.socket.LineFramer.Refused;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineFramerTest {

  private static final Refused NOT_UTF8 = new Refused("error: line is not valid UTF-8");

  private final LineFramer framer = new LineFramer(8);
  private final List<Frame> frames = new ArrayList<>();

  private void feed(String text) {
    feed(text.getBytes(UTF_8));
  }

  private void feed(byte[] bytes) {
    framer.feed(bytes, 0, bytes.length, frames);
  }

  private static byte[] bytes(int... values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int value : values) {
      out.write(value);
    }
    return out.toByteArray();
  }

  @Test
  void cutsLinesAtNewlinesAndKeepsThePartialLineForLater() {
    feed("one\ntwo\nthr");
    assertThat(frames).containsExactly(new Line("one"), new Line("two"));

    feed("ee\n");
    assertThat(frames).containsExactly(new Line("one"), new Line("two"), new Line("three"));
  }

  @Test
  void dropsOneCarriageReturnBeforeTheNewline() {
    feed("a\r\nb\r\r\n\r\n");
    assertThat(frames).containsExactly(new Line("a"), new Line("b\r"), new Line(""));
  }

  @Test
  void emptyLinesAreLines() {
    feed("\n\n");
    assertThat(frames).containsExactly(new Line(""), new Line(""));
  }

  @Test
  void unterminatedLastLineCountsAtTheEnd() {
    feed("last");
    assertThat(frames).isEmpty();
    framer.finish(frames);
    assertThat(frames).containsExactly(new Line("last"));
  }

  @Test
  void nothingPendingAddsNothingAtTheEnd() {
    feed("done\n");
    framer.finish(frames);
    assertThat(frames).containsExactly(new Line("done"));
  }

  @Test
  void lineOfExactlyTheLimitIsKeptWithOrWithoutCarriageReturn() {
    feed("12345678\n12345678\r\n");
    assertThat(frames).containsExactly(new Line("12345678"), new Line("12345678"));
  }

  @Test
  void longerLineIsRefusedAndTheNextLineIsFine() {
    feed("123456789\nok\n");
    assertThat(frames)
        .containsExactly(new Refused("error: line longer than 8 bytes"), new Line("ok"));
  }

  @Test
  void longerLineArrivingInPiecesIsRefusedOnceAtItsEnd() {
    feed("12345");
    feed("67890");
    feed("abcdef");
    assertThat(frames).isEmpty();
    feed("g\nnext\n");
    assertThat(frames)
        .containsExactly(new Refused("error: line longer than 8 bytes"), new Line("next"));
  }

  @Test
  void longerUnterminatedLastLineIsRefusedAtTheEnd() {
    feed("123456789");
    framer.finish(frames);
    assertThat(frames).containsExactly(new Refused("error: line longer than 8 bytes"));
  }

  @Test
  void holdsNoMoreThanTheLimitWhateverTheLineLength() {
    LineFramer framer = new LineFramer(1000);
    byte[] chunk = "x".repeat(64 * 1024).getBytes(UTF_8);
    for (int i = 0; i < 160; i++) { // 10 MiB without a newline
      framer.feed(chunk, 0, chunk.length, frames);
      assertThat(framer.bufferedCapacity()).isLessThanOrEqualTo(1001);
    }
    framer.feed(bytes('\n'), 0, 1, frames);
    assertThat(frames).containsExactly(new Refused("error: line longer than 1000 bytes"));
  }

  @Test
  void multiByteCharactersAreDecodedAndCountedInBytes() {
    feed("é€😀\n"); // 9 bytes
    feed("é€é\n"); // 7 bytes
    assertThat(frames)
        .containsExactly(new Refused("error: line longer than 8 bytes"), new Line("é€é"));
  }

  @Test
  void invalidUtf8IsRefusedLineByLine() {
    feed(bytes(0xC3, 0x28, '\n')); // bad continuation
    feed(bytes(0xC0, 0xAF, '\n')); // overlong '/'
    feed(bytes(0xED, 0xA0, 0x80, '\n')); // encoded surrogate
    feed(bytes(0xF4, 0x90, 0x80, 0x80, '\n')); // beyond U+10FFFF
    feed(bytes(0xFF, '\n')); // never valid
    feed(bytes('o', 'k', '\n'));
    feed(bytes(0xE2, 0x82)); // truncated at the end
    framer.finish(frames);

    assertThat(frames)
        .containsExactly(
            NOT_UTF8, NOT_UTF8, NOT_UTF8, NOT_UTF8, NOT_UTF8, new Line("ok"), NOT_UTF8);
  }

  @Test
  void multiByteCharacterSplitAcrossReadsIsWhole() {
    byte[] euro = "€\n".getBytes(UTF_8);
    framer.feed(euro, 0, 1, frames);
    framer.feed(euro, 1, euro.length - 1, frames);
    assertThat(frames).containsExactly(new Line("€"));
  }
}
