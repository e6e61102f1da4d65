package io.windlass.spool.internal;

import io.windlass.spool.EntryProblem;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Opens the files of a spool directory only as what a batch's files are: regular files, reached
 * without following a link, read within a size limit. Anything else is refused with an {@link
 * EntryRefusedException} naming the {@link EntryProblem}, before it is opened where that can be
 * told from its attributes: a FIFO is never opened (opening one blocks until a writer comes), a
 * directory never read, a link never followed, a file over its limit never read past it.
 *
 * <p>The checks cost one {@code lstat} per file and the {@code O_NOFOLLOW} flag on the open (so a
 * file swapped for a link after the check is still not followed); a batch's files are read once, as
 * before. Thread-safe.
 */
public final class SpoolEntries {

  /**
   * The largest metadata file read. Windlass writes a few hundred bytes; the limit keeps a foreign
   * file named {@code <uuid>.meta} from being read into memory whole.
   */
  public static final int MAX_META_BYTES = 64 * 1024;

  /** How a checked file is opened for reading; a seam for tests. */
  @FunctionalInterface
  public interface Opener {
    /** Opens {@code path} for reading, without following a link. */
    FileChannel open(Path path) throws IOException;
  }

  /** Opens for reading with {@code O_NOFOLLOW}. */
  public static final Opener NO_FOLLOW =
      path -> FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

  private final Opener opener;

  /** Entries opened by {@code opener} (in production {@link #NO_FOLLOW}). */
  public SpoolEntries(Opener opener) {
    this.opener = Objects.requireNonNull(opener, "opener");
  }

  /**
   * The attributes of {@code path}, not following a link.
   *
   * @throws NoSuchFileException it is not there
   * @throws EntryRefusedException it is a link or not a regular file, larger than {@code limit}
   *     bytes, or its attributes may not be read
   * @throws IOException its attributes cannot be read now for another reason (an I/O error, no
   *     memory): not a problem of the entry's, so not a refusal
   */
  public static BasicFileAttributes check(Path path, long limit)
      throws IOException, EntryRefusedException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (AccessDeniedException e) {
      throw new EntryRefusedException(
          EntryProblem.UNREADABLE, name(path) + " cannot be looked at: permission denied");
    }
    EntryRefusedException problem = problem(path, attributes, limit);
    if (problem != null) {
      throw problem;
    }
    return attributes;
  }

  /** Why a file with {@code attributes} is not a batch file within {@code limit}, or null. */
  public static @Nullable EntryRefusedException problem(
      Path path, BasicFileAttributes attributes, long limit) {
    if (attributes.isSymbolicLink()) {
      return new EntryRefusedException(
          EntryProblem.SYMLINK, name(path) + " is a symbolic link (links are never followed)");
    }
    if (!attributes.isRegularFile()) {
      return new EntryRefusedException(
          EntryProblem.NOT_A_FILE,
          name(path)
              + (attributes.isDirectory()
                  ? " is a directory"
                  : " is not a regular file (a FIFO, socket or device)"));
    }
    if (attributes.size() > limit) {
      return tooLarge(path, attributes.size(), limit);
    }
    return null;
  }

  /**
   * Reads {@code path} into {@code into} once {@link #check} passes, to its end and at most {@code
   * limit} bytes.
   *
   * @throws NoSuchFileException it is not there
   * @throws EntryRefusedException it is not a batch file within {@code limit}, or may not be opened
   *     (permission denied)
   * @throws IOException it cannot be opened or read now for another reason (too many open files, an
   *     I/O error): the caller tries again later rather than condemn the entry
   */
  void read(Path path, long limit, FileBytes into) throws IOException, EntryRefusedException {
    check(path, limit);
    try (FileChannel channel = open(path)) {
      if (!into.read(channel, limit)) {
        throw tooLarge(path, into.length(), limit);
      }
    }
  }

  /**
   * {@link #read} into a new array of the file's length (no buffer of a default size: for small
   * files read once, such as metadata).
   */
  public byte[] readAll(Path path, long limit) throws IOException, EntryRefusedException {
    BasicFileAttributes attributes = check(path, limit);
    try (FileChannel channel = open(path)) {
      byte[] bytes = FileBytes.readAll(channel, limit);
      if (bytes == null) {
        throw tooLarge(path, Math.max(attributes.size(), limit + 1), limit);
      }
      return bytes;
    }
  }

  private FileChannel open(Path path) throws IOException, EntryRefusedException {
    try {
      return opener.open(path);
    } catch (AccessDeniedException e) {
      throw new EntryRefusedException(
          EntryProblem.UNREADABLE, name(path) + " cannot be opened: permission denied");
    } catch (FileSystemException e) {
      if (e.getReason() != null && e.getReason().contains("symbolic link")) {
        // ELOOP: swapped for a link since the check; O_NOFOLLOW refused it.
        throw new EntryRefusedException(
            EntryProblem.SYMLINK, name(path) + " is a symbolic link (links are never followed)");
      }
      throw e;
    }
  }

  private static EntryRefusedException tooLarge(Path path, long size, long limit) {
    return new EntryRefusedException(
        EntryProblem.TOO_LARGE,
        name(path) + " holds " + size + " bytes or more; the limit is " + limit);
  }

  private static String name(Path path) {
    Path name = path.getFileName();
    return name == null ? path.toString() : name.toString();
  }

  /** An I/O error as a short phrase: "Permission denied" rather than the exception's name. */
  public static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
