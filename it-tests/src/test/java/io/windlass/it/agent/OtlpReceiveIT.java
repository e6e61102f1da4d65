package io.windlass.it.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.internal.otlp.metrics.MetricsRequestMarshaler;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.windlass.it.backend.BackendExtension;
import io.windlass.it.backend.VectorSample;
import io.windlass.it.backend.VictoriaMetricsServer;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OpenTelemetry Java SDK exports to the agent's {@code /v1/metrics} (its own OTLP/HTTP exporter
 * for protobuf; its OTLP JSON writer for JSON, which the exporter cannot send), and the counters,
 * gauges and histograms arrive in a real VictoriaMetrics under Prometheus names, with {@code job},
 * {@code instance}, the scope's labels and a {@code target_info}.
 */
class OtlpReceiveIT {
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @RegisterExtension
  final BackendExtension<VictoriaMetricsServer> victoria =
      new BackendExtension<>(VictoriaMetricsServer::new);

  @RegisterExtension final AgentExtension agents = new AgentExtension();

  private WindlassAgentProcess startAgent(VictoriaMetricsServer backend) {
    return agents
        .track(new WindlassAgentProcess())
        .config(
            "agent:\n  tag: e2e-otlp\ninputs: []\nsink:\n  url: "
                + backend.remoteWriteUri()
                + "\n  interval: 200ms\n  jitter: 0s\n  timeout: 5s\n  retry-min: 100ms\n"
                + "  retry-max: 500ms\n")
        .start();
  }

  private static Resource resource(String instance) {
    return Resource.empty().toBuilder()
        .put("service.name", "checkout")
        .put("service.namespace", "shop")
        .put("service.instance.id", instance)
        .put("deployment.environment", "it")
        .build();
  }

  /** Records a counter, a gauge and a histogram through {@code provider}. */
  private static void record(SdkMeterProvider provider) {
    Meter meter = provider.meterBuilder("io.windlass.it").setInstrumentationVersion("1.0").build();
    Attributes mail = Attributes.of(AttributeKey.stringKey("queue.name"), "mail");
    meter.counterBuilder("orders").setUnit("{order}").build().add(3, mail);
    meter
        .gaugeBuilder("room.temperature")
        .setUnit("Cel")
        .buildWithCallback(gauge -> gauge.record(21.5, mail));
    var duration = meter.histogramBuilder("checkout.duration").setUnit("s").build();
    duration.record(0.02, mail);
    duration.record(0.3, mail);
    duration.record(7, mail);
  }

  private static List<VectorSample> awaitOne(VictoriaMetricsServer backend, String promql) {
    return await()
        .atMost(PATIENCE)
        .until(() -> backend.query(promql), samples -> samples.size() == 1);
  }

  private static void assertArrived(VictoriaMetricsServer backend, String instance) {
    String target = "job=\"shop/checkout\",instance=\"" + instance + "\"";
    String scope = "otel_scope_name=\"io.windlass.it\",otel_scope_version=\"1.0\"";
    List<VectorSample> orders =
        awaitOne(backend, "orders_total{" + target + "," + scope + ",queue_name=\"mail\"}");
    assertThat(orders.get(0).value()).isEqualTo(3.0);
    List<VectorSample> temperature =
        awaitOne(backend, "room_temperature_celsius{" + target + ",queue_name=\"mail\"}");
    assertThat(temperature.get(0).value()).isEqualTo(21.5);
    List<VectorSample> count = awaitOne(backend, "checkout_duration_seconds_count{" + target + "}");
    assertThat(count.get(0).value()).isEqualTo(3.0);
    List<VectorSample> infBucket =
        awaitOne(backend, "checkout_duration_seconds_bucket{" + target + ",le=\"+Inf\"}");
    assertThat(infBucket.get(0).value()).isEqualTo(3.0);
    List<VectorSample> sum = awaitOne(backend, "checkout_duration_seconds_sum{" + target + "}");
    assertThat(sum.get(0).value()).isCloseTo(7.32, org.assertj.core.data.Offset.offset(1e-9));
    List<VectorSample> targetInfo = awaitOne(backend, "target_info{" + target + "}");
    assertThat(targetInfo.get(0).labels())
        .containsEntry("deployment_environment", "it")
        .doesNotContainKey("service_name");
  }

  @Test
  void theSdksProtobufExportArrivesInVictoriaMetricsWithPrometheusNamesAndLabels()
      throws Exception {
    VictoriaMetricsServer backend = victoria.get();
    WindlassAgentProcess agent = startAgent(backend);
    OtlpHttpMetricExporter exporter =
        OtlpHttpMetricExporter.builder()
            .setEndpoint(agent.uri("/v1/metrics").toString())
            .setCompression("gzip")
            .build();
    SdkMeterProvider provider =
        SdkMeterProvider.builder()
            .setResource(resource("it-protobuf"))
            .registerMetricReader(
                PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build())
            .build();
    try {
      record(provider);

      CompletableResultCode flushed = provider.forceFlush().join(30, TimeUnit.SECONDS);

      assertThat(flushed.isSuccess()).as("the export succeeded").isTrue();
      assertArrived(backend, "it-protobuf");
    } finally {
      provider.shutdown().join(30, TimeUnit.SECONDS);
    }
  }

  /**
   * The OTLP JSON of what one collection of a provider with {@code resource} exports, written by
   * the SDK's own OTLP marshaler.
   */
  private static byte[] otlpJson(
      Resource resource,
      AggregationTemporality temporality,
      java.util.function.Consumer<SdkMeterProvider> recording)
      throws java.io.IOException {
    CapturingExporter captured = new CapturingExporter(temporality);
    SdkMeterProvider provider =
        SdkMeterProvider.builder()
            .setResource(resource)
            .registerMetricReader(
                PeriodicMetricReader.builder(captured).setInterval(Duration.ofHours(1)).build())
            .build();
    List<MetricData> exported;
    try {
      recording.accept(provider);
      provider.forceFlush().join(30, TimeUnit.SECONDS);
      exported = captured.exported();
    } finally {
      provider.shutdown().join(30, TimeUnit.SECONDS);
    }
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    MetricsRequestMarshaler.create(exported).writeJsonTo(json);
    return json.toByteArray();
  }

  private static HttpResponse<String> postJson(WindlassAgentProcess agent, byte[] json)
      throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(agent.uri("/v1/metrics"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theSdksDataAsOtlpJsonArrivesInVictoriaMetricsTheSameWay() throws Exception {
    VictoriaMetricsServer backend = victoria.get();
    WindlassAgentProcess agent = startAgent(backend);
    byte[] json =
        otlpJson(resource("it-json"), AggregationTemporality.CUMULATIVE, OtlpReceiveIT::record);

    HttpResponse<String> response = postJson(agent, json);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{}");
    assertArrived(backend, "it-json");
  }

  @Test
  void deltaTemporalityIsRefusedInPartialSuccess() throws Exception {
    VictoriaMetricsServer backend = victoria.get();
    WindlassAgentProcess agent = startAgent(backend);
    byte[] json =
        otlpJson(
            resource("it-delta"),
            AggregationTemporality.DELTA,
            provider -> provider.get("io.windlass.it").counterBuilder("deltas").build().add(1));

    HttpResponse<String> response = postJson(agent, json);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body())
        .startsWith("{\"partialSuccess\":{\"rejectedDataPoints\":\"1\",")
        .contains("delta temporality sums are not stored");
  }

  /** Keeps what the SDK exports, to be sent as JSON. */
  private static final class CapturingExporter implements MetricExporter {
    private final List<MetricData> metrics = new ArrayList<>();
    private final AggregationTemporality temporality;

    CapturingExporter(AggregationTemporality temporality) {
      this.temporality = temporality;
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return temporality;
    }

    @Override
    public synchronized CompletableResultCode export(Collection<MetricData> exported) {
      metrics.addAll(exported);
      return CompletableResultCode.ofSuccess();
    }

    synchronized List<MetricData> exported() {
      return List.copyOf(metrics);
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
