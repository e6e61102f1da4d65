package io.windlass.spool.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.windlass.spool.Metric;
import io.windlass.spool.MetricMetadata;
import io.windlass.spool.MetricsDataException;
import io.windlass.spool.fuzz.Bounded;
import io.windlass.spool.fuzz.FuzzSettings;
import io.windlass.spool.fuzz.Mutations;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;

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

  private static Decoded decode(JsonFactory factory, DecodeCache.Tables tables, byte[] file)
      throws Exception {
    return Bounded.call(
        () -> {
          try {
            List<Metric> metrics =
                new MetricLinesDecoder(factory, UUID, tables).decode(file, file.length);
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

  @Property
  void readsBackWhatTheEncoderWrote(@ForAll("files") List<Metric> metrics) throws Exception {
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

  @Property
  void theFastPathReadsNearValidFilesAsJacksonDoes(
      @ForAll("files") List<Metric> before, @ForAll("nearValidFiles") byte[] file)
      throws Exception {
    Decoded reference = reference(file);

    assertThat(decode(FACTORY, new DecodeCache.Tables(), file)).isEqualTo(reference);
    DecodeCache.Tables warm = new DecodeCache.Tables();
    decode(FACTORY, warm, encode(before));
    assertThat(decode(FACTORY, warm, file)).as("after another file").isEqualTo(reference);
  }

  @Property
  void refusesArbitraryBytesOnlyAsBadData(@ForAll byte[] file) throws Exception {
    assertThat(decode(FACTORY, new DecodeCache.Tables(), file)).isEqualTo(reference(file));
  }

  @Provide
  Arbitrary<List<Metric>> files() {
    return metrics().list().ofMaxSize(8);
  }

  @Provide
  Arbitrary<byte[]> nearValidFiles() {
    return Mutations.ofBytes(files().map(SpoolFilesFuzzTest::encode));
  }

  static Arbitrary<Metric> metrics() {
    return Combinators.combine(
            texts().filter(key -> !key.isEmpty()),
            Arbitraries.oneOf(decimals(), texts()),
            instants(),
            Arbitraries.maps(texts(), texts()).ofMaxSize(4))
        .as(Metric::new);
  }

  /** Texts of every kind the encoder writes: names, printable ASCII, any Unicode. */
  static Arbitrary<String> texts() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(
            4,
            Arbitraries.strings()
                .withCharRange('a', 'z')
                .withChars("_:.-0123456789")
                .ofMinLength(1)
                .ofMaxLength(12)),
        net.jqwik.api.Tuple.of(2, Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(12)),
        net.jqwik.api.Tuple.of(
            2,
            Arbitraries.integers()
                .between(0, Character.MAX_CODE_POINT)
                .filter(c -> c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE)
                .list()
                .ofMaxSize(8)
                .map(SpoolFilesFuzzTest::text)));
  }

  static Arbitrary<String> decimals() {
    return Arbitraries.<String>oneOf(
        Arbitraries.longs().map(String::valueOf),
        Arbitraries.doubles().map(String::valueOf),
        Arbitraries.bigDecimals().map(java.math.BigDecimal::toPlainString));
  }

  static Arbitrary<Instant> instants() {
    return Combinators.combine(
            Arbitraries.longs().between(MIN_SECOND, MAX_SECOND),
            Arbitraries.oneOf(
                Arbitraries.just(0),
                Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000),
                Arbitraries.integers().between(0, 999_999).map(us -> us * 1_000),
                Arbitraries.integers().between(0, 999_999_999)))
        .as(Instant::ofEpochSecond);
  }

  private static String text(List<Integer> codePoints) {
    StringBuilder text = new StringBuilder();
    codePoints.forEach(text::appendCodePoint);
    return text.toString();
  }

  // ---- metadata files

  @Property
  void readsBackTheMetadataItWrote(@ForAll("metadata") MetricMetadata metadata) throws Exception {
    byte[] file = SpoolJson.encodeMeta(metadata);

    assertThat(Bounded.call(() -> SpoolJson.decodeMeta(metadata.uuid(), file))).isEqualTo(metadata);
  }

  /**
   * A metadata file with a blank after it is never plain, so it is read by Jackson, which ignores
   * what follows the object: both readings must agree on every near-valid file. (Not a blank before
   * it: Jackson skips a byte order mark only at the very start.)
   */
  @Property
  void theFastPathReadsNearValidMetadataAsJacksonDoes(@ForAll("nearValidMetadata") byte[] file)
      throws Exception {
    byte[] jacksonOnly = java.util.Arrays.copyOf(file, file.length + 1);
    jacksonOnly[file.length] = ' ';

    assertThat(readMeta(file)).isEqualTo(readMeta(jacksonOnly));
  }

  @Property
  void refusesArbitraryMetadataOnlyAsBadData(@ForAll byte[] file) throws Exception {
    readMeta(file);
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

  @Provide
  Arbitrary<MetricMetadata> metadata() {
    return Combinators.combine(
            texts(),
            Arbitraries.strings()
                .withCharRange('a', 'z')
                .withCharRange('A', 'Z')
                .withCharRange('0', '9')
                .withChars('-')
                .ofMinLength(1)
                .ofMaxLength(64),
            instants(),
            texts())
        .as(MetricMetadata::new);
  }

  @Provide
  Arbitrary<byte[]> nearValidMetadata() {
    return Mutations.ofBytes(
        metadata()
            .map(m -> new MetricMetadata(m.charmUrl(), UUID, m.created(), m.unitTag()))
            .map(SpoolJson::encodeMeta));
  }

  // ---- times

  @Property
  void readsNearValidTimesAsTheGeneralParserDoes(@ForAll("nearValidTimes") String text)
      throws Exception {
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

  @Provide
  Arbitrary<String> nearValidTimes() {
    return Mutations.ofText(
        Combinators.combine(
                instants(),
                Arbitraries.of("Z", "+00:00", "-00:00", "+05:30", "-17:59", "+18:00", "+01:00:30"))
            .as((instant, offset) -> instant.atOffset(java.time.ZoneOffset.of(offset)).toString()));
  }
}
