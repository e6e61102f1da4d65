package io.windlass.it.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.windlass.it.backend.RemoteWrite.Answer;
import io.windlass.it.backend.RemoteWrite.Series;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xerial.snappy.Snappy;

/**
 * The backend fixtures against the real binaries, and what each backend answers to the remote
 * writes a sender must classify (docs/BACKENDS.md records the same answers): duplicates,
 * out-of-order samples, samples too old, malformed bodies, a stopped backend.
 *
 * <p>One Prometheus and one VictoriaMetrics serve the whole class; each test uses its own metric
 * names. No test writes a sample from the future to the shared Prometheus: that would move its head
 * ahead and make every later sample "out of bounds" (the test that shows it has its own).
 */
class BackendServersIT {
  @RegisterExtension
  static final BackendExtension<PrometheusServer> PROMETHEUS =
      new BackendExtension<>(PrometheusServer::new);

  @RegisterExtension
  static final BackendExtension<VictoriaMetricsServer> VM =
      new BackendExtension<>(VictoriaMetricsServer::new);

  private static final Duration HOUR = Duration.ofHours(1);

  private static final Answer NO_CONTENT = new Answer(204, "", "");

  /** What Prometheus' remote-write handler answers with {@code http.Error}: text and a newline. */
  private static Answer prometheusError(String message) {
    return new Answer(400, message + "\n", "text/plain; charset=utf-8");
  }

  /** VictoriaMetrics' 400: the client's address, the URI, then the message. */
  private static String vmErrorPattern(String message) {
    return "remoteAddr: \"127\\.0\\.0\\.1:\\d+\"; requestURI: /api/v1/write; "
        + Pattern.quote(message)
        + "\n";
  }

  /** Now, to the second: the samples' timestamps are whole seconds. */
  private static long nowMillis() {
    long now = System.currentTimeMillis();
    return now - now % 1000;
  }

  // --- Round trip and restart ---------------------------------------------------------------

  @Test
  void prometheusStoresSamplesExactlyAndKeepsThemAcrossRestartAndKill() {
    PrometheusServer prometheus = PROMETHEUS.get();
    long now = nowMillis();
    List<Series> written = roundTripSeries("windlass_it_prom_roundtrip", now);

    assertThat(RemoteWrite.post(prometheus.remoteWriteUri(), written)).isEqualTo(NO_CONTENT);
    assertStored(prometheus, "windlass_it_prom_roundtrip", written, now);

    int port = prometheus.port();
    long pid = prometheus.pid();
    Path dataDir = prometheus.dataDir();
    prometheus.stop();
    assertThat(prometheus.isRunning()).isFalse();
    assertRefused(prometheus.remoteWriteUri());

    prometheus.start();
    assertThat(prometheus.port()).isEqualTo(port);
    assertThat(prometheus.pid()).isNotEqualTo(pid);
    assertThat(prometheus.dataDir()).isEqualTo(dataDir);
    assertStored(prometheus, "windlass_it_prom_roundtrip", written, now);

    // SIGKILL right after the answer loses nothing: the WAL has the samples before the 204.
    Series afterKill = Series.of("windlass_it_prom_kill").sample(now, 7);
    assertThat(RemoteWrite.post(prometheus.remoteWriteUri(), afterKill)).isEqualTo(NO_CONTENT);
    prometheus.kill();
    prometheus.start();
    assertThat(rawByLabels(prometheus, "windlass_it_prom_kill", now))
        .isEqualTo(byLabels(List.of(afterKill)));
    assertThat(prometheus.log())
        .contains("=== windlass: starting ")
        .contains("WAL replay completed");
  }

  @Test
  void victoriaMetricsStoresSamplesExactlyAndKeepsThemAcrossRestart() {
    VictoriaMetricsServer vm = VM.get();
    long now = nowMillis();
    List<Series> written = roundTripSeries("windlass_it_vm_roundtrip", now);

    assertThat(RemoteWrite.post(vm.remoteWriteUri(), written)).isEqualTo(NO_CONTENT);
    assertStored(vm, "windlass_it_vm_roundtrip", written, now);
    assertThat(exportByLabels(vm, "windlass_it_vm_roundtrip")).isEqualTo(byLabels(written));

    int port = vm.port();
    long pid = vm.pid();
    vm.restart();
    assertThat(vm.port()).isEqualTo(port);
    assertThat(vm.pid()).isNotEqualTo(pid);
    assertStored(vm, "windlass_it_vm_roundtrip", written, now);
    assertThat(exportByLabels(vm, "windlass_it_vm_roundtrip")).isEqualTo(byLabels(written));

    vm.stop();
    assertRefused(vm.remoteWriteUri());
    vm.start();
    assertThat(exportByLabels(vm, "windlass_it_vm_roundtrip")).isEqualTo(byLabels(written));
  }

  /** Two series of one metric, three samples each, the last at {@code now}. */
  private static List<Series> roundTripSeries(String name, long now) {
    return List.of(
        Series.of(name, "host", "a", "region", "eu-west")
            .sample(now - 2000, 1.5)
            .sample(now - 1000, 2.5)
            .sample(now, -3.25),
        Series.of(name, "host", "b", "region", "us-east", "empty_looking", "x y=z")
            .sample(now - 2000, 10)
            .sample(now - 1000, 0.001)
            .sample(now, 12345678.901));
  }

  private static void assertStored(
      PromApiBackend backend, String name, List<Series> written, long now) {
    Instant at = Instant.ofEpochMilli(now);
    // An instant query: each series' latest sample, with every label.
    Map<Map<String, String>, Double> latest = new LinkedHashMap<>();
    for (VectorSample sample : backend.query(name, at)) {
      assertThat(sample.timestampMillis()).isEqualTo(now);
      latest.put(sample.labels(), sample.value());
    }
    Map<Map<String, String>, Double> expectedLatest = new LinkedHashMap<>();
    written.forEach(
        s -> expectedLatest.put(s.labels(), s.samples().get(s.samples().size() - 1).value()));
    assertThat(latest).isEqualTo(expectedLatest);

    // The raw samples, and a range query on the samples' own timestamps.
    assertThat(rawByLabels(backend, name, now)).isEqualTo(byLabels(written));
    Map<Map<String, String>, List<Point>> range = new LinkedHashMap<>();
    backend
        .queryRange(name, at.minusSeconds(2), at, Duration.ofSeconds(1))
        .forEach(s -> range.put(s.labels(), s.points()));
    assertThat(range).isEqualTo(byLabels(written));

    // The series API.
    assertThat(backend.series(name))
        .containsExactlyInAnyOrderElementsOf(written.stream().map(Series::labels).toList());
  }

  @Test
  void victoriaMetricsRoundsTheValuesOfABlockToOneDecimalExponent() {
    VictoriaMetricsServer vm = VM.get();
    long now = nowMillis();
    Series wide =
        Series.of("windlass_it_vm_precision")
            .sample(now - 2000, 10)
            .sample(now - 1000, 1e-9)
            .sample(now, 12345678901.0);
    assertThat(RemoteWrite.post(vm.remoteWriteUri(), wide)).isEqualTo(NO_CONTENT);
    // A block's values share one exponent with int64 mantissas: 1e-9 beside 1.2e10 becomes 0.
    assertThat(exportByLabels(vm, "windlass_it_vm_precision"))
        .isEqualTo(
            Map.of(
                wide.labels(),
                List.of(
                    new Point(now - 2000, 10),
                    new Point(now - 1000, 0),
                    new Point(now, 12345678901.0))));
  }

  // --- Duplicates ---------------------------------------------------------------------------

  @Test
  void prometheusAcceptsOnlyTheLatestSampleAgainAndRefusesAResentBatch() {
    PrometheusServer prometheus = PROMETHEUS.get();
    URI write = prometheus.remoteWriteUri();
    long now = nowMillis();
    Series series = Series.of("windlass_it_prom_dup", "k", "v");
    Series batch = series.sample(now - 1000, 1).sample(now, 2);
    assertThat(RemoteWrite.post(write, batch)).isEqualTo(NO_CONTENT);

    // The series' latest sample again, same value: accepted, stored once.
    assertThat(RemoteWrite.post(write, series.sample(now, 2))).isEqualTo(NO_CONTENT);
    // The whole batch again: its first sample is older than the latest, so "out of order",
    // although it is already stored. The answer cannot tell "already present" from "too late".
    assertThat(RemoteWrite.post(write, batch)).isEqualTo(prometheusError("out of order sample"));
    // The latest timestamp with another value.
    assertThat(RemoteWrite.post(write, series.sample(now, 5)))
        .isEqualTo(prometheusError("duplicate sample for timestamp"));
    assertThat(rawByLabels(prometheus, "windlass_it_prom_dup", now))
        .isEqualTo(byLabels(List.of(batch)));

    // Within one request, for a new series: an identical sample twice is stored once; the same
    // timestamp with two values keeps the first, silently.
    Series twice = Series.of("windlass_it_prom_dup_twice").sample(now, 7).sample(now, 7);
    Series twoValues = Series.of("windlass_it_prom_dup_values").sample(now, 7).sample(now, 8);
    assertThat(RemoteWrite.post(write, twice, twoValues)).isEqualTo(NO_CONTENT);
    assertThat(rawByLabels(prometheus, "{__name__=~\"windlass_it_prom_dup_.+\"}", now))
        .isEqualTo(
            byLabels(
                List.of(
                    Series.of("windlass_it_prom_dup_twice").sample(now, 7),
                    Series.of("windlass_it_prom_dup_values").sample(now, 7))));
  }

  @Test
  void victoriaMetricsStoresEveryDuplicate() {
    VictoriaMetricsServer vm = VM.get();
    URI write = vm.remoteWriteUri();
    long now = nowMillis();
    Series series = Series.of("windlass_it_vm_dup", "k", "v");
    Series batch = series.sample(now - 1000, 1).sample(now, 2);

    assertThat(RemoteWrite.post(write, batch)).isEqualTo(NO_CONTENT);
    assertThat(RemoteWrite.post(write, batch)).isEqualTo(NO_CONTENT);
    assertThat(RemoteWrite.post(write, series.sample(now, 2))).isEqualTo(NO_CONTENT);
    assertThat(RemoteWrite.post(write, series.sample(now, 5))).isEqualTo(NO_CONTENT);

    // No deduplication (-dedup.minScrapeInterval is unset): every copy is a raw sample.
    assertThat(exportByLabels(vm, "windlass_it_vm_dup"))
        .isEqualTo(
            Map.of(
                series.labels(),
                List.of(
                    new Point(now - 1000, 1),
                    new Point(now - 1000, 1),
                    new Point(now, 2),
                    new Point(now, 2),
                    new Point(now, 2),
                    new Point(now, 5))));
    // The copies survive a restart (and the merges it causes).
    vm.restart();
    assertThat(exportByLabels(vm, "windlass_it_vm_dup").get(series.labels())).hasSize(6);
  }

  // --- Out of order -------------------------------------------------------------------------

  @Test
  void prometheusRefusesAnOutOfOrderSampleWithTheWholeRequest() {
    PrometheusServer prometheus = PROMETHEUS.get();
    URI write = prometheus.remoteWriteUri();
    long now = nowMillis();
    Series series = Series.of("windlass_it_prom_ooo");
    assertThat(RemoteWrite.post(write, series.sample(now, 1))).isEqualTo(NO_CONTENT);

    assertThat(RemoteWrite.post(write, series.sample(now - 60_000, 2)))
        .isEqualTo(prometheusError("out of order sample"));

    // A good sample of another series in the same request is not stored either: one bad sample
    // rolls the whole request back.
    Series good = Series.of("windlass_it_prom_ooo_good").sample(now, 3);
    assertThat(RemoteWrite.post(write, good, series.sample(now - 120_000, 4)))
        .isEqualTo(prometheusError("out of order sample"));
    assertThat(rawByLabels(prometheus, "windlass_it_prom_ooo_good", now)).isEmpty();
    assertThat(rawByLabels(prometheus, "windlass_it_prom_ooo", now))
        .isEqualTo(byLabels(List.of(series.sample(now, 1))));

    // Samples of a new series out of order within one request: 204, but the older is dropped.
    Series unsorted =
        Series.of("windlass_it_prom_ooo_unsorted").sample(now, 5).sample(now - 1000, 6);
    assertThat(RemoteWrite.post(write, unsorted)).isEqualTo(NO_CONTENT);
    assertThat(rawByLabels(prometheus, "windlass_it_prom_ooo_unsorted", now))
        .isEqualTo(byLabels(List.of(Series.of("windlass_it_prom_ooo_unsorted").sample(now, 5))));
  }

  @Test
  void victoriaMetricsStoresOutOfOrderSamples() {
    VictoriaMetricsServer vm = VM.get();
    URI write = vm.remoteWriteUri();
    long now = nowMillis();
    Series series = Series.of("windlass_it_vm_ooo");

    assertThat(RemoteWrite.post(write, series.sample(now, 1))).isEqualTo(NO_CONTENT);
    assertThat(RemoteWrite.post(write, series.sample(now - 60_000, 2))).isEqualTo(NO_CONTENT);
    assertThat(RemoteWrite.post(write, series.sample(now - 1000, 3).sample(now - 2000, 4)))
        .isEqualTo(NO_CONTENT);

    assertThat(exportByLabels(vm, "windlass_it_vm_ooo"))
        .isEqualTo(
            Map.of(
                series.labels(),
                List.of(
                    new Point(now - 60_000, 2),
                    new Point(now - 2000, 4),
                    new Point(now - 1000, 3),
                    new Point(now, 1))));
  }

  // --- Too old ------------------------------------------------------------------------------

  @Test
  void prometheusRefusesSamplesMoreThanAnHourBehindItsNewest() {
    PrometheusServer prometheus = PROMETHEUS.get();
    URI write = prometheus.remoteWriteUri();
    long now = nowMillis();
    // The head's newest sample is now (or a moment before, from another test).
    assertThat(RemoteWrite.post(write, Series.of("windlass_it_prom_old_anchor").sample(now, 1)))
        .isEqualTo(NO_CONTENT);

    // Any series, new or not, more than half a block range (1 h) behind the newest sample.
    assertThat(
            RemoteWrite.post(write, Series.of("windlass_it_prom_old").sample(now - 61 * 60_000, 1)))
        .isEqualTo(prometheusError("out of bounds"));
    assertThat(RemoteWrite.post(write, Series.of("windlass_it_prom_old_epoch").sample(0, 1)))
        .isEqualTo(prometheusError("out of bounds"));
    // Inside the hour a new series is still accepted.
    Series recent = Series.of("windlass_it_prom_old_recent").sample(now - 59 * 60_000, 1);
    assertThat(RemoteWrite.post(write, recent)).isEqualTo(NO_CONTENT);

    assertThat(rawByLabels(prometheus, "{__name__=~\"windlass_it_prom_old.*\"}", now))
        .isEqualTo(
            byLabels(List.of(Series.of("windlass_it_prom_old_anchor").sample(now, 1), recent)));
  }

  @Test
  void aFreshPrometheusAcceptsAnyTimeButASampleFromTheFutureShutsOutThePresent() {
    long now = nowMillis();
    try (PrometheusServer prometheus = new PrometheusServer().start()) {
      URI write = prometheus.remoteWriteUri();
      // An empty head has no lower bound yet.
      assertThat(
              RemoteWrite.post(
                  write, Series.of("windlass_it_prom_fresh_old").sample(now - 2 * 86_400_000, 1)))
          .isEqualTo(NO_CONTENT);
      // No upper bound either: a sample 3 days ahead is accepted...
      assertThat(
              RemoteWrite.post(
                  write, Series.of("windlass_it_prom_future").sample(now + 3 * 86_400_000, 1)))
          .isEqualTo(NO_CONTENT);
      // ...and moves the head ahead, so the present is now more than an hour behind its newest.
      assertThat(RemoteWrite.post(write, Series.of("windlass_it_prom_present").sample(now, 1)))
          .isEqualTo(prometheusError("out of bounds"));
    }
  }

  @Test
  void victoriaMetricsDropsSamplesOutsideRetentionOrTooFarAheadSilently() {
    VictoriaMetricsServer vm = VM.get();
    URI write = vm.remoteWriteUri();
    long now = nowMillis();
    long sixYearsAgo = now - Duration.ofDays(6 * 366).toMillis();
    long threeDaysAhead = now + Duration.ofDays(3).toMillis();

    // -retentionPeriod=5y: a sample from 6 years ago is answered 204 and dropped; so is one more
    // than 2 days ahead. Only the log says so.
    Series old = Series.of("windlass_it_vm_old").sample(sixYearsAgo, 1);
    Series ahead = Series.of("windlass_it_vm_ahead").sample(threeDaysAhead, 1);
    Series kept = Series.of("windlass_it_vm_kept").sample(now, 1);
    assertThat(RemoteWrite.post(write, old, kept)).isEqualTo(NO_CONTENT);
    assertThat(RemoteWrite.post(write, ahead)).isEqualTo(NO_CONTENT);
    Series epoch = Series.of("windlass_it_vm_epoch").sample(0, 1);
    assertThat(RemoteWrite.post(write, epoch)).isEqualTo(NO_CONTENT);
    assertThat(vm.export("windlass_it_vm_epoch")).isEmpty();

    assertThat(vm.export("windlass_it_vm_old", Instant.EPOCH, Instant.ofEpochMilli(now))).isEmpty();
    assertThat(
            vm.export(
                "windlass_it_vm_ahead",
                Instant.EPOCH,
                Instant.ofEpochMilli(threeDaysAhead + 86_400_000)))
        .isEmpty();
    assertThat(exportByLabels(vm, "windlass_it_vm_kept")).isEqualTo(byLabels(List.of(kept)));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(vm.log())
                    .contains(
                        "cannot insert row with too small timestamp "
                            + sixYearsAgo
                            + " outside the retention; minimum allowed timestamp is ")
                    .contains("metricName: windlass_it_vm_old{}")
                    .contains(
                        "cannot insert row with too big timestamp "
                            + threeDaysAhead
                            + " exceeding the current time; maximum allowed timestamp is ")
                    .contains("metricName: windlass_it_vm_ahead{}"));
  }

  // --- Malformed bodies ---------------------------------------------------------------------

  @Test
  void prometheusAnswersMalformedBodiesWith400() throws IOException {
    URI write = PROMETHEUS.get().remoteWriteUri();
    assertThat(
            RemoteWrite.postRaw(
                write, "not a remote write request".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(prometheusError("snappy: corrupt input"));
    assertThat(RemoteWrite.postRaw(write, new byte[0]))
        .isEqualTo(prometheusError("snappy: corrupt input"));
    assertThat(RemoteWrite.postRaw(write, uncompressedRequest()))
        .isEqualTo(prometheusError("snappy: corrupt input"));
    assertThat(RemoteWrite.postRaw(write, Snappy.compress(NOT_PROTOBUF)))
        .isEqualTo(prometheusError("proto: illegal wireType 7"));
    // A valid, empty request.
    assertThat(RemoteWrite.postRaw(write, Snappy.compress(new byte[0]))).isEqualTo(NO_CONTENT);
  }

  @Test
  void victoriaMetricsAnswersMalformedBodiesWith400() throws IOException {
    URI write = VM.get().remoteWriteUri();
    assertVmError(
        RemoteWrite.postRaw(
            write, "not a remote write request".getBytes(StandardCharsets.US_ASCII)),
        "cannot decompress request with length 26: snappy: corrupt input");
    assertVmError(
        RemoteWrite.postRaw(write, new byte[0]),
        "cannot decompress request with length 0: snappy: corrupt input");
    byte[] uncompressed = uncompressedRequest();
    assertVmError(
        RemoteWrite.postRaw(write, uncompressed),
        "cannot decompress request with length " + uncompressed.length + ": snappy: corrupt input");
    assertVmError(
        RemoteWrite.postRaw(write, Snappy.compress(NOT_PROTOBUF)),
        "cannot unmarshal prompb.WriteRequest with size 5 bytes: proto: illegal wireType 7");
    assertThat(RemoteWrite.postRaw(write, Snappy.compress(new byte[0]))).isEqualTo(NO_CONTENT);
  }

  /** Field 31, wire type 7 (there is no wire type 7), then junk. */
  private static final byte[] NOT_PROTOBUF = {(byte) 0xff, (byte) 0xff, 1, 2, 3};

  private static byte[] uncompressedRequest() {
    return RemoteWrite.encode(
        List.of(Series.of("windlass_it_uncompressed").sample(nowMillis(), 1)));
  }

  private static void assertVmError(Answer answer, String message) {
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.contentType()).isEqualTo("text/plain; charset=utf-8");
    assertThat(answer.body()).matches(vmErrorPattern(message));
  }

  // --- vmagent ------------------------------------------------------------------------------

  @Test
  void vmAgentForwardsPrometheusTextToVictoriaMetrics() {
    VictoriaMetricsServer vm = VM.get();
    long now = nowMillis();
    long pid;
    try (VmAgentProcess agent =
        new VmAgentProcess(vm.remoteWriteUri()).extraArgs("-remoteWrite.flushInterval=100ms")) {
      agent.start();
      pid = agent.pid();
      assertThat(agent.remoteWriteTarget()).isEqualTo(vm.remoteWriteUri());
      String text =
          "# TYPE windlass_it_vmagent_total counter\n"
              + "windlass_it_vmagent_total{job=\"it\",instance=\"a\"} 42 "
              + (now - 1000)
              + "\n"
              + "windlass_it_vmagent_total{job=\"it\",instance=\"a\"} 43 "
              + now
              + "\n"
              + "windlass_it_vmagent_gauge 1.5 "
              + now
              + "\n";
      assertThat(RemoteWrite.postText(agent.importPrometheusUri(), text)).isEqualTo(NO_CONTENT);

      Map<Map<String, String>, List<Point>> expected =
          byLabels(
              List.of(
                  Series.of("windlass_it_vmagent_total", "instance", "a", "job", "it")
                      .sample(now - 1000, 42)
                      .sample(now, 43),
                  Series.of("windlass_it_vmagent_gauge").sample(now, 1.5)));
      await("vmagent's samples in VictoriaMetrics")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .untilAsserted(
              () ->
                  assertThat(exportByLabels(vm, "{__name__=~\"windlass_it_vmagent_.+\"}"))
                      .isEqualTo(expected));
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  // --- The fixture itself ------------------------------------------------------------------

  @Test
  void startTakesAnotherPortWhenTheFirstIsTaken() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        PrometheusServer prometheus = new PrometheusServer()) {
      AtomicBoolean first = new AtomicBoolean(true);
      prometheus.portChooser(
          () -> first.getAndSet(false) ? taken.getLocalPort() : BackendProcess.freePort());
      prometheus.start();
      assertThat(prometheus.port()).isNotEqualTo(taken.getLocalPort());
      assertThat(prometheus.log()).contains("address already in use");
      assertThat(RemoteWrite.post(prometheus.remoteWriteUri(), Series.of("x").sample(1000, 1)))
          .isEqualTo(NO_CONTENT);
    }
  }

  @Test
  void aStartThatFailsSaysWhyWithTheLogsTail() {
    try (PrometheusServer prometheus = new PrometheusServer().extraArgs("--no-such-flag")) {
      assertThatThrownBy(prometheus::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("prometheus exited with status")
          .hasMessageContaining("unknown long flag '--no-such-flag'");
      assertThat(prometheus.isRunning()).isFalse();
    }
  }

  // --- Helpers ------------------------------------------------------------------------------

  private static void assertRefused(URI write) {
    assertThatThrownBy(() -> RemoteWrite.post(write, Series.of("x").sample(nowMillis(), 1)))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(ConnectException.class);
  }

  /** The raw samples of {@code selector} in the hour up to {@code now}, by label set. */
  private static Map<Map<String, String>, List<Point>> rawByLabels(
      PromApiBackend backend, String selector, long now) {
    Map<Map<String, String>, List<Point>> byLabels = new LinkedHashMap<>();
    backend
        .rawSamples(selector, HOUR, Instant.ofEpochMilli(now))
        .forEach(s -> byLabels.put(s.labels(), s.points()));
    return byLabels;
  }

  /** Everything VictoriaMetrics holds for {@code match}, by label set, in time order. */
  private static Map<Map<String, String>, List<Point>> exportByLabels(
      VictoriaMetricsServer vm, String match) {
    Map<Map<String, String>, List<Point>> byLabels = new LinkedHashMap<>();
    for (SeriesData series : vm.exportMerged(match)) {
      List<Point> points = new ArrayList<>(series.points());
      points.sort(
          Comparator.comparingLong(Point::timestampMillis).thenComparingDouble(Point::value));
      byLabels.put(series.labels(), points);
    }
    return byLabels;
  }

  private static Map<Map<String, String>, List<Point>> byLabels(List<Series> series) {
    Map<Map<String, String>, List<Point>> byLabels = new LinkedHashMap<>();
    series.forEach(s -> byLabels.put(s.labels(), s.samples()));
    return byLabels;
  }
}
