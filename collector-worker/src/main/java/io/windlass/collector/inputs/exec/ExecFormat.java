package io.windlass.collector.inputs.exec;

import io.windlass.spool.ingest.format.InfluxLineParser;
import io.windlass.spool.ingest.format.MetricParseException;
import io.windlass.spool.ingest.format.ParseResult;
import io.windlass.spool.ingest.format.PrometheusTextParser;

/** The format of a command's output. */
public enum ExecFormat {
  /** Prometheus text exposition format. */
  PROMETHEUS {
    @Override
    ParseResult parse(String text) throws MetricParseException {
      return PrometheusTextParser.parse(text);
    }
  },
  /** Influx line protocol. */
  INFLUX {
    @Override
    ParseResult parse(String text) throws MetricParseException {
      return InfluxLineParser.parse(text);
    }
  };

  abstract ParseResult parse(String text) throws MetricParseException;
}
