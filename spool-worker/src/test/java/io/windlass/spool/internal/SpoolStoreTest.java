package io.windlass.spool.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.BatchCursor;
import io.windlass.spool.DropReason;
import io.windlass.spool.EntryProblem;
import io.windlass.spool.Metric;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.MetricMetadata;
import io.windlass.spool.SpoolOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolStoreTest {
  @TempDir Path dir;
  private SpoolStore store;

  @BeforeEach
  void open() throws IOException {
    store = SpoolStore.open(dir, SpoolOptions.defaults());
  }

  @AfterEach
  void close() throws IOException {
    store.close();
  }

  /**
   * Covers a reader that has read a batch's metadata when another reader removes the batch: the
   * data it then misses is a removal, not corruption, so nothing is quarantined.
   */
  @Test
  void skipsABatchRemovedBetweenItsMetadataAndItsData() throws IOException {
    String uuid = publish();
    store.afterMetadataReadForTesting(() -> remove(uuid));

    assertThat(store.readAll()).isEmpty();
    assertThat(store.stats().dropped(DropReason.QUARANTINED)).isZero();
    assertThat(store.stats().batches()).isZero();
    assertThat(dir.resolve("quarantine")).doesNotExist();
  }

  /** A metadata file still there without its data was never a whole batch: it is quarantined. */
  @Test
  void quarantinesMetadataWhoseDataIsMissing() throws IOException {
    String uuid = publish();
    store.afterMetadataReadForTesting(() -> delete(dir.resolve(uuid)));

    assertThat(store.readAll()).isEmpty();
    assertThat(store.stats().dropped(DropReason.QUARANTINED)).isEqualTo(1);
    assertThat(dir.resolve("quarantine").resolve(uuid + ".meta")).exists();
  }

  @Test
  void reusesRecorderBuffers() {
    LineBuffer first = store.takeBuffer();
    store.returnBuffer(first);

    assertThat(store.takeBuffer()).isSameAs(first);
    assertThat(store.takeBuffer()).isNotSameAs(first);
  }

  @Test
  void cursorsOneAfterAnotherReuseOneFileBufferAndTheirBatchesStayWhole() throws IOException {
    String first = publish("1");
    String second = publish("22");
    MetricBatch a;
    try (BatchCursor cursor = store.cursor(1, Long.MAX_VALUE)) {
      a = cursor.next();
    }
    FileBytes spare = store.spareFileBytesForTesting();
    assertThat(spare).isNotNull();

    MetricBatch b;
    try (BatchCursor cursor = store.cursor(10, Long.MAX_VALUE)) {
      assertThat(store.spareFileBytesForTesting()).as("taken by the open cursor").isNull();
      try (BatchCursor other = store.cursor(10, Long.MAX_VALUE)) {
        assertThat(other.next()).isNotNull(); // a cursor open at once reads with its own
      }
      cursor.next();
      b = cursor.next();
    }

    assertThat(store.spareFileBytesForTesting()).isNotNull();
    assertThat(a.uuid()).isEqualTo(first);
    assertThat(a.metrics()).extracting(Metric::value).containsExactly("1");
    assertThat(b.uuid()).isEqualTo(second);
    assertThat(b.metrics()).extracting(Metric::value).containsExactly("22");
  }

  /**
   * Covers a bug where a data file the agent could not read (another owner's, mode 000) failed
   * every read of the window it was in, so no batch was sent, older ones included. Tests run as
   * root, who reads any file, so the refusal comes from the file-opening seam.
   */
  @Test
  void aBatchWhoseDataCannotBeOpenedIsQuarantinedAndTheOthersInItsWindowAreRead()
      throws IOException {
    String older = publish("1");
    String unreadable = publish("2");
    String newer = publish("3");
    store.openFilesForTesting(
        path -> {
          if (path.getFileName().toString().equals(unreadable)) {
            throw new AccessDeniedException(path.toString());
          }
          return SpoolEntries.NO_FOLLOW.open(path);
        });

    List<String> read = new ArrayList<>();
    try (BatchCursor cursor = store.cursor(10, Long.MAX_VALUE)) {
      for (MetricBatch batch = cursor.next(); batch != null; batch = cursor.next()) {
        read.add(batch.uuid());
      }
    }

    assertThat(read).containsExactly(older, newer);
    assertThat(store.stats().quarantined(EntryProblem.UNREADABLE)).isEqualTo(1);
    assertThat(store.stats().batches()).isEqualTo(2);
    assertThat(dir.resolve("quarantine").resolve(unreadable)).exists();
    assertThat(Files.readString(dir.resolve("quarantine").resolve(unreadable + ".meta.reason")))
        .contains("\"problem\":\"unreadable\"")
        .contains(unreadable + " cannot be opened: permission denied");
  }

  /**
   * A failure of the moment (here too many open files) condemns no batch: the read passes over it
   * and goes on, and the next read returns it.
   */
  @Test
  void aBatchThatCannotBeOpenedForAReasonOfTheMomentIsPassedOverNotQuarantined()
      throws IOException {
    String older = publish("1");
    String failing = publish("2");
    String newer = publish("3");
    AtomicInteger failures = new AtomicInteger(1);
    store.openFilesForTesting(
        path -> {
          if (path.getFileName().toString().equals(failing) && failures.getAndDecrement() > 0) {
            throw new FileSystemException(path.toString(), null, "Too many open files");
          }
          return SpoolEntries.NO_FOLLOW.open(path);
        });

    assertThat(read()).containsExactly(older, newer);
    assertThat(read()).containsExactly(older, failing, newer);
    assertThat(store.stats().quarantined()).allSatisfy((problem, n) -> assertThat(n).isZero());
    assertThat(dir.resolve("quarantine")).doesNotExist();
  }

  private List<String> read() throws IOException {
    List<String> read = new ArrayList<>();
    try (BatchCursor cursor = store.cursor(10, Long.MAX_VALUE)) {
      for (MetricBatch batch = cursor.next(); batch != null; batch = cursor.next()) {
        read.add(batch.uuid());
      }
    }
    return read;
  }

  /** The same for a metadata file. */
  @Test
  void aBatchWhoseMetadataCannotBeOpenedIsQuarantined() throws IOException {
    String good = publish("1");
    String unreadable = publish("2");
    store.openFilesForTesting(
        path -> {
          if (path.getFileName().toString().equals(unreadable + ".meta")) {
            throw new AccessDeniedException(path.toString());
          }
          return SpoolEntries.NO_FOLLOW.open(path);
        });

    assertThat(store.readAll()).extracting(MetricBatch::uuid).containsExactly(good);
    assertThat(store.stats().quarantined(EntryProblem.UNREADABLE)).isEqualTo(1);
  }

  private String publish() throws IOException {
    return publish("1");
  }

  private String publish(String value) throws IOException {
    MetricMetadata metadata = store.newBatch("local:app", "agent-1");
    BatchWriter writer = new BatchWriter(store, metadata);
    writer.append("n", value, Instant.EPOCH, Map.of());
    writer.publish();
    return metadata.uuid();
  }

  private void remove(String uuid) {
    try {
      store.remove(uuid);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
