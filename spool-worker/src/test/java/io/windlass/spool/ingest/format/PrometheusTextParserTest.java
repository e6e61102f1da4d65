package io.windlass.spool.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricMetadata;
import io.windlass.spool.MetricType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrometheusTextParserTest {

  private static ParseResult parse(String text) throws MetricParseException {
    return PrometheusTextParser.parse(text);
  }

  private static void assertFails(String text, String message) {
    assertThatThrownBy(() -> parse(text))
        .isInstanceOf(MetricParseException.class)
        .hasMessage(message);
  }

  @Test
  void readsASampleWithoutLabelsOrTimestamp() throws Exception {
    assertThat(parse("up 1\n").metrics()).containsExactly(new Sample("up", Map.of(), 0, 1));
  }

  @Test
  void readsLabelsValueAndTimestamp() throws Exception {
    ParseResult result =
        parse("http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000");
    assertThat(result.metrics())
        .containsExactly(
            new Sample(
                "http_requests_total",
                Map.of("method", "post", "code", "200"),
                1395066363000L,
                1027));
  }

  @Test
  void skipsHelpTypeCommentsAndBlankLines() throws Exception {
    String text =
        "# HELP go_goroutines Number of goroutines.\n"
            + "# TYPE go_goroutines gauge\n"
            + "# just a comment\n"
            + "\n"
            + "   \n"
            + "go_goroutines 42\n"
            + "#\n";
    assertThat(parse(text).metrics()).containsExactly(Sample.of("go_goroutines", 42));
  }

  @Test
  void gathersTypeHelpAndUnitOfEachFamilyInTheOrderFirstNamed() throws Exception {
    String text =
        "# HELP go_goroutines Number of goroutines.\n"
            + "# TYPE go_goroutines gauge\n"
            + "go_goroutines 42\n"
            + "# TYPE http_request_duration_seconds histogram\n"
            + "# UNIT http_request_duration_seconds seconds\n"
            + "# HELP http_request_duration_seconds Latency \\\\ of\\nrequests.\n"
            + "http_request_duration_seconds_count 3\n"
            + "# TYPE legacy untyped\n"
            + "# TYPE build info\n"
            + "# HELP only_help  Blanks before the text are not part of it.\n";

    assertThat(parse(text).families())
        .containsExactly(
            new MetricFamily("go_goroutines", MetricType.GAUGE, "Number of goroutines.", ""),
            new MetricFamily(
                "http_request_duration_seconds",
                MetricType.HISTOGRAM,
                "Latency \\ of\nrequests.",
                "seconds"),
            new MetricFamily("legacy", MetricType.UNKNOWN, "", ""),
            new MetricFamily("build", MetricType.INFO, "", ""),
            new MetricFamily(
                "only_help", MetricType.UNKNOWN, "Blanks before the text are not part of it.", ""));
  }

  @Test
  void ignoresFamiliesThatCannotBeSpoolKeysAndCutsLongHelp() throws Exception {
    String text =
        "# TYPE :colon_first counter\n# HELP long " + "x".repeat(MetricFamily.MAX_HELP_LENGTH + 9);

    assertThat(parse(text).families())
        .containsExactly(
            new MetricFamily(
                "long", MetricType.UNKNOWN, "x".repeat(MetricFamily.MAX_HELP_LENGTH), ""));
  }

  @Test
  void keepsTheFirstFamiliesUpToTheBatchLimit() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < MetricMetadata.MAX_FAMILIES + 3; i++) {
      text.append("# TYPE f").append(i).append(" counter\n");
    }

    assertThat(parse(text.toString()).families())
        .hasSize(MetricMetadata.MAX_FAMILIES)
        .first()
        .isEqualTo(new MetricFamily("f0", MetricType.COUNTER, "", ""));
  }

  @Test
  void acceptsCrLfLineEndingsAndTabs() throws Exception {
    assertThat(parse("a 1\r\nb\t2\r\n").metrics())
        .containsExactly(Sample.of("a", 1), Sample.of("b", 2));
  }

  @Test
  void unescapesLabelValues() throws Exception {
    Sample m = parse("m{path=\"C:\\\\dir\",q=\"say \\\"hi\\\"\",nl=\"a\\nb\"} 1").metrics().get(0);
    assertThat(m.tags()).containsEntry("path", "C:\\dir");
    assertThat(m.tags()).containsEntry("q", "say \"hi\"");
    assertThat(m.tags()).containsEntry("nl", "a\nb");
  }

  @Test
  void keepsCommasSpacesAndBracesInsideLabelValues() throws Exception {
    Sample m = parse("m{a=\"x, y} z\"} 1").metrics().get(0);
    assertThat(m.tags()).containsExactly(Map.entry("a", "x, y} z"));
  }

  @Test
  void allowsATrailingCommaAndSpacesInTheLabelSet() throws Exception {
    Sample m = parse("m{ a = \"1\" , b=\"2\", } 3").metrics().get(0);
    assertThat(m.tags()).isEqualTo(Map.of("a", "1", "b", "2"));
    assertThat(m.value()).isEqualTo(3);
  }

  @Test
  void allowsAnEmptyLabelSetAndColonsInNames() throws Exception {
    assertThat(parse("job:rate5m{} 0.5").metrics()).containsExactly(Sample.of("job:rate5m", 0.5));
  }

  @ParameterizedTest
  @CsvSource({"1.5,1.5", "-2,-2", "1e3,1000", "+3.5E-1,0.35", ".5,0.5", "7.,7"})
  void readsDecimalValues(String text, double expected) throws Exception {
    assertThat(parse("m " + text).metrics().get(0).value()).isEqualTo(expected);
  }

  @Test
  void dropsAndCountsNanAndInfinities() throws Exception {
    ParseResult result = parse("a NaN\nb +Inf\nc -Inf\nd Inf\ne nan\nf 1\nh_bucket{le=\"+Inf\"} 4");
    assertThat(result.metrics())
        .containsExactly(Sample.of("f", 1), Sample.of("h_bucket", Map.of("le", "+Inf"), 4));
    assertThat(result.nonFiniteDropped()).isEqualTo(5);
    assertThat(result.stringFieldsSkipped()).isZero();
  }

  @Test
  void emptyTextHasNoMetrics() throws Exception {
    assertThat(parse("").metrics()).isEmpty();
  }

  @Test
  void rejectsABadValueNamingTheLine() {
    assertFails("a 1\nb one\n", "line 2: invalid value \"one\"");
  }

  @Test
  void rejectsJavaOnlyNumberForms() {
    assertFails("a 1d", "line 1: invalid value \"1d\"");
    assertFails("a 0x10", "line 1: invalid value \"0x10\"");
  }

  @Test
  void readsGoSpellingsOfInfinityAndNan() throws Exception {
    assertThat(parse("a Infinity\nb -infinity\nc +Inf\nd Nan\n").nonFiniteDropped()).isEqualTo(4);
  }

  /** Seconds with a fraction are OpenMetrics' timestamps, and only OpenMetrics writes them. */
  @Test
  void readsATimestampWithAFractionAsSeconds() throws Exception {
    assertThat(parse("m 1 1.5\nn 2 1520879607.789\no 3 1.7e9").metrics())
        .extracting(Sample::timestamp)
        .containsExactly(1500L, 1520879607789L, 1700000000000L);
  }

  @Test
  void readsIntegerTimestampsAsSecondsInOpenMetricsText() throws Exception {
    assertThat(PrometheusTextParser.parse("m 1 1520879607", false, true).metrics())
        .extracting(Sample::timestamp)
        .containsExactly(1520879607000L);
    assertThat(WireFormat.PROMETHEUS_TEXT.parse("m 1 1520879607\n# EOF\n").metrics())
        .extracting(Sample::timestamp)
        .containsExactly(1520879607000L);
    assertThat(WireFormat.PROMETHEUS_TEXT.parse("m 1 1520879607\n").metrics())
        .extracting(Sample::timestamp)
        .containsExactly(1520879607L);
  }

  @Test
  void dropsExemplars() throws Exception {
    assertThat(parse("a_total 1 # {trace_id=\"a\"} 1 1.5\nb 2 1000 # {} 0.5\n").metrics())
        .containsExactly(Sample.of("a_total", 1), new Sample("b", Map.of(), 1000, 2));
  }

  @Test
  void refusesABadExemplar() {
    assertFails("a 1 # trace 1", "line 1: expected '{' to open the exemplar of a");
    assertFails("a 1 # {x=\"y\"}", "line 1: missing value for the exemplar of a");
    assertFails(
        "a 1 # {x=\"y\"} 1 2 3",
        "line 1: unexpected text after the timestamp of the exemplar of a");
  }

  @Test
  void endsTheExpositionAtEof() throws Exception {
    assertThat(parse("a 1\n# EOF\n\n").metrics()).containsExactly(Sample.of("a", 1));
    assertFails("a 1\n  # EOF \nb 2\n", "line 3: " + PrometheusTextParser.AFTER_EOF);
  }

  @Test
  void readsDottedAndQuotedNames() throws Exception {
    assertThat(parse("a.b 1\n{\"c.d\",x=\"y\"} 2\ne{\"l.m\"=\"v\"} 3\n").metrics())
        .containsExactly(
            Sample.of("a.b", 1),
            Sample.of("c.d", Map.of("x", "y"), 2),
            Sample.of("e", Map.of("l.m", "v"), 3));
    assertFails("a{\"b\"} 1", "line 1: a quoted metric name \"b\" after the metric name or labels");
  }

  @Test
  void readsOpenMetricsTypes() throws Exception {
    assertThat(
            parse("# TYPE a info\n# TYPE b stateset\n# TYPE c gaugehistogram\n# TYPE d unknown\n")
                .metrics())
        .isEmpty();
  }

  @Test
  void rejectsAMissingValue() {
    assertFails("a", "line 1: missing value for a");
    assertFails("a{b=\"c\"}", "line 1: missing value for a");
  }

  @Test
  void rejectsABadMetricName() {
    assertFails("1abc 1", "line 1: expected a metric name, found '1'");
    assertFails("{a=\"b\"} 1", "line 1: a label set without a metric name");
  }

  @Test
  void rejectsTextGluedToTheName() {
    assertFails("a-b 1", "line 1: expected a space after a, found '-'");
  }

  @Test
  void rejectsAnUnterminatedLabelValue() {
    assertFails("m{a=\"b} 1", "line 1: unterminated value of label a");
  }

  @Test
  void rejectsAnUnterminatedLabelSet() {
    assertFails("m{a=\"b\"", "line 1: unterminated label set of m");
  }

  @Test
  void rejectsAnUnquotedLabelValue() {
    assertFails("m{a=b} 1", "line 1: expected '\"' to open the value of label a of m");
  }

  @Test
  void rejectsALabelWithoutEquals() {
    assertFails("m{a} 1", "line 1: expected '=' after label a of m");
  }

  @Test
  void rejectsABadLabelName() {
    assertFails("m{1a=\"x\"} 1", "line 1: expected a label name in m, found '1'");
  }

  @Test
  void rejectsAMissingSeparatorBetweenLabels() {
    assertFails("m{a=\"1\" b=\"2\"} 1", "line 1: expected ',' or '}' after label a of m");
  }

  @Test
  void rejectsADuplicateLabel() {
    assertFails("m{a=\"1\",a=\"2\"} 1", "line 1: duplicate label a in m");
  }

  @Test
  void rejectsAnUnknownEscape() {
    assertFails("m{a=\"\\t\"} 1", "line 1: invalid escape \\t in value of label a");
  }

  @Test
  void rejectsBadTimestamps() {
    assertFails("m 1 soon", "line 1: invalid timestamp \"soon\" for m");
    assertFails("m 1 1.5.5", "line 1: invalid timestamp \"1.5.5\" for m");
    assertFails("m 1 -1.5", "line 1: timestamp -1.5 for m is before the epoch");
    assertFails("m 1 1e99", "line 1: timestamp 1e99 for m is out of range");
    assertFails("m 1 1e9999999999", "line 1: timestamp 1e9999999999 for m is out of range");
    assertFails("m 1 -5", "line 1: timestamp -5 for m is before the epoch");
    assertFails(
        "m 1 99999999999999999999", "line 1: timestamp 99999999999999999999 for m is out of range");
  }

  @Test
  void rejectsTextAfterTheTimestamp() {
    assertFails("m 1 1000 extra", "line 1: unexpected text after the timestamp of m");
  }

  @Test
  void rejectsAnUnknownType() {
    assertFails("# TYPE m countr\nm 1", "line 1: unknown metric type \"countr\" for m");
  }

  @Test
  void rejectsABadNameInHelpOrType() {
    assertFails("# HELP 9m text", "line 1: HELP line has invalid metric name \"9m\"");
    assertFails("# TYPE", "line 1: TYPE line has invalid metric name \"\"");
  }

  @Test
  void rejectsTextAfterTheType() {
    assertFails("# TYPE m gauge extra", "line 1: unexpected text after TYPE m gauge");
  }

  @Test
  void reportsTheLineNumber() {
    assertThatThrownBy(() -> parse("a 1\n\n# c\nb x"))
        .isInstanceOfSatisfying(
            MetricParseException.class, e -> assertThat(e.lineNumber()).isEqualTo(4));
  }
}
