package io.windlass.spool;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.LineFramer.Frame;
import io.windlass.spool.LineFramer.Line;
import io.windlass.spool.fuzz.Bounded;
import io.windlass.spool.fuzz.FuzzSettings;
import io.windlass.spool.fuzz.Mutations;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzes the framing of {@code ingest.sock}'s stream ({@link LineFramer}): however the bytes
 * arrive, they make the same lines, one frame per newline, never buffering more than a line's
 * limit.
 */
@Tag(FuzzSettings.TAG)
class LineFramerFuzzTest {

  @Property
  void cutsTheSameFramesHoweverTheBytesArrive(
      @ForAll("streams") byte[] stream,
      @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 1 << 16) Integer> cuts,
      @ForAll @IntRange(min = 1, max = 64) int maxLineLength)
      throws Exception {
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

  @Provide
  Arbitrary<byte[]> streams() {
    Arbitrary<String> line =
        Arbitraries.strings().withCharRange(' ', '~').withChars("é😀\r\t").ofMaxLength(40);
    return Arbitraries.oneOf(
        Mutations.ofBytes(line.list().ofMaxSize(6).map(Mutations::lines)),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(200));
  }
}
