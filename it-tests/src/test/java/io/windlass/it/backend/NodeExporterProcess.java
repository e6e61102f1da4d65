package io.windlass.it.backend;

import java.util.List;

/**
 * A real node_exporter ({@code prometheus-node-exporter} from the Debian package, or {@code
 * $NODE_EXPORTER_BIN}) on a free loopback port: a scrape target serving {@code /metrics}, with the
 * Go runtime's metrics ({@code go_goroutines}, ...) and a few host collectors.
 *
 * <p>Only the {@code cpu}, {@code loadavg} and {@code meminfo} collectors run, so a scrape is small
 * and quick; the Go and process metrics of the exporter itself come with every scrape.
 */
public final class NodeExporterProcess extends BackendProcess {

  public NodeExporterProcess() {
    super("node-exporter");
  }

  @Override
  public NodeExporterProcess start() {
    super.start();
    return this;
  }

  /** {@code http://127.0.0.1:<port>/metrics}. */
  public String metricsUrl() {
    return uri("/metrics").toString();
  }

  /** The target's {@code instance} label as a scrape sets it: {@code 127.0.0.1:<port>}. */
  public String instance() {
    return "127.0.0.1:" + port();
  }

  @Override
  protected List<String> command(int port) {
    return List.of(
        executable("NODE_EXPORTER_BIN", "prometheus-node-exporter"),
        "--web.listen-address=127.0.0.1:" + port,
        "--collector.disable-defaults",
        "--collector.cpu",
        "--collector.loadavg",
        "--collector.meminfo",
        "--log.level=warn");
  }

  @Override
  protected String readinessPath() {
    return "/metrics";
  }
}
