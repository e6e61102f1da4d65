package io.windlass.spool.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.Metric;
import io.windlass.spool.MetricKind;
import io.windlass.spool.MetricValues;
import io.windlass.spool.MetricsDataException;
import io.windlass.spool.fuzz.Bounded;
import io.windlass.spool.fuzz.FuzzRun;
import io.windlass.spool.fuzz.FuzzSettings;
import io.windlass.spool.fuzz.Gen;
import io.windlass.spool.fuzz.Mutations;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the spool's binary data files ({@link BinaryBatchEncoder}, {@link BinaryBatchDecoder}):
 * what the encoder writes reads back as the metrics written, and a file changed anywhere — its
 * checksum made right again, so that the records themselves are read — is either read or refused as
 * bad data, never anything else (an index out of bounds, a hang, an allocation the file's size does
 * not justify).
 */
@Tag(FuzzSettings.TAG)
class BinaryBatchFuzzTest {

  /** What decoding a file gave: its metrics, or the error's message. */
  record Decoded(List<Metric> metrics, String error) {}

  private static Decoded decode(byte[] file) throws Exception {
    return Bounded.call(
        () -> {
          try {
            return new Decoded(
                List.copyOf(
                    new BinaryBatchDecoder("b1", new DecodeCache.Tables())
                        .decode(file, file.length)),
                "");
          } catch (MetricsDataException e) {
            assertThat(e.getMessage()).as("the message of %s", e).isNotBlank();
            return new Decoded(List.of(), e.getMessage());
          }
        });
  }

  /**
   * What a recorder writes for {@code metrics}: a value that is a double's spool text as the
   * double, any other as its text.
   */
  static byte[] encode(List<Metric> metrics) {
    SeriesTable table = new SeriesTable(1000);
    BinaryBatchEncoder encoder = new BinaryBatchEncoder();
    LineBuffer out = new LineBuffer(64);
    for (Metric metric : metrics) {
      SeriesTable.Series series =
          table.put(DeclaredMetrics.any(), metric.key(), metric.labels(), MetricKind.GAUGE);
      boolean atStart = out.length() == 0;
      Double number = asDouble(metric.value());
      if (number != null) {
        encoder.append(out, atStart, series, number, metric.time());
      } else {
        encoder.append(out, atStart, series, metric.value(), metric.time());
      }
    }
    if (out.length() == 0) {
      out.ensure(BinaryBatchFormat.MAGIC.length);
      out.putBytes(BinaryBatchFormat.MAGIC);
    }
    encoder.finish(out, metrics.size());
    return out.toByteArray();
  }

  private static Double asDouble(String value) {
    try {
      double number = MetricValues.parse(value);
      return MetricValues.text(number).equals(value) ? number : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Test
  void readsBackWhatTheEncoderWrote() {
    FuzzRun.forAll(files())
        .check(metrics -> assertThat(decode(encode(metrics))).isEqualTo(new Decoded(metrics, "")));
  }

  @Test
  void refusesAChangedFileOnlyAsBadDataEvenWithItsChecksumMadeRight() {
    FuzzRun.forAll(Mutations.ofBytes(files().map(BinaryBatchFuzzTest::encode)))
        .check(
            file -> {
              Decoded decoded = decode(checksummed(file));
              if (decoded.error().isEmpty()) {
                assertThat(decoded.metrics()).allSatisfy(m -> assertThat(m.key()).isNotEmpty());
              } else {
                assertThat(decoded.error()).startsWith("batch b1 data (binary)");
              }
            });
  }

  @Test
  void refusesArbitraryBytesAfterTheMagicOnlyAsBadData() {
    FuzzRun.forAll(Gen.bytes(255))
        .check(
            bytes -> {
              byte[] file = new byte[BinaryBatchFormat.MAGIC.length + bytes.length];
              System.arraycopy(BinaryBatchFormat.MAGIC, 0, file, 0, BinaryBatchFormat.MAGIC.length);
              System.arraycopy(bytes, 0, file, BinaryBatchFormat.MAGIC.length, bytes.length);
              Decoded decoded = decode(checksummed(file));
              assertThat(decoded.error().isEmpty() || decoded.metrics().isEmpty()).isTrue();
            });
  }

  /** {@code file} with its last 4 bytes replaced by the CRC-32C of the rest, if it has them. */
  private static byte[] checksummed(byte[] file) {
    if (file.length < 4) {
      return file;
    }
    byte[] fixed = file.clone();
    CRC32C crc = new CRC32C();
    crc.update(fixed, 0, fixed.length - 4);
    int value = (int) crc.getValue();
    fixed[fixed.length - 4] = (byte) (value >>> 24);
    fixed[fixed.length - 3] = (byte) (value >>> 16);
    fixed[fixed.length - 2] = (byte) (value >>> 8);
    fixed[fixed.length - 1] = (byte) value;
    return fixed;
  }

  static Gen<List<Metric>> files() {
    return Gen.combine(
            SpoolFilesFuzzTest.texts().filter(key -> !key.isEmpty()),
            Gen.oneOf(SpoolFilesFuzzTest.decimals(), printable()),
            SpoolFilesFuzzTest.instants(),
            Gen.maps(
                SpoolFilesFuzzTest.texts().filter(name -> !name.isEmpty()),
                SpoolFilesFuzzTest.texts(),
                4),
            Metric::new)
        .list(0, 12);
  }

  /** Printable ASCII texts: what a value's text may hold. */
  private static Gen<String> printable() {
    return Gen.strings(Gen.range(' ', '~'), 0, 12);
  }
}
