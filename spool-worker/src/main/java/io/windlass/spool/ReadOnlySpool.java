package io.windlass.spool;

import com.google.common.collect.ImmutableList;
import io.windlass.spool.internal.BatchNames;
import io.windlass.spool.internal.EntryRefusedException;
import io.windlass.spool.internal.SpoolEntries;
import io.windlass.spool.internal.SpoolJson;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A read-only view of a spool directory, for tools that look into a spool an agent may be using at
 * the same time ({@code windlass spool ls|show|stats}). It follows the reader's half of {@link
 * SpoolDirectory}'s contract and none of its housekeeping: it creates, locks, moves and removes
 * nothing — no lock file, no quarantine, no removal of leftovers, empty batches or batches past the
 * bounds — so it is safe beside a running agent, and works on a directory it may only read.
 *
 * <p>What it sees, per listing:
 *
 * <ul>
 *   <li>a batch is a {@code <uuid>.meta} file that parses and a {@code <uuid>} data file that
 *       decodes, as for {@link MetricReader}; batches are listed oldest first (creation time, then
 *       uuid), as the sender reads them;
 *   <li>a {@code .meta} file that does not parse, a batch whose data file is missing or does not
 *       decode, and a batch without metrics are listed as {@linkplain Unreadable unreadable}: the
 *       agent quarantines (or removes) them when it next lists the directory;
 *   <li>a batch file is opened only as the agent opens it: found a regular file (not a directory,
 *       FIFO, socket or device), without following a link, and read within its limit ({@link
 *       SpoolOptions#maxBatchBytes()} for data, {@link SpoolEntries#MAX_META_BYTES} for metadata);
 *       a batch with a file that is not is listed as {@linkplain Skipped skipped} with its {@link
 *       EntryProblem}, not read: so a listing never hangs on a FIFO nor fails on a directory. A
 *       file that cannot be read (permissions, an I/O error) is skipped the same way;
 *   <li>a data file without metadata is a batch still being published, or a leftover the agent
 *       removes: it is not listed, nor opened; nor are hidden files (temporary files, the lock
 *       file) and the staging directories;
 *   <li>the files in {@code quarantine/} and in {@value #REJECTED_DIRECTORY}{@code /} (batches a
 *       backend refused for good, which the sender moves there) are listed by name.
 * </ul>
 *
 * <p>Batches published or removed while a listing runs may or may not be in it; one removed between
 * being listed and being read is left out. Thread-safe: it holds no state but the path.
 */
public final class ReadOnlySpool {

  /** The directory, in the spool directory, of batches the sender moved aside as rejected. */
  public static final String REJECTED_DIRECTORY = "rejected";

  /** The directory, in the spool directory, of files that could not be read as a batch. */
  public static final String QUARANTINE_DIRECTORY = BatchNames.QUARANTINE_DIRECTORY;

  /** How a reason file's name ends, after the name of the entry it tells of. */
  public static final String REASON_SUFFIX = BatchNames.REASON_SUFFIX;

  /**
   * A readable batch, without its metrics.
   *
   * @param metadata what its {@code .meta} file says
   * @param metrics how many metrics its data file holds
   * @param bytes the size of its data and metadata files together
   */
  public record BatchSummary(MetricMetadata metadata, int metrics, long bytes) {
    public String uuid() {
      return metadata.uuid();
    }
  }

  /**
   * A batch that is not readable now.
   *
   * @param uuid the name of its {@code .meta} file without the suffix
   * @param problem why it cannot be read, e.g. {@code batch … data line 3: … }
   */
  public record Unreadable(String uuid, String problem) {}

  /**
   * A batch whose files were not read, because one is not a regular file within its limit or cannot
   * be read; the agent quarantines such an entry.
   *
   * @param name the file that was not read, e.g. {@code <uuid>} or {@code <uuid>.meta}
   * @param problem what is wrong with it
   * @param detail the problem in words, e.g. {@code <uuid> is a directory}
   */
  public record Skipped(String name, EntryProblem problem, String detail) {}

  /**
   * A file in one of the spool's side directories.
   *
   * @param name its name in that directory
   * @param bytes its size (0 for a directory)
   * @param modified when it was last modified
   */
  public record SpoolFile(String name, long bytes, Instant modified) {}

  /**
   * What one listing found.
   *
   * @param batches the readable batches, oldest first
   * @param unreadable batches that cannot be read now, by uuid
   * @param quarantined the entries of {@code quarantine/}, by name; empty when there is none
   * @param rejected the entries of {@value #REJECTED_DIRECTORY}{@code /}, by name; empty when there
   *     is none
   * @param skipped batches whose files were not read, by name
   */
  public record Listing(
      List<BatchSummary> batches,
      List<Unreadable> unreadable,
      List<SpoolFile> quarantined,
      List<SpoolFile> rejected,
      List<Skipped> skipped) {

    /** Copies every list. */
    public Listing {
      batches = ImmutableList.copyOf(batches);
      unreadable = ImmutableList.copyOf(unreadable);
      quarantined = ImmutableList.copyOf(quarantined);
      rejected = ImmutableList.copyOf(rejected);
      skipped = ImmutableList.copyOf(skipped);
    }

    /** How many entries were skipped, per problem, only the problems met, in their order. */
    public Map<EntryProblem, Integer> skippedByProblem() {
      Map<EntryProblem, Integer> counts = new EnumMap<>(EntryProblem.class);
      skipped.forEach(s -> counts.merge(s.problem(), 1, Integer::sum));
      return counts;
    }

    /** The metrics in the readable batches. */
    public long metrics() {
      return batches.stream().mapToLong(BatchSummary::metrics).sum();
    }

    /** The bytes of the readable batches' files. */
    public long bytes() {
      return batches.stream().mapToLong(BatchSummary::bytes).sum();
    }

    /** When the oldest readable batch was created; empty when there is none. */
    public Optional<Instant> oldest() {
      return batches.isEmpty()
          ? Optional.empty()
          : Optional.of(batches.get(0).metadata().created());
    }
  }

  /**
   * Why an entry was moved aside, as its reason file in {@code rejected/} or {@code quarantine/}
   * says.
   *
   * @param entry the batch or file moved: a uuid in {@code rejected/}, a file name in {@code
   *     quarantine/}
   * @param movedAt when it was moved; empty if the reason file does not say
   * @param problem {@code rejected} for a batch a backend refused for good; in quarantine the
   *     problem's label ({@code corrupt}, {@code symlink}, ...)
   * @param reason the reason in words
   */
  public record MovedAside(
      String entry, Optional<Instant> movedAt, String problem, String reason) {}

  private static final Comparator<BatchSummary> OLDEST_FIRST =
      Comparator.comparing((BatchSummary b) -> b.metadata().created())
          .thenComparing(BatchSummary::uuid);

  private static final SpoolEntries ENTRIES = new SpoolEntries(SpoolEntries.NO_FOLLOW);

  private final Path directory;
  private final long maxBatchBytes;

  private ReadOnlySpool(Path directory, long maxBatchBytes) {
    if (maxBatchBytes <= 0) {
      throw new IllegalArgumentException("maxBatchBytes " + maxBatchBytes + " must be > 0");
    }
    this.directory = directory.toAbsolutePath().normalize();
    this.maxBatchBytes = maxBatchBytes;
  }

  /**
   * A view of the spool in {@code directory}, reading data files up to the default {@link
   * SpoolOptions#maxBatchBytes()}; nothing is read until asked.
   */
  public static ReadOnlySpool of(Path directory) {
    return of(directory, SpoolOptions.defaults().maxBatchBytes());
  }

  /** A view of the spool in {@code directory}, reading data files up to {@code maxBatchBytes}. */
  public static ReadOnlySpool of(Path directory, long maxBatchBytes) {
    return new ReadOnlySpool(directory, maxBatchBytes);
  }

  /** The spool directory, absolute. */
  public Path directory() {
    return directory;
  }

  /** Whether the spool directory exists (an agent creates it when its spool first opens). */
  public boolean exists() {
    return Files.isDirectory(directory);
  }

  /**
   * Lists the spool, reading every batch's metadata and data.
   *
   * @throws NoSuchFileException the spool directory does not exist
   * @throws IOException it cannot be listed, or a file cannot be read for another reason than
   *     having been removed meanwhile
   */
  public Listing list() throws IOException {
    List<String> uuids = new ArrayList<>();
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(directory)) {
      for (Path path : listing) {
        String name = path.getFileName().toString();
        BatchNames.Kind kind = BatchNames.classify(name);
        if (kind == BatchNames.Kind.META || kind == BatchNames.Kind.BAD_META) {
          uuids.add(BatchNames.uuidOfMeta(name));
        }
      }
    }
    List<BatchSummary> batches = new ArrayList<>();
    List<Unreadable> unreadable = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    for (String uuid : uuids) {
      String problem = BatchNames.uuidProblem(uuid);
      if (problem != null) {
        unreadable.add(new Unreadable(uuid, "its name is not a batch uuid: " + problem));
        continue;
      }
      try {
        Loaded loaded = load(uuid);
        if (loaded == null) {
          continue;
        }
        if (loaded.batch.metrics().isEmpty()) {
          unreadable.add(new Unreadable(uuid, "batch " + uuid + " holds no metrics"));
          continue;
        }
        batches.add(
            new BatchSummary(loaded.batch.metadata(), loaded.batch.metrics().size(), loaded.bytes));
      } catch (NotRead e) {
        skipped.add(e.skipped);
      } catch (MetricsDataException e) {
        unreadable.add(new Unreadable(uuid, e.getMessage()));
      }
    }
    batches.sort(OLDEST_FIRST);
    unreadable.sort(Comparator.comparing(Unreadable::uuid));
    skipped.sort(Comparator.comparing(Skipped::name));
    return new Listing(
        batches,
        unreadable,
        sideDirectory(QUARANTINE_DIRECTORY),
        sideDirectory(REJECTED_DIRECTORY),
        skipped);
  }

  /**
   * Reads one batch with its metrics.
   *
   * @return the batch, or empty if the spool has no batch {@code uuid} (or no directory)
   * @throws IllegalArgumentException {@code uuid} cannot name a batch
   * @throws MetricsDataException the batch is there but cannot be read, or one of its files is not
   *     read (see {@link Skipped})
   */
  public Optional<MetricBatch> read(String uuid) throws IOException {
    BatchNames.checkUuid(uuid);
    Loaded loaded;
    try {
      loaded = load(uuid);
    } catch (NotRead e) {
      throw new MetricsDataException(e.getMessage());
    }
    return loaded == null ? Optional.empty() : Optional.of(loaded.batch);
  }

  /** A file of a batch is not read. */
  private static final class NotRead extends IOException {
    private static final long serialVersionUID = 1L;

    final transient Skipped skipped;

    NotRead(Skipped skipped) {
      super(skipped.detail());
      this.skipped = skipped;
    }
  }

  private static byte[] readFile(Path path, long limit) throws IOException {
    try {
      return ENTRIES.readAll(path, limit);
    } catch (EntryRefusedException e) {
      throw new NotRead(new Skipped(path.getFileName().toString(), e.problem(), e.getMessage()));
    } catch (NoSuchFileException | NotDirectoryException e) {
      throw e;
    } catch (IOException e) {
      String name = path.getFileName().toString();
      throw new NotRead(
          new Skipped(
              name, EntryProblem.UNREADABLE, name + " cannot be read: " + SpoolEntries.reason(e)));
    }
  }

  private record Loaded(MetricBatch batch, long bytes) {}

  /** The batch, or null if it is gone (or was never there). */
  private Loaded load(String uuid) throws IOException {
    Path metaPath = directory.resolve(BatchNames.metaName(uuid));
    byte[] metaBytes;
    try {
      metaBytes = readFile(metaPath, SpoolEntries.MAX_META_BYTES);
    } catch (NoSuchFileException | NotDirectoryException e) {
      return null;
    }
    MetricMetadata metadata = SpoolJson.decodeMeta(uuid, metaBytes);
    byte[] dataBytes;
    try {
      dataBytes = readFile(directory.resolve(uuid), maxBatchBytes);
    } catch (NoSuchFileException e) {
      // Removal deletes the metadata first: if it is still there, the data never was.
      if (Files.exists(metaPath, LinkOption.NOFOLLOW_LINKS)) {
        throw new MetricsDataException("batch " + uuid + " data file is missing");
      }
      return null;
    }
    List<Metric> metrics = SpoolJson.decodeMetrics(uuid, dataBytes);
    return new Loaded(
        new MetricBatch(metadata, metrics), (long) metaBytes.length + dataBytes.length);
  }

  /**
   * The reasons of the latest {@code max} batches in {@value #REJECTED_DIRECTORY}{@code /}, newest
   * first: what the backend said when it refused them. Reads only the reason files, each up to 64
   * KiB, without following links; one that cannot be read is left out.
   *
   * @throws IOException the directory cannot be listed
   */
  public List<MovedAside> rejectedReasons(int max) throws IOException {
    return reasons(REJECTED_DIRECTORY, max);
  }

  /**
   * The reasons of the latest {@code max} entries moved to {@value #QUARANTINE_DIRECTORY}{@code /},
   * newest first, read as {@link #rejectedReasons} reads them.
   *
   * @throws IOException the directory cannot be listed
   */
  public List<MovedAside> quarantineReasons(int max) throws IOException {
    return reasons(QUARANTINE_DIRECTORY, max);
  }

  private List<MovedAside> reasons(String side, int max) throws IOException {
    if (max < 0) {
      throw new IllegalArgumentException("max " + max + " must be >= 0");
    }
    List<MovedAside> found = new ArrayList<>();
    try (DirectoryStream<Path> listing =
        Files.newDirectoryStream(directory.resolve(side), "*" + BatchNames.REASON_SUFFIX)) {
      for (Path path : listing) {
        MovedAside reason = reason(path, side.equals(REJECTED_DIRECTORY));
        if (reason != null) {
          found.add(reason);
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of();
    }
    found.sort(
        Comparator.comparing((MovedAside r) -> r.movedAt().orElse(Instant.MIN))
            .reversed()
            .thenComparing(MovedAside::entry));
    return ImmutableList.copyOf(found.subList(0, Math.min(max, found.size())));
  }

  private static @Nullable MovedAside reason(Path path, boolean rejected) throws IOException {
    byte[] bytes;
    try {
      bytes = ENTRIES.readAll(path, SpoolEntries.MAX_META_BYTES);
    } catch (NoSuchFileException | EntryRefusedException e) {
      return null;
    }
    return reasonOf(path.getFileName().toString(), bytes, rejected);
  }

  /**
   * What the reason file named {@code fileName} ({@code <entry>}{@value #REASON_SUFFIX}) says, its
   * bytes being {@code bytes}: for those who read reason files their own way (the web console reads
   * only the newest few); null if they are not a JSON object.
   *
   * @param rejected whether the file is in {@value #REJECTED_DIRECTORY}{@code /}, else in {@value
   *     #QUARANTINE_DIRECTORY}{@code /}
   */
  public static @Nullable MovedAside reasonOf(String fileName, byte[] bytes, boolean rejected) {
    Map<?, ?> fields;
    try {
      fields = SpoolJson.MAPPER.readValue(bytes, Map.class);
    } catch (IOException e) {
      return null;
    }
    if (fields == null) {
      return null;
    }
    String entry =
        fileName.endsWith(REASON_SUFFIX)
            ? fileName.substring(0, fileName.length() - REASON_SUFFIX.length())
            : fileName;
    Optional<Instant> at = Optional.empty();
    if (fields.get(rejected ? "rejected" : "quarantined") instanceof String time) {
      try {
        at = Optional.of(Instant.parse(time));
      } catch (DateTimeParseException e) {
        // left out
      }
    }
    String problem =
        rejected ? "rejected" : fields.get("problem") instanceof String p ? p : "unknown";
    String reason = fields.get("reason") instanceof String r ? r : "unknown";
    return new MovedAside(entry, at, problem, reason);
  }

  private List<SpoolFile> sideDirectory(String name) throws IOException {
    Path side = directory.resolve(name);
    List<SpoolFile> files = new ArrayList<>();
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(side)) {
      for (Path path : listing) {
        try {
          BasicFileAttributes attributes =
              Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          files.add(
              new SpoolFile(
                  path.getFileName().toString(),
                  attributes.isDirectory() ? 0 : attributes.size(),
                  attributes.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
          // Removed since the listing.
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of();
    }
    files.sort(Comparator.comparing(SpoolFile::name));
    return files;
  }

  @Override
  public String toString() {
    return "ReadOnlySpool[" + directory + "]";
  }
}
