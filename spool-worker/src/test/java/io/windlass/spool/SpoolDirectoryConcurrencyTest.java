package io.windlass.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many recorders and readers on one spool directory, in this process; {@link
 * SpoolDirectoryConcurrencyIT} adds another process.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SpoolDirectoryConcurrencyTest {
  private static final SpoolOptions OPTIONS =
      SpoolOptions.builder().rescanInterval(Duration.ZERO).build();

  @TempDir Path dir;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() throws InterruptedException {
    threads.shutdownNow();
    assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void eightWritersAndARemovingReaderSeeEveryBatchExactlyOnce() throws Exception {
    try (SpoolDirectory spool = SpoolDirectory.open(dir, OPTIONS)) {
      Map<String, String> published = new ConcurrentHashMap<>(); // uuid -> writer/seq
      CountDownLatch start = new CountDownLatch(1);
      AtomicInteger writing = new AtomicInteger(8);
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        String writer = "thread-" + w;
        writers.add(
            threads.submit(
                () -> {
                  start.await();
                  try {
                    for (int seq = 0; seq < 150; seq++) {
                      JsonMetricRecorder recorder =
                          SpoolWriterMain.writeBatch(spool, writer, seq, 1 + seq % 20);
                      published.put(recorder.uuid(), writer + "/" + seq);
                    }
                  } finally {
                    writing.decrementAndGet();
                  }
                  return null;
                }));
      }
      Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
      Future<?> reader =
          threads.submit(
              () -> {
                start.await();
                readAndRemove(spool.reader(), reads, () -> writing.get() == 0);
                return null;
              });
      start.countDown();
      for (Future<?> writer : writers) {
        writer.get(90, TimeUnit.SECONDS);
      }
      reader.get(90, TimeUnit.SECONDS);

      assertThat(published).hasSize(8 * 150);
      assertThat(reads.keySet()).isEqualTo(published.keySet());
      assertThat(reads).allSatisfy((uuid, count) -> assertThat(count).hasValue(1));
      SpoolStats stats = spool.stats();
      assertThat(stats.batches()).isZero();
      assertThat(stats.bytes()).isZero();
      assertThat(stats.publishedBatches()).isEqualTo(1200);
      assertThat(stats.removedBatches()).isEqualTo(1200);
      assertThat(stats.dropped(DropReason.QUARANTINED)).isZero();
      System.out.printf(
          "%s: 1200 batches from 8 threads took %d directory syncs%n",
          getClass().getSimpleName(), stats.directorySyncs());
    }
  }

  /** Two readers (two spools, as in two processes) removing the same batches concurrently. */
  @Test
  void readersRacingToRemoveLoseNothingAndFailNothing() throws Exception {
    List<String> uuids = new ArrayList<>();
    try (SpoolDirectory writer = SpoolDirectory.open(dir, OPTIONS)) {
      for (int seq = 0; seq < 300; seq++) {
        uuids.add(SpoolWriterMain.writeBatch(writer, "w", seq, 3).uuid());
      }
    }
    try (SpoolDirectory first = SpoolDirectory.open(dir, OPTIONS);
        SpoolDirectory second = SpoolDirectory.open(dir, OPTIONS)) {
      Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> readers = new ArrayList<>();
      for (SpoolDirectory spool : List.of(first, second)) {
        readers.add(
            threads.submit(
                () -> {
                  start.await();
                  readAndRemove(spool.reader(), reads, () -> true);
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> reader : readers) {
        reader.get(90, TimeUnit.SECONDS);
      }

      assertThat(reads.keySet()).containsExactlyInAnyOrderElementsOf(uuids);
      assertThat(first.reader().read()).isEmpty();
      assertThat(first.stats().dropped(DropReason.QUARANTINED)).isZero();
      assertThat(second.stats().dropped(DropReason.QUARANTINED)).isZero();
      assertThat(first.stats().removedBatches() + second.stats().removedBatches()).isEqualTo(300);
    }
  }

  /**
   * Reads oldest first in small bounded walks, checks every batch is whole, counts it and removes
   * it; once {@code done} holds, finishes with a walk that finds nothing.
   */
  static void readAndRemove(
      MetricReader reader, Map<String, AtomicInteger> reads, BooleanSupplier done)
      throws IOException {
    while (true) {
      boolean last = done.getAsBoolean();
      int found = 0;
      try (BatchCursor cursor = reader.oldestFirst(16, 64 * 1024)) {
        for (MetricBatch batch = cursor.next(); batch != null; batch = cursor.next()) {
          SpoolWriterMain.checkWhole(batch);
          reads.computeIfAbsent(batch.uuid(), u -> new AtomicInteger()).incrementAndGet();
          reader.remove(batch.uuid());
          found++;
        }
      }
      if (last && found == 0) {
        return;
      }
    }
  }
}
