package io.windlass.spool;

/**
 * Why an entry of a spool directory is not trusted as a batch. Such an entry is moved to {@code
 * quarantine/} with a reason file, or, where it cannot be moved, skipped and reported once; either
 * way it is never counted against the bounds, never read again and never makes the spool drop a
 * batch. Counted per problem in {@link SpoolStats#quarantined()} and {@link SpoolStats#skipped()}.
 */
public enum EntryProblem {
  /** Its metadata does not parse, its data does not decode, or its name is not a batch uuid. */
  CORRUPT("corrupt"),
  /** Its {@code .meta} file is there but its data file is not. */
  MISSING_DATA("missing-data"),
  /** Its data or metadata file is a symbolic link, which the spool never follows. */
  SYMLINK("symlink"),
  /** Its data or metadata file is a directory, a FIFO, a socket or a device. */
  NOT_A_FILE("not-a-file"),
  /**
   * Its data file is larger than {@link SpoolOptions#maxBatchBytes()}, or its metadata file larger
   * than {@link io.windlass.spool.internal.SpoolEntries#MAX_META_BYTES}.
   */
  TOO_LARGE("too-large"),
  /** Its data or metadata file cannot be opened or read (permissions, an I/O error). */
  UNREADABLE("unreadable");

  private final String label;

  EntryProblem(String label) {
    this.label = label;
  }

  /** The problem's name in stats, logs and reason files: {@code symlink}, {@code too-large}, … */
  public String label() {
    return label;
  }

  @Override
  public String toString() {
    return label;
  }
}
