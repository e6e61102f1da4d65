package io.windlass.spool.ingest.format;

import static io.windlass.spool.ingest.format.PushParsing.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.ingest.format.PushParsing.Outcome;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Text that is not UTF-8, or holds a NUL, is refused by both push parsers on every path with a
 * message naming the line and the byte, where it used to be stored with U+FFFD in its place.
 */
class PushTextChecksTest {

  /** {@code parts} joined: strings as UTF-8, byte arrays as they are. */
  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      out.writeBytes(
          part instanceof byte[] raw ? raw : ((String) part).getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static final byte[] BAD = {(byte) 0xC3, (byte) 0x28}; // a lead byte, then no follower
  private static final byte[] NUL = {0};

  private static Outcome prometheus(PrometheusPushParser parser, byte[] body) {
    parser.begin(NOW);
    return PushParsing.read(parser, body, 64);
  }

  private static Outcome influx(byte[] body) {
    InfluxPushParser parser = new InfluxPushParser();
    parser.begin(NOW, Precision.NANOSECONDS);
    return PushParsing.read(parser, body, 64);
  }

  @Test
  void prometheusLabelValuesThatAreNotUtf8AreRefusedNamingTheByte() {
    Outcome outcome =
        prometheus(new PrometheusPushParser(), bytes("up 1\nup{job=\"a", BAD, "\"} 1\n"));

    assertThat(outcome.error())
        .isEqualTo(
            "line 2: invalid UTF-8 at byte 10 of the line (0xC3): \"up{job=\"a\uFFFD(\"} 1\"");
  }

  @Test
  void prometheusLabelValuesWithANulAreRefused() {
    assertThat(prometheus(new PrometheusPushParser(), bytes("up{job=\"a", NUL, "b\"} 1\n")).error())
        .isEqualTo(
            "line 1: a NUL character (0x00) at byte 10 of the line: \"up{job=\"a\\u0000b\"} 1\"");
  }

  @Test
  void theReferencePathAndAWarmParserRefuseThemToo() {
    PrometheusPushParser warm = new PrometheusPushParser();
    assertThat(prometheus(warm, bytes("up{job=\"a\"} 1\n")).error()).isEmpty();

    // An escape sends the line to the reference parser; the other series is new to the cache.
    assertThat(prometheus(warm, bytes("up{job=\"a\\\"", BAD, "\"} 1\n")).error())
        .startsWith("line 1: invalid UTF-8 at byte 12 of the line (0xC3)");
    assertThat(prometheus(warm, bytes("up{job=\"a\"} 1\nup{job=\"", NUL, "\"} 1e0\n")).error())
        .startsWith("line 2: a NUL character (0x00) at byte 9 of the line");
    // Valid UTF-8 beyond ASCII is taken, on both paths.
    Outcome valid = prometheus(warm, bytes("up{job=\"Zürich\"} 1\nup{job=\"Zürich\\\\\"} 1e0\n"));
    assertThat(valid.error()).isEmpty();
    assertThat(valid.samples())
        .extracting(s -> s.labels().get("job"))
        .containsExactly("Zürich", "Zürich\\");
  }

  @Test
  void influxTagsMeasurementsAndFieldKeysThatAreNotUtf8AreRefused() {
    assertThat(influx(bytes("cpu,host=a", BAD, " usage=1\n")).error())
        .startsWith("line 1: invalid UTF-8 at byte 11 of the line (0xC3)");
    assertThat(influx(bytes("cpu\\ x", BAD, ",host=a usage=1\n")).error())
        .startsWith("line 1: invalid UTF-8 at byte 7 of the line (0xC3)");
    assertThat(influx(bytes("cpu,host=a us", BAD, "age=1\n")).error())
        .startsWith("line 1: invalid UTF-8 at byte 14 of the line (0xC3)");
    assertThat(influx(bytes("cpu,host=a", NUL, " usage=1\n")).error())
        .startsWith("line 1: a NUL character (0x00) at byte 11 of the line");
  }

  @Test
  void anInfluxStringFieldThatIsNotUtf8IsRefusedThoughItIsSkipped() {
    // The fast path would skip the string; it leaves it to the reference, which refuses the line.
    assertThat(influx(bytes("cpu,host=a usage=1,msg=\"", BAD, "\"\n")).error())
        .startsWith("line 1: invalid UTF-8 at byte 25 of the line (0xC3)");
    assertThat(influx(bytes("cpu,host=a usage=1,msg=\"Zürich\"\n")).error()).isEmpty();
  }
}
