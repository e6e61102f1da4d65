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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * The tests before the shards section pin concurrency 1; those after it send on the sender's
 * threads while the round runs on the test's, and a watching sink holds sends until as many as
 * expected are in flight together.
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

  /**
   * Settings at concurrency 1: the tests that count requests send one at a time, as the sender did
   * before it had shards; the shard tests set their own.
   */
  private SenderSettings.Builder settings(URI url) {
    return SenderSettings.builder(url)
        .concurrency(1)
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

  /**
   * Covers a bug where an entry the spool could not read (here a directory named like a batch,
   * between two good ones) failed the sender's every round: 0 batches were delivered, the older one
   * in the same window included.
   */
  @Test
  void goodBatchesAroundAnEntryThatIsNotABatchAreDelivered() throws IOException {
    spool.close();
    spool =
        SpoolDirectory.open(
            dir.resolve("spool"),
            SpoolOptions.builder().rescanInterval(Duration.ZERO).clock(clock).build());
    backend = FakeBackend.accepting();
    String older = record("input:cpu", "a", 2);
    clock.advance(Duration.ofSeconds(1));
    String odd = "11111111-1111-4111-8111-111111111111";
    Files.writeString(
        dir.resolve("spool").resolve(odd + ".meta"),
        "{\"charmurl\":\"local:app\",\"uuid\":\""
            + odd
            + "\",\"created\":\""
            + clock.instant()
            + "\",\"unit-tag\":\"agent-1\"}");
    Files.createDirectory(dir.resolve("spool").resolve(odd));
    clock.advance(Duration.ofSeconds(1));
    String newer = record("input:cpu", "b", 3);
    start(settings(backend.url()).build());

    scheduler.runDue();

    assertThat(spooled()).isEmpty();
    assertThat(backend.received()).hasSize(1);
    assertThat(backend.received().get(0).series())
        .extracting(series -> series.labels().get("zone"))
        .containsExactly("a", "b");
    assertThat(sender.stats().sentBatches()).isEqualTo(2);
    assertThat(spool.stats().quarantined(io.windlass.spool.EntryProblem.NOT_A_FILE)).isEqualTo(1);
    assertThat(older).isNotEqualTo(newer);
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
  void aFullRequestsWorthPublishedStartsARoundWithoutWaitingForTheInterval() throws IOException {
    backend = FakeBackend.accepting();
    start(settings(backend.url()).maxRequestMetrics(5).build());
    scheduler.runDue();

    record("input:cpu", "a", 3);
    scheduler.runDue();
    assertThat(backend.received()).as("less than a request's worth waits").isEmpty();
    assertThat(scheduler.pending()).containsExactly(NEXT_ROUND);

    record("input:cpu", "b", 2);
    scheduler.runDue();

    assertThat(backend.received()).as("5 metrics since the last round: sent at once").hasSize(1);
    assertThat(spooled()).isEmpty();
    assertThat(clock.instant()).isEqualTo(T0);

    record("input:cpu", "c", 4);
    scheduler.runDue();
    assertThat(backend.received()).as("the count starts again with each round").hasSize(1);
  }

  @Test
  void aFullRequestsWorthPublishedWhileBackingOffWaitsForTheBackoff() throws IOException {
    backend = new FakeBackend(request -> Reply.of(503, "overloaded"));
    start(settings(backend.url()).maxRequestMetrics(5).build());
    record("input:cpu", "a", 1);
    scheduler.runDue();
    assertThat(sender.stats().failedRequests()).isEqualTo(1);

    record("input:cpu", "b", 10);
    scheduler.runDue();

    assertThat(sender.stats().failedRequests()).as("no round before the backoff ends").isEqualTo(1);
    assertThat(scheduler.pending()).containsExactly(Duration.ofSeconds(1));
    advance(Duration.ofSeconds(1));
    assertThat(sender.stats().failedRequests()).isEqualTo(2);
  }

  @Test
  void withoutSendFullRequestsAtOnceOnlyTheIntervalStartsARound() throws IOException {
    backend = FakeBackend.accepting();
    start(settings(backend.url()).maxRequestMetrics(5).sendFullRequestsAtOnce(false).build());
    scheduler.runDue();

    record("input:cpu", "a", 10);
    scheduler.runDue();
    assertThat(backend.received()).isEmpty();

    advance(NEXT_ROUND);
    assertThat(backend.received()).as("two requests of 5").hasSize(2);
    assertThat(spooled()).isEmpty();
  }

  @Test
  void aStoppedSenderNoLongerListensToTheSpool() throws Exception {
    backend = FakeBackend.accepting();
    start(settings(backend.url()).maxRequestMetrics(1).build());
    scheduler.runDue();
    sender.stopAsync().awaitTerminated(Duration.ofSeconds(10));

    record("input:cpu", "a", 3);
    scheduler.runDue();

    assertThat(backend.received()).isEmpty();
    assertThat(spooled()).hasSize(1);
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
    // The request of three, then each batch alone, then the bad one's halves: both refused.
    assertThat(backend.received()).hasSize(6);
    assertThat(backend.received().get(2).series()).singleElement();
    SenderStats stats = sender.stats();
    assertThat(stats.sentBatches()).isEqualTo(2);
    assertThat(stats.rejectedBatches()).isEqualTo(1);
    assertThat(stats.rejectedMetrics()).isEqualTo(2);
    assertThat(stats.failedRequests()).isEqualTo(4);
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

  /**
   * Covers a bug where a retry sent a partly delivered batch's parts in the failed request's shard
   * again whole, the parts accepted before included: each retry duplicated more than the failed
   * request.
   */
  @Test
  void aBatchSplitAcrossRequestsIsRemovedAfterItsLastPartAndARetrySendsOnlyTheFailedPart()
      throws IOException {
    int[] calls = {0};
    backend = new FakeBackend(request -> ++calls[0] == 3 ? Reply.status(500) : Reply.status(204));
    String big = record("input:cpu", "a", 5);
    start(settings(backend.url()).maxRequestMetrics(2).build());

    scheduler.runDue();
    assertThat(backend.received()).hasSize(3);
    assertThat(spooled()).containsExactly(big);

    advance(Duration.ofSeconds(1));
    assertThat(spooled()).isEmpty();
    assertThat(backend.received()).hasSize(4);
    assertThat(backend.received().get(3).body())
        .as("the retry carries what the failed request did, no more")
        .isEqualTo(backend.received().get(2).body());
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

  // ---------------------------------------------------------------------------------------------
  // Shards: concurrency above 1.

  /** The shard of the series {@code record} makes of {@code zone} from {@code source}. */
  private static int shardOf(String source, String zone, int shards) {
    return SeriesLabels.shardOf(
        SeriesLabels.encode("agent-1", source, "pings.count", Map.of("zone", zone)), shards);
  }

  /** A zone whose series (from {@code source}) falls into each shard of {@code shards}, in turn. */
  private static List<String> zoneInEachShard(String source, int shards) {
    String[] zones = new String[shards];
    int found = 0;
    for (int i = 0; found < shards; i++) {
      String zone = "z" + i;
      int shard = shardOf(source, zone, shards);
      if (zones[shard] == null) {
        zones[shard] = zone;
        found++;
      }
    }
    return List.of(zones);
  }

  /** Records one batch from {@code source}: a sample of each zone's series, all at {@code time}. */
  private String recordAt(String source, Instant time, List<String> zones) throws IOException {
    JsonMetricRecorder recorder = spool.recorder(DeclaredMetrics.any(), source, "agent-1");
    for (int i = 0; i < zones.size(); i++) {
      recorder.addMetric("pings.count", Integer.toString(i), time, Map.of("zone", zones.get(i)));
    }
    recorder.close();
    return recorder.uuid();
  }

  /** A sink that forwards everything to another; tests override what they watch. */
  private static class ForwardingSink implements MetricSink {
    private final MetricSink sink;

    ForwardingSink(MetricSink sink) {
      this.sink = sink;
    }

    @Override
    public String type() {
      return sink.type();
    }

    @Override
    public URI url() {
      return sink.url();
    }

    @Override
    public SinkEncoding encode(List<MetricBatch> batches, DeliveredSamples delivered) {
      return sink.encode(batches, delivered);
    }

    @Override
    public SinkResponse send(SinkRequest request) throws InterruptedException {
      return sink.send(request);
    }

    @Override
    public void abort() {
      sink.abort();
    }
  }

  /**
   * A sink that sends through another and watches: it notes each request as its send starts (in
   * that order) and the threads that sent, counts the requests in flight in all and per shard, and
   * may hold every send until a number of them are in flight together.
   */
  private static final class WatchedSink implements MetricSink {
    private final MetricSink sink;
    private final CountDownLatch together;
    private final List<SinkRequest> started = new CopyOnWriteArrayList<>();
    private final Set<String> threads = ConcurrentHashMap.newKeySet();
    private final Map<Integer, AtomicInteger> inFlightByShard = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final AtomicInteger shardOverlaps = new AtomicInteger();
    private final AtomicInteger lonelySends = new AtomicInteger();

    /** Watches {@code sink}; the first {@code together} sends wait until all of them have begun. */
    WatchedSink(MetricSink sink, int together) {
      this.sink = sink;
      this.together = new CountDownLatch(together);
    }

    @Override
    public String type() {
      return sink.type();
    }

    @Override
    public URI url() {
      return sink.url();
    }

    @Override
    public SinkEncoding encode(List<MetricBatch> batches, DeliveredSamples delivered) {
      return sink.encode(batches, delivered);
    }

    @Override
    public SinkResponse send(SinkRequest request) throws InterruptedException {
      AtomicInteger shard =
          inFlightByShard.computeIfAbsent(request.shard(), ignored -> new AtomicInteger());
      if (shard.incrementAndGet() > 1) {
        shardOverlaps.incrementAndGet();
      }
      mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      started.add(request);
      threads.add(Thread.currentThread().getName());
      try {
        together.countDown();
        if (!together.await(10, TimeUnit.SECONDS)) {
          lonelySends.incrementAndGet();
        }
        return sink.send(request);
      } finally {
        inFlight.decrementAndGet();
        shard.decrementAndGet();
      }
    }

    @Override
    public void abort() {
      sink.abort();
    }
  }

  @Test
  void sendsSeveralRequestsAtOnceOnTheSenderThreads() throws IOException {
    backend = FakeBackend.accepting();
    List<String> zones = zoneInEachShard("input:cpu", 4);
    String uuid = recordAt("input:cpu", T0, zones);
    SenderSettings settings = settings(backend.url()).concurrency(4).build();
    WatchedSink sink = new WatchedSink(new RemoteWriteSink(settings, clock), 4);
    start(sink, settings);

    scheduler.runDue();

    assertThat(sink.lonelySends).as("sends that waited for the others in vain").hasValue(0);
    assertThat(sink.mostInFlight).hasValue(4);
    assertThat(sink.started).extracting(SinkRequest::shard).containsExactlyInAnyOrder(0, 1, 2, 3);
    assertThat(sink.started).allSatisfy(r -> assertThat(r.batches()).containsExactly(uuid));
    assertThat(sink.threads).hasSize(4).allMatch(name -> name.startsWith("windlass-sender-"));
    assertThat(spooled()).isEmpty();
    SenderStats stats = sender.stats();
    assertThat(stats.sentBatches()).as("a batch is counted once").isEqualTo(1);
    assertThat(stats.sentMetrics()).isEqualTo(4);
    assertThat(stats.requests()).as("requests are counted each").isEqualTo(4);
  }

  @Test
  void requestsInFlightCountEachRequestWhileItIsSentAndNoneOnceTheRoundEnds() throws IOException {
    backend = FakeBackend.accepting();
    List<String> zones = zoneInEachShard("input:cpu", 4);
    recordAt("input:cpu", T0, zones);
    SenderSettings settings = settings(backend.url()).concurrency(4).build();
    List<Long> seenInFlight = new CopyOnWriteArrayList<>();
    WatchedSink watched = new WatchedSink(new RemoteWriteSink(settings, clock), 4);
    MetricSink sink =
        new ForwardingSink(watched) {
          @Override
          public SinkResponse send(SinkRequest request) throws InterruptedException {
            SinkResponse response = super.send(request); // returns once all 4 have begun
            seenInFlight.add(sender.stats().requestsInFlight());
            return response;
          }
        };
    start(sink, settings);
    assertThat(sender.stats().requestsInFlight()).as("before any round").isZero();

    scheduler.runDue();

    assertThat(watched.lonelySends).hasValue(0);
    assertThat(seenInFlight)
        .as("each send sees itself and the others still in flight")
        .hasSize(4)
        .allSatisfy(n -> assertThat(n).isBetween(1L, 4L))
        .contains(4L);
    assertThat(sender.stats().requestsInFlight()).as("after the round").isZero();
    assertThat(sender.stats().requests()).isEqualTo(4);
  }

  @Test
  void aFailedRequestLeavesNothingInFlight() throws IOException {
    backend = new FakeBackend(request -> Reply.status(503));
    record("input:cpu", "a", 1);
    start(settings(backend.url()).build());

    scheduler.runDue();

    SenderStats stats = sender.stats();
    assertThat(stats.failedRequests()).isEqualTo(1);
    assertThat(stats.requestsInFlight()).isZero();
  }

  @Test
  void eachSeriesGoesThroughOneShardInTimeOrderAcrossBatchesAndRequests() throws IOException {
    backend = FakeBackend.accepting();
    List<String> zones = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      zones.add("z" + i);
    }
    int batches = 30;
    for (int b = 0; b < batches; b++) {
      recordAt(b % 2 == 0 ? "input:cpu" : "local:app", T0.plusSeconds(b / 2), zones);
    }
    SenderSettings settings = settings(backend.url()).concurrency(4).maxRequestMetrics(7).build();
    WatchedSink sink = new WatchedSink(new RemoteWriteSink(settings, clock), 1);
    start(sink, settings);

    scheduler.runDue();

    assertThat(spooled()).isEmpty();
    assertThat(sink.shardOverlaps).as("a shard's requests one at a time").hasValue(0);
    Map<Map<String, String>, Integer> shardOfSeries = new HashMap<>();
    Map<Map<String, String>, Long> newest = new HashMap<>();
    int samples = 0;
    for (SinkRequest request : sink.started) {
      assertThat(request.metrics()).isLessThanOrEqualTo(7);
      for (Series series : WriteRequests.decodeCompressed(request.body())) {
        assertThat(shardOfSeries.computeIfAbsent(series.labels(), labels -> request.shard()))
            .as("the shard of %s", series.labels())
            .isEqualTo(request.shard());
        for (WriteRequests.Sample sample : series.samples()) {
          Long before = newest.put(series.labels(), sample.timestamp());
          assertThat(before == null || before < sample.timestamp())
              .as("%s at %s after %s", series.labels(), sample.timestamp(), before)
              .isTrue();
          samples++;
        }
      }
    }
    assertThat(shardOfSeries).hasSize(32);
    assertThat(new HashSet<>(shardOfSeries.values())).containsExactlyInAnyOrder(0, 1, 2, 3);
    assertThat(samples).isEqualTo(batches * zones.size());
    SenderStats stats = sender.stats();
    assertThat(stats.sentBatches()).isEqualTo(batches);
    assertThat(stats.sentMetrics()).isEqualTo(batches * zones.size());
    assertThat(stats.requests()).isEqualTo(sink.started.size());
  }

  @Test
  void aBatchWhoseOneShardFailedStaysAndItsMissingShardIsSentTheNextRound() throws IOException {
    List<String> zones = zoneInEachShard("input:cpu", 2);
    String first = zones.get(0);
    String second = zones.get(1);
    backend =
        new FakeBackend(
            request -> carries(request, "zone", second) ? Reply.status(503) : Reply.status(204));
    String older = recordAt("input:cpu", T0, List.of(first));
    String split = recordAt("input:cpu", T0.plusSeconds(1), List.of(first, second));
    String newer = recordAt("input:cpu", T0.plusSeconds(2), List.of(first));
    start(settings(backend.url()).concurrency(2).build());

    scheduler.runDue();

    assertThat(spooled())
        .as("the batch the failed shard carried stays; the others have nothing there")
        .containsExactly(split);
    SenderStats stats = sender.stats();
    assertThat(stats.sentBatches()).isEqualTo(2);
    assertThat(stats.sentMetrics()).isEqualTo(2);
    assertThat(stats.requests()).isEqualTo(2);
    assertThat(stats.failedRequests()).isEqualTo(1);
    assertThat(stats.retryAt()).contains(T0.plusSeconds(1));

    backend.respond(request -> Reply.status(204));
    advance(Duration.ofSeconds(1));

    assertThat(spooled()).isEmpty();
    List<Received> again = backend.received().subList(2, backend.received().size());
    assertThat(again)
        .as("the shard the backend has already is not sent again")
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.series())
                    .extracting(s -> s.labels().get("zone"))
                    .containsExactly(second));
    stats = sender.stats();
    assertThat(stats.sentBatches()).isEqualTo(3);
    assertThat(stats.sentMetrics()).as("the split batch counted once").isEqualTo(4);
    assertThat(older).isNotEqualTo(newer);
  }

  /**
   * A sender started afresh (after a crash, say) knows nothing of the shards delivered before: it
   * sends the batch whole, and the backend's answer to the part it has counts as already present.
   */
  @Test
  void aNewSenderSendsAPartlyDeliveredBatchWholeAndTheBackendsRefusalCountsAsDelivered()
      throws Exception {
    List<String> zones = zoneInEachShard("input:cpu", 2);
    String first = zones.get(0);
    String second = zones.get(1);
    StrictTsdb tsdb =
        new StrictTsdb(
            body ->
                WriteRequests.decodeCompressed(body).stream()
                    .anyMatch(series -> second.equals(series.labels().get("zone"))));
    backend = new FakeBackend(tsdb);
    String split = recordAt("input:cpu", T0, List.of(first, second));
    recordAt("input:cpu", T0.plusSeconds(1), List.of(first));
    SenderSettings settings = settings(backend.url()).concurrency(2).build();
    start(settings);
    scheduler.runDue();
    assertThat(spooled()).containsExactly(split);
    sender.stopAsync().awaitTerminated();

    start(settings);
    scheduler.runDue();

    assertThat(spooled()).isEmpty();
    assertThat(backend.received()).hasSize(4);
    assertThat(sender.stats().alreadyPresentBatches()).isEqualTo(1);
    assertThat(tsdb.samples())
        .containsExactlyInAnyOrder(
            first + "@" + T0.toEpochMilli() + "=0.0",
            first + "@" + T0.plusSeconds(1).toEpochMilli() + "=0.0",
            second + "@" + T0.toEpochMilli() + "=1.0");
  }

  /**
   * With a progress journal, a sender started afresh (after a crash, say) knows what the backend
   * has of each batch and sends only the rest: the backend sees nothing twice.
   */
  @Test
  void aNewSenderWithAProgressJournalSendsOnlyWhatWasNotDelivered() throws Exception {
    List<String> zones = zoneInEachShard("input:cpu", 2);
    String first = zones.get(0);
    String second = zones.get(1);
    StrictTsdb tsdb =
        new StrictTsdb(
            body ->
                WriteRequests.decodeCompressed(body).stream()
                    .anyMatch(series -> second.equals(series.labels().get("zone"))));
    backend = new FakeBackend(tsdb);
    String split = recordAt("input:cpu", T0, List.of(first, second));
    SenderSettings settings =
        settings(backend.url())
            .concurrency(2)
            .progressJournal(Optional.of(dir.resolve("sender-progress")))
            .build();
    start(settings);
    scheduler.runDue();
    assertThat(spooled()).containsExactly(split);
    sender.stopAsync().awaitTerminated();

    start(settings);
    scheduler.runDue();

    assertThat(spooled()).isEmpty();
    assertThat(backend.received()).as("the failed request, and its retry only").hasSize(3);
    assertThat(WriteRequests.decodeCompressed(backend.received().get(2).body()))
        .extracting(series -> series.labels().get("zone"))
        .containsExactly(second);
    assertThat(sender.stats().alreadyPresentBatches()).isZero();
    assertThat(tsdb.samples())
        .containsExactlyInAnyOrder(
            first + "@" + T0.toEpochMilli() + "=0.0", second + "@" + T0.toEpochMilli() + "=1.0");
  }

  /**
   * A journal written for another number of shards says nothing of these shards: the batch goes
   * whole.
   */
  @Test
  void aProgressJournalOfAnotherShardCountIsNotRead() throws Exception {
    List<String> zones = zoneInEachShard("input:cpu", 2);
    backend = new FakeBackend(request -> Reply.status(204));
    String uuid = recordAt("input:cpu", T0, zones);
    Path journal = dir.resolve("sender-progress");
    Files.writeString(
        journal,
        DeliveryProgress.MAGIC
            + " shards=3 prometheus-remote-write "
            + backend.url()
            + "\n"
            + uuid
            + " 0 1\n"
            + uuid
            + " 1 1\n");
    start(settings(backend.url()).concurrency(2).progressJournal(Optional.of(journal)).build());

    scheduler.runDue();

    assertThat(spooled()).isEmpty();
    assertThat(backend.received()).hasSize(2);
  }

  /**
   * Covers a bug where a batch every request of which was accepted stayed in the spool until the
   * older batches were decided, so that a crash then sent it again.
   */
  @Test
  void aDeliveredBatchIsRemovedAtOnceThoughAnOlderOneIsStillInFlight() throws Exception {
    List<String> zones = zoneInEachShard("input:cpu", 2);
    String slow = zones.get(0);
    String quick = zones.get(1);
    CountDownLatch quickRemoved = new CountDownLatch(1);
    backend =
        new FakeBackend(
            request -> {
              if (carries(request, "zone", slow)) {
                await().until(() -> quickRemoved.getCount() == 0);
              }
              return Reply.status(204);
            });
    String older = recordAt("input:cpu", T0, List.of(slow));
    String newer = recordAt("input:cpu", T0.plusSeconds(1), List.of(quick));
    start(settings(backend.url()).concurrency(2).build());
    Thread watcher =
        new Thread(
            () -> {
              await().until(() -> !spooled().contains(newer));
              quickRemoved.countDown();
            });
    watcher.start();

    scheduler.runDue();
    watcher.join();

    assertThat(spooled()).doesNotContain(older, newer);
    assertThat(quickRemoved.getCount()).isZero();
  }

  /**
   * A retryable failure stops every shard: the other shard's request in flight is answered (here
   * only once the failure is counted) and no shard starts another.
   */
  @Test
  void aRetryableFailureStopsEveryShardAfterItsRequestInFlight() throws IOException {
    List<String> zones = zoneInEachShard("input:cpu", 2);
    backend =
        new FakeBackend(
            request -> {
              if (carries(request, "zone", zones.get(1))) {
                return Reply.status(500);
              }
              await().until(() -> sender.stats().failedRequests() == 1);
              return Reply.status(204);
            });
    for (int i = 0; i < 5; i++) {
      recordAt("input:cpu", T0.plusSeconds(i), zones);
    }
    SenderSettings settings = settings(backend.url()).concurrency(2).maxRequestMetrics(1).build();
    WatchedSink sink = new WatchedSink(new RemoteWriteSink(settings, clock), 2);
    start(sink, settings);

    scheduler.runDue();

    assertThat(sink.lonelySends).hasValue(0);
    assertThat(sink.started).as("the first request of each shard, no more").hasSize(2);
    assertThat(spooled()).as("every batch has a sample in the failed shard").hasSize(5);
    assertThat(sender.stats().retryAt()).contains(T0.plusSeconds(1));
  }

  @Test
  void stoppingAbortsEveryRequestInFlight() throws Exception {
    backend = new FakeBackend(request -> backend.hang());
    recordAt("input:cpu", T0, zoneInEachShard("input:cpu", 4));
    SenderSettings settings =
        settings(backend.url()).concurrency(4).timeout(Duration.ofMinutes(5)).build();
    sender = new SenderWorker(spool, new RemoteWriteSink(settings, clock), settings);
    sender.startAsync().awaitRunning();
    await().until(() -> backend.inHandler() == 4);

    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> sender.stopAsync().awaitTerminated());

    assertThat(sender.stats().requests()).isEqualTo(4);
    assertThat(sender.stats().failedRequests()).isZero();
    assertThat(sender.stats().lastError()).as("a stop is not the backend's failure").isEmpty();
    assertThat(spooled()).hasSize(1);
  }

  @Test
  void aRefusedRequestOfSeveralBatchesIsSentAgainBatchByBatchWithShards() throws IOException {
    backend =
        new FakeBackend(
            request ->
                carries(request, "zone", "bad")
                    ? Reply.of(400, "invalid label value")
                    : Reply.status(204));
    List<String> zones = zoneInEachShard("input:cpu", 2);
    String ok1 = recordAt("input:cpu", T0, zones);
    String bad = recordAt("input:cpu", T0.plusSeconds(1), List.of(zones.get(0), "bad"));
    String ok2 = recordAt("input:cpu", T0.plusSeconds(2), zones);
    SenderSettings settings = settings(backend.url()).concurrency(2).build();
    WatchedSink sink = new WatchedSink(new RemoteWriteSink(settings, clock), 1);
    start(sink, settings);

    scheduler.runDue();

    assertThat(spooled()).isEmpty();
    assertThat(rejected())
        .as("the bad sample alone, the good one of its batch delivered")
        .singleElement()
        .satisfies(part -> assertThat(part.uuid()).isNotEqualTo(bad));
    assertThat(sink.started)
        .as("the refused request carried several batches; the bad one went alone")
        .anySatisfy(r -> assertThat(r.batches()).hasSizeGreaterThan(1))
        .anySatisfy(r -> assertThat(r.batches()).containsExactly(bad));
    SenderStats stats = sender.stats();
    assertThat(stats.sentBatches()).isEqualTo(3);
    assertThat(stats.sentMetrics()).isEqualTo(5);
    assertThat(stats.rejectedBatches()).isEqualTo(1);
    assertThat(stats.rejectedMetrics()).isEqualTo(1);
    assertThat(stats.retryAt()).isEmpty();
    assertThat(ok1).isNotEqualTo(ok2);
  }

  /**
   * A backend that refuses a request as a whole for one sample it will never take: the request is
   * split, half by half, until that sample is alone; it goes to {@code rejected/} as a batch of its
   * own with the backend's reason, and every other sample of its batch is delivered, within a
   * number of requests logarithmic in the batch's size.
   */
  @Test
  void onlyTheSamplesABackendRefusesGoToRejectedAndTheRestOfTheirBatchIsDelivered()
      throws IOException {
    StrictTsdb tsdb = new StrictTsdb(body -> false);
    backend = new FakeBackend(tsdb);
    List<String> zones = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      zones.add(i == 37 ? "poison" : "z" + i);
    }
    String batch = recordAt("input:cpu", T0, zones);
    start(settings(backend.url()).build());

    scheduler.runDue();

    assertThat(spooled()).isEmpty();
    assertThat(rejected()).hasSize(1);
    RejectedBatch part = rejected().get(0);
    assertThat(part.uuid()).isNotEqualTo(batch);
    assertThat(part.reason()).contains("HTTP 400", "invalid sample");
    assertThat(part.metadata().orElseThrow().charmUrl()).isEqualTo("input:cpu");
    assertThat(tsdb.samples()).hasSize(63).noneMatch(sample -> sample.startsWith("poison"));
    assertThat(backend.received().size())
        .as("the whole, alone again, then two halves per level down to the sample")
        .isLessThanOrEqualTo(2 + 2 * 6);
    SenderStats stats = sender.stats();
    assertThat(stats.sentBatches()).isEqualTo(1);
    assertThat(stats.sentMetrics()).isEqualTo(63);
    assertThat(stats.rejectedMetrics()).isEqualTo(1);
    assertThat(stats.rejectedBatches()).isEqualTo(1);
  }

  /**
   * A spool full to its bounds (refusing new data) has no room for the refused part as a batch of
   * its own: the batch goes to {@code rejected/} whole, saying so, rather than failing the round.
   */
  @Test
  void aRefusedPartTheSpoolHasNoRoomForTakesItsWholeBatchToRejected() throws IOException {
    spool.close();
    spool =
        SpoolDirectory.open(
            dir.resolve("spool"),
            SpoolOptions.builder()
                .rescanInterval(Duration.ZERO)
                .maxBatches(1)
                .overflowPolicy(io.windlass.spool.OverflowPolicy.REJECT_NEW)
                .build());
    StrictTsdb tsdb = new StrictTsdb(body -> false);
    backend = new FakeBackend(tsdb);
    String batch = recordAt("input:cpu", T0, List.of("z1", "poison", "z2"));
    start(settings(backend.url()).build());

    scheduler.runDue();

    assertThat(spooled()).isEmpty();
    assertThat(rejected())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.uuid()).isEqualTo(batch);
              assertThat(r.reason()).contains("invalid sample", "1 of its 3 metrics", "no room");
            });
    assertThat(tsdb.samples()).hasSize(2);
  }

  /**
   * Covers a bug where a refused sample alone in its shard's request, its batch's other samples in
   * other shards, sent the whole batch to {@code rejected/}.
   */
  @Test
  void aRefusedSampleAloneInItsShardsRequestStillGoesToRejectedAlone() throws IOException {
    StrictTsdb tsdb = new StrictTsdb(body -> false);
    backend = new FakeBackend(tsdb);
    List<String> zones = new ArrayList<>(zoneInEachShard("input:cpu", 4));
    zones.add("poison");
    String batch = recordAt("input:cpu", T0, zones);
    start(settings(backend.url()).concurrency(4).build());

    scheduler.runDue();

    assertThat(spooled()).isEmpty();
    assertThat(rejected()).singleElement().satisfies(r -> assertThat(r.uuid()).isNotEqualTo(batch));
    assertThat(tsdb.samples()).hasSize(4).noneMatch(sample -> sample.startsWith("poison"));
    assertThat(sender.stats().rejectedMetrics()).isEqualTo(1);
  }

  @Test
  void atConcurrencyOneTheRoundThreadSendsOneRequestAtATime() throws IOException {
    backend = FakeBackend.accepting();
    for (int i = 0; i < 3; i++) {
      recordAt("input:cpu", T0.plusSeconds(i), zoneInEachShard("input:cpu", 4));
    }
    SenderSettings settings = settings(backend.url()).concurrency(1).maxRequestMetrics(2).build();
    WatchedSink sink = new WatchedSink(new RemoteWriteSink(settings, clock), 1);
    start(sink, settings);

    scheduler.runDue();

    assertThat(spooled()).isEmpty();
    assertThat(sink.threads).containsExactly(Thread.currentThread().getName());
    assertThat(sink.mostInFlight).hasValue(1);
    assertThat(sink.started).hasSize(6).allSatisfy(r -> assertThat(r.shard()).isZero());
  }

  @Test
  void theJsonSinkDealsWholeBatchesOverTheShards() throws IOException {
    backend = FakeBackend.accepting();
    List<String> uuids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      uuids.add(record("local:app", "a", 2));
    }
    SenderSettings settings = settings(backend.url()).concurrency(2).build();
    WatchedSink sink = new WatchedSink(new JsonBatchSink(settings, clock), 2);
    start(sink, settings);

    scheduler.runDue();

    assertThat(sink.lonelySends).hasValue(0);
    assertThat(sink.started)
        .extracting(SinkRequest::batches)
        .containsExactlyInAnyOrder(
            List.of(uuids.get(0), uuids.get(2)), List.of(uuids.get(1), uuids.get(3)));
    assertThat(spooled()).isEmpty();
    assertThat(sender.stats().sentBatches()).isEqualTo(4);
    assertThat(sender.stats().sentMetrics()).isEqualTo(8);
    assertThat(sender.stats().requests()).isEqualTo(2);
  }
}
