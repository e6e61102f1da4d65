package io.windlass.spool;

import io.windlass.spool.internal.BatchNames;
import io.windlass.spool.internal.SeriesTable;
import io.windlass.spool.internal.SpoolStore;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * A durable, bounded metrics spool in one directory: the {@link MetricFactory} the spool manifold
 * exposes. Collectors record batches through it and the sender reads, forwards and removes them
 * (store and forward).
 *
 * <h2>On disk</h2>
 *
 * Juju's layout, so a Juju spool directory reads as is and Juju could read this one:
 *
 * <ul>
 *   <li>{@code <uuid>} — the batch's data: one JSON metric per line, {@code
 *       {"key":"pings","value":"5","time":"2025-01-02T03:04:05.123Z","labels":{"zone":"a"}}},
 *       labels left out when empty.
 *   <li>{@code <uuid>.meta} — one JSON object, {@code
 *       {"charmurl":"local:myapp","uuid":"…","created":"…","unit-tag":"agent-7"}}, and last, if the
 *       batch describes its metric families ({@link MetricRecorder#describe}), {@code
 *       "families":[{"name":"hits","type":"counter","help":"…","unit":""}]}: optional, ignored by
 *       readers that do not know it (Juju's), durable with the batch as the file is, bounded (see
 *       {@link MetricMetadata}) and read leniently.
 *   <li>{@code .<name>.inc-<token>} — a file being written; hidden, never read. Windlass writes
 *       them in hidden staging directories {@code .staging/<n>/} (Juju next to the batches) and
 *       renames them into place; readers skip subdirectories.
 *   <li>{@code quarantine/} — entries not trusted as a batch (see <a href="#trust">Trust</a>),
 *       moved aside under their names (numbered {@code .1}, {@code .2}, … if taken), each with
 *       {@code <name>.reason}: {@code {"entry":…,"quarantined":…,"problem":…,"reason":…}}.
 *   <li>{@code rejected/} — batches a backend refused for good ({@link MetricReader#reject}): their
 *       two files and {@code <uuid>.reason}, {@code {"uuid":…,"rejected":…,"reason":…}}. Bounded by
 *       {@link SpoolOptions#maxRejectedBatches()} and {@link SpoolOptions#maxRejectedBytes()};
 *       never read as part of the spool.
 *   <li>{@code .windlass.lock} — lets an opening process learn whether others use the directory.
 * </ul>
 *
 * Windlass names batches with version 7 UUIDs, which sort by creation time.
 *
 * <h2>Access</h2>
 *
 * The directories are mode 0700 and the files 0600, whatever the umask, or 0750 (set-group-id) and
 * 0640 in {@link SpoolOptions#sharedGroup()}; a spool with wider modes is tightened when opened.
 * The directory and its {@code quarantine/}, {@code rejected/} and {@code .staging/} must be real
 * directories (not links) owned by the process's user, or {@link #open} fails.
 *
 * <h2>Durability</h2>
 *
 * {@link MetricRecorder#close()} writes both files under hidden names in a staging directory on the
 * same file system, syncs both ({@code FileChannel.force(false)}: contents and size), renames the
 * data file into place and then the metadata file, and fsyncs the directory before it returns. A
 * reader trusts only a batch whose {@code .meta} parses and whose data decodes, so after a crash at
 * any point a batch is wholly visible or not at all, and every batch whose {@code close()} returned
 * is there, intact. Concurrent closes share directory fsyncs (group commit); their file fsyncs run
 * in parallel. Removal is not synced: after a crash a removed batch may reappear and be sent again,
 * so receivers deduplicate on the batch uuid.
 *
 * <h2 id="trust">Trust</h2>
 *
 * An entry is trusted as a batch only once each of its two files has been looked at without
 * following links ({@code lstat}), found to be a regular file, opened without following links
 * ({@code O_NOFOLLOW}), and read within its limit: {@link SpoolOptions#maxBatchBytes()} for the
 * data, {@link io.windlass.spool.internal.SpoolEntries#MAX_META_BYTES} for the metadata. A batch
 * found by a listing is indexed, and counted against the bounds, only once the {@code lstat}s pass;
 * its contents are checked when a reader reads it. The checks cost an {@code lstat} and an open
 * flag per file, no extra read.
 *
 * <p>Any other entry — a link (whatever it points to, in the spool or outside it), a directory,
 * FIFO, socket or device, a file over its limit, a file that cannot be opened or read, metadata
 * that does not parse or has no data file, data that does not decode — is moved to {@code
 * quarantine/} with a reason file and counted per {@link EntryProblem} ({@link
 * SpoolStats#quarantined()}, and in {@link DropReason#QUARANTINED}). A link is moved, never
 * followed; a FIFO is never opened. An entry that cannot be moved (say {@code quarantine/} cannot
 * be created) is <em>skipped</em>: left in place, never read, indexed or counted, reported once
 * ({@link SpoolStats#skipped()}), and forgotten once it is gone. Neither kind ever counts against
 * the bounds, makes the spool drop a batch, or keeps a reader from the batches around it: a cursor
 * goes on to the next batch. Only permission denied makes a file unreadable for good; a failure of
 * the moment (too many open files, an I/O error) condemns nothing: the read passes over the batch,
 * says so once, and the next read tries it again.
 *
 * <h2>Housekeeping</h2>
 *
 * <ul>
 *   <li>Temporary files (next to the batches or in the staging directories), and data files without
 *       metadata, left by writers that died are removed when the spool is opened if no other
 *       process has it open, otherwise once older than {@link SpoolOptions#orphanGrace()} (so a
 *       live writer is never raced). A data file without metadata was never acknowledged (data is
 *       published before metadata); its removal is counted ({@link SpoolStats#orphansRemoved()})
 *       and logged. One that is not a regular file is quarantined instead.
 *   <li>Batches without metrics are removed.
 * </ul>
 *
 * <h2>Bounds</h2>
 *
 * {@link SpoolOptions#maxBytes()}, {@link SpoolOptions#maxBatches()} and {@link
 * SpoolOptions#maxAge()}. Batches past their age are always dropped. When a new batch does not fit,
 * {@link OverflowPolicy#DROP_OLDEST} drops the oldest batches to make room, and {@link
 * OverflowPolicy#REJECT_NEW} refuses the new data with a {@link SpoolFullException} from {@code
 * addMetric} or {@code close}. Only trusted batches count. Drops are counted per reason in {@link
 * #stats()}. Every drop — for the bounds, to quarantine, skipped, orphans removed — is logged when
 * it happens, one line per kind with counts, at most once per {@link
 * SpoolOptions#dropLogInterval()}: what is held back is logged at the first listing or read after
 * the interval, at the latest at {@link #close()}. Sizes are this process's view, refreshed by
 * directory listings.
 *
 * <h2>Sharing</h2>
 *
 * Any number of recorders and readers, in this and other processes, may use one directory: a batch
 * is published under a name no one else uses, appears atomically, and is removed metadata first, so
 * no batch is lost or seen twice by one cursor. Readers do not claim batches (see {@link
 * MetricReader}).
 *
 * <p>Close the spool after its recorders and readers; their methods throw {@link
 * IllegalStateException} afterwards.
 */
public final class SpoolDirectory implements MetricFactory, Closeable {
  /**
   * The directories a spool keeps inside its directory ({@code quarantine}, {@code rejected},
   * {@code .staging}), each of which {@link #open} requires to be a real directory of the process's
   * user when present; a caller may check them first.
   */
  public static final List<String> OWN_DIRECTORIES =
      List.of(
          BatchNames.QUARANTINE_DIRECTORY,
          BatchNames.REJECTED_DIRECTORY,
          BatchNames.STAGING_DIRECTORY);

  private final SpoolStore store;
  private final SeriesTable series = new SeriesTable(JsonMetricRecorder.MAX_REMEMBERED_SERIES);

  private SpoolDirectory(SpoolStore store) {
    this.store = store;
  }

  /** Opens {@code directory} with the default options, creating it if needed. */
  public static SpoolDirectory open(Path directory) throws IOException {
    return open(directory, SpoolOptions.defaults());
  }

  /**
   * Opens {@code directory}, creating it if needed: cleans up after crashed writers, indexes the
   * batches there and applies the bounds.
   */
  public static SpoolDirectory open(Path directory, SpoolOptions options) throws IOException {
    return new SpoolDirectory(SpoolStore.open(directory, options));
  }

  /** The spool directory, absolute. */
  public Path path() {
    return store.directory();
  }

  /** The options it was opened with. */
  public SpoolOptions options() {
    return store.options();
  }

  /**
   * A recorder for a new batch.
   *
   * @throws IllegalArgumentException {@code charmUrl} or {@code unitTag} is empty
   * @throws IllegalStateException the spool is closed
   */
  @Override
  public JsonMetricRecorder recorder(DeclaredMetrics declared, String charmUrl, String unitTag) {
    return recorder(declared, charmUrl, unitTag, BatchFormat.JSON_LINES);
  }

  /**
   * A recorder for a new batch whose data file is written in {@code format}; in JSON lines if the
   * spool's options say no {@linkplain SpoolOptions#binaryBatches() binary batches}.
   *
   * @throws IllegalArgumentException {@code charmUrl} or {@code unitTag} is empty
   * @throws IllegalStateException the spool is closed
   */
  @Override
  public JsonMetricRecorder recorder(
      DeclaredMetrics declared, String charmUrl, String unitTag, BatchFormat format) {
    if (format == null) {
      throw new IllegalArgumentException("batch format must not be null");
    }
    if (declared == null) {
      throw new IllegalArgumentException("declared metrics must not be null");
    }
    if (charmUrl == null || charmUrl.isEmpty()) {
      throw new IllegalArgumentException("charmUrl must not be empty");
    }
    if (unitTag == null || unitTag.isEmpty()) {
      throw new IllegalArgumentException("unitTag must not be empty");
    }
    BatchFormat written = store.options().binaryBatches() ? format : BatchFormat.JSON_LINES;
    return new JsonMetricRecorder(store, series, declared, charmUrl, unitTag, written);
  }

  @Override
  public Runnable onPublished(LongConsumer listener) {
    return store.onPublished(listener);
  }

  /**
   * A reader of the spool's batches.
   *
   * @throws IllegalStateException the spool is closed
   */
  @Override
  public JsonMetricReader reader() {
    if (store.isClosed()) {
      throw new IllegalStateException("spool " + store.directory() + " is closed");
    }
    return new JsonMetricReader(store);
  }

  /** Sizes and counters now. */
  public SpoolStats stats() {
    return store.stats();
  }

  /** Logs pending drop counts and releases the directory. Idempotent. */
  @Override
  public void close() throws IOException {
    store.close();
  }

  @Override
  public String toString() {
    return "SpoolDirectory[" + store.directory() + "]";
  }
}
