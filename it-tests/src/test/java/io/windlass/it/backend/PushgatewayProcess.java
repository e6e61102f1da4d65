package io.windlass.it.backend;

import java.util.List;

/**
 * A real Prometheus Pushgateway ({@code prometheus-pushgateway} from the Debian package, or {@code
 * $PUSHGATEWAY_BIN}) on a free loopback port, keeping its groups in memory only: the reference for
 * what a Pushgateway client's pushes mean ({@code /metrics} shows every group it keeps).
 */
public final class PushgatewayProcess extends BackendProcess {

  public PushgatewayProcess() {
    super("pushgateway");
  }

  @Override
  public PushgatewayProcess start() {
    super.start();
    return this;
  }

  /** {@code http://127.0.0.1:<port>}: the base URL its clients take. */
  public String url() {
    return baseUri().toString();
  }

  @Override
  protected List<String> command(int port) {
    return List.of(
        executable("PUSHGATEWAY_BIN", "prometheus-pushgateway"),
        "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn");
  }

  @Override
  protected String readinessPath() {
    return "/-/ready";
  }
}
