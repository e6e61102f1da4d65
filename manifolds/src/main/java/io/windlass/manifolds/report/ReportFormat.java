package io.windlass.manifolds.report;

/** How {@code windlass run} writes on standard output. */
public enum ReportFormat {
  /** A few lines for a person: what started, then notable events, and a summary if asked. */
  TEXT,
  /** The engine report as JSON Lines, for a program: at start, periodically if asked, at exit. */
  JSON
}
