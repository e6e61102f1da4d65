package io.windlass.spool.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedInputStream;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricReader;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.ingest.SampleTimeBounds;
import io.windlass.spool.ingest.format.PushParsers;
import io.windlass.spool.ingest.http.HttpIngest;
import io.windlass.spool.ingest.http.IngestStats;
import io.windlass.spool.ingest.http.LimitedInputStream;
import io.windlass.spool.ingest.http.PushFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OTLP/HTTP requests received into a real spool. */
class OtlpReceiverTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
  private static final long NANOS = NOW.getEpochSecond() * 1_000_000_000L;
  private static final String PROTOBUF = "application/x-protobuf";
  private static final String JSON = "application/json";

  @TempDir Path dir;
  private SpoolDirectory spool;
  private final IngestStats stats = new IngestStats();
  private HttpIngest ingest;

  @BeforeEach
  void open() throws IOException {
    spool = SpoolDirectory.open(dir);
    ingest =
        new HttpIngest(
            spool,
            DeclaredMetrics.anyValue(),
            "agent-1",
            1 << 20,
            Clock.fixed(NOW, ZoneOffset.UTC),
            SampleTimeBounds.defaults(),
            stats,
            new PushParsers(),
            4,
            Duration.ZERO,
            Duration.ofMinutes(1));
  }

  @AfterEach
  void close() throws IOException {
    spool.close();
  }

  private List<String> stored() throws IOException {
    try (MetricReader reader = spool.reader()) {
      return reader.read().stream()
          .flatMap(batch -> batch.metrics().stream())
          .map(m -> m.key() + m.labels() + " " + m.value())
          .toList();
    }
  }

  private static InputStream body(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }

  private static InputStream body(String text) {
    return body(text.getBytes(StandardCharsets.UTF_8));
  }

  private static ExportMetricsServiceRequest gauges(int points) {
    Gauge.Builder gauge = Gauge.newBuilder();
    for (int i = 0; i < points; i++) {
      gauge.addDataPoints(
          NumberDataPoint.newBuilder()
              .setTimeUnixNano(NANOS)
              .setAsInt(i)
              .addAttributes(
                  KeyValue.newBuilder()
                      .setKey("n")
                      .setValue(AnyValue.newBuilder().setStringValue(Integer.toString(i)))));
    }
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(
                            KeyValue.newBuilder()
                                .setKey("service.name")
                                .setValue(AnyValue.newBuilder().setStringValue("svc"))))
                .addScopeMetrics(
                    ScopeMetrics.newBuilder()
                        .addMetrics(Metric.newBuilder().setName("g").setGauge(gauge))))
        .build();
  }

  /** The code and message of a {@code google.rpc.Status}. */
  private static String status(byte[] body) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(body);
    int code = 0;
    String message = "";
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag >>> 3) {
        case 1 -> code = in.readInt32();
        case 2 -> message = in.readString();
        default -> in.skipField(tag);
      }
    }
    return code + ": " + message;
  }

  @Test
  void aProtobufRequestIsStoredAndAnsweredWithAnEmptyResponse() throws IOException {
    OtlpReceiver.Answer answer =
        new OtlpReceiver().receive(ingest, PROTOBUF, body(gauges(2).toByteArray()));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.contentType()).isEqualTo(PROTOBUF);
    assertThat(ExportMetricsServiceResponse.parseFrom(answer.body()))
        .isEqualTo(ExportMetricsServiceResponse.getDefaultInstance());
    assertThat(stored()).containsExactly("g{job=svc, n=0} 0", "g{job=svc, n=1} 1");
    assertThat(stats.of(PushFormat.OTLP).stored.sum()).isEqualTo(1);
    assertThat(stats.of(PushFormat.OTLP).samples.sum()).isEqualTo(2);
  }

  @Test
  void aJsonRequestIsStoredAndAnsweredInJson() throws IOException {
    // OTLP JSON: lowerCamelCase, enums as numbers, 64-bit integers as strings, hex span ids.
    String json =
        """
        {"resourceMetrics":[{"resource":{"attributes":[
          {"key":"service.name","value":{"stringValue":"svc"}}]},
         "scopeMetrics":[{"scope":{"name":"lib"},"metrics":[
          {"name":"jobs","unit":"1","sum":{"aggregationTemporality":2,"isMonotonic":true,
           "dataPoints":[{"timeUnixNano":"%d","asInt":"7",
            "exemplars":[{"asDouble":1,"traceId":"5b8efff798038103d269b633813fc60c",
                          "spanId":"eee19b7ec3c1b174"}]}]}}]}]}]}
        """
            .formatted(NANOS);

    OtlpReceiver.Answer answer = new OtlpReceiver().receive(ingest, JSON, body(json));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.contentType()).isEqualTo(JSON);
    assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
    assertThat(stored()).containsExactly("jobs_total{job=svc, otel_scope_name=lib} 7");
  }

  @Test
  void refusedPointsAreCountedInPartialSuccessAndTheRestStored() throws IOException {
    String json =
        """
        {"resourceMetrics":[{"scopeMetrics":[{"metrics":[
          {"name":"d","sum":{"aggregationTemporality":1,"isMonotonic":true,
           "dataPoints":[{"timeUnixNano":"%1$d","asDouble":1}]}},
          {"name":"g","gauge":{"dataPoints":[{"timeUnixNano":"%1$d","asDouble":2}]}}]}]}]}
        """
            .formatted(NANOS);

    OtlpReceiver.Answer answer = new OtlpReceiver().receive(ingest, "application/json", body(json));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(new String(answer.body(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"partialSuccess\":{\"rejectedDataPoints\":\"1\",\"errorMessage\":\"metric \\\"d\\\":"
                + " delta temporality sums are not stored (the agent keeps no running totals);"
                + " export cumulative temporality\"}}");
    assertThat(stored()).containsExactly("g{} 2");
    assertThat(stats.of(PushFormat.OTLP).refusedPoints.sum()).isEqualTo(1);
  }

  @Test
  void partialSuccessInProtobuf() throws IOException {
    ExportMetricsServiceRequest request =
        gauges(1).toBuilder()
            .addResourceMetrics(
                ResourceMetrics.newBuilder()
                    .addScopeMetrics(
                        ScopeMetrics.newBuilder()
                            .addMetrics(
                                Metric.newBuilder()
                                    .setName("old")
                                    .setGauge(
                                        Gauge.newBuilder()
                                            .addDataPoints(
                                                NumberDataPoint.newBuilder()
                                                    .setTimeUnixNano(1)
                                                    .setAsDouble(1))))))
            .build();

    OtlpReceiver.Answer answer =
        new OtlpReceiver().receive(ingest, PROTOBUF, body(request.toByteArray()));

    ExportMetricsServiceResponse response = ExportMetricsServiceResponse.parseFrom(answer.body());
    assertThat(answer.status()).isEqualTo(200);
    assertThat(response.getPartialSuccess().getRejectedDataPoints()).isEqualTo(1);
    assertThat(response.getPartialSuccess().getErrorMessage()).startsWith("metric \"old\":");
    assertThat(stored()).containsExactly("g{job=svc, n=0} 0");
  }

  @Test
  void anotherContentTypeIs415() throws IOException {
    OtlpReceiver.Answer answer =
        new OtlpReceiver().receive(ingest, "text/plain", body(gauges(1).toByteArray()));

    assertThat(answer.status()).isEqualTo(415);
    assertThat(new String(answer.body(), StandardCharsets.UTF_8))
        .contains("send application/x-protobuf or application/json");
    assertThat(stored()).isEmpty();
  }

  @Test
  void aBodyThatIsNoRequestIs400WithAStatusInTheRequestsEncoding() throws IOException {
    OtlpReceiver.Answer protobuf =
        new OtlpReceiver().receive(ingest, PROTOBUF, body(new byte[] {(byte) 0xff, 1, 2}));
    OtlpReceiver.Answer json =
        new OtlpReceiver().receive(ingest, JSON, body("{\"resourceMetrics\":"));

    assertThat(protobuf.status()).isEqualTo(400);
    assertThat(status(protobuf.body()))
        .startsWith("3: the body is not an OTLP ExportMetricsServiceRequest in " + PROTOBUF);
    assertThat(json.status()).isEqualTo(400);
    assertThat(new String(json.body(), StandardCharsets.UTF_8))
        .startsWith(
            "{\"code\":3,\"message\":\"the body is not an OTLP ExportMetricsServiceRequest in "
                + JSON);
    assertThat(stored()).isEmpty();
  }

  @Test
  void moreDataPointsThanTheLimitIs413AndStoresNothing() throws IOException {
    OtlpReceiver.Answer answer =
        new OtlpReceiver(2).receive(ingest, PROTOBUF, body(gauges(3).toByteArray()));

    assertThat(answer.status()).isEqualTo(413);
    assertThat(status(answer.body()))
        .isEqualTo(
            "8: the request holds 3 data points; the limit is 2: send them in smaller requests");
    assertThat(stored()).isEmpty();
  }

  @Test
  void aBodyPastTheLimitIs413() throws IOException {
    byte[] bytes = gauges(100).toByteArray();

    OtlpReceiver.Answer answer =
        new OtlpReceiver()
            .receive(
                ingest,
                PROTOBUF,
                new LimitedInputStream(body(bytes), bytes.length - 1, "request body"));

    assertThat(answer.status()).isEqualTo(413);
    assertThat(stored()).isEmpty();
  }

  @Test
  void aSpoolThatIsNotOpenIs503AndAsksToRetryLater() throws IOException {
    spool.close();

    OtlpReceiver.Answer answer =
        new OtlpReceiver().receive(ingest, PROTOBUF, body(gauges(1).toByteArray()));

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.retryLater()).isTrue();
    assertThat(status(answer.body())).startsWith("14: not stored");
  }
}
