package io.windlass.spool.ingest.format;

import static io.windlass.spool.ingest.format.PushParsing.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.ingest.format.PushParsing.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The examples of the formats' specifications (the Prometheus text exposition format 0.0.4,
 * OpenMetrics 1.0 text, InfluxDB's line protocol reference) and the spellings they allow, in {@code
 * corpus/*.txt}: each is read whole, with the samples of its {@code .expected} file, by the
 * reference parser and, line by line, by the push parser.
 */
class WireFormatCorpusTest {

  @ParameterizedTest
  @CsvSource({
    "prometheus-0.0.4, PROMETHEUS_TEXT",
    "prometheus-extensions, PROMETHEUS_TEXT",
    "openmetrics-1.0, OPENMETRICS_TEXT",
    "influx-line-protocol, INFLUX_LINE"
  })
  void theReferenceAndThePushParserReadEveryLineOfTheCorpus(String corpus, WireFormat format)
      throws Exception {
    String text = resource(corpus + ".txt");
    List<String> expected = resource(corpus + ".expected").lines().toList();

    ParseResult reference = reference(format, text);
    assertThat(reference.metrics().stream().map(WireFormatCorpusTest::render).toList())
        .containsExactlyElementsOf(expected);

    PushParser parser = pushParser(format);
    Outcome pushed = PushParsing.read(parser, text.getBytes(StandardCharsets.UTF_8), 64);
    assertThat(pushed.error()).isEmpty();
    assertThat(pushed.numeric()).isEqualTo(PushParsing.reference(reference, 1));
  }

  /** The public entry reads a text ending in {@code # EOF} as OpenMetrics, seconds and all. */
  @ParameterizedTest
  @CsvSource({"openmetrics-1.0, PROMETHEUS_TEXT", "openmetrics-1.0, OPENMETRICS_TEXT"})
  void theEntryReadsOpenMetricsByItsEof(String corpus, WireFormat format) throws Exception {
    String text = resource(corpus + ".txt");
    List<String> expected =
        resource(corpus + ".expected")
            .lines()
            .filter(line -> !line.contains("Infinity") && !line.contains("NaN"))
            .toList();

    assertThat(format.parse(text).metrics().stream().map(WireFormatCorpusTest::render).toList())
        .containsExactlyElementsOf(expected);
  }

  static ParseResult reference(WireFormat format, String text) throws MetricParseException {
    return switch (format) {
      case PROMETHEUS_TEXT -> PrometheusTextParser.parse(text, true, false);
      case OPENMETRICS_TEXT -> PrometheusTextParser.parse(text, true, true);
      case INFLUX_LINE -> InfluxLineParser.parse(text);
    };
  }

  static PushParser pushParser(WireFormat format) {
    return switch (format) {
      case PROMETHEUS_TEXT, OPENMETRICS_TEXT -> {
        PrometheusPushParser parser = new PrometheusPushParser();
        parser.begin(NOW, format == WireFormat.OPENMETRICS_TEXT);
        yield parser;
      }
      case INFLUX_LINE -> {
        InfluxPushParser parser = new InfluxPushParser();
        parser.begin(NOW, Precision.NANOSECONDS);
        yield parser;
      }
    };
  }

  /** A sample as a line of an {@code .expected} file: {@code name{a="b",...} value timestamp}. */
  static String render(Sample sample) {
    Map<String, String> sorted = new TreeMap<>(sample.tags());
    String labels =
        sorted.isEmpty()
            ? ""
            : sorted.entrySet().stream()
                .map(e -> e.getKey() + "=\"" + escape(e.getValue()) + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    return sample.name() + labels + " " + sample.value() + " " + sample.timestamp();
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  static String resource(String name) throws IOException {
    try (InputStream in =
        Objects.requireNonNull(
            WireFormatCorpusTest.class.getResourceAsStream("corpus/" + name), name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
