package io.windlass.spool.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.spool.MetricBatch;
import io.windlass.spool.MetricMetadata;
import io.windlass.spool.RejectedBatch;
import io.windlass.spool.SpoolOptions;
import io.windlass.spool.internal.SpoolStore.RejectStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link SpoolStore#reject}: the move into {@code rejected/}, its bounds, and what a crash at each
 * of its steps leaves, as the next process to open the spool sees it.
 */
class SpoolStoreRejectTest {
  @TempDir Path dir;
  private SpoolStore store;

  private SpoolStore open(SpoolOptions options) throws IOException {
    store = SpoolStore.open(dir, options);
    return store;
  }

  @AfterEach
  void close() throws IOException {
    if (store != null) {
      store.close();
    }
  }

  private String publish(String value) throws IOException {
    MetricMetadata metadata = store.newBatch("local:app", "agent-1");
    BatchWriter writer = new BatchWriter(store, metadata);
    writer.append("n", value, Instant.EPOCH, Map.of("zone", "a"));
    writer.publish();
    return metadata.uuid();
  }

  private List<String> files(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  private List<String> spoolBatches() throws IOException {
    return store.readAll().stream().map(MetricBatch::uuid).collect(Collectors.toList());
  }

  @Test
  void movesBothFilesIntoRejectedWithTheReason() throws IOException {
    open(SpoolOptions.defaults());
    String uuid = publish("1");
    String kept = publish("2");

    assertThat(store.reject(uuid, "HTTP 400: bad sample")).isTrue();

    assertThat(spoolBatches()).containsExactly(kept);
    assertThat(files(dir.resolve("rejected")))
        .containsExactly(uuid, uuid + ".meta", uuid + ".reason");
    List<RejectedBatch> rejected = store.rejected();
    assertThat(rejected).hasSize(1);
    RejectedBatch batch = rejected.get(0);
    assertThat(batch.uuid()).isEqualTo(uuid);
    assertThat(batch.reason()).isEqualTo("HTTP 400: bad sample");
    assertThat(batch.rejectedAt()).isPresent();
    assertThat(batch.metadata().orElseThrow().charmUrl()).isEqualTo("local:app");
    assertThat(batch.bytes())
        .isEqualTo(
            Files.size(dir.resolve("rejected").resolve(uuid))
                + Files.size(dir.resolve("rejected").resolve(uuid + ".meta")));
    assertThat(store.stats().batches()).isEqualTo(1);
  }

  @Test
  void aRejectedBatchIsNeverReadAgainEvenAfterReopening() throws IOException {
    open(SpoolOptions.defaults());
    String uuid = publish("1");
    store.reject(uuid, "no");
    store.close();

    open(SpoolOptions.defaults());

    assertThat(spoolBatches()).isEmpty();
    assertThat(store.cursor(10, 1 << 20).next()).isNull();
    assertThat(store.rejected()).extracting(RejectedBatch::uuid).containsExactly(uuid);
  }

  @Test
  void rejectingABatchThatIsGoneDoesNothing() throws IOException {
    open(SpoolOptions.defaults());
    String uuid = publish("1");
    store.remove(uuid);

    assertThat(store.reject(uuid, "no")).isFalse();
    assertThat(store.rejected()).isEmpty();
    assertThatThrownBy(() -> store.reject("../x", "no"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keepsRejectedWithinItsBatchBoundDeletingTheOldestRejections() throws IOException {
    open(SpoolOptions.builder().maxRejectedBatches(2).build());
    String first = publish("1");
    String second = publish("2");
    String third = publish("3");

    store.reject(first, "one");
    store.reject(second, "two");
    store.reject(third, "three");

    assertThat(store.rejected()).extracting(RejectedBatch::uuid).containsExactly(second, third);
    assertThat(files(dir.resolve("rejected"))).noneMatch(name -> name.startsWith(first));
  }

  @Test
  void keepsRejectedWithinItsByteBoundButAlwaysKeepsTheLatest() throws IOException {
    open(SpoolOptions.builder().maxRejectedBytes(10).build());
    String first = publish("1");
    String second = publish("2");

    store.reject(first, "one");
    store.reject(second, "two");

    assertThat(store.rejected()).extracting(RejectedBatch::uuid).containsExactly(second);
  }

  /**
   * A crash at any step of a rejection leaves the batch wholly in the spool or wholly in {@code
   * rejected/}; the next open finishes a half-done move.
   */
  @ParameterizedTest
  @EnumSource(RejectStep.class)
  void aCrashAtAnyStepLeavesTheBatchInExactlyOnePlace(RejectStep crashAt) throws IOException {
    open(SpoolOptions.defaults());
    String uuid = publish("1");
    store.afterRejectStepForTesting(
        step -> {
          if (step == crashAt) {
            throw new IllegalStateException("crash at " + step);
          }
        });
    assertThatThrownBy(() -> store.reject(uuid, "bad")).hasMessage("crash at " + crashAt);
    store.close();

    open(SpoolOptions.defaults());

    // The metadata moved first, so the batch has left the spool at every step.
    assertThat(spoolBatches()).isEmpty();
    assertThat(files(dir)).doesNotContain(uuid, uuid + ".meta");
    assertThat(files(dir.resolve("rejected"))).contains(uuid, uuid + ".meta");
    RejectedBatch rejected = store.rejected().get(0);
    assertThat(rejected.uuid()).isEqualTo(uuid);
    assertThat(rejected.reason())
        .isEqualTo(crashAt == RejectStep.REASON_WRITTEN ? "bad" : RejectedBatch.REASON_UNKNOWN);
    assertThat(store.stats().orphansRemoved()).isZero();
    assertThat(store.rejectionsCompleted())
        .isEqualTo(crashAt.compareTo(RejectStep.DATA_MOVED) < 0 ? 1 : 0);
    byte[] data = Files.readAllBytes(dir.resolve("rejected").resolve(uuid));
    assertThat(SpoolJson.decodeMetrics(uuid, data)).hasSize(1);
  }

  /** Covers a half-done rejection found by a listing of a spool other processes also use. */
  @Test
  void aListingFinishesARejectionAnotherProcessLeftHalfDone() throws IOException {
    open(SpoolOptions.builder().rescanInterval(java.time.Duration.ZERO).build());
    String uuid = publish("1");
    Files.createDirectories(dir.resolve("rejected"));
    Files.move(dir.resolve(uuid + ".meta"), dir.resolve("rejected").resolve(uuid + ".meta"));

    store.rescan(false);

    assertThat(files(dir.resolve("rejected"))).containsExactly(uuid, uuid + ".meta");
    assertThat(files(dir)).doesNotContain(uuid);
    assertThat(store.stats().orphansRemoved()).isZero();
  }
}
