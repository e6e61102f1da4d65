package io.windlass.spool.ingest.format;

import static io.windlass.spool.ingest.format.PushParsing.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.Metric;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.fuzz.Bounded;
import io.windlass.spool.fuzz.FuzzRun;
import io.windlass.spool.fuzz.FuzzSettings;
import io.windlass.spool.fuzz.Gen;
import io.windlass.spool.fuzz.Mutations;
import io.windlass.spool.ingest.SampleTimeBounds;
import io.windlass.spool.ingest.format.PushParsing.Outcome;
import io.windlass.spool.ingest.http.HttpIngest;
import io.windlass.spool.ingest.http.IngestStats;
import io.windlass.spool.ingest.http.LimitedInputStream;
import io.windlass.spool.ingest.http.PushFormat;
import io.windlass.spool.ingest.http.PushOutcome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the bodies of the HTTP push paths: the push parsers' fast paths against the collector's
 * reference parsers ({@link PrometheusPushParser}, {@link InfluxPushParser}), the reference parsers
 * on their own, and whole gzipped requests through {@link HttpIngest} into a real spool.
 */
@Tag(FuzzSettings.TAG)
class PushParsersFuzzTest {

  // ---- Prometheus text

  /**
   * Requests one after another through one parser, so that its series cache and its guesses of the
   * next line's series carry from request to request as they do in the agent.
   */
  /** Request bodies one after another, and the size of the parser's line buffer. */
  record Requests(List<byte[]> bodies, int bufferBytes) {}

  /** Request bodies one after another, and the precision they are read in. */
  record InPrecision(List<byte[]> bodies, Precision precision) {}

  @Test
  void prometheusBodiesReadAsTheReferenceReadsThem() {
    FuzzRun.forAll(Gen.combine(prometheusBodies(), Gen.ints(8, 256), Requests::new))
        .check(PushParsersFuzzTest::prometheusReadsAsTheReference);
  }

  private static void prometheusReadsAsTheReference(Requests input) throws Exception {
    List<byte[]> requests = input.bodies();
    int bufferBytes = input.bufferBytes();
    PrometheusPushParser parser = new PrometheusPushParser();
    for (byte[] body : requests) {
      parser.begin(NOW);
      Outcome mine = Bounded.call(() -> PushParsing.read(parser, body, bufferBytes));

      assertReadAsTheReference(mine, KEEP_NON_FINITE, body, false);
    }
  }

  /** OpenMetrics bodies (integer timestamps in seconds) through one parser, as the reference. */
  @Test
  void openMetricsBodiesReadAsTheReferenceReadsThem() {
    FuzzRun.forAll(Gen.combine(prometheusBodies(), Gen.ints(8, 256), Requests::new))
        .check(PushParsersFuzzTest::openMetricsReadsAsTheReference);
  }

  private static void openMetricsReadsAsTheReference(Requests input) throws Exception {
    PrometheusPushParser parser = new PrometheusPushParser();
    for (byte[] body : input.bodies()) {
      parser.begin(NOW, true);
      Outcome mine = Bounded.call(() -> PushParsing.read(parser, body, input.bufferBytes()));

      assertReadAsTheReference(mine, OPEN_METRICS, body, false);
    }
  }

  @Test
  void influxBodiesReadAsTheReferenceReadsThem() {
    FuzzRun.forAll(Gen.combine(influxBodies(), Gen.ints(8, 256), Requests::new))
        .check(PushParsersFuzzTest::influxReadsAsTheReference);
  }

  private static void influxReadsAsTheReference(Requests input) throws Exception {
    List<byte[]> requests = input.bodies();
    int bufferBytes = input.bufferBytes();
    InfluxPushParser parser = new InfluxPushParser();
    for (byte[] body : requests) {
      parser.begin(NOW, Precision.NANOSECONDS);
      Outcome mine = Bounded.call(() -> PushParsing.read(parser, body, bufferBytes));

      assertReadAsTheReference(mine, InfluxLineParser::parse, body, true);
    }
  }

  /**
   * In every precision, the fast path against the parser's own reference path, which reads a line
   * that starts with a blank (the reference strips it): both read each body alike.
   */
  @Test
  void influxBodiesInAnyPrecisionReadAsThroughTheReferencePath() {
    FuzzRun.forAll(Gen.combine(influxBodies(), Gen.of(Precision.class), InPrecision::new))
        .check(PushParsersFuzzTest::readsAsThroughTheReferencePath);
  }

  private static void readsAsThroughTheReferencePath(InPrecision input) throws Exception {
    List<byte[]> requests = input.bodies();
    Precision precision = input.precision();
    InfluxPushParser parser = new InfluxPushParser();
    InfluxPushParser referencePath = new InfluxPushParser();
    for (byte[] body : requests) {
      parser.begin(NOW, precision);
      referencePath.begin(NOW, precision);
      Outcome mine = Bounded.call(() -> PushParsing.read(parser, body, 64));
      byte[] blanked = blankBeforeEachLine(body);
      Outcome reference = Bounded.call(() -> PushParsing.read(referencePath, blanked, 64));

      assertThat(mine.error()).matches("(?s)(line [1-9][0-9]*: .+)?");
      assertThat(withoutBytePosition(mine.numeric()))
          .as(printable(body))
          .isEqualTo(withoutBytePosition(reference.numeric()));
    }
  }

  /** The outcome without the byte a NUL or bad UTF-8 is at, which the added blank moves. */
  private static Outcome withoutBytePosition(Outcome outcome) {
    return new Outcome(
        outcome.samples(), outcome.error().replaceFirst(" at byte [0-9]+ of the line", ""));
  }

  private static byte[] blankBeforeEachLine(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
    // Not before a comment line, which the fast path skips unread (with a NUL in it, too).
    boolean lineStart = true;
    for (byte b : body) {
      if (lineStart && b != '#') {
        out.write(' ');
      }
      out.write(b);
      lineStart = b == '\n';
    }
    return out.toByteArray();
  }

  /** The reference parsers alone, on anything: a result, or a parse error naming a line. */
  @Test
  void theReferenceParsersRefuseOnlyWithALineNumber() {
    FuzzRun.forAll(anyText()).check(PushParsersFuzzTest::refusesOnlyWithALineNumber);
  }

  private static void refusesOnlyWithALineNumber(String text) throws Exception {
    long lines = text.chars().filter(c -> c == '\n').count() + 1;
    for (PushParsing.Reference parser :
        List.<PushParsing.Reference>of(KEEP_NON_FINITE, InfluxLineParser::parse)) {
      Bounded.run(
          () -> {
            try {
              parser.parse(text);
            } catch (MetricParseException e) {
              assertThat(e.lineNumber()).isBetween(1, (int) lines);
              assertThat(e.getMessage()).startsWith("line " + e.lineNumber() + ": ");
            }
          });
    }
  }

  /** The reference as the push parser uses it for OpenMetrics text: NaN and infinities kept. */
  private static final PushParsing.Reference OPEN_METRICS =
      text -> PrometheusTextParser.parse(text, true, true);

  /** The reference as the push parser uses it for Prometheus text: NaN and infinities kept. */
  private static final PushParsing.Reference KEEP_NON_FINITE =
      text -> PrometheusTextParser.parse(text, true);

  /**
   * Asserts that {@code mine} is what {@code parser} reads from {@code body}, with the door's rule
   * on top: the first line holding a NUL or bytes that are not UTF-8 (an Influx comment line aside)
   * is refused, naming it, unless the reference refuses a line before it.
   */
  private static void assertReadAsTheReference(
      Outcome mine, PushParsing.Reference parser, byte[] body, boolean influx) throws Exception {
    int from = 0;
    int line = 1;
    for (int i = 0; i <= body.length; i++) {
      if (i < body.length && body[i] != '\n') {
        continue;
      }
      boolean comment = influx && from < i && body[from] == '#';
      if (!comment && !isCleanText(body, from, i)) {
        byte[] prefix = java.util.Arrays.copyOf(body, from);
        Outcome before = reference(parser, prefix);
        if (isPastTheDoorsLatest(before, prefix, influx)) {
          // A line before this one may be refused for its time, which the reference takes.
          assertThat(mine.error()).as(printable(body)).matches("(?s)line [1-9][0-9]*: .+");
          assertThat(mine.samples()).isEmpty();
        } else if (before.error().isEmpty()) {
          assertThat(mine.error()).as(printable(body)).startsWith("line " + line + ": ");
          assertThat(mine.samples()).isEmpty();
        } else {
          assertThat(mine.numeric()).as(printable(body)).isEqualTo(before);
        }
        return;
      }
      from = i + 1;
      line++;
    }
    Outcome reference = reference(parser, body);
    if (isPastTheDoorsLatest(reference, body, influx)) {
      // Millisecond timestamps past even the unbounded door's limit (the spool's year 9999) are
      // refused there, where the reference may refuse a later line or take them.
      assertThat(mine.error()).as(printable(body)).matches("(?s)(line [1-9][0-9]*: .+)?");
      return;
    }
    assertThat(mine.numeric()).as(printable(body)).isEqualTo(reference);
  }

  /**
   * Whether {@code body} may hold a millisecond timestamp past the latest time the push parsers
   * take ({@link #LATEST}), which the reference reads as {@code reference} (or refuses later).
   */
  private static boolean isPastTheDoorsLatest(Outcome reference, byte[] body, boolean influx) {
    boolean farFuture =
        !influx
            && java.util.regex.Pattern.compile("[ \t]([0-9]{12,}|[0-9.]+[eE])")
                .matcher(new String(body, StandardCharsets.UTF_8))
                .find();
    return farFuture
        || reference.samples().stream().anyMatch(sample -> sample.time().isAfter(LATEST));
  }

  /** Later than the latest time the push parsers take with unbounded time bounds. */
  private static final java.time.Instant LATEST = java.time.Instant.parse("9999-12-31T23:59:59Z");

  /** Whether {@code [from, to)} is UTF-8 without NUL. */
  private static boolean isCleanText(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == 0) {
        return false;
      }
    }
    return com.google.common.base.Utf8.isWellFormed(b, from, to - from);
  }

  private static Outcome reference(PushParsing.Reference parser, byte[] body) throws Exception {
    String text = new String(body, StandardCharsets.UTF_8);
    return Bounded.call(() -> PushParsing.reference(parser, text));
  }

  private static String printable(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    return text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
  }

  // ---- whole requests, gzipped

  /**
   * A gzipped body, valid or near-valid, whole or with its compressed bytes mutated, stored through
   * {@link HttpIngest} as the status server stores it: answered 204 with every sample in the spool,
   * or 400/413 with nothing in it; never 500.
   */
  /** A gzipped body, and whether it is Influx (or Prometheus text). */
  record Gzipped(byte[] gzipped, boolean influx) {}

  @Test
  void gzippedRequestsAreStoredWholeOrNotAtAll() {
    FuzzRun.forAll(Gen.combine(gzippedBodies(), Gen.booleans(), Gzipped::new))
        .tries(25)
        .check(PushParsersFuzzTest::storedWholeOrNotAtAll);
  }

  private static void storedWholeOrNotAtAll(Gzipped input) throws Exception {
    byte[] gzipped = input.gzipped();
    boolean influx = input.influx();
    Path dir = Files.createTempDirectory("push-fuzz");
    try (SpoolDirectory spool = SpoolDirectory.open(dir)) {
      HttpIngest ingest =
          new HttpIngest(
              spool,
              DeclaredMetrics.any(),
              "agent-fuzz",
              1 << 20,
              Clock.fixed(NOW, ZoneOffset.UTC),
              SampleTimeBounds.defaults(),
              new IngestStats(),
              new PushParsers());
      PushFormat format = influx ? PushFormat.INFLUX : PushFormat.PROMETHEUS;
      PushOutcome outcome =
          Bounded.call(
              () -> {
                InputStream decoded;
                try {
                  decoded =
                      new LimitedInputStream(
                          new GZIPInputStream(
                              new LimitedInputStream(
                                  new ByteArrayInputStream(gzipped), 1 << 20, "request body"),
                              PushParsers.BUFFER_BYTES),
                          1 << 20,
                          "decoded request body");
                } catch (IOException e) {
                  return PushOutcome.refused(PushOutcome.BAD_REQUEST, e.toString());
                }
                return ingest.push(format, decoded, Precision.NANOSECONDS);
              });

      List<Metric> stored =
          spool.reader().read().stream().flatMap(batch -> batch.metrics().stream()).toList();
      assertThat(outcome.status()).as(outcome.message()).isIn(204, 400, 413);
      if (outcome.isStored()) {
        assertThat((long) stored.size()).isEqualTo(outcome.samples());
      } else {
        assertThat(outcome.message()).isNotBlank();
        assertThat(stored).isEmpty();
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  static Gen<byte[]> gzippedBodies() {
    // Bodies valid or near-valid (a bad line after good ones), gzipped; then the gzip corrupted.
    Gen<byte[]> gzipped =
        Gen.oneOf(
                prometheusBody(),
                influxBody(),
                Mutations.ofBytes(prometheusBody()),
                Mutations.ofBytes(influxBody()))
            .map(PushParsersFuzzTest::gzip);
    return Gen.oneOf(gzipped, Mutations.ofBytes(gzipped));
  }

  private static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(body);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  // ---- generators

  static Gen<List<byte[]>> prometheusBodies() {
    return Gen.frequency(
            Gen.weighted(9, Mutations.ofBytes(prometheusBody())), Gen.weighted(1, anyBytes()))
        .list(1, 4);
  }

  static Gen<List<byte[]>> influxBodies() {
    return Gen.frequency(
            Gen.weighted(9, Mutations.ofBytes(influxBody())), Gen.weighted(1, anyBytes()))
        .list(1, 4);
  }

  private static Gen<byte[]> anyBytes() {
    return Gen.bytes(300);
  }

  static Gen<String> anyText() {
    return Gen.oneOf(
        Gen.anyStrings(200),
        Mutations.ofText(prometheusBody().map(PushParsersFuzzTest::utf8)),
        Mutations.ofText(influxBody().map(PushParsersFuzzTest::utf8)));
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The lines of the specifications' examples ({@link WireFormatCorpusTest}), but # EOF. */
  private static final List<String> PROMETHEUS_CORPUS =
      corpusLines("prometheus-0.0.4.txt", "prometheus-extensions.txt", "openmetrics-1.0.txt");

  private static final List<String> INFLUX_CORPUS = corpusLines("influx-line-protocol.txt");

  private static List<String> corpusLines(String... names) {
    try {
      List<String> lines = new java.util.ArrayList<>();
      for (String name : names) {
        WireFormatCorpusTest.resource(name)
            .lines()
            .filter(line -> !line.equals("# EOF"))
            .forEach(lines::add);
      }
      return List.copyOf(lines);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Bodies of a few series, some repeated, with comments, blank lines and lines of the specs'
   * examples between.
   */
  static Gen<byte[]> prometheusBody() {
    Gen<String> series =
        Gen.combine(
            names(),
            prometheusLabels(),
            (name, labels) ->
                name.startsWith("{")
                    ? name + (labels.length() > 2 ? "," + labels.substring(1) : "}")
                    : name + labels);
    return series
        .list(1, 3)
        .flatMap(
            known ->
                Gen.frequency(
                        Gen.weighted(
                            8,
                            Gen.combine(
                                Gen.of(known),
                                blanks(),
                                prometheusValues(),
                                Gen.combine(timestamps(), exemplars(), (ts, e) -> ts + e),
                                (s, blank, value, ts) -> s + blank + value + ts)),
                        Gen.weighted(1, Gen.of(PROMETHEUS_CORPUS)),
                        Gen.weighted(
                            1,
                            names()
                                .flatMap(
                                    name ->
                                        Gen.of(
                                            "# HELP " + name + " Some help.",
                                            "# TYPE " + name + " counter",
                                            "# TYPE " + name + " gauge",
                                            "# a comment",
                                            "# TYPE " + name + " info",
                                            "# UNIT " + name + " seconds",
                                            "# EOF",
                                            "",
                                            "   "))))
                    .list(1, 10))
        .flatMap(
            lines ->
                Gen.of("\n", "\r\n")
                    .map(
                        newline ->
                            (String.join(newline, lines) + newline)
                                .getBytes(StandardCharsets.UTF_8)));
  }

  static Gen<String> names() {
    return Gen.frequency(
        Gen.weighted(
            4,
            Gen.of("up", "http_requests_total", "node:cpu:rate5m", "a", "_x", "a.b", "{\"q.n\"")),
        Gen.weighted(1, Gen.strings(Gen.range('a', 'z') + "_:0123456789", 1, 12)));
  }

  static Gen<String> prometheusLabels() {
    Gen<String> name = Gen.of("job", "instance", "le", "code", "x_1", "__name");
    Gen<String> value =
        Gen.frequency(
            Gen.weighted(4, Gen.of("", "a", "200", "0.5", "+Inf", "web-1:9100")),
            Gen.weighted(
                2,
                Gen.strings(Gen.range(' ', '~') + "é😀\u3000", 0, 10)
                    .map(v -> v.replace("\\", "\\\\").replace("\"", "\\\""))),
            Gen.weighted(1, Gen.of("a\\nb", "say \\\"hi\\\"", "C:\\\\dir", "}", "{,}")));
    Gen<String> pair = Gen.combine(name, value, (n, v) -> n + "=\"" + v + "\"");
    return Gen.frequency(
        Gen.weighted(2, Gen.constant("")),
        Gen.weighted(1, Gen.constant("{}")),
        Gen.weighted(
            5,
            Gen.combine(
                pair.uniqueList(1, 3, p -> p.substring(0, p.indexOf('='))),
                Gen.of(",", ", "),
                Gen.of("", ","),
                (pairs, separator, trailing) ->
                    "{" + String.join(separator, pairs) + trailing + "}")));
  }

  static Gen<String> prometheusValues() {
    return Gen.frequency(
        Gen.weighted(4, Gen.longs(-1000, 1_000_000).map(String::valueOf)),
        Gen.weighted(2, Gen.doubles().map(String::valueOf)),
        Gen.weighted(
            2,
            Gen.of(
                "0",
                "-0",
                "+1",
                ".5",
                "5.",
                "1e3",
                "1E-3",
                "+Inf",
                "-Inf",
                "Inf",
                "NaN",
                "nan",
                "1e309",
                "-1e309",
                "4.9e-325",
                "123456789012345678901234567890123",
                "0.000000000000000000000000000001",
                "00012.50",
                "Infinity",
                "-infinity")));
  }

  static Gen<String> timestamps() {
    return Gen.frequency(
        Gen.weighted(3, Gen.constant("")),
        Gen.weighted(3, Gen.longs(0, 4_102_444_800_000L).map(ts -> " " + ts)),
        Gen.weighted(
            1,
            Gen.of(
                " 0",
                " 1735786800123",
                " 01000",
                " 9223372036854775807",
                " 9223372036854775808",
                " -5",
                "\t1735786800123 ",
                " 1735786800123\t",
                " 1735786800.123",
                " 1.5",
                " 1.7e9",
                " 1735786800")));
  }

  static Gen<String> exemplars() {
    return Gen.frequency(
        Gen.weighted(6, Gen.constant("")),
        Gen.weighted(
            1,
            Gen.of(
                " # {} 0.054",
                " # {trace_id=\"KOO5S4vxi0o\"} 0.67",
                " # {trace_id=\"oHg5SJYRHA0\"} 9.8 1520879607.789",
                " # {a=\"b\"} NaN 1")));
  }

  static Gen<String> blanks() {
    return Gen.of(" ", " ", " ", "\t", "  ", " \t");
  }

  /** Influx bodies: a few series, each line numeric, integer, boolean and string fields. */
  static Gen<byte[]> influxBody() {
    Gen<String> measurement = Gen.of("cpu", "mem", "disk_io", "we\\ ird\\,m", "m");
    Gen<String> tags =
        Gen.combine(
                Gen.of("host", "region", "t\\=k", "a"),
                Gen.of("web-1", "eu", "v\\ 1\\,2", "x=y", "é"),
                (k, v) -> "," + k + "=" + v)
            .uniqueList(0, 3, t -> t.substring(0, t.indexOf('=')))
            .map(list -> String.join("", list));
    Gen<String> series = Gen.combine(measurement, tags, (m, t) -> m + t);
    Gen<String> field =
        Gen.combine(
            Gen.of("value", "usage_user", "busy", "f", "x\\ y", "n"),
            Gen.frequency(
                Gen.weighted(4, Gen.doubles().map(String::valueOf)),
                Gen.weighted(2, Gen.longs().map(l -> l + "i")),
                Gen.weighted(1, Gen.longs(0, Long.MAX_VALUE).map(l -> l + "u")),
                Gen.weighted(
                    2,
                    Gen.of(
                        "t",
                        "T",
                        "true",
                        "True",
                        "TRUE",
                        "f",
                        "F",
                        "false",
                        "False",
                        "FALSE",
                        "1.5",
                        "-3e2",
                        "1e999",
                        "\"a string\"",
                        "\"with \\\" quote\"",
                        "\"x y\"",
                        "18446744073709551615u",
                        "9223372036854775807i"))),
            (k, v) -> k + "=" + v);
    Gen<String> fields = field.list(1, 3).map(list -> String.join(",", list));
    Gen<String> timestamp =
        Gen.frequency(
            Gen.weighted(2, Gen.constant("")),
            Gen.weighted(3, Gen.longs(0, Long.MAX_VALUE).map(ts -> " " + ts)),
            Gen.weighted(1, Gen.of(" 0", " 1735786800123456789", " -1", "  5")));
    return series
        .list(1, 3)
        .flatMap(
            known ->
                Gen.frequency(
                        Gen.weighted(
                            8,
                            Gen.combine(
                                Gen.of(known), fields, timestamp, (s, f, t) -> s + " " + f + t)),
                        Gen.weighted(1, Gen.of(INFLUX_CORPUS)),
                        Gen.weighted(1, Gen.of("# comment", "", "  ")))
                    .list(1, 10))
        .map(lines -> (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
