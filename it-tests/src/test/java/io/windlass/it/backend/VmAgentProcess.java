package io.windlass.it.backend;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A real vmagent ({@code vmagent} from the Debian package {@code victoria-metrics}, or {@code
 * $VMAGENT_BIN}) that forwards everything it receives to one remote-write URL, e.g. {@link
 * VictoriaMetricsServer#remoteWriteUri()}: the reference store-and-forward agent to compare with.
 *
 * <p>It buffers on disk in {@code -remoteWrite.tmpDataPath} = {@link #dataDir()} (kept across
 * restarts) and accepts, among others, Prometheus text on {@link #importPrometheusUri()} and remote
 * write on {@link #remoteWriteUri()}.
 */
public final class VmAgentProcess extends BackendProcess {
  private final URI remoteWriteTarget;
  private final List<String> extraArgs = new ArrayList<>();

  /**
   * @param remoteWriteTarget where vmagent sends, e.g. {@code http://127.0.0.1:<vm>/api/v1/write}
   */
  public VmAgentProcess(URI remoteWriteTarget) {
    super("vmagent");
    this.remoteWriteTarget = remoteWriteTarget;
  }

  /**
   * Adds command-line arguments for the next starts, e.g. {@code -remoteWrite.flushInterval=100ms}.
   */
  public VmAgentProcess extraArgs(String... args) {
    extraArgs.addAll(List.of(args));
    return this;
  }

  @Override
  public VmAgentProcess start() {
    super.start();
    return this;
  }

  /** Where vmagent forwards to. */
  public URI remoteWriteTarget() {
    return remoteWriteTarget;
  }

  /** Where Prometheus text exposition can be pushed: {@code /api/v1/import/prometheus}. */
  public URI importPrometheusUri() {
    return uri("/api/v1/import/prometheus");
  }

  /** Where Prometheus remote write can be pushed: {@code /api/v1/write}. */
  public URI remoteWriteUri() {
    return uri("/api/v1/write");
  }

  @Override
  protected List<String> command(int port) {
    List<String> command = new ArrayList<>();
    command.add(executable("VMAGENT_BIN", "vmagent"));
    command.add("-remoteWrite.url=" + remoteWriteTarget);
    command.add("-httpListenAddr=127.0.0.1:" + port);
    command.add("-remoteWrite.tmpDataPath=" + dataDir());
    command.add("-loggerLevel=INFO");
    command.addAll(extraArgs);
    return command;
  }

  @Override
  protected String readinessPath() {
    return "/health";
  }
}
