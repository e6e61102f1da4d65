package io.windlass.spool.sender;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryProgressTest {
  private static final String SINK = "prometheus-remote-write http://127.0.0.1:9/w";

  @TempDir Path dir;

  private static SinkRequest request(int shard, List<String> batches, List<Integer> samples) {
    return new SinkRequest(new byte[0], batches, 0, shard, samples);
  }

  @Test
  void countsWhatAcceptedRequestsCarriedAndReadsItBackAfterARestart() throws Exception {
    Path journal = dir.resolve("progress");
    DeliveryProgress progress = DeliveryProgress.open(journal, SINK, 2);
    SinkRequest first = request(1, List.of("a", "b"), List.of(3, 4));
    progress.accepted(first, 0);
    progress.accepted(first, 1);
    progress.flush();
    progress.accepted(request(1, List.of("a"), List.of(2)), 0);
    progress.flush();
    progress.forget("b");
    progress.close();

    DeliveryProgress read = DeliveryProgress.open(journal, SINK, 2);

    assertThat(read.count("a", 1)).isEqualTo(5);
    assertThat(read.count("a", 0)).isZero();
    assertThat(read.count("b", 1)).as("a forgotten batch is gone from the spool").isEqualTo(4);
    read.retainOnly(Set.of("a"));
    assertThat(read.count("b", 1)).isZero();
  }

  @Test
  void aJournalOfAnotherSinkOrShardCountIsNotRead() throws Exception {
    Path journal = dir.resolve("progress");
    DeliveryProgress progress = DeliveryProgress.open(journal, SINK, 2);
    progress.accepted(request(0, List.of("a"), List.of(3)), 0);
    progress.flush();
    progress.close();

    assertThat(DeliveryProgress.open(journal, SINK, 3).count("a", 0)).isZero();
    assertThat(DeliveryProgress.open(journal, "json http://other/", 2).count("a", 0)).isZero();
    assertThat(DeliveryProgress.open(journal, SINK, 2).count("a", 0)).isEqualTo(3);
  }

  /** A line cut short by a crash counts at most what it said: never more than was delivered. */
  @Test
  void linesCutShortOrMalformedCountNoMoreThanTheyWholeSaid() throws Exception {
    Path journal = dir.resolve("progress");
    Files.writeString(
        journal,
        DeliveryProgress.MAGIC
            + " shards=2 "
            + SINK
            + "\na 0 12\nb 1 40\nc 1\nd 7 1\ne x 1\nb 1 4");

    DeliveryProgress read = DeliveryProgress.open(journal, SINK, 2);

    assertThat(read.count("a", 0)).isEqualTo(12);
    assertThat(read.count("b", 1)).isEqualTo(40);
    assertThat(read.count("c", 1)).isZero();
    assertThat(read.count("d", 1)).isZero();
    assertThat(read.count("e", 1)).isZero();
  }

  @Test
  void theJournalIsWrittenAfreshOnceItHoldsManyMoreLinesThanCounts() throws Exception {
    Path journal = dir.resolve("progress");
    DeliveryProgress progress = DeliveryProgress.open(journal, SINK, 1);
    for (int i = 0; i < DeliveryProgress.COMPACT_AFTER_LINES + 10; i++) {
      progress.accepted(request(0, List.of("a"), List.of(1)), 0);
      progress.flush();
    }
    progress.close();

    assertThat(Files.readAllLines(journal).size()).isLessThan(DeliveryProgress.COMPACT_AFTER_LINES);
    assertThat(DeliveryProgress.open(journal, SINK, 1).count("a", 0))
        .isEqualTo(DeliveryProgress.COMPACT_AFTER_LINES + 10);
  }

  @Test
  void inMemoryProgressWritesNothing() {
    DeliveryProgress progress = DeliveryProgress.inMemory(1);
    progress.accepted(request(0, List.of("a"), List.of(2)), 0);
    progress.flush();

    assertThat(progress.count("a", 0)).isEqualTo(2);
    assertThat(dir.toFile().list()).isEmpty();
  }
}
