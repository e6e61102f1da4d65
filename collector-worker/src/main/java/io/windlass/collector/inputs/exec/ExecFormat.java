package io.windlass.collector.inputs.exec;

import io.windlass.collector.parse.InfluxLineParser;
import io.windlass.collector.parse.MetricParseException;
import io.windlass.collector.parse.ParseResult;
import io.windlass.collector.parse.PrometheusTextParser;

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
