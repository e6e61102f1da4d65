package io.windlass.spool.ingest.format;

import static io.windlass.spool.ingest.format.PushParsing.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.LabelSet;
import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricType;
import io.windlass.spool.ingest.format.PushParsing.Outcome;
import io.windlass.spool.ingest.format.PushParsing.Sample;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrometheusPushParserTest {
  private static final Instant T = Instant.ofEpochMilli(1735786800123L);

  /** The reference as the push parser uses it: NaN and infinities kept. */
  private static final PushParsing.Reference KEEP_NON_FINITE =
      text -> PrometheusTextParser.parse(text, true);

  private final PrometheusPushParser parser = new PrometheusPushParser();

  @BeforeEach
  void begin() {
    parser.begin(NOW);
  }

  private Outcome read(String body) {
    return PushParsing.read(parser, body);
  }

  @Test
  void readsSamplesWithLabelsValuesAsWrittenAndTimestamps() {
    Outcome outcome =
        read(
            """
            # HELP http_requests_total Requests.
            # TYPE http_requests_total counter
            http_requests_total{method="get",code="200"} 1027 1735786800123
            http_requests_total{method="post",code="400"}\t3.50\t1735786800123
            temperature -4.25

            up 1 0
            """);

    assertThat(outcome.error()).isEmpty();
    assertThat(outcome.samples())
        .containsExactly(
            new Sample("http_requests_total", "1027", T, Map.of("code", "200", "method", "get")),
            new Sample("http_requests_total", "3.50", T, Map.of("code", "400", "method", "post")),
            new Sample("temperature", "-4.25", NOW, Map.of()),
            new Sample("up", "1", NOW, Map.of()));
  }

  @Test
  void handsTypeHelpAndUnitLinesToTheSinkAsFamilyDescriptions() throws Exception {
    String body =
        """
        # HELP http_requests_total Requests \\\\ served.
        # TYPE http_requests_total counter
        http_requests_total{code="200"} 1027
        # TYPE request_seconds histogram
        # UNIT request_seconds seconds
        request_seconds_count 3
        """;
    List<MetricFamily> described = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    SampleSink sink =
        new SampleSink() {
          @Override
          public void add(String key, String value, Instant time, Map<String, String> labels) {
            keys.add(key);
          }

          @Override
          public void describe(MetricFamily family) {
            described.add(family);
          }
        };
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    int start = 0;
    int line = 1;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        parser.parseLine(bytes, start, i, line++, sink);
        start = i + 1;
      }
    }

    assertThat(keys).containsExactly("http_requests_total", "request_seconds_count");
    assertThat(described)
        .containsExactly(
            new MetricFamily("http_requests_total", MetricType.UNKNOWN, "Requests \\ served.", ""),
            new MetricFamily("http_requests_total", MetricType.COUNTER, "", ""),
            new MetricFamily("request_seconds", MetricType.HISTOGRAM, "", ""),
            new MetricFamily("request_seconds", MetricType.UNKNOWN, "", "seconds"));
  }

  @Test
  void parsesEachSeriesOnceAndHandsTheSameKeyAndLabelsAfterwards() {
    Outcome outcome =
        read("a{x=\"1\"} 1 1000\na{x=\"1\"} 2 2000\na{x=\"2\"} 3 3000\na{x=\"1\"} 4 4000\n");

    assertThat(parser.cachedSeries()).isEqualTo(2);
    assertThat(parser.seriesParsed()).isEqualTo(2);
    List<Sample> samples = outcome.samples();
    assertThat(samples).extracting(Sample::value).containsExactly("1", "2", "3", "4");
    assertThat(samples.get(1).labels()).isSameAs(samples.get(0).labels());
    assertThat(samples.get(3).key()).isSameAs(samples.get(0).key());
    assertThat(samples.get(2).labels()).isEqualTo(Map.of("x", "2"));
  }

  @Test
  void parsersSharingLabelSetsHandOneInstancePerSeries() {
    SharedLabelSets shared = new SharedLabelSets();
    PrometheusPushParser one = new PrometheusPushParser(shared);
    PrometheusPushParser other = new PrometheusPushParser(shared);
    one.begin(NOW);
    other.begin(NOW);

    Sample first = PushParsing.read(one, "a{x=\"1\",y=\"2\"} 1\n").samples().get(0);
    Sample second = PushParsing.read(other, "a{y=\"2\",x=\"1\"} 2\n").samples().get(0);

    assertThat(second.labels()).isSameAs(first.labels()).isInstanceOf(LabelSet.class);
    assertThat(second.key()).isSameAs(first.key());
    assertThat(shared.size()).isEqualTo(1);
    assertThat(PushParsing.read(parser, "a{x=\"1\",y=\"2\"} 3\n").samples().get(0).labels())
        .as("a parser of its own")
        .isEqualTo(first.labels())
        .isNotSameAs(first.labels());
  }

  @Test
  void readsRunsOfOneTimestampAndTheTimestampsAfterThem() {
    String body = "a 1 1000\nb 2 1000\na 3 1001\nb 4 10000\nb 5 1000\nc 6 01000\nc 7 100\nc 8\n";
    Outcome outcome = read(body);

    assertThat(outcome.numeric()).isEqualTo(PushParsing.reference(KEEP_NON_FINITE, body));
    assertThat(outcome.samples())
        .extracting(sample -> sample.time().toEpochMilli())
        .containsExactly(1000L, 1000L, 1001L, 10000L, 1000L, 1000L, 100L, NOW.toEpochMilli());
  }

  @Test
  void readsTimestampDigitsUpToALongAndNoFurther() {
    assertThat(PushParser.digits(ascii("1700000000123"), 0, 13)).isEqualTo(1_700_000_000_123L);
    assertThat(PushParser.digits(ascii("999999999999999999"), 0, 18))
        .isEqualTo(999_999_999_999_999_999L);
    assertThat(PushParser.digits(ascii("9223372036854775807"), 0, 19)).isEqualTo(Long.MAX_VALUE);
    assertThat(PushParser.digits(ascii("9223372036854775808"), 0, 19)).isEqualTo(-1);
    assertThat(PushParser.digits(ascii("17000a0"), 0, 7)).isEqualTo(-1);
    assertThat(PushParser.digits(ascii("17/0"), 0, 4)).isEqualTo(-1);
    assertThat(PushParser.digits(ascii("1:"), 0, 2)).isEqualTo(-1);
    assertThat(PushParser.digits(ascii(""), 0, 0)).isEqualTo(-1);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  @Test
  void sharedLabelSetsStartOverWhenFull() {
    SharedLabelSets shared = new SharedLabelSets(2);
    LabelSet a = shared.canonical(LabelSet.of(Map.of("n", "a")));
    shared.canonical(LabelSet.of(Map.of("n", "b")));

    assertThat(shared.canonical(LabelSet.of(Map.of("n", "a")))).isSameAs(a);
    LabelSet c = shared.canonical(LabelSet.of(Map.of("n", "c")));

    assertThat(shared.size()).isEqualTo(1);
    assertThat(shared.canonical(LabelSet.of(Map.of("n", "c")))).isSameAs(c);
    assertThat(shared.canonical(LabelSet.of(Map.of("n", "a")))).isEqualTo(a).isNotSameAs(a);
  }

  @Test
  void readsEscapesExponentsAndOddSpacingAsTheReferenceDoes() {
    Outcome outcome =
        read(
            "path_bytes{path=\"C:\\\\dir\",quote=\"say \\\"hi\\\"\",nl=\"a\\nb\"} 1e3\n"
                + "spaced {a=\"b\" , } 2.5E-1 1000\n"
                + "big 123456789012345678901234567890123\n");

    assertThat(outcome.error()).isEmpty();
    assertThat(outcome.samples())
        .containsExactly(
            new Sample(
                "path_bytes",
                "1000",
                NOW,
                Map.of("path", "C:\\dir", "quote", "say \"hi\"", "nl", "a\nb")),
            new Sample("spaced", "0.25", Instant.ofEpochMilli(1000), Map.of("a", "b")),
            new Sample("big", "1.2345678901234569E32", NOW, Map.of()));
  }

  @Test
  void keepsNonFiniteSamplesAsTheSpoolWritesThem() {
    Outcome outcome = read("a NaN\nb +Inf\nc -inf\nd 1\ne inf\n");

    assertThat(outcome.samples())
        .extracting(Sample::value)
        .containsExactly("NaN", "+Inf", "-Inf", "1", "+Inf");
  }

  @Test
  void aBadLineFailsWithItsNumberAndTheReferenceParsersReason() throws Exception {
    String bad = "b{x=\"1\" 2";
    Outcome outcome = read("a 1\n# a comment\n" + bad + "\nc 3\n");

    String reference = "";
    try {
      PrometheusTextParser.parse(bad);
    } catch (io.windlass.spool.ingest.format.MetricParseException e) {
      reference = e.getMessage();
    }
    assertThat(reference).startsWith("line 1: ");
    assertThat(outcome.error()).isEqualTo("line 3: " + reference.substring("line 1: ".length()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a 1 -5",
        "a 1 12x",
        "a{x=\"\\q\"} 1",
        "a{x=\"1\",x=\"2\"} 1",
        "a{1x=\"1\"} 1",
        "a 1 1 1",
        "a",
        "a{x=\"1\"}1",
        "# TYPE a sprocket",
        "1a 1",
        "a 0x1F"
      })
  void refusesWhatTheReferenceRefusesWithItsMessage(String line) {
    assertThat(read("ok 1\n" + line + "\n").error())
        .isEqualTo(PushParsing.reference(KEEP_NON_FINITE, "\n" + line).error())
        .startsWith("line 2: ");
  }

  /**
   * Series parts at the edges of the plain shape that new series are read in without the reference
   * parser (empty and trailing-comma label sets, braces and commas in values, digits, colons and
   * dots in names) and just past them (blanks, escapes, quoted names, bytes that are not printable
   * ASCII, duplicates, missing commas): each read, or refused, exactly as the reference does.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "a{} 1",
        "a{b=\"c\",} 1",
        "a{b=\"\"} 1",
        "a{b=\"}{,=\\\"\",c_2=\"x\"} 1",
        "a:b.c_9{_x=\"y\",Z=\"w\"} 1",
        "a{b=\"c\" } 1",
        "a{ b=\"c\"} 1",
        "a{b =\"c\"} 1",
        "a{b=\"c\\\\d\"} 1",
        "a{\"q.name\",b=\"c\"} 1",
        "a{b=\"\u00fc\u00df\"} 1",
        "a{b=\"\u007f\"} 1",
        "a{b=\"c\",b=\"d\"} 1",
        "a{b=\"c\"d=\"e\"} 1",
        "a{b=\"c\",,} 1",
        "a{,} 1",
        "a{b=c} 1",
        "a{b=\"c} 1",
        "a{9b=\"c\"} 1",
        "a{b.c=\"d\"} 1"
      })
  void readsNewSeriesPartsAsTheReferenceDoes(String line) {
    Outcome outcome = read("ok 1\n" + line + "\n" + line + "\n");
    Outcome reference = PushParsing.reference(KEEP_NON_FINITE, "ok 1\n" + line + "\n" + line);

    assertThat(outcome.numeric()).isEqualTo(reference);
  }

  @Test
  void aSeriesRefusedOnceIsRefusedAgainWithTheSameMessage() {
    String line = "a{x=\"1\",x=\"2\"} 1";
    String first = read(line).error();
    parser.begin(NOW);
    assertThat(read(line).error()).isEqualTo(first).isNotEmpty();
  }

  @Test
  void readsLinesLongerThanTheBufferAndCarriageReturns() {
    String labelValue = "v".repeat(5000);
    byte[] body =
        ("a{x=\"" + labelValue + "\"} 1 1000\r\nb 2\r\n").getBytes(StandardCharsets.UTF_8);

    Outcome outcome = PushParsing.read(parser, body, 64);

    assertThat(outcome.samples())
        .containsExactly(
            new Sample("a", "1", Instant.ofEpochMilli(1000), Map.of("x", labelValue)),
            new Sample("b", "2", NOW, Map.of()));
  }

  @Test
  void guessesEachLinesSeriesFromTheOrderOfTheRequestsBeforeAndReadsWhatIsThereWhenWrong() {
    List<String> series =
        List.of(
            "a",
            "a_b",
            "a{x=\"1\"}",
            "a{x=\"1\",y=\"2\"}",
            "a{x=\"10\"}",
            "b{x=\"1\"}",
            "b{x=\"1\"}\t",
            "b{x=\"a b\"}",
            "c{x=\"}\"}");
    Random random = new Random(7);
    List<String> order = new ArrayList<>(series);
    for (int request = 0; request < 3000; request++) {
      if (random.nextInt(3) == 0) {
        Collections.swap(order, random.nextInt(order.size()), random.nextInt(order.size()));
      }
      if (random.nextInt(5) == 0) {
        order.set(random.nextInt(order.size()), series.get(random.nextInt(series.size())));
      }
      StringBuilder body = new StringBuilder();
      for (String text : order) {
        body.append(text).append(' ').append(random.nextInt(100));
        if (random.nextBoolean()) {
          body.append(' ').append(1_000 + random.nextInt(1_000));
        }
        body.append(random.nextInt(20) == 0 ? "x\n" : "\n");
      }
      parser.begin(NOW);
      Outcome mine = read(body.toString());
      Outcome reference = PushParsing.reference(KEEP_NON_FINITE, body.toString());
      assertThat(mine.numeric()).as(body.toString()).isEqualTo(reference);
    }
    assertThat(parser.guessedRight()).as("lines of the guessed series").isGreaterThan(10_000);
  }

  @Test
  void guessesNoSeriesTheCacheHasForgotten() {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < PushParser.MAX_CACHED_SERIES + 10; i++) {
      body.append("m{i=\"").append(i).append("\"} ").append(i).append('\n');
    }
    for (int round = 0; round < 3; round++) {
      parser.begin(NOW);
      Outcome mine = read(body.toString());
      assertThat(mine.numeric()).isEqualTo(PushParsing.reference(KEEP_NON_FINITE, body.toString()));
      assertThat(parser.cachedSeries()).isLessThanOrEqualTo(PushParser.MAX_CACHED_SERIES);
    }
  }

  /**
   * The fast path against the reference parser on many lines made by random edits of valid ones:
   * every line must be read (or refused, with the same message) exactly as the reference reads it.
   */
  /** Later than the latest time the push parsers take with unbounded time bounds. */
  private static final Instant SPOOL_LATEST = Instant.parse("9999-12-31T23:59:59Z");

  @Test
  void readsRandomlyEditedLinesExactlyAsTheReferenceDoes() {
    List<String> templates =
        List.of(
            "http_requests_total{method=\"get\",code=\"200\"} 1027 1735786800123",
            "a{b=\"c\"} 1.5",
            "x_y:z 12 1000",
            "m{l=\"va\\\"lue\",k=\"\"} -0.5 99",
            "up 1",
            "# TYPE up gauge",
            "n{a=\"1\",} .5e1");
    List<String> lines =
        PushParsing.mutations(templates, " \t{}\",=\\#.eE+-019aZ_:\ré\u3000", 30_000, 42);
    int fast = 0;
    for (String line : lines) {
      parser.begin(NOW);
      Outcome mine = read(line);
      Outcome reference = PushParsing.reference(KEEP_NON_FINITE, line);
      if (reference.samples().stream().anyMatch(s -> s.time().isAfter(SPOOL_LATEST))) {
        // Seconds with an exponent can pass the spool's last time, which the door refuses.
        assertThat(mine.error()).as("line %s", line).startsWith("line 1: timestamp ");
        continue;
      }
      assertThat(mine.numeric()).as("line %s", line).isEqualTo(reference);
      if (mine.error().isEmpty() && !mine.samples().isEmpty()) {
        fast++;
      }
    }
    assertThat(fast).as("lines read").isGreaterThan(1000);
  }
}
