package io.windlass.spool.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.JsonMetricRecorder;
import io.windlass.spool.Metric;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricReader;
import io.windlass.spool.MetricType;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.SpoolOptions;
import io.windlass.spool.internal.MetricColumns;
import io.windlass.spool.sender.WriteRequests.Metadata;
import io.windlass.spool.sender.WriteRequests.Sample;
import io.windlass.spool.sender.WriteRequests.Series;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteWriteEncoderTest {
  private static final Instant T = Instant.parse("2025-03-04T05:06:07.891Z");
  private static final long MS = T.toEpochMilli();

  private static MetricBatch batch(String uuid, Metric... metrics) {
    return new MetricBatch("input:cpu", uuid, T, List.of(metrics), "agent-7");
  }

  private static Metric metric(
      String key, String value, long offsetMillis, Map<String, String> labels) {
    return new Metric(key, value, T.plusMillis(offsetMillis), labels);
  }

  private static SinkEncoding encode(int maxSamples, long maxBytes, MetricBatch... batches) {
    return new RemoteWriteEncoder(maxSamples, maxBytes).encode(List.of(batches));
  }

  private static List<Series> only(SinkEncoding encoding) {
    assertThat(encoding.requests()).hasSize(1);
    return WriteRequests.decode(encoding.requests().get(0).body());
  }

  @Test
  void encodesEveryFieldOfEverySeries() {
    SinkEncoding encoding =
        encode(
            100,
            1 << 20,
            batch(
                "b1",
                metric("cpu.usage", "12.5", 0, Map.of("zone", "a", "host", "db")),
                metric("mem.free", "-3e2", 5, Map.of())));

    List<Series> series = only(encoding);
    assertThat(series).hasSize(2);
    Series cpu = series.get(0);
    assertThat(cpu.labelNames()).containsExactly("__name__", "agent", "host", "source", "zone");
    assertThat(cpu.labels())
        .containsExactly(
            Map.entry("__name__", "cpu_usage"),
            Map.entry("agent", "agent-7"),
            Map.entry("host", "db"),
            Map.entry("source", "input:cpu"),
            Map.entry("zone", "a"));
    assertThat(cpu.samples()).containsExactly(new Sample(12.5, MS));
    Series mem = series.get(1);
    assertThat(mem.labels())
        .containsExactly(
            Map.entry("__name__", "mem_free"),
            Map.entry("agent", "agent-7"),
            Map.entry("source", "input:cpu"));
    assertThat(mem.samples()).containsExactly(new Sample(-300.0, MS + 5));
    SinkRequest request = encoding.requests().get(0);
    assertThat(request.batches()).containsExactly("b1");
    assertThat(request.shard()).isZero();
    assertThat(request.metrics()).isEqualTo(2);
  }

  @Test
  void sanitisesNamesAndRenamesClashingOrReservedLabels() {
    List<Series> series =
        only(
            encode(
                100,
                1 << 20,
                batch(
                    "b1",
                    metric(
                        "9disk/io.read-bytes:total",
                        "1",
                        0,
                        Map.of(
                            "agent", "mine",
                            "__secret", "x",
                            "dev.name", "sda",
                            "dev_name", "sdb",
                            "empty", "",
                            "1st", "yes")))));

    assertThat(series.get(0).labels())
        .containsExactly(
            Map.entry("_1st", "yes"),
            Map.entry("__name__", "_9disk_io_read_bytes:total"),
            Map.entry("agent", "agent-7"),
            Map.entry("dev_name", "sda"),
            Map.entry("exported___secret", "x"),
            Map.entry("exported_agent", "mine"),
            Map.entry("exported_dev_name", "sdb"),
            Map.entry("source", "input:cpu"));
  }

  @Test
  void putsEachSeriesSamplesInTimeOrderAndKeepsTheLatestOfDuplicateTimes() {
    SinkEncoding encoding =
        encode(
            100,
            1 << 20,
            batch("b1", metric("x", "3", 30, Map.of()), metric("x", "1", 10, Map.of())),
            batch("b2", metric("x", "2", 20, Map.of()), metric("x", "9", 10, Map.of())));

    List<Series> series = only(encoding);
    assertThat(series).singleElement();
    assertThat(series.get(0).samples())
        .containsExactly(new Sample(9, MS + 10), new Sample(2, MS + 20), new Sample(3, MS + 30));
    assertThat(encoding.requests().get(0).metrics()).isEqualTo(3);
    assertThat(encoding.requests().get(0).batches()).containsExactly("b1", "b2");
  }

  @Test
  void splitsByMetricsAndABatchThatDoesNotFitContinuesInTheNextRequest() {
    SinkEncoding encoding =
        encode(
            3,
            1 << 20,
            batch("b1", metric("a", "1", 0, Map.of()), metric("a", "2", 1, Map.of())),
            batch(
                "b2",
                metric("b", "1", 0, Map.of()),
                metric("b", "2", 1, Map.of()),
                metric("b", "3", 2, Map.of()),
                metric("b", "4", 3, Map.of())));

    List<SinkRequest> requests = encoding.requests();
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).batches()).containsExactly("b1", "b2");
    assertThat(requests.get(0).metrics()).isEqualTo(3);
    assertThat(requests.get(1).batches()).containsExactly("b2");
    assertThat(WriteRequests.decode(requests.get(1).body()).get(0).samples())
        .extracting(Sample::value)
        .containsExactly(2.0, 3.0, 4.0);
  }

  @Test
  void splitsByBytesWithExactSizes() {
    List<Metric> metrics = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      metrics.add(metric("series" + i % 7, Integer.toString(i), i, Map.of("i", "v" + i % 3)));
    }
    MetricBatch batch = new MetricBatch("input:x", "b1", T, metrics, "agent-7");
    long oneRequest = encode(1000, 1 << 20, batch).requests().get(0).body().length;

    for (long limit : new long[] {oneRequest, oneRequest - 1, oneRequest / 3, 150, 1}) {
      SinkEncoding encoding = encode(1000, limit, batch);
      int samples = 0;
      for (SinkRequest request : encoding.requests()) {
        if (request.metrics() > 1) {
          assertThat((long) request.body().length).as("limit %s", limit).isLessThanOrEqualTo(limit);
        }
        samples +=
            WriteRequests.decode(request.body()).stream().mapToInt(s -> s.samples().size()).sum();
        assertThat(samples).isLessThanOrEqualTo(200);
      }
      assertThat(samples).as("limit %s", limit).isEqualTo(200);
      assertThat(encoding.requests())
          .allSatisfy(request -> assertThat(request.batches()).containsExactly("b1"));
    }
    assertThat(encode(1000, oneRequest, batch).requests()).hasSize(1);
    assertThat(encode(1000, oneRequest - 1, batch).requests()).hasSize(2);
    assertThat(encode(1000, 1, batch).requests()).as("one sample per request").hasSize(200);
  }

  @Test
  void aBatchWithAValueThatIsNotANumberIsUnencodableAndBlocksNoOther() {
    SinkEncoding encoding =
        encode(
            100,
            1 << 20,
            batch("bad", metric("x", "1", 0, Map.of()), metric("y", "0x1F", 0, Map.of())),
            batch("good", metric("x", "1.5e3", 0, Map.of())));

    assertThat(encoding.unencodable())
        .containsExactly(Map.entry("bad", "metric \"y\" value \"0x1F\" is not a number"));
    assertThat(only(encoding).get(0).samples()).containsExactly(new Sample(1500, MS));
    assertThat(encoding.requests().get(0).batches()).containsExactly("good");
  }

  @Test
  void acceptsDecimalValuesOnly() {
    for (String ok : List.of("0", "-1", "+2.5", ".5", "5.", "1e3", "1E-3", " 7 ")) {
      assertThat(RemoteWriteEncoder.value(new Metric("k", ok, T))).as(ok).isNotNaN();
    }
    for (String bad : List.of("nan", "Infinity", "1d", "0x10", "", "1,5", "one")) {
      assertThat(encode(1, 100, batch("b", new Metric("k", bad, T))).unencodable())
          .as(bad)
          .containsKey("b");
    }
  }

  @Test
  void encodesNanAndTheInfinitiesAsTheDoublesBackendsStore() {
    List<Series> series =
        only(
            encode(
                100,
                1 << 20,
                batch(
                    "b",
                    metric("a", "NaN", 10, Map.of()),
                    metric("a", "+Inf", 20, Map.of()),
                    metric("a", "-Inf", 30, Map.of()))));

    List<Sample> samples = series.get(0).samples();
    assertThat(samples).hasSize(3);
    // NaN as Java and Go write it, not Prometheus' staleness marker (0x7ff0000000000002).
    assertThat(Double.doubleToRawLongBits(samples.get(0).value())).isEqualTo(0x7ff8000000000000L);
    assertThat(samples.get(1)).isEqualTo(new Sample(Double.POSITIVE_INFINITY, MS + 20));
    assertThat(samples.get(2)).isEqualTo(new Sample(Double.NEGATIVE_INFINITY, MS + 30));
  }

  /**
   * Covers merging metrics whose names differ only before sanitising into one series of a request,
   * in time order, the later value winning at one time.
   */
  @Test
  void mergesMetricsWhoseNamesSanitiseAlikeIntoOneSeries() {
    List<Series> series =
        only(
            encode(
                100,
                1 << 20,
                batch(
                    "b1",
                    metric("disk.used", "1", 20, Map.of()),
                    metric("disk_used", "2", 10, Map.of()),
                    metric("disk-used", "3", 20, Map.of("empty", "")))));

    assertThat(series).singleElement();
    assertThat(series.get(0).samples())
        .containsExactly(new Sample(2, MS + 10), new Sample(3, MS + 20));
  }

  @Test
  void ordersAndDeduplicatesEachSeriesLikeASortedMapOverManyBatches() {
    SplittableRandom random = new SplittableRandom(7);
    List<MetricBatch> batches = new ArrayList<>();
    Map<String, TreeMap<Long, Double>> expected = new TreeMap<>();
    for (int b = 0; b < 20; b++) {
      List<Metric> metrics = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        String host = "h" + random.nextInt(4);
        long offset = random.nextInt(40);
        int value = random.nextInt(1000);
        metrics.add(metric("load", Integer.toString(value), offset, Map.of("host", host)));
        expected.computeIfAbsent(host, h -> new TreeMap<>()).put(MS + offset, (double) value);
      }
      batches.add(new MetricBatch("input:x", "b" + b, T, metrics, "agent-7"));
    }

    List<Series> series = only(new RemoteWriteEncoder(10_000, 1 << 20).encode(batches));

    assertThat(series).hasSize(expected.size());
    for (Series one : series) {
      List<Sample> samples = new ArrayList<>();
      expected
          .get(one.labels().get("host"))
          .forEach((ms, value) -> samples.add(new Sample(value, ms)));
      assertThat(one.samples()).as(one.labels().toString()).isEqualTo(samples);
    }
  }

  @Test
  void encodesTheSameAfterItsSeriesCacheStartsOver() {
    RemoteWriteEncoder encoder = new RemoteWriteEncoder(100_000, 64 << 20);
    List<Metric> many = new ArrayList<>();
    for (int i = 0; i <= SeriesCache.MAX_ENTRIES; i++) {
      many.add(metric("m" + i, "1", 0, Map.of()));
    }
    MetricBatch small = batch("b2", metric("m0", "2", 1, Map.of()), metric("m1", "3", 1, Map.of()));
    byte[] fresh =
        new RemoteWriteEncoder(100_000, 64 << 20).encode(List.of(small)).requests().get(0).body();

    encoder.encode(List.of(new MetricBatch("input:cpu", "b1", T, many, "agent-7")));
    SinkEncoding again = encoder.encode(List.of(small));

    assertThat(again.requests().get(0).body()).isEqualTo(fresh);
  }

  @Test
  void givesEachMessageToTheBodyFormatAndSendsWhatItMakes() {
    MetricBatch batch =
        batch(
            "b1",
            metric("a", "1", 0, Map.of()),
            metric("b", "2", 0, Map.of()),
            metric("c", "3", 0, Map.of()));
    List<byte[]> raw = new ArrayList<>();
    for (SinkRequest request : encode(1, 1 << 20, batch).requests()) {
      raw.add(request.body());
    }

    List<SinkRequest> formatted =
        new RemoteWriteEncoder(1, 1 << 20)
            .encode(
                List.of(batch),
                DeliveredSamples.NONE,
                (message, length) -> {
                  byte[] body = new byte[length + 1];
                  body[0] = 42;
                  System.arraycopy(message, 0, body, 1, length);
                  return body;
                })
            .requests();

    assertThat(formatted).hasSize(3);
    for (int i = 0; i < 3; i++) {
      byte[] body = formatted.get(i).body();
      assertThat(body[0]).isEqualTo((byte) 42);
      assertThat(Arrays.copyOfRange(body, 1, body.length)).isEqualTo(raw.get(i));
    }
  }

  /**
   * Shards split the samples by series: together their requests carry what one shard's carry, each
   * series in one shard only and in time order there, each request within the limits.
   */
  @Test
  void putsEachSeriesInOneShardAndKeepsTheLimitsInEach() {
    List<MetricBatch> batches = new ArrayList<>();
    for (int b = 0; b < 10; b++) {
      List<Metric> metrics = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        metrics.add(metric("load", Integer.toString(i), 100L * b + i, Map.of("host", "h" + i % 9)));
      }
      batches.add(new MetricBatch("input:x", "b" + b, T, metrics, "agent-7"));
    }

    SinkEncoding one = new RemoteWriteEncoder(7, 1 << 20, 1).encode(batches);
    SinkEncoding four = new RemoteWriteEncoder(7, 1 << 20, 4).encode(batches);

    Map<String, TreeMap<Long, Double>> sharded = new TreeMap<>();
    Map<String, Integer> shards = new TreeMap<>();
    for (SinkRequest request : four.requests()) {
      assertThat(request.metrics()).isBetween(1, 7);
      assertThat(request.shard()).isBetween(0, 3);
      for (Series series : WriteRequests.decode(request.body())) {
        String host = series.labels().get("host");
        assertThat(shards.computeIfAbsent(host, h -> request.shard())).isEqualTo(request.shard());
        TreeMap<Long, Double> samples = sharded.computeIfAbsent(host, h -> new TreeMap<>());
        for (Sample sample : series.samples()) {
          assertThat(samples.isEmpty() || samples.lastKey() < sample.timestamp()).isTrue();
          samples.put(sample.timestamp(), sample.value());
        }
      }
    }
    Map<String, TreeMap<Long, Double>> unsharded = new TreeMap<>();
    for (SinkRequest request : one.requests()) {
      assertThat(request.shard()).isZero();
      for (Series series : WriteRequests.decode(request.body())) {
        TreeMap<Long, Double> samples =
            unsharded.computeIfAbsent(series.labels().get("host"), h -> new TreeMap<>());
        series.samples().forEach(sample -> samples.put(sample.timestamp(), sample.value()));
      }
    }
    assertThat(sharded).isEqualTo(unsharded);
    assertThat(new HashSet<>(shards.values())).hasSizeGreaterThan(1);
  }

  @Test
  void leavesOutTheShardsAlreadyDeliveredButStillCarriesEveryBatch() {
    RemoteWriteEncoder encoder = new RemoteWriteEncoder(100, 1 << 20, 2);
    List<MetricBatch> batches = new ArrayList<>();
    for (String uuid : List.of("partly", "whole", "done")) {
      List<Metric> metrics = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        metrics.add(metric("load", "1", batches.size(), Map.of("host", "h" + i)));
      }
      batches.add(new MetricBatch("input:x", uuid, T, metrics, "agent-7"));
    }
    Map<String, Long> delivered = Map.of("partly", 0b01L, "done", 0b11L);

    SinkEncoding encoding =
        encoder.encode(
            batches,
            (uuid, shard) ->
                (delivered.getOrDefault(uuid, 0L) & (1L << shard)) != 0 ? Integer.MAX_VALUE : 0,
            RemoteWriteEncoder.BodyFormat.UNCOMPRESSED);

    assertThat(encoding.requests()).extracting(SinkRequest::shard).containsExactly(0, 1);
    assertThat(encoding.requests().get(0).batches()).containsExactly("whole", "done");
    assertThat(encoding.requests().get(1).batches()).containsExactly("partly", "whole");
    int inShard0 = encoding.requests().get(0).metrics();
    assertThat(encoding.requests().get(1).metrics()).isEqualTo(2 * (20 - inShard0));
  }

  /**
   * A batch's samples in a shard go out in its order, so the first ones the backend has are left
   * out by count, and each request says how many of each batch it carries.
   */
  @Test
  void leavesOutTheFirstSamplesDeliveredInEachShardAndCountsWhatEachRequestCarries() {
    RemoteWriteEncoder encoder = new RemoteWriteEncoder(7, 1 << 20, 1);
    List<MetricBatch> batches = new ArrayList<>();
    for (String uuid : List.of("a", "b")) {
      List<Metric> metrics = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        metrics.add(metric("load", Integer.toString(i), batches.size(), Map.of("host", "h" + i)));
      }
      batches.add(new MetricBatch("input:x", uuid, T, metrics, "agent-7"));
    }

    SinkEncoding whole = encoder.encode(batches);
    SinkEncoding rest =
        encoder.encode(
            batches,
            (uuid, shard) -> uuid.equals("a") ? 7 : 0,
            RemoteWriteEncoder.BodyFormat.UNCOMPRESSED);

    assertThat(whole.requests())
        .extracting(SinkRequest::samples)
        .containsExactly(List.of(7), List.of(3, 4), List.of(6));
    assertThat(rest.requests())
        .extracting(SinkRequest::samples)
        .containsExactly(List.of(3, 4), List.of(6));
    assertThat(rest.requests())
        .extracting(SinkRequest::body)
        .containsExactly(whole.requests().get(1).body(), whole.requests().get(2).body());
  }

  /**
   * The progress journal counts samples per shard: if series moved to other shards, a journal
   * written before would skip samples never delivered. A change here must change {@link
   * DeliveryProgress#MAGIC}, so that older journals are not read.
   */
  @Test
  void theShardOfASeriesStaysTheSameForTheProgressJournal() {
    RemoteWriteEncoder encoder = new RemoteWriteEncoder(100, 1 << 20, 4);
    List<Metric> metrics = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      metrics.add(metric("load", "1", 0, Map.of("host", "h" + i)));
    }
    SinkEncoding encoding =
        encoder.encode(List.of(new MetricBatch("input:x", "pinned", T, metrics, "agent-7")));

    Map<String, Integer> shards = new HashMap<>();
    for (SinkRequest request : encoding.requests()) {
      for (WriteRequests.Series series : WriteRequests.decode(request.body())) {
        shards.put(series.labels().get("host"), request.shard());
      }
    }
    assertThat(shards).as("bump DeliveryProgress.MAGIC if this changes").isEqualTo(PINNED);
  }

  private static final Map<String, Integer> PINNED =
      Map.of("h0", 2, "h1", 2, "h2", 1, "h3", 0, "h4", 3, "h5", 3, "h6", 3, "h7", 0);

  @Test
  void encodesMetricsReadFromTheSpoolWithoutMakingThemAsFromTheirList(@TempDir Path dir)
      throws Exception {
    List<MetricBatch> read;
    try (SpoolDirectory spool = SpoolDirectory.open(dir, SpoolOptions.builder().build())) {
      for (int b = 0; b < 3; b++) {
        JsonMetricRecorder recorder = spool.recorder(DeclaredMetrics.any(), "input:cpu", "agent-7");
        List<String> values = List.of("1e3", "-0", ".5", "12", "3.25", "1.7976931348623157e308");
        for (int i = 0; i < 60; i++) {
          Map<String, String> labels =
              i % 3 == 0 ? Map.of() : Map.of("cpu", Integer.toString(i % 7), "b", "x" + b % 2);
          recorder.addMetric(
              "cpu.usage" + i % 4,
              values.get((i + b) % values.size()),
              T.plusMillis(i / 5),
              labels);
        }
        recorder.close();
      }
      try (MetricReader reader = spool.reader()) {
        read = reader.read();
      }
    }
    assertThat(read)
        .hasSize(3)
        .allSatisfy(b -> assertThat(b.metrics()).isInstanceOf(MetricColumns.class));
    List<MetricBatch> listed = new ArrayList<>();
    for (MetricBatch b : read) {
      listed.add(
          new MetricBatch(
              b.charmUrl(), b.uuid(), b.created(), List.copyOf(b.metrics()), b.unitTag()));
    }

    SinkEncoding fromColumns = new RemoteWriteEncoder(20, 1 << 20, 3).encode(read);
    SinkEncoding fromList = new RemoteWriteEncoder(20, 1 << 20, 3).encode(listed);

    assertThat(fromColumns.requests()).hasSameSizeAs(fromList.requests()).hasSizeGreaterThan(3);
    for (int r = 0; r < fromList.requests().size(); r++) {
      assertThat(fromColumns.requests().get(r).body()).isEqualTo(fromList.requests().get(r).body());
      assertThat(fromColumns.requests().get(r).batches())
          .isEqualTo(fromList.requests().get(r).batches());
    }
    assertThat(read).isEqualTo(listed);
  }

  private static MetricBatch describedBatch(
      String uuid, List<MetricFamily> families, Metric... metrics) {
    return new MetricBatch("input:x", uuid, T, List.of(metrics), "agent-7", families);
  }

  @Test
  void carriesTheFamiliesABatchDescribesAsMetadataAfterTheSeries() {
    MetricBatch batch =
        describedBatch(
            "b1",
            List.of(
                new MetricFamily("http_requests_total", MetricType.COUNTER, "Requests.", ""),
                new MetricFamily("app.latency", MetricType.HISTOGRAM, "Latency.", "seconds"),
                new MetricFamily("temperature", MetricType.UNKNOWN, "", "")),
            metric("http_requests_total", "3", 0, Map.of()),
            metric("app.latency_count", "1", 0, Map.of()));

    SinkEncoding encoding = encode(100, 1 << 20, batch);

    byte[] body = encoding.requests().get(0).body();
    assertThat(WriteRequests.decode(body)).hasSize(2);
    assertThat(WriteRequests.decodeMetadata(body))
        .containsExactly(
            new Metadata(1, "http_requests_total", "Requests.", ""),
            new Metadata(3, "app_latency", "Latency.", "seconds"),
            new Metadata(0, "temperature", "", ""));
  }

  @Test
  void sendsEachFamilyOncePerRequestAndNoneForBatchesThatDescribeNothing() {
    MetricFamily up = new MetricFamily("up", MetricType.GAUGE, "Whether it is up.", "");
    SinkEncoding encoding =
        encode(
            100,
            1 << 20,
            describedBatch("b1", List.of(up), metric("up", "1", 0, Map.of())),
            describedBatch("b2", List.of(up), metric("up", "0", 1, Map.of())),
            batch("b3", metric("other", "2", 2, Map.of())));

    assertThat(WriteRequests.decodeMetadata(encoding.requests().get(0).body()))
        .containsExactly(new Metadata(2, "up", "Whether it is up.", ""));
    assertThat(
            WriteRequests.decodeMetadata(
                encode(100, 1 << 20, batch("b3", metric("x", "1", 0, Map.of())))
                    .requests()
                    .get(0)
                    .body()))
        .isEmpty();
  }

  @Test
  void keepsRequestsWithinTheByteLimitWithMetadataAndRepeatsItInTheNextRequest() {
    List<MetricFamily> families = new ArrayList<>();
    List<Metric> metrics = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      families.add(new MetricFamily("series" + i, MetricType.GAUGE, "Help of series " + i, ""));
      metrics.add(metric("series" + i, Integer.toString(i), i, Map.of()));
    }
    MetricBatch batch = new MetricBatch("input:x", "b1", T, metrics, "agent-7", families);
    long oneRequest = encode(1000, 1 << 20, batch).requests().get(0).body().length;

    for (long limit : new long[] {oneRequest, oneRequest - 1, oneRequest / 2}) {
      SinkEncoding encoding = encode(1000, limit, batch);
      int samples = 0;
      for (SinkRequest request : encoding.requests()) {
        assertThat((long) request.body().length).as("limit %s", limit).isLessThanOrEqualTo(limit);
        samples +=
            WriteRequests.decode(request.body()).stream().mapToInt(s -> s.samples().size()).sum();
      }
      assertThat(samples).as("limit %s", limit).isEqualTo(20);
      assertThat(WriteRequests.decodeMetadata(encoding.requests().get(0).body()))
          .as("limit %s", limit)
          .hasSize(20);
    }
    assertThat(encode(1000, oneRequest, batch).requests()).hasSize(1);
    SinkEncoding split = encode(1000, oneRequest - 1, batch);
    assertThat(split.requests()).hasSize(2);
    assertThat(WriteRequests.decodeMetadata(split.requests().get(1).body()))
        .as("the batch's first sample in the next request brings its families again")
        .hasSize(20);
  }

  @Test
  void leavesOutMetadataThatCannotFitEvenAnEmptyRequest() {
    MetricBatch batch =
        describedBatch(
            "b1",
            List.of(new MetricFamily("x", MetricType.GAUGE, "h".repeat(500), "")),
            metric("x", "1", 0, Map.of()));

    SinkEncoding encoding = encode(1000, 100, batch);

    assertThat(encoding.requests()).hasSize(1);
    byte[] body = encoding.requests().get(0).body();
    assertThat(body.length).isLessThanOrEqualTo(100);
    assertThat(WriteRequests.decode(body)).hasSize(1);
    assertThat(WriteRequests.decodeMetadata(body)).isEmpty();
  }

  @Test
  void mapsEveryTypeToItsProtobufNumber() {
    assertThat(FamilyMetadata.typeNumber(MetricType.UNKNOWN)).isZero();
    assertThat(FamilyMetadata.typeNumber(MetricType.COUNTER)).isEqualTo(1);
    assertThat(FamilyMetadata.typeNumber(MetricType.GAUGE)).isEqualTo(2);
    assertThat(FamilyMetadata.typeNumber(MetricType.HISTOGRAM)).isEqualTo(3);
    assertThat(FamilyMetadata.typeNumber(MetricType.GAUGE_HISTOGRAM)).isEqualTo(4);
    assertThat(FamilyMetadata.typeNumber(MetricType.SUMMARY)).isEqualTo(5);
    assertThat(FamilyMetadata.typeNumber(MetricType.INFO)).isEqualTo(6);
    assertThat(FamilyMetadata.typeNumber(MetricType.STATESET)).isEqualTo(7);
  }
}
