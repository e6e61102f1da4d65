package io.windlass.spool.ingest.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.windlass.spool.Metric;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IngestRequestParserTest {

  private static final Instant NOW = Instant.parse("2025-03-04T05:06:07.123Z");

  private final IngestRequestParser parser = new IngestRequestParser();

  private List<Metric> parse(String line) throws IngestRequestException {
    return parser.parse(line, NOW);
  }

  private String problem(String line) {
    Throwable thrown = catchThrowable(() -> parser.parse(line, NOW));
    assertThat(thrown).as("parsing %s", line).isInstanceOf(IngestRequestException.class);
    return thrown.getMessage();
  }

  // ---- text form

  @Test
  void aTextLineIsOneMetricPerPairAtNow() throws Exception {
    assertThat(parse("pings=5 errors=0"))
        .containsExactly(new Metric("pings", "5", NOW), new Metric("errors", "0", NOW));
  }

  @Test
  void metricsOfATextLineShareItsLabels() throws Exception {
    Map<String, String> labels = Map.of("zone", "a", "host", "db1");
    assertThat(parse("pings=5 --labels zone=a,host=db1 errors=-1.5e3"))
        .containsExactly(
            new Metric("pings", "5", NOW, labels), new Metric("errors", "-1.5e3", NOW, labels));
    assertThat(parse("pings=5 --labels=zone=a,host=db1"))
        .containsExactly(new Metric("pings", "5", NOW, labels));
  }

  @Test
  void blanksAroundAndBetweenTokensAreIgnored() throws Exception {
    assertThat(parse(" \tpings=5 \t  errors=1  "))
        .containsExactly(new Metric("pings", "5", NOW), new Metric("errors", "1", NOW));
  }

  @Test
  void aLabelValueMayHoldEqualsSignsAndBeEmpty() throws Exception {
    assertThat(parse("pings=5 --labels q=a=b,e=").get(0).labels())
        .containsExactlyInAnyOrderEntriesOf(Map.of("q", "a=b", "e", ""));
  }

  @Test
  void valuesAreKeptAsWrittenForTheSpoolToCheck() throws Exception {
    // The parser checks syntax only; whether "abc" is a number is the spool's rule.
    assertThat(parse("pings=abc").get(0).value()).isEqualTo("abc");
    assertThat(parse("pings=NaN").get(0).value()).isEqualTo("NaN");
    assertThat(parse("a=b=c").get(0).value()).isEqualTo("b=c");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|empty request: expected key=value or a JSON object",
        "'   '|empty request: expected key=value or a JSON object",
        "pings|\"pings\" is not key=value (nor --labels k=v[,k=v...])",
        "pings=5 oops|\"oops\" is not key=value (nor --labels k=v[,k=v...])",
        "=5|metric \"=5\" has no key before '='",
        "pings=|metric \"pings\" has no value after '='",
        "--labels a=b|no metrics in request: expected key=value",
        "pings=5 --labels|--labels needs k=v[,k=v...]",
        "pings=5 --labels=|--labels needs k=v[,k=v...]",
        "pings=5 --labels a=b --labels c=d|--labels is given more than once",
        "pings=5 --label a=b|unknown option \"--label\"; the only option is --labels k=v[,k=v...]",
        "pings=5 --time=now|unknown option \"--time=now\"; the only option is --labels"
            + " k=v[,k=v...]",
        "pings=5 --labels a|label \"a\" in --labels is not name=value",
        "pings=5 --labels =b|label \"=b\" in --labels has no name before '='",
        "pings=5 --labels a=b,,c=d|--labels \"a=b,,c=d\" has an empty label (two commas, or one at"
            + " an end)",
        "pings=5 --labels a=b,|--labels \"a=b,\" has an empty label (two commas, or one at an end)",
        "pings=5 --labels a=b,a=c|label \"a\" is given more than once",
      })
  void malformedTextLinesAreRefusedWithASpecificMessage(String line, String message) {
    assertThat(problem(line)).isEqualTo(message);
  }

  @Test
  void metricsPerLineAreLimited() throws Exception {
    IngestRequestParser small = new IngestRequestParser(3, 2);
    assertThat(small.parse("a=1 b=2 c=3", NOW)).hasSize(3);
    assertThatThrownBy(() -> small.parse("a=1 b=2 c=3 d=4", NOW))
        .isInstanceOf(IngestRequestException.class)
        .hasMessage("more than 3 metrics in one request; the limit is 3");

    String atLimit =
        IntStream.range(0, IngestRequestParser.DEFAULT_MAX_METRICS_PER_LINE)
            .mapToObj(i -> "m" + i + "=1")
            .collect(Collectors.joining(" "));
    assertThat(parse(atLimit)).hasSize(IngestRequestParser.DEFAULT_MAX_METRICS_PER_LINE);
    assertThat(problem(atLimit + " one=1"))
        .isEqualTo("more than 1000 metrics in one request; the limit is 1000");
  }

  @Test
  void labelsPerMetricAreLimitedInBothForms() throws Exception {
    IngestRequestParser small = new IngestRequestParser(3, 2);
    assertThat(small.parse("a=1 --labels x=1,y=2", NOW).get(0).labels()).hasSize(2);
    assertThatThrownBy(() -> small.parse("a=1 --labels x=1,y=2,z=3", NOW))
        .hasMessage("more than 2 labels; the limit is 2");
    assertThatThrownBy(
            () ->
                small.parse(
                    "{\"key\":\"a\",\"value\":1,\"labels\":{\"x\":\"1\",\"y\":\"2\",\"z\":\"3\"}}",
                    NOW))
        .hasMessage("more than 2 labels; the limit is 2");

    String labels =
        IntStream.range(0, 33).mapToObj(i -> "l" + i + "=v").collect(Collectors.joining(","));
    assertThat(problem("a=1 --labels " + labels)).isEqualTo("more than 32 labels; the limit is 32");
  }

  @Test
  void limitsMustBeSensible() {
    assertThatThrownBy(() -> new IngestRequestParser(0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxMetricsPerLine 0 must be >= 1");
    assertThatThrownBy(() -> new IngestRequestParser(1, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxLabels -1 must be >= 0");
  }

  // ---- JSON form

  @Test
  void aJsonLineIsOneMetric() throws Exception {
    assertThat(
            parse(
                "{\"key\":\"pings\",\"value\":5,\"labels\":{\"zone\":\"a\"},"
                    + "\"time\":\"2025-01-02T03:04:05.5Z\"}"))
        .containsExactly(
            new Metric("pings", "5", Instant.parse("2025-01-02T03:04:05.5Z"), Map.of("zone", "a")));
  }

  @Test
  void aJsonLineWithoutTimeOrLabelsIsAtNowWithout() throws Exception {
    assertThat(parse(" {\"value\":\"1.5\", \"key\":\"pings\"}"))
        .containsExactly(new Metric("pings", "1.5", NOW));
    assertThat(parse("{\"key\":\"pings\",\"value\":1,\"labels\":null,\"time\":null}"))
        .containsExactly(new Metric("pings", "1", NOW));
  }

  @Test
  void aJsonNumberKeepsItsLiteralText() throws Exception {
    assertThat(parse("{\"key\":\"a\",\"value\":1.50}").get(0).value()).isEqualTo("1.50");
    assertThat(parse("{\"key\":\"a\",\"value\":-2E+3}").get(0).value()).isEqualTo("-2E+3");
    assertThat(parse("{\"key\":\"a\",\"value\":12345678901234567890123}").get(0).value())
        .isEqualTo("12345678901234567890123");
  }

  @Test
  void jsonTimesMayHaveAnyOffset() throws Exception {
    assertThat(
            parse("{\"key\":\"a\",\"value\":1,\"time\":\"2025-01-02T04:04:05+01:00\"}")
                .get(0)
                .time())
        .isEqualTo(Instant.parse("2025-01-02T03:04:05Z"));
    assertThat(
            parse("{\"key\":\"a\",\"value\":1,\"time\":\"2025-01-02t03:04:05.123456789z\"}")
                .get(0)
                .time())
        .isEqualTo(Instant.parse("2025-01-02T03:04:05.123456789Z"));
  }

  @Test
  void jsonLabelValuesMayHoldAnything() throws Exception {
    assertThat(
            parse("{\"key\":\"a\",\"value\":1,\"labels\":{\"path\":\"/a b,c=d\\n\\u00e9\"}}")
                .get(0)
                .labels())
        .containsExactly(Map.entry("path", "/a b,c=d\n\u00e9"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{|bad JSON: the line ends inside the object",
        "{\"key\":\"a|bad JSON: the line ends inside the object",
        "{\"key\":\"a\",\"value\":1} x|bad JSON: Unrecognized token 'x': was expecting (JSON"
            + " String, Number, Array, Object or token 'null', 'true' or 'false') at column 23",
        "{\"key\":\"a\",\"value\":1}{}|bad JSON: unexpected an object after the object",
        "{\"value\":1}|missing field \"key\"",
        "{\"key\":\"a\"}|metric \"a\": missing field \"value\"",
        "{\"key\":\"\",\"value\":1}|field \"key\" must not be empty",
        "{\"key\":5,\"value\":1}|field \"key\" must be a string, not a number",
        "{\"key\":\"a\",\"value\":true}|field \"value\" must be a number or a string holding one,"
            + " not a boolean",
        "{\"key\":\"a\",\"value\":null}|field \"value\" must be a number or a string holding one,"
            + " not null",
        "{\"key\":\"a\",\"value\":[1]}|field \"value\" must be a number or a string holding one,"
            + " not an array",
        "{\"key\":\"a\",\"value\":NaN}|bad JSON: NaN is not a finite number",
        "{\"key\":\"a\",\"value\":-Infinity}|bad JSON: -Infinity is not a finite number",
        "{\"key\":\"a\",\"key\":\"b\",\"value\":1}|field \"key\" is given more than once",
        "{\"key\":\"a\",\"value\":1,\"value\":2}|field \"value\" is given more than once",
        "{\"key\":\"a\",\"value\":1,\"unit\":\"s\"}|unknown field \"unit\"; the fields are key,"
            + " value, labels and time",
        "{\"key\":\"a\",\"value\":1,\"labels\":[]}|field \"labels\" must be an object of names to"
            + " strings, not an array",
        "{\"key\":\"a\",\"value\":1,\"labels\":{\"z\":1}}|label \"z\" must be a string, not a"
            + " number",
        "{\"key\":\"a\",\"value\":1,\"labels\":{\"z\":\"1\",\"z\":\"2\"}}|label \"z\" is given"
            + " more than once",
        "{\"key\":\"a\",\"value\":1,\"time\":5}|field \"time\" must be an RFC 3339 string such as"
            + " \"2025-01-02T03:04:05Z\", not a number",
        "{\"key\":\"a\",\"value\":1,\"time\":\"yesterday\"}|time \"yesterday\" is not an RFC 3339"
            + " time with an offset, such as \"2025-01-02T03:04:05Z\"",
        "{\"key\":\"a\",\"value\":1,\"time\":\"2025-01-02T03:04:05\"}|time"
            + " \"2025-01-02T03:04:05\" is not an RFC 3339 time with an offset, such as"
            + " \"2025-01-02T03:04:05Z\"",
        "{\"key\":\"a\",\"value\":1,\"time\":\"2025-13-02T03:04:05Z\"}|time"
            + " \"2025-13-02T03:04:05Z\" is not an RFC 3339 time with an offset, such as"
            + " \"2025-01-02T03:04:05Z\"",
      })
  void malformedJsonLinesAreRefusedWithASpecificMessage(String line, String message) {
    assertThat(problem(line)).isEqualTo(message);
  }

  // ---- properties over many random lines

  private static final String KEY_START = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_";
  private static final String KEY_PART = KEY_START + "0123456789.:-";
  private static final String[] VALUES = {
    "0", "1", "-1", "3.25", "1e3", "-0.5E-2", ".5", "12345678901234567890", "+7"
  };

  private static String randomName(Random random, String start, String part, int maxLength) {
    int length = 1 + random.nextInt(maxLength);
    StringBuilder name = new StringBuilder(length);
    name.append(start.charAt(random.nextInt(start.length())));
    for (int i = 1; i < length; i++) {
      name.append(part.charAt(random.nextInt(part.length())));
    }
    return name.toString();
  }

  private static String randomLabelValue(Random random, boolean anyCharacter) {
    int length = random.nextInt(12);
    StringBuilder value = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      if (anyCharacter) {
        int kind = random.nextInt(4);
        value.append(
            kind == 0
                ? (char) random.nextInt(0x20) // control characters, escaped in JSON
                : kind == 1
                    ? "\"\\ ,=é€😀".charAt(random.nextInt(9))
                    : (char) ('a' + random.nextInt(26)));
      } else {
        value.append(KEY_PART.charAt(random.nextInt(KEY_PART.length())));
      }
    }
    return value.toString();
  }

  private static Map<String, String> randomLabels(Random random, boolean anyCharacter) {
    Map<String, String> labels = new TreeMap<>();
    int count = random.nextInt(5);
    for (int i = 0; i < count; i++) {
      labels.put(
          randomName(random, KEY_START, KEY_START + "0123456789", 10),
          randomLabelValue(random, anyCharacter));
    }
    return labels;
  }

  private static String blanks(Random random) {
    return random.nextInt(4) == 0 ? " \t " : " ";
  }

  @Test
  void everyRandomValidTextLineParsesToItsMetrics() throws Exception {
    Random random = new Random(20250304L);
    for (int round = 0; round < 5_000; round++) {
      int count = 1 + random.nextInt(8);
      Map<String, String> labels = randomLabels(random, false);
      List<Metric> expected = new ArrayList<>();
      List<String> tokens = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String key = randomName(random, KEY_START, KEY_PART, 20);
        String value = VALUES[random.nextInt(VALUES.length)];
        expected.add(new Metric(key, value, NOW, labels));
        tokens.add(key + "=" + value);
      }
      if (!labels.isEmpty()) {
        String option =
            labels.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
        int at = random.nextInt(tokens.size() + 1);
        tokens.add(
            at, random.nextBoolean() ? "--labels=" + option : "--labels" + blanks(random) + option);
      }
      StringBuilder line = new StringBuilder(random.nextBoolean() ? "" : blanks(random));
      for (String token : tokens) {
        line.append(token).append(blanks(random));
      }
      String text = random.nextBoolean() ? line.toString() : line.toString().stripTrailing();

      assertThat(parse(text)).as("parsing %s", text).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void everyRandomValidJsonLineParsesToItsMetric() throws Exception {
    Random random = new Random(7L);
    JsonFactory json = new JsonFactory();
    for (int round = 0; round < 5_000; round++) {
      String key = randomName(random, KEY_START, KEY_PART, 30);
      String value = VALUES[random.nextInt(VALUES.length)];
      boolean numeric = !value.startsWith("+") && !value.startsWith(".") && random.nextBoolean();
      Map<String, String> labels = randomLabels(random, true);
      Instant time =
          random.nextBoolean()
              ? null
              : Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000));
      StringWriter out = new StringWriter();
      try (JsonGenerator generator = json.createGenerator(out)) {
        generator.writeStartObject();
        List<Runnable> fields = new ArrayList<>();
        fields.add(() -> write(() -> generator.writeStringField("key", key)));
        fields.add(
            () ->
                write(
                    () -> {
                      generator.writeFieldName("value");
                      if (numeric) {
                        generator.writeNumber(value);
                      } else {
                        generator.writeString(value);
                      }
                    }));
        if (!labels.isEmpty() || random.nextBoolean()) {
          fields.add(
              () ->
                  write(
                      () -> {
                        generator.writeObjectFieldStart("labels");
                        for (Map.Entry<String, String> label : labels.entrySet()) {
                          generator.writeStringField(label.getKey(), label.getValue());
                        }
                        generator.writeEndObject();
                      }));
        }
        if (time != null) {
          fields.add(() -> write(() -> generator.writeStringField("time", time.toString())));
        }
        java.util.Collections.shuffle(fields, random);
        fields.forEach(Runnable::run);
        generator.writeEndObject();
      }
      String line = out.toString();

      assertThat(parse(line))
          .as("parsing %s", line)
          .containsExactly(new Metric(key, value, time == null ? NOW : time, labels));
    }
  }

  private interface JsonWrite {
    void run() throws IOException;
  }

  private static void write(JsonWrite write) {
    try {
      write.run();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final String NOISE = "{}[]\",:=-- \t\\aZ_09.eE+nN/é😀";

  /** Random lines of protocol-ish characters: each parses or is refused, nothing else. */
  @Test
  void randomGarbageIsEitherParsedOrRefusedNeverACrash() {
    Random random = new Random(42L);
    int refused = 0;
    for (int round = 0; round < 20_000; round++) {
      int length = random.nextInt(40);
      StringBuilder line = new StringBuilder();
      if (random.nextInt(3) == 0) {
        line.append('{');
      }
      for (int i = 0; i < length; i++) {
        line.append(NOISE.charAt(random.nextInt(NOISE.length())));
      }
      Throwable thrown = catchThrowable(() -> parse(line.toString()));
      if (thrown != null) {
        assertThat(thrown).as("parsing %s", line).isInstanceOf(IngestRequestException.class);
        assertThat(thrown.getMessage()).isNotBlank().doesNotContain("\n");
        refused++;
      }
    }
    assertThat(refused).isGreaterThan(10_000);
  }

  /** Valid lines broken in one place: each is refused, or still parses to well-formed metrics. */
  @Test
  void randomlyBrokenValidLinesAreRefusedOrStillWellFormed() {
    Random random = new Random(99L);
    String[] valid = {
      "pings=5 errors=0 --labels zone=a,host=db1",
      "{\"key\":\"pings\",\"value\":5,\"labels\":{\"zone\":\"a\"},\"time\":\"2025-01-02T03:04:05Z\"}",
    };
    String breakers = "{}\",:= \t-\\x";
    for (int round = 0; round < 20_000; round++) {
      StringBuilder line = new StringBuilder(valid[random.nextInt(valid.length)]);
      int at = random.nextInt(line.length());
      switch (random.nextInt(3)) {
        case 0:
          line.deleteCharAt(at);
          break;
        case 1:
          line.insert(at, breakers.charAt(random.nextInt(breakers.length())));
          break;
        default:
          line.setCharAt(at, breakers.charAt(random.nextInt(breakers.length())));
      }
      try {
        List<Metric> metrics = parse(line.toString());
        assertThat(metrics).as("parsing %s", line).isNotEmpty();
        for (Metric metric : metrics) {
          assertThat(metric.key()).isNotEmpty();
          assertThat(metric.value()).isNotEmpty();
        }
      } catch (IngestRequestException e) {
        assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
      }
    }
  }

  @Test
  void quoteCutsLongTextAndEscapesControlCharacters() {
    assertThat(IngestRequestParser.quote("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\u000a\"");
    assertThat(IngestRequestParser.quote("x".repeat(70)))
        .isEqualTo("\"" + "x".repeat(64) + "...\"");
  }
}
