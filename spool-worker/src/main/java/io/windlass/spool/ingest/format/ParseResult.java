package io.windlass.spool.ingest.format;

import java.util.List;

/**
 * What a parser got from a text.
 *
 * @param metrics the samples, in text order
 * @param nonFiniteDropped samples left out because their value was NaN or infinite
 * @param stringFieldsSkipped Influx string fields left out (always 0 for Prometheus text)
 */
public record ParseResult(List<Sample> metrics, int nonFiniteDropped, int stringFieldsSkipped) {

  /** Copies. */
  public ParseResult {
    metrics = List.copyOf(metrics);
  }
}
