package io.windlass.spool.internal;

import org.jspecify.annotations.Nullable;

/**
 * The names in a spool directory, as Juju lays them out: per batch a data file {@code <uuid>} and a
 * metadata file {@code <uuid>.meta}; while being written, hidden temporary files {@code
 * .<name>.inc-<token>}. Juju writes them next to the batches; Windlass writes them in hidden
 * staging directories {@value #STAGING_DIRECTORY}{@code /<n>/} of the spool directory (which
 * readers, Juju's included, skip), so that creating them does not contend on the spool directory
 * itself, and renames them into the spool directory. Windlass also adds the hidden lock file
 * {@value #LOCK_FILE}, the {@value #QUARANTINE_DIRECTORY} directory, and the {@value
 * #REJECTED_DIRECTORY} directory, which holds batches a backend refused for good: each one's data
 * and metadata files under their spool names, and {@code <uuid>}{@value #REASON_SUFFIX}.
 */
public final class BatchNames {
  /** The suffix of a metadata file. */
  public static final String META_SUFFIX = ".meta";

  /** The marker between the final name and the token in a temporary file's name. */
  public static final String TEMP_MARKER = ".inc-";

  /** The hidden file processes lock to learn whether others use the directory. */
  public static final String LOCK_FILE = ".windlass.lock";

  /**
   * The hidden directory whose numbered subdirectories hold temporary files being written: only
   * temporary files, so whatever is left there after a crash is a leftover.
   */
  public static final String STAGING_DIRECTORY = ".staging";

  /**
   * The directory entries not trusted as batches are moved to (corrupt, links, not regular files,
   * over the size limit, unreadable), each with a reason file {@code <name>}{@value
   * #REASON_SUFFIX}.
   */
  public static final String QUARANTINE_DIRECTORY = "quarantine";

  /** The directory batches a backend rejected for good are moved to. */
  public static final String REJECTED_DIRECTORY = "rejected";

  /** The suffix of the file in {@link #REJECTED_DIRECTORY} that says why a batch was rejected. */
  public static final String REASON_SUFFIX = ".reason";

  /** The longest batch uuid accepted. */
  public static final int MAX_UUID_LENGTH = 64;

  /** What a directory entry is. */
  public enum Kind {
    /** {@code <uuid>.meta}. */
    META,
    /** {@code <uuid>.meta} whose uuid part is not a valid uuid. */
    BAD_META,
    /** {@code <uuid>}. */
    DATA,
    /** {@code .<name>.inc-<token>}. */
    TEMP,
    /**
     * Anything else: the lock file, the staging and quarantine directories, files that are not
     * ours.
     */
    OTHER
  }

  private BatchNames() {}

  /** Classifies a file name found in the spool directory. */
  public static Kind classify(String name) {
    if (name.startsWith(".")) {
      return name.indexOf(TEMP_MARKER, 1) > 1 ? Kind.TEMP : Kind.OTHER;
    }
    if (name.endsWith(META_SUFFIX)) {
      return uuidProblem(name.substring(0, name.length() - META_SUFFIX.length())) == null
          ? Kind.META
          : Kind.BAD_META;
    }
    return uuidProblem(name) == null ? Kind.DATA : Kind.OTHER;
  }

  /** The metadata file name of a batch. */
  public static String metaName(String uuid) {
    return uuid + META_SUFFIX;
  }

  /** The reason file name of a rejected batch. */
  public static String reasonName(String uuid) {
    return uuid + REASON_SUFFIX;
  }

  /** The hidden temporary name under which {@code finalName} is written. */
  public static String tempName(String finalName, String token) {
    return "." + finalName + TEMP_MARKER + token;
  }

  /** The uuid of a {@link Kind#META} or {@link Kind#BAD_META} name. */
  public static String uuidOfMeta(String metaName) {
    return metaName.substring(0, metaName.length() - META_SUFFIX.length());
  }

  /**
   * Why {@code uuid} cannot name a batch, or null if it can: a batch uuid is 1 to {@value
   * #MAX_UUID_LENGTH} ASCII letters, digits and {@code -}, so it is always a plain file name.
   */
  public static @Nullable String uuidProblem(@Nullable String uuid) {
    if (uuid == null) {
      return "uuid must not be null";
    }
    if (uuid.isEmpty()) {
      return "uuid must not be empty";
    }
    if (uuid.length() > MAX_UUID_LENGTH) {
      return "uuid \""
          + uuid.substring(0, 16)
          + "…\" is "
          + uuid.length()
          + " characters long; the limit is "
          + MAX_UUID_LENGTH;
    }
    for (int i = 0; i < uuid.length(); i++) {
      char c = uuid.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
        return "uuid \"" + uuid + "\" may hold only letters, digits and '-'";
      }
    }
    return null;
  }

  /**
   * Whether {@code name} is a UUID in canonical form ({@code 8-4-4-4-12} hexadecimal digits), as
   * every uuid Juju and Windlass make is. Only such data files are ever removed as orphans.
   */
  public static boolean isCanonicalUuid(String name) {
    if (name.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = name.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : Character.digit(c, 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Throws {@link IllegalArgumentException} unless {@code uuid} can name a batch. */
  public static String checkUuid(@Nullable String uuid) {
    String problem = uuidProblem(uuid);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return uuid;
  }
}
