package io.windlass.spool.ingest.format;

import io.windlass.spool.MetricFamily;
import java.util.List;

/**
 * What a parser got from a text.
 *
 * @param metrics the samples, in text order
 * @param nonFiniteDropped samples left out because their value was NaN or infinite
 * @param stringFieldsSkipped Influx string fields left out (always 0 for Prometheus text)
 * @param families what the text's {@code # TYPE}, {@code # HELP} and {@code # UNIT} lines say of
 *     its metric families, in the order they are first named (always empty for Influx)
 */
public record ParseResult(
    List<Sample> metrics,
    int nonFiniteDropped,
    int stringFieldsSkipped,
    List<MetricFamily> families) {

  /** A result without families. */
  public ParseResult(List<Sample> metrics, int nonFiniteDropped, int stringFieldsSkipped) {
    this(metrics, nonFiniteDropped, stringFieldsSkipped, List.of());
  }

  /** Copies. */
  public ParseResult {
    metrics = List.copyOf(metrics);
    families = List.copyOf(families);
  }
}
