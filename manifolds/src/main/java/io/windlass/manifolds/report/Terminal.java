package io.windlass.manifolds.report;

import java.io.PrintWriter;

/**
 * Where {@code windlass run} writes its lines for a person: standard output, each line whole and
 * flushed. Safe to share between threads.
 */
public final class Terminal {
  private final PrintWriter out;

  /** Writes to {@code out}. */
  public Terminal(PrintWriter out) {
    this.out = out;
  }

  /** Writes {@code line} and a line break, and flushes. */
  public void line(String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
