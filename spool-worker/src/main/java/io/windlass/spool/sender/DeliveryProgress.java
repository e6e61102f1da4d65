package io.windlass.spool.sender;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the backend has of each batch not yet removed from the spool: per batch and shard, how many
 * of the batch's samples in that shard requests the backend accepted carried ({@link
 * DeliveredSamples}). The sender adds to it as each request is accepted and forgets a batch once it
 * is removed or rejected; encoding leaves out what it counts, so a retry sends again only what the
 * failed request carried.
 *
 * <p><b>Journal.</b> With a file, every change is appended to it as a line {@code <uuid> <shard>
 * <count>} (the count so far, not an increment) in one write per accepted request, and the file is
 * read back when the sender starts: after a crash the batches in flight are sent again only in the
 * parts no accepted request carried. The first line names the sink and its shards; a journal of
 * another sink, or of another number of shards (whose series fall into other shards), is not read,
 * and the batches then go whole. The file is not synced: a process crash keeps what was written,
 * and after a power loss a line lost or cut short only counts less than was delivered (a count cut
 * short is smaller), which duplicates, never loses. When the file holds many more lines than there
 * are counts, it is written afresh (to a temporary file, then renamed).
 *
 * <p>Not thread-safe: the sender's round thread alone uses it.
 */
final class DeliveryProgress implements DeliveredSamples {

  /**
   * The journal's first word, with its version. The counts hold only while series are named and
   * sharded as when they were written ({@link RemoteWriteEncoder}, {@link SeriesLabels#shard()}): a
   * change to either must change this version, so that an older journal is not read.
   */
  static final String MAGIC = "windlass-sender-progress/1";

  /** The most bytes of a journal read at start; a larger one is ignored (batches go whole). */
  static final long MAX_JOURNAL_BYTES = 64L << 20;

  /** Lines appended, beyond four per count kept, before the journal is written afresh. */
  static final int COMPACT_AFTER_LINES = 10_000;

  private static final Logger log = LoggerFactory.getLogger(DeliveryProgress.class);
  private static final Pattern SPACE = Pattern.compile(" ");

  private final @Nullable Path journal;
  private final String header;
  private final int shards;
  private final Map<String, int[]> counts = new HashMap<>();
  private final Set<String> changed = new LinkedHashSet<>();
  private long linesInJournal;
  private @Nullable OutputStream out;
  private boolean givenUp;

  private DeliveryProgress(@Nullable Path journal, String sink, int shards) {
    this.journal = journal;
    this.header = MAGIC + " shards=" + shards + " " + sink;
    this.shards = shards;
  }

  /** Progress kept in memory only: a restart sends every batch whole. */
  static DeliveryProgress inMemory(int shards) {
    return new DeliveryProgress(null, "", shards);
  }

  /**
   * Progress kept in {@code journal} as well, for {@code sink} (its type and URL, without
   * credentials) sending through {@code shards} shards; what the journal holds of the same sink and
   * shards is read. A journal that cannot be read is logged and started afresh.
   */
  static DeliveryProgress open(Path journal, String sink, int shards) {
    DeliveryProgress progress = new DeliveryProgress(journal, sink, shards);
    progress.load();
    return progress;
  }

  @Override
  public int count(String uuid, int shard) {
    int[] of = counts.get(uuid);
    return of == null || shard >= of.length ? 0 : of[shard];
  }

  /** Whether anything of any batch is counted. */
  boolean isEmpty() {
    return counts.isEmpty();
  }

  /**
   * The backend accepted {@code request} (or has it already) for the {@code index}th batch it
   * carried: counts the samples of that batch it carried.
   */
  void accepted(SinkRequest request, int index) {
    if (request.samples().isEmpty()) {
      return;
    }
    int n = request.samples().get(index);
    if (n > 0) {
      String uuid = request.batches().get(index);
      int[] of = counts.computeIfAbsent(uuid, ignored -> new int[shards]);
      of[request.shard()] += n;
      changed.add(uuid);
    }
  }

  /** Batch {@code uuid} left the spool (removed or rejected): nothing of it is counted any more. */
  void forget(String uuid) {
    counts.remove(uuid);
    changed.remove(uuid);
  }

  /** Forgets every batch but {@code uuids}: those the spool no longer has. */
  void retainOnly(Set<String> uuids) {
    counts.keySet().retainAll(uuids);
    changed.retainAll(uuids);
  }

  /**
   * Writes the counts changed since the last call to the journal, if there is one, in one write. A
   * journal that cannot be written is logged and given up: the counts stay in memory.
   */
  void flush() {
    if (journal == null || givenUp || changed.isEmpty()) {
      changed.clear();
      return;
    }
    StringBuilder lines = new StringBuilder(changed.size() * 48);
    int written = 0;
    for (String uuid : changed) {
      int[] of = counts.get(uuid);
      for (int shard = 0; shard < of.length; shard++) {
        if (of[shard] > 0) {
          lines.append(uuid).append(' ').append(shard).append(' ').append(of[shard]).append('\n');
          written++;
        }
      }
    }
    changed.clear();
    try {
      if (linesInJournal + written > 4L * counts.size() + COMPACT_AFTER_LINES) {
        rewrite();
      } else {
        append(lines.toString());
        linesInJournal += written;
      }
    } catch (IOException e) {
      giveUp(e);
    }
  }

  /** Closes the journal. */
  void close() {
    OutputStream open = out;
    out = null;
    if (open != null) {
      try {
        open.close();
      } catch (IOException e) {
        log.debug("closing {}", journal, e);
      }
    }
  }

  private void append(String lines) throws IOException {
    OutputStream open = out;
    if (open == null) {
      rewrite();
      return;
    }
    open.write(lines.getBytes(StandardCharsets.US_ASCII));
    open.flush();
  }

  /** Writes the journal afresh with the counts kept, and appends to it from then on. */
  private void rewrite() throws IOException {
    Path file = requireJournal();
    close();
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    StringBuilder text = new StringBuilder(header).append('\n');
    long lines = 0;
    for (Map.Entry<String, int[]> entry : counts.entrySet()) {
      int[] of = entry.getValue();
      for (int shard = 0; shard < of.length; shard++) {
        if (of[shard] > 0) {
          text.append(entry.getKey()).append(' ').append(shard).append(' ').append(of[shard]);
          text.append('\n');
          lines++;
        }
      }
    }
    Files.writeString(temporary, text, StandardCharsets.US_ASCII);
    Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    out = Files.newOutputStream(file, StandardOpenOption.APPEND);
    linesInJournal = lines;
  }

  private Path requireJournal() {
    if (journal == null) {
      throw new IllegalStateException("no journal");
    }
    return journal;
  }

  private void load() {
    Path file = requireJournal();
    try {
      if (Files.size(file) > MAX_JOURNAL_BYTES) {
        log.warn(
            "{} is over {} bytes; not read: batches in flight go whole", file, MAX_JOURNAL_BYTES);
        return;
      }
      try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
        String first = reader.readLine();
        if (!header.equals(first)) {
          log.info("{} is another sink's or shard count's; not read", file);
          return;
        }
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          read(line);
        }
      }
      log.info("{}: {} batches partly delivered before", file, counts.size());
    } catch (NoSuchFileException e) {
      // Nothing delivered in part.
    } catch (IOException | RuntimeException e) {
      counts.clear();
      log.warn("cannot read {} ({}); batches in flight go whole", file, e.toString());
    }
  }

  /** Reads one line; a line that is not whole (cut short by a crash) is skipped. */
  private void read(String line) {
    String[] words = SPACE.split(line);
    if (words.length != 3 || words[0].isEmpty()) {
      return;
    }
    Optional<Integer> shard = number(words[1]);
    Optional<Integer> count = number(words[2]);
    if (shard.isEmpty() || count.isEmpty() || shard.get() >= shards) {
      return;
    }
    int[] of = counts.computeIfAbsent(words[0], ignored -> new int[shards]);
    of[shard.get()] = Math.max(of[shard.get()], count.get());
  }

  private static Optional<Integer> number(String text) {
    if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    return Optional.of(Integer.parseInt(text));
  }

  private void giveUp(IOException e) {
    givenUp = true;
    log.warn(
        "cannot write {} ({}); what is partly delivered is kept in memory only",
        journal,
        e.toString());
    close();
  }

  @Override
  public String toString() {
    return "delivery progress of "
        + counts.size()
        + " batches"
        + (journal == null ? "" : " in " + journal);
  }

  /** For tests: the counts of {@code uuid}. */
  int[] counts(String uuid) {
    int[] of = counts.get(uuid);
    return of == null ? new int[shards] : Arrays.copyOf(of, of.length);
  }
}
