package io.windlass.spool.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InfluxLineParserTest {

  private static ParseResult parse(String text) throws MetricParseException {
    return InfluxLineParser.parse(text);
  }

  private static void assertFails(String text, String message) {
    assertThatThrownBy(() -> parse(text))
        .isInstanceOf(MetricParseException.class)
        .hasMessage(message);
  }

  @Test
  void readsTagsFieldsAndANanosecondTimestampAsMilliseconds() throws Exception {
    ParseResult result = parse("cpu,host=a,region=eu usage=1.5,count=2i 1465839830100400200");
    Map<String, String> tags = Map.of("host", "a", "region", "eu");
    assertThat(result.metrics())
        .containsExactly(
            new Sample("cpu_usage", tags, 1465839830100L, 1.5),
            new Sample("cpu_count", tags, 1465839830100L, 2));
  }

  @Test
  void withoutATimestampLeavesZero() throws Exception {
    assertThat(parse("mem free=3").metrics())
        .containsExactly(new Sample("mem_free", Map.of(), 0, 3));
  }

  @Test
  void readsIntegersUnsignedAndBooleans() throws Exception {
    ParseResult result = parse("m a=-3i,b=18446744073709551615u,c=t,d=FALSE,e=True,f=f,g=1e2");
    assertThat(result.metrics())
        .extracting(Sample::name, Sample::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("m_a", -3.0),
            org.assertj.core.groups.Tuple.tuple("m_b", 1.8446744073709552E19),
            org.assertj.core.groups.Tuple.tuple("m_c", 1.0),
            org.assertj.core.groups.Tuple.tuple("m_d", 0.0),
            org.assertj.core.groups.Tuple.tuple("m_e", 1.0),
            org.assertj.core.groups.Tuple.tuple("m_f", 0.0),
            org.assertj.core.groups.Tuple.tuple("m_g", 100.0));
  }

  @Test
  void skipsAndCountsStringFields() throws Exception {
    ParseResult result =
        parse("log msg=\"a, b=c \\\"quoted\\\" \\\\\",level=3i,other=\"x\" 1000000");
    assertThat(result.metrics()).containsExactly(new Sample("log_level", Map.of(), 1, 3));
    assertThat(result.stringFieldsSkipped()).isEqualTo(2);
    assertThat(result.nonFiniteDropped()).isZero();
  }

  @Test
  void unescapesMeasurementTagsAndFieldKeys() throws Exception {
    Sample m = parse("my\\ meas\\,ure,tag\\ key=va\\,l\\=ue\\ x fi\\=eld\\ k=1").metrics().get(0);
    // Made names the spool stores: each character it does not take in a name becomes '_'.
    assertThat(m.name()).isEqualTo("my_meas_ure_fi_eld_k");
    assertThat(m.tags()).containsExactly(Map.entry("tag_key", "va,l=ue x"));
  }

  @Test
  void keepsABackslashBeforeOtherCharacters() throws Exception {
    Sample m = parse("m,path=C:\\dir v=1").metrics().get(0);
    assertThat(m.tags()).containsEntry("path", "C:\\dir");
  }

  @Test
  void skipsCommentsBlankLinesAndCrLf() throws Exception {
    assertThat(parse("# comment\n\n  \r\na v=1\r\nb v=2 2000000\r\n").metrics())
        .containsExactly(Sample.of("a_v", 1), new Sample("b_v", Map.of(), 2, 2));
  }

  @Test
  void allowsSeveralSpacesBeforeFieldsAndTimestamp() throws Exception {
    assertThat(parse("a  v=1   3000000").metrics())
        .containsExactly(new Sample("a_v", Map.of(), 3, 1));
  }

  @Test
  void rejectsALineWithoutFields() {
    assertFails("a v=1\ncpu,host=a", "line 2: measurement \"cpu\" has no fields");
    assertFails("cpu", "line 1: measurement \"cpu\" has no fields");
  }

  @Test
  void rejectsAMissingMeasurement() {
    assertFails(",t=1 v=1", "line 1: missing measurement");
  }

  @Test
  void rejectsATagWithoutEquals() {
    assertFails("m,host v=1", "line 1: tag key \"host\" of m has no '='");
  }

  @Test
  void rejectsEmptyTagKeyOrValue() {
    assertFails("m,=a v=1", "line 1: empty tag key in m");
    assertFails("m,t= v=1", "line 1: empty value for tag \"t\" of m");
  }

  @Test
  void rejectsAnUnescapedEqualsInATagValue() {
    assertFails("m,t=a=b v=1", "line 1: unescaped '=' in value of tag \"t\" of m");
  }

  @Test
  void rejectsADuplicateTag() {
    assertFails("m,t=a,t=b v=1", "line 1: duplicate tag \"t\" in m");
  }

  @Test
  void rejectsAFieldWithoutEquals() {
    assertFails("m v", "line 1: field \"v\" of m has no '='");
    assertFails("m =1", "line 1: empty field key in m");
  }

  @Test
  void readsNanAndInfinitiesInAnyCaseAsVictoriaMetricsDoes() throws Exception {
    ParseResult result = InfluxLineParser.parse("m a=NaN,b=inf,c=+Inf,d=-INF,e=1e999");

    assertThat(result.metrics())
        .extracting(Sample::value)
        .containsExactly(
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            Double.POSITIVE_INFINITY);
  }

  @Test
  void rejectsBadFieldValues() {
    assertFails("m v=", "line 1: missing value for field \"v\"");
    assertFails("m v=abc", "line 1: invalid value abc for field \"v\"");
    assertFails("m v=1.5i", "line 1: invalid value 1.5i for field \"v\"");
    assertFails("m v=-1u", "line 1: invalid value -1u for field \"v\"");
    assertFails("m v=Infinity", "line 1: invalid value Infinity for field \"v\"");
    assertFails(
        "m v=99999999999999999999i",
        "line 1: integer field \"v\" out of range: 99999999999999999999i");
    assertFails(
        "m v=18446744073709551616u",
        "line 1: unsigned field \"v\" out of range: 18446744073709551616u");
  }

  @Test
  void rejectsAnUnterminatedString() {
    assertFails("m s=\"abc", "line 1: unterminated string value of field \"s\"");
  }

  @Test
  void rejectsBadTimestamps() {
    assertFails("m v=1 soon", "line 1: invalid timestamp \"soon\" for m");
    assertFails("m v=1 -1", "line 1: timestamp -1 for m is before the epoch");
    assertFails("m v=1 100 extra", "line 1: unexpected text after the timestamp of m");
  }

  @Test
  void reportsTheLineNumber() {
    assertThatThrownBy(() -> parse("a v=1\n# c\n\nb v=x"))
        .isInstanceOfSatisfying(
            MetricParseException.class, e -> assertThat(e.lineNumber()).isEqualTo(4));
  }
}
