package io.windlass.spool.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.common.util.concurrent.ListenableFuture;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.JsonMetricRecorder;
import io.windlass.spool.ManualScheduler;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.MetricReader;
import io.windlass.spool.MutableClock;
import io.windlass.spool.RejectedBatch;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.SpoolOptions;
import io.windlass.spool.sender.FakeBackend.Received;
import io.windlass.spool.sender.FakeBackend.Reply;
import io.windlass.spool.sender.WriteRequests.Series;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sender against the JDK's HTTP server playing the backend on a loopback port, with a real
 * spool. Rounds run on a manual scheduler (inside {@link ManualScheduler#advance}) and the sender's
 * clock is moved by hand, so nothing sleeps; the tests about threads use the sender's own thread.
 */
class SenderWorkerTest {
  private static final Instant T0 = Instant.parse("2025-06-01T00:00:00Z");
  private static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final Duration NEXT_ROUND = Duration.ofMillis(10_500); // interval + jitter × 0.5

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(T0);
  private final ManualScheduler scheduler = new ManualScheduler();
  private SpoolDirectory spool;
  private FakeBackend backend;
  private SenderWorker sender;

  @BeforeEach
  void openSpool() throws IOException {
    spool =
        SpoolDirectory.open(
            dir.resolve("spool"), SpoolOptions.builder().rescanInterval(Duration.ZERO).build());
  }

  @AfterEach
  void closeEverything() throws Exception {
    if (sender != null) {
      sender.stopAsync().awaitTerminated(java.time.Duration.ofSeconds(10));
    }
    if (backend != null) {
      backend.close();
    }
    spool.close();
  }

  private static ConditionFactory await() {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5));
  }

  private SenderSettings.Builder settings(URI url) {
    return SenderSettings.builder(url)
        .interval(INTERVAL)
        .jitter(Duration.ofSeconds(1))
        .timeout(Duration.ofSeconds(5))
        .backoff(new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60), 0));
  }

  private SenderWorker start(SenderSettings settings) {
    return start(new RemoteWriteSink(settings, clock), settings);
  }

  private SenderWorker start(MetricSink sink, SenderSettings settings) {
    sender = new SenderWorker(spool, sink, settings, clock, scheduler, () -> 0.5);
    sender.startAsync().awaitRunning();
    return sender;
  }

  /** Moves the sender's clock and the scheduler together, running the rounds that fall due. */
  private void advance(Duration duration) {
    clock.advance(duration);
    scheduler.advance(duration);
  }

  private String record(String source, String zone, int metrics) throws IOException {
    JsonMetricRecorder recorder = spool.recorder(DeclaredMetrics.any(), source, "agent-1");
    for (int i = 0; i < metrics; i++) {
      recorder.addMetric(
          "pings.count", Integer.toString(i), T0.plusSeconds(i), Map.of("zone", zone));
    }
    recorder.close();
    return recorder.uuid();
  }

  private List<String> spooled() throws IOException {
    try (MetricReader reader = spool.reader()) {
      return reader.read().stream().map(MetricBatch::uuid).collect(Collectors.toList());
    }
  }

  private List<RejectedBatch> rejected() throws IOException {
    try (MetricReader reader = spool.reader()) {
      return reader.rejected();
    }
  }

  private static boolean carries(Received request, String label, String value) {
    return request.series().stream().anyMatch(s -> value.equals(s.labels().get(label)));
  }

  @Test
  void sendsEveryBatchOldestFirstAndRemovesThemOnceAccepted() throws IOException {
    backend = FakeBackend.accepting();
    String first = record("input:cpu", "a", 2);
    String second = record("local:app", "b", 3);
    start(settings(backend.url()).build());

    scheduler.runDue();

    assertThat(spooled()).isEmpty();
    List<Series> series = backend.received().get(0).series();
    assertThat(series).hasSize(2);
    assertThat(series.get(0).labels())
        .containsEntry("__name__", "pings_count")
        .containsEntry("agent", "agent-1")
        .containsEntry("source", "input:cpu")
        .containsEntry("zone", "a");
    assertThat(series.get(0).samples()).hasSize(2);
    assertThat(series.get(1).labels()).containsEntry("source", "local:app");
    assertThat(series.get(1).samples())
        .extracting(WriteRequests.Sample::timestamp)
        .containsExactly(
            T0.toEpochMilli(), T0.plusSeconds(1).toEpochMilli(), T0.plusSeconds(2).toEpochMilli());
    SenderStats stats = sender.stats();
    assertThat(stats.sentBatches()).isEqualTo(2);
    assertThat(stats.sentMetrics()).isEqualTo(5);
    assertThat(stats.requests()).isEqualTo(1);
    assertThat(stats.failedRequests()).isZero();
    assertThat(stats.lastError()).isEmpty();
    assertThat(stats.retryAt()).isEmpty();
    assertThat(stats.lastSent()).contains(T0);
    assertThat(scheduler.pending()).containsExactly(NEXT_ROUND);
    assertThat(backend.received().get(0).text()).isNotEmpty();
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void runsAgainEveryIntervalPlusJitterAndSendsWhatArrivedMeanwhile() throws IOException {
    backend = FakeBackend.accepting();
    start(settings(backend.url()).build());
    scheduler.runDue();
    assertThat(backend.received()).as("an empty spool sends nothing").isEmpty();

    record("input:cpu", "a", 1);
    advance(NEXT_ROUND);

    assertThat(backend.received()).hasSize(1);
    assertThat(spooled()).isEmpty();
  }

  @Test
  void serverErrorsKeepTheBatchesAndBackOffDoublingUntilTheBackendRecovers() throws IOException {
    backend = new FakeBackend(request -> Reply.of(500, "tsdb closing"));
    String uuid = record("input:cpu", "a", 1);
    start(settings(backend.url()).build());

    scheduler.runDue();
    assertThat(spooled()).containsExactly(uuid);
    assertThat(sender.stats().retryAt()).contains(T0.plusSeconds(1));
    assertThat(sender.stats().lastError())
        .contains("HTTP 500 from " + backend.url() + ": tsdb closing");
    assertThat(scheduler.pending()).containsExactly(Duration.ofSeconds(1));

    advance(Duration.ofSeconds(1));
    assertThat(scheduler.pending()).containsExactly(Duration.ofSeconds(2));
    advance(Duration.ofSeconds(2));
    assertThat(scheduler.pending()).containsExactly(Duration.ofSeconds(4));
    assertThat(sender.stats().failedRequests()).isEqualTo(3);

    backend.respond(request -> Reply.status(204));
    advance(Duration.ofSeconds(4));

    assertThat(spooled()).isEmpty();
    assertThat(sender.stats().retryAt()).isEmpty();
    assertThat(sender.stats().sentBatches()).isEqualTo(1);
    assertThat(scheduler.pending()).as("backoff reset").containsExactly(NEXT_ROUND);
  }

  @Test
  void backoffStopsDoublingAtRetryMax() throws IOException {
    backend = new FakeBackend(request -> Reply.status(502));
    record("input:cpu", "a", 1);
    start(
        settings(backend.url())
            .backoff(new BackoffPolicy(Duration.ofSeconds(20), Duration.ofSeconds(50), 0))
            .build());

    scheduler.runDue();
    advance(Duration.ofSeconds(20));
    advance(Duration.ofSeconds(40));

    assertThat(scheduler.pending()).containsExactly(Duration.ofSeconds(50));
  }

  @Test
  void tooManyRequestsWaitsAsRetryAfterSaysInSecondsOrAsADateCappedAtRetryMax() throws IOException {
    backend = new FakeBackend(request -> new Reply(429, Map.of("Retry-After", "7"), ""));
    record("input:cpu", "a", 1);
    start(settings(backend.url()).build());

    scheduler.runDue();
    assertThat(scheduler.pending()).containsExactly(Duration.ofSeconds(7));
    assertThat(sender.stats().retryAt()).contains(T0.plusSeconds(7));

    backend.respond(
        request -> new Reply(503, Map.of("Retry-After", "Sun, 01 Jun 2025 00:00:37 GMT"), ""));
    advance(Duration.ofSeconds(7));
    assertThat(scheduler.pending()).containsExactly(Duration.ofSeconds(30));

    backend.respond(request -> new Reply(429, Map.of("Retry-After", "86400"), ""));
    advance(Duration.ofSeconds(30));
    assertThat(scheduler.pending()).containsExactly(Duration.ofSeconds(60));
    assertThat(spooled()).hasSize(1);
  }

  @Test
  void aBatchTheBackendRejectsIsMovedToRejectedAndTheOthersAreDelivered() throws IOException {
    backend =
        new FakeBackend(
            request ->
                carries(request, "zone", "bad")
                    ? Reply.of(400, "invalid label value")
                    : Reply.status(204));
    record("input:cpu", "ok1", 1);
    String bad = record("input:cpu", "bad", 2);
    record("input:cpu", "ok2", 1);
    start(settings(backend.url()).build());

    scheduler.runDue();

    assertThat(spooled()).isEmpty();
    assertThat(rejected())
        .singleElement()
        .satisfies(
            batch -> {
              assertThat(batch.uuid()).isEqualTo(bad);
              assertThat(batch.reason())
                  .isEqualTo("HTTP 400 from " + backend.url() + ": invalid label value");
            });
    // The request of three, then each batch alone.
    assertThat(backend.received()).hasSize(4);
    assertThat(backend.received().get(2).series()).singleElement();
    SenderStats stats = sender.stats();
    assertThat(stats.sentBatches()).isEqualTo(2);
    assertThat(stats.rejectedBatches()).isEqualTo(1);
    assertThat(stats.rejectedMetrics()).isEqualTo(2);
    assertThat(stats.failedRequests()).isEqualTo(2);
    assertThat(stats.lastError())
        .contains(
            "batch " + bad + " rejected: HTTP 400 from " + backend.url() + ": invalid label value");
    assertThat(stats.retryAt()).as("a rejection is no reason to back off").isEmpty();
    assertThat(scheduler.pending()).containsExactly(NEXT_ROUND);
  }

  /**
   * Prometheus rolls back a whole request when one sample is out of order: the other batches of
   * that request must be sent again, not counted as delivered with it.
   */
  @Test
  void anOutOfOrderAnswerCountsTheResentBatchAsDeliveredAndSendsTheOthersAgainAlone()
      throws IOException {
    backend =
        new FakeBackend(
            request ->
                carries(request, "zone", "resent")
                    ? Reply.of(400, "out of order sample")
                    : Reply.status(204));
    String resent = record("input:cpu", "resent", 1);
    String fresh = record("input:cpu", "fresh", 1);
    start(settings(backend.url()).build());

    scheduler.runDue();

    assertThat(spooled()).isEmpty();
    assertThat(rejected()).isEmpty();
    assertThat(backend.received()).hasSize(3);
    assertThat(carries(backend.received().get(2), "zone", "fresh")).isTrue();
    SenderStats stats = sender.stats();
    assertThat(stats.sentBatches()).isEqualTo(2);
    assertThat(stats.alreadyPresentBatches()).isEqualTo(1);
    assertThat(stats.rejectedBatches()).isZero();
    assertThat(stats.failedRequests()).isZero();
    assertThat(stats.lastError()).isEmpty();
    assertThat(resent).isNotEqualTo(fresh);
  }

  @Test
  void aRoundStopsAtTheFirstRetryableFailureAndKeepsTheRestInOrder() throws IOException {
    backend =
        new FakeBackend(
            request -> carries(request, "zone", "b") ? Reply.status(503) : Reply.status(204));
    String a = record("input:cpu", "a", 1);
    String b = record("input:cpu", "b", 1);
    String c = record("input:cpu", "c", 1);
    start(settings(backend.url()).maxRequestMetrics(1).build());

    scheduler.runDue();

    assertThat(spooled()).containsExactly(b, c);
    assertThat(backend.received()).hasSize(2);
    assertThat(spooled()).doesNotContain(a);
  }

  @Test
  void aBatchSplitAcrossRequestsIsRemovedOnlyAfterItsLastPart() throws IOException {
    int[] calls = {0};
    backend = new FakeBackend(request -> ++calls[0] == 3 ? Reply.status(500) : Reply.status(204));
    String big = record("input:cpu", "a", 5);
    start(settings(backend.url()).maxRequestMetrics(2).build());

    scheduler.runDue();
    assertThat(backend.received()).hasSize(3);
    assertThat(spooled()).containsExactly(big);

    advance(Duration.ofSeconds(1));
    assertThat(spooled()).isEmpty();
    assertThat(backend.received()).hasSize(6);
    assertThat(sender.stats().sentMetrics()).isEqualTo(5);
  }

  @Test
  void aBackendThatHangsPastTheTimeoutKeepsTheBatches() throws IOException {
    backend = new FakeBackend(request -> backend.hang());
    String uuid = record("input:cpu", "a", 1);
    start(settings(backend.url()).timeout(Duration.ofMillis(300)).build());

    scheduler.runDue();

    assertThat(spooled()).containsExactly(uuid);
    assertThat(sender.stats().lastError())
        .contains("no answer from " + backend.url() + " within PT0.3S");
    assertThat(sender.stats().retryAt()).contains(T0.plusSeconds(1));
  }

  @Test
  void aClosedPortKeepsTheBatches() throws IOException {
    String uuid = record("input:cpu", "a", 1);
    start(settings(FakeBackend.closedPort()).build());

    scheduler.runDue();

    assertThat(spooled()).containsExactly(uuid);
    assertThat(sender.stats().lastError().orElseThrow()).startsWith("cannot connect to ");
    assertThat(sender.stats().failedRequests()).isEqualTo(1);
  }

  @Test
  void aBatchThatCannotBeEncodedIsRejectedWithoutARequest() throws IOException {
    backend = FakeBackend.accepting();
    String uuid = "5f0c1b2a-9dad-41d1-80b4-00c04fd430c8";
    String created = Instant.now().toString();
    Path path = spool.path();
    Files.writeString(
        path.resolve(uuid),
        "{\"key\":\"pings\",\"value\":\"lots\",\"time\":\"2025-06-01T00:00:00Z\"}\n");
    Files.writeString(
        path.resolve(uuid + ".meta"),
        "{\"charmurl\":\"local:juju\",\"uuid\":\""
            + uuid
            + "\",\"created\":\""
            + created
            + "\",\"unit-tag\":\"unit-x-0\"}\n");
    String good = record("input:cpu", "a", 1);
    start(settings(backend.url()).build());

    scheduler.runDue();

    assertThat(spooled()).isEmpty();
    assertThat(rejected())
        .singleElement()
        .satisfies(
            batch ->
                assertThat(batch.reason())
                    .isEqualTo(
                        "cannot encode it: metric \"pings\" value \"lots\" is not a number"));
    assertThat(backend.received())
        .singleElement()
        .satisfies(r -> assertThat(carries(r, "zone", "a")).isTrue());
    assertThat(spooled()).doesNotContain(good);
  }

  @Test
  void theJsonSinkRemovesAcceptedAndExistingBatchesAndRejectsTheRest() throws IOException {
    String ok = record("local:app", "a", 1);
    String existing = record("local:app", "b", 1);
    String refused = record("local:app", "c", 1);
    backend =
        new FakeBackend(
            request ->
                Reply.of(
                    200,
                    "[{\"uuid\":\""
                        + ok
                        + "\"},{\"uuid\":\""
                        + existing
                        + "\",\"error\":{\"message\":\"exists\",\"code\":\"already exists\"}},"
                        + "{\"uuid\":\""
                        + refused
                        + "\",\"error\":{\"message\":\"unknown unit\",\"code\":\"not found\"}}]"));
    SenderSettings settings = settings(backend.url()).build();
    start(new JsonBatchSink(settings, clock), settings);

    scheduler.runDue();

    assertThat(spooled()).isEmpty();
    assertThat(rejected()).extracting(RejectedBatch::uuid).containsExactly(refused);
    assertThat(backend.received()).as("per-batch results need no isolation").hasSize(1);
    assertThat(sender.stats().sentBatches()).isEqualTo(2);
    assertThat(sender.stats().alreadyPresentBatches()).isEqualTo(1);
    assertThat(sender.stats().rejectedBatches()).isEqualTo(1);
  }

  /** Covers a reply that decides some batches and asks for another to be sent again later. */
  @Test
  void batchesTheBackendDecidedAreAppliedEvenWhenAnotherIsToBeRetried() throws IOException {
    String ok = record("local:app", "a", 1);
    String busy = record("local:app", "b", 1);
    backend =
        new FakeBackend(
            request ->
                Reply.of(
                    200,
                    "[{\"uuid\":\""
                        + ok
                        + "\"},{\"uuid\":\""
                        + busy
                        + "\",\"error\":{\"message\":\"busy\",\"code\":\"try again\"}}]"));
    SenderSettings settings = settings(backend.url()).build();
    start(new JsonBatchSink(settings, clock), settings);

    scheduler.runDue();

    assertThat(spooled()).containsExactly(busy);
    assertThat(sender.stats().sentBatches()).isEqualTo(1);
    assertThat(sender.stats().lastError()).contains("batch " + busy + ": busy");
    assertThat(scheduler.pending()).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void sendNowSendsAtOnceEvenWhileBackingOff() throws Exception {
    backend = new FakeBackend(request -> Reply.status(500));
    record("input:cpu", "a", 1);
    start(settings(backend.url()).build());
    scheduler.runDue();
    assertThat(scheduler.pending()).containsExactly(Duration.ofSeconds(1));
    backend.respond(request -> Reply.status(204));

    ListenableFuture<SendRound> round = sender.sendNow();
    assertThat(round).isNotDone();
    scheduler.runDue();

    assertThat(round.get()).isEqualTo(new SendRound(1, 0, Optional.empty()));
    assertThat(spooled()).isEmpty();
  }

  @Test
  void sendNowReportsARoundThatEndedOnARetryableFailure() throws Exception {
    backend = new FakeBackend(request -> Reply.of(503, "down"));
    record("input:cpu", "a", 1);
    start(settings(backend.url()).build());
    scheduler.runDue();

    ListenableFuture<SendRound> round = sender.sendNow();
    scheduler.runDue();

    assertThat(round.get().failure()).contains("HTTP 503 from " + backend.url() + ": down");
  }

  @Test
  void sendNowFailsWhenTheSenderIsNotRunning() {
    SenderSettings settings = settings(URI.create("http://127.0.0.1:1/")).build();
    SenderWorker idle =
        new SenderWorker(
            spool, new RemoteWriteSink(settings, clock), settings, clock, scheduler, () -> 0);

    assertThatThrownBy(() -> idle.sendNow().get()).isInstanceOf(ExecutionException.class);
  }

  @Test
  void stoppingAbortsARequestInProgress() throws Exception {
    backend = new FakeBackend(request -> backend.hang());
    record("input:cpu", "a", 1);
    SenderSettings settings = settings(backend.url()).timeout(Duration.ofMinutes(5)).build();
    sender = new SenderWorker(spool, new RemoteWriteSink(settings, clock), settings);
    sender.startAsync().awaitRunning();
    await().until(() -> backend.inHandler() == 1);

    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> sender.stopAsync().awaitTerminated());

    assertThat(sender.stats().failedRequests()).isZero();
    assertThat(sender.stats().lastError()).as("a stop is not the backend's failure").isEmpty();
    assertThat(spooled()).hasSize(1);
  }

  /** The collector never waits on the sender: a hung backend holds only the sender's thread. */
  @Test
  void aHungBackendDelaysNeitherSpoolWritesNorReads() throws Exception {
    backend = new FakeBackend(request -> backend.hang());
    record("input:cpu", "first", 1);
    SenderSettings settings = settings(backend.url()).timeout(Duration.ofMinutes(5)).build();
    sender = new SenderWorker(spool, new RemoteWriteSink(settings, clock), settings);
    sender.startAsync().awaitRunning();
    await().until(() -> backend.inHandler() == 1);

    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          for (int i = 0; i < 50; i++) {
            record("input:cpu", "while-hung", 20);
          }
          assertThat(spooled()).hasSize(51);
        });

    assertThat(backend.inHandler()).as("the sender is still waiting").isEqualTo(1);
    assertThat(backend.received()).hasSize(1);
    backend.respond(request -> Reply.status(204));
    backend.release();
    ListenableFuture<SendRound> next = sender.sendNow();
    await().until(next::isDone);
    await().untilAsserted(() -> assertThat(spooled()).isEmpty());
  }
}
