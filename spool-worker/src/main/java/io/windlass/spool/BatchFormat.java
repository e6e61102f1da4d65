package io.windlass.spool;

/**
 * How a recorder writes its batch's data file. Every reader of the spool reads both, whichever
 * wrote them, so the choice is the writer's: it changes the cost of a sample, not what reads back.
 */
public enum BatchFormat {
  /**
   * One JSON metric a line, as Juju writes: readable by Juju's tools and by eye, about 100 bytes a
   * sample. The default.
   */
  JSON_LINES,

  /**
   * Windlass' compact binary form: each series and time once a file, then about 11 bytes a sample,
   * and a checksum of the whole file. For pushed data: a double (remote write, OTLP) is kept as
   * one, so no number is formatted or parsed on its way through the spool, and a value's text
   * (Prometheus text, Influx) as it came. See {@code docs/SPOOL-FORMAT.md}.
   */
  BINARY
}
