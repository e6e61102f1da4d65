package io.windlass.collector.inputs;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A {@code /proc} file had a line an input could not parse. The message names the file and line:
 * {@code /proc/stat:3: cpu0 has 2 counters, expected at least 4: 'cpu0 1 2'}.
 */
public final class ProcFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final Path file;
  private final int line;

  /** An exception for {@code file}'s line {@code line}, whose text is {@code text}. */
  public ProcFormatException(Path file, int line, String problem, String text) {
    super(file + ":" + line + ": " + problem + ": '" + abbreviate(text) + "'");
    this.file = file;
    this.line = line;
  }

  /** The file with the malformed line. */
  public Path file() {
    return file;
  }

  /** The malformed line's number, from 1. */
  public int line() {
    return line;
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
