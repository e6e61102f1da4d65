package io.windlass.it.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Prometheus ({@code prometheus} from the Debian package, or {@code $PROMETHEUS_BIN}) that
 * receives remote write ({@code --web.enable-remote-write-receiver}) on {@link #remoteWriteUri()}.
 *
 * <p>It scrapes nothing unless told ({@link #scrapeConfigs(String, Duration)}): its config file
 * ({@code prometheus.yml} in {@link #workDir()}) has no scrape configs, so the TSDB holds only what
 * tests write. Samples are queryable as soon as the remote write is answered (they are committed to
 * the head block before the answer). An instant query finds a series' latest sample up to the
 * lookback delta before the evaluation time ({@link #DEFAULT_LOOKBACK_DELTA}, Prometheus' own
 * default, unless {@link #lookbackDelta(Duration)} says otherwise).
 *
 * <p>Out-of-order samples are refused by default, as by a Prometheus with the default config;
 * {@link #outOfOrderTimeWindow(Duration)} sets {@code storage.tsdb.out_of_order_time_window}.
 */
public final class PrometheusServer extends PromApiBackend {
  /** Prometheus' own default {@code --query.lookback-delta}. */
  public static final Duration DEFAULT_LOOKBACK_DELTA = Duration.ofMinutes(5);

  private Duration lookbackDelta = DEFAULT_LOOKBACK_DELTA;
  private Duration outOfOrderTimeWindow = Duration.ZERO;
  private final List<String> extraArgs = new ArrayList<>();
  private String scrapeConfigs = "[]";
  private Duration scrapeInterval = Duration.ofMinutes(1);
  private String remoteWrite = "";

  public PrometheusServer() {
    super("prometheus");
  }

  /** Sets {@code --query.lookback-delta} for the next start. */
  public PrometheusServer lookbackDelta(Duration delta) {
    this.lookbackDelta = delta;
    return this;
  }

  /** Sets {@code storage.tsdb.out_of_order_time_window} for the next start (zero: refused). */
  public PrometheusServer outOfOrderTimeWindow(Duration window) {
    this.outOfOrderTimeWindow = window;
    return this;
  }

  /**
   * Scrapes for the next start: {@code yaml}, a YAML list of scrape configs ({@code - job_name:
   * ...}) written under {@code scrape_configs}, scraped every {@code interval}.
   */
  public PrometheusServer scrapeConfigs(String yaml, Duration interval) {
    this.scrapeConfigs = yaml;
    this.scrapeInterval = interval;
    return this;
  }

  /**
   * For the next start: sends everything it scrapes to {@code url} by remote write 1.0, in requests
   * sent at least every second.
   */
  public PrometheusServer remoteWriteTo(java.net.URI url) {
    this.remoteWrite =
        "remote_write:\n  - url: "
            + url
            + "\n    queue_config: {batch_send_deadline: 1s, min_backoff: 100ms, max_backoff: 1s}\n";
    return this;
  }

  /** Adds command-line arguments for the next starts. */
  public PrometheusServer extraArgs(String... args) {
    extraArgs.addAll(List.of(args));
    return this;
  }

  @Override
  public PrometheusServer start() {
    super.start();
    return this;
  }

  /** The config file. */
  public Path configFile() {
    return workDir().resolve("prometheus.yml");
  }

  @Override
  protected void prepare() throws IOException {
    StringBuilder config =
        new StringBuilder()
            .append("# Written by the test fixture.\n")
            .append("global:\n")
            .append("  scrape_interval: ")
            .append(scrapeInterval.toMillis())
            .append("ms\n")
            .append("  scrape_timeout: ")
            .append(scrapeInterval.toMillis())
            .append("ms\n")
            .append("  evaluation_interval: 1m\n")
            .append("scrape_configs:")
            .append(scrapeConfigs.equals("[]") ? " []\n" : "\n");
    if (!scrapeConfigs.equals("[]")) {
      scrapeConfigs.lines().forEach(line -> config.append("  ").append(line).append('\n'));
    }
    if (!outOfOrderTimeWindow.isZero()) {
      config
          .append("storage:\n")
          .append("  tsdb:\n")
          .append("    out_of_order_time_window: ")
          .append(outOfOrderTimeWindow.toSeconds())
          .append("s\n");
    }
    config.append(remoteWrite);
    Files.writeString(configFile(), config, StandardCharsets.UTF_8);
  }

  @Override
  protected List<String> command(int port) {
    List<String> command = new ArrayList<>();
    command.add(executable("PROMETHEUS_BIN", "prometheus"));
    command.add("--config.file=" + configFile());
    command.add("--web.listen-address=127.0.0.1:" + port);
    command.add("--web.enable-remote-write-receiver");
    command.add("--storage.tsdb.path=" + dataDir());
    command.add("--query.lookback-delta=" + lookbackDelta.toSeconds() + "s");
    // Tests write timestamps from the past; nothing is to be deleted while they run.
    command.add("--storage.tsdb.retention.time=10y");
    command.add("--log.level=info");
    command.addAll(extraArgs);
    return command;
  }

  @Override
  protected String readinessPath() {
    return "/-/ready";
  }
}
