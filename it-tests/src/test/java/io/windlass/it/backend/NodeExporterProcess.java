package io.windlass.it.backend;

import java.util.ArrayList;
import java.util.List;

/**
 * A real node_exporter ({@code prometheus-node-exporter} from the Debian package, or {@code
 * $NODE_EXPORTER_BIN}) on a free loopback port: a scrape target serving {@code /metrics}, with the
 * Go runtime's metrics ({@code go_goroutines}, ...) and a few host collectors.
 *
 * <p>Only the collectors named run: by default {@code cpu}, {@code loadavg} and {@code meminfo}, so
 * a scrape is small and quick; the Go and process metrics of the exporter itself come with every
 * scrape.
 */
public final class NodeExporterProcess extends BackendProcess {
  private final List<String> collectors;
  private final List<String> flags;

  /** An exporter running the {@code cpu}, {@code loadavg} and {@code meminfo} collectors. */
  public NodeExporterProcess() {
    this(List.of("cpu", "loadavg", "meminfo"));
  }

  /** An exporter running only {@code collectors}, each with its default flags. */
  public NodeExporterProcess(List<String> collectors) {
    this(collectors, List.of());
  }

  /**
   * An exporter running only {@code collectors}, with {@code flags} too (e.g. {@code
   * --collector.filesystem.mount-points-exclude=...}).
   */
  public NodeExporterProcess(List<String> collectors, List<String> flags) {
    super("node-exporter");
    this.collectors = List.copyOf(collectors);
    this.flags = List.copyOf(flags);
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
    List<String> command = new ArrayList<>();
    command.add(executable("NODE_EXPORTER_BIN", "prometheus-node-exporter"));
    command.add("--web.listen-address=127.0.0.1:" + port);
    command.add("--collector.disable-defaults");
    collectors.forEach(collector -> command.add("--collector." + collector));
    command.addAll(flags);
    command.add("--log.level=warn");
    return command;
  }

  @Override
  protected String readinessPath() {
    return "/metrics";
  }
}
