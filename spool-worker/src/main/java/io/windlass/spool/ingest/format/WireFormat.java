package io.windlass.spool.ingest.format;

/**
 * The wire formats metrics enter the agent in, one entry each: {@link #parse(String)} reads a whole
 * text (a scrape, a command's output) with the reference parser, and {@link PushParsers#borrow}
 * hands out the fast reader of the same format for pushed bodies, which falls back to the reference
 * parser for any line it does not read itself, so both read the same grammar.
 */
public enum WireFormat {
  /**
   * Prometheus text exposition (version 0.0.4): integer timestamps in milliseconds. OpenMetrics
   * syntax is read too (exemplars dropped, {@code # EOF}, timestamps with a fraction in seconds),
   * and a text whose last line is {@code # EOF} is read as {@link #OPENMETRICS_TEXT}; a pushed body
   * is read as OpenMetrics only when its content type says so.
   */
  PROMETHEUS_TEXT {
    @Override
    public ParseResult parse(String text) throws MetricParseException {
      return PrometheusTextParser.parseEither(text);
    }
  },
  /**
   * OpenMetrics 1.0 text ({@code application/openmetrics-text}): as {@link #PROMETHEUS_TEXT}, but
   * every timestamp is in seconds, integer or not.
   */
  OPENMETRICS_TEXT {
    @Override
    public ParseResult parse(String text) throws MetricParseException {
      return PrometheusTextParser.parse(text, false, true);
    }
  },
  /**
   * Influx line protocol: one sample per numeric field, named {@code <measurement>_<field>},
   * timestamps in nanoseconds; names and tag keys made ones the spool stores (each character it
   * does not take becomes {@code _}).
   */
  INFLUX_LINE {
    @Override
    public ParseResult parse(String text) throws MetricParseException {
      return InfluxLineParser.parse(text);
    }
  };

  /**
   * The samples of {@code text}, in its order; non-finite values are dropped and counted.
   *
   * @throws MetricParseException at the first line that does not parse, naming it
   */
  public abstract ParseResult parse(String text) throws MetricParseException;
}
