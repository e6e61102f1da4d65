package io.windlass.spool.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricKind;
import io.windlass.spool.MetricType;
import io.windlass.spool.ingest.SampleTimeBounds;
import io.windlass.spool.ingest.format.SampleSink;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OtlpTranslatorTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
  private static final long NANOS = NOW.getEpochSecond() * 1_000_000_000L;

  /** Samples as {@code key{labels} value}, and families described. */
  private static final class Recorded implements SampleSink {
    final List<String> samples = new ArrayList<>();
    final List<Instant> times = new ArrayList<>();
    final Map<String, MetricFamily> families = new TreeMap<>();

    @Override
    public void add(String key, String value, Instant time, Map<String, String> labels) {
      samples.add(key + labels + " " + value);
      times.add(time);
    }

    @Override
    public void describe(MetricFamily family) {
      families.put(family.name(), family);
    }
  }

  private static KeyValue attribute(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static NumberDataPoint point(double value, KeyValue... attributes) {
    return NumberDataPoint.newBuilder()
        .setTimeUnixNano(NANOS)
        .setAsDouble(value)
        .addAllAttributes(List.of(attributes))
        .build();
  }

  private static ExportMetricsServiceRequest request(Resource resource, Metric... metrics) {
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(resource)
                .addScopeMetrics(
                    ScopeMetrics.newBuilder()
                        .setScope(
                            InstrumentationScope.newBuilder().setName("shop").setVersion("1.2"))
                        .addAllMetrics(List.of(metrics))))
        .build();
  }

  private static ExportMetricsServiceRequest request(Metric... metrics) {
    return request(Resource.getDefaultInstance(), metrics);
  }

  private static OtlpTranslator.Result translate(
      ExportMetricsServiceRequest request, Recorded sink, DeclaredMetrics declared)
      throws IOException {
    return OtlpTranslator.translate(request, sink, declared, NOW, SampleTimeBounds.defaults());
  }

  private static OtlpTranslator.Result translate(ExportMetricsServiceRequest request, Recorded sink)
      throws IOException {
    return translate(request, sink, DeclaredMetrics.anyValue());
  }

  private static Metric gauge(String name, String unit, NumberDataPoint... points) {
    return Metric.newBuilder()
        .setName(name)
        .setUnit(unit)
        .setDescription("about " + name)
        .setGauge(Gauge.newBuilder().addAllDataPoints(List.of(points)))
        .build();
  }

  private static Metric sum(
      String name,
      String unit,
      boolean monotonic,
      AggregationTemporality temporality,
      NumberDataPoint... points) {
    return Metric.newBuilder()
        .setName(name)
        .setUnit(unit)
        .setSum(
            Sum.newBuilder()
                .setIsMonotonic(monotonic)
                .setAggregationTemporality(temporality)
                .addAllDataPoints(List.of(points)))
        .build();
  }

  @Test
  void aGaugeIsAGaugeWithScopeLabelsAndItsAttributes() throws IOException {
    Recorded sink = new Recorded();

    OtlpTranslator.Result result =
        translate(
            request(gauge("queue.depth", "{item}", point(12, attribute("queue.name", "mail")))),
            sink);

    assertThat(sink.samples)
        .containsExactly(
            "queue_depth{otel_scope_name=shop, otel_scope_version=1.2, queue_name=mail} 12");
    assertThat(sink.times).containsExactly(NOW);
    assertThat(sink.families.get("queue_depth"))
        .isEqualTo(new MetricFamily("queue_depth", MetricType.GAUGE, "about queue.depth", ""));
    assertThat(result).isEqualTo(new OtlpTranslator.Result(1, 1, 0, ""));
  }

  @Test
  void aGaugeOfUnitOneIsARatio() throws IOException {
    Recorded sink = new Recorded();

    translate(request(gauge("cpu.utilization", "1", point(0.25))), sink);

    assertThat(sink.samples).singleElement().asString().startsWith("cpu_utilization_ratio{");
    assertThat(sink.families.get("cpu_utilization_ratio").unit()).isEqualTo("ratio");
  }

  @Test
  void eachPointOfASeriesSeenBeforeIsCheckedAndStoredAtItsOwnTime() throws IOException {
    Recorded sink = new Recorded();
    NumberDataPoint[] points = new NumberDataPoint[6];
    double[] values = {1, 2, -1, 3, Double.NaN, 4.25};
    for (int i = 0; i < points.length; i++) {
      points[i] =
          point(values[i], attribute("zone", i % 2 == 0 ? "a" : "b")).toBuilder()
              .setTimeUnixNano(NANOS - (3 - i / 2) * 1_000_000_000L)
              .build();
    }

    OtlpTranslator.Result result =
        translate(
            request(gauge("jobs", "", points)),
            sink,
            DeclaredMetrics.of(java.util.Map.of("jobs", io.windlass.spool.MetricKind.COUNTER)));

    assertThat(sink.samples)
        .containsExactly(
            "jobs{otel_scope_name=shop, otel_scope_version=1.2, zone=a} 1",
            "jobs{otel_scope_name=shop, otel_scope_version=1.2, zone=b} 2",
            "jobs{otel_scope_name=shop, otel_scope_version=1.2, zone=b} 3",
            "jobs{otel_scope_name=shop, otel_scope_version=1.2, zone=b} 4.25");
    assertThat(sink.times)
        .containsExactly(
            NOW.minusSeconds(3), NOW.minusSeconds(3), NOW.minusSeconds(2), NOW.minusSeconds(1));
    assertThat(result.storedPoints()).isEqualTo(4);
    assertThat(result.rejectedPoints()).isEqualTo(2);
    assertThat(result.errorMessage())
        .contains("value \"-1\" must be >= 0")
        .contains("value \"NaN\" is not a finite number");
  }

  @Test
  void aCumulativeMonotonicSumIsACounterInTotal() throws IOException {
    Recorded sink = new Recorded();
    NumberDataPoint intPoint =
        NumberDataPoint.newBuilder().setTimeUnixNano(NANOS).setAsInt(42).build();

    translate(
        request(
            sum(
                "http.server.duration",
                "s",
                true,
                AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
                intPoint)),
        sink);

    assertThat(sink.samples)
        .containsExactly(
            "http_server_duration_seconds_total{otel_scope_name=shop, otel_scope_version=1.2} 42");
    assertThat(sink.families.get("http_server_duration_seconds"))
        .isEqualTo(
            new MetricFamily("http_server_duration_seconds", MetricType.COUNTER, "", "seconds"));
  }

  @Test
  void aNonMonotonicCumulativeSumIsAGauge() throws IOException {
    Recorded sink = new Recorded();

    translate(
        request(
            sum(
                "connections",
                "",
                false,
                AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
                point(-3))),
        sink);

    assertThat(sink.samples).singleElement().asString().startsWith("connections{").endsWith(" -3");
    assertThat(sink.families.get("connections").type()).isEqualTo(MetricType.GAUGE);
  }

  @Test
  void deltaSumsAreRefusedWithAReasonAndTheRestStored() throws IOException {
    Recorded sink = new Recorded();

    OtlpTranslator.Result result =
        translate(
            request(
                sum(
                    "jobs",
                    "",
                    true,
                    AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA,
                    point(1),
                    point(2)),
                gauge("kept", "", point(5))),
            sink);

    assertThat(sink.samples).singleElement().asString().startsWith("kept{");
    assertThat(result.storedPoints()).isEqualTo(1);
    assertThat(result.rejectedPoints()).isEqualTo(2);
    assertThat(result.errorMessage())
        .isEqualTo(
            "metric \"jobs\": delta temporality sums are not stored (the agent keeps no running"
                + " totals); export cumulative temporality");
  }

  @Test
  void aHistogramIsCumulativeBucketsWithInfSumAndCount() throws IOException {
    Recorded sink = new Recorded();
    HistogramDataPoint point =
        HistogramDataPoint.newBuilder()
            .setTimeUnixNano(NANOS)
            .setCount(10)
            .setSum(12.5)
            .addAllExplicitBounds(List.of(0.5, 1.0, 5.0))
            .addAllBucketCounts(List.of(2L, 3L, 4L, 1L))
            .addAttributes(attribute("route", "/a"))
            .build();

    translate(
        request(
            Metric.newBuilder()
                .setName("latency")
                .setUnit("ms")
                .setHistogram(
                    Histogram.newBuilder()
                        .setAggregationTemporality(
                            AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .addDataPoints(point))
                .build()),
        sink);

    String scope = "otel_scope_name=shop, otel_scope_version=1.2";
    assertThat(sink.samples)
        .containsExactly(
            "latency_milliseconds_bucket{le=0.5, " + scope + ", route=/a} 2",
            "latency_milliseconds_bucket{le=1, " + scope + ", route=/a} 5",
            "latency_milliseconds_bucket{le=5, " + scope + ", route=/a} 9",
            "latency_milliseconds_bucket{le=+Inf, " + scope + ", route=/a} 10",
            "latency_milliseconds_sum{" + scope + ", route=/a} 12.5",
            "latency_milliseconds_count{" + scope + ", route=/a} 10");
    assertThat(sink.families.get("latency_milliseconds"))
        .isEqualTo(
            new MetricFamily("latency_milliseconds", MetricType.HISTOGRAM, "", "milliseconds"));
  }

  @Test
  void aHistogramWhoseBucketsAndBoundsDisagreeIsRefused() throws IOException {
    Recorded sink = new Recorded();
    HistogramDataPoint point =
        HistogramDataPoint.newBuilder()
            .setTimeUnixNano(NANOS)
            .setCount(3)
            .addAllExplicitBounds(List.of(1.0))
            .addAllBucketCounts(List.of(3L))
            .build();

    OtlpTranslator.Result result =
        translate(
            request(
                Metric.newBuilder()
                    .setName("h")
                    .setHistogram(
                        Histogram.newBuilder()
                            .setAggregationTemporality(
                                AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                            .addDataPoints(point))
                    .build()),
            sink);

    assertThat(sink.samples).isEmpty();
    assertThat(result.rejectedPoints()).isEqualTo(1);
    assertThat(result.errorMessage()).contains("1 bucket counts for 1 bounds");
  }

  @Test
  void deltaHistogramsAndExponentialHistogramsAreRefused() throws IOException {
    Recorded sink = new Recorded();
    Metric delta =
        Metric.newBuilder()
            .setName("d")
            .setHistogram(
                Histogram.newBuilder()
                    .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                    .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(NANOS)))
            .build();
    Metric exponential =
        Metric.newBuilder()
            .setName("e")
            .setExponentialHistogram(
                ExponentialHistogram.newBuilder()
                    .setAggregationTemporality(
                        AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                    .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setCount(1))
                    .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setCount(2)))
            .build();

    OtlpTranslator.Result result = translate(request(delta, exponential), sink);

    assertThat(sink.samples).isEmpty();
    assertThat(result.rejectedPoints()).isEqualTo(3);
    assertThat(result.errorMessage())
        .contains("metric \"d\": delta temporality histograms are not stored")
        .contains(
            "metric \"e\": exponential histograms are not stored; export explicit-bucket"
                + " histograms");
  }

  @Test
  void aSummaryIsOneSeriesPerQuantileWithSumAndCount() throws IOException {
    Recorded sink = new Recorded();
    SummaryDataPoint point =
        SummaryDataPoint.newBuilder()
            .setTimeUnixNano(NANOS)
            .setCount(4)
            .setSum(8)
            .addQuantileValues(
                SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.5).setValue(1.5))
            .addQuantileValues(
                SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.99).setValue(3))
            .build();

    translate(
        request(
            Metric.newBuilder()
                .setName("rpc.size")
                .setUnit("By")
                .setSummary(Summary.newBuilder().addDataPoints(point))
                .build()),
        sink);

    String scope = "otel_scope_name=shop, otel_scope_version=1.2";
    assertThat(sink.samples)
        .containsExactly(
            "rpc_size_bytes{" + scope + ", quantile=0.5} 1.5",
            "rpc_size_bytes{" + scope + ", quantile=0.99} 3",
            "rpc_size_bytes_sum{" + scope + "} 8",
            "rpc_size_bytes_count{" + scope + "} 4");
    assertThat(sink.families.get("rpc_size_bytes").type()).isEqualTo(MetricType.SUMMARY);
  }

  @Test
  void theResourceGivesJobInstanceAndOneTargetInfo() throws IOException {
    Recorded sink = new Recorded();
    Resource resource =
        Resource.newBuilder()
            .addAttributes(attribute("service.name", "checkout"))
            .addAttributes(attribute("service.namespace", "shop"))
            .addAttributes(attribute("service.instance.id", "pod-7"))
            .addAttributes(attribute("host.name", "node-1"))
            .addAttributes(
                KeyValue.newBuilder()
                    .setKey("process.pid")
                    .setValue(AnyValue.newBuilder().setIntValue(4711)))
            .build();

    translate(request(resource, gauge("up.time", "", point(1), point(2))), sink);

    String labels =
        "instance=pod-7, job=shop/checkout, otel_scope_name=shop, otel_scope_version=1.2";
    assertThat(sink.samples)
        .containsExactly(
            "up_time{" + labels + "} 1",
            "up_time{" + labels + "} 2",
            "target_info{host_name=node-1, instance=pod-7, job=shop/checkout, process_pid=4711} 1");
    assertThat(sink.families.get("target_info"))
        .isEqualTo(new MetricFamily("target_info", MetricType.GAUGE, "Target metadata", ""));
  }

  @Test
  void attributesWhoseNamesBecomeTheSameAreJoinedInTheOrderOfTheOriginalNames() throws IOException {
    Recorded sink = new Recorded();
    KeyValue list =
        KeyValue.newBuilder()
            .setKey("tags")
            .setValue(
                AnyValue.newBuilder()
                    .setArrayValue(
                        ArrayValue.newBuilder()
                            .addValues(AnyValue.newBuilder().setStringValue("a"))
                            .addValues(AnyValue.newBuilder().setBoolValue(true))))
            .build();

    translate(
        request(gauge("g", "", point(1, attribute("a-b", "2"), attribute("a.b", "1"), list))),
        sink);

    assertThat(sink.samples)
        .containsExactly(
            "g{a_b=2;1, otel_scope_name=shop, otel_scope_version=1.2, tags=[\"a\",true]} 1");
  }

  @Test
  void pointsOutOfTheTimeBoundsAreRefusedAndPointsWithoutATimeTakeNow() throws IOException {
    Recorded sink = new Recorded();
    NumberDataPoint old =
        NumberDataPoint.newBuilder().setTimeUnixNano(1_000_000_000L).setAsDouble(1).build();
    NumberDataPoint timeless = NumberDataPoint.newBuilder().setAsDouble(2).build();

    OtlpTranslator.Result result = translate(request(gauge("g", "", old, timeless)), sink);

    assertThat(sink.samples).singleElement().asString().endsWith(" 2");
    assertThat(sink.times).containsExactly(NOW);
    assertThat(result.rejectedPoints()).isEqualTo(1);
    assertThat(result.errorMessage()).startsWith("metric \"g\": timestamp 1970-01-01T00:00:01Z");
  }

  @Test
  void pointsWithoutRecordedValueAreLeftOutSilently() throws IOException {
    Recorded sink = new Recorded();
    NumberDataPoint empty =
        NumberDataPoint.newBuilder().setTimeUnixNano(NANOS).setAsDouble(1).setFlags(1).build();

    OtlpTranslator.Result result = translate(request(gauge("g", "", empty)), sink);

    assertThat(sink.samples).isEmpty();
    assertThat(result).isEqualTo(new OtlpTranslator.Result(0, 0, 0, ""));
  }

  @Test
  void nonFiniteValuesAreStoredWhereAllowedElseRefused() throws IOException {
    Recorded allowed = new Recorded();
    Recorded declared = new Recorded();
    ExportMetricsServiceRequest request = request(gauge("g", "", point(Double.NaN)));

    OtlpTranslator.Result stored = translate(request, allowed, DeclaredMetrics.anyValue());
    OtlpTranslator.Result refused =
        translate(request, declared, DeclaredMetrics.of("g", MetricKind.GAUGE));

    assertThat(allowed.samples).singleElement().asString().endsWith(" NaN");
    assertThat(stored.rejectedPoints()).isZero();
    assertThat(declared.samples).isEmpty();
    assertThat(refused.rejectedPoints()).isEqualTo(1);
  }

  @Test
  void aPointWithTooManyLabelsIsRefusedWhole() throws IOException {
    Recorded sink = new Recorded();
    List<KeyValue> attributes = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      attributes.add(attribute("a" + i, "v"));
    }
    NumberDataPoint wide =
        NumberDataPoint.newBuilder()
            .setTimeUnixNano(NANOS)
            .setAsDouble(1)
            .addAllAttributes(attributes)
            .build();

    OtlpTranslator.Result result =
        translate(request(gauge("wide", "", wide), gauge("narrow", "", point(1))), sink);

    assertThat(sink.samples).singleElement().asString().startsWith("narrow{");
    assertThat(result.rejectedPoints()).isEqualTo(1);
    assertThat(result.errorMessage()).contains("labels; the limit is 32");
  }

  @Test
  void dataPointsAreCountedOverEveryType() {
    ExportMetricsServiceRequest request =
        request(
            gauge("a", "", point(1), point(2)),
            sum("b", "", true, AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA, point(3)));

    assertThat(OtlpTranslator.dataPoints(request)).isEqualTo(3);
  }
}
