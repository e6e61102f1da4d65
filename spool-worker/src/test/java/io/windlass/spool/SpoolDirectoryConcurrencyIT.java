package io.windlass.spool;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A second process writes to a spool directory while this one writes to it and reads it. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SpoolDirectoryConcurrencyIT {
  private static final SpoolOptions OPTIONS =
      SpoolOptions.builder().rescanInterval(Duration.ZERO).build();

  @TempDir Path dir;
  @TempDir Path logs;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() throws InterruptedException {
    threads.shutdownNow();
    assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aSecondProcessWritesWhileThisOneWritesAndReads() throws Exception {
    try (SpoolDirectory spool = SpoolDirectory.open(dir, OPTIONS)) {
      Process child =
          SpoolWriterMain.start(
              logs.resolve("child.log"), "count", dir.toString(), "child", "17", "200");
      Set<String> childAcks = ConcurrentHashMap.newKeySet();
      Future<?> acks =
          threads.submit(
              () -> {
                try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
                  for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("ACK ")) {
                      childAcks.add(line.split(" ")[1]);
                    }
                  }
                }
                return null;
              });
      Set<String> ours = ConcurrentHashMap.newKeySet();
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        String writer = "parent-" + w;
        writers.add(
            threads.submit(
                () -> {
                  for (int seq = 0; seq < 100; seq++) {
                    ours.add(SpoolWriterMain.writeBatch(spool, writer, seq, 1 + seq % 30).uuid());
                  }
                  return null;
                }));
      }
      Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
      Future<?> reader =
          threads.submit(
              () -> {
                SpoolDirectoryConcurrencyTest.readAndRemove(
                    spool.reader(),
                    reads,
                    () -> !child.isAlive() && writers.stream().allMatch(Future::isDone));
                return null;
              });

      for (Future<?> writer : writers) {
        writer.get(90, TimeUnit.SECONDS);
      }
      assertThat(child.waitFor(90, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).as("child exit; see child.log").isZero();
      acks.get(30, TimeUnit.SECONDS);
      reader.get(90, TimeUnit.SECONDS);

      assertThat(childAcks).hasSize(200);
      assertThat(ours).hasSize(200);
      assertThat(reads.keySet()).containsAll(childAcks).containsAll(ours).hasSize(400);
      assertThat(reads).allSatisfy((uuid, count) -> assertThat(count).hasValue(1));
      assertThat(spool.stats().dropped(DropReason.QUARANTINED)).isZero();
    }
  }
}
