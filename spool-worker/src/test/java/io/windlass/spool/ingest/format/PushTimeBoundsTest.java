package io.windlass.spool.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.SpoolOptions;
import io.windlass.spool.ingest.SampleTimeBounds;
import io.windlass.spool.ingest.format.PushParsing.Outcome;
import io.windlass.spool.ingest.http.HttpIngest;
import io.windlass.spool.ingest.http.IngestStats;
import io.windlass.spool.ingest.http.PushFormat;
import io.windlass.spool.ingest.http.PushOutcome;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushed samples whose timestamps are too far from the agent's clock are refused by every path of
 * both push parsers (fast, guessed series, repeated timestamp text, reference), and the request is
 * refused whole.
 */
class PushTimeBoundsTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final long NOW_MS = NOW.toEpochMilli();
  private static final SampleTimeBounds BOUNDS =
      new SampleTimeBounds(Duration.ofMinutes(10), Duration.ofDays(7));
  private static final long YEAR_5000_MS = Instant.parse("5000-01-01T00:00:00Z").toEpochMilli();

  @TempDir Path dir;

  private static Outcome prometheus(PrometheusPushParser parser, String body) {
    parser.begin(NOW, BOUNDS);
    return PushParsing.read(parser, body);
  }

  private static Outcome influx(InfluxPushParser parser, Precision precision, String body) {
    parser.begin(NOW, BOUNDS, precision);
    return PushParsing.read(parser, body);
  }

  @Test
  void aPrometheusSampleInTheYear5000IsRefusedNamingItsLineAndTheLine() {
    Outcome outcome =
        prometheus(
            new PrometheusPushParser(),
            "up 1 " + NOW_MS + "\nup{job=\"a\"} 1 " + YEAR_5000_MS + "\n");

    assertThat(outcome.error())
        .isEqualTo(
            "line 2: timestamp 5000-01-01T00:00:00Z is more than 10m ahead of the agent's clock"
                + " (2025-06-01T12:00:00Z): \"up{job=\"a\"} 1 95617584000000\"");
  }

  @Test
  void aPrometheusSampleOlderThanMaxBehindIsRefused() {
    long old = NOW_MS - Duration.ofDays(8).toMillis();

    assertThat(prometheus(new PrometheusPushParser(), "up 1 " + old + "\n").error())
        .isEqualTo(
            "line 1: timestamp 2025-05-24T12:00:00Z is more than 7d behind the agent's clock"
                + " (2025-06-01T12:00:00Z): \"up 1 "
                + old
                + "\"");
  }

  @Test
  void timestampsAtTheBoundsAndSamplesWithoutOneAreAccepted() {
    long latest = NOW_MS + Duration.ofMinutes(10).toMillis();
    long earliest = NOW_MS - Duration.ofDays(7).toMillis();

    Outcome outcome =
        prometheus(
            new PrometheusPushParser(), "a 1 " + latest + "\nb 1 " + earliest + "\nc 1\nd 1 0\n");

    assertThat(outcome.error()).isEmpty();
    assertThat(outcome.samples()).hasSize(4);
    assertThat(prometheus(new PrometheusPushParser(), "a 1 " + (latest + 1)).error())
        .startsWith("line 1: timestamp 2025-06-01T12:10:00.001Z is more than 10m ahead");
    assertThat(prometheus(new PrometheusPushParser(), "a 1 " + (earliest - 1)).error())
        .startsWith("line 1: timestamp 2025-05-25T11:59:59.999Z is more than 7d behind");
  }

  @Test
  void theFastPathsShortcutsCheckEveryTimestamp() {
    PrometheusPushParser parser = new PrometheusPushParser();
    String good = "a{x=\"1\"} 1 " + NOW_MS + "\nb{x=\"2\"} 2 " + NOW_MS + "\n";
    // Warm: the series are cached and guessed in order, the timestamp text remembered.
    assertThat(prometheus(parser, good).error()).isEmpty();
    assertThat(prometheus(parser, good).error()).isEmpty();

    String bad = "a{x=\"1\"} 1 " + NOW_MS + "\nb{x=\"2\"} 2 " + YEAR_5000_MS + "\n";
    assertThat(prometheus(parser, bad).error()).startsWith("line 2: timestamp 5000-01-01");
    // The same timestamp text as the last line's, on a guessed series: checked for this request.
    PrometheusPushParser shortcut = new PrometheusPushParser();
    assertThat(prometheus(shortcut, "a 1 " + NOW_MS + "\n").error()).isEmpty();
    shortcut.begin(NOW.plus(Duration.ofDays(30)), BOUNDS);
    assertThat(PushParsing.read(shortcut, "a 1 " + NOW_MS + "\n").error())
        .startsWith("line 1: timestamp 2025-06-01T12:00:00Z is more than 7d behind");
  }

  @Test
  void thePrometheusReferencePathChecksTimestampsToo() {
    // An escape in a label value and an exponent take the line to the reference parser.
    Outcome escaped =
        prometheus(new PrometheusPushParser(), "a{x=\"q\\\"\"} 1e3 " + YEAR_5000_MS + "\n");

    assertThat(escaped.error()).startsWith("line 1: timestamp 5000-01-01T00:00:00Z is more than");
  }

  @Test
  void influxTimestampsAreCheckedInEveryPrecisionOnBothPaths() {
    long seconds = YEAR_5000_MS / 1000;
    assertThat(
            influx(new InfluxPushParser(), Precision.SECONDS, "cpu,host=a usage=1 " + seconds)
                .error())
        .startsWith("line 1: timestamp 5000-01-01T00:00:00Z is more than 10m ahead");
    assertThat(
            influx(
                    new InfluxPushParser(),
                    Precision.MILLISECONDS,
                    "cpu,host=a usage=1 " + NOW_MS + "\ncpu,host=a usage=1 " + YEAR_5000_MS)
                .error())
        .startsWith("line 2: timestamp 5000-01-01T00:00:00Z");
    // A string field with an escaped quote takes the line to the reference parser.
    long oldNanos = (NOW_MS - Duration.ofDays(8).toMillis()) * 1_000_000;
    assertThat(
            influx(
                    new InfluxPushParser(),
                    Precision.NANOSECONDS,
                    "cpu\\ x,host=a usage=1,msg=\"a\\\"b\" " + oldNanos)
                .error())
        .startsWith("line 1: timestamp 2025-05-24T12:00:00Z is more than 7d behind");
    assertThat(
            influx(new InfluxPushParser(), Precision.NANOSECONDS, "cpu usage=1 " + NOW_MS * 1000000)
                .error())
        .isEmpty();
  }

  @Test
  void aRequestWithOneSampleOutOfBoundsStoresNothing() throws Exception {
    try (SpoolDirectory spool =
        SpoolDirectory.open(dir.resolve("spool"), SpoolOptions.defaults())) {

      HttpIngest ingest =
          new HttpIngest(
              spool,
              DeclaredMetrics.any(),
              "agent-test",
              1 << 20,
              Clock.fixed(NOW, ZoneOffset.UTC),
              BOUNDS,
              new IngestStats(),
              new PushParsers());
      StringBuilder body = new StringBuilder();
      for (int i = 0; i < 1000; i++) {
        body.append("good{n=\"").append(i).append("\"} 1 ").append(NOW_MS).append('\n');
      }
      body.append("bad 1 ").append(YEAR_5000_MS).append('\n');

      PushOutcome refused = push(ingest, PushFormat.PROMETHEUS, body.toString());
      PushOutcome later =
          push(ingest, PushFormat.INFLUX, "disk,host=a used=42 " + NOW_MS * 1_000_000 + "\n");

      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.message())
          .startsWith("line 1001: timestamp 5000-01-01T00:00:00Z is more than 10m ahead")
          .endsWith(": \"bad 1 95617584000000\"");
      assertThat(later.status()).isEqualTo(204);
      List<MetricBatch> batches = spool.reader().read();
      assertThat(batches).hasSize(1);
      assertThat(batches.get(0).metrics())
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m.key()).isEqualTo("disk_used");
                assertThat(m.time()).isEqualTo(NOW);
              });
    }
  }

  private static PushOutcome push(HttpIngest ingest, PushFormat format, String body) {
    return ingest.push(
        format,
        new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
        Precision.NANOSECONDS);
  }
}
