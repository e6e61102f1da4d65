package io.windlass.manifolds.status;

import static io.windlass.manifolds.status.PushParsing.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.collector.parse.InfluxLineParser;
import io.windlass.collector.parse.MetricParseException;
import io.windlass.collector.parse.PrometheusTextParser;
import io.windlass.manifolds.status.PushParsing.Outcome;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.Metric;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.fuzz.Bounded;
import io.windlass.spool.fuzz.FuzzSettings;
import io.windlass.spool.fuzz.Mutations;
import io.windlass.spool.ingest.SampleTimeBounds;
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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

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
  @Property
  void prometheusBodiesReadAsTheReferenceReadsThem(
      @ForAll("prometheusBodies") List<byte[]> requests,
      @ForAll @IntRange(min = 8, max = 256) int bufferBytes)
      throws Exception {
    PrometheusPushParser parser = new PrometheusPushParser();
    for (byte[] body : requests) {
      parser.begin(NOW);
      Outcome mine = Bounded.call(() -> PushParsing.read(parser, body, bufferBytes));

      assertReadAsTheReference(mine, KEEP_NON_FINITE, body, false);
    }
  }

  @Property
  void influxBodiesReadAsTheReferenceReadsThem(
      @ForAll("influxBodies") List<byte[]> requests,
      @ForAll @IntRange(min = 8, max = 256) int bufferBytes)
      throws Exception {
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
  @Property
  void influxBodiesInAnyPrecisionReadAsThroughTheReferencePath(
      @ForAll("influxBodies") List<byte[]> requests, @ForAll Precision precision) throws Exception {
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
  @Property
  void theReferenceParsersRefuseOnlyWithALineNumber(@ForAll("anyText") String text)
      throws Exception {
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
        Outcome before = reference(parser, java.util.Arrays.copyOf(body, from));
        if (before.error().isEmpty()) {
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
    boolean farFuture =
        !influx
            && java.util.regex.Pattern.compile("[ \t][0-9]{15,}")
                .matcher(new String(body, StandardCharsets.UTF_8))
                .find();
    if (farFuture
        || reference.samples().stream().anyMatch(sample -> sample.time().isAfter(LATEST))) {
      // Millisecond timestamps past even the unbounded door's limit (the spool's year 9999) are
      // refused there, where the reference may refuse a later line or take them.
      assertThat(mine.error()).as(printable(body)).matches("(?s)(line [1-9][0-9]*: .+)?");
      return;
    }
    assertThat(mine.numeric()).as(printable(body)).isEqualTo(reference);
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
  @Property(tries = 25)
  void gzippedRequestsAreStoredWholeOrNotAtAll(
      @ForAll("gzippedBodies") byte[] gzipped, @ForAll boolean influx) throws Exception {
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

  @Provide
  Arbitrary<byte[]> gzippedBodies() {
    // Bodies valid or near-valid (a bad line after good ones), gzipped; then the gzip corrupted.
    Arbitrary<byte[]> gzipped =
        Arbitraries.oneOf(
                prometheusBody(),
                influxBody(),
                Mutations.ofBytes(prometheusBody()),
                Mutations.ofBytes(influxBody()))
            .map(PushParsersFuzzTest::gzip);
    return Arbitraries.oneOf(gzipped, Mutations.ofBytes(gzipped));
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

  @Provide
  Arbitrary<List<byte[]>> prometheusBodies() {
    return Arbitraries.frequencyOf(
            Tuple.of(9, Mutations.ofBytes(prometheusBody())), Tuple.of(1, anyBytes()))
        .list()
        .ofMinSize(1)
        .ofMaxSize(4);
  }

  @Provide
  Arbitrary<List<byte[]>> influxBodies() {
    return Arbitraries.frequencyOf(
            Tuple.of(9, Mutations.ofBytes(influxBody())), Tuple.of(1, anyBytes()))
        .list()
        .ofMinSize(1)
        .ofMaxSize(4);
  }

  private static Arbitrary<byte[]> anyBytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
  }

  @Provide
  Arbitrary<String> anyText() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(200),
        Mutations.ofText(prometheusBody().map(PushParsersFuzzTest::utf8)),
        Mutations.ofText(influxBody().map(PushParsersFuzzTest::utf8)));
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Bodies of a few series, some repeated, with comments and blank lines between. */
  static Arbitrary<byte[]> prometheusBody() {
    Arbitrary<String> series =
        Combinators.combine(names(), prometheusLabels()).as((name, labels) -> name + labels);
    return series
        .list()
        .ofMinSize(1)
        .ofMaxSize(3)
        .flatMap(
            known ->
                Arbitraries.frequencyOf(
                        Tuple.of(
                            8,
                            Combinators.combine(
                                    Arbitraries.of(known),
                                    blanks(),
                                    prometheusValues(),
                                    timestamps())
                                .as((s, blank, value, ts) -> s + blank + value + ts)),
                        Tuple.of(
                            1,
                            names()
                                .flatMap(
                                    name ->
                                        Arbitraries.of(
                                            "# HELP " + name + " Some help.",
                                            "# TYPE " + name + " counter",
                                            "# TYPE " + name + " gauge",
                                            "# a comment",
                                            "",
                                            "   "))))
                    .list()
                    .ofMinSize(1)
                    .ofMaxSize(10))
        .flatMap(
            lines ->
                Arbitraries.of("\n", "\r\n")
                    .map(
                        newline ->
                            (String.join(newline, lines) + newline)
                                .getBytes(StandardCharsets.UTF_8)));
  }

  static Arbitrary<String> names() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.of("up", "http_requests_total", "node:cpu:rate5m", "a", "_x")),
        Tuple.of(
            1,
            Arbitraries.strings()
                .withCharRange('a', 'z')
                .withChars("_:0123456789")
                .ofMinLength(1)
                .ofMaxLength(12)));
  }

  static Arbitrary<String> prometheusLabels() {
    Arbitrary<String> name = Arbitraries.of("job", "instance", "le", "code", "x_1", "__name");
    Arbitrary<String> value =
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.of("", "a", "200", "0.5", "+Inf", "web-1:9100")),
            Tuple.of(
                2,
                Arbitraries.strings()
                    .withCharRange(' ', '~')
                    .withChars("é😀\u3000")
                    .ofMaxLength(10)
                    .map(v -> v.replace("\\", "\\\\").replace("\"", "\\\""))),
            Tuple.of(1, Arbitraries.of("a\\nb", "say \\\"hi\\\"", "C:\\\\dir", "}", "{,}")));
    Arbitrary<String> pair = Combinators.combine(name, value).as((n, v) -> n + "=\"" + v + "\"");
    return Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.just("")),
        Tuple.of(1, Arbitraries.just("{}")),
        Tuple.of(
            5,
            pair.list()
                .ofMinSize(1)
                .ofMaxSize(3)
                .uniqueElements(p -> p.substring(0, p.indexOf('=')))
                .flatMap(
                    pairs ->
                        Arbitraries.of(",", ", ")
                            .flatMap(
                                separator ->
                                    Arbitraries.of("", ",")
                                        .map(
                                            trailing ->
                                                "{"
                                                    + String.join(separator, pairs)
                                                    + trailing
                                                    + "}")))));
  }

  static Arbitrary<String> prometheusValues() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.longs().between(-1000, 1_000_000).map(String::valueOf)),
        Tuple.of(2, Arbitraries.doubles().map(String::valueOf)),
        Tuple.of(
            2,
            Arbitraries.of(
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
                "00012.50")));
  }

  static Arbitrary<String> timestamps() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just("")),
        Tuple.of(3, Arbitraries.longs().between(0, 4_102_444_800_000L).map(ts -> " " + ts)),
        Tuple.of(
            1,
            Arbitraries.of(
                " 0",
                " 1735786800123",
                " 01000",
                " 9223372036854775807",
                " 9223372036854775808",
                " -5",
                "\t1735786800123 ",
                " 1735786800123\t")));
  }

  static Arbitrary<String> blanks() {
    return Arbitraries.of(" ", " ", " ", "\t", "  ", " \t");
  }

  /** Influx bodies: a few series, each line numeric, integer, boolean and string fields. */
  static Arbitrary<byte[]> influxBody() {
    Arbitrary<String> measurement = Arbitraries.of("cpu", "mem", "disk_io", "we\\ ird\\,m", "m");
    Arbitrary<String> tags =
        Combinators.combine(
                Arbitraries.of("host", "region", "t\\=k", "a"),
                Arbitraries.of("web-1", "eu", "v\\ 1\\,2", "x=y", "é"))
            .as((k, v) -> "," + k + "=" + v)
            .list()
            .ofMaxSize(3)
            .uniqueElements(t -> t.substring(0, t.indexOf('=')))
            .map(list -> String.join("", list));
    Arbitrary<String> series = Combinators.combine(measurement, tags).as((m, t) -> m + t);
    Arbitrary<String> field =
        Combinators.combine(
                Arbitraries.of("value", "usage_user", "busy", "f", "x\\ y", "n"),
                Arbitraries.frequencyOf(
                    Tuple.of(4, Arbitraries.doubles().map(String::valueOf)),
                    Tuple.of(2, Arbitraries.longs().map(l -> l + "i")),
                    Tuple.of(1, Arbitraries.longs().between(0, Long.MAX_VALUE).map(l -> l + "u")),
                    Tuple.of(
                        2,
                        Arbitraries.of(
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
                            "9223372036854775807i"))))
            .as((k, v) -> k + "=" + v);
    Arbitrary<String> fields =
        field.list().ofMinSize(1).ofMaxSize(3).map(list -> String.join(",", list));
    Arbitrary<String> timestamp =
        Arbitraries.frequencyOf(
            Tuple.of(2, Arbitraries.just("")),
            Tuple.of(3, Arbitraries.longs().between(0, Long.MAX_VALUE).map(ts -> " " + ts)),
            Tuple.of(1, Arbitraries.of(" 0", " 1735786800123456789", " -1", "  5")));
    return series
        .list()
        .ofMinSize(1)
        .ofMaxSize(3)
        .flatMap(
            known ->
                Arbitraries.frequencyOf(
                        Tuple.of(
                            8,
                            Combinators.combine(Arbitraries.of(known), fields, timestamp)
                                .as((s, f, t) -> s + " " + f + t)),
                        Tuple.of(1, Arbitraries.of("# comment", "", "  ")))
                    .list()
                    .ofMinSize(1)
                    .ofMaxSize(10))
        .map(lines -> (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
