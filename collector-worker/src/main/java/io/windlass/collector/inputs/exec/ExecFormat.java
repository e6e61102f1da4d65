package io.windlass.collector.inputs.exec;

import io.windlass.spool.ingest.format.MetricParseException;
import io.windlass.spool.ingest.format.ParseResult;
import io.windlass.spool.ingest.format.WireFormat;

/** The format of a command's output. */
public enum ExecFormat {
  /** Prometheus text exposition format. */
  PROMETHEUS(WireFormat.PROMETHEUS_TEXT),
  /** Influx line protocol. */
  INFLUX(WireFormat.INFLUX_LINE);

  private final WireFormat wireFormat;

  ExecFormat(WireFormat wireFormat) {
    this.wireFormat = wireFormat;
  }

  /** The wire format the output is read in. */
  public WireFormat wireFormat() {
    return wireFormat;
  }

  ParseResult parse(String text) throws MetricParseException {
    return wireFormat.parse(text);
  }
}
