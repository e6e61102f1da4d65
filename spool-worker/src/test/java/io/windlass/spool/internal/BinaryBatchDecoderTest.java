package io.windlass.spool.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.spool.Metric;
import io.windlass.spool.MetricsDataException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** The binary form read as an adversary would write it: nothing but a writer's files is read. */
class BinaryBatchDecoderTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  @Test
  void readsAHandWrittenFileOfTheForm() throws MetricsDataException {
    byte[] file =
        new File()
            .series("up", "job", "node", "zone", "é")
            .time(T0.getEpochSecond(), 5)
            .doubleSample(0, 0, 1.0)
            .textSample(0, 0, "12.50")
            .time(-1, 0)
            .doubleSample(0, 1, -0.5)
            .end(3);

    List<Metric> metrics = decode(file);

    Map<String, String> labels = Map.of("job", "node", "zone", "é");
    assertThat(metrics)
        .containsExactly(
            new Metric("up", "1", T0.plusNanos(5), labels),
            new Metric("up", "12.50", T0.plusNanos(5), labels),
            new Metric("up", "-0.5", Instant.ofEpochSecond(-1), labels));
    assertThat(metrics.get(0).labels()).isSameAs(metrics.get(2).labels());
  }

  @Test
  void everyCutOfAFileIsRefusedNeverReadAsFewerMetrics() {
    byte[] file = sample();
    for (int length = 0; length < file.length; length++) {
      byte[] cut = Arrays.copyOf(file, length);
      assertThatThrownBy(() -> decode(cut))
          .as("cut at %d of %d bytes", length, file.length)
          .isInstanceOf(MetricsDataException.class);
    }
  }

  @Test
  void everySingleBitFlippedIsFoundByTheChecksum() {
    byte[] file = sample();
    for (int bit = BinaryBatchFormat.MAGIC.length * 8; bit < file.length * 8; bit++) {
      byte[] flipped = file.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThatThrownBy(() -> decode(flipped))
          .as("bit %d", bit)
          .isInstanceOf(MetricsDataException.class)
          .hasMessageContaining("checksum");
    }
  }

  @Test
  void aWellChecksummedFileOutOfTheFormIsRefusedWithWhatIsWrong() {
    assertProblem(
        new File().series("m").time(0, 0).doubleSample(1, 0, 1).end(1), "names series 1 of 1");
    assertProblem(
        new File().series("m").time(0, 0).doubleSample(0, 3, 1).end(1), "names time 3 of 1");
    assertProblem(new File().series("m").time(0, 0).doubleSample(0, 0, 1).end(2), "the end says 2");
    assertProblem(new File().series("m").time(0, 0).raw(3).end(0), "unknown record 3");
    assertProblem(new File().series("m").time(0, 2_000_000_000L).end(0), "nanosecond");
    assertProblem(
        new File().series("m").time(Long.MAX_VALUE / 2, 0).end(0), "time 0 is out of range");
    assertProblem(new File().series("m", "b", "1", "a", "2").end(0), "ascending");
    assertProblem(new File().series("m", "a", "1", "a", "2").end(0), "ascending");
    assertProblem(new File().series("").end(0), "empty key");
    assertProblem(
        new File().series("m").time(0, 0).textSample(0, 0, "1\n2").end(1), "not printable ASCII");
    assertProblem(
        new File().raw(BinaryBatchFormat.SERIES).rawString(new byte[] {(byte) 0xC3}).raw(0).end(0),
        "not UTF-8");
    assertProblem(new File().series("m").time(0, 0).noEnd(), "no end record");
    assertProblem(new File().series("m").end(0, 1, 2), "bytes follow the end record");
    assertProblem(new File().raw(0).raw(100).end(0), "runs past the end");
    assertProblem(new File().raw(0).raw(1).raw('m').raw(1_000_000).end(0), "labels");
  }

  @Test
  void theEncoderWritesWhatTheDecoderReadsAndUndoesWhatItTookBack() throws Exception {
    SeriesTable table = new SeriesTable(100);
    SeriesTable.Series a =
        table.put(
            io.windlass.spool.DeclaredMetrics.any(),
            "a",
            Map.of("x", "1"),
            io.windlass.spool.MetricKind.GAUGE);
    SeriesTable.Series b =
        table.put(
            io.windlass.spool.DeclaredMetrics.any(),
            "b",
            Map.of(),
            io.windlass.spool.MetricKind.GAUGE);
    BinaryBatchEncoder encoder = new BinaryBatchEncoder();
    LineBuffer out = new LineBuffer(16);
    encoder.append(out, true, a, 1.0, T0);
    int mark = out.length();
    encoder.append(out, false, b, 2.0, T0.plusSeconds(1)); // new series and time, taken back
    out.truncate(mark);
    encoder.undo();
    encoder.append(out, false, a, 3.0, T0.plusSeconds(2));
    encoder.append(out, false, b, 4.0, T0.plusSeconds(2));
    encoder.finish(out, 3);

    assertThat(decode(Arrays.copyOf(out.array(), out.length())))
        .containsExactly(
            new Metric("a", "1", T0, Map.of("x", "1")),
            new Metric("a", "3", T0.plusSeconds(2), Map.of("x", "1")),
            new Metric("b", "4", T0.plusSeconds(2), Map.of()));
  }

  private static void assertProblem(byte[] file, String problem) {
    assertThatThrownBy(() -> decode(file))
        .isInstanceOf(MetricsDataException.class)
        .hasMessageStartingWith("batch b1 data (binary) at byte ")
        .hasMessageContaining(problem);
  }

  private static byte[] sample() {
    return new File()
        .series("m", "a", "1")
        .series("n")
        .time(T0.getEpochSecond(), 0)
        .doubleSample(0, 0, 1.5)
        .doubleSample(1, 0, 2)
        .textSample(1, 0, "3")
        .end(3);
  }

  private static List<Metric> decode(byte[] file) throws MetricsDataException {
    return new BinaryBatchDecoder("b1", new DecodeCache.Tables()).decode(file, file.length);
  }

  /** A file of the form written record by record, checksummed at its end. */
  private static final class File {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    File() {
      out.writeBytes(BinaryBatchFormat.MAGIC);
    }

    File raw(long varint) {
      while ((varint & ~0x7FL) != 0) {
        out.write((int) ((varint & 0x7F) | 0x80));
        varint >>>= 7;
      }
      out.write((int) varint);
      return this;
    }

    File string(String text) {
      return rawString(text.getBytes(StandardCharsets.UTF_8));
    }

    File rawString(byte[] bytes) {
      raw(bytes.length);
      out.writeBytes(bytes);
      return this;
    }

    File series(String key, String... labels) {
      raw(BinaryBatchFormat.SERIES).string(key).raw(labels.length / 2);
      for (String text : labels) {
        string(text);
      }
      return this;
    }

    File time(long second, long nano) {
      return raw(BinaryBatchFormat.TIME).raw(BinaryBatchFormat.zigzag(second)).raw(nano);
    }

    File doubleSample(int series, int time, double value) {
      raw(BinaryBatchFormat.FIRST_SAMPLE + 2L * series).raw(time);
      long bits = Double.doubleToRawLongBits(value);
      for (int i = 0; i < 8; i++) {
        out.write((int) (bits >>> (8 * i)));
      }
      return this;
    }

    File textSample(int series, int time, String text) {
      return raw(BinaryBatchFormat.FIRST_SAMPLE + 2L * series + 1).raw(time).string(text);
    }

    byte[] end(long samples, int... extra) {
      raw(BinaryBatchFormat.END).raw(samples);
      for (int b : extra) {
        out.write(b);
      }
      return checksummed();
    }

    byte[] noEnd() {
      return checksummed();
    }

    private byte[] checksummed() {
      byte[] body = out.toByteArray();
      CRC32C crc = new CRC32C();
      crc.update(body);
      int value = (int) crc.getValue();
      byte[] file = Arrays.copyOf(body, body.length + 4);
      file[body.length] = (byte) (value >>> 24);
      file[body.length + 1] = (byte) (value >>> 16);
      file[body.length + 2] = (byte) (value >>> 8);
      file[body.length + 3] = (byte) value;
      return file;
    }
  }
}
