package io.windlass.spool.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.windlass.spool.Metric;
import io.windlass.spool.MetricMetadata;
import io.windlass.spool.MetricsDataException;
import io.windlass.spool.fuzz.Bounded;
import io.windlass.spool.fuzz.FuzzRun;
import io.windlass.spool.fuzz.FuzzSettings;
import io.windlass.spool.fuzz.Gen;
import io.windlass.spool.fuzz.Mutations;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the spool's own files as the spool reads them back: data files ({@link
 * MetricLinesDecoder}: {@link PlainMetricLines} with its {@link LineSeries} guesses, and Jackson
 * behind it), metadata files ({@link PlainMetadata}, and Jackson behind it) and their times ({@link
 * Rfc3339}).
 */
@Tag(FuzzSettings.TAG)
class SpoolFilesFuzzTest {
  private static final String UUID = "6ba7b810-9dad-41d1-80b4-00c04fd430c8";
  private static final long MIN_SECOND = -62_167_219_200L; // 0000-01-01T00:00:00Z
  private static final long MAX_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z

  private static final JsonFactory FACTORY = SpoolJson.MAPPER.getFactory();

  /** A factory whose (unlimited) document length makes the decoder skip the plain reader. */
  private static final JsonFactory PARSER_ONLY =
      SpoolJson.MAPPER
          .getFactory()
          .copy()
          .setStreamReadConstraints(
              StreamReadConstraints.builder().maxDocumentLength(Long.MAX_VALUE).build());

  /** What decoding a file gave: its metrics, or the error's message. */
  record Decoded(List<Metric> metrics, String error) {}

  /**
   * What {@code file} decodes to, with a fresh copy of {@code factory}: Jackson's byte-based parser
   * keeps the field names it has seen in its factory, and a name holding bytes that are not UTF-8
   * can match one seen before (see docs/FUZZING.md), so a shared factory would make the error
   * depend on the files read earlier.
   */
  private static Decoded decode(JsonFactory factory, DecodeCache.Tables tables, byte[] file)
      throws Exception {
    JsonFactory fresh = factory.copy();
    return Bounded.call(
        () -> {
          try {
            List<Metric> metrics =
                new MetricLinesDecoder(fresh, UUID, tables).decode(file, file.length);
            return new Decoded(List.copyOf(metrics), "");
          } catch (MetricsDataException e) {
            assertThat(e.getMessage()).as("the message of %s", e).isNotBlank();
            return new Decoded(List.of(), e.getMessage());
          }
        });
  }

  private static Decoded reference(byte[] file) throws Exception {
    return decode(PARSER_ONLY, new DecodeCache.Tables(), file);
  }

  /** What the spool's encoder writes for {@code metrics}: one line each. */
  static byte[] encode(List<Metric> metrics) {
    LineBuffer out = new LineBuffer(256);
    for (Metric metric : metrics) {
      MetricLineEncoder.appendMetric(
          out, metric.key(), metric.value(), metric.time(), metric.labels());
    }
    return out.toByteArray();
  }

  // ---- data files

  @Test
  void readsBackWhatTheEncoderWrote() {
    FuzzRun.forAll(files()).check(SpoolFilesFuzzTest::readsBack);
  }

  private static void readsBack(List<Metric> metrics) throws Exception {
    byte[] file = encode(metrics);
    DecodeCache.Tables tables = new DecodeCache.Tables();

    assertThat(decode(FACTORY, tables, file)).isEqualTo(new Decoded(metrics, ""));
    assertThat(decode(FACTORY, tables, file))
        .as("with every line guessed")
        .isEqualTo(new Decoded(metrics, ""));
    assertThat(reference(file)).isEqualTo(new Decoded(metrics, ""));
    assertThat(encodeBySeries(metrics)).as("written series by series").isEqualTo(file);
  }

  /** What a recorder writes for {@code metrics}: each line from its series' prefix and suffix. */
  private static byte[] encodeBySeries(List<Metric> metrics) {
    LineBuffer out = new LineBuffer(256);
    for (Metric metric : metrics) {
      MetricLineEncoder.appendSample(
          out,
          MetricLineEncoder.seriesPrefix(metric.key()),
          metric.value(),
          MetricLineEncoder.time(metric.time()),
          MetricLineEncoder.seriesSuffix(metric.labels()));
    }
    return out.toByteArray();
  }

  /** A file read first, to prime the guesses, and the file then read. */
  record TwoFiles(List<Metric> before, byte[] file) {}

  @Test
  void theFastPathReadsNearValidFilesAsJacksonDoes() {
    FuzzRun.forAll(Gen.combine(files(), nearValidFiles(), TwoFiles::new))
        .check(SpoolFilesFuzzTest::readsAsJacksonDoes);
  }

  private static void readsAsJacksonDoes(TwoFiles input) throws Exception {
    List<Metric> before = input.before();
    byte[] file = input.file();
    Decoded reference = reference(file);

    assertThat(decode(FACTORY, new DecodeCache.Tables(), file)).isEqualTo(reference);
    DecodeCache.Tables warm = new DecodeCache.Tables();
    decode(FACTORY, warm, encode(before));
    assertThat(decode(FACTORY, warm, file)).as("after another file").isEqualTo(reference);
  }

  @Test
  void refusesArbitraryBytesOnlyAsBadData() {
    FuzzRun.forAll(Gen.bytes(255))
        .check(
            file ->
                assertThat(decode(FACTORY, new DecodeCache.Tables(), file))
                    .isEqualTo(reference(file)));
  }

  static Gen<List<Metric>> files() {
    return metrics().list(0, 8);
  }

  static Gen<byte[]> nearValidFiles() {
    return Mutations.ofBytes(files().map(SpoolFilesFuzzTest::encode));
  }

  static Gen<Metric> metrics() {
    return Gen.combine(
        texts().filter(key -> !key.isEmpty()),
        Gen.oneOf(decimals(), texts()),
        instants(),
        Gen.maps(texts(), texts(), 4),
        Metric::new);
  }

  /** Texts of every kind the encoder writes: names, printable ASCII, any Unicode. */
  static Gen<String> texts() {
    return Gen.frequency(
        Gen.weighted(4, Gen.strings(Gen.range('a', 'z') + "_:.-0123456789", 1, 12)),
        Gen.weighted(2, Gen.strings(Gen.range(' ', '~'), 0, 12)),
        Gen.weighted(
            2,
            Gen.ints(0, Character.MAX_CODE_POINT)
                .filter(c -> c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE)
                .list(0, 8)
                .map(SpoolFilesFuzzTest::text)));
  }

  static Gen<String> decimals() {
    return Gen.oneOf(
        Gen.longs().map(String::valueOf),
        Gen.doubles().map(String::valueOf),
        Gen.bigDecimals().map(java.math.BigDecimal::toPlainString));
  }

  static Gen<Instant> instants() {
    return Gen.combine(
        Gen.longs(MIN_SECOND, MAX_SECOND),
        Gen.oneOf(
            Gen.constant(0),
            Gen.ints(0, 999).map(ms -> ms * 1_000_000),
            Gen.ints(0, 999_999).map(us -> us * 1_000),
            Gen.ints(0, 999_999_999)),
        (second, nanos) -> Instant.ofEpochSecond(second, nanos));
  }

  private static String text(List<Integer> codePoints) {
    StringBuilder text = new StringBuilder();
    codePoints.forEach(text::appendCodePoint);
    return text.toString();
  }

  // ---- metadata files

  @Test
  void readsBackTheMetadataItWrote() {
    FuzzRun.forAll(metadata())
        .check(
            metadata -> {
              byte[] file = SpoolJson.encodeMeta(metadata);

              assertThat(Bounded.call(() -> SpoolJson.decodeMeta(metadata.uuid(), file)))
                  .isEqualTo(metadata);
            });
  }

  /**
   * A metadata file with a blank after it is never plain, so it is read by Jackson, which ignores
   * what follows the object: both readings must agree on every near-valid file. (Not a blank before
   * it: Jackson skips a byte order mark only at the very start.)
   */
  @Test
  void theFastPathReadsNearValidMetadataAsJacksonDoes() {
    FuzzRun.forAll(nearValidMetadata()).check(SpoolFilesFuzzTest::readsMetadataAsJacksonDoes);
  }

  private static void readsMetadataAsJacksonDoes(byte[] file) throws Exception {
    byte[] jacksonOnly = java.util.Arrays.copyOf(file, file.length + 1);
    jacksonOnly[file.length] = ' ';

    assertThat(readMeta(file)).isEqualTo(readMeta(jacksonOnly));
  }

  @Test
  void refusesArbitraryMetadataOnlyAsBadData() {
    FuzzRun.forAll(Gen.bytes(255)).check(SpoolFilesFuzzTest::readMeta);
  }

  /** The metadata read, or null if it was refused as bad data (with a message). */
  private static MetricMetadata readMeta(byte[] file) throws Exception {
    return Bounded.call(
        () -> {
          try {
            return SpoolJson.decodeMeta(UUID, file);
          } catch (MetricsDataException e) {
            assertThat(e.getMessage()).isNotBlank();
            return null;
          }
        });
  }

  static Gen<MetricMetadata> metadata() {
    return Gen.combine(
        texts(),
        Gen.strings(Gen.range('a', 'z') + Gen.range('A', 'Z') + Gen.range('0', '9') + "-", 1, 64),
        instants(),
        texts(),
        MetricMetadata::new);
  }

  static Gen<byte[]> nearValidMetadata() {
    return Mutations.ofBytes(
        metadata()
            .map(m -> new MetricMetadata(m.charmUrl(), UUID, m.created(), m.unitTag()))
            .map(SpoolJson::encodeMeta));
  }

  // ---- times

  @Test
  void readsNearValidTimesAsTheGeneralParserDoes() {
    FuzzRun.forAll(nearValidTimes()).check(SpoolFilesFuzzTest::readsTimeAsTheGeneralParserDoes);
  }

  private static void readsTimeAsTheGeneralParserDoes(String text) throws Exception {
    Object mine = Bounded.call(() -> timeOrError(() -> Rfc3339.parse(text)));
    Object general =
        timeOrError(
            () -> OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());

    assertThat(mine).isEqualTo(general);
  }

  private static Object timeOrError(java.util.function.Supplier<Instant> parse) {
    try {
      return Objects.requireNonNull(parse.get());
    } catch (DateTimeParseException e) {
      return "refused";
    }
  }

  static Gen<String> nearValidTimes() {
    return Mutations.ofText(
        Gen.combine(
            instants(),
            Gen.of("Z", "+00:00", "-00:00", "+05:30", "-17:59", "+18:00", "+01:00:30"),
            (instant, offset) -> instant.atOffset(java.time.ZoneOffset.of(offset)).toString()));
  }
}
