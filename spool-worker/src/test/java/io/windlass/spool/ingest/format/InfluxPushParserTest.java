package io.windlass.spool.ingest.format;

import static io.windlass.spool.ingest.format.PushParsing.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.ingest.format.PushParsing.Outcome;
import io.windlass.spool.ingest.format.PushParsing.Sample;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InfluxPushParserTest {
  private final InfluxPushParser parser = new InfluxPushParser();

  private Outcome read(String body) {
    return read(body, Precision.NANOSECONDS);
  }

  private Outcome read(String body, Precision precision) {
    parser.begin(NOW, precision);
    return PushParsing.read(parser, body);
  }

  @Test
  void readsEachNumericFieldAsASampleNamedAfterTheMeasurement() {
    Outcome outcome =
        read(
            """
            # a comment
            cpu,host=web-1,region=eu usage_user=12.5,usage_system=3i,busy=t,idle=F 1735786800123456789
            mem,host=web-1 used=1024u,note="ignored, really" 1735786800123456789

            disk free=0.25
            """);

    Instant t = Instant.ofEpochMilli(1735786800123L);
    Map<String, String> web1 = Map.of("host", "web-1", "region", "eu");
    assertThat(outcome.error()).isEmpty();
    assertThat(outcome.samples())
        .containsExactly(
            new Sample("cpu_usage_user", "12.5", t, web1),
            new Sample("cpu_usage_system", "3", t, web1),
            new Sample("cpu_busy", "1", t, web1),
            new Sample("cpu_idle", "0", t, web1),
            new Sample("mem_used", "1024", t, Map.of("host", "web-1")),
            new Sample("disk_free", "0.25", NOW, Map.of()));
    assertThat(parser.stringFieldsSkipped()).isEqualTo(1);
  }

  @Test
  void readsRunsOfOneTimestampAndTheLargestTimestamps() {
    Outcome outcome =
        read(
            "a f=1 1735786800123456789\nb f=2 1735786800123456789\na f=3 1735786800124456789\n"
                + "a f=4 9223372036854775807\n");

    assertThat(outcome.error()).isEmpty();
    assertThat(outcome.samples())
        .extracting(sample -> sample.time().toEpochMilli())
        .containsExactly(1735786800123L, 1735786800123L, 1735786800124L, 9223372036854L);
    assertThat(read("a f=1 9223372036854775808\n").error())
        .isNotEmpty()
        .isEqualTo(
            PushParsing.reference(InfluxLineParser::parse, "a f=1 9223372036854775808\n").error());
  }

  @Test
  void parsersSharingLabelSetsHandOneSampleNameAndLabelSetPerSeries() {
    SharedLabelSets shared = new SharedLabelSets();
    InfluxPushParser one = new InfluxPushParser(shared);
    InfluxPushParser other = new InfluxPushParser(shared);
    one.begin(NOW, Precision.NANOSECONDS);
    other.begin(NOW, Precision.NANOSECONDS);

    Sample first = PushParsing.read(one, "cpu,host=a idle=1\n").samples().get(0);
    Sample second = PushParsing.read(other, "cpu,host=a idle=2\n").samples().get(0);

    assertThat(second.key()).isEqualTo("cpu_idle").isSameAs(first.key());
    assertThat(second.labels()).isSameAs(first.labels());
  }

  @ParameterizedTest
  @CsvSource({
    "ns, 1735786800123456789, 1735786800123",
    "n, 1735786800123456789, 1735786800123",
    "us, 1735786800123456, 1735786800123",
    "u, 1735786800123456, 1735786800123",
    "ms, 1735786800123, 1735786800123",
    "s, 1735786800, 1735786800000",
    "m, 28929780, 1735786800000",
    "h, 482163, 1735786800000"
  })
  void readsTimestampsInTheRequestsPrecision(String precision, String timestamp, long millis) {
    Instant expected = Instant.ofEpochMilli(millis);
    Precision p = Precision.parse(precision);

    assertThat(read("m f=1 " + timestamp, p).samples())
        .containsExactly(new Sample("m_f", "1", expected, Map.of()));
    assertThat(read("m,t=a\\ b f=\"x y\",g=2e0 " + timestamp, p).samples())
        .as("through the reference parser")
        .containsExactly(new Sample("m_g", "2", expected, Map.of("t", "a b")));
  }

  @Test
  void aTimestampThatDoesNotFitItsPrecisionFailsTheLine() {
    assertThat(read("m f=1\nm f=2 9223372036854775807", Precision.SECONDS).error())
        .isEqualTo("line 2: timestamp 9223372036854775807 is out of range for precision seconds");
  }

  /**
   * Covers a bug where a line with a bad series part and a timestamp out of range for the precision
   * was refused for its timestamp by the fast path but for its series part by the reference path,
   * so the message depended on which path read the line.
   */
  @Test
  void aBadSeriesPartIsNamedBeforeATimestampOutOfRange() {
    String line = "cpu,t=x=y value=0i 14472334024676221";

    assertThat(read(line, Precision.SECONDS).error())
        .isEqualTo(read(" " + line, Precision.SECONDS).error())
        .isEqualTo("line 1: unescaped '=' in value of tag \"t\" of cpu");
  }

  /**
   * Covers a bug where a line of string fields alone whose timestamp is out of range for the
   * precision was refused by the fast path but accepted (and skipped) by the reference path.
   */
  @Test
  void aLineOfStringFieldsAloneHasItsTimestampChecked() {
    String line = "cpu,host=web-1 value=\"a string\" 9223372043566581";
    String refused = "line 1: timestamp 9223372043566581 is out of range for precision seconds";

    assertThat(read(line, Precision.SECONDS).error()).isEqualTo(refused);
    assertThat(read(" " + line, Precision.SECONDS).error()).isEqualTo(refused);
    assertThat(read(" cpu value=\"a\" 5", Precision.SECONDS).error()).isEmpty();
    assertThat(read(" # a comment 9223372043566581", Precision.SECONDS).error()).isEmpty();
  }

  @Test
  void readsEscapedSeriesPartsWithTheReferenceParserOnce() {
    Outcome outcome =
        read(
            "we\\ ird\\,m,t\\=k=v\\ 1\\,2 f=1 1000000\nwe\\ ird\\,m,t\\=k=v\\ 1\\,2 f=2 2000000\n");

    assertThat(outcome.samples())
        .containsExactly(
            new Sample("we_ird_m_f", "1", Instant.ofEpochMilli(1), Map.of("t_k", "v 1,2")),
            new Sample("we_ird_m_f", "2", Instant.ofEpochMilli(2), Map.of("t_k", "v 1,2")));
    assertThat(parser.cachedSeries()).isEqualTo(1);
  }

  @Test
  void keepsNanAndInfiniteValuesAsTheSpoolWritesThem() {
    Outcome outcome = read("m a=1e999,b=2,c=-1e999,d=NaN,e=-inf\n");

    assertThat(outcome.samples())
        .extracting(Sample::value)
        .containsExactly("+Inf", "2", "-Inf", "NaN", "-Inf");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "m",
        "m,t=1",
        "m f",
        "m f=",
        "m f=abc",
        "m f=1 -5",
        "m f=1 12x",
        "m f=1 1 1",
        "m,t=a,t=b f=1",
        "m f=\"unterminated",
        "m f=99999999999999999999i",
        ",t=1 f=1",
        "m f=1,"
      })
  void refusesWhatTheReferenceRefusesWithItsMessage(String line) {
    assertThat(read("ok f=1\n" + line + "\n").error())
        .isEqualTo(PushParsing.reference(InfluxLineParser::parse, "\n" + line).error())
        .startsWith("line 2: ");
  }

  /**
   * The fast path against the reference parser on many lines made by random edits of valid ones:
   * every line must be read (or refused, with the same message) exactly as the reference reads it.
   */
  @Test
  void readsRandomlyEditedLinesExactlyAsTheReferenceDoes() {
    List<String> templates =
        List.of(
            "cpu,host=web-1,region=eu usage_user=12.5,usage_system=3i,busy=t 1735786800123456789",
            "m f=1",
            "m,t=a\\ b f=\"x y\",g=2 1000000",
            "mem used=1024u 5",
            "we\\,ird f=-0.5,g=FALSE",
            "# comment");
    List<String> lines =
        PushParsing.mutations(templates, " ,=\\\"#.eE+-019iutTfF_\r\té\u3000", 30_000, 7);
    int read = 0;
    for (String line : lines) {
      Outcome mine = read(line);
      Outcome reference = PushParsing.reference(InfluxLineParser::parse, line);
      assertThat(mine.numeric()).as("line %s", line).isEqualTo(reference);
      if (mine.error().isEmpty() && !mine.samples().isEmpty()) {
        read++;
      }
    }
    assertThat(read).as("lines read").isGreaterThan(1000);
  }
}
