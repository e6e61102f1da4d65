package io.windlass.spool.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.JsonMetricRecorder;
import io.windlass.spool.ManualScheduler;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.MetricReader;
import io.windlass.spool.MutableClock;
import io.windlass.spool.RejectedBatch;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.SpoolOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sender over many rounds against a strict backend, with a real spool: about 10 s of HTTP
 * requests and durable spool work, on a manual scheduler and clock like {@link SenderWorkerTest}.
 */
class SenderWorkerIT {
  private static final Instant T0 = Instant.parse("2025-06-01T00:00:00Z");
  private static final Duration INTERVAL = Duration.ofSeconds(10);

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

  /** The settings of {@link SenderWorkerTest}; the test sets its own concurrency. */
  private SenderSettings.Builder settings(URI url) {
    return SenderSettings.builder(url)
        .interval(INTERVAL)
        .jitter(Duration.ofSeconds(1))
        .timeout(Duration.ofSeconds(5))
        .backoff(new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60), 0));
  }

  private void start(SenderSettings settings) {
    sender =
        new SenderWorker(
            spool, new RemoteWriteSink(settings, clock), settings, clock, scheduler, () -> 0.5);
    sender.startAsync().awaitRunning();
  }

  /** Moves the sender's clock and the scheduler together, running the rounds that fall due. */
  private void advance(Duration duration) {
    clock.advance(duration);
    scheduler.advance(duration);
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

  /** Records one batch from {@code source}: a sample of each zone's series, all at {@code time}. */
  private String recordAt(String source, Instant time, List<String> zones) throws IOException {
    JsonMetricRecorder recorder = spool.recorder(DeclaredMetrics.any(), source, "agent-1");
    for (int i = 0; i < zones.size(); i++) {
      recorder.addMetric("pings.count", Integer.toString(i), time, Map.of("zone", zones.get(i)));
    }
    recorder.close();
    return recorder.uuid();
  }

  /** Runs rounds, each when the one before has it due, until the spool is empty. */
  private void roundsUntilTheSpoolIsEmpty() throws IOException {
    scheduler.runDue();
    for (int round = 0; round < 500 && !spooled().isEmpty(); round++) {
      advance(scheduler.pending().get(0));
    }
    assertThat(spooled()).as("the spool after 500 rounds").isEmpty();
  }

  /**
   * Against a backend that refuses out-of-order samples (and so answers a sample it already has,
   * older than its series' newest, with "out of order"), with shards failing now and then, a few
   * batches refused for good among many, and the sender started afresh halfway (so that it sends
   * partly delivered batches whole): every sample of every batch the sender removed is stored, none
   * lost to an answer that called it already present.
   */
  @Test
  void noSampleIsLostToAnOutOfOrderBackendWhileShardsFailAndBatchesAreIsolated()
      throws IOException {
    StrictTsdb tsdb = new StrictTsdb(body -> Math.floorMod(Arrays.hashCode(body), 3) == 0);
    backend = new FakeBackend(tsdb);
    List<String> zones = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      zones.add("z" + i);
    }
    Set<String> expected = new TreeSet<>();
    List<String> poisoned = new ArrayList<>();
    for (int b = 0; b < 40; b++) {
      Instant time = T0.plusSeconds(b);
      List<String> batchZones = new ArrayList<>(zones);
      if (b % 13 == 5) {
        batchZones.add("poison");
        poisoned.add(recordAt("input:cpu", time, batchZones));
      } else {
        recordAt("input:cpu", time, batchZones);
      }
      for (int i = 0; i < zones.size(); i++) {
        expected.add(zones.get(i) + "@" + time.toEpochMilli() + "=" + (double) i);
      }
    }
    SenderSettings settings = settings(backend.url()).concurrency(4).maxRequestMetrics(10).build();
    start(settings);
    scheduler.runDue();
    advance(scheduler.pending().get(0));
    SenderStats before = sender.stats();
    sender.stopAsync().awaitTerminated();
    start(settings);

    roundsUntilTheSpoolIsEmpty();

    assertThat(rejected())
        .as("the poison samples, each a batch of its own")
        .hasSize(poisoned.size());
    assertThat(rejected()).extracting(RejectedBatch::uuid).doesNotContainAnyElementsOf(poisoned);
    assertThat(rejected()).allSatisfy(r -> assertThat(r.reason()).contains("invalid sample"));
    assertThat(tsdb.samples()).containsAll(expected);
    SenderStats after = sender.stats();
    assertThat(before.sentBatches() + after.sentBatches()).isEqualTo(40);
    assertThat(before.rejectedMetrics() + after.rejectedMetrics()).isEqualTo(poisoned.size());
    assertThat(before.failedRequests() + after.failedRequests())
        .as("some shards did fail")
        .isPositive();
  }
}
