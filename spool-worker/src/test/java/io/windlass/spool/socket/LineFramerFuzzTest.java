package io.windlass.spool.socket;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.fuzz.Bounded;
import io.windlass.spool.fuzz.FuzzRun;
import io.windlass.spool.fuzz.FuzzSettings;
import io.windlass.spool.fuzz.Gen;
import io.windlass.spool.fuzz.Mutations;
import io.windlass.spool.socket.LineFramer.Frame;
import io.windlass.spool.socket.LineFramer.Line;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the framing of {@code ingest.sock}'s stream ({@link LineFramer}): however the bytes
 * arrive, they make the same lines, one frame per newline, never buffering more than a line's
 * limit.
 */
@Tag(FuzzSettings.TAG)
class LineFramerFuzzTest {

  /** A stream, where to cut it into reads (modulo its length), and the line limit. */
  record Input(byte[] stream, List<Integer> cuts, int maxLineLength) {}

  @Test
  void cutsTheSameFramesHoweverTheBytesArrive() {
    FuzzRun.forAll(
            Gen.combine(streams(), Gen.ints(0, 1 << 16).list(0, 8), Gen.ints(1, 64), Input::new))
        .check(LineFramerFuzzTest::cutsTheSameFrames);
  }

  private static void cutsTheSameFrames(Input input) throws Exception {
    byte[] stream = input.stream();
    List<Integer> cuts = input.cuts();
    int maxLineLength = input.maxLineLength();
    List<Frame> whole = Bounded.call(() -> frames(stream, List.of(), maxLineLength));
    List<Frame> pieces = Bounded.call(() -> frames(stream, cuts, maxLineLength));

    assertThat(pieces).isEqualTo(whole);
    long newlines = 0;
    for (byte b : stream) {
      newlines += b == '\n' ? 1 : 0;
    }
    boolean unterminated = stream.length > 0 && stream[stream.length - 1] != '\n';
    assertThat(whole).hasSize((int) newlines + (unterminated ? 1 : 0));
    for (Frame frame : whole) {
      if (frame instanceof Line line) {
        assertThat(line.text()).doesNotContain("\n");
        assertThat(line.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
            .isLessThanOrEqualTo(maxLineLength);
      }
    }
  }

  /** The frames of {@code stream} fed in pieces cut at {@code cuts} (modulo its length). */
  private static List<Frame> frames(byte[] stream, List<Integer> cuts, int maxLineLength) {
    LineFramer framer = new LineFramer(maxLineLength);
    List<Frame> frames = new ArrayList<>();
    List<Integer> at = new ArrayList<>();
    for (int cut : cuts) {
      at.add(Math.floorMod(cut, stream.length + 1));
    }
    at.add(stream.length);
    at.sort(null);
    int from = 0;
    for (int to : at) {
      framer.feed(stream, from, to - from, frames);
      from = to;
      assertThat(framer.bufferedCapacity()).isLessThanOrEqualTo(Math.max(256, maxLineLength + 1));
    }
    framer.finish(frames);
    return frames;
  }

  static Gen<byte[]> streams() {
    Gen<String> line = Gen.strings(Gen.range(' ', '~') + "é😀\r\t", 0, 40);
    return Gen.oneOf(Mutations.ofBytes(line.list(0, 6).map(Mutations::lines)), Gen.bytes(200));
  }
}
