package io.windlass.spool.ingest.format;

/** A text that is not valid in its format; the message starts with {@code line N: }. */
public final class MetricParseException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int lineNumber;

  /** A failure on 1-based line {@code lineNumber}. */
  public MetricParseException(int lineNumber, String problem) {
    super("line " + lineNumber + ": " + problem);
    this.lineNumber = lineNumber;
  }

  /** The 1-based number of the offending line. */
  public int lineNumber() {
    return lineNumber;
  }
}
