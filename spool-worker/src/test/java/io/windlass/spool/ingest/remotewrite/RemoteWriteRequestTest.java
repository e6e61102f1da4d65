package io.windlass.spool.ingest.remotewrite;

import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.embedded;
import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.label;
import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.labelRefs;
import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.labels;
import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.message;
import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.metadata;
import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.metadataV2;
import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.requestV2;
import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.sample;
import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.sampleV2;
import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.series;
import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.seriesOf;
import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.seriesV2;
import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.snappy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricType;
import io.windlass.spool.ingest.SampleTimeBounds;
import io.windlass.spool.ingest.format.SampleSink;
import io.windlass.spool.ingest.http.BodyTooLargeException;
import io.windlass.spool.ingest.http.DecodedPush;
import io.windlass.spool.ingest.http.MalformedPushException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Remote write bodies of both versions read into samples, and every way a body is refused. */
class RemoteWriteRequestTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
  private static final long T = NOW.toEpochMilli() - 15_000;
  private static final long LIMIT = 1 << 20;

  /** What a request added, as text. */
  private static final class Recorded implements SampleSink {
    final List<String> samples = new ArrayList<>();
    final List<MetricFamily> families = new ArrayList<>();
    final List<Map<String, String>> labelSets = new ArrayList<>();

    @Override
    public void add(String key, String value, Instant time, Map<String, String> labels) {
      samples.add(key + labels + " " + value + " " + time.toEpochMilli());
      labelSets.add(labels);
    }

    @Override
    public void describe(MetricFamily family) {
      families.add(family);
    }
  }

  private final Recorded recorded = new Recorded();

  private DecodedPush.Dropped decode(RemoteWriteVersion version, byte[] message)
      throws IOException, MalformedPushException {
    return decodeBody(version, snappy(message), LIMIT);
  }

  private DecodedPush.Dropped decodeBody(RemoteWriteVersion version, byte[] body, long limit)
      throws IOException, MalformedPushException {
    return new RemoteWriteRequest(version, new ByteArrayInputStream(body), limit)
        .writeTo(recorded, DeclaredMetrics.any(), NOW, SampleTimeBounds.defaults());
  }

  @Test
  void readsTheSeriesSamplesAndMetadataOfAWriteRequest() throws Exception {
    byte[] request =
        message(
            series(
                labels("__name__", "http_requests_total", "job", "api", "code", "200"),
                sample(3, T),
                sample(4.5, T + 15_000)),
            series(labels("instance", "a:9100", "__name__", "up", "empty", ""), sample(1, T)),
            metadata(1, "http_requests_total", "Requests served.", ""));

    DecodedPush.Dropped dropped = decode(RemoteWriteVersion.V1, request);

    assertThat(recorded.samples)
        .containsExactly(
            "http_requests_total{code=200, job=api} 3 " + T,
            "http_requests_total{code=200, job=api} 4.5 " + (T + 15_000),
            "up{instance=a:9100} 1 " + T);
    assertThat(recorded.families)
        .containsExactly(
            new MetricFamily("http_requests_total", MetricType.COUNTER, "Requests served.", ""));
    assertThat(dropped).isEqualTo(DecodedPush.Dropped.NONE);
  }

  @Test
  void aSeriesNamedAgainInALaterRequestIsTheSameLabelSet() throws Exception {
    byte[] first = message(series(labels("__name__", "again", "job", "j1"), sample(1, T)));
    byte[] second = message(series(labels("__name__", "again", "job", "j1"), sample(2, T + 1)));

    decode(RemoteWriteVersion.V1, first);
    decode(RemoteWriteVersion.V1, second);

    assertThat(recorded.samples)
        .containsExactly("again{job=j1} 1 " + T, "again{job=j1} 2 " + (T + 1));
    assertThat(recorded.labelSets.get(1)).isSameAs(recorded.labelSets.get(0));
  }

  @Test
  void readsSamplesWrittenBeforeTheLabelsOfTheirSeries() throws Exception {
    byte[] request =
        message(
            seriesOf(
                embedded(2, sample(7, T)),
                embedded(1, label("__name__", "late")),
                embedded(1, label("a", "b"))));

    decode(RemoteWriteVersion.V1, request);

    assertThat(recorded.samples).containsExactly("late{a=b} 7 " + T);
  }

  @Test
  void keepsNonFiniteValuesButLeavesOutStalenessMarkersAndExemplars() throws Exception {
    double stale = Double.longBitsToDouble(SeriesWriter.STALE_NAN_BITS);
    byte[] request =
        message(
            seriesOf(
                embedded(1, label("__name__", "g")),
                embedded(2, sample(Double.NaN, T)),
                embedded(2, sample(Double.POSITIVE_INFINITY, T + 1)),
                embedded(2, sample(stale, T + 2)),
                embedded(3, message(embedded(1, label("trace_id", "abc")))),
                embedded(3, new byte[0])));

    DecodedPush.Dropped dropped = decode(RemoteWriteVersion.V1, request);

    assertThat(recorded.samples).containsExactly("g{} NaN " + T, "g{} +Inf " + (T + 1));
    assertThat(dropped).isEqualTo(new DecodedPush.Dropped(2, 1, 0));
  }

  @Test
  void refusesNativeHistogramsNamingTheSeries() {
    byte[] request =
        message(
            series(labels("__name__", "fine"), sample(1, T)),
            seriesOf(embedded(1, label("__name__", "latency")), embedded(4, new byte[] {8, 1})));

    assertThatThrownBy(() -> decode(RemoteWriteVersion.V1, request))
        .isInstanceOf(MalformedPushException.class)
        .hasMessageStartingWith("series latency{} has 1 native histogram sample(s)")
        .hasMessageContaining("only float samples are taken");
  }

  @Test
  void refusesASeriesWithoutAName() {
    byte[] request = message(series(labels("job", "x"), sample(1, T)));

    assertThatThrownBy(() -> decode(RemoteWriteVersion.V1, request))
        .isInstanceOf(MalformedPushException.class)
        .hasMessage("series {job=\"x\"} has no __name__ label");
  }

  @Test
  void refusesALabelNameSentTwice() {
    byte[] twice =
        message(
            seriesOf(
                embedded(1, label("__name__", "m")),
                embedded(1, label("a", "1")),
                embedded(1, label("a", "2")),
                embedded(2, sample(1, T))));

    assertThatThrownBy(() -> decode(RemoteWriteVersion.V1, twice))
        .isInstanceOf(MalformedPushException.class)
        .hasMessage("series {__name__=\"m\",a=\"1\",a=\"2\"} has the label a twice");
  }

  @Test
  void refusesATimestampOutOfTheBoundsNamingTheSeries() {
    long future = NOW.toEpochMilli() + 3_600_000;
    byte[] request = message(series(labels("__name__", "m", "a", "1"), sample(1, future)));

    assertThatThrownBy(() -> decode(RemoteWriteVersion.V1, request))
        .isInstanceOf(MalformedPushException.class)
        .hasMessage(
            "series m{a=\"1\"}: timestamp 2026-01-02T04:04:05Z is more than 10m ahead of the"
                + " agent's clock (2026-01-02T03:04:05Z)");
  }

  @Test
  void refusesATruncatedMessage() {
    byte[] request = message(series(labels("__name__", "m"), sample(1, T)));
    byte[] truncated = Arrays.copyOf(request, request.length - 3);

    assertThatThrownBy(() -> decode(RemoteWriteVersion.V1, truncated))
        .isInstanceOf(MalformedPushException.class)
        .hasMessageStartingWith("the request body is not a valid prometheus.WriteRequest: ");
  }

  @Test
  void refusesALengthPastTheEndOfTheMessage() {
    // Field 1, length-delimited, claiming 2^31-1 bytes.
    byte[] request = {0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 0x00};

    assertThatThrownBy(() -> decode(RemoteWriteVersion.V1, request))
        .isInstanceOf(MalformedPushException.class)
        .hasMessageStartingWith("the request body is not a valid prometheus.WriteRequest: ");
  }

  @Test
  void refusesLabelsThatAreNotUtf8() {
    byte[] badName =
        message(
            embedded(
                1,
                message(
                    embedded(
                        1,
                        message(
                            RemoteWriteMessages.string(1, "__name__"),
                            embedded(2, new byte[] {'a', (byte) 0xC3}))))));

    assertThatThrownBy(() -> decode(RemoteWriteVersion.V1, badName))
        .isInstanceOf(MalformedPushException.class)
        .hasMessageContaining("UTF-8");
  }

  @Test
  void refusesABodyThatIsNotSnappy() {
    byte[] request = message(series(labels("__name__", "m"), sample(1, T)));

    assertThatThrownBy(() -> decodeBody(RemoteWriteVersion.V1, request, LIMIT))
        .isInstanceOf(MalformedPushException.class)
        .hasMessageStartingWith("the request body is not snappy block-compressed data");
  }

  @Test
  void refusesAnEmptyBody() {
    assertThatThrownBy(() -> decodeBody(RemoteWriteVersion.V1, new byte[0], LIMIT))
        .isInstanceOf(MalformedPushException.class)
        .hasMessageStartingWith("the request body is empty");
  }

  @Test
  void refusesAMessageLargerThanTheLimitBeforeDecodingIt() {
    byte[] request =
        message(series(labels("__name__", "m", "pad", "x".repeat(2000)), sample(1, T)));

    assertThatThrownBy(() -> decodeBody(RemoteWriteVersion.V1, snappy(request), 1000))
        .isInstanceOf(BodyTooLargeException.class)
        .hasMessage(
            "the decoded request body of "
                + request.length
                + " bytes is larger than the limit of 1000 bytes");
  }

  @Test
  void refusesABodyDecodingToMoreThanTheLimitBeforeDecodingIt() {
    // 64 MiB of zeros: a body of about 3 MiB, which states its decoded length up front.
    byte[] bomb = snappy(new byte[64 << 20]);

    assertThat(bomb.length).isLessThan(4 << 20);
    assertThatThrownBy(() -> decodeBody(RemoteWriteVersion.V1, bomb, LIMIT))
        .isInstanceOf(BodyTooLargeException.class)
        .hasMessage(
            "the decoded request body of "
                + (64 << 20)
                + " bytes is larger than the limit of "
                + LIMIT
                + " bytes");
  }

  @Test
  void refusesABodyStatingALengthItCannotHold() {
    // Snappy's preamble: the decoded length as a varint, here 2^31 - 1, then one literal byte.
    byte[] claim = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 0x00, 'x'};

    assertThatThrownBy(() -> decodeBody(RemoteWriteVersion.V1, claim, LIMIT))
        .isInstanceOf(MalformedPushException.class)
        .hasMessageStartingWith("the request body is not snappy block-compressed data");
  }

  @Test
  void readsARequestOfVersion2WithItsSymbolsAndMetadata() throws Exception {
    List<String> symbols =
        List.of("", "__name__", "jobs_done_total", "queue", "mail", "Jobs done.", "jobs", "up");
    byte[] request =
        requestV2(
            symbols,
            seriesV2(
                labelRefs(1, 2, 3, 4),
                sampleV2(3, T),
                sampleV2(5, T + 1000),
                metadataV2(1, 5, 6),
                embedded(4, message(labelRefs(), RemoteWriteMessages.uint32(3, 5)))),
            seriesV2(labelRefs(1, 7, 3, 0), sampleV2(1, T)));

    DecodedPush.Dropped dropped = decode(RemoteWriteVersion.V2, request);

    assertThat(recorded.samples)
        .containsExactly(
            "jobs_done_total{queue=mail} 3 " + T,
            "jobs_done_total{queue=mail} 5 " + (T + 1000),
            "up{} 1 " + T);
    assertThat(recorded.families)
        .containsExactly(
            new MetricFamily("jobs_done_total", MetricType.COUNTER, "Jobs done.", "jobs"));
    assertThat(dropped).isEqualTo(new DecodedPush.Dropped(1, 0, 0));
  }

  @Test
  void readsVersion2SymbolsWrittenAfterTheSeries() throws Exception {
    byte[] request =
        message(
            seriesV2(labelRefs(1, 2), sampleV2(9, T)),
            RemoteWriteMessages.string(4, ""),
            RemoteWriteMessages.string(4, "__name__"),
            RemoteWriteMessages.string(4, "late"));

    decode(RemoteWriteVersion.V2, request);

    assertThat(recorded.samples).containsExactly("late{} 9 " + T);
  }

  @Test
  void refusesAVersion2ReferencePastTheSymbols() {
    byte[] request = requestV2(List.of("", "__name__", "m"), seriesV2(labelRefs(1, 3)));

    assertThatThrownBy(() -> decode(RemoteWriteVersion.V2, request))
        .isInstanceOf(MalformedPushException.class)
        .hasMessage("a reference to symbol 3 is past the end of the request's 3 symbols");
  }

  @Test
  void refusesAnOddNumberOfVersion2LabelReferences() {
    byte[] request = requestV2(List.of("", "__name__", "m"), seriesV2(labelRefs(1, 2, 1)));

    assertThatThrownBy(() -> decode(RemoteWriteVersion.V2, request))
        .isInstanceOf(MalformedPushException.class)
        .hasMessage("a series has an odd number of label references (3)");
  }

  @Test
  void refusesVersion2NativeHistograms() {
    byte[] request =
        requestV2(
            List.of("", "__name__", "latency"),
            seriesV2(labelRefs(1, 2), embedded(3, new byte[] {8, 1}), embedded(3, new byte[0])));

    assertThatThrownBy(() -> decode(RemoteWriteVersion.V2, request))
        .isInstanceOf(MalformedPushException.class)
        .hasMessageStartingWith("series latency{} has 2 native histogram sample(s)");
  }

  @Test
  void readsAVersion1MessageAsVersion2AsNothing() throws Exception {
    // 2.0 reserves 1.0's field numbers, so a 1.0 message read as 2.0 holds no series at all.
    byte[] request = message(series(labels("__name__", "m"), sample(1, T)));

    decode(RemoteWriteVersion.V2, request);

    assertThat(recorded.samples).isEmpty();
  }
}
