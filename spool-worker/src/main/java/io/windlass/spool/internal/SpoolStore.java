package io.windlass.spool.internal;

import io.windlass.spool.BatchCursor;
import io.windlass.spool.DropReason;
import io.windlass.spool.EntryProblem;
import io.windlass.spool.Metric;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.MetricMetadata;
import io.windlass.spool.MetricsDataException;
import io.windlass.spool.OverflowPolicy;
import io.windlass.spool.RejectedBatch;
import io.windlass.spool.SpoolFullException;
import io.windlass.spool.SpoolOptions;
import io.windlass.spool.SpoolStats;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machinery behind {@link io.windlass.spool.SpoolDirectory}: one spool directory, its index of
 * batches oldest first, its bounds, counters, quarantine and group-committed directory syncs.
 *
 * <h2>Publishing</h2>
 *
 * A batch is admitted against the bounds first (reserving its size, dropping the oldest batches or
 * refusing it), then its data and metadata are written to hidden temporary files, both are
 * fdatasynced, the data file is renamed into place and then the metadata file, and finally the
 * directory is synced through {@link DirectorySync}, shared with every publisher waiting at the
 * same time. The temporary files are created in one of {@value #STAGING_SLOTS} staging directories
 * ({@link BatchNames#STAGING_DIRECTORY}), chosen per thread, on the same file system: the kernel
 * serialises creating and removing names within one directory, so only the renames into place
 * contend on the spool directory. The staging directories are never synced; a crash leaves only
 * unpublished temporary files there, which {@link #rescan} removes like those next to the batches.
 * Before the last step returns nothing can lose the batch; after any crash a reader sees the whole
 * batch or none of it, because it only trusts a metadata file that parses, next to a data file that
 * decodes, and both files' contents were durable before either name was.
 *
 * <h2>Rejection</h2>
 *
 * {@link #reject} moves a batch the backend refused for good into {@link
 * BatchNames#REJECTED_DIRECTORY}: its metadata file first, by one rename, which decides where the
 * batch is (a batch is in the spool while its {@code .meta} is there, and rejected once its {@code
 * .meta} is in {@code rejected/}, and one rename cannot leave it in both or neither); then, after
 * both directories are synced, its data file; then its reason file. A crash between the two renames
 * leaves a data file without metadata in the spool, whose metadata is in {@code rejected/}: every
 * listing ({@link #rescan}) finishes such a move instead of removing the data as an orphan. A
 * reason file the crash kept from being written reads as {@link RejectedBatch#REASON_UNKNOWN}.
 *
 * <h2>The index</h2>
 *
 * Batches are kept sorted by (creation millisecond, uuid). This process's publishes and removals
 * update it directly; a directory listing ({@link #rescan}) finds what other processes did. An
 * entry whose files turn out to be gone is forgotten when a reader reaches it.
 */
public final class SpoolStore implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(SpoolStore.class);

  /** A recorder writes its buffered lines to its temporary file once they reach this size. */
  public static final int SPILL_BYTES = 256 * 1024;

  private static final int BUFFER_CAPACITY = 16 * 1024;

  /**
   * Line buffers kept for reuse; each at most twice {@link #SPILL_BYTES}, so the pool holds at most
   * 8 MiB.
   */
  private static final int MAX_POOLED_BUFFERS = 16;

  /** How many staging directories a process spreads its temporary files over. */
  static final int STAGING_SLOTS = 16;

  private static final AtomicInteger NEXT_SLOT = new AtomicInteger();

  /** The staging slot of each thread, assigned round robin on first use. */
  private static final ThreadLocal<Integer> SLOT =
      ThreadLocal.withInitial(() -> Math.floorMod(NEXT_SLOT.getAndIncrement(), STAGING_SLOTS));

  /** One batch known to be in the directory. */
  static final class Entry {
    final String uuid;
    final long createdMillis;
    final long bytes;
    final long seq;

    Entry(String uuid, long createdMillis, long bytes, long seq) {
      this.uuid = uuid;
      this.createdMillis = createdMillis;
      this.bytes = bytes;
      this.seq = seq;
    }
  }

  private static final Comparator<Entry> OLDEST_FIRST =
      Comparator.comparingLong((Entry e) -> e.createdMillis).thenComparing(e -> e.uuid);

  private final Path directory;
  private final Path quarantine;
  private final Path rejectedDirectory;
  private final Path staging;
  private final Path[] stagingSlots = new Path[STAGING_SLOTS];
  private final SpoolOptions options;
  private final SpoolAccess access;
  private final Clock clock;
  private final FileChannel directoryChannel;
  private final DirectorySync directorySync;
  private final BatchIds ids = new BatchIds();
  private final DecodeCache decodeCache = new DecodeCache();
  private final DropLog dropLog;
  private final ConcurrentLinkedQueue<LineBuffer> buffers = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pooledBuffers = new AtomicInteger();
  private @Nullable DirectoryLock lock;
  private volatile boolean closed;
  private volatile @Nullable Runnable afterMetadataRead;
  private volatile @Nullable Consumer<RejectStep> afterRejectStep;
  private volatile SpoolEntries entries = new SpoolEntries(SpoolEntries.NO_FOLLOW);

  private final Object indexLock = new Object();
  private final ConcurrentSkipListSet<Entry> ordered = new ConcurrentSkipListSet<>(OLDEST_FIRST);
  private final Map<String, Entry> byUuid = new HashMap<>(); // guarded by indexLock
  private long nextSeq; // guarded by indexLock
  private volatile long bytes; // written under indexLock
  private volatile long batches; // written under indexLock
  private volatile long reservedBytes; // written under indexLock
  private volatile long reservedBatches; // written under indexLock
  private volatile Instant lastRescan = Instant.MIN;

  private final List<LongConsumer> publishListeners = new CopyOnWriteArrayList<>();
  private final AtomicLong publishedBatches = new AtomicLong();
  private final AtomicLong publishedMetrics = new AtomicLong();
  private final AtomicLong removedBatches = new AtomicLong();
  private final AtomicLong orphansRemoved = new AtomicLong();
  private final AtomicLong tempFilesRemoved = new AtomicLong();
  private final AtomicLong emptyBatchesRemoved = new AtomicLong();
  private final AtomicLong rejectionsCompleted = new AtomicLong();
  private final Map<DropReason, AtomicLong> dropped = counters(DropReason.values());
  private final Map<DropReason, AtomicLong> rejected =
      counters(DropReason.MAX_BYTES, DropReason.MAX_BATCHES);
  private final Map<EntryProblem, AtomicLong> quarantined = problemCounters();
  private final Map<EntryProblem, AtomicLong> skippedEntries = problemCounters();

  /**
   * The names of entries that are not trusted and could not be moved to quarantine: never indexed,
   * read or counted, and reported once; a listing forgets those no longer there.
   */
  private final Set<String> skipped = ConcurrentHashMap.newKeySet();

  /**
   * Batches that could not be read for a reason of the moment (too many open files, an I/O error):
   * passed over by the read that met it and tried again by the next, said once until read.
   */
  private final Set<String> failingReads = ConcurrentHashMap.newKeySet();

  private SpoolStore(
      Path directory, SpoolOptions options, SpoolAccess access, FileChannel directoryChannel) {
    this.directory = directory;
    this.access = access;
    this.quarantine = directory.resolve(BatchNames.QUARANTINE_DIRECTORY);
    this.rejectedDirectory = directory.resolve(BatchNames.REJECTED_DIRECTORY);
    this.staging = directory.resolve(BatchNames.STAGING_DIRECTORY);
    for (int i = 0; i < STAGING_SLOTS; i++) {
      stagingSlots[i] = staging.resolve(Integer.toString(i));
    }
    this.options = options;
    this.clock = options.clock();
    this.directoryChannel = directoryChannel;
    this.directorySync = new DirectorySync(() -> directoryChannel.force(true));
    this.dropLog = new DropLog(LOG, directory, clock, options.dropLogInterval());
  }

  /**
   * Opens (creating it if needed) a spool directory: takes this process's hold on it, removes
   * leftovers of crashed writers (at once if no other process uses it, else once older than the
   * grace period), indexes its batches and applies the bounds. The directory and the spool's own
   * directories in it must be real directories (not links) owned by this process's user; their
   * modes are set as {@link SpoolAccess} says.
   */
  public static SpoolStore open(Path directory, SpoolOptions options) throws IOException {
    Path dir = directory.toAbsolutePath();
    SpoolAccess access = SpoolAccess.forThisProcess(options.sharedGroup());
    access.openSpoolDirectory(dir);
    access.checkExisting(dir.resolve(BatchNames.QUARANTINE_DIRECTORY), "quarantine directory");
    access.checkExisting(dir.resolve(BatchNames.REJECTED_DIRECTORY), "rejected directory");
    Path staging = dir.resolve(BatchNames.STAGING_DIRECTORY);
    access.checkExisting(staging, "staging directory");
    for (int i = 0; i < STAGING_SLOTS; i++) {
      access.checkExisting(staging.resolve(Integer.toString(i)), "staging directory");
    }
    FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ);
    SpoolStore store = new SpoolStore(dir, options, access, channel);
    try {
      store.lock = DirectoryLock.acquire(dir, () -> store.rescan(true));
      if (!store.lock.wasAlone()) {
        store.rescan(false);
      }
    } catch (IOException | RuntimeException | Error e) {
      store.close();
      throw e;
    }
    return store;
  }

  /** The spool directory, absolute. */
  public Path directory() {
    return directory;
  }

  /** The options the spool was opened with. */
  public SpoolOptions options() {
    return options;
  }

  /** The metadata for a new batch created now, with a fresh version 7 uuid. */
  public MetricMetadata newBatch(String charmUrl, String unitTag) {
    checkOpen();
    Instant created = clock.instant();
    return new MetricMetadata(charmUrl, ids.next(created.toEpochMilli()), created, unitTag);
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  /** A buffer for a recorder, from the pool if one is free. */
  LineBuffer takeBuffer() {
    LineBuffer buffer = buffers.poll();
    if (buffer == null) {
      return new LineBuffer(BUFFER_CAPACITY);
    }
    pooledBuffers.decrementAndGet();
    return buffer;
  }

  /** Returns a buffer to the pool, unless it grew unusually large or the pool is full. */
  void returnBuffer(LineBuffer buffer) {
    if (buffer.capacity() > 2 * SPILL_BYTES) {
      return;
    }
    if (pooledBuffers.incrementAndGet() > MAX_POOLED_BUFFERS) {
      pooledBuffers.decrementAndGet();
      return;
    }
    buffer.clear();
    buffers.offer(buffer);
  }

  /**
   * A new hidden temporary file for {@code finalName}, in this thread's staging directory (created
   * if missing).
   */
  TempFile createTemp(String finalName) throws IOException {
    checkOpen();
    Path slot = stagingSlots[SLOT.get()];
    Path path = slot.resolve(BatchNames.tempName(finalName, ids.token()));
    try {
      return TempFile.create(path, access);
    } catch (NoSuchFileException e) {
      access.directory(staging, "staging directory");
      access.directory(slot, "staging directory");
      return TempFile.create(path, access);
    }
  }

  /**
   * Under {@link OverflowPolicy#REJECT_NEW}, throws if a batch of {@code pendingBytes} more could
   * not be published now (after dropping batches past their age). A quick check while metrics are
   * added; {@link #publish} decides.
   */
  void checkRoom(String uuid, long pendingBytes) throws SpoolFullException {
    if (options.overflowPolicy() != OverflowPolicy.REJECT_NEW || fits(pendingBytes)) {
      return;
    }
    enforceBounds();
    synchronized (indexLock) {
      if (!fits(pendingBytes)) {
        DropReason bound = batchesFull() ? DropReason.MAX_BATCHES : DropReason.MAX_BYTES;
        rejected.get(bound).incrementAndGet();
        throw full(bound, uuid, pendingBytes);
      }
    }
  }

  private boolean fits(long size) {
    return !batchesFull() && bytes + reservedBytes + size <= options.maxBytes();
  }

  private boolean batchesFull() {
    return batches + reservedBatches + 1 > options.maxBatches();
  }

  /**
   * Publishes a batch durably: see the class description. Takes ownership of {@code spilled}, which
   * is deleted if the batch is not published.
   *
   * @param spilled the temporary data file holding the batch's first lines, if any
   * @param tail the batch's remaining lines
   * @throws SpoolFullException the spool refuses the batch ({@link OverflowPolicy#REJECT_NEW})
   */
  void publish(MetricMetadata metadata, @Nullable TempFile spilled, LineBuffer tail, int metrics)
      throws IOException {
    String uuid = metadata.uuid();
    String metaName = BatchNames.metaName(uuid);
    TempFile data = spilled;
    TempFile meta = null;
    boolean reserved = false;
    boolean dataRenamed = false;
    long size = 0;
    try {
      checkOpen();
      byte[] metaBytes = SpoolJson.encodeMeta(metadata);
      size = (data == null ? 0 : data.written()) + tail.length() + metaBytes.length;
      admit(uuid, size);
      reserved = true;
      if (data == null) {
        data = createTemp(uuid);
      }
      data.write(tail.array(), tail.length());
      meta = createTemp(metaName);
      meta.write(metaBytes, metaBytes.length);
      data.force();
      meta.force();
      data.close();
      meta.close();
      Files.move(data.path, directory.resolve(uuid), StandardCopyOption.ATOMIC_MOVE);
      dataRenamed = true;
      Files.move(meta.path, directory.resolve(metaName), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException | Error e) {
      if (data != null) {
        data.discard();
      }
      if (meta != null) {
        meta.discard();
      }
      if (dataRenamed) {
        deleteQuietly(directory.resolve(uuid));
      }
      if (reserved) {
        synchronized (indexLock) {
          reservedBytes -= size;
          reservedBatches--;
        }
      }
      throw e;
    }
    synchronized (indexLock) {
      reservedBytes -= size;
      reservedBatches--;
      addLocked(uuid, metadata.created().toEpochMilli(), size);
    }
    publishedBatches.incrementAndGet();
    publishedMetrics.addAndGet(metrics);
    try {
      directorySync.awaitSynced();
    } catch (IOException e) {
      throw new IOException(
          "batch " + uuid + " is published but the directory sync failed: a crash may lose it", e);
    }
    for (LongConsumer listener : publishListeners) {
      try {
        listener.accept(metrics);
      } catch (RuntimeException e) {
        LOG.warn("a listener to published batches failed", e);
      }
    }
  }

  /**
   * Calls {@code listener} with the metric count of every batch published from now on, on the
   * publishing thread once the batch is durable, until the returned action runs. A listener must be
   * quick and must not throw (what it throws is logged).
   */
  public Runnable onPublished(LongConsumer listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    publishListeners.add(listener);
    return () -> publishListeners.remove(listener);
  }

  private void admit(String uuid, long size) throws SpoolFullException {
    List<Entry> victims = new ArrayList<>();
    List<DropReason> reasons = new ArrayList<>();
    try {
      synchronized (indexLock) {
        evictExpiredLocked(victims, reasons);
        if (!fits(size)) {
          if (options.overflowPolicy() == OverflowPolicy.REJECT_NEW) {
            DropReason bound = batchesFull() ? DropReason.MAX_BATCHES : DropReason.MAX_BYTES;
            rejected.get(bound).incrementAndGet();
            throw full(bound, uuid, size);
          }
          while (batchesFull() && !ordered.isEmpty()) {
            evictLocked(ordered.first(), DropReason.MAX_BATCHES, victims, reasons);
          }
          while (bytes + reservedBytes + size > options.maxBytes() && !ordered.isEmpty()) {
            evictLocked(ordered.first(), DropReason.MAX_BYTES, victims, reasons);
          }
        }
        reservedBytes += size;
        reservedBatches++;
      }
    } finally {
      deleteVictims(victims, reasons);
    }
  }

  private SpoolFullException full(DropReason bound, String uuid, long size) {
    if (bound == DropReason.MAX_BATCHES) {
      return new SpoolFullException(
          bound,
          "spool "
              + directory
              + " is full: it holds "
              + (batches + reservedBatches)
              + " batches and max-batches is "
              + options.maxBatches()
              + "; batch "
              + uuid
              + " is refused (overflow policy reject-new)");
    }
    return new SpoolFullException(
        bound,
        "spool "
            + directory
            + " is full: it holds "
            + (bytes + reservedBytes)
            + " bytes and max-bytes is "
            + options.maxBytes()
            + "; batch "
            + uuid
            + " of "
            + size
            + " bytes is refused (overflow policy reject-new)");
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  /** Every batch, oldest first, after listing the directory. */
  public List<MetricBatch> readAll() throws IOException {
    checkOpen();
    rescan(false);
    List<MetricBatch> out = new ArrayList<>();
    FileBytes data = new FileBytes();
    for (Entry entry : ordered) {
      if (ordered.contains(entry)) {
        MetricBatch batch = load(entry.uuid, data);
        if (batch != null) {
          out.add(batch);
        }
      }
    }
    return out;
  }

  /** A cursor over the batches, oldest first; lists the directory if the last listing is old. */
  public BatchCursor cursor(int maxBatches, long maxBytes) throws IOException {
    if (maxBatches <= 0) {
      throw new IllegalArgumentException("maxBatches " + maxBatches + " must be > 0");
    }
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes " + maxBytes + " must be > 0");
    }
    checkOpen();
    if (!clock.instant().isBefore(lastRescan.plus(options.rescanInterval()))) {
      rescan(false);
    } else {
      enforceBounds();
    }
    dropLog.flushIfDue();
    return new Cursor(ordered.iterator(), maxBatches, maxBytes);
  }

  /** Removes a batch, metadata first; idempotent. */
  public void remove(String uuid) throws IOException {
    BatchNames.checkUuid(uuid);
    checkOpen();
    boolean removed = Files.deleteIfExists(directory.resolve(BatchNames.metaName(uuid)));
    Files.deleteIfExists(directory.resolve(uuid));
    forget(uuid);
    if (removed) {
      removedBatches.incrementAndGet();
    }
  }

  /**
   * Reads one batch, or returns null if it is gone, not trusted (then quarantined, or skipped if it
   * cannot be moved) or empty (then removed). Its files are read only as regular files, without
   * following links, within {@link SpoolEntries#MAX_META_BYTES} and {@link
   * SpoolOptions#maxBatchBytes()} ({@link SpoolEntries}); a problem with one batch's files never
   * throws, so it never keeps a reader from the other batches.
   */
  @Nullable MetricBatch load(String uuid, FileBytes data) {
    Path metaPath = directory.resolve(BatchNames.metaName(uuid));
    Path dataPath = directory.resolve(uuid);
    SpoolEntries files = entries;
    byte[] metaBytes;
    try {
      metaBytes = files.readAll(metaPath, SpoolEntries.MAX_META_BYTES);
    } catch (NoSuchFileException e) {
      forget(uuid); // removed meanwhile
      return null;
    } catch (EntryRefusedException e) {
      quarantine(uuid, e.problem(), e.getMessage());
      return null;
    } catch (IOException e) {
      return passOver(uuid, e);
    }
    Runnable hook = afterMetadataRead;
    if (hook != null) {
      hook.run();
    }
    MetricMetadata metadata;
    try {
      metadata = SpoolJson.decodeMeta(uuid, metaBytes);
    } catch (MetricsDataException e) {
      quarantine(uuid, EntryProblem.CORRUPT, e.getMessage());
      return null;
    }
    try {
      files.read(dataPath, options.maxBatchBytes(), data);
    } catch (NoSuchFileException e) {
      // Removal deletes the metadata first: if it is still there, the data never was.
      if (Files.exists(metaPath, LinkOption.NOFOLLOW_LINKS)) {
        quarantine(uuid, EntryProblem.MISSING_DATA, "its data file is missing");
      } else {
        forget(uuid);
      }
      return null;
    } catch (EntryRefusedException e) {
      quarantine(uuid, e.problem(), e.getMessage());
      return null;
    } catch (IOException e) {
      return passOver(uuid, e);
    }
    if (!failingReads.isEmpty()) {
      failingReads.remove(uuid);
    }
    List<Metric> metrics;
    try {
      metrics = SpoolJson.decodeMetrics(uuid, data.array(), data.length(), decodeCache);
    } catch (MetricsDataException e) {
      quarantine(uuid, EntryProblem.CORRUPT, e.getMessage());
      return null;
    }
    if (metrics.isEmpty()) {
      removeEmpty(uuid);
      return null;
    }
    return new MetricBatch(metadata, metrics);
  }

  /**
   * Passes over a batch that cannot be read now for a reason of the moment: it stays in the index
   * for the next read; said once until it is read.
   */
  private @Nullable MetricBatch passOver(String uuid, IOException e) {
    if (failingReads.add(uuid)) {
      LOG.warn(
          "spool {}: cannot read batch {} now, passing over it until the next read: {}",
          directory,
          uuid,
          SpoolEntries.reason(e));
    }
    return null;
  }

  /**
   * A file buffer a closed cursor left for the next, so a reader opening a cursor per window (the
   * sender) reuses one array for its data files instead of allocating one per window.
   */
  private final AtomicReference<@Nullable FileBytes> spareFileBytes = new AtomicReference<>();

  private final class Cursor implements BatchCursor {
    private final FileBytes data = takeFileBytes();
    private final Iterator<Entry> entries;
    private final int maxBatches;
    private final long maxBytes;
    private @Nullable Entry held;
    private int count;
    private long read;
    private boolean done;
    private boolean closed;

    Cursor(Iterator<Entry> entries, int maxBatches, long maxBytes) {
      this.entries = entries;
      this.maxBatches = maxBatches;
      this.maxBytes = maxBytes;
    }

    @Override
    public @Nullable MetricBatch next() throws IOException {
      while (!done && count < maxBatches) {
        Entry entry = held != null ? held : entries.hasNext() ? entries.next() : null;
        held = null;
        if (entry == null) {
          break;
        }
        if (!ordered.contains(entry)) {
          continue; // removed since the cursor passed the iterator's snapshot
        }
        if (count > 0 && read + entry.bytes > maxBytes) {
          held = entry;
          break;
        }
        checkOpen();
        MetricBatch batch = load(entry.uuid, data);
        if (batch != null) {
          count++;
          read += entry.bytes;
          return batch;
        }
      }
      done = true;
      return null;
    }

    @Override
    public int batches() {
      return count;
    }

    @Override
    public long bytes() {
      return read;
    }

    @Override
    public void close() {
      done = true;
      if (!closed) {
        closed = true;
        spareFileBytes.set(data);
      }
    }
  }

  /** The file buffer a closed cursor left, if no cursor has taken it since; for tests. */
  @Nullable FileBytes spareFileBytesForTesting() {
    return spareFileBytes.get();
  }

  private FileBytes takeFileBytes() {
    FileBytes spare = spareFileBytes.getAndSet(null);
    return spare != null ? spare : new FileBytes();
  }

  // ---------------------------------------------------------------------------------------------
  // Rejection

  /** The points {@link #reject} passes, in order; a test hook may stop it at any of them. */
  public enum RejectStep {
    /** The metadata file is in {@code rejected/}: the batch has left the spool. */
    METADATA_MOVED,
    /** Both directories are synced. */
    DIRECTORIES_SYNCED,
    /** The data file is in {@code rejected/}. */
    DATA_MOVED,
    /** The reason file is written. */
    REASON_WRITTEN
  }

  /**
   * Moves a batch into {@code rejected/} with {@code reason}, as the class description says, then
   * deletes the oldest rejected batches past the bounds.
   *
   * @return false if the batch was not in the spool (removed or rejected meanwhile)
   */
  public boolean reject(String uuid, String reason) throws IOException {
    BatchNames.checkUuid(uuid);
    if (reason == null) {
      throw new IllegalArgumentException("reason must not be null");
    }
    checkOpen();
    String metaName = BatchNames.metaName(uuid);
    access.directory(rejectedDirectory, "rejected directory");
    try {
      Files.move(
          directory.resolve(metaName),
          rejectedDirectory.resolve(metaName),
          StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      forget(uuid);
      return false;
    }
    forget(uuid);
    afterRejectStep(RejectStep.METADATA_MOVED);
    forceDirectory(rejectedDirectory);
    directoryChannel.force(true);
    afterRejectStep(RejectStep.DIRECTORIES_SYNCED);
    moveRejectedData(uuid);
    afterRejectStep(RejectStep.DATA_MOVED);
    writeReason(uuid, reason);
    afterRejectStep(RejectStep.REASON_WRITTEN);
    forceDirectory(rejectedDirectory);
    enforceRejectedBounds(uuid);
    return true;
  }

  /** The batches in {@code rejected/}, oldest rejection first (those without a time first). */
  public List<RejectedBatch> rejected() throws IOException {
    checkOpen();
    List<String> uuids = new ArrayList<>();
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(rejectedDirectory)) {
      for (Path path : listing) {
        String name = path.getFileName().toString();
        if (BatchNames.classify(name) == BatchNames.Kind.META) {
          uuids.add(BatchNames.uuidOfMeta(name));
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of();
    }
    List<RejectedBatch> out = new ArrayList<>();
    for (String uuid : uuids) {
      RejectedBatch batch = readRejected(uuid);
      if (batch != null) {
        out.add(batch);
      }
    }
    out.sort(
        Comparator.comparing((RejectedBatch b) -> b.rejectedAt().orElse(Instant.MIN))
            .thenComparing(RejectedBatch::uuid));
    return out;
  }

  /** Test seam: runs {@code hook} after each step of {@link #reject}; it may throw to stop it. */
  public void afterRejectStepForTesting(@Nullable Consumer<RejectStep> hook) {
    afterRejectStep = hook;
  }

  private void afterRejectStep(RejectStep step) {
    Consumer<RejectStep> hook = afterRejectStep;
    if (hook != null) {
      hook.accept(step);
    }
  }

  /** Moves a rejected batch's data file after its metadata; someone else may have done it. */
  private void moveRejectedData(String uuid) throws IOException {
    try {
      Files.move(
          directory.resolve(uuid), rejectedDirectory.resolve(uuid), StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      if (!Files.exists(rejectedDirectory.resolve(uuid))) {
        LOG.warn("spool {}: rejected batch {} has no data file", directory, uuid);
      }
    }
  }

  /** Finishes a rejection a crash or another process left between its two renames. */
  private void finishRejection(String uuid) {
    try {
      moveRejectedData(uuid);
      forceDirectory(rejectedDirectory);
      rejectionsCompleted.incrementAndGet();
      LOG.info("spool {}: finished moving rejected batch {} to {}", directory, uuid, "rejected/");
    } catch (IOException e) {
      LOG.warn("spool {}: cannot finish rejecting batch {}: {}", directory, uuid, e.toString());
    }
  }

  private void writeReason(String uuid, String reason) throws IOException {
    String reasonName = BatchNames.reasonName(uuid);
    byte[] bytes = SpoolJson.encodeReason(uuid, clock.instant(), reason);
    TempFile temp =
        TempFile.create(
            rejectedDirectory.resolve(BatchNames.tempName(reasonName, ids.token())), access);
    try {
      temp.write(bytes, bytes.length);
      temp.force();
      temp.close();
      Files.move(temp.path, rejectedDirectory.resolve(reasonName), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException | Error e) {
      temp.discard();
      throw e;
    }
  }

  /**
   * A batch in {@code rejected/}, its files read as the spool's are ({@link SpoolEntries}): one
   * that is not a regular file within its limit reads as missing metadata or an unreadable reason.
   */
  private @Nullable RejectedBatch readRejected(String uuid) throws IOException {
    Path metaPath = rejectedDirectory.resolve(BatchNames.metaName(uuid));
    byte[] metaBytes;
    Optional<MetricMetadata> metadata;
    try {
      metaBytes = entries.readAll(metaPath, SpoolEntries.MAX_META_BYTES);
      metadata = Optional.of(SpoolJson.decodeMeta(uuid, metaBytes));
    } catch (NoSuchFileException e) {
      return null; // deleted meanwhile
    } catch (EntryRefusedException | MetricsDataException e) {
      metaBytes = new byte[0];
      metadata = Optional.empty();
    }
    long bytes = metaBytes.length + sizeOrZero(rejectedDirectory.resolve(uuid));
    Optional<Instant> at = Optional.empty();
    String reason = RejectedBatch.REASON_UNKNOWN;
    try {
      SpoolJson.Reason read =
          SpoolJson.decodeReason(
              uuid,
              entries.readAll(
                  rejectedDirectory.resolve(BatchNames.reasonName(uuid)),
                  SpoolEntries.MAX_META_BYTES));
      at = Optional.of(read.rejectedAt());
      reason = read.reason();
    } catch (NoSuchFileException e) {
      // The agent stopped before writing it.
    } catch (EntryRefusedException | MetricsDataException e) {
      reason = "unreadable reason file: " + e.getMessage();
    }
    return new RejectedBatch(uuid, metadata, at, reason, bytes);
  }

  /** The size of a file, not following a link; 0 if it is gone. */
  private static long sizeOrZero(Path path) throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .size();
    } catch (NoSuchFileException e) {
      return 0;
    }
  }

  /** Deletes the oldest rejected batches past the bounds, never {@code keep}. */
  private void enforceRejectedBounds(String keep) throws IOException {
    List<RejectedBatch> held = rejected();
    long count = held.size();
    long size = 0;
    for (RejectedBatch batch : held) {
      size += batch.bytes();
    }
    for (RejectedBatch oldest : held) {
      if (count <= options.maxRejectedBatches() && size <= options.maxRejectedBytes()) {
        return;
      }
      if (oldest.uuid().equals(keep)) {
        continue;
      }
      Files.deleteIfExists(rejectedDirectory.resolve(BatchNames.metaName(oldest.uuid())));
      Files.deleteIfExists(rejectedDirectory.resolve(oldest.uuid()));
      Files.deleteIfExists(rejectedDirectory.resolve(BatchNames.reasonName(oldest.uuid())));
      count--;
      size -= oldest.bytes();
      LOG.warn(
          "spool {}: deleted rejected batch {} ({}) to keep rejected/ within {} batches and {}"
              + " bytes",
          directory,
          oldest.uuid(),
          oldest.reason(),
          options.maxRejectedBatches(),
          options.maxRejectedBytes());
    }
  }

  private static void forceDirectory(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** Rejections a listing finished after a crash or another process left them half done. */
  public long rejectionsCompleted() {
    return rejectionsCompleted.get();
  }

  // ---------------------------------------------------------------------------------------------
  // Listing, bounds, quarantine

  /**
   * Lists the directory: indexes batches this process does not know, forgets those gone from disk,
   * removes leftovers of unfinished batches, quarantines metadata files with bad names, then
   * applies the bounds.
   *
   * @param alone no other process uses the directory, so every temporary file and every data file
   *     without metadata is a leftover, whatever its age
   */
  void rescan(boolean alone) throws IOException {
    Instant started = clock.instant();
    long firstUnseen;
    synchronized (indexLock) {
      firstUnseen = nextSeq;
    }
    Set<String> metas = new HashSet<>();
    List<String> datas = new ArrayList<>();
    List<String> temps = new ArrayList<>();
    List<String> badMetas = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(directory)) {
      for (Path path : listing) {
        String name = path.getFileName().toString();
        switch (BatchNames.classify(name)) {
          case META:
            listed.add(name);
            metas.add(BatchNames.uuidOfMeta(name));
            break;
          case BAD_META:
            listed.add(name);
            badMetas.add(name);
            break;
          case DATA:
            listed.add(name);
            datas.add(name);
            break;
          case TEMP:
            listed.add(name);
            temps.add(name);
            break;
          default:
            break;
        }
      }
    }
    synchronized (indexLock) {
      for (Iterator<Entry> it = byUuid.values().iterator(); it.hasNext(); ) {
        Entry entry = it.next();
        if (entry.seq < firstUnseen && !metas.contains(entry.uuid)) {
          it.remove();
          removeCountedLocked(entry);
        }
      }
    }
    for (String uuid : metas) {
      boolean known;
      synchronized (indexLock) {
        known = byUuid.containsKey(uuid);
      }
      if (!known && !skipped.contains(BatchNames.metaName(uuid))) {
        discover(uuid);
      }
    }
    Instant cutoff = started.minus(options.orphanGrace());
    for (String name : datas) {
      if (metas.contains(name) || skipped.contains(name)) {
        continue;
      }
      if (Files.exists(rejectedDirectory.resolve(BatchNames.metaName(name)))) {
        finishRejection(name);
      } else if (BatchNames.isCanonicalUuid(name)) {
        removeOrphan(name, alone, cutoff);
      }
    }
    for (String name : temps) {
      removeLeftover(directory.resolve(name), alone, cutoff, tempFilesRemoved);
    }
    sweepStaging(alone, cutoff, listed);
    for (String name : badMetas) {
      if (!skipped.contains(name)) {
        quarantineFiles(name, null, name, EntryProblem.CORRUPT, "its name is not a batch uuid");
      }
    }
    skipped.retainAll(listed);
    lastRescan = started;
    enforceBounds();
    dropLog.flushIfDue();
  }

  /**
   * Indexes a batch another process published (or this one before it was reopened), if its files
   * are what a batch's files are: regular files, not links, the data within {@link
   * SpoolOptions#maxBatchBytes()}. Only such a batch counts against the bounds; any other is
   * quarantined (or skipped). Costs an {@code lstat} per file; the data is read when a reader
   * reaches it.
   */
  private void discover(String uuid) {
    Path metaPath = directory.resolve(BatchNames.metaName(uuid));
    try {
      BasicFileAttributes meta = SpoolEntries.check(metaPath, SpoolEntries.MAX_META_BYTES);
      long createdMillis;
      OptionalLong stamp = BatchIds.timestampMillis(uuid);
      if (stamp.isPresent()) {
        createdMillis = stamp.getAsLong();
      } else {
        byte[] metaBytes = entries.readAll(metaPath, SpoolEntries.MAX_META_BYTES);
        try {
          createdMillis = toMillis(SpoolJson.decodeMeta(uuid, metaBytes).created());
        } catch (MetricsDataException e) {
          quarantine(uuid, EntryProblem.CORRUPT, e.getMessage());
          return;
        }
      }
      BasicFileAttributes data;
      try {
        data = SpoolEntries.check(directory.resolve(uuid), options.maxBatchBytes());
      } catch (NoSuchFileException e) {
        if (Files.exists(metaPath, LinkOption.NOFOLLOW_LINKS)) {
          quarantine(uuid, EntryProblem.MISSING_DATA, "its data file is missing");
        }
        return;
      }
      if (data.size() == 0) {
        removeEmpty(uuid);
        return;
      }
      synchronized (indexLock) {
        addLocked(uuid, createdMillis, meta.size() + data.size());
      }
    } catch (NoSuchFileException e) {
      // Removed since the listing.
    } catch (EntryRefusedException e) {
      quarantine(uuid, e.problem(), e.getMessage());
    } catch (IOException e) {
      // Not indexed this time; the next listing tries again.
      passOver(uuid, e);
    }
  }

  /**
   * A data file without metadata: a batch whose publishing never finished (data is published before
   * metadata, so it was never acknowledged), removed like other leftovers and logged with the
   * count; or, if it is not a regular file, quarantined.
   */
  private void removeOrphan(String name, boolean alone, Instant cutoff) {
    Path path = directory.resolve(name);
    try {
      BasicFileAttributes attributes =
          Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      EntryRefusedException problem = SpoolEntries.problem(path, attributes, Long.MAX_VALUE);
      if (problem != null) {
        quarantineFiles(
            name, null, name, problem.problem(), problem.getMessage() + " and has no metadata");
        return;
      }
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      LOG.warn("spool {}: cannot look at {}: {}", directory, name, SpoolEntries.reason(e));
      return;
    }
    removeLeftover(path, alone, cutoff, orphansRemoved);
  }

  private static long toMillis(Instant instant) {
    try {
      return instant.toEpochMilli();
    } catch (ArithmeticException e) {
      return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /**
   * Removes the temporary files in every staging directory, those of this process's configuration
   * and any others, by the rules for leftovers.
   */
  private void sweepStaging(boolean alone, Instant cutoff, Set<String> listed) {
    List<Path> slots = new ArrayList<>();
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(staging)) {
      for (Path slot : listing) {
        slots.add(slot);
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return; // nothing was ever staged
    } catch (IOException e) {
      LOG.warn("spool {}: cannot list {}: {}", directory, staging, e.toString());
      return;
    }
    for (Path slot : slots) {
      try (DirectoryStream<Path> listing = Files.newDirectoryStream(slot)) {
        for (Path path : listing) {
          if (BatchNames.classify(path.getFileName().toString()) == BatchNames.Kind.TEMP) {
            listed.add(directory.relativize(path).toString());
            removeLeftover(path, alone, cutoff, tempFilesRemoved);
          }
        }
      } catch (NoSuchFileException | NotDirectoryException e) {
        // Not a staging directory, or removed meanwhile.
      } catch (IOException e) {
        LOG.warn("spool {}: cannot list {}: {}", directory, slot, e.toString());
      }
    }
  }

  private void removeLeftover(Path path, boolean alone, Instant cutoff, AtomicLong counter) {
    String name = path.getFileName().toString();
    try {
      BasicFileAttributes attributes =
          Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (attributes.isDirectory()) {
        // No writer leaves a directory: not a leftover. Said once, not at every listing.
        if (skipped.add(directory.relativize(path).toString())) {
          LOG.warn(
              "spool {}: leaves {} alone: a directory named like a temporary file",
              directory,
              path);
        }
        return;
      }
      if (!alone && !attributes.lastModifiedTime().toInstant().isBefore(cutoff)) {
        return; // may still be in the hands of a writer in another process
      }
      if (counter == orphansRemoved && Files.exists(directory.resolve(BatchNames.metaName(name)))) {
        return; // published since the listing
      }
      if (counter == orphansRemoved
          && Files.exists(rejectedDirectory.resolve(BatchNames.metaName(name)))) {
        finishRejection(name); // its rejection started since the listing
        return;
      }
      if (Files.deleteIfExists(path)) {
        counter.incrementAndGet();
        if (counter == orphansRemoved) {
          dropLog.orphanRemoved(attributes.size());
        }
        LOG.debug("spool {}: removed {}, left by an unfinished batch", directory, path);
      }
    } catch (NoSuchFileException e) {
      // Gone already.
    } catch (IOException e) {
      LOG.warn("spool {}: cannot remove leftover {}: {}", directory, name, e.toString());
    }
  }

  /** Drops batches past their age and, under drop-oldest, the oldest past the other bounds. */
  void enforceBounds() {
    List<Entry> victims = new ArrayList<>();
    List<DropReason> reasons = new ArrayList<>();
    synchronized (indexLock) {
      evictExpiredLocked(victims, reasons);
      if (options.overflowPolicy() == OverflowPolicy.DROP_OLDEST) {
        while (batches > options.maxBatches() && !ordered.isEmpty()) {
          evictLocked(ordered.first(), DropReason.MAX_BATCHES, victims, reasons);
        }
        while (bytes > options.maxBytes() && !ordered.isEmpty()) {
          evictLocked(ordered.first(), DropReason.MAX_BYTES, victims, reasons);
        }
      }
    }
    deleteVictims(victims, reasons);
  }

  private void evictExpiredLocked(List<Entry> victims, List<DropReason> reasons) {
    long cutoff = clock.millis() - options.maxAge().toMillis();
    while (!ordered.isEmpty() && ordered.first().createdMillis < cutoff) {
      evictLocked(ordered.first(), DropReason.MAX_AGE, victims, reasons);
    }
  }

  private void evictLocked(
      Entry entry, DropReason reason, List<Entry> victims, List<DropReason> reasons) {
    byUuid.remove(entry.uuid);
    removeCountedLocked(entry);
    victims.add(entry);
    reasons.add(reason);
  }

  private void deleteVictims(List<Entry> victims, List<DropReason> reasons) {
    for (int i = 0; i < victims.size(); i++) {
      Entry victim = victims.get(i);
      try {
        boolean deleted = Files.deleteIfExists(directory.resolve(BatchNames.metaName(victim.uuid)));
        Files.deleteIfExists(directory.resolve(victim.uuid));
        if (deleted) {
          dropped.get(reasons.get(i)).incrementAndGet();
          dropLog.dropped(reasons.get(i), victim.bytes);
        }
      } catch (IOException e) {
        LOG.warn("spool {}: cannot drop batch {}: {}", directory, victim.uuid, e.toString());
      }
    }
    if (!victims.isEmpty()) {
      dropLog.flushIfDue();
    }
  }

  private void removeEmpty(String uuid) {
    forget(uuid);
    try {
      boolean removed = Files.deleteIfExists(directory.resolve(BatchNames.metaName(uuid)));
      Files.deleteIfExists(directory.resolve(uuid));
      if (removed) {
        emptyBatchesRemoved.incrementAndGet();
      }
    } catch (IOException e) {
      if (skipped.add(BatchNames.metaName(uuid))) {
        LOG.warn("spool {}: cannot remove empty batch {}: {}", directory, uuid, e.toString());
      }
    }
  }

  private void quarantine(String uuid, EntryProblem problem, String reason) {
    forget(uuid);
    quarantineFiles(BatchNames.metaName(uuid), uuid, uuid, problem, reason);
  }

  /**
   * Moves an entry's files aside into {@code quarantine/}, {@code first} (the metadata file, whose
   * presence makes a batch) first, then writes a reason file next to it; counts and logs it
   * (rate-limited). If it cannot be moved, the entry is skipped: noted so that it is not read or
   * counted again, counted and logged once.
   */
  private void quarantineFiles(
      String first, @Nullable String second, String entry, EntryProblem problem, String reason) {
    String moved;
    try {
      access.directory(quarantine, "quarantine directory");
      moved = moveAside(first);
      if (moved == null) {
        return; // removed or quarantined by someone else meanwhile
      }
    } catch (IOException e) {
      skip(first, problem, entry + ": " + reason + "; cannot move it: " + SpoolEntries.reason(e));
      return;
    }
    if (second != null) {
      try {
        moveAside(second);
      } catch (IOException e) {
        skip(
            second, problem, entry + ": " + reason + "; cannot move it: " + SpoolEntries.reason(e));
      }
    }
    writeQuarantineReason(moved, entry, problem, reason);
    quarantined.get(problem).incrementAndGet();
    dropped.get(DropReason.QUARANTINED).incrementAndGet();
    dropLog.quarantined(problem, entry + ": " + reason);
    dropLog.flushIfDue();
  }

  private void skip(String name, EntryProblem problem, String reason) {
    if (skipped.add(name)) {
      skippedEntries.get(problem).incrementAndGet();
      dropLog.skipped(problem, reason);
      dropLog.flushIfDue();
    }
  }

  /** Moves {@code name} into quarantine under a free name; that name, or null if it is gone. */
  private @Nullable String moveAside(String name) throws IOException {
    Path source = directory.resolve(name);
    for (int n = 0; ; n++) {
      String targetName = n == 0 ? name : name + "." + n;
      try {
        Files.move(source, quarantine.resolve(targetName));
        return targetName;
      } catch (FileAlreadyExistsException e) {
        // Quarantined before under this name: keep both.
      } catch (NoSuchFileException e) {
        if (!Files.exists(quarantine)) {
          throw e;
        }
        return null;
      }
    }
  }

  /**
   * Writes {@code <moved>.reason} in quarantine: {@code {"entry":…,"quarantined":…,"problem":…,
   * "reason":…}}. Best effort: the move is what matters, and it is logged.
   */
  private void writeQuarantineReason(
      String moved, String entry, EntryProblem problem, String reason) {
    byte[] bytes =
        SpoolJson.encodeQuarantineReason(entry, clock.instant(), problem.label(), reason);
    try {
      TempFile file = TempFile.create(quarantine.resolve(moved + BatchNames.REASON_SUFFIX), access);
      try {
        file.write(bytes, bytes.length);
      } finally {
        file.close();
      }
    } catch (IOException e) {
      LOG.debug("spool {}: cannot write the reason for quarantined {}", directory, entry, e);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", path, e.toString());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Index

  private void addLocked(String uuid, long createdMillis, long size) {
    if (byUuid.containsKey(uuid)) {
      return;
    }
    Entry entry = new Entry(uuid, createdMillis, size, nextSeq++);
    byUuid.put(uuid, entry);
    ordered.add(entry);
    bytes += size;
    batches++;
  }

  private void forget(String uuid) {
    synchronized (indexLock) {
      Entry entry = byUuid.remove(uuid);
      if (entry != null) {
        removeCountedLocked(entry);
      }
    }
  }

  private void removeCountedLocked(Entry entry) {
    if (ordered.remove(entry)) {
      bytes -= entry.bytes;
      batches--;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Stats and lifecycle

  /** A snapshot of sizes and counters. */
  public SpoolStats stats() {
    long heldBytes;
    long heldBatches;
    Entry oldest;
    synchronized (indexLock) {
      heldBytes = bytes;
      heldBatches = batches;
      oldest = ordered.isEmpty() ? null : ordered.first();
    }
    Duration age =
        oldest == null
            ? Duration.ZERO
            : Duration.ofMillis(Math.max(0, clock.millis() - oldest.createdMillis));
    return new SpoolStats(
        heldBytes,
        heldBatches,
        age,
        publishedBatches.get(),
        publishedMetrics.get(),
        removedBatches.get(),
        snapshot(dropped),
        snapshot(rejected),
        orphansRemoved.get(),
        tempFilesRemoved.get(),
        emptyBatchesRemoved.get(),
        directorySync.syncs(),
        problemSnapshot(quarantined),
        problemSnapshot(skippedEntries));
  }

  /** Test seam: opens the files of batches with {@code opener} instead of the file system. */
  public void openFilesForTesting(SpoolEntries.Opener opener) {
    entries = new SpoolEntries(opener);
  }

  /** Test seam: runs {@code hook} between reading a batch's metadata and its data. */
  public void afterMetadataReadForTesting(@Nullable Runnable hook) {
    afterMetadataRead = hook;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("spool " + directory + " is closed");
    }
  }

  /** Whether {@link #close()} has been called. */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    dropLog.flush();
    try {
      if (lock != null) {
        lock.close();
      }
    } finally {
      directoryChannel.close();
    }
  }

  private static Map<DropReason, AtomicLong> counters(DropReason... reasons) {
    Map<DropReason, AtomicLong> counters = new EnumMap<>(DropReason.class);
    for (DropReason reason : reasons) {
      counters.put(reason, new AtomicLong());
    }
    return counters;
  }

  private static Map<EntryProblem, AtomicLong> problemCounters() {
    Map<EntryProblem, AtomicLong> counters = new EnumMap<>(EntryProblem.class);
    for (EntryProblem problem : EntryProblem.values()) {
      counters.put(problem, new AtomicLong());
    }
    return counters;
  }

  private static Map<String, Long> problemSnapshot(Map<EntryProblem, AtomicLong> counters) {
    Map<String, Long> out = new LinkedHashMap<>();
    counters.forEach((problem, count) -> out.put(problem.label(), count.get()));
    return out;
  }

  private static Map<String, Long> snapshot(Map<DropReason, AtomicLong> counters) {
    Map<String, Long> out = new LinkedHashMap<>();
    counters.forEach((reason, count) -> out.put(reason.label(), count.get()));
    return out;
  }
}
